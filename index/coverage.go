package index

import "slices"

// coverage is the share of the question's concepts found in hits. A
// concept counts in full when one of the terms searched for it (its own,
// or a glossary alternative's) occurs in the text, section heading, heading
// path or title of a hit, half when only a fuzzy match for a likely typo
// does; a concept too common to be searched is left out. matched holds the
// analyzed terms of the top hits.
func (p *plan) coverage(matched map[string]bool) float64 {
	if len(p.langs) > 0 {
		// A mixed-language question: the best of its analyses.
		cov := 0.0
		for _, x := range p.langs {
			cov = max(cov, x.coverage(matched))
		}
		return cov
	}
	found, total := 0.0, 0
	for i := range p.concepts {
		if p.state[i] == conceptCommon {
			continue
		}
		total++
		found += p.credit(i, matched)
	}
	if total == 0 {
		return 1
	}
	return found / float64(total)
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

// absent returns the words of the query that occur nowhere in the index,
// neither as they are nor through the glossary, and that matched no hit
// even as a likely typo: words the sources never use.
func (p *plan) absent(matched map[string]bool) []string {
	if len(p.langs) > 0 {
		// Absent from the sources: absent in every language's analysis.
		var out []string
		for i, x := range p.langs {
			words := x.absent(matched)
			if i == 0 {
				out = words
				continue
			}
			out = slices.DeleteFunc(out, func(w string) bool { return !slices.Contains(words, w) })
		}
		return out
	}
	var out []string
	for i, c := range p.concepts {
		if !p.seen[i] && p.credit(i, matched) == 0 {
			out = append(out, c.surface)
		}
	}
	return out
}

// unseen returns the words of the query that occur nowhere in the index,
// neither as they are nor through the glossary, whether or not a fuzzy
// (typo) match found something like them: a fuzzy match is a guess, not
// evidence that the sources speak of the word.
func (p *plan) unseen() []string {
	if len(p.langs) > 0 {
		var out []string
		for i, x := range p.langs {
			words := x.unseen()
			if i == 0 {
				out = words
				continue
			}
			out = slices.DeleteFunc(out, func(w string) bool { return !slices.Contains(words, w) })
		}
		return out
	}
	var out []string
	for i, c := range p.concepts {
		if !p.seen[i] {
			out = append(out, c.surface)
		}
	}
	return out
}
