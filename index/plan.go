package index

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Concept states after planning.
const (
	conceptSearched = iota // some clause searches for it
	conceptAbsent          // no term of it occurs in the index
	conceptCommon          // it occurs in so many passages that it cannot rank them
)

// plan is a query ready to run: the concepts of the question, which of them
// are searched and with which terms, and the Bleve query.
type plan struct {
	concepts []concept
	state    []int
	// terms are the terms searched for each concept, any field.
	terms [][]string
	fuzz  map[int]int
	query query.Query
	// highlight finds, on given passages, every term the query searched,
	// in every field: it gives fragments and term locations cheaply.
	highlight []query.Query
}

// plan builds the query for concepts. Each concept becomes a disjunction of
// its term and its glossary alternatives over the searchable fields, with
// field boosts. A multi-word term or alternative is searched by its rarest
// term in that field (present only where all its terms are): in legal text
// that term is distinctive ("multiannual", "smuggling", "counselling"), and
// Bleve's phrase search costs several times a term search. Clauses that
// cannot match or cannot discriminate (a term in more than the field's
// maxShare of passages) are left out. A one-term concept the index lacks
// altogether is a likely typo and gets a fuzzy match instead: edit distance
// 1 up to 7 letters, 2 from 8.
func (ix *Index) plan(ctx context.Context, concepts []concept) (*plan, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: reader: %w", err)
	}
	defer r.Close()
	df := docFreqs{ctx: ctx, r: r, cache: map[string]uint64{}}

	p := &plan{concepts: concepts, state: make([]int, len(concepts)), terms: make([][]string, len(concepts))}
	var top []query.Query
	for i, c := range concepts {
		cc, err := ix.conceptClauses(&df, c, p, i)
		if err != nil {
			return nil, err
		}
		switch {
		case len(cc.terms) > 0:
			top = append(top, query.NewDisjunctionQuery(cc.terms))
		case cc.common:
			p.state[i] = conceptCommon
		default:
			p.state[i] = conceptAbsent
		}
	}
	if len(top) > 0 {
		p.query = query.NewDisjunctionQuery(top)
	}
	return p, nil
}

// clauses are the queries for one concept.
type clauses struct {
	terms []query.Query
	// common is set when some term was left out for being common.
	common bool
}

// conceptClauses returns the clauses for concept i and records its
// searched terms and fuzziness in p.
func (ix *Index) conceptClauses(df *docFreqs, c concept, p *plan, i int) (clauses, error) {
	t := ix.tuning
	type fieldTerm struct{ field, term string }
	boosts := map[fieldTerm]float64{}
	var order []fieldTerm
	var cc clauses
	seen := false
	for _, f := range t.fields {
		limit := max(uint64(f.maxShare*ix.bm25.DocCount), pruneFloor)
		for j, s := range append([]seq{c.main}, c.alts...) {
			term, n, err := df.rarest(s, f.field)
			if err != nil {
				return cc, err
			}
			if n == 0 {
				continue
			}
			seen = true
			if n > limit {
				cc.common = true
				continue
			}
			boost := f.boost
			if j > 0 {
				boost *= t.synonym
			}
			ft := fieldTerm{f.field, term}
			if _, ok := boosts[ft]; !ok {
				order = append(order, ft)
			}
			boosts[ft] = max(boosts[ft], boost)
		}
	}
	for _, ft := range order {
		cc.terms = append(cc.terms, termQuery(ft.term, ft.field, boosts[ft]))
		p.highlight = append(p.highlight, termQuery(ft.term, ft.field, 1))
		if !slices.Contains(p.terms[i], ft.term) {
			p.terms[i] = append(p.terms[i], ft.term)
		}
	}
	if !seen {
		if d := typoDistance(c); d > 0 {
			p.fuzz = withFuzz(p.fuzz, i, d)
			cc.terms = append(cc.terms, fuzzyQuery(c.main[0], d, t.fuzzy))
			p.highlight = append(p.highlight, fuzzyQuery(c.main[0], d, 1))
		}
	}
	return cc, nil
}

func withFuzz(m map[int]int, i, d int) map[int]int {
	if m == nil {
		m = map[int]int{}
	}
	m[i] = d
	return m
}

// typoDistance is the fuzzy edit distance for a concept, 0 for none: only
// single terms of four letters or more.
func typoDistance(c concept) int {
	if len(c.main) != 1 {
		return 0
	}
	switch n := utf8.RuneCountInString(c.main[0]); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

func fuzzyQuery(term string, distance int, boost float64) query.Query {
	fq := query.NewFuzzyQuery(term)
	fq.SetField(fieldBody)
	fq.SetFuzziness(distance)
	fq.SetPrefix(1)
	fq.SetBoost(boost)
	return fq
}

func termQuery(term, field string, boost float64) query.Query {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

// docFreqs looks up and caches document frequencies for one search.
type docFreqs struct {
	ctx   context.Context
	r     bindex.IndexReader
	cache map[string]uint64
}

// rarest returns the term of s with the fewest passages in field and that
// number, or 0 when some term of s is not in field at all (s cannot match).
func (d *docFreqs) rarest(s seq, field string) (string, uint64, error) {
	var best string
	var bestN uint64
	for _, term := range s {
		if term == "" {
			continue
		}
		n, err := d.get(term, field)
		if err != nil || n == 0 {
			return "", 0, err
		}
		if best == "" || n < bestN {
			best, bestN = term, n
		}
	}
	return best, bestN, nil
}

func (d *docFreqs) get(term, field string) (uint64, error) {
	key := field + "\x00" + term
	if n, ok := d.cache[key]; ok {
		return n, nil
	}
	tfr, err := d.r.TermFieldReader(d.ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("index: term %q in %s: %w", term, field, err)
	}
	n := tfr.Count()
	if err := tfr.Close(); err != nil {
		return 0, fmt.Errorf("index: term %q in %s: %w", term, field, err)
	}
	d.cache[key] = n
	return n, nil
}
