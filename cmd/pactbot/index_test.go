package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

// indexFixture is a corpus directory with a document of each kind of
// outcome: structured, unstructured (warned), skipped, unreadable.
func indexFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"act.md":    "---\ntitle: Reception Act\nlanguage: en\n---\n\n## Article 1: Work\n\nApplicants may work after six months.\n\n## Article 2: Schooling\n\nMinors go to school.\n",
		"wall.txt":  strings.Repeat("applicants shall be informed in writing of the benefits and obligations they must comply with ", 50),
		"README.md": "# About this folder\n",
		"scan.pdf":  "%PDF-1.7\n",
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	return dir
}

func TestIndexJSONContract(t *testing.T) {
	dir := indexFixture(t)
	c := newCLI(t)
	out, errOut, code := c.run("--corpus", dir, "index", "--json")
	assert.Equal(t, 1, code, "an unreadable document still fails the command")
	assert.Contains(t, errOut, "scan.pdf")

	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &raw), out)
	assert.Equal(t, []string{"documents", "fingerprint", "passages", "seconds", "sections", "skipped"}, keys(raw))
	var docs []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw["documents"], &docs))
	require.Len(t, docs, 2)
	assert.Equal(t, []string{"format", "id", "language", "passages", "sections", "title", "warnings"}, keys(docs[0]))

	var rep indexReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	act, wall := rep.Documents[0], rep.Documents[1]
	assert.Equal(t, indexDocument{ID: "act", Title: "Reception Act", Language: "en", Format: "markdown", Sections: 2, Passages: 2, Warnings: []string{}}, act)
	assert.Equal(t, "wall", wall.ID)
	assert.Equal(t, "text", wall.Format)
	assert.Equal(t, 1, wall.Sections)
	require.Len(t, wall.Warnings, 1)
	assert.True(t, strings.HasPrefix(wall.Warnings[0], "no structure found"), wall.Warnings[0])
	assert.Equal(t, act.Sections+wall.Sections, rep.Sections)
	assert.Equal(t, act.Passages+wall.Passages, rep.Passages, "per-document passages add up to the index's")
	assert.NotEmpty(t, rep.Fingerprint)
	assert.GreaterOrEqual(t, rep.Seconds, 0.0)
	require.Len(t, rep.Skipped, 2)
	assert.Equal(t, filepath.Join(dir, "README.md"), rep.Skipped[0].Path)
	assert.Contains(t, rep.Skipped[0].Reason, "README")
	assert.Equal(t, filepath.Join(dir, "scan.pdf"), rep.Skipped[1].Path)
	assert.Contains(t, rep.Skipped[1].Reason, "PDF is damaged or truncated")
}

func TestIndexHumanOutputSaysTheSame(t *testing.T) {
	dir := indexFixture(t)
	c := newCLI(t)
	out, _, code := c.run("--corpus", dir, "index")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "index built: 2 documents, ")
	assert.Contains(t, out, "  act (markdown, en): 2 sections, 2 passages: Reception Act\n")
	assert.Contains(t, out, "    warning: no structure found")
	assert.Contains(t, out, "  skipped "+filepath.Join(dir, "README.md")+": README")
	assert.Contains(t, out, "  skipped "+filepath.Join(dir, "scan.pdf")+": PDF is damaged or truncated: missing %EOF")
	assert.Contains(t, out, "fingerprint ")
}

// factsheetDir is a corpus directory holding only the shipped factsheet,
// for tests that need a one-document corpus.
func factsheetDir(t *testing.T) string {
	t.Helper()
	data, err := fs.ReadFile(corpus.Embedded(), "taking-stock-2024-03.md")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "taking-stock-2024-03.md"), data, 0o644))
	return dir
}

func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
