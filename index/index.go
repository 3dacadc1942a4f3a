package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bolterrors "go.etcd.io/bbolt/errors"

	"pactbot/corpus"
)

// Options are the index settings. Those that change the index content
// (PassageWords, Glossary) are part of its key.
type Options struct {
	// PassageWords is the target passage size in words
	// (DefaultPassageWords when zero); no passage exceeds twice it.
	PassageWords int
	// Glossary maps citizens' words to the sources' words; its rules expand
	// queries (multi-word terms included).
	Glossary corpus.Glossary
	// Rebuild forces a new build even when a current one exists.
	Rebuild bool
	// Progress, when set, is called during a build with the number of
	// passages indexed so far and the total.
	Progress func(done, total int)
	// EmbedProgress, when set, is called while passages are embedded with
	// the number done (cached ones included) and the total.
	EmbedProgress func(done, total int)
	// Context, when set, stops a build when it is done (between batches and
	// embedding calls); the build is removed and an older one keeps serving.
	Context context.Context
	// Vectors, when set, embeds every passage and makes searches hybrid.
	Vectors *VectorOptions
}

// Stats describes an open index.
type Stats struct {
	Documents int `json:"documents"`
	Sections  int `json:"sections"`
	Passages  int `json:"passages"`
	// Built is true when this Open built the index rather than reusing one.
	Built bool `json:"built"`
	// BuildTime is how long the build serving this index took.
	BuildTime time.Duration `json:"build_time"`
	// Vectors and VectorDimensions describe the passage vectors (0: none);
	// Embedded is how many the build embedded (the rest were cached).
	Vectors          int `json:"vectors,omitempty"`
	VectorDimensions int `json:"vector_dimensions,omitempty"`
	Embedded         int `json:"embedded,omitempty"`
}

// Index is an open, read-only passage index. It is safe for concurrent use.
type Index struct {
	idx   bleve.Index
	key   string
	stats Stats
	vocab *Vocabulary
	// langs are the analyzer groups of the passages, the primary one
	// first (English when there is English); langs[0].vocab is vocab.
	langs  []*langIndex
	tuning tuning
	lock   *fileLock
	// vecs are the passage vectors (nil: BM25 only), vecOpts how questions
	// are embedded, qvecs recent question vectors.
	vecs    *vectors
	hvecs   *vectors // heading paths, in passage order
	vecOpts *VectorOptions
	qvecs   *queryVectors
	// embedDownUntil (Unix ns) is when to ask a failing embedder again;
	// now is the clock (tests set it).
	embedDownUntil atomic.Int64
	embedLastErr   atomic.Value // string
	now            func() time.Time
	// bm25 carries the true average field lengths into every search.
	bm25 *search.BM25Stats

	closeMu sync.Mutex
	closed  bool // Bleve panics on a second Close
}

// Open opens the index for corpus c with opts under dataDir/index/<key>,
// where the key digests the corpus, the glossary and the settings. When
// there is no complete build for that key (or opts.Rebuild is set, or the
// build cannot be read) it builds one aside and switches to it atomically;
// builds left behind by crashes are removed. An index held by another
// process fails with ErrLocked instead of waiting.
func Open(dataDir string, c *corpus.Corpus, opts Options) (*Index, error) {
	if c == nil {
		return nil, errors.New("index: open: nil corpus")
	}
	if opts.PassageWords <= 0 {
		opts.PassageWords = DefaultPassageWords
	}
	if opts.Vectors != nil && opts.Vectors.Embedder == nil {
		return nil, errors.New("index: open: vectors without an embedder")
	}
	key, err := indexKey(c, opts.Glossary, opts.PassageWords, opts.Vectors)
	if err != nil {
		return nil, err
	}
	indexRoot := filepath.Join(dataDir, "index")
	root := filepath.Join(indexRoot, key)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", root, err)
	}
	cur, curErr := readCurrent(root)
	removeStaleBuilds(root, cur)

	if curErr == nil && !opts.Rebuild {
		ix, err := openBuild(filepath.Join(root, cur), key, opts)
		if err == nil || errors.Is(err, ErrLocked) {
			touch(filepath.Join(root, currentFile))
			return ix, err
		}
		// An unreadable build is replaced by a new one below.
	}
	name, err := build(root, key, c, opts, dataDir)
	if err != nil {
		return nil, err
	}
	removeStaleBuilds(root, name)
	removeUnusedKeys(indexRoot, key, time.Now())
	ix, err := openBuild(filepath.Join(root, name), key, opts)
	if err != nil {
		return nil, err
	}
	ix.stats.Built = true
	return ix, nil
}

