package index

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
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
}

type fieldBoost struct {
	field string
	boost float64
}

func defaultTuning() tuning {
	return tuning{
		fields: []fieldBoost{
			{fieldBody, 1.0},
			{fieldHeading, 0.5},
			{fieldContext, 0.3},
			{fieldTitle, 0.2},
		},
		synonym:     0.6,
		fuzzy:       0.4,
		perSection:  1,
		fetchFactor: 4,
	}
}

// Search returns the k passages that best match query, with scores,
// highlighted fragments (<mark></mark>) and the coverage signal. The query
// is free text: it is analyzed, stripped of stop words and question filler,
// expanded with the glossary, and matched term by term (any term may match;
// more matched terms rank higher). It is never parsed as query syntax.
func (ix *Index) Search(ctx context.Context, queryText string, k int) (Result, error) {
	res := Result{Query: queryText, Hits: []Hit{}}
	if k <= 0 {
		return res, nil
	}
	concepts := ix.vocab.concepts(queryText)
	if len(concepts) == 0 {
		return res, nil
	}
	fuzz, err := ix.fuzziness(ctx, concepts)
	if err != nil {
		return res, err
	}
	fetch := k
	if ix.tuning.perSection > 0 {
		fetch = k * ix.tuning.fetchFactor
	}
	req := bleve.NewSearchRequestOptions(ix.buildQuery(concepts, fuzz), fetch, 0, false)
	req.Fields = storedFieldNames()
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField(fieldBody)
	sr, err := ix.idx.SearchInContext(context.WithValue(ctx, search.BM25StatsKey, ix.bm25), req)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", queryText, err)
	}
	matches := ix.capPerSection(sr.Hits, k)
	for i, dm := range matches {
		h := Hit{Passage: passageFromFields(dm.ID, dm.Fields), Rank: i + 1, Score: dm.Score}
		if frags := dm.Fragments[fieldBody]; len(frags) > 0 {
			h.Highlight = frags[0]
		}
		res.Hits = append(res.Hits, h)
	}
	res.Coverage = coverage(concepts, fuzz, matches[:min(len(matches), coverageHits)])
	return res, nil
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
		sec, _, _ := strings.Cut(dm.ID, "/")
		if n := ix.tuning.perSection; n > 0 && perSection[sec] >= n {
			continue
		}
		perSection[sec]++
		out = append(out, dm)
	}
	return out
}

// fuzziness picks, for each one-term concept the index does not contain
// (a likely typo), an edit distance for a fuzzy match: 1 up to 7 letters,
// 2 from 8. Known terms get none, which keeps the query small and exact.
func (ix *Index) fuzziness(ctx context.Context, concepts []concept) (map[int]int, error) {
	var fuzz map[int]int
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: reader: %w", err)
	}
	defer r.Close()
	for i, c := range concepts {
		if len(c.main) != 1 {
			continue
		}
		n := utf8.RuneCountInString(c.main[0])
		if n < 4 {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(c.main[0]), fieldBody, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("index: term %q: %w", c.main[0], err)
		}
		count := tfr.Count()
		tfr.Close()
		if count > 0 {
			continue
		}
		if fuzz == nil {
			fuzz = map[int]int{}
		}
		fuzz[i] = 1
		if n >= 8 {
			fuzz[i] = 2
		}
	}
	return fuzz, nil
}

// buildQuery is a disjunction over concepts; each concept is a disjunction
// of its term (or phrase) and its glossary alternatives over every
// searchable field, with field boosts, plus a fuzzy match when it is a
// likely typo.
func (ix *Index) buildQuery(concepts []concept, fuzz map[int]int) query.Query {
	t := ix.tuning
	top := make([]query.Query, 0, len(concepts))
	for i, c := range concepts {
		var clauses []query.Query
		for _, f := range t.fields {
			clauses = append(clauses, seqQuery(c.main, f.field, f.boost))
			for _, alt := range c.alts {
				clauses = append(clauses, seqQuery(alt, f.field, f.boost*t.synonym))
			}
		}
		if d := fuzz[i]; d > 0 {
			fq := query.NewFuzzyQuery(c.main[0])
			fq.SetField(fieldBody)
			fq.SetFuzziness(d)
			fq.SetPrefix(1)
			fq.SetBoost(t.fuzzy)
			clauses = append(clauses, fq)
		}
		top = append(top, query.NewDisjunctionQuery(clauses))
	}
	return query.NewDisjunctionQuery(top)
}

// seqQuery matches an analyzed term or phrase in one field.
func seqQuery(s seq, field string, boost float64) query.Query {
	if len(s) == 1 {
		tq := query.NewTermQuery(s[0])
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	terms := make([][]string, len(s))
	for i, t := range s {
		if t != "" {
			terms[i] = []string{t}
		}
	}
	pq := query.NewMultiPhraseQuery(terms, field)
	pq.SetBoost(boost)
	return pq
}

func storedFieldNames() []string {
	return []string{fieldBody, fieldTitle, fieldDoc, fieldPath, fieldAnchor, fieldURL, fieldSection, fieldPosition}
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
