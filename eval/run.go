package eval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"pactbot/answer"
	"pactbot/index"
)

// SearchK is how many passages Run asks the Searcher for; MRR counts a gold
// passage found lower than this as a miss.
const SearchK = 10

// factDepth is how many top passages the fact is looked for in.
const factDepth = 3

// Searcher finds passages for a query with the retrievers o asks for;
// *index.Index satisfies it. Declared here so that tests can count ranks
// against a hand-written fake.
type Searcher interface {
	SearchWith(ctx context.Context, query string, k int, o index.SearchOptions) (index.Result, error)
}

var _ Searcher = (*index.Index)(nil)

// Asker answers a question; the answer engine satisfies it. Run uses it for
// the grounded/refusal checks and to look for the fact in the answer text.
type Asker interface {
	Ask(ctx context.Context, question string) (answer.Answer, error)
}

// AskerFunc adapts a function to Asker, e.g. an engine method with extra
// options: eval.AskerFunc(func(ctx context.Context, q string) (answer.Answer, error) {…}).
type AskerFunc func(ctx context.Context, question string) (answer.Answer, error)

// Ask calls f.
func (f AskerFunc) Ask(ctx context.Context, question string) (answer.Answer, error) {
	return f(ctx, question)
}

// AllModes are the retrievers a Run measures when Options names none, in
// the order reports list them.
func AllModes() []index.Mode {
	return []index.Mode{index.ModeBM25, index.ModeVector, index.ModeHybrid}
}

// Options change a Run.
type Options struct {
	// Modes are the retrievers measured, each with its own search of every
	// question; empty means AllModes(). The primary mode (ModeHybrid when
	// measured, what the bot serves, else the first) fills the Report's
	// top-level metrics and PerQuestion, which Check gates.
	Modes []index.Mode
	// AskerFor, when set, answers with the retrieval of one mode, so that
	// refusals are measured per retriever too (ByMode).
	AskerFor func(index.Mode) Asker
}

func (o Options) modes() []index.Mode {
	if len(o.Modes) == 0 {
		return AllModes()
	}
	return o.Modes
}

func (o Options) primary() index.Mode {
	ms := o.modes()
	if slices.Contains(ms, index.ModeHybrid) {
		return index.ModeHybrid
	}
	return ms[0]
}

// QuestionResult is how one question fared.
type QuestionResult struct {
	ID      string `json:"id"`
	Q       string `json:"q"`
	Lang    string `json:"lang"`
	Covered bool   `json:"covered"`
	// Want describes the expected source, e.g. "apr-32024R1348 Article 27".
	Want string `json:"want,omitempty"`
	// Rank is the 1-based position of the first gold passage among the
	// SearchK results, 0 when none is gold (or the question is off-topic).
	Rank int `json:"rank"`
	// Top is the first passage found, as "doc › path", for reading misses.
	Top     string `json:"top,omitempty"`
	HasFact bool   `json:"has_fact,omitempty"`
	FactHit bool   `json:"fact_hit,omitempty"`
	// Asked is true when an Asker answered; Grounded is then its verdict.
	Asked    bool `json:"asked,omitempty"`
	Grounded bool `json:"grounded,omitempty"`
	// Retrieval is the mode that served the search behind Rank; it differs
	// from the mode asked for when the index fell back to BM25.
	Retrieval index.Mode `json:"retrieval,omitempty"`
	// VectorError is why the index did not use vectors, when it says.
	VectorError string `json:"vector_error,omitempty"`
	// Ranks is Rank under every mode measured, by the mode asked for.
	Ranks map[index.Mode]int `json:"ranks,omitempty"`
}

