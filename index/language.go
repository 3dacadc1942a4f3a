package index

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"

	"pactbot/corpus"
)

// languageAnalyzers are the Bleve analyzers (lower-casing, stop words,
// stemming) by ISO 639-1 code: the EU languages Bleve v2.6.3 has one for.
// A document in another language, or in none Bleve knows, gets the plain
// analyzer.
var languageAnalyzers = map[string]string{
	"da": da.AnalyzerName, "de": de.AnalyzerName, "en": en.AnalyzerName,
	"es": es.AnalyzerName, "fi": fi.AnalyzerName, "fr": fr.AnalyzerName,
	"hr": hr.AnalyzerName, "hu": hu.AnalyzerName, "it": it.AnalyzerName,
	"nl": nl.AnalyzerName, "pl": pl.AnalyzerName, "pt": pt.AnalyzerName,
	"ro": ro.AnalyzerName, "sv": sv.AnalyzerName,
}

// Analyzer groups: the documents analyzed one way, with fields of their
// own. English keeps the unsuffixed field names (body, heading…), so an
// English corpus is indexed and searched exactly as before languages.
const (
	englishGroup = "en"
	// plainGroup is every document in a language without an analyzer:
	// Unicode words, lower-cased, nothing dropped or stemmed.
	plainGroup    = "plain"
	plainAnalyzer = "pactbot-plain"
)

// normLanguage returns the primary subtag of a language tag, lower case:
// "sv-SE" and "SV" are "sv".
func normLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// languageGroup is the analyzer group of a language code: English for a
// document that names no language (the sources' language until documents
// said theirs), the code itself when Bleve has its analyzer, else plain.
func languageGroup(code string) string {
	code = normLanguage(code)
	switch {
	case code == "":
		return englishGroup
	case languageAnalyzers[code] != "":
		return code
	default:
		return plainGroup
	}
}

// groupAnalyzer is the analyzer name of a group.
func groupAnalyzer(group string) string {
	if group == plainGroup {
		return plainAnalyzer
	}
	return languageAnalyzers[group]
}

// groupField is the name of a searchable field for a group: English uses
// the base name, others add "_" and the group ("body_sv", "body_plain").
func groupField(field, group string) string {
	if group == englishGroup || group == "" {
		return field
	}
	return field + "_" + group
}

