package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"pactbot/internal/shareddata"
)

// TestMarkdownPact2024Golden pins every section of the nine Pact acts:
// its heading path, anchor, and a digest of its text. The golden file was
// written by the regular-expression reader before the switch to goldmark,
// so the two read every section identically.
func TestMarkdownPact2024Golden(t *testing.T) {
	dir := shareddata.Dir(t, "corpora", "pact2024")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	require.NoError(t, err)
	require.Len(t, files, 9)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		doc, err := ReadDocument(filepath.Base(f), data)
		require.NoError(t, err)
		fmt.Fprintf(&b, "# %s | %s | %s | %s | %s\n", doc.ID, doc.Title, doc.URL, doc.CELEX, doc.Language)
		for _, s := range doc.Sections {
			sum := sha256.Sum256([]byte(s.Text))
			fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", strings.Join(s.Path[1:], " › "), s.Anchor, len(s.Text), hex.EncodeToString(sum[:8]))
		}
	}
	path := filepath.Join("testdata", "pact2024-sections.golden.txt")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./corpus -run %s -update", t.Name())
	require.Equal(t, string(want), b.String(), "a section of the Pact acts reads differently")
}

func TestMarkdownCommonMark(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		paths [][]string
		texts []string
	}{{
		name:  "setext headings",
		in:    "Guide\n=====\n\nIntro.\n\nScope\n-----\n\nBody.\n",
		paths: [][]string{{"Guide"}, {"Guide", "Scope"}},
		texts: []string{"Intro.", "Body."},
	}, {
		name:  "reference links and autolinks",
		in:    "# Doc\n\nSee [the directive][rcd] and [EUR-Lex] or <https://eur-lex.europa.eu>.\n\n[rcd]: https://eur-lex.europa.eu/eli/dir/2024/1346/oj \"RCD\"\n[eur-lex]: https://eur-lex.europa.eu\n",
		paths: [][]string{{"Doc"}},
		texts: []string{"See the directive (https://eur-lex.europa.eu/eli/dir/2024/1346/oj) and EUR-Lex (https://eur-lex.europa.eu) or https://eur-lex.europa.eu."},
	}, {
		name:  "entities and escapes",
		in:    "# R&amp;D &copy; EU\n\nCaf&eacute; &#8364;5 &#x20AC;6, \\*not emphasis\\*, a\\_b, 1\\. not a list, `a &amp; b`.\n",
		paths: [][]string{{"R&D © EU"}},
		texts: []string{"Café €5 €6, *not emphasis*, a_b, 1. not a list, a &amp; b."},
	}, {
		name:  "CRLF line ends",
		in:    "# Doc\r\n\r\nLine one\r\nline two.\r\n\r\n- a\r\n- b\r\n",
		paths: [][]string{{"Doc"}},
		texts: []string{"Line one line two.\n\n- a\n- b"},
	}, {
		name:  "numbered paragraphs of an act stay one block each",
		in:    "# Act\n\n## Article 1\n\n1. Member States shall ensure access.\n\n2. Without prejudice to paragraph 1:\n\n(a) first;\n\n(b) second.\n",
		paths: [][]string{{"Act", "Article 1"}},
		texts: []string{"1. Member States shall ensure access.\n\n2. Without prejudice to paragraph 1:\n\n(a) first;\n\n(b) second."},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadDocument("notes.md", []byte(tt.in))
			require.NoError(t, err)
			require.Equal(t, tt.paths, headingPaths(doc))
			for i, want := range tt.texts {
				require.Equal(t, want, doc.Sections[i].Text)
			}
		})
	}
}