// Run searches every question once per mode of o (and, when a is not nil,
// asks it once) and returns the metrics. A search or ask error stops the
// run: a broken engine must not look like a bad score.
func Run(ctx context.Context, qs []Question, s Searcher, a Asker, o Options) (Report, error) {
	modes, primary := o.modes(), o.primary()
	byMode := make(map[index.Mode][]QuestionResult, len(modes))
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return Report{}, fmt.Errorf("eval: run: %w", err)
		}
		var ans *answer.Answer
		if a != nil {
			got, err := a.Ask(ctx, q.Q)
			if err != nil {
				return Report{}, fmt.Errorf("eval: ask question %s: %w", q.ID, err)
			}
			ans = &got
		}
		for _, m := range modes {
			mans := ans
			if o.AskerFor != nil && m != primary {
				got, err := o.AskerFor(m).Ask(ctx, q.Q)
				if err != nil {
					return Report{}, fmt.Errorf("eval: ask question %s (%s): %w", q.ID, m, err)
				}
				mans = &got
			}
			r, err := runOne(ctx, q, s, m, mans)
			if err != nil {
				return Report{}, err
			}
			byMode[m] = append(byMode[m], r)
		}
	}
	rep := summarize(byMode[primary], a != nil)
	rep.Retrieval = servedMode(byMode[primary], primary)
	rep.ByLang = byLanguage(byMode[primary], a != nil)
	for _, m := range modes {
		rep.ByMode = append(rep.ByMode, modeReport(m, byMode[m], a != nil && (o.AskerFor != nil || m == primary)))
	}
	for i := range rep.PerQuestion {
		rep.PerQuestion[i].Ranks = make(map[index.Mode]int, len(modes))
		for _, m := range modes {
			rep.PerQuestion[i].Ranks[m] = byMode[m][i].Rank
		}
	}
	return rep, nil
}

func runOne(ctx context.Context, q Question, s Searcher, m index.Mode, ans *answer.Answer) (QuestionResult, error) {
	r := QuestionResult{ID: q.ID, Q: q.Q, Lang: q.Language(), Covered: q.IsCovered(), Want: describeWant(q)}
	res, err := s.SearchWith(ctx, q.Q, SearchK, index.SearchOptions{Mode: m})
	if err != nil {
		return r, fmt.Errorf("eval: search question %s (%s): %w", q.ID, m, err)
	}
	r.Retrieval, r.VectorError = res.Retrieval.Mode, res.Retrieval.VectorError
	if r.Retrieval == "" {
		r.Retrieval = m // a search that found nothing to look for says nothing
	}
	if len(res.Hits) > 0 {
		r.Top = describeHit(res.Hits[0])
	}
	if ans != nil {
		r.Asked, r.Grounded = true, ans.Grounded
	}
	if !r.Covered {
		return r, nil
	}
	r.Rank = goldRank(q, res.Hits)
	if q.Fact != "" {
		r.HasFact = true
		r.FactHit = factInHits(q.Fact, res.Hits) || (r.Asked && containsFact(ans.Text, q.Fact))
	}
	return r, nil
}

// goldRank is the 1-based position of the first gold hit, 0 for none.
func goldRank(q Question, hits []index.Hit) int {
	for i, h := range hits {
		if i >= SearchK {
			break
		}
		if isGold(q, h) {
			return i + 1
		}
	}
	return 0
}

// isGold reports whether h is a passage a good answer to q may cite.
func isGold(q Question, h index.Hit) bool {
	if h.DocID != q.Doc {
		return false
	}
	if len(q.Articles) == 0 && q.Section == "" {
		return true
	}
	for i, el := range h.Path {
		for _, n := range q.Articles {
			if isArticle(el, n) {
				return true
			}
		}
		// The document title heads every path, so it names a section only
		// for the text directly under it.
		isTitle := i == 0 && len(h.Path) > 1
		if q.Section != "" && !isTitle && normalize(el) == normalize(q.Section) {
			return true
		}
	}
	return false
}

// isArticle reports whether the heading el is "Article n" or "Article n: …".
func isArticle(el, n string) bool {
	want := "article " + strings.ToLower(strings.TrimSpace(n))
	el = strings.ToLower(strings.TrimSpace(el))
	return el == want || strings.HasPrefix(el, want+":")
}

func factInHits(fact string, hits []index.Hit) bool {
	for i, h := range hits {
		if i >= factDepth {
			break
		}
		if containsFact(h.Text, fact) {
			return true
		}
	}
	return false
}

// containsFact compares ignoring case and runs of white space (including
// the no-break spaces of "EUR 10 000").
func containsFact(text, fact string) bool {
	return strings.Contains(normalize(text), normalize(fact))
}

func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), unicode.IsSpace), " ")
}

func describeWant(q Question) string {
	if !q.IsCovered() {
		return "not covered"
	}
	parts := []string{q.Doc}
	for _, a := range q.Articles {
		parts = append(parts, "Article "+a)
	}
	if q.Section != "" {
		parts = append(parts, "§ "+q.Section)
	}
	return strings.Join(parts, " ")
}

func describeHit(h index.Hit) string {
	path := h.Path
	if len(path) > 1 {
		path = path[1:] // the title repeats the document
	}
	return h.DocID + " › " + strings.Join(path, " › ")
}
