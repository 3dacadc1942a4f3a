package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eurlexFake serves the EUR-Lex excerpt fixture for one CELEX and language
// and records the requests it got.
type eurlexFake struct {
	mu       sync.Mutex
	requests []*http.Request
	page     []byte
}

func (f *eurlexFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.mu.Unlock()
	switch {
	case r.URL.Path != "/legal-content/SV/TXT/HTML/":
		http.NotFound(w, r)
	case r.URL.Query().Get("uri") == "CELEX:32024R1359":
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		_, _ = w.Write(f.page)
	case r.URL.Query().Get("uri") == "CELEX:32024R9999":
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		_, _ = w.Write([]byte("<html><body><h1>The requested document does not exist.</h1><p>Try a search.</p></body></html>"))
	case r.URL.Query().Get("uri") == "CELEX:32024R0001":
		time.Sleep(time.Second)
	default:
		http.NotFound(w, r)
	}
}

func newEURLexFake(t *testing.T) (*eurlexFake, *cli) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "eurlex-32024R1359-sv-excerpt.html"))
	require.NoError(t, err)
	fake := &eurlexFake{page: page}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	c := newCLI(t)
	c.env[eurlexBaseEnv] = srv.URL
	return fake, c
}

func TestCorpusFetchSavesTheAct(t *testing.T) {
	fake, c := newEURLexFake(t)
	dir := filepath.Join(t.TempDir(), "acts")
	out, errOut, code := c.run("corpus", "fetch", "celex:32024r1359", "--lang", "SV", "--to", dir)
	require.Equal(t, 0, code, errOut)
	path := filepath.Join(dir, "eurlex-32024R1359-sv.html")
	assert.Equal(t, "saved "+path+": EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) 2024/1359 (sv, 3 sections, 22 KB)\n", out)
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, fake.page, saved)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")

	require.Len(t, fake.requests, 1)
	assert.True(t, strings.HasPrefix(fake.requests[0].UserAgent(), "pactbot/"), fake.requests[0].UserAgent())
	assert.Contains(t, fake.requests[0].UserAgent(), "bot")

	out, errOut, code = c.run("--corpus", dir, "search", "--json", "solidaritetsåtgärder")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"doc":"eurlex-32024R1359-sv"`, "the fetched act is a corpus document")
	assert.Contains(t, out, `"section":"Artikel `, "cited by article")
}

func TestCorpusFetchDefaultsToTheCorpusDir(t *testing.T) {
	_, c := newEURLexFake(t)
	dir := t.TempDir()
	_, errOut, code := c.run("--corpus", dir, "corpus", "fetch", "32024R1359", "--lang", "sv")
	require.Equal(t, 0, code, errOut)
	assert.FileExists(t, filepath.Join(dir, "eurlex-32024R1359-sv.html"))
}

func TestCorpusFetchErrors(t *testing.T) {
	_, c := newEURLexFake(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no CELEX", []string{"corpus", "fetch", "--to", "x"}, 2, "give one CELEX number"},
		{"not a CELEX", []string{"corpus", "fetch", "2024/1359", "--to", "x"}, 2, `"2024/1359" is not a CELEX number`},
		{"path in CELEX", []string{"corpus", "fetch", "32024R1359/../x", "--to", "x"}, 2, "is not a CELEX number"},
		{"unknown language", []string{"corpus", "fetch", "32024R1359", "--lang", "xx", "--to", "x"}, 2, `--lang "xx": want one of bg`},
		{"nowhere to save", []string{"corpus", "fetch", "32024R1359"}, 2, "--to DIR"},
		{"no corpus command", []string{"corpus"}, 2, "a corpus command is required"},
		{"not found", []string{"corpus", "fetch", "32024R1358", "--lang", "sv", "--to", "DIR"}, 1, "404 Not Found"},
		{"not an act", []string{"corpus", "fetch", "32024R9999", "--lang", "sv", "--to", "DIR"}, 1, "is not an act's text"},
		{"timeout", []string{"corpus", "fetch", "32024R0001", "--lang", "sv", "--to", "DIR", "--timeout", "200ms"}, 1, "timed out after 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range tt.args {
				if a == "DIR" {
					tt.args[i] = dir
				}
			}
			_, errOut, code := c.run(tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			assert.Contains(t, errOut, tt.want)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing is written when the fetch fails")
		})
	}
}
