package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// coverageHits is how many top hits the coverage signal looks at, whatever
// k is, so that asking for more results does not raise it.
const coverageHits = 3

// tuning holds the weights of the query built from a question.
type tuning struct {
	fields []fieldBoost
	// synonym multiplies the boost of glossary alternatives.
	synonym float64
	// fuzzy is the boost of typo-tolerant matches of terms the index lacks.
	fuzzy float64
	// perSection caps the hits taken from one section (0: no cap).
	perSection int
	// fetchFactor × k candidates are fetched before capping per section.
	fetchFactor int
	// budget bounds the postings one search reads (see plan).
	budget uint64
}

type fieldBoost struct {
	field string
	boost float64
	// maxShare is the share of passages above which a term is not
	// searched in this field (see pruneFloor).
	maxShare float64
}

// pruneFloor is the document frequency under which no term is pruned for
// being common: pruning is for speed on large indexes, and small ones
// rank better with every term.
const pruneFloor = 1000

func defaultTuning() tuning {
	return tuning{
		fields: []fieldBoost{
			{fieldBody, 1.0, 0.3},
			{fieldHeading, 1.5, 0.1},
			{fieldContext, 0.3, 0.1},
			{fieldTitle, 0.2, 0.1},
		},
		synonym:     0.8,
		fuzzy:       0.4,
		perSection:  1,
		fetchFactor: 4,
		budget:      5000,
	}
}

// Search returns up to k passages that best match query, best first, with
// scores, highlighted fragments (<mark></mark>, the rest HTML-escaped) and
// the coverage signal. The query is free text, never parsed as query
// syntax: it is analyzed, stripped of stop words and question filler,
// expanded with the glossary, and matched term by term (any term may match;
// more matched terms rank higher), with a fuzzy match for a word the corpus
// lacks (a likely typo). At most one passage per section is returned, so
// that the hits cite k different places. Search is safe for concurrent use.
func (ix *Index) Search(ctx context.Context, queryText string, k int) (Result, error) {
	res := Result{Query: queryText, Hits: []Hit{}}
	if k <= 0 {
		return res, nil
	}
	concepts := ix.vocab.concepts(queryText)
	if len(concepts) == 0 {
		return res, nil
	}
	p, err := ix.plan(ctx, concepts)
	if err != nil {
		return res, err
	}
	if p.query == nil {
		return res, nil
	}
	ctx = context.WithValue(ctx, search.BM25StatsKey, ix.bm25)

	// Rank without term locations or stored fields (they cost on every
	// candidate), then load and highlight the few hits kept.
	fetch := k
	if ix.tuning.perSection > 0 {
		fetch = k * ix.tuning.fetchFactor
	}
	sr, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(p.query, fetch, 0, false))
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", queryText, err)
	}
	top := ix.capPerSection(sr.Hits, k)
	if len(top) == 0 {
		return res, nil
	}
	res.Hits, res.Coverage, err = ix.hits(p, top)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", queryText, err)
	}
	return res, nil
}

// hits loads the passages of the kept matches, highlights their text, and
// computes the coverage over the first coverageHits of them.
func (ix *Index) hits(p *plan, top []*search.DocumentMatch) ([]Hit, float64, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	out := make([]Hit, 0, len(top))
	matched := map[string]bool{}
	for i, dm := range top {
		psg, ok, err := loadPassage(r, dm.ID)
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			return nil, 0, fmt.Errorf("load %s: not in the index", dm.ID)
		}
		toks := ix.vocab.fast.Analyze([]byte(psg.Text))
		out = append(out, Hit{Passage: psg, Rank: i + 1, Score: dm.Score, Highlight: highlight(psg.Text, toks, p.matches)})
		if i >= coverageHits {
			continue
		}
		for _, t := range toks {
			matched[string(t.Term)] = true
		}
		for _, t := range ix.vocab.fast.Analyze([]byte(strings.Join(slices.Concat(psg.Path, []string{psg.Title}), "\n"))) {
			matched[string(t.Term)] = true
		}
	}
	return out, p.coverage(matched), nil
}

// capPerSection keeps at most tuning.perSection hits per section, in rank
// order, and at most k in all.
func (ix *Index) capPerSection(hits search.DocumentMatchCollection, k int) []*search.DocumentMatch {
	out := make([]*search.DocumentMatch, 0, k)
	perSection := map[string]int{}
	for _, dm := range hits {
		if len(out) == k {
			break
		}
		sec := dm.ID[:max(strings.LastIndexByte(dm.ID, '/'), 0)]
		if n := ix.tuning.perSection; n > 0 && perSection[sec] >= n {
			continue
		}
		perSection[sec]++
		out = append(out, dm)
	}
	return out
}

func passageFromFields(id string, f map[string]interface{}) Passage {
	str := func(name string) string {
		s, _ := f[name].(string)
		return s
	}
	p := Passage{
		ID:      id,
		DocID:   str(fieldDoc),
		Title:   str(fieldTitle),
		Section: str(fieldSection),
		Anchor:  str(fieldAnchor),
		URL:     str(fieldURL),
		Text:    str(fieldBody),
	}
	if path := str(fieldPath); path != "" {
		p.Path = strings.Split(path, pathSep)
	}
	if pos, ok := f[fieldPosition].(float64); ok {
		p.Position = int(pos)
	}
	return p
}
