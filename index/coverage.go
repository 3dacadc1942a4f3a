package index

import (
	"github.com/blevesearch/bleve/v2/search"
)

// coverage is the share of concepts matched in hits: a concept counts when
// its term, every term of its phrase, or one of its glossary alternatives
// was matched in some field of some hit, or, for a likely typo, a term
// within its fuzzy edit distance was.
func coverage(concepts []concept, fuzz map[int]int, hits []*search.DocumentMatch) float64 {
	if len(concepts) == 0 || len(hits) == 0 {
		return 0
	}
	matched := map[string]bool{}
	for _, h := range hits {
		for _, terms := range h.Locations {
			for term := range terms {
				matched[term] = true
			}
		}
	}
	n := 0
	for i, c := range concepts {
		if covers(c, fuzz[i], matched) {
			n++
		}
	}
	return float64(n) / float64(len(concepts))
}

func covers(c concept, fuzz int, matched map[string]bool) bool {
	if seqMatched(c.main, matched) {
		return true
	}
	for _, alt := range c.alts {
		if seqMatched(alt, matched) {
			return true
		}
	}
	if fuzz > 0 {
		for term := range matched {
			if editDistance(c.main[0], term) <= fuzz {
				return true
			}
		}
	}
	return false
}

func seqMatched(s seq, matched map[string]bool) bool {
	some := false
	for _, t := range s {
		if t == "" {
			continue
		}
		if !matched[t] {
			return false
		}
		some = true
	}
	return some
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
