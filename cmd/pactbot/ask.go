package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"pactbot/answer"
)

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ask", `[--json] [--top N] "question"`)
	asJSON := fs.Bool("json", false, "print one JSON object (the answer contract) on stdout")
	top := fs.Int("top", 0, "retrieve `N` passages (default: index.top_k)")
	noLLM := fs.Bool("no-llm", false, "answer extractively even when an LLM is configured")
	explain := fs.Bool("explain", false, "also print the search query, chosen passages, prompt tokens and stage times (stderr)")
	noCurated := fs.Bool("no-curated", false, "answer from the documents even when a moderator's curated answer matches")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(pos, " "))
	if question == "" {
		fs.Usage()
		return fmt.Errorf("%w: a question is required", errUsage)
	}
	if err := checkTop(*top); err != nil {
		return err
	}
	a.quickOpen = true
	ix, c, err := a.openIndexWarn(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	eng, err := a.engine(ix, c)
	if err != nil {
		return err
	}
	var cur *curatedSource
	if !*noCurated {
		if cur = a.curatedAnswers(ctx); cur != nil {
			defer cur.Close()
			eng = eng.WithCurated(cur)
		}
	}
	opts := answer.AskOptions{TopK: *top, NoLLM: *noLLM, Explain: *explain}
	streamed := false
	if !*asJSON && a.stdoutTTY && eng.Generative() && !*noLLM {
		out := termw(a.stdout)
		opts.OnDelta = func(d string) {
			streamed = true
			io.WriteString(out, d)
		}
	}
	ans, err := eng.Ask(ctx, question, opts)
	if err != nil {
		return err
	}
	if ans.GenerationError != "" {
		fmt.Fprintf(termw(a.stderr), "warning: the LLM call failed, answered extractively: %s\n", ans.GenerationError)
	}
	if *explain {
		writeExplain(termw(a.stderr), ans)
	}
	var hit *curatedHit
	if cur != nil && ans.Mode == answer.ModeCurated {
		hit = cur.hit
	}
	if *asJSON {
		return writeJSON(a.stdout, askOutput{Answer: ans, Curated: hit})
	}
	if streamed {
		// The text is on screen already; redraw only if the check replaced it.
		io.WriteString(a.stdout, "\n")
		if ans.Mode != answer.ModeGenerative {
			io.WriteString(a.stdout, "\n---\n")
		} else {
			ans.Text = ""
		}
	}
	if err := writeAnswer(termw(a.stdout), ans); err != nil {
		return err
	}
	if hit != nil {
		_, err = fmt.Fprintf(termw(a.stdout), "\n(curated answer #%d, matching %q at %.2f; --no-curated answers from the documents)\n",
			hit.ID, hit.Question, hit.Score)
	}
	return err
}

// askOutput is the `ask --json` object: the answer contract, plus, when a
// moderator's curated answer was served (mode "curated"), which one.
type askOutput struct {
	answer.Answer
	Curated *curatedHit `json:"curated,omitempty"`
}

// writeExplain shows how an answer was made, for engineers testing queries.
func writeExplain(w io.Writer, ans answer.Answer) {
	tr := ans.Trace
	if tr == nil {
		return
	}
	fmt.Fprintf(w, "language: %s\nmode: %s", tr.Language, ans.Mode)
	if tr.CacheHit {
		fmt.Fprint(w, " (cached)")
	}
	fmt.Fprintln(w)
	for _, q := range tr.ExtraQueries {
		fmt.Fprintf(w, "also searched: %s\n", q)
	}
	writeRetrieval(w, tr.SearchQuery, tr.Retrieval, tr.Coverage, ans.Passages)
	if tr.NotCovered {
		fmt.Fprintln(w, "the model said the passages do not answer the question")
	}
	if tr.PromptTokens > 0 {
		fmt.Fprintf(w, "prompt tokens (estimate): %d; passages sent: %s\n", tr.PromptTokens, strings.Join(tr.SentPassages, ", "))
	}
	if ans.Usage != nil {
		fmt.Fprintf(w, "usage: %d prompt + %d completion tokens\n", ans.Usage.PromptTokens, ans.Usage.CompletionTokens)
	}
	if ans.CitationCheck != nil {
		c := ans.CitationCheck
		fmt.Fprintf(w, "citation check: passed=%v markers=%d removed=%d uncited=%d\n", c.Passed, c.Markers, c.Removed, c.Uncited)
	}
	var stages []string
	for _, s := range []string{"rewrite", "retrieve", "prompt", "generate", "total"} {
		if ms, ok := tr.Stages[s]; ok {
			stages = append(stages, fmt.Sprintf("%s %.1fms", s, ms))
		}
	}
	fmt.Fprintf(w, "time: %s\n", strings.Join(stages, ", "))
}

// writeAnswer prints the answer, then a numbered source list.
func writeAnswer(w io.Writer, ans answer.Answer) error {
	var b strings.Builder
	b.WriteString(ans.Text)
	b.WriteString("\n")
	if ans.Note != "" {
		fmt.Fprintf(&b, "\n(%s)\n", ans.Note)
	}
	if len(ans.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range ans.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", c.N, sourceLabel(c.Title, c.Path, c.Section))
			if c.URL != "" {
				fmt.Fprintf(&b, "    %s\n", c.URL)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sourceLabel is "Document › Section", with the whole heading path below
// the title for deep documents ("Regulation › Chapter II › Article 16: …").
// sourceLabel is how a terminal names a source: the document's short
// title (without a parenthesised official reference) › the section, so
// that "Asylum Procedure Regulation (Regulation (EU) 2024/1348) › Chapter
// III › Section V › Article 58: …" reads "Asylum Procedure Regulation ›
// Article 58: …". --json keeps the full path.
func sourceLabel(title string, path []string, section string) string {
	parts := []string{shortTitle(title)}
	switch {
	case len(path) > 1:
		parts = append(parts, path[len(path)-1])
	case section != "" && section != title:
		parts = append(parts, section)
	}
	return strings.Join(parts, " › ")
}

// shortTitle drops a trailing parenthesised reference from a title:
// "Reception Conditions Directive (Directive (EU) 2024/1346)".
func shortTitle(title string) string {
	t := strings.TrimSpace(title)
	if !strings.HasSuffix(t, ")") {
		return t
	}
	depth := 0
	for i := len(t) - 1; i >= 0; i-- {
		switch t[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				if short := strings.TrimSpace(t[:i]); short != "" {
					return short
				}
				return t
			}
		}
	}
	return t
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
