package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallCorpus writes a two-document corpus whose files look an hour old,
// so that the source cache trusts their metadata at once (entries recorded
// within two seconds of a write are read again).
func smallCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeDoc(t, dir, "asylum.md", "---\ntitle: Asylum Guide\nurl: https://example.org/asylum\n---\n# Asylum Guide\n\n## Applying\n\nAn application for asylum is lodged with the border police within ten days.\n")
	writeDoc(t, dir, "return.md", "---\ntitle: Return Guide\n---\n# Return Guide\n\n## Readmission\n\nReadmission agreements govern the return of people without a right to stay.\n")
	return dir
}

func writeDoc(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	old := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(p, old, old))
}

// searchJSON runs search --json and returns the ids of its hits.
func (c *cli) searchIDs(corpusDir, q string) []string {
	c.t.Helper()
	out, stderr, code := c.run("--corpus", corpusDir, "search", "--json", q)
	require.Equal(c.t, 0, code, stderr)
	var res struct {
		Results []struct {
			ID  string `json:"id"`
			Doc string `json:"doc"`
		} `json:"results"`
	}
	require.NoError(c.t, json.Unmarshal([]byte(out), &res), out)
	var ids []string
	for _, r := range res.Results {
		ids = append(ids, r.Doc)
	}
	return ids
}

// sourcesEntries reads how many corpus states the source cache holds.
func sourcesStates(t *testing.T, data string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "index", "sources.json"))
	if err != nil {
		return 0
	}
	var v struct {
		States map[string]json.RawMessage `json:"states"`
	}
	require.NoError(t, json.Unmarshal(b, &v))
	return len(v.States)
}

func TestQuickOpenServesAnUnchangedCorpusWithoutLoadingIt(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	assert.Equal(t, []string{"asylum"}, c.searchIDs(dir, "asylum application border"))
	assert.Equal(t, 1, sourcesStates(t, c.data))

	loads := corpusLoads.Load()
	assert.Equal(t, []string{"return"}, c.searchIDs(dir, "readmission agreements"))
	assert.Equal(t, loads, corpusLoads.Load(), "the unchanged corpus was not loaded")
	_, stderr, code := c.run("--corpus", dir, "search", "--explain", "readmission")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, loads, corpusLoads.Load())

	// index always loads (it lists every document).
	_, stderr, code = c.run("--corpus", dir, "index")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, loads+1, corpusLoads.Load())
}

func TestQuickOpenSeesEveryChange(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		query  string
		want   []string
	}{
		{"modified", func(t *testing.T, dir string) {
			writeDoc(t, dir, "return.md", "---\ntitle: Return Guide\n---\n# Return Guide\n\n## Detention\n\nDetention pending removal lasts at most six months.\n")
		}, "detention removal", []string{"return"}},
		{"added", func(t *testing.T, dir string) {
			writeDoc(t, dir, "family.md", "---\ntitle: Family Guide\n---\n# Family Guide\n\n## Reunification\n\nFamily reunification lets a spouse join the sponsor.\n")
		}, "spouse reunification", []string{"family"}},
		{"removed", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "asylum.md")))
		}, "asylum application border", nil},
		{"touched only", func(t *testing.T, dir string) {
			now := time.Now().Add(-time.Minute)
			require.NoError(t, os.Chtimes(filepath.Join(dir, "asylum.md"), now, now))
		}, "asylum application border", []string{"asylum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			dir := smallCorpus(t)
			c.searchIDs(dir, "asylum")
			tt.change(t, dir)
			got := c.searchIDs(dir, tt.query)
			if tt.want == nil {
				assert.NotContains(t, got, "asylum")
			} else {
				assert.Equal(t, tt.want, got[:min(len(got), len(tt.want))])
			}
		})
	}
}

func TestQuickOpenIgnoresACorruptSourceCache(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	c.searchIDs(dir, "asylum")
	require.NoError(t, os.WriteFile(filepath.Join(c.data, "index", "sources.json"), []byte("\x00{garbage"), 0o644))
	assert.Equal(t, []string{"asylum"}, c.searchIDs(dir, "asylum application border"))
	assert.Equal(t, 1, sourcesStates(t, c.data), "rewritten")
}

func TestQuickOpenWithAMissingBuildRebuilds(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	c.searchIDs(dir, "asylum")
	keys, err := filepath.Glob(filepath.Join(c.data, "index", "*", "CURRENT"))
	require.NoError(t, err)
	require.Len(t, keys, 1)
	require.NoError(t, os.RemoveAll(filepath.Dir(keys[0])))
	assert.Equal(t, []string{"asylum"}, c.searchIDs(dir, "asylum application border"))
}

func TestQuickOpenAskNamesTopicsAndEmbeddedCorpusStillWorks(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	_, stderr, code := c.run("--corpus", dir, "index")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, 1, sourcesStates(t, c.data), "index records the corpus too")
	// Quick path: the "not covered" reply still names what is covered.
	out, stderr, code := c.run("--corpus", dir, "ask", "--json", "what is the weather on mars tomorrow")
	require.Equal(t, 0, code, stderr)
	var ans struct {
		Grounded bool   `json:"grounded"`
		Answer   string `json:"answer"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ans))
	assert.False(t, ans.Grounded)
	assert.Contains(t, ans.Answer, "pplying", "the covered topics are named")

	// No --corpus: the embedded documents, unaffected by the cache.
	out, stderr, code = c.run("search", "--json", "readmission")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.Contains(out, `"results":[{`), out)
}

func TestQuickOpenEvalChecksGoldDocs(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	c.searchIDs(dir, "asylum")
	qs := filepath.Join(t.TempDir(), "q.yaml")
	require.NoError(t, os.WriteFile(qs, []byte("- id: q1\n  q: how do I apply for asylum\n  doc: asylum\n"), 0o644))
	_, stderr, code := c.run("--corpus", dir, "eval", "--retrieval", qs)
	assert.Equal(t, 0, code, stderr)
}

func TestQuickOpenEvalRefusesTheWrongCorpus(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	c.searchIDs(dir, "asylum")
	qs := filepath.Join(t.TempDir(), "q.yaml")
	require.NoError(t, os.WriteFile(qs, []byte("- id: q1\n  q: how do I apply for asylum\n  doc: other-doc\n"), 0o644))
	_, stderr, code := c.run("--corpus", dir, "eval", "--retrieval", qs)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "none of the documents")
}

func TestQuickOpenAfterAStoppedRebuildServesTheOldIndex(t *testing.T) {
	c := newCLI(t)
	dir := smallCorpus(t)
	c.searchIDs(dir, "asylum")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the rebuild stops at its first batch, as on Ctrl-C
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"--data", c.data, "--corpus", dir, "index", "--rebuild"}, &out, &errOut, func(string) string { return "" }, false, false)
	require.NotEqual(t, 0, code)
	loads := corpusLoads.Load()
	assert.Equal(t, []string{"asylum"}, c.searchIDs(dir, "asylum application border"))
	assert.Equal(t, loads, corpusLoads.Load(), "the old build, by its key")
}
