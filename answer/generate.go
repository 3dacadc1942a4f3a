package answer

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"pactbot/index"
	"pactbot/prompts"
)

// GenOptions turn on generated answers.
type GenOptions struct {
	Generator Generator
	Prompts   *prompts.Set
	// Model is recorded with each answer and keys the cache.
	Model       string
	MaxTokens   int
	Temperature float32
	// PromptBudget is the token budget for the passages, as given
	// (config's answer.prompt_budget); below 1 is 1.
	PromptBudget int
	// MarkUncited keeps an answer whose claims cite nothing, flagged as not
	// grounded, instead of falling back to the extractive answer. An answer
	// that fails verification falls back all the same.
	MarkUncited bool
	// Verify tunes the check of generated answers against their passages.
	Verify VerifyOptions
	// Cache, when set, keeps generated answers.
	Cache *Cache
	// IndexFingerprint keys the cache.
	IndexFingerprint string

	verifier *Verifier
}

// WithGenerator returns a copy of e that generates answers with an LLM
// and falls back to the extractive answer when generation fails.
func (e *Engine) WithGenerator(g GenOptions) *Engine {
	g.PromptBudget = max(g.PromptBudget, 1)
	v, err := NewVerifier(g.Verify)
	if err != nil {
		v = unavailableVerifier(err)
	}
	g.verifier = v
	cp := *e
	cp.gen = &g
	cp.rewrites = newRewriteCache()
	return &cp
}

// Stage timings and the rewritten query, for --explain.
type Trace struct {
	Language     string             `json:"language"`
	SearchQuery  string             `json:"search_query"`
	Stages       map[string]float64 `json:"stages_ms"`
	PromptTokens int                `json:"prompt_tokens_estimate"`
	SentPassages []string           `json:"sent_passages"`
	CacheHit     bool               `json:"cache_hit"`
	// ExtraQueries are the further phrasings searched (the rewrite).
	ExtraQueries []string `json:"extra_queries,omitempty"`
	// Retrieval is how the search was served: bm25 or hybrid, why vectors
	// were not used, the best vector similarity.
	Retrieval index.Retrieval `json:"retrieval"`
	// Coverage is the share of the question's words the top passages match.
	Coverage float64 `json:"coverage"`
	// NotCovered is set when the model said the passages don't answer.
	NotCovered bool `json:"model_not_covered,omitempty"`
}

func (t *Trace) stage(name string, since time.Time) {
	t.Stages[name] = float64(time.Since(since).Microseconds()) / 1000
}

// Notes shown to the asker in one line.
const (
	NoteLLMUnavailable = "The AI service could not answer just now, so this answer quotes the sources directly."
	NoteUncited        = "The generated answer did not cite its sources, so this answer quotes them directly."
	NoteEnglishSources = "The sources are in English; this answer quotes them as they are."
	NoteAskInEnglish   = "The sources are in English: asking in English may find more."
)

func (e *Engine) generative(ctx context.Context, q query, o AskOptions, tr *Trace) (Answer, error) {
	g := e.gen
	start := time.Now()
	// Every question, English included, is also searched in the law's
	// wording; for one in another language the rewrite leads (its BM25
	// terms can match) and the question itself still counts through the
	// vectors.
	main, extra := q.search, []string(nil)
	if rw := e.rewrite(ctx, q.masked); rw != "" {
		if q.code == "en" {
			extra = []string{rw}
		} else {
			main, extra = rw, []string{q.search}
		}
	}
	tr.stage("rewrite", start)
	res, err := e.retrieve(ctx, main, extra, o, tr)
	if err != nil {
		return Answer{}, err
	}
	floor := e.opts.MinCoverage
	if q.code != "en" && main == q.search {
		floor = e.floor(q, res)
	}
	fallback := e.extractiveWith(q.masked, res, floor, "en")
	if q.code != "en" && fallback.Grounded {
		fallback.Note = NoteEnglishSources
	}
	if !fallback.Grounded {
		if q.foreignScript() && res.Retrieval.BestSimilarity == 0 && len(extra) == 0 {
			return e.foreignScriptReply(q, res), nil
		}
		return fallback, nil
	}
	key := CacheKey(q.masked, g.IndexFingerprint, g.Prompts.Version(), g.Model)
	if a, ok := g.Cache.Get(key); ok {
		tr.CacheHit = true
		return a, nil
	}
	a, err := e.generate(ctx, q.masked, res.Hits, o, tr)
	if err != nil {
		fallback.Note = NoteLLMUnavailable
		fallback.Model = g.Model
		fallback.GenerationError = err.Error()
		return fallback, nil
	}
	if a.notCovered {
		// The model read the passages and found no answer in them.
		tr.NotCovered = true
		nc := fallback
		nc.Grounded, nc.Citations, nc.Text = false, []Citation{}, NotCoveredText(e.opts.Topics)
		nc.Model, nc.Usage = a.Model, a.Usage
		return nc, nil
	}
	if note := fallbackNote(*a.CitationCheck, g.MarkUncited); note != "" {
		fallback.Note = note
		fallback.Model, fallback.CitationCheck, fallback.Usage = a.Model, a.CitationCheck, a.Usage
		return fallback, nil
	}
	g.Cache.Put(key, a)
	return a, nil
}

