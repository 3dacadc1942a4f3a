package corpus

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// checkGolden compares got, as indented JSON, with testdata/<name>; with
// -update it rewrites the file instead.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	b = append(b, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./corpus -run %s -update", t.Name())
	require.Equal(t, string(want), string(b), "golden %s differs; rerun with -update if the change is intended", path)
}

// readFixture reads testdata/<name> into a Document.
func readFixture(t *testing.T, name string) Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	doc, err := ReadDocument(name, data)
	require.NoError(t, err)
	return doc
}

// headingPaths lists each section's path.
func headingPaths(doc Document) [][]string {
	paths := make([][]string, len(doc.Sections))
	for i, s := range doc.Sections {
		paths[i] = s.Path
	}
	return paths
}
