package main

import (
	"context"
	"fmt"
	"pactbot/corpus"
	"strings"

	"pactbot/answer"
	"pactbot/eval"
	"pactbot/index"
)

// runEval is `pactbot eval [--json] FILE`: the question file's retrieval and
// answer checks over the configured corpus, overall, per language and per
// retriever (--mode). With --min-* flags it is a gate on the top-level
// metrics: a metric below its floor makes the command fail (exit status 1)
// after printing the report.
func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.flags("eval", "[--json] [--no-llm] [--retrieval] [--mode all|bm25|vector|hybrid] [--min-recall3 X …] FILE")
	asJSON := fs.Bool("json", false, "print the report as one JSON object on stdout")
	noLLM := fs.Bool("no-llm", false, "check extractive answers even when an LLM is configured")
	retrieval := fs.Bool("retrieval", false, "check retrieval only: no answers, no refusal metrics")
	mode := fs.String("mode", "all", "retrievers to measure, each separately: `all`, bm25, vector or hybrid (the gate checks hybrid when measured)")
	var t eval.Thresholds
	fs.Float64Var(&t.RecallAt1, "min-recall1", 0, "fail when recall@1 is below `X`")
	fs.Float64Var(&t.RecallAt3, "min-recall3", 0, "fail when recall@3 is below `X`")
	fs.Float64Var(&t.RecallAt5, "min-recall5", 0, "fail when recall@5 is below `X`")
	fs.Float64Var(&t.MRR, "min-mrr", 0, "fail when MRR is below `X`")
	fs.Float64Var(&t.FactHit, "min-fact", 0, "fail when the fact-hit rate is below `X`")
	fs.Float64Var(&t.RefusalAccuracy, "min-refusal", 0, "fail when fewer than `X` of the off-topic questions are refused")
	fs.Float64Var(&t.MaxFalseRefusalRate, "max-false-refusal", 0, "fail when more than `X` of the covered questions are refused")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: one question file is required", errUsage)
	}
	opts, err := evalOptions(*mode)
	if err != nil {
		return err
	}
	qs, err := eval.ReadFile(pos[0])
	if err != nil {
		return err
	}
	a.quickOpen = true
	ix, c, err := a.openIndexWarn(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := checkGoldDocs(qs, c); err != nil {
		return err
	}
	var asker eval.Asker
	if !*retrieval {
		eng, err := a.engine(ix, c)
		if err != nil {
			return err
		}
		asker = eval.AskerFunc(func(ctx context.Context, q string) (answer.Answer, error) {
			return eng.Ask(ctx, q, answer.AskOptions{NoLLM: *noLLM})
		})
		// Refusals per retriever: the same engine, retrieving in one mode.
		opts.AskerFor = func(m index.Mode) eval.Asker {
			em := eng.WithRetriever(modeRetriever{ix, m})
			return eval.AskerFunc(func(ctx context.Context, q string) (answer.Answer, error) {
				return em.Ask(ctx, q, answer.AskOptions{NoLLM: *noLLM})
			})
		}
	}
	rep, err := eval.Run(ctx, qs, ix, asker, opts)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(a.stdout, rep)
	} else {
		err = rep.WriteText(termw(a.stdout))
	}
	if err != nil {
		return err
	}
	return rep.Check(t)
}

// evalOptions turns --mode into the retrievers to measure.
func evalOptions(mode string) (eval.Options, error) {
	switch m := index.Mode(mode); m {
	case "all":
		return eval.Options{Modes: eval.AllModes()}, nil
	case index.ModeBM25, index.ModeVector, index.ModeHybrid:
		return eval.Options{Modes: []index.Mode{m}}, nil
	}
	return eval.Options{}, fmt.Errorf("%w: --mode %q: want all, bm25, vector or hybrid", errUsage, mode)
}

// modeRetriever searches an index in one retrieval mode.
type modeRetriever struct {
	ix   *index.Index
	mode index.Mode
}

func (r modeRetriever) SearchWith(ctx context.Context, q string, k int, o index.SearchOptions) (index.Result, error) {
	o.Mode = r.mode
	return r.ix.SearchWith(ctx, q, k, o)
}

// checkGoldDocs fails when the questions expect documents and the corpus
// holds none of them: every recall would be 0 for want of the right
// --corpus, not for bad retrieval.
func checkGoldDocs(qs []eval.Question, c *corpus.Corpus) error {
	have := map[string]bool{}
	for _, d := range c.Documents {
		have[d.ID] = true
	}
	var want []string
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Doc == "" || seen[q.Doc] {
			continue
		}
		seen[q.Doc] = true
		if have[q.Doc] {
			return nil
		}
		want = append(want, q.Doc)
	}
	if len(want) == 0 {
		return nil
	}
	if len(want) > 4 {
		want = append(want[:4], "…")
	}
	return fmt.Errorf("the corpus holds none of the documents the questions expect (%s): is --corpus right?", strings.Join(want, ", "))
}
