package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
	"pactbot/internal/shareddata"

	"pactbot/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

// cli runs pactbot in-process with its own data dir and environment.
type cli struct {
	t    *testing.T
	data string
	env  map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, data: t.TempDir(), env: map[string]string{}}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"--data", c.data}, args...)
	code = run(context.Background(), args, &out, &errOut, func(k string) string { return c.env[k] }, false, false)
	return out.String(), errOut.String(), code
}

// scoreRE matches BM25 scores, which move whenever ranking is tuned; the
// golden files pin everything else (the contract's shape, order, text).
var scoreRE = regexp.MustCompile(`"score":[0-9.eE+-]+`)

func golden(t *testing.T, name, got string) {
	t.Helper()
	got = scoreRE.ReplaceAllString(got, `"score":"<score>"`)
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create %s", path)
	assert.Equal(t, string(want), got)
}

func TestAskFromEmbeddedCorpusWithNoConfig(t *testing.T) {
	c := newCLI(t)
	out, errOut, code := c.run("ask", "How much money is earmarked for the Pact?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "€2 billion")
	assert.Contains(t, out, "[1]")
	assert.Contains(t, out, "Sources:\n[1] Taking stock of EU migration and asylum achievements › A new legislative framework on migration and asylum")
	golden(t, "ask-funding.txt", out)
}

func TestAskJSONContract(t *testing.T) {
	c := newCLI(t)
	out, errOut, code := c.run("ask", "--json", "How much money is earmarked for the Pact?")
	require.Equal(t, 0, code, errOut)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	for _, key := range []string{"question", "answer", "grounded", "mode", "citations", "passages"} {
		assert.Contains(t, got, key)
	}
	assert.Equal(t, true, got["grounded"])
	assert.Equal(t, "extractive", got["mode"])
	cit := got["citations"].([]any)[0].(map[string]any)
	for _, key := range []string{"n", "doc", "title", "section", "anchor", "url"} {
		assert.Contains(t, cit, key)
	}
	ps := got["passages"].([]any)
	for i := 1; i < len(ps); i++ {
		assert.GreaterOrEqual(t, ps[i-1].(map[string]any)["score"].(float64), ps[i].(map[string]any)["score"].(float64), "ranked by score")
	}
	p := ps[0].(map[string]any)
	assert.Positive(t, p["score"])
	for _, key := range []string{"rank", "score", "doc", "title", "section", "path", "anchor", "url", "text", "highlight"} {
		assert.Contains(t, p, key)
	}
	golden(t, "ask-funding.json", out)
}

func TestOffTopicIsNotGrounded(t *testing.T) {
	c := newCLI(t)
	for _, q := range []string{"What's the weather in Paris tomorrow?", "Who won the football match yesterday?", "recipe for lasagne", "my wifi router keeps disconnecting"} {
		out, errOut, code := c.run("ask", "--json", q)
		require.Equal(t, 0, code, errOut)
		var got struct {
			Grounded  bool
			Answer    string
			Citations []any
		}
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.False(t, got.Grounded, q)
		assert.Empty(t, got.Citations, q)
		assert.Contains(t, got.Answer, "don't cover", q)
	}
}

func TestSearchJSONAndQueriesFile(t *testing.T) {
	c := newCLI(t)
	out, errOut, code := c.run("search", "--json", "--top", "2", "Tunisia")
	require.Equal(t, 0, code, errOut)
	golden(t, "search-tunisia.json", out)

	qfile := filepath.Join(t.TempDir(), "q.txt")
	require.NoError(t, os.WriteFile(qfile, []byte("Tunisia\n\n# a comment\nreturns\n"), 0o644))
	out, errOut, code = c.run("search", "--json", "--queries", qfile)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, "one JSON object per query")
	for i, want := range []string{"Tunisia", "returns"} {
		var res struct{ Query string }
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &res))
		assert.Equal(t, want, res.Query)
	}
}

func TestIndexReportsAndRebuilds(t *testing.T) {
	c := newCLI(t)
	out, errOut, code := c.run("index")
	require.Equal(t, 0, code, errOut)
	shipped, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("index built: %d documents", len(shipped.Documents)), "every shipped document")
	out, _, _ = c.run("index")
	assert.Contains(t, out, "index up to date")
	out, _, _ = c.run("index", "--rebuild")
	assert.Contains(t, out, "index built")
}

func TestCorpusDirWithRawSeedText(t *testing.T) {
	seedPath := filepath.Join(shareddata.Dir(t, "seed"), "taking-stock-2024-03.txt")
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("read the shared seed: %v", err)
	}
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "taking-stock-2024-03.txt"), seed, 0o644))
	c := newCLI(t)
	out, errOut, code := c.run("--corpus", dir, "ask", "--json", "How much money is earmarked for the Pact?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "€2 billion")
	assert.Contains(t, out, `"section":"A new legislative framework on migration and asylum"`)
}

