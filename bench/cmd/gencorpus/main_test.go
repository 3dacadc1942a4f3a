package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

func TestRunWritesALoadableCorpus(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run([]string{"-passages", "500", "-seed", "3", "-out", dir}, &out))
	assert.Contains(t, out.String(), "500 passages")
	c, err := corpus.LoadDir(dir)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	require.NoError(t, err)
	assert.Len(t, c.Documents, len(files))
	n := 0
	for _, d := range c.Documents {
		n += len(d.Sections)
	}
	assert.Equal(t, 500, n, "every passage-sized section read back")
}

func TestRunNeedsOut(t *testing.T) {
	require.ErrorContains(t, run([]string{"-passages", "5"}, &bytes.Buffer{}), "need -out")
	require.ErrorContains(t, run([]string{"-out", t.TempDir(), "-passages", "0"}, &bytes.Buffer{}), "need -out")
}
