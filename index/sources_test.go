package index

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// laterCache opens the source cache of dataDir with a clock an hour ahead,
// so that files just written are not racy.
func laterCache(dataDir string) *SourceCache {
	sc := OpenSourceCache(dataDir)
	sc.now = func() time.Time { return time.Now().Add(time.Hour) }
	return sc
}

func writeCorpusFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

// scanSaved scans dir with a fresh cache read from dataDir, saves it and
// returns the state.
func scanSaved(t *testing.T, dataDir, dir string) SourceState {
	t.Helper()
	sc := laterCache(dataDir)
	st, err := sc.Scan(dir)
	require.NoError(t, err)
	require.NoError(t, sc.Save())
	return st
}

func TestSourceCacheDetectsChanges(t *testing.T) {
	base := map[string]string{
		"a.md":     "---\ntitle: A\n---\n# A\n\nalpha text\n",
		"sub/b.md": "---\ntitle: B\n---\n# B\n\nbeta text\n",
	}
	tests := []struct {
		name     string
		change   func(t *testing.T, dir string)
		same     bool // the state digest is unchanged
		wantRead int
	}{
		{"unchanged", func(*testing.T, string) {}, true, 0},
		{"touched, same content", func(t *testing.T, dir string) {
			later := time.Now().Add(-time.Minute)
			require.NoError(t, os.Chtimes(filepath.Join(dir, "a.md"), later, later))
		}, true, 1},
		{"modified", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\ntitle: A\n---\n# A\n\nALPHA text\n"), 0o644))
		}, false, 1},
		{"added", func(t *testing.T, dir string) {
			writeCorpusFiles(t, dir, map[string]string{"c.md": "# C\n\ngamma\n"})
		}, false, 1},
		{"removed", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "sub/b.md")))
		}, false, 0},
		{"hidden file added", func(t *testing.T, dir string) {
			writeCorpusFiles(t, dir, map[string]string{".notes.md": "x", ".git/HEAD": "ref"})
		}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir, dir := t.TempDir(), t.TempDir()
			writeCorpusFiles(t, dir, base)
			first := scanSaved(t, dataDir, dir)
			assert.Equal(t, 2, first.Read, "first scan reads every file")

			tt.change(t, dir)
			st := scanSaved(t, dataDir, dir)
			assert.Equal(t, tt.wantRead, st.Read, "files read again")
			if tt.same {
				assert.Equal(t, first.Digest, st.Digest)
			} else {
				assert.NotEqual(t, first.Digest, st.Digest)
			}
		})
	}
}

func TestSourceCacheRereadsSameSizeAndTimeOtherInode(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Log("inodes are compared on Linux only; elsewhere the racy rule and size and time decide")
		return
	}
	dataDir, dir := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "a.md")
	writeCorpusFiles(t, dir, map[string]string{"a.md": "# A\n\nalpha\n"})
	info, err := os.Stat(path)
	require.NoError(t, err)
	first := scanSaved(t, dataDir, dir)

	// Same size, same modification time, new inode (written aside and
	// renamed over, as editors and rsync do).
	tmp := filepath.Join(dir, "a.md.new")
	require.NoError(t, os.WriteFile(tmp, []byte("# A\n\nomega\n"), 0o644))
	require.NoError(t, os.Chtimes(tmp, info.ModTime(), info.ModTime()))
	require.NoError(t, os.Rename(tmp, path))

	st := scanSaved(t, dataDir, dir)
	assert.Equal(t, 1, st.Read)
	assert.NotEqual(t, first.Digest, st.Digest, "new content seen")
}

func TestSourceCacheDoesNotTrustRacyEntries(t *testing.T) {
	dataDir, dir := t.TempDir(), t.TempDir()
	writeCorpusFiles(t, dir, map[string]string{"a.md": "# A\n\nalpha\n"})
	sc := OpenSourceCache(dataDir) // real clock: the file was written just now
	_, err := sc.Scan(dir)
	require.NoError(t, err)
	require.NoError(t, sc.Save())

	st, err := OpenSourceCache(dataDir).Scan(dir)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Read, "an entry recorded in the same instant as the write is read again")
}

