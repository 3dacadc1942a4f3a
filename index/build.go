package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"pactbot/corpus"
)

// batchSize is the number of passages indexed per Bleve batch.
const batchSize = 2000

// boltTimeout bounds the wait for Bleve's root.bolt lock, so that opening
// an index another process holds fails instead of hanging.
const boltTimeout = "1s"

// build writes a complete new build under root and switches CURRENT to it.
// It returns the build's directory name.
func build(root, key string, c *corpus.Corpus, opts Options, dataDir string) (string, error) {
	start := time.Now()
	name := buildPrefix + nonce()
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("index: create build dir: %w", err)
	}
	lock, err := tryLock(filepath.Join(dir, lockFile), true)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	defer lock.release()

	m, err := writeBuild(dir, c, opts, dataDir)
	if err == nil {
		m.Key = key
		m.BuiltAt = time.Now().UTC().Format(time.RFC3339)
		m.BuildSeconds = time.Since(start).Seconds()
		err = writeMeta(dir, m)
	}
	if err == nil {
		err = writeCurrent(root, name)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return name, nil
}

// writeBuild chunks the corpus and indexes the passages in batches into
// dir/bleve, reporting progress.
func writeBuild(dir string, c *corpus.Corpus, opts Options, dataDir string) (meta, error) {
	m := meta{Version: MappingVersion, Documents: len(c.Documents)}
	var passages []Passage
	for _, d := range c.Documents {
		m.Sections += len(d.Sections)
		passages = append(passages, Chunk(d, opts.PassageWords)...)
	}
	m.Passages = len(passages)
	if vo := opts.Vectors; vo != nil && len(passages) > 0 {
		vm, err := writePassageVectors(dir, dataDir, passages, opts)
		if err != nil {
			return m, err
		}
		m.Vectors = vm
	}

	path := filepath.Join(dir, bleveDir)
	// Not "unsafe_batch": with it, Bleve v2.6.3 loses the last batch on
	// Close (TestBuildIndexesEveryPassage).
	byGroup := passagesByGroup(passages)
	groups := slices.Collect(maps.Keys(byGroup))
	sortGroups(groups)
	im, err := newMapping(groups...)
	if err != nil {
		return m, err
	}
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name,
		map[string]interface{}{"bolt_timeout": boltTimeout})
	if err != nil {
		return m, fmt.Errorf("index: create %s: %w", path, err)
	}
	m.Languages = map[string]int{}
	m.FieldTokens = map[string]int{}
	for _, g := range groups {
		m.Languages[g] = len(byGroup[g])
		maps.Copy(m.FieldTokens, countTokens(im.AnalyzerNamed(groupAnalyzer(g)), g, byGroup[g]))
	}
	m.FieldTokens[fieldDoc] = len(passages)
	if len(groups) == 0 {
		m.FieldTokens = countTokens(im.AnalyzerNamed(en.AnalyzerName), englishGroup, nil)
	}
	if err := indexPassages(opts.Context, idx, passages, opts.Progress); err != nil {
		idx.Close()
		return m, err
	}
	if err := mergeSegments(opts.Context, idx); err != nil {
		idx.Close()
		return m, err
	}
	awaitCleanup(filepath.Join(path, "store"))
	if err := idx.Close(); err != nil {
		return m, fmt.Errorf("index: close %s: %w", path, err)
	}
	return m, nil
}

// writePassageVectors embeds the passages and their heading paths
// (through the cache under dataDir) and writes both into the build
// directory.
func writePassageVectors(dir, dataDir string, passages []Passage, opts Options) (*vectorMeta, error) {
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	// One heading vector per section, filed under its first passage.
	ids := make([]string, len(passages))
	texts := make([]string, 0, len(passages)+len(passages)/4)
	var heads []string
	seen := map[string]bool{}
	for i, p := range passages {
		ids[i] = p.ID
		texts = append(texts, passageEmbedText(p))
	}
	for _, p := range passages {
		sec := p.ID[:max(strings.LastIndexByte(p.ID, '/'), 0)]
		if seen[sec] {
			continue
		}
		seen[sec] = true
		heads = append(heads, p.ID)
		texts = append(texts, headingEmbedText(p))
	}
	vs, embedded, err := embedPassages(ctx, opts.Vectors, dataDir, slices.Concat(ids, heads), texts, opts.EmbedProgress)
	if err != nil {
		return nil, err
	}
	v, err := newVectors(ids, vs[:len(ids)])
	if err != nil {
		return nil, err
	}
	h, err := newVectors(heads, vs[len(ids):])
	if err != nil {
		return nil, err
	}
	if err := writeVectors(dir, vectorsFile, v); err != nil {
		return nil, err
	}
	if err := writeVectors(dir, headingsFile, h); err != nil {
		return nil, err
	}
	return &vectorMeta{Model: opts.Vectors.Model, Dimensions: v.dim, Count: len(ids), Embedded: embedded}, nil
}

