package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/cite"
	"pactbot/corpus"
	"pactbot/curated"
	"pactbot/review"
)

const curatedQ = "How much money is earmarked for the Pact?"

// addCurated stores an active curated answer to curatedQ in the CLI's
// answer record, citing the shipped factsheet with fingerprint fp ("" for
// the factsheet's current one).
func addCurated(t *testing.T, c *cli, fp string) int64 {
	t.Helper()
	if fp == "" {
		emb, err := corpus.LoadEmbedded()
		require.NoError(t, err)
		fp = curated.DocFingerprints(emb)["taking-stock-2024-03"]
		require.NotEmpty(t, fp)
	}
	st, err := review.Open(filepath.Join(c.data, "pactbot.db"))
	require.NoError(t, err)
	defer st.Close()
	id, err := st.AddCurated(context.Background(), review.Curated{
		Question: curatedQ, Answer: "A moderator says: €2 billion from the EU budget [1].",
		Citations:       []cite.Citation{{N: 1, DocID: "taking-stock-2024-03", Title: "Taking stock", Section: "A new legislative framework"}},
		DocFingerprints: map[string]string{"taking-stock-2024-03": fp},
		Moderator:       "mod-1",
	})
	require.NoError(t, err)
	return id
}

type curatedAsk struct {
	Answer   string `json:"answer"`
	Mode     string `json:"mode"`
	Grounded bool   `json:"grounded"`
	Note     string `json:"note"`
	Curated  *struct {
		ID       int64   `json:"id"`
		Question string  `json:"question"`
		Score    float64 `json:"score"`
	} `json:"curated"`
	Citations []json.RawMessage `json:"citations"`
	Passages  []json.RawMessage `json:"passages"`
}

func (c *cli) askCurated(args ...string) curatedAsk {
	c.t.Helper()
	out, stderr, code := c.run(append([]string{"ask", "--json"}, args...)...)
	require.Equal(c.t, 0, code, stderr)
	var a curatedAsk
	require.NoError(c.t, json.Unmarshal([]byte(out), &a), out)
	return a
}

func TestAskServesCuratedAnswers(t *testing.T) {
	c := newCLI(t)
	id := addCurated(t, c, "")

	a := c.askCurated(curatedQ)
	assert.Equal(t, "curated", a.Mode)
	assert.True(t, a.Grounded)
	assert.Contains(t, a.Answer, "A moderator says")
	require.NotNil(t, a.Curated, "the JSON names the curated answer")
	assert.Equal(t, id, a.Curated.ID)
	assert.Equal(t, curatedQ, a.Curated.Question)
	assert.Greater(t, a.Curated.Score, 0.0)
	assert.Len(t, a.Citations, 1)
	assert.NotNil(t, a.Passages, "passages stays an array")

	// A paraphrase the bot's matcher accepts is served too.
	a = c.askCurated("how much money is earmarked for the pact")
	assert.Equal(t, "curated", a.Mode)

	a = c.askCurated("--no-curated", curatedQ)
	assert.Equal(t, "extractive", a.Mode)
	assert.Nil(t, a.Curated)
	assert.Contains(t, a.Answer, "2 billion")

	a = c.askCurated("Which countries does the EU work with on migration?")
	assert.NotEqual(t, "curated", a.Mode, "another question is answered from the documents")
	assert.Nil(t, a.Curated)

	out, stderr, code := c.run("ask", curatedQ)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "A moderator says")
	assert.Contains(t, out, "curated answer #")
	assert.Contains(t, out, "--no-curated")
}

func TestAskLeavesOutCuratedAnswersOnChangedDocuments(t *testing.T) {
	c := newCLI(t)
	addCurated(t, c, "fingerprint-of-an-older-version")
	a := c.askCurated(curatedQ)
	assert.Equal(t, "extractive", a.Mode, "the bot would mark it stale: not served")

	// Another corpus without the cited document: not served either.
	dir := smallCorpus(t)
	c2 := newCLI(t)
	addCurated(t, c2, "")
	a = c2.askCurated("--corpus", dir, curatedQ)
	assert.NotEqual(t, "curated", a.Mode)
}

func TestAskWithoutARecordCreatesNone(t *testing.T) {
	c := newCLI(t)
	a := c.askCurated(curatedQ)
	assert.Equal(t, "extractive", a.Mode)
	_, err := os.Stat(filepath.Join(c.data, "pactbot.db"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestAskServesCuratedAnswersThroughTheQuickPath(t *testing.T) {
	// --corpus with an unchanged directory: the documents' fingerprints
	// come from the source cache's summary.
	dir := t.TempDir()
	data, err := fs.ReadFile(corpus.Embedded(), "taking-stock-2024-03.md")
	require.NoError(t, err)
	writeDoc(t, dir, "taking-stock-2024-03.md", string(data))
	c := newCLI(t)
	addCurated(t, c, "")
	c.searchIDs(dir, "readmission") // load once, record the corpus
	loads := corpusLoads.Load()
	a := c.askCurated("--corpus", dir, curatedQ)
	assert.Equal(t, "curated", a.Mode)
	assert.Equal(t, loads, corpusLoads.Load(), "served without loading the corpus")
}
