package index

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

// mixedCorpus is an English and a Swedish document (text from the Swedish
// Screening Regulation, 2024/1356, on EUR-Lex).
func mixedCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	sv, err := os.ReadFile("testdata/lang/screening-sv.txt")
	require.NoError(t, err)
	en := doc("screening-en", section("Title screening-en", "Border checks",
		"Border guards often meet third-country nationals who apply for international protection without travel documents. "+
			"All relevant databases must be consulted and the right procedure found as fast as possible."))
	en.Language = "en"
	se := doc("screening-sv", section("Title screening-sv", "Gränskontroller", string(sv)))
	se.Language = "sv-SE"
	return &corpus.Corpus{Fingerprint: "mixed", Documents: []corpus.Document{en, se}}
}

func TestMixedLanguagesSearch(t *testing.T) {
	ix := openTest(t, mixedCorpus(t), Options{})
	require.Len(t, ix.langs, 2)
	assert.Equal(t, []string{"en", "sv"}, []string{ix.langs[0].group, ix.langs[1].group})
	ctx := context.Background()

	// "databasen" occurs nowhere; Swedish stemming finds "databaser".
	sv, err := ix.Search(ctx, "Vilka databasen konsulteras vid gränsen?", 3)
	require.NoError(t, err)
	require.NotEmpty(t, sv.Hits)
	assert.Equal(t, "screening-sv", sv.Hits[0].DocID)
	assert.Equal(t, "sv", sv.Hits[0].Language, "the passage keeps its document's language")
	assert.Contains(t, sv.Hits[0].Highlight, "<mark>databaser</mark>")
	assert.Greater(t, sv.Coverage, 0.5)

	en, err := ix.Search(ctx, "which database is consulted for travel documents", 3)
	require.NoError(t, err)
	require.NotEmpty(t, en.Hits)
	assert.Equal(t, "screening-en", en.Hits[0].DocID)
	assert.Equal(t, "en", en.Hits[0].Language)

	// Each language is scored with its own statistics: the best hit of a
	// question in either language scores on the same scale.
	ratio := sv.Hits[0].Score / en.Hits[0].Score
	assert.InDelta(t, 1, ratio, 0.75, "sv %.3f, en %.3f", sv.Hits[0].Score, en.Hits[0].Score)

	// A word no language has is absent; a Swedish one is not.
	res, err := ix.Search(ctx, "databasen zebrafinch", 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"zebrafinch"}, res.Absent)
	assert.Equal(t, []string{"zebrafinch"}, res.Unseen)
}

func TestLanguageGroups(t *testing.T) {
	for in, want := range map[string]string{"": "en", "en": "en", "SV": "sv", "sv-SE": "sv", "pl": "pl", "el": "plain", "bg": "plain", "xx": "plain"} {
		assert.Equal(t, want, languageGroup(in), in)
	}
	assert.Equal(t, "body", groupField(fieldBody, "en"))
	assert.Equal(t, "body_sv", groupField(fieldBody, "sv"))
}

func TestGlossaryRulesByLanguage(t *testing.T) {
	g := corpus.Glossary{
		{Input: []string{"kids"}, Synonyms: []string{"minors"}},
		{Input: []string{"ungar"}, Synonyms: []string{"underåriga"}, Languages: []string{"sv"}},
		{Input: []string{"asyl"}, Synonyms: []string{"skydd"}, Languages: []string{"sv", "da"}},
	}
	assert.Equal(t, g[:1], glossaryFor(g, "en"))
	assert.Equal(t, g[1:], glossaryFor(g, "sv"))
	assert.Equal(t, g[2:], glossaryFor(g, "da"))

	// A Swedish rule expands a Swedish question over the Swedish text.
	ix := openTest(t, mixedCorpus(t), Options{Glossary: corpus.Glossary{
		{Input: []string{"pass"}, Synonyms: []string{"resehandlingar"}, Languages: []string{"sv"}},
	}})
	res, err := ix.Search(context.Background(), "utan pass", 3)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Equal(t, "screening-sv", res.Hits[0].DocID)
}

func TestPlainAnalyzerForOtherLanguages(t *testing.T) {
	d := doc("el", section("Title el", "Άσυλο", "Οι αιτούντες άσυλο έχουν δικαιώματα."))
	d.Language = "el"
	ix := openTest(t, &corpus.Corpus{Fingerprint: "el", Documents: []corpus.Document{d}}, Options{})
	require.Len(t, ix.langs, 1)
	assert.Equal(t, "plain", ix.langs[0].group)
	res, err := ix.Search(context.Background(), "ΆΣΥΛΟ", 3)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits, "lower-cased, not stemmed")
	assert.Equal(t, "el", res.Hits[0].Language)
	assert.Equal(t, "Οι αιτούντες άσυλο έχουν δικαιώματα.", res.Hits[0].Text)
}
