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
