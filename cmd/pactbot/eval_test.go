package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/eval"
	"pactbot/index"
)

// evalFile writes a small question file over the embedded seed document.
func evalFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "q.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`
- id: money
  q: How much money is earmarked for the Pact?
  doc: taking-stock-2024-03
  section: A new legislative framework on migration and asylum
  fact: €2 billion
- id: tunisia
  q: what deal did the EU make with Tunisia
  doc: taking-stock-2024-03
  section: Working with partner countries
- id: weather
  q: will it rain in brussels tomorrow
  covered: false
- id: wetter
  lang: de
  q: regnet es morgen in brüssel
  covered: false
`), 0o644))
	return path
}

func runEvalArgs(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	err := runEval(context.Background(), a, append([]string{"--data", t.TempDir()}, args...))
	return stdout.String(), stderr.String(), err
}

func TestEvalCommandText(t *testing.T) {
	out, _, err := runEvalArgs(t, evalFile(t))
	require.NoError(t, err)
	assert.Contains(t, out, "questions         4      (2 covered, 2 off-topic)")
	assert.Contains(t, out, "recall@3          1.000  (2/2)")
	assert.Contains(t, out, "refusal accuracy  1.000  (2/2 off-topic refused)")
}

// TestEvalCommandGolden pins the whole text report: the metrics, the
// retriever table (vector and hybrid n/a: the embedded index has no
// vectors) and the language table. Refresh with go test ./cmd/pactbot -update.
func TestEvalCommandGolden(t *testing.T) {
	out, _, err := runEvalArgs(t, evalFile(t))
	require.NoError(t, err)
	golden(t, "eval-report.txt", out)
}

func TestEvalCommandModes(t *testing.T) {
	tests := []struct {
		mode      string
		wantModes []index.Mode
		available []bool
	}{
		{"all", []index.Mode{index.ModeBM25, index.ModeVector, index.ModeHybrid}, []bool{true, false, false}},
		{"bm25", []index.Mode{index.ModeBM25}, []bool{true}},
		{"vector", []index.Mode{index.ModeVector}, []bool{false}},
		{"hybrid", []index.Mode{index.ModeHybrid}, []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			out, _, err := runEvalArgs(t, "--json", "--retrieval", "--mode", tt.mode, evalFile(t))
			require.NoError(t, err)
			var rep eval.Report
			require.NoError(t, json.Unmarshal([]byte(out), &rep))
			var modes []index.Mode
			var available []bool
			for _, m := range rep.ByMode {
				modes = append(modes, m.Mode)
				available = append(available, m.Available)
			}
			assert.Equal(t, tt.wantModes, modes)
			assert.Equal(t, tt.available, available)
			assert.Equal(t, index.ModeBM25, rep.Retrieval, "the index has no vectors: BM25 serves every mode")
			assert.Equal(t, 1.0, rep.RecallAt3, "the top-level numbers are what was served, not zeros")
		})
	}
	_, _, err := runEvalArgs(t, "--mode", "dense", evalFile(t))
	require.ErrorIs(t, err, errUsage)
	assert.Contains(t, err.Error(), `--mode "dense"`)
}

func TestEvalCommandJSON(t *testing.T) {
	out, _, err := runEvalArgs(t, "--json", "--retrieval", evalFile(t))
	require.NoError(t, err)
	var rep eval.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 4, rep.N)
	assert.False(t, rep.Asked)
	assert.Equal(t, 1.0, rep.RecallAt3)
	require.Len(t, rep.PerQuestion, 4)
	assert.Equal(t, 1, rep.PerQuestion[0].Rank)
	assert.Equal(t, "en", rep.PerQuestion[0].Lang)
	require.Len(t, rep.ByLang, 2)
	assert.Equal(t, "de", rep.ByLang[0].Lang)
	assert.Equal(t, 1, rep.ByLang[0].N)
	require.Len(t, rep.ByMode, 3)
	assert.Equal(t, "n/a (no embeddings configured)", rep.ByMode[1].Note)
}

func TestEvalCommandGate(t *testing.T) {
	out, _, err := runEvalArgs(t, "--retrieval", "--min-refusal", "0.5", evalFile(t))
	require.ErrorIs(t, err, eval.ErrBelowThreshold)
	assert.Contains(t, err.Error(), "refusals not measured")
	assert.Contains(t, out, "recall@1", "the report is printed before the gate fails")
}

func TestEvalCommandUsage(t *testing.T) {
	_, _, err := runEvalArgs(t)
	require.ErrorIs(t, err, errUsage)
	_, _, err = runEvalArgs(t, filepath.Join(t.TempDir(), "missing.yaml"))
	require.ErrorContains(t, err, "missing.yaml")
}

func TestEvalAgainstTheWrongCorpusSaysSo(t *testing.T) {
	c := newCLI(t)
	qs := filepath.Join(t.TempDir(), "qs.yaml")
	require.NoError(t, os.WriteFile(qs, []byte("- id: a\n  q: can they lock me up\n  doc: rcd-32024L1346\n  articles: [\"10\"]\n"), 0o644))
	// A corpus with the factsheet only: the directive the question expects is not in it.
	_, errOut, code := c.run("--corpus", factsheetDir(t), "eval", qs)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "none of the documents the questions expect (rcd-32024L1346)")
}
