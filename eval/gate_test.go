package eval

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/index"
)

// showReport prints the full reports of the gate tests:
// go test ./eval -run Gate -v -args -report
var showReport = flag.Bool("report", false, "print the full eval reports of the gate tests")

// The floors below were set from measured runs (numbers in eval/FINDINGS.md)
// less a margin of about two questions, so that a real regression fails
// the gate and a small ranking shift from index tuning does not.
var (
	// seed.yaml, 45 covered + 10 off-topic, measured 0.911 / 1.000 / 1.000,
	// MRR 0.952, fact 1.000, refusals 1.000, false refusals 0.067.
	seedThresholds = Thresholds{
		RecallAt1: 0.84, RecallAt3: 0.95, RecallAt5: 0.95, MRR: 0.88, FactHit: 0.92,
		RefusalAccuracy: 0.9, MaxFalseRefusalRate: 0.12,
	}
	// pact2024-dev.jsonl, 40 covered, measured 0.600 / 0.775 / 0.825,
	// MRR 0.698, fact 0.650, false refusals 0.075.
	pactDevThresholds = Thresholds{
		RecallAt1: 0.55, RecallAt3: 0.72, RecallAt5: 0.77, MRR: 0.64, FactHit: 0.57,
		MaxFalseRefusalRate: 0.15,
	}
	// questions/pact2024.yaml (held out from tuning), 40 covered + 8
	// off-topic, measured 0.450 / 0.750 / 0.825, MRR 0.611, fact 0.538,
	// refusals 0.875, false refusals 0.
	pactHeldOutThresholds = Thresholds{
		RecallAt1: 0.40, RecallAt3: 0.70, RecallAt5: 0.77, MRR: 0.55, FactHit: 0.46,
		RefusalAccuracy: 0.85, MaxFalseRefusalRate: 0.10,
	}
	// questions/pact2024-multilingual.yaml (held out; 42 covered in 9
	// languages + 12 off-topic), BM25 with the multilingual glossaries
	// measured 0.262 / 0.381 / 0.405, MRR 0.332, refusals 0.833, false
	// refusals 0.548: English retrieval of questions that are mostly not
	// English (eval/FINDINGS.md, 7, 8 and 10). The floors guard against
	// getting worse, not a level to be content with; hybrid retrieval has
	// its own gate (hybrid_gate_test.go).
	pactMultilingualThresholds = Thresholds{
		RecallAt1: 0.21, RecallAt3: 0.33, RecallAt5: 0.35, MRR: 0.28,
		RefusalAccuracy: 0.75, MaxFalseRefusalRate: 0.62,
	}
)

// TestSeedQuestionsGate runs the project's own questions against the real
// index over the shipped factsheet with the shipped glossary. seed.yaml
// asks about the factsheet alone and its labels name factsheet sections,
// so it is run on the factsheet: with the nine acts beside it, many of its
// questions are also answered by an article, which these labels cannot
// credit (TestSeedQuestionsOnShippedCorpus covers the whole corpus).
func TestSeedQuestionsGate(t *testing.T) {
	c := factsheetCorpus(t)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	rep := runFile(t, openIndex(t, c, g), filepath.Join("questions", "seed.yaml"))
	require.NoError(t, rep.Check(seedThresholds))
}

// factsheetCorpus is the shipped factsheet alone, read from the embedded
// documents.
func factsheetCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	data, err := fs.ReadFile(corpus.Embedded(), "taking-stock-2024-03.md")
	require.NoError(t, err)
	c, err := corpus.Load(fstest.MapFS{"taking-stock-2024-03.md": {Data: data}})
	require.NoError(t, err)
	return c
}

// TestSeedQuestionsOnShippedCorpus checks, over the whole shipped corpus
// (factsheet and the nine acts), that the seed questions whose answer
// only the factsheet gives (the Pact's funding) still find it first with
// the fact.
func TestSeedQuestionsOnShippedCorpus(t *testing.T) {
	c, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	require.Len(t, c.Documents, 10)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	qs, err := ReadFile(filepath.Join("questions", "seed.yaml"))
	require.NoError(t, err)
	var funding []Question
	for _, q := range qs {
		if q.Fact == "€2 billion" {
			funding = append(funding, q)
		}
	}
	require.Len(t, funding, 3)
	path := filepath.Join(t.TempDir(), "funding.yaml")
	var b bytes.Buffer
	for _, q := range funding {
		fmt.Fprintf(&b, "- id: %s\n  q: %q\n  doc: %s\n  section: %q\n  fact: %q\n", q.ID, q.Q, q.Doc, q.Section, q.Fact)
	}
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	rep := runFile(t, openIndex(t, c, g), path)
	require.NoError(t, rep.Check(Thresholds{RecallAt1: 1, FactHit: 1}))
}

