// Command ablate measures each glossary rule's effect on retrieval: it
// removes one rule at a time, rebuilds the index over a corpus, and prints
// how recall@3 and MRR on a question file change, worst to best, so that
// rules that hurt can be found. It rebuilds the index once per rule, so it
// takes minutes on the pact2024 corpus:
//
//	go run ./eval/cmd/ablate -corpus ../shared/corpora/pact2024 ../shared/eval/pact2024-dev.jsonl
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"pactbot/corpus"
	"pactbot/eval"
	"pactbot/index"
)

func main() {
	corpusDir := flag.String("corpus", "../shared/corpora/pact2024", "corpus `DIR`")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ablate [-corpus DIR] QUESTIONS_FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), os.Stdout, *corpusDir, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "ablate:", err)
		os.Exit(1)
	}
}

// effect is what removing one rule did.
type effect struct {
	rule        string
	dR3, dMRR   float64
	changedRank []string
}

func run(ctx context.Context, w io.Writer, corpusDir, questions string) error {
	c, err := corpus.LoadDir(corpusDir)
	if err != nil {
		return err
	}
	g, err := corpus.DefaultGlossary()
	if err != nil {
		return err
	}
	qs, err := eval.ReadFile(questions)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ablate-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	base, err := measure(ctx, tmp, c, g, qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "all %d rules: recall@3 %.3f  MRR %.3f\n", len(g), base.RecallAt3, base.MRR)
	var effects []effect
	for i, r := range g {
		rep, err := measure(ctx, tmp, c, slices.Delete(slices.Clone(g), i, i+1), qs)
		if err != nil {
			return err
		}
		e := effect{rule: ruleName(r), dR3: base.RecallAt3 - rep.RecallAt3, dMRR: base.MRR - rep.MRR}
		for j, q := range rep.PerQuestion {
			if b := base.PerQuestion[j].Rank; b != q.Rank {
				e.changedRank = append(e.changedRank, fmt.Sprintf("%s %d→%d", q.ID, b, q.Rank))
			}
		}
		effects = append(effects, e)
	}
	slices.SortFunc(effects, func(a, b effect) int {
		switch {
		case a.dMRR < b.dMRR:
			return -1
		case a.dMRR > b.dMRR:
			return 1
		}
		return strings.Compare(a.rule, b.rule)
	})
	for _, e := range effects {
		if e.dMRR != 0 || e.dR3 != 0 {
			fmt.Fprintf(w, "rule helps R@3 %+.3f MRR %+.3f  %s  (ranks with rule→without: %s)\n",
				e.dR3, e.dMRR, e.rule, strings.Join(e.changedRank, ", "))
		}
	}
	return nil
}

// measure builds an index with glossary g in a fresh directory under tmp
// and runs the questions against it, retrieval only.
func measure(ctx context.Context, tmp string, c *corpus.Corpus, g corpus.Glossary, qs []eval.Question) (eval.Report, error) {
	dir, err := os.MkdirTemp(tmp, "ix-")
	if err != nil {
		return eval.Report{}, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, c, index.Options{Glossary: g})
	if err != nil {
		return eval.Report{}, err
	}
	defer ix.Close()
	return eval.Run(ctx, qs, ix, nil, eval.Options{Modes: []index.Mode{index.ModeBM25}})
}

func ruleName(r corpus.SynonymRule) string {
	in := strings.Join(r.Input, ",")
	if len(in) > 40 {
		in = in[:40] + "…"
	}
	return fmt.Sprintf("[%s]→[%s]", in, strings.Join(r.Synonyms, ","))
}
