package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"pactbot/bench"
)

var (
	startupPassages = flag.Int("startup-passages", 100000, "passages in BenchmarkSearchStartup's synthetic corpus (-short: 10000)")
	startupDir      = flag.String("startup-dir", "", "keep BenchmarkSearchStartup's corpus and data in `DIR` and reuse them (default: a temporary directory)")
)

// BenchmarkSearchStartup is `pactbot --corpus DIR search --json QUERY` in
// process (flags, config, glossary, the source cache's scan of the corpus
// directory, opening the built index by its key, one search, JSON out) on
// the synthetic corpus of bench.Generate(2024, n), the index built
// beforehand (not timed). The target is ≤ 150 ms at 100k passages for the
// whole process; process start adds some 10 ms (README, "Start-up on a
// big corpus").
func BenchmarkSearchStartup(b *testing.B) {
	n := *startupPassages
	if testing.Short() {
		n = 10000
	}
	root := *startupDir
	if root == "" {
		root = b.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("synth-%d", n))
	data := filepath.Join(root, fmt.Sprintf("data-%d", n))
	if _, err := os.Stat(dir); err != nil {
		c, err := bench.Generate(2024, n)
		if err != nil {
			b.Fatal(err)
		}
		if err := bench.WriteCorpus(dir, c); err != nil {
			b.Fatal(err)
		}
	}
	getenv := func(string) string { return "" }
	args := []string{"--corpus", dir, "--data", data, "search", "--json", "--top", "5", "can my kids go to school while we wait"}
	// Build (or check) the index, then one run to record the corpus.
	for range 2 {
		if code := run(context.Background(), args, io.Discard, os.Stderr, getenv, false, false); code != 0 {
			b.Fatalf("search exited %d", code)
		}
	}
	loads := corpusLoads.Load()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if code := run(context.Background(), args, io.Discard, os.Stderr, getenv, false, false); code != 0 {
			b.Fatalf("search exited %d", code)
		}
	}
	b.StopTimer()
	if corpusLoads.Load() != loads {
		b.Fatal("the corpus was loaded: the source cache did not recognise it")
	}
}