// TestSeedRawTextGate does the same over the raw, PDF-extracted seed text,
// as `pactbot --corpus DIR` reads it.
func TestSeedRawTextGate(t *testing.T) {
	c, err := corpus.LoadDir(filepath.Join(sharedDir(t), "seed"))
	require.NoError(t, err)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	rep := runFile(t, openIndex(t, c, g), filepath.Join("questions", "seed.yaml"))
	require.NoError(t, rep.Check(seedThresholds))
}

// TestPactQuestionsGate runs the shared dev set and the project's held-out
// sets over ../shared/corpora/pact2024 (failing, naming the path, when it
// is absent).
func TestPactQuestionsGate(t *testing.T) {
	shared := sharedDir(t)
	c, err := corpus.LoadDir(filepath.Join(shared, "corpora", "pact2024"))
	require.NoError(t, err)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	ix := openIndex(t, c, g)
	for file, th := range map[string]Thresholds{
		filepath.Join(shared, "eval", "pact2024-dev.jsonl"):      pactDevThresholds,
		filepath.Join("questions", "pact2024.yaml"):              pactHeldOutThresholds,
		filepath.Join("questions", "pact2024-multilingual.yaml"): pactMultilingualThresholds,
	} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			rep := runFile(t, ix, file)
			require.NoError(t, rep.Check(th))
		})
	}
}

func openIndex(t *testing.T, c *corpus.Corpus, g corpus.Glossary) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir(), c, index.Options{Glossary: g})
	require.NoError(t, err)
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// engineAsker answers with the extractive engine, as `pactbot ask` does
// with no LLM configured.
func engineAsker(ix *index.Index) Asker {
	e := answer.NewEngine(ix, answer.OptionsFrom(config.Default()))
	return AskerFunc(func(ctx context.Context, q string) (answer.Answer, error) {
		return e.Ask(ctx, q, answer.AskOptions{NoLLM: true})
	})
}

func runFile(t *testing.T, ix *index.Index, file string) Report {
	t.Helper()
	qs, err := ReadFile(file)
	require.NoError(t, err)
	rep, err := Run(context.Background(), qs, ix, engineAsker(ix), Options{})
	require.NoError(t, err)
	// The gate's index has no vectors: the floors are BM25's, and the
	// vector row must say so rather than repeat BM25.
	require.Equal(t, index.ModeBM25, rep.Retrieval)
	for _, m := range rep.ByMode {
		assert.Equal(t, m.Mode == index.ModeBM25, m.Available, "%s: %s", m.Mode, m.Note)
	}
	var buf bytes.Buffer
	require.NoError(t, rep.WriteText(&buf))
	if *showReport {
		t.Logf("%s:\n%s", file, buf.String())
	} else {
		t.Logf("%s: %s  refusal %.3f  false refusal %.3f", file, summary(rep), rep.RefusalAccuracy, rep.FalseRefusalRate)
	}
	return rep
}

// TestQuestionGoldsExist checks that every expected document, article and
// section of the question sets exists in its corpus, so that a typo in a
// question file is an error and not a silent miss.
func TestQuestionGoldsExist(t *testing.T) {
	seed, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	require.False(t, goldExists(seed, Question{Doc: "taking-stock-2024-03", Section: "No such section"}))
	shared := sharedDir(t)
	pact, err := corpus.LoadDir(filepath.Join(shared, "corpora", "pact2024"))
	require.NoError(t, err)
	sets := map[string]*corpus.Corpus{
		filepath.Join("questions", "seed.yaml"):                  seed,
		filepath.Join("questions", "pact2024.yaml"):              pact,
		filepath.Join("questions", "pact2024-multilingual.yaml"): pact,
		filepath.Join(shared, "eval", "pact2024-dev.jsonl"):      pact,
	}
	for file, c := range sets {
		qs, err := ReadFile(file)
		require.NoError(t, err)
		for _, q := range qs {
			if !q.IsCovered() {
				continue
			}
			for _, want := range splitGold(q) {
				assert.True(t, goldExists(c, want), "%s: %s: no section %s", file, q.ID, describeWant(want))
			}
		}
	}
}

// splitGold makes one question per expected article, so each must exist.
func splitGold(q Question) []Question {
	if len(q.Articles) == 0 {
		return []Question{q}
	}
	out := make([]Question, 0, len(q.Articles))
	for _, a := range q.Articles {
		one := q
		one.Articles, one.Section = []string{a}, ""
		out = append(out, one)
	}
	return out
}

func goldExists(c *corpus.Corpus, q Question) bool {
	for _, d := range c.Documents {
		for _, s := range d.Sections {
			if isGold(q, index.Hit{Passage: index.Passage{DocID: d.ID, Path: s.Path}}) {
				return true
			}
		}
	}
	return false
}
