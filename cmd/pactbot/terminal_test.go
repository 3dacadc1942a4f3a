package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/review"
)

// escapes are what a hostile document, answer or question could carry:
// colours, a screen clear, a window-title OSC, a cursor move, a carriage
// return that overwrites the line, a C1 CSI and a bidi override.
const escapes = "\x1b[31m\x1b[2J\x1b]0;owned\x07\x1b[10A\r\u009b31m\u202e"

func escapeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeDoc(t, dir, "hostile.md", "---\ntitle: Hostile Guide\n---\n# Hostile Guide\n\n"+
		"## Readmission "+escapes+"rules\n\nReadmission agreements "+escapes+"govern the return of people without a right to stay.\n")
	return dir
}

func assertNoEscapes(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\r", "\u009b", "\u202e", "\x07"} {
		assert.NotContains(t, out, bad, "%s: %q", what, out)
	}
}

func TestHumanOutputStripsTerminalEscapes(t *testing.T) {
	c := newCLI(t)
	dir := escapeCorpus(t)
	for _, args := range [][]string{
		{"search", "readmission agreements"},
		{"search", "--explain", "readmission agreements"},
		{"ask", "what are readmission agreements"},
		{"ask", "--explain", "what are readmission agreements"},
		{"index"},
	} {
		out, stderr, code := c.run(append([]string{"--corpus", dir}, args...)...)
		require.Equal(t, 0, code, stderr)
		name := strings.Join(args, " ")
		assertNoEscapes(t, name+" (stdout)", out)
		assertNoEscapes(t, name+" (stderr)", stderr)
		if args[0] != "index" {
			assert.Contains(t, out, "Readmission", name)
		}
	}

	// JSON keeps the text, escaped by encoding/json.
	out, _, code := c.run("--corpus", dir, "search", "--json", "readmission agreements")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `\u001b[31m`)
	assert.NotContains(t, out, "\x1b")
}

func TestSearchBoldSurvivesCleaning(t *testing.T) {
	c := newCLI(t)
	dir := escapeCorpus(t)
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"--data", c.data, "--corpus", dir, "search", "readmission"}, &out, &errOut,
		func(string) string { return "" }, false, true)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "\x1b[1m", "our own bold on a terminal")
	assert.NotContains(t, out.String(), "\x1b[31m")
	assert.NotContains(t, out.String(), "\x1b]0;")
}

func TestReviewOutputStripsTerminalEscapes(t *testing.T) {
	c := newCLI(t)
	st, err := review.Open(filepath.Join(c.data, "pactbot.db"))
	require.NoError(t, err)
	id, err := st.RecordAnswer(context.Background(), &review.Record{
		Question: "what is " + escapes + "readmission", Answer: "It is " + escapes + "return.", Mode: "extractive",
		Grounded: true, UserHash: "u1",
	})
	require.NoError(t, err)
	require.NoError(t, st.Close())
	for _, args := range [][]string{{"review", "list"}, {"review", "show", strconv.FormatInt(id, 10)}} {
		out, stderr, code := c.run(args...)
		require.Equal(t, 0, code, stderr)
		assertNoEscapes(t, strings.Join(args, " "), out)
		assert.Contains(t, out, "readmission")
	}
}
