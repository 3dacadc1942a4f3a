package bench

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

// bodySections counts the sections that carry text, i.e. the passages.
func bodySections(c corpus.Corpus) int {
	n := 0
	for _, d := range c.Documents {
		for _, s := range d.Sections {
			if s.Text != "" {
				n++
			}
		}
	}
	return n
}

func TestGenerateDeterministic(t *testing.T) {
	a, err := Generate(7, 3000)
	require.NoError(t, err)
	b, err := Generate(7, 3000)
	require.NoError(t, err)
	require.Equal(t, a, b)
	assert.Equal(t, a.Fingerprint, Fingerprint(b.Documents))

	c, err := Generate(8, 3000)
	require.NoError(t, err)
	assert.NotEqual(t, a.Fingerprint, c.Fingerprint)
	assert.NotEqual(t, a.Documents[0].Sections[0].Text, c.Documents[0].Sections[0].Text)
}

func TestGeneratePassageCount(t *testing.T) {
	for _, n := range []int{1, 2, 39, 40, 301, 5000} {
		c, err := Generate(int64(n), n)
		require.NoError(t, err)
		assert.Equal(t, n, bodySections(c), "passages for n=%d", n)
	}
}

var (
	articleRE = regexp.MustCompile(`^Article (\d+): \S`)
	partRE    = regexp.MustCompile(`^Part [IVXL]+: [^a-z]+$`)
	chapterRE = regexp.MustCompile(`^Chapter [IVXL]+: \S`)
)

func TestGenerateStructure(t *testing.T) {
	c, err := Generate(42, 2000)
	require.NoError(t, err)
	require.Greater(t, len(c.Documents), 5)
	ids := map[string]bool{}
	for _, d := range c.Documents {
		require.False(t, ids[d.ID], "duplicate id %s", d.ID)
		ids[d.ID] = true
		require.Equal(t, []string{d.Title}, d.Sections[0].Path)
		anchors := map[string]bool{}
		for i, s := range d.Sections[1:] {
			require.Equal(t, d.Title, s.Path[0])
			require.Equal(t, s.Heading, s.Path[len(s.Path)-1])
			require.Equal(t, len(s.Path), s.Level)
			require.False(t, anchors[s.Anchor], "duplicate anchor %s in %s", s.Anchor, d.ID)
			anchors[s.Anchor] = true
			switch s.Level {
			case 2:
				require.Regexp(t, partRE, s.Heading)
				require.Empty(t, s.Text)
			case 3:
				require.Regexp(t, chapterRE, s.Heading)
				require.Empty(t, s.Text)
			case 4:
				m := articleRE.FindStringSubmatch(s.Heading)
				require.NotNil(t, m, "heading %q", s.Heading)
				words := len(strings.Fields(s.Text))
				require.GreaterOrEqual(t, words, minArticleWords, "section %d of %s", i+1, d.ID)
				require.LessOrEqual(t, words, maxArticleWords+9, "section %d of %s", i+1, d.ID)
				require.True(t, strings.HasSuffix(s.Text, "."))
			default:
				t.Fatalf("level %d in %s", s.Level, d.ID)
			}
		}
	}
}

func TestQueries(t *testing.T) {
	a, err := Queries(1, 200)
	require.NoError(t, err)
	b, err := Queries(1, 200)
	require.NoError(t, err)
	require.Equal(t, a, b)
	c, err := Queries(2, 200)
	require.NoError(t, err)
	assert.NotEqual(t, a, c)
	distinct := map[string]bool{}
	for _, q := range a {
		require.NotEmpty(t, strings.TrimSpace(q))
		distinct[q] = true
	}
	assert.Greater(t, len(distinct), 190)
}

// TestGenerateGolden pins the generator's output: a change to it changes
// what the benchmarks measure, so it must be deliberate (-update).
func TestGenerateGolden(t *testing.T) {
	c, err := Generate(2024, 45)
	require.NoError(t, err)
	var b strings.Builder
	for _, d := range c.Documents {
		b.WriteString(Markdown(d))
	}
	q, err := Queries(2024, 10)
	require.NoError(t, err)
	b.WriteString("\n<!-- queries -->\n" + strings.Join(q, "\n") + "\n")
	b.WriteString("<!-- fingerprint " + c.Fingerprint + " -->\n")

	path := filepath.Join("testdata", "golden", "seed2024-45.md")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

func TestWriteCorpus(t *testing.T) {
	c, err := Generate(3, 100)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, WriteCorpus(dir, c))
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	require.NoError(t, err)
	assert.Len(t, files, len(c.Documents))
	got, err := os.ReadFile(filepath.Join(dir, c.Documents[0].ID+".md"))
	require.NoError(t, err)
	assert.Equal(t, Markdown(c.Documents[0]), string(got))
	assert.True(t, strings.HasPrefix(string(got), "---\ntitle: \"Regulation (EU) "))
}

func TestRomanAndSlug(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{1, "I"}, {4, "IV"}, {9, "IX"}, {14, "XIV"}, {39, "XXXIX"}, {40, "40"}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, roman(tt.n))
	}
	assert.Equal(t, "article-12-access-to-the-procedure", slug("Article 12: Access to the procedure"))
	assert.Equal(t, "part-ii-common-framework", slug("Part II: COMMON FRAMEWORK"))
}

// TestMarkdownReadsBack holds Markdown to its promise: the corpus reader
// recovers every document's metadata and every section with text, so a corpus written with
// WriteCorpus indexes like the generated one.
func TestMarkdownReadsBack(t *testing.T) {
	c, err := Generate(5, 400)
	require.NoError(t, err)
	for _, d := range c.Documents {
		got, err := corpus.ReadDocument(d.File, []byte(Markdown(d)))
		require.NoError(t, err)
		assert.Equal(t, d.ID, got.ID)
		assert.Equal(t, d.Title, got.Title)
		assert.Equal(t, d.URL, got.URL)
		assert.Equal(t, d.Date, got.Date)
		// The reader keeps only headings with text of their own; the
		// others live on in the paths below them.
		var want []corpus.Section
		for _, s := range d.Sections {
			if s.Text != "" {
				want = append(want, s)
			}
		}
		require.Len(t, got.Sections, len(want), d.ID)
		for i, s := range want {
			g := got.Sections[i]
			require.Equal(t, s.Path, g.Path, "%s section %d", d.ID, i)
			require.Equal(t, s.Level, g.Level, "%s section %d", d.ID, i)
			require.Equal(t, s.Text, g.Text, "%s section %d", d.ID, i)
		}
	}
}
