package main

import (
	"context"
	"fmt"

	"pactbot/answer"
	"pactbot/eval"
)

// runEval is `pactbot eval [--json] FILE`: the question file's retrieval and
// answer checks over the configured corpus. With --min-* flags it is a gate:
// a metric below its floor makes the command fail (exit status 1) after
// printing the report.
func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.flags("eval", "[--json] [--no-llm] [--retrieval] [--min-recall3 X …] FILE")
	asJSON := fs.Bool("json", false, "print the report as one JSON object on stdout")
	noLLM := fs.Bool("no-llm", false, "check extractive answers even when an LLM is configured")
	retrieval := fs.Bool("retrieval", false, "check retrieval only: no answers, no refusal metrics")
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
	qs, err := eval.ReadFile(pos[0])
	if err != nil {
		return err
	}
	ix, c, err := a.openIndexWarn()
	if err != nil {
		return err
	}
	defer ix.Close()
	var asker eval.Asker
	if !*retrieval {
		eng, err := a.engine(ix, c)
		if err != nil {
			return err
		}
		asker = eval.AskerFunc(func(ctx context.Context, q string) (answer.Answer, error) {
			return eng.Ask(ctx, q, answer.AskOptions{NoLLM: *noLLM})
		})
	}
	rep, err := eval.Run(ctx, qs, ix, asker)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(a.stdout, rep)
	} else {
		err = rep.WriteText(a.stdout)
	}
	if err != nil {
		return err
	}
	return rep.Check(t)
}
