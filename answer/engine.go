package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"pactbot/index"
)

// ErrEmptyQuestion is returned for an empty question.
var ErrEmptyQuestion = errors.New("answer: empty question")

// AskInWordsText is the reply to a question with no words in it ("???",
// emoji, only invisible characters): not grounded, and no error.
const AskInWordsText = "I can only answer questions written in words. Please ask, for example: “Which country decides on my asylum application?”"

// Options tune the engine. They are taken as given: the defaults are
// config's (config.Default; OptionsFrom maps a configuration), and this
// package has none of its own.
type Options struct {
	// TopK is how many passages to retrieve; below 1 is 1.
	TopK int
	// MaxPassages is how many passages an extractive answer quotes (1–3
	// recommended); below 1 is 1.
	MaxPassages int
	// MinCoverage is the Result.Coverage below which the sources do not
	// cover the question; 0 (or less) means explicitly no floor.
	MinCoverage float64
	// MinSimilarity and StrongSimilarity are the vector-similarity lines
	// of the coverage decision (config's answer.min_similarity and
	// answer.strong_similarity, calibrated for multilingual-e5-small); they
	// apply only to an index with vectors. 0 means explicitly no such line.
	MinSimilarity, StrongSimilarity float64
	// Topics names what the sources cover, for the not-covered reply,
	// e.g. document titles with their main sections.
	Topics []string
}

// Engine answers questions from retrieved passages.
type Engine struct {
	retriever Retriever
	curated   CuratedSource // nil: none
	opts      Options
	gen       *GenOptions   // nil: extractive only
	rewrites  *rewriteCache // masked question → the law's wording
}

// NewEngine returns an extractive engine over r.
func NewEngine(r Retriever, opts Options) *Engine {
	opts.TopK = max(opts.TopK, 1)
	opts.MaxPassages = max(opts.MaxPassages, 1)
	opts.MinCoverage = max(opts.MinCoverage, 0)
	return &Engine{retriever: r, opts: opts}
}

// AskOptions change one question's handling.
type AskOptions struct {
	// TopK overrides Options.TopK when positive.
	TopK int
	// NoLLM forces the extractive answer.
	NoLLM bool
	// OnDelta receives a generated answer as it streams in.
	OnDelta func(string)
	// Explain fills Answer.Trace.
	Explain bool
}

func (e *Engine) topK(o AskOptions) int {
	if o.TopK > 0 {
		return o.TopK
	}
	return e.opts.TopK
}

// Generative reports whether the engine generates answers with an LLM.
func (e *Engine) Generative() bool { return e.gen != nil }

// Ask answers question from the sources. It returns an error only when
// retrieval itself fails; a question the sources don't cover gets an
// Answer with Grounded false. The question is masked once (personal data
// replaced by placeholders) before anything else sees it: retrieval, the
// rewrite, the prompt and the cache key get the masked text, and only the
// returned Answer.Question is the question as asked.
func (e *Engine) Ask(ctx context.Context, question string, o AskOptions) (Answer, error) {
	q := newQuery(question)
	if strings.TrimSpace(question) == "" {
		return Answer{}, ErrEmptyQuestion
	}
	if len(words(q.search)) == 0 {
		// Emoji, punctuation, invisible characters: nothing to search.
		return Answer{Question: q.raw, Text: AskInWordsText, Mode: ModeExtractive,
			Citations: []Citation{}, Passages: []index.Hit{}}, nil
	}
	tr := &Trace{Language: q.code, SearchQuery: q.search, Stages: map[string]float64{}}
	start := time.Now()
	var a Answer
	var err error
	if c, ok := e.lookupCurated(ctx, q.masked); ok {
		a = c
	} else if e.gen != nil && !o.NoLLM {
		a, err = e.generative(ctx, q, o, tr)
	} else {
		a, err = e.ask(ctx, q, o, tr)
	}
	if err != nil {
		return Answer{}, err
	}
	a.Question = q.raw
	tr.stage("total", start)
	if o.Explain {
		a.Trace = tr
	}
	return a, nil
}

// retrieve searches for q (and further phrasings of it) and records the
// retrieval in the trace.
func (e *Engine) retrieve(ctx context.Context, main string, extra []string, o AskOptions, tr *Trace) (index.Result, error) {
	start := time.Now()
	res, err := e.retriever.SearchWith(ctx, main, e.topK(o), index.SearchOptions{Extra: extra})
	if err != nil {
		return index.Result{}, fmt.Errorf("answer: retrieve: %w", err)
	}
	tr.stage("retrieve", start)
	tr.SearchQuery = main
	tr.ExtraQueries = extra
	tr.Retrieval = res.Retrieval
	tr.Coverage = res.Coverage
	return res, nil
}

func (e *Engine) ask(ctx context.Context, q query, o AskOptions, tr *Trace) (Answer, error) {
	res, err := e.retrieve(ctx, q.search, nil, o, tr)
	if err != nil {
		return Answer{}, err
	}
	if q.foreignScript() && res.Retrieval.BestSimilarity == 0 {
		// Without vectors (or an LLM to rewrite it), a question in a script
		// the sources don't use matches them only through the glossary's
		// rules for its language. When those carry it to the floor for
		// other languages, the passages are quoted with the note in its
		// language; otherwise it gets that note alone.
		if a := e.extractiveWith(q.masked, res, e.floor(q, res), "en"); a.Grounded {
			a.Note = askInEnglish(q.lang.Code)
			e.quoteByMeaning(ctx, q.search, &a)
			return a, nil
		}
		return e.foreignScriptReply(q, res), nil
	}
	a := e.extractiveWith(q.masked, res, e.floor(q, res), q.code)
	if q.code != "en" {
		e.quoteByMeaning(ctx, q.search, &a)
	}
	switch {
	case q.code == "en":
	case a.Grounded:
		a.Note = NoteEnglishSources
	default:
		a.Text += " " + askInEnglish(q.code)
	}
	return a, nil
}

