package answer

import (
	"context"
	"errors"
	"pactbot/lang"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/index"
)

// fakeRetriever returns canned results and records the queries it got.
type fakeRetriever struct {
	res     index.Result
	err     error
	queries []string
	extra   [][]string
}

func (f *fakeRetriever) SearchWith(_ context.Context, q string, k int, o index.SearchOptions) (index.Result, error) {
	f.queries = append(f.queries, q)
	f.extra = append(f.extra, o.Extra)
	r := f.res
	r.Query = q
	if len(r.Hits) > k {
		r.Hits = r.Hits[:k]
	}
	return r, f.err
}

func hit(rank int, score float64, section, text, highlight string) index.Hit {
	return index.Hit{
		Passage: index.Passage{
			ID: "doc#" + section, DocID: "doc", Title: "Doc", Section: section,
			Path: []string{"Doc", section}, Anchor: section, URL: "https://example.eu/doc", Text: text,
		},
		Rank: rank, Score: score, Highlight: highlight,
	}
}

const framework = "The Pact on Migration and Asylum will bring:\n\n- more secure EU external borders;\n- a fair and more effective system of solidarity and responsibility.\n\n€2 billion from the mid-term revision of the Multiannual Financial Framework earmarked to support the implementation of the Pact."

func TestExtractiveAnswerQuotesTheRelevantSentenceAndCitesIt(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 1, Hits: []index.Hit{
		hit(1, 4.2, "framework", framework, "… <mark>€2</mark> <mark>billion</mark> from the … <mark>Financial</mark> Framework <mark>earmarked</mark> …"),
		hit(2, 1.0, "partners", "The EU is the world's leading donor.", ""),
	}}}
	e := NewEngine(r, configured(Options{}))
	a, err := e.Ask(context.Background(), "How much money is earmarked for the Pact?", AskOptions{})
	require.NoError(t, err)
	assert.True(t, a.Grounded)
	assert.Equal(t, ModeExtractive, a.Mode)
	assert.Contains(t, a.Text, "€2 billion from the mid-term revision")
	assert.Contains(t, a.Text, "[1]")
	assert.NotContains(t, a.Text, "[2]", "a passage scoring under half the best is not quoted")
	require.Len(t, a.Citations, 1)
	assert.Equal(t, Citation{N: 1, DocID: "doc", Title: "Doc", Section: "framework", Path: []string{"Doc", "framework"},
		Anchor: "framework", URL: "https://example.eu/doc", PassageID: "doc#framework"}, a.Citations[0])
	assert.Len(t, a.Passages, 2)
}

func TestExtractiveAnswerQuotesUpToMaxPassagesFromDistinctSections(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 0.8, Hits: []index.Hit{
		hit(1, 3, "a", "Returns were stepped up.", ""),
		hit(2, 2.9, "a", "Returns were stepped up again.", ""),
		hit(3, 2.5, "b", "Readmission cooperation with partners on returns.", ""),
		hit(4, 2.4, "c", "Return sponsorship.", ""),
	}}}
	a, err := NewEngine(r, configured(Options{MaxPassages: 2})).Ask(context.Background(), "returns", AskOptions{})
	require.NoError(t, err)
	require.Len(t, a.Citations, 2)
	assert.Equal(t, "a", a.Citations[0].Section)
	assert.Equal(t, "b", a.Citations[1].Section)
}

func TestNotCoveredQuestionIsNotGroundedAndNamesTopics(t *testing.T) {
	tests := []struct {
		name string
		res  index.Result
	}{
		{"no hits", index.Result{}},
		{"low coverage", index.Result{Coverage: 0.2, Hits: []index.Hit{hit(1, 0.4, "x", "Weather is not here.", "")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEngine(&fakeRetriever{res: tc.res}, configured(Options{Topics: []string{"the Pact on Migration and Asylum", "partner countries"}}))
			a, err := e.Ask(context.Background(), "What's the weather in Paris tomorrow?", AskOptions{})
			require.NoError(t, err)
			assert.False(t, a.Grounded)
			assert.Empty(t, a.Citations)
			assert.NotNil(t, a.Citations, "JSON shows [] not null")
			assert.Contains(t, a.Text, "don't cover")
			assert.Contains(t, a.Text, "partner countries")
		})
	}
}

func TestAskErrors(t *testing.T) {
	_, err := NewEngine(&fakeRetriever{}, configured(Options{})).Ask(context.Background(), "   ", AskOptions{})
	assert.ErrorIs(t, err, ErrEmptyQuestion)

	boom := errors.New("index closed")
	_, err = NewEngine(&fakeRetriever{err: boom}, configured(Options{})).Ask(context.Background(), "returns", AskOptions{})
	assert.ErrorIs(t, err, boom)
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two three.", []string{"One.", "Two three."}},
		{"See Art. 5 of it. Next one.", []string{"See Art. 5 of it.", "Next one."}},
		{"Intro:\n\n- first;\n- second.", []string{"Intro:", "first;", "second."}},
		{"Regulation (EU) No. 604/2013 applies. Done", []string{"Regulation (EU) No. 604/2013 applies.", "Done"}},
		{"e.g. this stays whole", []string{"e.g. this stays whole"}},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Sentences(tc.in), tc.in)
	}
}

