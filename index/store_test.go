package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

func buildDirs(t *testing.T, dataDir string) []string {
	t.Helper()
	var out []string
	keys, err := os.ReadDir(filepath.Join(dataDir, "index"))
	require.NoError(t, err)
	for _, k := range keys {
		entries, err := os.ReadDir(filepath.Join(dataDir, "index", k.Name()))
		require.NoError(t, err)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), buildPrefix) {
				out = append(out, filepath.Join(k.Name(), e.Name()))
			}
		}
	}
	return out
}

func mustOpen(t *testing.T, dataDir string, c *corpus.Corpus, opts Options) *Index {
	t.Helper()
	ix, err := Open(dataDir, c, opts)
	require.NoError(t, err)
	return ix
}

func TestOpenReusesAndRebuildsWhenStale(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	opts := Options{Glossary: testGlossary()}

	ix := mustOpen(t, dataDir, c, opts)
	assert.True(t, ix.Stats().Built)
	assert.Equal(t, 2, ix.Stats().Documents)
	assert.Equal(t, 7, ix.Stats().Sections)
	assert.Equal(t, 7, ix.Stats().Passages)
	key := ix.Fingerprint()
	require.NoError(t, ix.Close())

	ix = mustOpen(t, dataDir, c, opts)
	assert.False(t, ix.Stats().Built, "same corpus and settings: reused")
	assert.Equal(t, key, ix.Fingerprint())
	assert.Equal(t, 7, ix.Stats().Passages)
	assert.Positive(t, ix.Stats().BuildTime)
	require.NoError(t, ix.Close())

	changed := policyCorpus()
	changed.Documents[0].Sections[1].Text = "Member States step up returns; voluntary departure comes first."
	reworded := policyCorpus()
	reworded.Fingerprint = "test-fingerprint-2"
	stale := []struct {
		name string
		c    *corpus.Corpus
		opts Options
	}{
		{"section text", changed, opts},
		{"corpus fingerprint", reworded, opts},
		{"passage size", c, Options{Glossary: testGlossary(), PassageWords: 60}},
		{"glossary", c, Options{Glossary: testGlossary()[:2]}},
	}
	for _, tt := range stale {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustOpen(t, dataDir, tt.c, tt.opts)
			defer ix.Close()
			assert.True(t, ix.Stats().Built)
			assert.NotEqual(t, key, ix.Fingerprint())
		})
	}

	// The changed section is what the rebuilt index serves.
	ix = mustOpen(t, dataDir, changed, opts)
	defer ix.Close()
	assert.False(t, ix.Stats().Built)
	res, err := ix.Search(context.Background(), "voluntary departure", 1)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Contains(t, res.Hits[0].Text, "returns; voluntary departure")
}

func TestRebuildOptionSwitchesBuilds(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	var calls [][2]int
	ix := mustOpen(t, dataDir, c, Options{Progress: func(d, n int) { calls = append(calls, [2]int{d, n}) }})
	require.NoError(t, ix.Close())
	assert.Equal(t, [][2]int{{0, 7}, {7, 7}}, calls)
	first := buildDirs(t, dataDir)
	require.Len(t, first, 1)

	ix = mustOpen(t, dataDir, c, Options{Rebuild: true})
	defer ix.Close()
	assert.True(t, ix.Stats().Built)
	second := buildDirs(t, dataDir)
	require.Len(t, second, 1, "the replaced build is removed")
	assert.NotEqual(t, first, second)
}

func TestHalfWrittenBuildLeavesOldIndexServing(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	ix := mustOpen(t, dataDir, c, Options{})
	key := ix.Fingerprint()
	require.NoError(t, ix.Close())
	good := buildDirs(t, dataDir)

	// A rebuild dies half-way (a panic in the middle of indexing stands in
	// for a kill): its directory is left behind, CURRENT is untouched.
	func() {
		defer func() { require.NotNil(t, recover()) }()
		Open(dataDir, c, Options{Rebuild: true, Progress: func(done, total int) {
			if done > 0 {
				panic("killed")
			}
		}})
	}()
	// And a crashed writer left a temp pointer file.
	tmp := filepath.Join(dataDir, "index", key, currentFile+".tmp-crash")
	require.NoError(t, os.WriteFile(tmp, []byte("build-x"), 0o600))
	require.Len(t, buildDirs(t, dataDir), 2)

	ix = mustOpen(t, dataDir, c, Options{})
	defer ix.Close()
	assert.False(t, ix.Stats().Built, "the old build serves")
	res, err := ix.Search(context.Background(), "migrant smuggling", 1)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Equal(t, good, buildDirs(t, dataDir), "the half-written build is removed")
	assert.NoFileExists(t, tmp)
}

func TestBuildInProgressIsNotRemoved(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	ix := mustOpen(t, dataDir, c, Options{})
	root := filepath.Join(dataDir, "index", ix.Fingerprint())
	require.NoError(t, ix.Close())

	// Another process is building: its directory is locked.
	busy := filepath.Join(root, buildPrefix+"busy")
	require.NoError(t, os.MkdirAll(busy, 0o755))
	l, err := tryLock(filepath.Join(busy, lockFile), true)
	require.NoError(t, err)
	defer l.release()

	ix = mustOpen(t, dataDir, c, Options{})
	require.NoError(t, ix.Close())
	assert.DirExists(t, busy)
}

