package bench

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/internal/shareddata"
)

var update = flag.Bool("update", false, "rewrite testdata/vocab.txt and the golden files from their sources")

// pactDir is the realistic corpus the vocabulary is built from; tests that
// need it skip when it is absent.
const pactDir = "../../shared/corpora/pact2024"

// vocabSize is how many words the embedded vocabulary keeps.
const vocabSize = 4000

const vocabHeader = `# Vocabulary of the 2024 Pact legal acts (shared/corpora/pact2024), for the
# synthetic benchmark corpus. One line per word: spelling, count in body
# text, count in headings; the ` + "4000" + ` most frequent words, most frequent first.
# Regenerate: go test ./bench -run TestVocabFileMatchesPact -update
`

func TestVocabFileMatchesPact(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shareddata.Dir(t, "corpora", "pact2024"), "*.md"))
	if len(files) == 0 {
		t.Fatalf("no Markdown files in the pact2024 corpus")
	}
	c := NewCounter()
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		c.AddMarkdown(string(b))
	}
	v, err := c.Vocab(vocabSize)
	require.NoError(t, err)
	var buf bytes.Buffer
	buf.WriteString(vocabHeader)
	_, err = v.WriteTo(&buf)
	require.NoError(t, err)

	path := filepath.Join("testdata", "vocab.txt")
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), buf.String(), "vocab.txt is stale; rerun with -update")
}

func TestDefaultVocab(t *testing.T) {
	v, err := DefaultVocab()
	require.NoError(t, err)
	require.Len(t, v.Words, vocabSize)
	// Zipf-like: counts never rise, and the head dominates the tail.
	for i := 1; i < len(v.Words); i++ {
		require.LessOrEqual(t, v.Words[i].Count, v.Words[i-1].Count, "word %d %q", i, v.Words[i].Text)
	}
	assert.Greater(t, v.Words[0].Count, 100*v.Words[len(v.Words)-1].Count)
	texts := map[string]bool{}
	for _, w := range v.Words {
		texts[w.Text] = true
	}
	for _, w := range []string{"the", "Member", "application", "protection", "Regulation"} {
		assert.True(t, texts[w], "vocabulary lacks %q", w)
	}
}

func TestParseVocab(t *testing.T) {
	tests := []struct {
		name, in, err string
		words         int
	}{
		{name: "ok", in: "# c\nthe 10 1\nAccess 3 2\nprocedure 2 5\n", words: 3},
		{name: "fields", in: "the 10\n", err: "line 1: want 3 fields"},
		{name: "counts", in: "the x 1\n", err: "line 1: bad counts"},
		{name: "negative", in: "the -1 1\n", err: "line 1: bad counts"},
		{name: "no headings", in: "the 10 0\nprocedure 3 0\n", err: "lacks body, heading or content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseVocab(strings.NewReader(tt.in))
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Len(t, v.Words, tt.words)
		})
	}
}

func TestCounter(t *testing.T) {
	c := NewCounter()
	c.AddMarkdown("---\ntitle: Skipped words\n---\n# Access to the procedure\n\nThe applicant’s third-country access, access 12.\n")
	v, err := c.Vocab(10)
	require.NoError(t, err)
	got := map[string]Word{}
	for _, w := range v.Words {
		got[w.Text] = w
	}
	assert.Equal(t, Word{Text: "access", Count: 2, Headings: 1}, got["access"])
	assert.Equal(t, Word{Text: "applicant’s", Count: 1}, got["applicant’s"])
	assert.Equal(t, Word{Text: "third-country", Count: 1}, got["third-country"])
	assert.NotContains(t, got, "Skipped")
	assert.NotContains(t, got, "procedure", "heading-only words are not body words")
}