type fakeCurated map[string]Answer

func (f fakeCurated) Lookup(_ context.Context, q string) (Answer, bool) {
	a, ok := f[q]
	return a, ok
}

func TestCuratedAnswerIsServedFirstAndLabelled(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 1, Hits: []index.Hit{hit(1, 1, "a", "Returns.", "")}}}
	e := NewEngine(r, configured(Options{})).WithCurated(fakeCurated{"q?": {Text: "Reviewed text [1].", Citations: []Citation{{N: 1, Section: "a"}}}})
	a, err := e.Ask(context.Background(), "q?", AskOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeCurated, a.Mode)
	assert.True(t, a.Grounded)
	assert.Equal(t, NoteCurated, a.Note)
	assert.Empty(t, r.queries, "no retrieval for a curated answer")

	a, err = e.Ask(context.Background(), "other question", AskOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeExtractive, a.Mode)
}

func TestForeignQuestionWithoutLLMAnswersFromWhatRetrievalFinds(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 0.3, Hits: []index.Hit{hit(1, 2, "framework", framework, "<mark>pacte</mark>")}}}
	e := NewEngine(r, configured(Options{MinCoverage: 0.5}))
	a, err := e.Ask(context.Background(), "Combien d'argent est prévu pour le pacte ?", AskOptions{})
	require.NoError(t, err)
	assert.True(t, a.Grounded, "a French question matching a third of its words still gets the passages")
	assert.Equal(t, NoteEnglishSources, a.Note)

	a, err = e.Ask(context.Background(), "How much money for the pact?", AskOptions{})
	require.NoError(t, err)
	assert.False(t, a.Grounded, "the English floor is unchanged")

	r.res.Coverage = 0.1
	a, err = e.Ask(context.Background(), "Quel temps fera-t-il demain à Paris ?", AskOptions{})
	require.NoError(t, err)
	assert.False(t, a.Grounded)
	fr, ok := lang.SourcesInEnglish("fr")
	require.True(t, ok)
	assert.Contains(t, a.Text, fr, "the reply says, in French, that the sources are in English")
}

func TestWeakQuotesAreLeftOut(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 1, Hits: []index.Hit{
		hit(1, 3, "framework", "The Pact on Migration and Asylum will bring:\n\n- more secure borders;", ""),
		hit(2, 2.9, "partners", "This approach involves:\n\n- Fighting migrant smuggling\n- Legal migration\n- Resettlement", ""),
	}}}
	a, err := NewEngine(r, configured(Options{})).Ask(context.Background(), "is there legal migration", AskOptions{})
	require.NoError(t, err)
	require.Len(t, a.Citations, 1, "the passage that matches only 'migration' in a lead-in is not quoted")
	assert.Equal(t, "partners", a.Citations[0].Section)
	assert.Contains(t, a.Text, "Legal migration")
	assert.Contains(t, a.Text, "[1]")
}

func TestQuestionInAScriptTheSourcesDontUse(t *testing.T) {
	fa, ok := lang.SourcesInEnglish("fa")
	require.True(t, ok)
	tests := []struct {
		name         string
		sim          float64
		wantGrounded bool
		wantText     string
	}{
		{"no vectors: a reply in Farsi", 0, false, fa},
		{"vectors find the passage", 0.9, true, "[1]"},
		{"no vectors, but the glossary carries it", 0, true, "[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cov := 0.0
			if strings.Contains(tc.name, "glossary") {
				cov = 0.75
			}
			r := &fakeRetriever{res: index.Result{Coverage: cov, Retrieval: index.Retrieval{BestSimilarity: tc.sim},
				Hits: []index.Hit{hit(1, 4.2, "framework", framework, "")}}}
			a, err := NewEngine(r, configured(Options{})).Ask(context.Background(), "چه مقدار پول برای اجرای پیمان در نظر گرفته شده است؟", AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.wantGrounded, a.Grounded)
			assert.Contains(t, a.Text, tc.wantText)
		})
	}
}

func TestCoverageDecisionWeighsWordsAndSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		coverage float64
		sim      float64
		want     bool
	}{
		{"words only, enough", 0.75, 0, true},
		{"words only, too few", 0.25, 0, false},
		{"generic words match a passage about something else", 0.75, 0.78, false},
		{"words and meaning agree", 0.6, 0.815, true},
		{"few words but a close paraphrase", 0.2, 0.88, true},
		{"few words, middling similarity", 0.2, 0.815, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &fakeRetriever{res: index.Result{Coverage: tc.coverage, Retrieval: index.Retrieval{BestSimilarity: tc.sim},
				Hits: []index.Hit{hit(1, 4.2, "framework", framework, "")}}}
			a, err := NewEngine(r, configured(Options{})).Ask(context.Background(), "can I bring my dog to the asylum centre", AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Grounded)
		})
	}
}

func TestEverydayTopicTheSourcesNeverMentionIsRefused(t *testing.T) {
	tests := []struct {
		name   string
		q      string
		absent []string
		unseen []string
		text   string
		want   bool
	}{
		{"a pet", "can I bring my dog to the asylum centre", []string{"dog"}, nil, framework, false},
		{"a word the corpus lacks but no everyday topic", "will the outside borders be safer", []string{"safer"}, []string{"safer"}, framework, true},
		{"an everyday word only a typo match found", "how long to bake sourdough bread", nil, []string{"bake", "sourdough", "bread"}, framework, false},
		{"an amount in a country the sources never name", "How much money do asylum seekers in Germany get?", []string{"Germany"}, nil, framework, false},
		{"an amount in a Member State the sources name elsewhere", "How much money do asylum seekers in Germany get?", nil, nil, framework, false},
		{"an amount with no amount in the passages", "how much money do asylum seekers get", nil, nil, "Applicants receive material reception conditions.", false},
		{"an amount the passages state", "how much money is earmarked for the Pact", nil, nil, framework, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &fakeRetriever{res: index.Result{Coverage: 0.75, Absent: tc.absent, Unseen: tc.unseen,
				Hits: []index.Hit{hit(1, 4.2, "framework", tc.text, "")}}}
			a, err := NewEngine(r, configured(Options{})).Ask(context.Background(), tc.q, AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Grounded)
		})
	}
}

func TestQuestionWithNoWordsGetsAKindReply(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 1, Hits: []index.Hit{hit(1, 4.2, "framework", framework, "")}}}
	e := NewEngine(r, configured(Options{}))
	for _, q := range []string{"🙂🇪🇺🤔", "???", "\u200b\u200b\u200d", "!!! ... ???"} {
		a, err := e.Ask(context.Background(), q, AskOptions{})
		require.NoError(t, err, "%q", q)
		assert.False(t, a.Grounded)
		assert.Equal(t, AskInWordsText, a.Text)
		assert.Empty(t, a.Citations)
	}
	assert.Empty(t, r.queries, "nothing was searched")
	_, err := e.Ask(context.Background(), "   ", AskOptions{})
	assert.ErrorIs(t, err, ErrEmptyQuestion)
}

func TestNegativeMinCoverageMeansNoFloor(t *testing.T) {
	r := &fakeRetriever{res: index.Result{Coverage: 0.1, Hits: []index.Hit{hit(1, 4.2, "framework", framework, "")}}}
	a, err := NewEngine(r, configured(Options{MinCoverage: -1})).Ask(context.Background(), "what does the pact bring", AskOptions{})
	require.NoError(t, err)
	assert.True(t, a.Grounded, "no coverage floor: the words decide nothing")
	a, err = NewEngine(r, configured(Options{})).Ask(context.Background(), "what does the pact bring", AskOptions{})
	require.NoError(t, err)
	assert.False(t, a.Grounded, "the default floor 0.5 refuses coverage 0.1")
}
