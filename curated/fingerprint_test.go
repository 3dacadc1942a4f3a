package curated

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/corpus"
)

func testCorpus() *corpus.Corpus {
	return &corpus.Corpus{Documents: []corpus.Document{
		{ID: "a", Title: "A", URL: "https://example.eu/a", Sections: []corpus.Section{
			{Path: []string{"A"}, Heading: "A", Level: 1, Text: "Intro."},
			{Path: []string{"A", "Funding"}, Heading: "Funding", Anchor: "funding", Level: 2, Text: "EUR 2 billion."},
		}},
		{ID: "b", Title: "B", Sections: []corpus.Section{{Path: []string{"B"}, Heading: "B", Level: 1, Text: "Other."}}},
	}}
}

func TestDocFingerprintsChangeOnlyWithTheirDocument(t *testing.T) {
	before := DocFingerprints(testCorpus())
	require.Len(t, before, 2)
	assert.Len(t, before["a"], 64)
	assert.Equal(t, before, DocFingerprints(testCorpus()), "stable")

	edits := map[string]func(c *corpus.Corpus){
		"text":   func(c *corpus.Corpus) { c.Documents[0].Sections[1].Text = "EUR 3 billion." },
		"anchor": func(c *corpus.Corpus) { c.Documents[0].Sections[1].Anchor = "money" },
		"path":   func(c *corpus.Corpus) { c.Documents[0].Sections[1].Path = []string{"A", "Money"} },
		"url":    func(c *corpus.Corpus) { c.Documents[0].URL = "https://example.eu/a2" },
		"title":  func(c *corpus.Corpus) { c.Documents[0].Title = "A2" },
		"moved text": func(c *corpus.Corpus) {
			s := c.Documents[0].Sections
			s[0].Text, s[1].Text = s[0].Text+" EUR 2", " billion."
		},
	}
	for name, edit := range edits {
		c := testCorpus()
		edit(c)
		after := DocFingerprints(c)
		assert.NotEqual(t, before["a"], after["a"], name)
		assert.Equal(t, before["b"], after["b"], name)
	}
}

func TestDocFingerprintsOfTheEmbeddedCorpus(t *testing.T) {
	c, err := corpus.Load(corpus.Embedded())
	require.NoError(t, err)
	fps := DocFingerprints(c)
	assert.Len(t, fps, len(c.Documents))
	assert.NotEmpty(t, fps["taking-stock-2024-03"])
}

func TestCitedFingerprints(t *testing.T) {
	all := map[string]string{"a": "fa", "b": "fb", "c": "fc"}
	cites := []answer.Citation{{N: 1, DocID: "a"}, {N: 2, DocID: "c"}, {N: 3, DocID: "a"}, {N: 4, DocID: "gone"}, {N: 5, DocID: "gone"}}
	fps, missing := CitedFingerprints(cites, all)
	assert.Equal(t, map[string]string{"a": "fa", "c": "fc"}, fps)
	assert.Equal(t, []string{"gone"}, missing)

	fps, missing = CitedFingerprints(nil, all)
	assert.Empty(t, fps)
	assert.NotNil(t, fps)
	assert.Empty(t, missing)
}