// openBuild opens a complete build read-only, holding its lock shared.
func openBuild(dir, key string, opts Options) (*Index, error) {
	m, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if m.Key != key || m.Version != MappingVersion {
		return nil, fmt.Errorf("index: build %s is for key %s, want %s", dir, m.Key, key)
	}
	lock, err := tryLock(filepath.Join(dir, lockFile), false)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, bleveDir)
	idx, err := bleve.OpenUsing(path, map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": boltTimeout,
	})
	if err != nil {
		lock.release()
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("index: open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	if n, err := idx.DocCount(); err != nil || n != uint64(m.Passages) {
		idx.Close()
		lock.release()
		return nil, fmt.Errorf("index: open %s: %d passages indexed, want %d (%v)", path, n, m.Passages, err)
	}
	langs, err := openLanguages(idx.Mapping(), m, opts.Glossary)
	if err != nil {
		idx.Close()
		lock.release()
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	var vecs, hvecs *vectors
	if m.Vectors != nil {
		if opts.Vectors == nil {
			idx.Close()
			lock.release()
			return nil, fmt.Errorf("index: open %s: built with vectors, opened without an embedder", dir)
		}
		if vecs, err = readVectors(dir, vectorsFile); err == nil {
			hvecs, err = readVectors(dir, headingsFile)
		}
		if err != nil || len(vecs.ids) != m.Passages {
			idx.Close()
			lock.release()
			if err == nil {
				err = fmt.Errorf("index: open %s: %d vectors for %d passages", dir, len(vecs.ids), m.Passages)
			}
			return nil, err
		}
	}
	st := Stats{
		Documents: m.Documents,
		Sections:  m.Sections,
		Passages:  m.Passages,
		BuildTime: time.Duration(m.BuildSeconds * float64(time.Second)),
	}
	if m.Vectors != nil {
		st.Vectors, st.VectorDimensions, st.Embedded = m.Vectors.Count, m.Vectors.Dimensions, m.Vectors.Embedded
	}
	return &Index{
		vecs:    vecs,
		hvecs:   hvecs,
		vecOpts: opts.Vectors,
		qvecs:   newQueryVectors(queryVectorCacheSize),
		now:     time.Now,
		idx:     idx,
		key:     key,
		vocab:   langs[0].vocab,
		langs:   langs,
		stats:   st,
		tuning:  defaultTuning(),
		lock:    lock,
		bm25:    langs[0].bm25,
	}, nil
}

func touch(path string) {
	now := time.Now()
	_ = os.Chtimes(path, now, now)
}

// Fingerprint is the index key: a digest of the corpus, the glossary, the
// index settings and MappingVersion. Record it with every answer to know
// which index produced it.
func (ix *Index) Fingerprint() string { return ix.key }

// Stats returns the counts and build information of the index.
func (ix *Index) Stats() Stats { return ix.stats }

// Close releases the index. Searches must not run after Close. Closing
// again does nothing and returns nil.
func (ix *Index) Close() error {
	ix.closeMu.Lock()
	defer ix.closeMu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	err := ix.idx.Close()
	ix.lock.release()
	if err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Get returns the passage with id, and false when there is none.
func (ix *Index) Get(ctx context.Context, id string) (Passage, bool, error) {
	if err := ctx.Err(); err != nil {
		return Passage{}, false, err
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return Passage{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	r, err := adv.Reader()
	if err != nil {
		return Passage{}, false, fmt.Errorf("index: get %s: %w", id, err)
	}
	defer r.Close()
	p, ok, err := loadPassage(r, id)
	if err != nil {
		return Passage{}, false, fmt.Errorf("index: get: %w", err)
	}
	return p, ok, nil
}
