package eval

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/index"
)

// fakeSearcher returns fixed hits per query and records the k and modes
// it was asked. byMode, when it has the mode asked, replaces hits; served
// maps a mode asked to the one that "ran", as an index without vectors
// answers vector and hybrid searches with BM25 (unlisted modes run as
// asked).
type fakeSearcher struct {
	hits   map[string][]index.Hit
	byMode map[index.Mode]map[string][]index.Hit
	served map[index.Mode]index.Mode
	err    error
	ks     []int
	modes  []index.Mode
}

func (f *fakeSearcher) SearchWith(_ context.Context, query string, k int, o index.SearchOptions) (index.Result, error) {
	f.ks = append(f.ks, k)
	f.modes = append(f.modes, o.Mode)
	if f.err != nil {
		return index.Result{}, f.err
	}
	ran := o.Mode
	if m, ok := f.served[o.Mode]; ok {
		ran = m
	}
	hits := f.hits[query]
	if hs, ok := f.byMode[ran]; ok {
		hits = hs[query]
	}
	return index.Result{Query: query, Hits: hits, Retrieval: index.Retrieval{Mode: ran}}, nil
}

// noVectors is how an index without embeddings serves each mode.
func noVectors() map[index.Mode]index.Mode {
	return map[index.Mode]index.Mode{index.ModeVector: index.ModeBM25, index.ModeHybrid: index.ModeBM25}
}

// fakeAsker answers with a fixed text; questions in refuse get grounded=false.
type fakeAsker struct {
	text   map[string]string
	refuse map[string]bool
}

func (f fakeAsker) Ask(_ context.Context, q string) (answer.Answer, error) {
	return answer.Answer{Question: q, Text: f.text[q], Grounded: !f.refuse[q]}, nil
}

func hit(doc, text string, path ...string) index.Hit {
	return index.Hit{Passage: index.Passage{DocID: doc, Path: path, Text: text}}
}

// filler is a passage that is never gold for the questions below.
func filler(n int) []index.Hit {
	hs := make([]index.Hit, n)
	for i := range hs {
		hs[i] = hit("other", "nothing relevant", "Other", fmt.Sprintf("Article %d: Filler", 900+i))
	}
	return hs
}

// ranked puts gold after n filler hits, so it lands at rank n+1.
func ranked(n int, gold index.Hit) []index.Hit { return append(filler(n), gold) }

func TestIsGold(t *testing.T) {
	art := hit("apr", "", "Asylum Procedure Regulation", "Chapter III", "Article 27: Registration of applications")
	tests := []struct {
		name string
		q    Question
		h    index.Hit
		want bool
	}{
		{"article with subject", Question{Doc: "apr", Articles: []string{"27"}}, art, true},
		{"other article number", Question{Doc: "apr", Articles: []string{"2"}}, art, false},
		{"bare article heading", Question{Doc: "apr", Articles: []string{"2"}},
			hit("apr", "", "T", "Article 2"), true},
		{"article 1 is not 10", Question{Doc: "apr", Articles: []string{"1"}},
			hit("apr", "", "T", "Article 10: Right to remain"), false},
		{"second listed article", Question{Doc: "apr", Articles: []string{"40", "27"}}, art, true},
		{"wrong document", Question{Doc: "ammr", Articles: []string{"27"}}, art, false},
		{"section case and spaces", Question{Doc: "apr", Section: "chapter  iii"}, art, true},
		{"section must be whole heading", Question{Doc: "apr", Section: "chapter"}, art, false},
		{"document only", Question{Doc: "apr"}, art, true},
		{"title names the text under it", Question{Doc: "apr", Section: "Asylum Procedure Regulation"},
			hit("apr", "", "Asylum Procedure Regulation"), true},
		{"title is not every section", Question{Doc: "apr", Section: "Asylum Procedure Regulation"}, art, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, isGold(tt.q, tt.h))
		})
	}
}

