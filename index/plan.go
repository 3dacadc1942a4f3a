package index

import (
	"cmp"
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
	// terms are the terms searched for each concept, any field; searched
	// is all of them.
	terms    [][]string
	searched map[string]bool
	fuzz     map[int]int
	// seen is true for a concept some term of which is in the index.
	seen []bool
	// fuzzyMatched memoizes matches for terms of result text.
	fuzzyMatched map[string]bool
	query        query.Query
	// li is the analyzer group whose fields and statistics the plan
	// searches (nil: the index's primary group).
	li *langIndex
	// langs, in a mixed-language index, are the plans of the same question
	// for each group; such a plan has no concepts or query of its own.
	langs []*plan
}

// plan builds the query for concepts. Each concept becomes a disjunction of
// its term and its glossary alternatives over the searchable fields, with
// field boosts. A multi-word term or alternative is searched by its rarest
// term in that field (present only where all its terms are): in legal text
// that term is distinctive ("multiannual", "smuggling", "counselling"), and
// Bleve's phrase search costs several times a term search. Clauses that
// cannot match are left out, and so are common ones: a term in more than
// the field's maxShare of passages, and, rarest first, whatever would take
// the postings the query reads past tuning.budget (Bleve reads every
// posting of every clause, so this bounds the search time; the terms left
// out carry the least BM25 weight). A one-term concept the index lacks
// altogether is a likely typo and gets a fuzzy match instead: edit distance
// 1 up to 7 letters, 2 from 8.
func (ix *Index) plan(ctx context.Context, concepts []concept) (*plan, error) {
	li := ix.langs[0]
	cands, seen, err := ix.gather(ctx, li, concepts)
	if err != nil {
		return nil, err
	}
	return ix.assemblePlan(li, concepts, cands, seen, nil), nil
}

// gather returns the candidate clauses of concepts in the fields of group
// li, and which concepts have some term there.
func (ix *Index) gather(ctx context.Context, li *langIndex, concepts []concept) ([]clause, []bool, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("index: reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("index: reader: %w", err)
	}
	defer r.Close()
	df := docFreqs{ctx: ctx, r: r, cache: map[string]uint64{}}
	var cands []clause
	seen := make([]bool, len(concepts))
	for i, c := range concepts {
		cs, err := ix.candidates(&df, li, c, i)
		if err != nil {
			return nil, nil, err
		}
		seen[i] = len(cs) > 0
		cands = append(cands, cs...)
	}
	return cands, seen, nil
}

// assemblePlan makes the plan of concepts in group li from their
// candidate clauses; fuzzyOK, when set, says which unseen concepts may
// get a typo match.
func (ix *Index) assemblePlan(li *langIndex, concepts []concept, cands []clause, seen []bool, fuzzyOK func(concept) bool) *plan {
	p := &plan{
		concepts: concepts,
		state:    make([]int, len(concepts)),
		terms:    make([][]string, len(concepts)),
		searched: map[string]bool{},
		li:       li,
	}
	p.seen = seen
	p.assemble(ix.withinBudget(cands), seen, ix.tuning.fuzzy, fuzzyOK)
	return p
}

func byDF(a, b clause) int { return cmp.Compare(a.df, b.df) }

// withinBudget keeps the clauses that are not common, rarest first, while
// their postings add up to at most tuning.budget.
func (ix *Index) withinBudget(cands []clause) []clause {
	slices.SortStableFunc(cands, byDF)
	var out []clause
	spent := uint64(0)
	for _, c := range cands {
		if c.common || spent+c.df > ix.tuning.budget {
			continue
		}
		spent += c.df
		out = append(out, c)
	}
	return out
}

