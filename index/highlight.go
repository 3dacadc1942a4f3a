package index

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"
)

// fragmentBytes is the length of a highlight fragment, about two lines.
const fragmentBytes = 200

// loadPassage reads the stored fields of passage id; false when there is
// no such passage.
func loadPassage(r bindex.IndexReader, id string) (Passage, bool, error) {
	doc, err := r.Document(id)
	if err != nil {
		return Passage{}, false, fmt.Errorf("load %s: %w", id, err)
	}
	if doc == nil {
		return Passage{}, false, nil
	}
	f := map[string]interface{}{}
	doc.VisitFields(func(field bindex.Field) {
		if n, ok := field.(bindex.NumericField); ok {
			if v, err := n.Number(); err == nil {
				f[field.Name()] = v
			}
			return
		}
		f[field.Name()] = string(field.Value())
	})
	return passageFromFields(id, f), true, nil
}

// matches reports whether an analyzed term of a passage matches the query:
// it is a searched term or within edit distance of a likely typo.
func (p *plan) matches(term string) bool {
	for _, x := range p.langs {
		if x.matches(term) {
			return true
		}
	}
	if p.searched[term] {
		return true
	}
	if len(p.fuzz) == 0 {
		return false
	}
	if m, ok := p.fuzzyMatched[term]; ok {
		return m
	}
	m := false
	for i, d := range p.fuzz {
		if editDistance(p.concepts[i].main[0], term) <= d {
			m = true
			break
		}
	}
	if p.fuzzyMatched == nil {
		p.fuzzyMatched = map[string]bool{}
	}
	p.fuzzyMatched[term] = m
	return m
}

// highlight returns the fragment of text, about fragmentBytes long, with
// the most matching terms, HTML-escaped, matches wrapped in <mark></mark>,
// and "…" where text was cut.
func highlight(text string, toks analysis.TokenStream, match func(string) bool) string {
	var hits []*analysis.Token
	for _, t := range toks {
		if match(string(t.Term)) {
			hits = append(hits, t)
		}
	}
	start, end := fragmentAround(text, hits)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, t := range hits {
		if t.Start < start || t.End > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:t.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[t.Start:t.End]))
		b.WriteString("</mark>")
		at = t.End
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// fragmentAround picks the window of about fragmentBytes with the most
// hits (the first such), widened to word boundaries.
func fragmentAround(text string, hits []*analysis.Token) (int, int) {
	if len(text) <= fragmentBytes {
		return 0, len(text)
	}
	best, bestN := 0, 0
	for i, h := range hits {
		n := 0
		for _, g := range hits[i:] {
			if g.End-h.Start > fragmentBytes {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = h.Start, n
		}
	}
	// Start a little before the first hit, at a word boundary.
	start := max(0, best-fragmentBytes/4)
	if start > 0 {
		if i := strings.IndexAny(text[start:best], " \n"); i >= 0 {
			start += i + 1
		} else {
			start = best
		}
	}
	end := min(len(text), start+fragmentBytes)
	if end < len(text) {
		if i := strings.LastIndexAny(text[start:end], " \n"); i > 0 {
			end = start + i
		}
		for end > start && !utf8.RuneStart(text[end]) {
			end--
		}
	}
	return start, end
}
