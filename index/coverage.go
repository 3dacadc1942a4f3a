package index

import (
	"math"
)

// coverage is the share of the question's concepts found in hits, each
// concept weighted by its BM25 IDF, so that generic words ("best", "time")
// weigh little and words the corpus lacks ("pizza", "weather") weigh most.
// A concept counts in full when one of the terms searched for it (its own,
// or a glossary alternative's) was matched in some field of some hit, half
// when only a fuzzy match for a likely typo was; a concept too common to be
// searched counts as found. matched holds the analyzed terms of the top
// hits' text, section heading, heading path and title.
func (p *plan) coverage(matched map[string]bool) float64 {
	found, total := 0.0, 0.0
	for i := range p.concepts {
		w := p.weight[i]
		total += w
		if p.state[i] == conceptCommon {
			found += w
			continue
		}
		found += w * p.credit(i, matched)
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// credit is 1 when a term searched for concept i was matched, 0.5 when
// only a fuzzy match was, else 0.
func (p *plan) credit(i int, matched map[string]bool) float64 {
	for _, t := range p.terms[i] {
		if matched[t] {
			return 1
		}
	}
	if d := p.fuzz[i]; d > 0 {
		for term := range matched {
			if editDistance(p.concepts[i].main[0], term) <= d {
				return 0.5
			}
		}
	}
	return 0
}

// idf is BM25's inverse document frequency of a term in df of n passages.
func idf(df, n float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
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