func TestBadDocumentIsReportedAndIndexExitsNonZero(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Good\n---\n# Good\n\nReturns are stepped up.\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: [unclosed\n---\n# Bad\n\nText.\n"), 0o644))
	c := newCLI(t)
	out, errOut, code := c.run("--corpus", dir, "index")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "1 documents")
	assert.Contains(t, errOut, "bad.md")

	out, errOut, code = c.run("--corpus", dir, "ask", "returns")
	assert.Equal(t, 0, code, "ask answers from the good documents")
	assert.Contains(t, out, "Returns are stepped up")
	assert.Contains(t, errOut, "bad.md")
}

func TestUsageErrors(t *testing.T) {
	c := newCLI(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: pactbot"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"ask"}, 2, "a question is required"},
		{[]string{"ask", "--tpo", "3", "q"}, 2, "flag provided but not defined: -tpo"},
		{[]string{"search"}, 2, "give a query or --queries FILE"},
		{[]string{"--config", "/nonexistent.yaml", "ask", "q"}, 1, "/nonexistent.yaml"},
	}
	for _, tc := range tests {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, tc.code, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}

func TestHelpAndVersion(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		out, errOut, code := c.run(args...)
		assert.Equal(t, 0, code, "%v: %s", args, errOut)
		assert.Contains(t, out, "usage: pactbot", "%v prints usage on stdout", args)
	}
	out, _, code := c.run("version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "pactbot "), out)
	_, errOut, code := c.run("no-such-command")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "no-such-command"`)
}

func TestBadInputGetsAClearError(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"search", "--top", "500", "asylum"},
		{"search", "--top", "-1", "asylum"},
		{"ask", "--top", "51", "asylum"},
	} {
		_, errOut, code := c.run(args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Contains(t, errOut, "must lie in 1..50", "%v", args)
	}
	// One 2,500-letter word is no typo of anything: answered as not
	// covered, not failed by the fuzzy matcher.
	out, errOut, code := c.run("ask", "--json", strings.Repeat("a", 2500))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"grounded":false`)

	out, errOut, code = c.run("ask", "--json", "🙂🇪🇺🤔")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"grounded":false`)
	assert.Contains(t, out, "in words")
}

func TestTerminalOutput(t *testing.T) {
	path := []string{"Asylum Procedure Regulation (Regulation (EU) 2024/1348)", "Chapter III: ADMINISTRATIVE PROCEDURE",
		"Section V: Safe country concepts", "Article 58: The concept of first country of asylum"}
	assert.Equal(t, "Asylum Procedure Regulation › Article 58: The concept of first country of asylum",
		sourceLabel(path[0], path, path[3]))
	assert.Equal(t, "Taking stock of EU migration and asylum achievements › Working with partner countries",
		sourceLabel("Taking stock of EU migration and asylum achievements",
			[]string{"Taking stock of EU migration and asylum achievements", "Working with partner countries"}, "Working with partner countries"))
	assert.Equal(t, "(Untitled)", shortTitle("(Untitled)"))
	assert.Equal(t, "1 answer", plural(1, "answer"))
	assert.Equal(t, "3 answers", plural(3, "answer"))

	res := index.Result{Query: "q", Hits: []index.Hit{{Rank: 1, Highlight: "the <mark>Tunisia</mark> partnership"}}}
	var plain, bold strings.Builder
	require.NoError(t, writeHits(&plain, res, false, false))
	require.NoError(t, writeHits(&bold, res, false, true))
	assert.Contains(t, plain.String(), "the Tunisia partnership")
	assert.Contains(t, bold.String(), "the \x1b[1mTunisia\x1b[0m partnership")

	// Error prefixes are not repeated ("pactbot eval: eval: …").
	c := newCLI(t)
	_, errOut, code := c.run("eval", filepath.Join(t.TempDir(), "missing.yaml"))
	assert.NotEqual(t, 0, code)
	assert.NotContains(t, errOut, "eval: eval:")
}

// TestREADMEComposeMatchesComposeFile keeps the README's compose snippet
// the compose.yaml a user runs.
func TestREADMEComposeMatchesComposeFile(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	compose, err := os.ReadFile(filepath.Join("..", "..", "compose.yaml"))
	require.NoError(t, err)
	var want []string
	for _, l := range strings.Split(string(compose), "\n") {
		if !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	marker := "`docker compose` (`compose.yaml`, as it is in the repository):\n\n```yaml\n"
	i := strings.Index(string(readme), marker)
	require.GreaterOrEqual(t, i, 0, "README has the compose snippet")
	rest := string(readme)[i+len(marker):]
	snippet := rest[:strings.Index(rest, "```")]
	assert.Equal(t, strings.TrimSpace(strings.Join(want, "\n")), strings.TrimSpace(snippet))
}