func TestRunMetrics(t *testing.T) {
	gold := hit("d", "The EU earmarked EUR\u00a010 000 per applicant.", "T", "Article 5: Money")
	qs := []Question{
		{ID: "r1", Q: "q1", Doc: "d", Articles: []string{"5"}, Fact: "eur 10 000  PER applicant"},
		{ID: "r2", Q: "q2", Doc: "d", Articles: []string{"5"}, Fact: "in the answer only"},
		{ID: "r4", Q: "q4", Doc: "d", Articles: []string{"5"}, Fact: "per applicant"},
		{ID: "r10", Q: "q10", Doc: "d", Articles: []string{"5"}},
		{ID: "miss", Q: "qmiss", Doc: "d", Articles: []string{"5"}},
		{ID: "off1", Q: "weather", Covered: boolPtr(false)},
		{ID: "off2", Q: "football", Covered: boolPtr(false)},
	}
	s := &fakeSearcher{hits: map[string][]index.Hit{
		"q1":      ranked(0, gold),
		"q2":      ranked(1, gold),
		"q4":      ranked(3, gold),
		"q10":     ranked(9, gold),
		"qmiss":   append(filler(10), gold), // rank 11: past SearchK
		"weather": filler(2),
	}}
	a := fakeAsker{
		text:   map[string]string{"q2": "It is in the answer only [1]."},
		refuse: map[string]bool{"q10": true, "weather": true},
	}
	rep, err := Run(context.Background(), qs, s, a, Options{Modes: []index.Mode{index.ModeBM25}})
	require.NoError(t, err)

	assert.Equal(t, 7, rep.N)
	assert.Equal(t, 5, rep.Covered)
	assert.Equal(t, 2, rep.Refusals)
	assert.Equal(t, 3, rep.FactQuestions)
	assert.InDelta(t, 1.0/5, rep.RecallAt1, 1e-9)
	assert.InDelta(t, 2.0/5, rep.RecallAt3, 1e-9)
	assert.InDelta(t, 3.0/5, rep.RecallAt5, 1e-9)
	assert.InDelta(t, (1+1.0/2+1.0/4+1.0/10)/5, rep.MRR, 1e-9)
	// r4's fact is at rank 4, past the fact depth of 3.
	assert.InDelta(t, 2.0/3, rep.FactHit, 1e-9)
	assert.True(t, rep.Asked)
	assert.InDelta(t, 1.0/2, rep.RefusalAccuracy, 1e-9)
	assert.InDelta(t, 1.0/5, rep.FalseRefusalRate, 1e-9)

	ranks := map[string]int{}
	for _, r := range rep.PerQuestion {
		ranks[r.ID] = r.Rank
	}
	assert.Equal(t, map[string]int{"r1": 1, "r2": 2, "r4": 4, "r10": 10, "miss": 0, "off1": 0, "off2": 0}, ranks)
	for _, k := range s.ks {
		assert.Equal(t, SearchK, k)
	}
}

func TestRunWithoutAsker(t *testing.T) {
	qs := []Question{
		{ID: "a", Q: "qa", Doc: "d", Fact: "only in an answer"},
		{ID: "off", Q: "weather", Covered: boolPtr(false)},
	}
	s := &fakeSearcher{hits: map[string][]index.Hit{"qa": {hit("d", "text", "T")}}}
	rep, err := Run(context.Background(), qs, s, nil, Options{})
	require.NoError(t, err)
	assert.False(t, rep.Asked)
	assert.Equal(t, 1.0, rep.RecallAt1)
	assert.Equal(t, 0.0, rep.FactHit)
	assert.Equal(t, 0.0, rep.RefusalAccuracy)

	err = rep.Check(Thresholds{RecallAt1: 1, RefusalAccuracy: 0.5})
	require.ErrorIs(t, err, ErrBelowThreshold)
	assert.Contains(t, err.Error(), "refusals not measured")
}

