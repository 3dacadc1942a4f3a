package index_test

import (
	"context"
	"flag"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"pactbot/bench"
	"pactbot/corpus"
	"pactbot/index"
)

var perfDir = flag.String("perfdir", "", "data dir for the 100k-passage latency check (kept between runs)")

// TestPerf100k is a development check of search latency on the bench
// generator's 100k-passage corpus; the benchmarks proper live in bench/.
func TestPerf100k(t *testing.T) {
	if *perfDir == "" {
		t.Skip("set -perfdir")
	}
	c, err := bench.Generate(2024, 100000)
	require.NoError(t, err)
	qs, err := bench.Queries(1, 500)
	require.NoError(t, err)
	if dir := os.Getenv("PERF_WRITE"); dir != "" {
		require.NoError(t, bench.WriteCorpus(dir, c))
		require.NoError(t, os.WriteFile(dir+".queries", []byte(strings.Join(qs, "\n")), 0o644))
		return
	}
	g, err := corpus.DefaultGlossary()
	if f := os.Getenv("PERF_GLOSSARY"); f != "" {
		g, err = corpus.LoadGlossaryFile(f)
	}
	require.NoError(t, err)
	start := time.Now()
	ix, err := index.Open(*perfDir, &c, index.Options{Glossary: g, Progress: func(d, n int) {}})
	require.NoError(t, err)
	defer ix.Close()
	t.Logf("open: %s stats %+v", time.Since(start), ix.Stats())
	var lat []time.Duration
	for i := 0; i < 1000; i++ {
		s := time.Now()
		_, err := ix.Search(context.Background(), qs[i%len(qs)], 5)
		require.NoError(t, err)
		lat = append(lat, time.Since(s))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("p50 %s p90 %s p99 %s", lat[500], lat[900], lat[990])
	if os.Getenv("PERF_SLOW") != "" {
		for i := 0; i < 500; i++ {
			s := time.Now()
			ix.Search(context.Background(), qs[i], 5)
			if d := time.Since(s); d > 20*time.Millisecond {
				t.Logf("%s %q", d, qs[i])
			}
		}
	}
}
