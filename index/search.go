package index

import (
	"fmt"
	"slices"
	"strings"
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

// hits loads the passages of the kept matches, highlights their text with
// the terms of every plan, and computes the coverage over the first
// coverageHits of them: the best over the plans (a rewrite into the law's
// words may cover what the asker's words do not).
func (ix *Index) hits(plans []*plan, top []*fused) ([]Hit, float64, []string, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, 0, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, nil, err
	}
	defer r.Close()
	match := func(term string) bool {
		for _, p := range plans {
			if p.matches(term) {
				return true
			}
		}
		return false
	}
	out := make([]Hit, 0, len(top))
	matched := map[string]bool{}
	for i, x := range top {
		psg, ok, err := loadPassage(r, x.id)
		if err != nil {
			return nil, 0, nil, err
		}
		if !ok {
			return nil, 0, nil, fmt.Errorf("load %s: not in the index", x.id)
		}
		fast := ix.fastFor(psg.Language) // the passage's own language
		toks := fast.Analyze([]byte(psg.Text))
		out = append(out, Hit{
			Passage: psg, Rank: i + 1, Score: x.score, Highlight: highlight(psg.Text, toks, match),
			BM25Rank: x.bm25Rank, VectorRank: x.vectorRank,
		})
		if i >= coverageHits {
			continue
		}
		for _, t := range toks {
			matched[string(t.Term)] = true
		}
		for _, t := range fast.Analyze([]byte(strings.Join(slices.Concat(psg.Path, []string{psg.Title}), "\n"))) {
			matched[string(t.Term)] = true
		}
	}
	cov := 0.0
	var absent []string
	for i, p := range plans {
		cov = max(cov, p.coverage(matched))
		if i == 0 {
			absent = p.absent(matched)
		}
	}
	return out, cov, absent, nil
}

func passageFromFields(id string, f map[string]interface{}) Passage {
	str := func(name string) string {
		s, _ := f[name].(string)
		return s
	}
	p := Passage{
		ID:      id,
		DocID:   str(fieldDoc),
		Title:   storedText(f, fieldTitle, str(fieldLang)),
		Section: str(fieldSection),
		Anchor:  str(fieldAnchor),
		URL:     str(fieldURL),
		Text:    storedText(f, fieldBody, str(fieldLang)),
		// Language is the document's, kept for citations.
		Language: str(fieldLang),
	}
	if path := str(fieldPath); path != "" {
		p.Path = strings.Split(path, pathSep)
	}
	if pos, ok := f[fieldPosition].(float64); ok {
		p.Position = int(pos)
	}
	return p
}