func TestOpenFailsFastWhenLocked(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	ix := mustOpen(t, dataDir, c, Options{})
	root := filepath.Join(dataDir, "index", ix.Fingerprint())
	require.NoError(t, ix.Close())
	cur, err := readCurrent(root)
	require.NoError(t, err)

	// Someone holds the Bleve index open for writing.
	w, err := bleve.Open(filepath.Join(root, cur, bleveDir))
	require.NoError(t, err)
	defer w.Close()

	start := time.Now()
	_, err = Open(dataDir, c, Options{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrLocked), "%v", err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestTwoReadersShareABuild(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	a := mustOpen(t, dataDir, c, Options{})
	defer a.Close()
	b := mustOpen(t, dataDir, c, Options{})
	defer b.Close()
	for _, ix := range []*Index{a, b} {
		res, err := ix.Search(context.Background(), "interview recorded", 1)
		require.NoError(t, err)
		require.NotEmpty(t, res.Hits)
	}
}

func TestCloseTwice(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), policyCorpus(), Options{})
	require.NoError(t, ix.Close())
	assert.NotPanics(t, func() {
		assert.NoError(t, ix.Close(), "a second Close is a no-op")
	})
}

func TestUnusedKeysAreRemoved(t *testing.T) {
	dataDir := t.TempDir()
	old := policyCorpus()
	old.Fingerprint = "old"
	ix := mustOpen(t, dataDir, old, Options{})
	oldRoot := filepath.Join(dataDir, "index", ix.Fingerprint())
	require.NoError(t, ix.Close())
	recent := policyCorpus()
	recent.Fingerprint = "recent"
	ix = mustOpen(t, dataDir, recent, Options{})
	recentRoot := filepath.Join(dataDir, "index", ix.Fingerprint())
	require.NoError(t, ix.Close())

	long := time.Now().Add(-unusedKeyTTL - time.Hour)
	require.NoError(t, os.Chtimes(filepath.Join(oldRoot, currentFile), long, long))

	ix = mustOpen(t, dataDir, policyCorpus(), Options{})
	require.NoError(t, ix.Close())
	assert.NoDirExists(t, oldRoot)
	assert.DirExists(t, recentRoot)
}

func TestBuildIndexesEveryPassage(t *testing.T) {
	// More passages than one batch: all of them must be searchable after
	// the build is closed and reopened (Bleve's unsafe_batch loses the
	// last batch here).
	var secs []corpus.Section
	for i := range batchSize + 321 {
		secs = append(secs, section("Title big", fmt.Sprintf("S%d", i), fmt.Sprintf("Passage number w%d about reception.", i)))
	}
	c := &corpus.Corpus{Fingerprint: "big", Documents: []corpus.Document{doc("big", secs...)}}
	dataDir := t.TempDir()
	ix := mustOpen(t, dataDir, c, Options{})
	require.NoError(t, ix.Close())
	ix = mustOpen(t, dataDir, c, Options{})
	defer ix.Close()
	n, err := ix.idx.DocCount()
	require.NoError(t, err)
	assert.Equal(t, uint64(batchSize+321), n)
	res, err := ix.Search(context.Background(), fmt.Sprintf("w%d", batchSize+320), 1)
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
}

func TestOpenRejectsDuplicateIDs(t *testing.T) {
	c := &corpus.Corpus{Fingerprint: "dup", Documents: []corpus.Document{
		doc("same", section("Title same", "S", "one")),
		doc("same", section("Title same", "S", "two")),
	}}
	_, err := Open(t.TempDir(), c, Options{})
	assert.ErrorIs(t, err, ErrDuplicateID)
}

func TestUnreadableBuildIsReplaced(t *testing.T) {
	dataDir := t.TempDir()
	c := policyCorpus()
	ix := mustOpen(t, dataDir, c, Options{})
	root := filepath.Join(dataDir, "index", ix.Fingerprint())
	require.NoError(t, ix.Close())
	cur, err := readCurrent(root)
	require.NoError(t, err)

	for _, damage := range []func(){
		func() { require.NoError(t, os.RemoveAll(filepath.Join(root, cur, bleveDir))) },
		func() { require.NoError(t, os.WriteFile(filepath.Join(root, currentFile), []byte("../../etc"), 0o600)) },
	} {
		damage()
		ix := mustOpen(t, dataDir, c, Options{})
		assert.True(t, ix.Stats().Built)
		res, err := ix.Search(context.Background(), "migrant smuggling", 1)
		require.NoError(t, err)
		assert.NotEmpty(t, res.Hits)
		require.NoError(t, ix.Close())
		cur, err = readCurrent(root)
		require.NoError(t, err)
	}
}

func TestCanceledBuildLeavesTheOldIndexServing(t *testing.T) {
	data := t.TempDir()
	old := mustOpen(t, data, policyCorpus(), Options{})
	oldKey := old.Fingerprint()
	require.NoError(t, old.Close())

	changed := policyCorpus()
	changed.Fingerprint = "changed"
	changed.Documents[0].Sections[1].Text += " Changed."
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Open(data, changed, Options{Context: ctx, Progress: func(done, total int) { cancel() }})
	require.ErrorIs(t, err, context.Canceled, "Ctrl-C stops the build")
	assert.Contains(t, err.Error(), "build stopped")

	ix := mustOpen(t, data, policyCorpus(), Options{})
	defer ix.Close()
	assert.Equal(t, oldKey, ix.Fingerprint())
	assert.False(t, ix.Stats().Built, "the old build still serves, untouched")
	assert.Len(t, buildDirs(t, data), 1, "the stopped build was removed")
}