// foreignScriptReply is the not-covered answer to a question in a script
// the sources don't use, in the question's language where the table has
// it.
func (e *Engine) foreignScriptReply(q query, res index.Result) Answer {
	a := Answer{Question: q.masked, Mode: ModeExtractive, Citations: []Citation{}, Passages: []index.Hit{}}
	a.Text = askInEnglish(q.lang.Code)
	return a
}

// CuratedSource serves moderator-reviewed answers to questions that
// closely match one a moderator corrected. The curated package's matcher,
// adapted, satisfies it.
type CuratedSource interface {
	Lookup(ctx context.Context, question string) (Answer, bool)
}

// NoteCurated labels an answer a moderator reviewed.
const NoteCurated = "This answer was reviewed by a moderator."

// WithRetriever returns a copy of e that retrieves with r, e.g. the same
// index forced to one retrieval mode for evaluation.
func (e *Engine) WithRetriever(r Retriever) *Engine {
	cp := *e
	cp.retriever = r
	return &cp
}

// WithCurated returns a copy of e that answers from src first.
func (e *Engine) WithCurated(src CuratedSource) *Engine {
	cp := *e
	cp.curated = src
	return &cp
}

func (e *Engine) lookupCurated(ctx context.Context, question string) (Answer, bool) {
	if e.curated == nil {
		return Answer{}, false
	}
	a, ok := e.curated.Lookup(ctx, question)
	if !ok {
		return Answer{}, false
	}
	a.Question, a.Mode, a.Grounded = question, ModeCurated, true
	if a.Note == "" {
		a.Note = NoteCurated
	}
	if a.Citations == nil {
		a.Citations = []Citation{}
	}
	if a.Passages == nil {
		a.Passages = []index.Hit{}
	}
	return a, true
}

// Covers reports whether a search result counts as covering an English
// question.
func (e *Engine) Covers(res index.Result) bool {
	return e.covers(res, e.opts.MinCoverage)
}

// floor is the coverage floor for q. For a question in another language
// than the sources' English, its untranslated words cannot match, so only
// the share of words that did (names, shared roots, glossary entries) is
// asked to be half as high; a rewrite into English (res.Coverage is the
// best over the phrasings) is held to the English floor.
func (e *Engine) floor(q query, res index.Result) float64 {
	if q.code == "en" {
		return e.opts.MinCoverage
	}
	return e.opts.MinCoverage / 2
}

func (e *Engine) extractive(question string, res index.Result) Answer {
	return e.extractiveWith(question, res, e.opts.MinCoverage, "en")
}

func (e *Engine) extractiveWith(question string, res index.Result, floor float64, code string) Answer {
	a := Answer{Question: question, Mode: ModeExtractive, Passages: res.Hits, Citations: []Citation{}}
	if a.Passages == nil {
		a.Passages = []index.Hit{}
	}
	if !e.coversIn(res, floor, code) {
		a.Text = NotCoveredText(e.opts.Topics)
		return a
	}
	a.Grounded = true
	chosen := choosePassages(res.Hits, e.opts.MaxPassages)
	terms := queryTerms(question, res.Hits)
	quotes := make([]string, len(chosen))
	scores := make([]int, len(chosen))
	best := 0
	for i, h := range chosen {
		quotes[i], scores[i] = bestSentences(h.Text, terms, 2, 70)
		best = max(best, scores[i])
	}
	// A passage whose best sentence matches much less of the question than
	// another passage's does is ranked high for its heading, not its text:
	// quoting it adds nothing. The first passage stays when it is the best.
	var parts []string
	for i, h := range chosen {
		if 3*scores[i] < 2*best {
			continue
		}
		n := len(a.Citations) + 1
		parts = append(parts, fmt.Sprintf("“%s” [%d]", quotes[i], n))
		a.Citations = append(a.Citations, CitationFor(n, h.Passage))
	}
	a.Text = strings.Join(parts, "\n\n")
	return a
}

// CitationFor returns citation number n for a passage.
func CitationFor(n int, p index.Passage) Citation {
	return Citation{
		N: n, DocID: p.DocID, Title: p.Title, Section: p.Section, Path: p.Path,
		Anchor: p.Anchor, URL: p.URL, Language: p.Language, PassageID: p.ID,
	}
}

// NotCoveredText is the reply when the sources don't cover a question.
func NotCoveredText(topics []string) string {
	var b strings.Builder
	b.WriteString("The documents I answer from don't cover this question, so I can't answer it reliably.")
	if len(topics) > 0 {
		b.WriteString(" They cover: ")
		b.WriteString(strings.Join(topics, "; "))
		b.WriteString(".")
	}
	return b.String()
}

// choosePassages keeps the best passage and up to max-1 more that score
// at least half as well, one per section so quotes don't repeat.
func choosePassages(hits []index.Hit, max int) []index.Hit {
	if len(hits) == 0 {
		return nil
	}
	out := []index.Hit{hits[0]}
	seen := map[string]bool{hits[0].DocID + "#" + hits[0].Anchor: true}
	for _, h := range hits[1:] {
		if len(out) >= max {
			break
		}
		key := h.DocID + "#" + h.Anchor
		if seen[key] || h.Score < hits[0].Score*0.5 {
			continue
		}
		seen[key] = true
		out = append(out, h)
	}
	return out
}