// assemble builds the query from the chosen clauses: one disjunction per
// concept, fuzzy matches for likely typos (concepts not seen in the index),
// and records each concept's state and searched terms.
func (p *plan) assemble(chosen []clause, seen []bool, fuzzyBoost float64, fuzzyOK func(concept) bool) {
	byConcept := make([][]query.Query, len(p.concepts))
	for _, c := range chosen {
		byConcept[c.concept] = append(byConcept[c.concept], termQuery(c.term, c.field, c.boost))
		p.searched[c.term] = true
		if !slices.Contains(p.terms[c.concept], c.term) {
			p.terms[c.concept] = append(p.terms[c.concept], c.term)
		}
	}
	var top []query.Query
	for i, c := range p.concepts {
		if d := typoDistance(c); !seen[i] && d > 0 && (fuzzyOK == nil || fuzzyOK(c)) {
			if p.fuzz == nil {
				p.fuzz = map[int]int{}
			}
			p.fuzz[i] = d
			byConcept[i] = append(byConcept[i], fuzzyQuery(c.main[0], groupField(fieldBody, p.li.group), d, fuzzyBoost))
		}
		switch {
		case len(byConcept[i]) > 0:
			top = append(top, query.NewDisjunctionQuery(byConcept[i]))
		case seen[i]:
			p.state[i] = conceptCommon
		default:
			p.state[i] = conceptAbsent
		}
	}
	if len(top) > 0 {
		p.query = query.NewDisjunctionQuery(top)
	}
}

// clause is a term to search in a field for a concept.
type clause struct {
	concept     int
	field, term string
	boost       float64
	df          uint64
	// common is set for a term in more than the field's maxShare.
	common bool
}

// candidates returns the clauses concept c (number i) could be searched
// with, one per field and term present there; none when no term of it is
// in the index.
func (ix *Index) candidates(df *docFreqs, li *langIndex, c concept, i int) ([]clause, error) {
	var out []clause
	at := map[[2]string]int{}
	for _, f := range ix.tuning.fields {
		f.field = groupField(f.field, li.group)
		limit := max(uint64(f.maxShare*li.bm25.DocCount), pruneFloor)
		for j, s := range append([]seq{c.main}, c.alts...) {
			term, n, err := df.rarest(s, f.field)
			if err == nil && n == 0 && j == 0 {
				// The asker's own words as a phrase are not all here:
				// any one of them still counts ("asylum applications").
				term, n, err = df.rarestPresent(s, f.field)
			}
			if err != nil {
				return nil, err
			}
			if n == 0 {
				continue
			}
			boost := f.boost
			if j > 0 {
				boost *= ix.tuning.synonym
			}
			key := [2]string{f.field, term}
			if k, ok := at[key]; ok {
				out[k].boost = max(out[k].boost, boost)
				continue
			}
			at[key] = len(out)
			out = append(out, clause{concept: i, field: f.field, term: term, boost: boost, df: n, common: n > limit})
		}
	}
	return out, nil
}

// typoDistance is the fuzzy edit distance for a concept, 0 for none: only
// single terms of four letters or more.
// maxFuzzyRunes is the longest term matched fuzzily.
const maxFuzzyRunes = 40

func typoDistance(c concept) int {
	if len(c.main) != 1 {
		return 0
	}
	switch n := utf8.RuneCountInString(c.main[0]); {
	case n < 4 || n > maxFuzzyRunes:
		// Past maxFuzzyRunes no word is a typo of another, and Bleve's
		// automaton for it would fail ("dfa contains more than 10000 states").
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

func fuzzyQuery(term, field string, distance int, boost float64) query.Query {
	fq := query.NewFuzzyQuery(term)
	fq.SetField(field)
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

// rarestPresent returns the term of s with the fewest passages in field
// among those in it, and that number; 0 when none is.
func (d *docFreqs) rarestPresent(s seq, field string) (string, uint64, error) {
	var best string
	var bestN uint64
	for _, term := range s {
		if term == "" {
			continue
		}
		n, err := d.get(term, field)
		if err != nil {
			return "", 0, err
		}
		if n > 0 && (best == "" || n < bestN) {
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