func TestRunSearchError(t *testing.T) {
	s := &fakeSearcher{err: errors.New("index closed")}
	_, err := Run(context.Background(), []Question{{ID: "a", Q: "qa", Doc: "d"}}, s, nil, Options{})
	require.Error(t, err)
	assert.Equal(t, "eval: search question a (bm25): index closed", err.Error())
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, []Question{{ID: "a", Q: "qa", Doc: "d"}}, &fakeSearcher{}, nil, Options{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestCheck(t *testing.T) {
	rep := Report{Metrics: Metrics{Covered: 10, FactQuestions: 5, Refusals: 2,
		RecallAt1: 0.5, RecallAt3: 0.8, RecallAt5: 0.9, MRR: 0.6, FactHit: 0.7,
		Asked: true, RefusalAccuracy: 1, FalseRefusalRate: 0.1}}
	noOffTopic := rep
	noOffTopic.Refusals, noOffTopic.RefusalAccuracy = 0, 0
	tests := []struct {
		name string
		rep  *Report // nil: rep
		t    Thresholds
		want []string // empty: passes
	}{
		{"nothing checked", nil, Thresholds{}, nil},
		{"refusals unchecked without off-topic questions", &noOffTopic, Thresholds{RefusalAccuracy: 0.9}, nil},
		{"all met exactly", nil, Thresholds{RecallAt1: 0.5, RecallAt3: 0.8, RecallAt5: 0.9, MRR: 0.6,
			FactHit: 0.7, RefusalAccuracy: 1, MaxFalseRefusalRate: 0.1}, nil},
		{"recall and MRR low", nil, Thresholds{RecallAt3: 0.85, MRR: 0.7},
			[]string{"recall@3 0.800 < 0.850", "MRR 0.600 < 0.700"}},
		{"too many false refusals", nil, Thresholds{MaxFalseRefusalRate: 0.05},
			[]string{"false refusal rate 0.100 > 0.050"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rep
			if tt.rep != nil {
				r = *tt.rep
			}
			err := r.Check(tt.t)
			if len(tt.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrBelowThreshold)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestWriteText(t *testing.T) {
	qs := []Question{
		{ID: "hit", Q: "found", Doc: "d", Articles: []string{"5"}},
		{ID: "low", Q: "found late", Doc: "d", Articles: []string{"5"}},
		{ID: "off", Q: "weather", Covered: boolPtr(false)},
	}
	gold := hit("d", "x", "T", "Article 5: Money")
	s := &fakeSearcher{hits: map[string][]index.Hit{
		"found": {gold}, "found late": ranked(4, gold), "weather": filler(1),
	}}
	s.served = noVectors()
	rep, err := Run(context.Background(), qs, s, fakeAsker{}, Options{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, rep.WriteText(&buf))
	golden(t, "report.txt", buf.String())
}

// update rewrites golden files: go test ./eval -update
var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/golden/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./eval -update to create it")
	assert.Equal(t, string(want), got)
}

func TestRunModes(t *testing.T) {
	gold := hit("d", "x", "T", "Article 5: Money")
	qs := []Question{
		{ID: "a", Q: "qa", Doc: "d", Articles: []string{"5"}},
		{ID: "b", Q: "qb", Doc: "d", Articles: []string{"5"}, Lang: "de"},
		{ID: "off", Q: "weather", Covered: boolPtr(false), Lang: "de"},
	}
	// BM25 finds a at 1 and b at 2; vectors find b at 1 and miss a.
	byMode := map[index.Mode]map[string][]index.Hit{
		index.ModeBM25:   {"qa": {gold}, "qb": ranked(1, gold)},
		index.ModeVector: {"qa": filler(3), "qb": {gold}},
		index.ModeHybrid: {"qa": {gold}, "qb": {gold}},
	}
	type row struct {
		mode      index.Mode
		available bool
		r1        float64
		note      string
	}
	tests := []struct {
		name   string
		opts   Options
		served map[index.Mode]index.Mode
		// wantServed is Report.Retrieval; wantR1 its recall@1.
		wantServed index.Mode
		wantR1     float64
		wantRows   []row
		wantRanks  map[index.Mode]int // of question b
	}{
		{"no vectors", Options{}, noVectors(), index.ModeBM25, 0.5, []row{
			{index.ModeBM25, true, 0.5, ""},
			{index.ModeVector, false, 0, "n/a (no embeddings configured)"},
			{index.ModeHybrid, false, 0, "n/a (no embeddings configured; bm25 served every search)"},
		}, map[index.Mode]int{index.ModeBM25: 2, index.ModeVector: 2, index.ModeHybrid: 2}},
		{"with vectors", Options{}, nil, index.ModeHybrid, 1, []row{
			{index.ModeBM25, true, 0.5, ""},
			{index.ModeVector, true, 0.5, ""},
			{index.ModeHybrid, true, 1, ""},
		}, map[index.Mode]int{index.ModeBM25: 2, index.ModeVector: 1, index.ModeHybrid: 1}},
		{"bm25 only", Options{Modes: []index.Mode{index.ModeBM25}}, nil, index.ModeBM25, 0.5, []row{
			{index.ModeBM25, true, 0.5, ""},
		}, map[index.Mode]int{index.ModeBM25: 2}},
		{"vector first is primary without hybrid", Options{Modes: []index.Mode{index.ModeVector, index.ModeBM25}}, nil,
			index.ModeVector, 0.5, []row{
				{index.ModeVector, true, 0.5, ""},
				{index.ModeBM25, true, 0.5, ""},
			}, map[index.Mode]int{index.ModeBM25: 2, index.ModeVector: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeSearcher{byMode: byMode, served: tt.served}
			rep, err := Run(context.Background(), qs, s, fakeAsker{refuse: map[string]bool{"weather": true}}, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.wantServed, rep.Retrieval)
			assert.InDelta(t, tt.wantR1, rep.RecallAt1, 1e-9)
			var rows []row
			for _, m := range rep.ByMode {
				rows = append(rows, row{m.Mode, m.Available, m.RecallAt1, m.Note})
				// The answers came from the primary mode's retrieval: only
				// its row (when it was measured) carries refusals.
				assert.Equal(t, m.Available && m.Mode == tt.opts.primary(), m.Asked, "%s", m.Mode)
			}
			assert.Equal(t, tt.wantRows, rows)
			assert.Equal(t, tt.wantRanks, rep.PerQuestion[1].Ranks)
			assert.Len(t, s.modes, len(qs)*len(tt.opts.modes()), "one search per question and mode")
		})
	}
}

func TestRunByLanguage(t *testing.T) {
	gold := hit("d", "x", "T", "Article 5: Money")
	qs := []Question{
		{ID: "en1", Q: "found", Doc: "d", Articles: []string{"5"}},
		{ID: "de1", Q: "gefunden", Doc: "d", Articles: []string{"5"}, Lang: "de"},
		{ID: "de2", Q: "nicht gefunden", Doc: "d", Articles: []string{"5"}, Lang: "de"},
		{ID: "de-off", Q: "wetter", Covered: boolPtr(false), Lang: "de"},
		{ID: "fa-off", Q: "هوا", Covered: boolPtr(false), Lang: "fa"},
	}
	s := &fakeSearcher{hits: map[string][]index.Hit{"found": {gold}, "gefunden": ranked(2, gold)}}
	a := fakeAsker{refuse: map[string]bool{"nicht gefunden": true, "wetter": true}}
	rep, err := Run(context.Background(), qs, s, a, Options{Modes: []index.Mode{index.ModeBM25}})
	require.NoError(t, err)
	type row struct {
		lang                    string
		n, covered, refusals    int
		r1, r3, refusal, falseR float64
	}
	var got []row
	for _, l := range rep.ByLang {
		got = append(got, row{l.Lang, l.N, l.Covered, l.Refusals, l.RecallAt1, l.RecallAt3, l.RefusalAccuracy, l.FalseRefusalRate})
	}
	assert.Equal(t, []row{
		{"de", 3, 2, 1, 0, 0.5, 1, 0.5},
		{"en", 1, 1, 0, 1, 1, 0, 0},
		{"fa", 1, 0, 1, 0, 0, 0, 0},
	}, got)
	require.Len(t, rep.ByMode, 1)
	require.Len(t, rep.ByMode[0].ByLang, 3)
	assert.True(t, rep.ByMode[0].ByLang[0].Asked, "the only mode is the one that answered")
}

func TestRunRefusalsPerRetriever(t *testing.T) {
	qs := []Question{
		{ID: "a", Q: "weather", Covered: boolPtr(false)},
		{ID: "b", Q: "asylum", Doc: "apr", Articles: []string{"1"}},
	}
	s := &fakeSearcher{hits: map[string][]index.Hit{}}
	// BM25 refuses everything, hybrid only the weather.
	askers := map[index.Mode]Asker{
		index.ModeBM25:   fakeAsker{refuse: map[string]bool{"weather": true, "asylum": true}},
		index.ModeVector: fakeAsker{refuse: map[string]bool{}},
	}
	rep, err := Run(context.Background(), qs, s, fakeAsker{refuse: map[string]bool{"weather": true}},
		Options{AskerFor: func(m index.Mode) Asker { return askers[m] }})
	require.NoError(t, err)
	got := map[index.Mode][2]float64{}
	for _, m := range rep.ByMode {
		require.True(t, m.Asked, "%s", m.Mode)
		got[m.Mode] = [2]float64{m.RefusalAccuracy, m.FalseRefusalRate}
	}
	assert.Equal(t, map[index.Mode][2]float64{
		index.ModeBM25:   {1, 1},
		index.ModeVector: {0, 0},
		index.ModeHybrid: {1, 0},
	}, got)
}

func TestQuestionLanguage(t *testing.T) {
	tests := []struct {
		lang, want, err string
	}{
		{"", "en", ""},
		{"fa", "fa", ""},
		{"EN", "", `lang "EN" is not a lower-case ISO 639-1 code`},
		{"deu", "", `lang "deu"`},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			q := Question{ID: "a", Q: "q", Doc: "d", Lang: tt.lang}
			err := q.validate()
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, q.Language())
		})
	}
}
