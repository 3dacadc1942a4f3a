package index

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

func englishAnalyzer(t *testing.T) analysis.Analyzer {
	t.Helper()
	m, err := newMapping()
	require.NoError(t, err)
	a := m.AnalyzerNamed(m.DefaultAnalyzer)
	require.NotNil(t, a)
	return a
}

// render shows concepts compactly: "main>alt|alt", phrases with spaces and
// stop-word gaps as "_".
func render(cs []concept) []string {
	var out []string
	for _, c := range cs {
		s := seqString(c.main)
		if len(c.alts) > 0 {
			var alts []string
			for _, a := range c.alts {
				alts = append(alts, seqString(a))
			}
			s += ">" + strings.Join(alts, "|")
		}
		out = append(out, s)
	}
	return out
}

func seqString(s seq) string {
	parts := make([]string, len(s))
	for i, t := range s {
		parts[i] = t
		if t == "" {
			parts[i] = "_"
		}
	}
	return strings.Join(parts, " ")
}

func TestConcepts(t *testing.T) {
	g := corpus.Glossary{
		{Input: []string{"sent back", "deported"}, Synonyms: []string{"return", "transfer"}},
		{Input: []string{"people smugglers", "smugglers"}, Synonyms: []string{"migrant smuggling"}},
		{Synonyms: []string{"MFF", "multiannual financial framework"}},
		{Input: []string{"asylum"}, Synonyms: []string{"international protection", "application for international protection"}},
		{Input: []string{"right to work"}, Synonyms: []string{"access to the labour market"}},
	}
	v := newVocabulary(englishAnalyzer(t), g)
	tests := []struct {
		query string
		want  []string
	}{
		{"", nil},
		{"can you please tell me what is the", nil},
		{"I was sent back to Italy", []string{"sent back>return|transfer", "itali"}},
		{"deported deported deported", []string{"deport>return|transfer"}},
		// The longest glossary term wins over its last word's own rule.
		{"people smugglers and smugglers", []string{"peopl smuggler>migrant smuggl", "smuggler>migrant smuggl"}},
		{"the MFF", []string{"mff>multiannu financi framework"}},
		{"multiannual financial framework", []string{"multiannu financi framework>mff"}},
		// "application for international protection" contains the other
		// alternative and is dropped.
		{"asylum in Austria", []string{"asylum>intern protect", "austria"}},
		// Stop words inside a glossary term are gaps on both sides.
		{"do I have the right to work", []string{"right _ work>access _ _ labour market"}},
		{"17 y/o here", []string{"17"}},
		// Query syntax is just text ("title:return" is one word to the
		// Unicode word breaker).
		{`title:return^2 AND "smug*"`, []string{"title:return", "smug"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			assert.Equal(t, tt.want, render(v.concepts(tt.query)))
		})
	}
}

func TestDropSubsumed(t *testing.T) {
	from := seq{"asylum"}
	alts := []seq{{"applic", "", "intern", "protect"}, {"intern", "protect"}, {"asylum", "seeker"}, {"refuge"}, {"refuge"}}
	assert.Equal(t, []seq{{"intern", "protect"}, {"refuge"}}, dropSubsumed(from, alts))
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"abc", "", 3}, {"intervew", "interview", 1},
		{"langaug", "languag", 1}, // a transposition is one edit
		{"weather", "whether", 2}, {"kitten", "sitting", 3}, {"réfugié", "refugie", 2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, editDistance(tt.a, tt.b), "%s/%s", tt.a, tt.b)
		assert.Equal(t, tt.want, editDistance(tt.b, tt.a), "%s/%s", tt.b, tt.a)
	}
}

func TestPlanBudgetAndStates(t *testing.T) {
	var secs []corpus.Section
	for i := range 40 {
		text := "Reception conditions for every applicant."
		if i%10 == 0 {
			text += " Detention of minors is the exception."
		}
		secs = append(secs, section("Title p", "S"+strings.Repeat("x", i+1), text))
	}
	c := &corpus.Corpus{Fingerprint: "plan", Documents: []corpus.Document{doc("p", secs...)}}
	ix := openTest(t, c, Options{})
	ctx := context.Background()

	p, err := ix.plan(ctx, ix.vocab.concepts("detention of minors reception wok"))
	require.NoError(t, err)
	assert.Equal(t, []int{conceptSearched, conceptSearched, conceptSearched, conceptAbsent}, p.state)
	assert.Equal(t, [][]string{{"detent"}, {"minor"}, {"recept"}, nil}, p.terms)

	// With a budget of 10 postings, "reception" (in all 40 passages) is
	// left out as common, the rare terms (4 each) are kept.
	ix.tuning.budget = 10
	p, err = ix.plan(ctx, ix.vocab.concepts("detention of minors reception"))
	require.NoError(t, err)
	assert.Equal(t, []int{conceptSearched, conceptSearched, conceptCommon}, p.state)
	res, err := ix.Search(ctx, "detention of minors reception", 10)
	require.NoError(t, err)
	assert.Len(t, res.Hits, 4, "only passages with the rare terms are candidates")
	assert.InDelta(t, 1.0, res.Coverage, 1e-9, "a common concept counts as found")

	// A term missing from the index gets a fuzzy match.
	p, err = ix.plan(ctx, ix.vocab.concepts("detenton"))
	require.NoError(t, err)
	assert.Equal(t, map[int]int{0: 2}, p.fuzz, "8 letters: distance 2")
	res, err = ix.Search(ctx, "detenton", 3)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Contains(t, res.Hits[0].Text, "Detention")
	assert.InDelta(t, 0.5, res.Coverage, 1e-9, "a fuzzy match counts half")
}

func TestVocabularyExported(t *testing.T) {
	g := corpus.Glossary{
		{Input: []string{"right to work"}, Synonyms: []string{"access to the labour market"}},
		{Input: []string{"tell"}, Synonyms: []string{"inform"}},
	}
	v, err := NewVocabulary(g)
	require.NoError(t, err)
	var terms, alts [][]string
	cs := v.Concepts("Can I get the right to work? Tell me, in Italy")
	for _, c := range cs {
		terms = append(terms, c.Terms)
		alts = append(alts, c.Alternatives()...)
	}
	assert.Equal(t, [][]string{{"right", "", "work"}, {"tell"}, {"itali"}}, terms)
	assert.Equal(t, [][]string{{"access", "", "", "labour", "market"}, {"inform"}}, alts)
	assert.Nil(t, cs[2].Alternatives())
	assert.Equal(t, []string{"right", "", "work"}, v.Analyze("the right to work"))
	assert.Nil(t, v.Analyze("the"))
	assert.True(t, v.IsFiller("tell"), "a filler word, though the glossary names it")
	assert.False(t, v.IsFiller("itali"))

	// A caller may change what it gets without changing the vocabulary.
	cs[0].Terms[0], cs[0].Alternatives()[0][0] = "x", "x"
	assert.Equal(t, "right _ work>access _ _ labour market", render(v.concepts("right to work"))[0])

	// Other filler words replace the index's own.
	v, err = NewVocabulary(nil, WithFillerWords([]string{"italy"}))
	require.NoError(t, err)
	terms = nil
	for _, c := range v.Concepts("Can I get the right to work? Tell me, in Italy") {
		terms = append(terms, c.Terms)
	}
	assert.Equal(t, [][]string{{"can"}, {"get"}, {"right"}, {"work"}, {"tell"}}, terms)
}
