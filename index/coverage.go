package index

import (
	"github.com/blevesearch/bleve/v2/search"
)

// coverage is the share of the question's concepts matched in hits: a
// concept counts when one of the terms searched for it (its own, or a
// glossary alternative's) was matched in some field of some hit, or, for a
// likely typo, a term within its fuzzy edit distance was. Concepts too
// common to search for are left out of the share; when nothing else is
// left, hits alone decide.
func (p *plan) coverage(hits []*search.DocumentMatch, details map[string]*search.DocumentMatch) float64 {
	if len(hits) == 0 {
		return 0
	}
	matched := map[string]bool{}
	for _, h := range hits {
		d := details[h.ID]
		if d == nil {
			continue
		}
		for _, terms := range d.Locations {
			for term := range terms {
				matched[term] = true
			}
		}
	}
	n, total := 0, 0
	for i := range p.concepts {
		if p.state[i] == conceptCommon {
			continue
		}
		total++
		if p.covered(i, matched) {
			n++
		}
	}
	if total == 0 {
		return 1
	}
	return float64(n) / float64(total)
}

func (p *plan) covered(i int, matched map[string]bool) bool {
	for _, t := range p.terms[i] {
		if matched[t] {
			return true
		}
	}
	if d := p.fuzz[i]; d > 0 {
		for term := range matched {
			if editDistance(p.concepts[i].main[0], term) <= d {
				return true
			}
		}
	}
	return false
}

// editDistance is the optimal-string-alignment distance (Levenshtein with
// adjacent transpositions), as Bleve's fuzzy matching uses.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
