// Package curated owns the matching of a new question against the
// questions moderators corrected (curated answers), so that a close match
// is served the moderator-reviewed answer with its original citations,
// and the per-document fingerprints that tell when a curated answer may
// have gone out of date.
//
// It does not store curated answers (package review does), decide when
// to reload them (the bot follows the store's change feed), or build
// answers from documents (package answer).
package curated

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"pactbot/corpus"
	"pactbot/review"
)

// paraphrases are wording synonyms for comparing two questions, added to
// the glossary.
//
//go:embed paraphrases.yaml
var paraphrases []byte

// fieldQuestion is the one indexed field: the curated question.
const fieldQuestion = "question"

// candidates is how many BM25 hits are scored for similarity. BM25 finds
// the curated questions that share terms; the similarity judges them.
const candidates = 10

// Option configures a Matcher.
type Option func(*options)

type options struct {
	glossary    corpus.Glossary
	hasGlossary bool
}

// WithGlossary makes the matcher treat the glossary's terms as synonyms
// (the same glossary the index uses: the default one plus the operator's).
// Without it the matcher uses corpus.DefaultGlossary.
func WithGlossary(g corpus.Glossary) Option {
	return func(o *options) { o.glossary, o.hasGlossary = g, true }
}

// Matcher finds the curated answer whose question closely matches a new
// question. It serves only active curated answers. It is safe for
// concurrent use; Replace swaps the answers under running matches.
type Matcher struct {
	threshold float64
	vocab     *vocabulary

	mu      sync.RWMutex
	idx     bleve.Index // nil when no active answers
	entries map[string]entry
}

type entry struct {
	curated  *review.Curated
	concepts []concept
}

// NewMatcher indexes the active entries (stale and retired ones are left
// out) and returns a matcher that accepts a match whose similarity is at
// least threshold, a value in (0, 1] such as config review.curated_threshold.
//
// Choosing the threshold: the similarity falls by one concept's share for
// each content term only one question has. Against a curated question of
// three concepts, a question adding one qualifier ("… for the Pact in
// Tunisia?") scores 0.86 and passes the default 0.8; two added or one
// swapped ("… for Tunisia?") score 0.75 and 0.67 and do not. A threshold
// of 0.9 refuses any added qualifier on short questions, at the cost of
// looser paraphrases.
func NewMatcher(entries []*review.Curated, threshold float64, opts ...Option) (*Matcher, error) {
	if threshold <= 0 || threshold > 1 {
		return nil, fmt.Errorf("curated: new matcher: threshold %v is not in (0, 1]", threshold)
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if !o.hasGlossary {
		g, err := corpus.DefaultGlossary()
		if err != nil {
			return nil, fmt.Errorf("curated: new matcher: %w", err)
		}
		o.glossary = g
	}
	para, err := corpus.ParseGlossary("paraphrases.yaml", paraphrases)
	if err != nil {
		return nil, fmt.Errorf("curated: new matcher: %w", err)
	}
	vocab, err := newVocabulary(append(slices.Clone(o.glossary), para...))
	if err != nil {
		return nil, fmt.Errorf("curated: new matcher: %w", err)
	}
	m := &Matcher{threshold: threshold, vocab: vocab}
	if err := m.Replace(entries); err != nil {
		return nil, err
	}
	return m, nil
}

// Threshold returns the similarity a match needs.
func (m *Matcher) Threshold() float64 { return m.threshold }

// Len returns how many curated answers the matcher serves.
func (m *Matcher) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.entries)
}

// Replace reloads the matcher with entries, for example after the store's
// change feed showed a curated answer added, made stale or re-approved.
// Only active entries are kept. On error the previous entries stay.
func (m *Matcher) Replace(entries []*review.Curated) error {
	active := map[string]entry{}
	for _, c := range entries {
		if c == nil || c.Status != review.CuratedActive {
			continue
		}
		cs := m.vocab.concepts(c.Question)
		if len(cs) == 0 {
			continue // nothing to match on: it could only match by accident
		}
		active[strconv.FormatInt(c.ID, 10)] = entry{curated: c, concepts: cs}
	}
	idx, err := buildIndex(active)
	if err != nil {
		return fmt.Errorf("curated: replace: %w", err)
	}
	m.mu.Lock()
	old := m.idx
	m.idx, m.entries = idx, active
	m.mu.Unlock()
	if old != nil {
		if err := old.Close(); err != nil {
			return fmt.Errorf("curated: replace: close previous index: %w", err)
		}
	}
	return nil
}

// Close releases the in-memory index.
func (m *Matcher) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.idx == nil {
		return nil
	}
	err := m.idx.Close()
	m.idx, m.entries = nil, nil
	if err != nil {
		return fmt.Errorf("curated: close: %w", err)
	}
	return nil
}

// Match returns the curated answer whose question is most similar to
// question, the similarity in [0, 1] (the Dice coefficient of their content
// terms, glossary synonyms counting as the same term), and whether it
// reaches the threshold. With no candidate at all it returns nil, 0, false.
// A failed search (a cancelled context) counts as no match.
func (m *Matcher) Match(ctx context.Context, question string) (*review.Curated, float64, bool) {
	qc := m.vocab.concepts(question)
	if len(qc) == 0 {
		return nil, 0, false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.idx == nil {
		return nil, 0, false
	}
	req := bleve.NewSearchRequestOptions(candidateQuery(qc), candidates, 0, false)
	res, err := m.idx.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return nil, 0, false
	}
	var best *review.Curated
	bestSim := -1.0
	for _, h := range res.Hits { // BM25 order: on a tie the better-ranked wins
		e, ok := m.entries[h.ID]
		if !ok {
			continue
		}
		if s := similarity(qc, e.concepts); s > bestSim {
			best, bestSim = e.curated, s
		}
	}
	if best == nil {
		return nil, 0, false
	}
	return best, bestSim, bestSim >= m.threshold
}

// candidateQuery asks for the curated questions holding any term of the
// question's concepts or of their glossary alternatives.
func candidateQuery(cs []concept) query.Query {
	var qs []query.Query
	seen := map[string]bool{}
	for _, c := range cs {
		for _, s := range c.terms {
			for _, t := range s {
				if t == "" || seen[t] {
					continue
				}
				seen[t] = true
				tq := bleve.NewTermQuery(t)
				tq.SetField(fieldQuestion)
				qs = append(qs, tq)
			}
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// newMapping indexes the question field with the English analyzer and
// scores with BM25 (which bleve applies to scorch indexes only).
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.ScoringModel = bindex.BM25Scoring
	im.DefaultAnalyzer = en.AnalyzerName
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	f := bleve.NewTextFieldMapping()
	f.Analyzer = en.AnalyzerName
	f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldQuestion, f)
	im.DefaultMapping = dm
	return im
}

// buildIndex indexes the questions in memory (scorch, so BM25 applies),
// or returns nil when there are none.
func buildIndex(entries map[string]entry) (bleve.Index, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b := idx.NewBatch()
	for _, id := range ids {
		doc := map[string]any{fieldQuestion: entries[id].curated.Question}
		if err := b.Index(id, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index curated %s: %w", id, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index curated questions: %w", err)
	}
	return idx, nil
}