// sortGroups puts English first, then the others alphabetically: the
// first group is the index's primary one (Index.vocab).
func sortGroups(groups []string) {
	slices.SortFunc(groups, func(a, b string) int {
		if (a == englishGroup) != (b == englishGroup) {
			if a == englishGroup {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
}

// addLanguageFields adds the searchable fields of group to dm, analyzed
// with its analyzer, and the plain analyzer to im when group needs it.
func addLanguageFields(im *mapping.IndexMappingImpl, dm *mapping.DocumentMapping, group string) error {
	if group == englishGroup {
		return nil // the base fields, added by newMapping
	}
	if group == plainGroup {
		err := im.AddCustomAnalyzer(plainAnalyzer, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": []string{lowercase.Name},
		})
		if err != nil {
			return err
		}
	}
	a := groupAnalyzer(group)
	dm.AddFieldMappingsAt(groupField(fieldBody, group), textFieldWith(a, true))
	dm.AddFieldMappingsAt(groupField(fieldHeading, group), textFieldWith(a, false))
	dm.AddFieldMappingsAt(groupField(fieldContext, group), textFieldWith(a, false))
	dm.AddFieldMappingsAt(groupField(fieldTitle, group), textFieldWith(a, true))
	return nil
}

// langIndex is the part of the index one analyzer group has: its query
// analysis (with the glossary rules for its languages) and its BM25
// statistics, counted over its own passages, so that a term's weight in a
// Swedish passage depends on the Swedish passages only, and a search in
// each group gives scores on the same scale.
type langIndex struct {
	group string
	vocab *Vocabulary
	bm25  *search.BM25Stats
}

// glossaryFor returns the rules of g that apply to a language of group:
// a rule without languages is English.
func glossaryFor(g corpus.Glossary, group string) corpus.Glossary {
	var out corpus.Glossary
	for _, r := range g {
		langs := r.Languages
		if len(langs) == 0 {
			langs = []string{englishGroup}
		}
		if slices.ContainsFunc(langs, func(l string) bool { return languageGroup(l) == group }) {
			out = append(out, r)
		}
	}
	return out
}

// fastFor returns the analyzer that reads result text in a passage's
// language, for highlights and coverage.
func (ix *Index) fastFor(language string) analysis.Analyzer {
	g := languageGroup(language)
	for _, li := range ix.langs {
		if li.group == g {
			return li.vocab.fast
		}
	}
	return ix.vocab.fast
}

// planQuery plans one phrasing of a question: in an index of one group
// (an English corpus), exactly as before languages; in a mixed one, the
// question is analyzed for every group present, each analysis planned
// over that group's fields, and the plans kept together (plan.langs). A
// word gets a typo match only when no group has it. It returns nil when
// no group finds a content word in q.
func (ix *Index) planQuery(ctx context.Context, q string) (*plan, error) {
	if len(ix.langs) == 1 {
		concepts := ix.vocab.concepts(q)
		if len(concepts) == 0 {
			return nil, nil
		}
		return ix.plan(ctx, concepts)
	}
	type part struct {
		li       *langIndex
		concepts []concept
		cands    []clause
		seen     []bool
	}
	var parts []part
	known := map[string]bool{}
	for _, li := range ix.langs {
		concepts := li.vocab.concepts(q)
		if len(concepts) == 0 {
			continue
		}
		cands, seen, err := ix.gather(ctx, li, concepts)
		if err != nil {
			return nil, err
		}
		for i, c := range concepts {
			if seen[i] {
				known[strings.ToLower(c.surface)] = true
			}
		}
		parts = append(parts, part{li, concepts, cands, seen})
	}
	if len(parts) == 0 {
		return nil, nil
	}
	all := &plan{searched: map[string]bool{}}
	for _, pt := range parts {
		p := ix.assemblePlan(pt.li, pt.concepts, pt.cands, pt.seen, func(c concept) bool {
			return !known[strings.ToLower(c.surface)]
		})
		all.langs = append(all.langs, p)
	}
	return all, nil
}

// searchable reports whether p has a query to run (in some group).
func (p *plan) searchable() bool {
	if len(p.langs) > 0 {
		return slices.ContainsFunc(p.langs, func(x *plan) bool { return x.query != nil })
	}
	return p.query != nil
}

// bm25RankedLangs runs each group's plan with that group's statistics and
// merges the hits by score: each score is BM25 over its own group, so the
// best Swedish passage for a Swedish question and the best English one
// for an English question score alike, whatever the share of each
// language in the corpus.
func (ix *Index) bm25RankedLangs(ctx context.Context, p *plan, fetch int) (search.DocumentMatchCollection, error) {
	var all search.DocumentMatchCollection
	for _, part := range p.langs {
		if part.query == nil {
			continue
		}
		dms, err := ix.bm25Ranked(ctx, part, fetch)
		if err != nil {
			return nil, err
		}
		all = append(all, dms...)
	}
	slices.SortStableFunc(all, func(a, b *search.DocumentMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(all) > fetch {
		all = all[:fetch]
	}
	return all, nil
}

// stats are the BM25 statistics p is scored with.
func (p *plan) stats(ix *Index) *search.BM25Stats {
	if p.li != nil {
		return p.li.bm25
	}
	return ix.bm25
}

// storedText returns a stored text field of a passage in its group's
// field (the base field for English).
func storedText(f map[string]interface{}, field, language string) string {
	s, _ := f[groupField(field, languageGroup(language))].(string)
	return s
}

// openLanguages returns the analyzer groups of a build, primary first,
// each with its analyzer from the index mapping, its glossary rules
// (English filler words for English only) and its BM25 statistics. A
// build without passages has the English group alone.
func openLanguages(im mapping.IndexMapping, m meta, g corpus.Glossary) ([]*langIndex, error) {
	groups := slices.Collect(maps.Keys(m.Languages))
	if len(groups) == 0 {
		groups = []string{englishGroup}
	}
	sortGroups(groups)
	out := make([]*langIndex, 0, len(groups))
	for _, grp := range groups {
		a := im.AnalyzerNamed(groupAnalyzer(grp))
		if a == nil {
			return nil, fmt.Errorf("no analyzer for language group %q", grp)
		}
		var opts []VocabularyOption
		if grp != englishGroup {
			opts = append(opts, WithFillerWords(nil)) // the filler list is English
		}
		n := m.Languages[grp]
		if len(m.Languages) == 0 {
			n = m.Passages
		}
		out = append(out, &langIndex{
			group: grp,
			vocab: newVocabulary(a, glossaryFor(g, grp), opts...),
			bm25:  &search.BM25Stats{DocCount: float64(n), FieldCardinality: m.FieldTokens},
		})
	}
	return out, nil
}
