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
	assert.Contains(t, out, "questions         3      (2 covered, 1 off-topic)")
	assert.Contains(t, out, "recall@3          1.000  (2/2)")
	assert.Contains(t, out, "refusal accuracy  1.000  (1/1 off-topic refused)")
}

func TestEvalCommandJSON(t *testing.T) {
	out, _, err := runEvalArgs(t, "--json", "--retrieval", evalFile(t))
	require.NoError(t, err)
	var rep eval.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 3, rep.N)
	assert.False(t, rep.Asked)
	assert.Equal(t, 1.0, rep.RecallAt3)
	require.Len(t, rep.PerQuestion, 3)
	assert.Equal(t, 1, rep.PerQuestion[0].Rank)
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