// tokenSample is the share of passages whose fields countTokens analyzes
// (1 in tokenSample) once there are more than tokenSampleFrom: the totals
// feed an average, which a sample gives as well at a fraction of the cost.
const (
	tokenSample     = 8
	tokenSampleFrom = 4000
)

// mergeSegments merges the index into one segment: a search then looks up
// each term once and reads one postings list, instead of one per segment.
func mergeSegments(ctx context.Context, idx bleve.Index) error {
	if ctx == nil {
		ctx = context.Background()
	}
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("index: merge: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	mo := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(ctx, &mo); err != nil {
		return fmt.Errorf("index: merge: %w", err)
	}
	return nil
}

// awaitCleanup waits, briefly, for Bleve to delete the segment files a
// merge replaced: it does so in the background, and files left at Close
// stay on disk for good (a read-only index never cleans up).
func awaitCleanup(store string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		segs, err := filepath.Glob(filepath.Join(store, "*.zap"))
		if err != nil || len(segs) <= 1 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// passagesByGroup splits passages by analyzer group, in order.
func passagesByGroup(passages []Passage) map[string][]Passage {
	out := map[string][]Passage{}
	for _, p := range passages {
		g := languageGroup(p.Language)
		out[g] = append(out[g], p)
	}
	return out
}

// countTokens returns the number of analyzed tokens of each searchable
// field of group over its passages, estimated from a sample on large
// corpora.
func countTokens(a analysis.Analyzer, group string, passages []Passage) map[string]int {
	step := 1
	if len(passages) > tokenSampleFrom {
		step = tokenSample
	}
	// Every searchable field must have an entry, even at zero: Bleve
	// refuses to score a field its stats lack.
	fields := []string{groupField(fieldBody, group), groupField(fieldHeading, group),
		groupField(fieldContext, group), groupField(fieldTitle, group)}
	n := map[string]int{}
	for _, f := range fields {
		n[f] = 0
	}
	sampled := 0
	for i := 0; i < len(passages); i += step {
		d := toBleveDoc(passages[i])
		for _, f := range fields {
			n[f] += len(a.Analyze([]byte(d[f].(string))))
		}
		sampled++
	}
	for f, v := range n {
		if sampled > 0 {
			n[f] = v * len(passages) / sampled
		}
	}
	n[fieldDoc] = len(passages)
	return n
}

func indexPassages(ctx context.Context, idx bleve.Index, passages []Passage, progress func(done, total int)) error {
	seen := make(map[string]bool, len(passages))
	if progress != nil {
		progress(0, len(passages))
	}
	for start := 0; start < len(passages); start += batchSize {
		if ctx != nil {
			// Stop between batches when asked (Ctrl-C, SIGTERM): the build
			// is thrown away and the old one keeps serving.
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("index: build stopped after %d of %d passages: %w", start, len(passages), err)
			}
		}
		end := min(start+batchSize, len(passages))
		b := idx.NewBatch()
		for _, p := range passages[start:end] {
			if seen[p.ID] {
				return fmt.Errorf("index: duplicate passage id %q: %w", p.ID, ErrDuplicateID)
			}
			seen[p.ID] = true
			if err := b.Index(p.ID, toBleveDoc(p)); err != nil {
				return fmt.Errorf("index: add passage %s: %w", p.ID, err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("index: write batch at %d: %w", start, err)
		}
		if progress != nil {
			progress(end, len(passages))
		}
	}
	return nil
}

// Errors callers can test for with errors.Is.
var (
	// ErrLocked means another process holds the index in a way that
	// prevents opening it; Open fails fast instead of waiting.
	ErrLocked = errors.New("index locked by another process")
	// ErrDuplicateID means two passages got the same id: two documents
	// with the same id, or two sections with the same anchor.
	ErrDuplicateID = errors.New("duplicate passage id")
)