func TestSourceCacheCorruptFileIsIgnored(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":       "{not json",
		"wrong version": `{"version": 99, "dirs": {}, "states": {}}`,
		"null entries":  `{"version": 1, "dirs": {"/x": null}, "states": {"k": null, "l": {"key": ""}}}`,
		"empty":         "",
	} {
		t.Run(name, func(t *testing.T) {
			dataDir, dir := t.TempDir(), t.TempDir()
			writeCorpusFiles(t, dir, map[string]string{"a.md": "# A\n\nalpha\n"})
			require.NoError(t, os.MkdirAll(filepath.Join(dataDir, "index"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dataDir, "index", sourcesFile), []byte(content), 0o644))

			sc := laterCache(dataDir)
			st, err := sc.Scan(dir)
			require.NoError(t, err)
			assert.Equal(t, 1, st.Read)
			_, ok := sc.Lookup(st, Options{}, nil)
			assert.False(t, ok)
			require.NoError(t, sc.Remember(st, Options{}, "k1", map[string]int{"n": 1}))
			require.NoError(t, sc.Save())

			var sum map[string]int
			key, ok := laterCache(dataDir).Lookup(st, Options{}, &sum)
			assert.True(t, ok)
			assert.Equal(t, "k1", key)
			assert.Equal(t, 1, sum["n"])
		})
	}
}

func TestSourceCacheLookupDependsOnSettings(t *testing.T) {
	dataDir, dir := t.TempDir(), t.TempDir()
	writeCorpusFiles(t, dir, map[string]string{"a.md": "# A\n\nalpha\n"})
	sc := laterCache(dataDir)
	st, err := sc.Scan(dir)
	require.NoError(t, err)
	require.NoError(t, sc.Remember(st, Options{Glossary: testGlossary()}, "k1", nil))

	_, ok := sc.Lookup(st, Options{Glossary: testGlossary()}, nil)
	assert.True(t, ok)
	_, ok = sc.Lookup(st, Options{Glossary: testGlossary(), PassageWords: DefaultPassageWords}, nil)
	assert.True(t, ok, "the default passage size, spelt out, is the same setting")
	_, ok = sc.Lookup(st, Options{}, nil)
	assert.False(t, ok, "another glossary")
	_, ok = sc.Lookup(st, Options{Glossary: testGlossary(), PassageWords: 50}, nil)
	assert.False(t, ok, "another passage size")

	sc.exe = func() (string, error) { return filepath.Join(dir, "a.md"), nil }
	other, err := sc.Scan(dir)
	require.NoError(t, err)
	assert.NotEqual(t, st.Digest, other.Digest, "another binary may read the files differently")
}

func TestOpenBuiltOpensByKeyAndSurvivesACrashedRebuild(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	opts := Options{Glossary: testGlossary()}
	ix := mustOpen(t, dataDir, c, opts)
	key := ix.Fingerprint()
	require.NoError(t, ix.Close())

	ix, err := OpenBuilt(dataDir, key, opts)
	require.NoError(t, err)
	assert.Equal(t, key, ix.Fingerprint())
	assert.False(t, ix.Stats().Built)
	hits, err := ix.Search(t.Context(), "asylum", 3)
	require.NoError(t, err)
	assert.NotEmpty(t, hits.Hits)
	require.NoError(t, ix.Close())

	// A rebuild stopped half-way (as a crash or Ctrl-C would) leaves the
	// old build current.
	stopped := opts
	stopped.Rebuild = true
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	stopped.Context = ctx
	_, err = Open(dataDir, c, stopped)
	require.Error(t, err)
	// A half-written build directory, as a kill -9 leaves one.
	require.NoError(t, os.MkdirAll(filepath.Join(dataDir, "index", key, buildPrefix+"crashed", bleveDir), 0o755))
	ix, err = OpenBuilt(dataDir, key, opts)
	require.NoError(t, err, "the old build still serves")
	require.NoError(t, ix.Close())

	for _, k := range []string{"", "../x", "0123456789abcdef0123"} {
		_, err = OpenBuilt(dataDir, k, opts)
		require.ErrorIs(t, err, ErrNotBuilt, k)
	}
}

func TestOpenBuiltRefusesABuildOfAnotherKey(t *testing.T) {
	dataDir := t.TempDir()
	opts := Options{Glossary: testGlossary()}
	ix := mustOpen(t, dataDir, policyCorpus(), opts)
	key := ix.Fingerprint()
	require.NoError(t, ix.Close())
	other := "ffffffffffffffffffff"
	require.NoError(t, os.Rename(filepath.Join(dataDir, "index", key), filepath.Join(dataDir, "index", other)))
	_, err := OpenBuilt(dataDir, other, opts)
	require.ErrorIs(t, err, ErrNotBuilt)
}