func (e *Engine) generate(ctx context.Context, question string, hits []index.Hit, o AskOptions, tr *Trace) (Answer, error) {
	g := e.gen
	start := time.Now()
	all := make([]prompts.Passage, len(hits))
	for i, h := range hits {
		all[i] = prompts.Passage{N: i + 1, Source: sourceLine(h.Passage), Text: h.Text}
	}
	sent := prompts.Fit(all, g.PromptBudget)
	r, err := g.Prompts.Answer(question, sent)
	if err != nil {
		return Answer{}, fmt.Errorf("answer: render prompt: %w", err)
	}
	tr.PromptTokens = prompts.EstimateTokens(r.System) + prompts.EstimateTokens(r.User)
	for _, p := range sent {
		tr.SentPassages = append(tr.SentPassages, hits[p.N-1].ID)
	}
	tr.stage("prompt", start)
	start = time.Now()
	out, err := g.Generator.Generate(ctx, GenerateRequest{
		Messages:    []Message{{Role: "system", Content: r.System}, {Role: "user", Content: r.User}},
		MaxTokens:   g.MaxTokens,
		Temperature: g.Temperature,
		OnDelta:     o.OnDelta,
	})
	tr.stage("generate", start)
	if err != nil {
		return Answer{}, err
	}
	if strings.TrimSpace(out.Text) == "" {
		return Answer{}, fmt.Errorf("answer: empty generation")
	}
	if saysNotCovered(out.Text) {
		return Answer{Model: cmp.Or(out.Model, g.Model), notCovered: true,
			Usage: &Usage{PromptTokens: out.PromptTokens, CompletionTokens: out.CompletionTokens}}, nil
	}
	text, used, check := CheckCitations(out.Text, len(sent))
	texts := make([]string, len(sent))
	for i, p := range sent {
		texts[i] = p.Source + "\n" + p.Text
	}
	cited := check.Passed
	check.Verification = g.verifier.Verify(VerifyInput{
		Text: text, Passages: texts, Question: question,
		Instructions: PromptInstructions(r.System, r.User), Language: tr.Language,
	})
	check.Passed = cited && check.Verified
	a := Answer{
		Question: question, Text: text, Grounded: check.Passed, Mode: ModeGenerative,
		Passages: hits[:len(sent)], Citations: []Citation{}, Model: out.Model,
		PromptVersion: r.Version, CitationCheck: &check,
		Usage: &Usage{PromptTokens: out.PromptTokens, CompletionTokens: out.CompletionTokens},
	}
	if a.Model == "" {
		a.Model = g.Model
	}
	for _, n := range used {
		a.Citations = append(a.Citations, CitationFor(n, hits[n-1].Passage))
	}
	return a, nil
}

// notCoveredMarker is what the answer prompt asks the model to reply
// when the passages do not answer the question at all.
const notCoveredMarker = "NOT_COVERED"

// saysNotCovered reports whether a generation is the not-covered marker:
// it leads the reply, and no citation follows it.
func saysNotCovered(text string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "*`\"'."))
	return strings.HasPrefix(strings.ToUpper(t), notCoveredMarker) && !markerRE.MatchString(t)
}

// rewrite turns a question (masked) into the law's wording, in English,
// with one short LLM call, cached per question. It returns "" on failure
// or when the model gave nothing usable: the question is then searched
// as it is.
func (e *Engine) rewrite(ctx context.Context, masked string) string {
	key := strings.Join(words(masked), " ")
	if v, ok := e.rewrites.get(key); ok {
		return v
	}
	r, err := e.gen.Prompts.Rewrite(masked)
	if err != nil {
		return ""
	}
	out, err := e.gen.Generator.Generate(ctx, GenerateRequest{
		Messages:  []Message{{Role: "system", Content: r.System}, {Role: "user", Content: r.User}},
		MaxTokens: 40,
	})
	if err != nil {
		return ""
	}
	terms := prompts.ParseRewrite(out.Text)
	if terms == "" {
		return ""
	}
	e.rewrites.put(key, terms)
	return terms
}

// sourceLine is "Document › Section path" for a passage.
func sourceLine(p index.Passage) string {
	parts := []string{p.Title}
	if len(p.Path) > 1 {
		parts = append(parts, p.Path[1:]...)
	} else if p.Section != "" && p.Section != p.Title {
		parts = append(parts, p.Section)
	}
	return strings.Join(parts, " › ")
}
