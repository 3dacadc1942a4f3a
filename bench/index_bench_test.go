package bench

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"pactbot/corpus"
	"pactbot/index"
)

// Run with: go test ./bench -run '^$' -bench . -benchmem -benchtime 20s -timeout 60m
// (RESULTS.md has the numbers). The 100k size is skipped under -short;
// -sizes picks others.
var (
	sizes   = flag.String("sizes", "10000,100000", "comma-separated corpus sizes (passages) for the index benchmarks")
	dataDir = flag.String("data", "", "keep the indexes BenchmarkIndex builds under `DIR` and reuse them in later runs (default: a fresh temporary directory)")
)

const (
	benchSeed = 2024
	// querySeed and queryCount fix the query set behind the latency figures.
	querySeed  = 1
	queryCount = 500
	topK       = 5
)

// benchSizes parses -sizes; 100k and more are left out under -short.
func benchSizes(b *testing.B) []int {
	var out []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(b, err, "-sizes")
		if testing.Short() && n >= 100000 {
			continue
		}
		out = append(out, n)
	}
	return out
}

func sizeName(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("passages=%dk", n/1000)
	}
	return fmt.Sprintf("passages=%d", n)
}

// benchCorpus generates the corpus of n passages; its cost is not measured.
func benchCorpus(b *testing.B, n int) *corpus.Corpus {
	b.Helper()
	c, err := Generate(benchSeed, n)
	require.NoError(b, err)
	return &c
}

// benchOptions are the production settings: default passage size and the
// shipped glossary, whose synonyms expand every query.
func benchOptions(b *testing.B) index.Options {
	b.Helper()
	g, err := corpus.DefaultGlossary()
	require.NoError(b, err)
	return index.Options{PassageWords: index.DefaultPassageWords, Glossary: g}
}

// heapInUse returns the live heap after full collections: two, because
// objects parked in a sync.Pool survive the first one.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// dirSize returns the bytes of the files under dir.
func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	require.NoError(b, err)
	return n
}

const mb = 1 << 20

// BenchmarkBuild measures building an index from scratch: passages/s and
// seconds per build (wall clock), the CPU seconds it used (all threads, so a
// figure that other work on the machine does not inflate), the bytes
// allocated during the build (B/op with -benchmem), the heap the open index
// keeps and its size on disk.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			c := benchCorpus(b, n)
			opts := benchOptions(b)
			b.ReportAllocs()
			b.ResetTimer()
			var heap uint64
			var disk int64
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				base := heapInUse()
				cpu0 := cpuTime()
				b.StartTimer()
				ix, err := index.Open(dir, c, opts)
				b.StopTimer()
				cpu += cpuTime() - cpu0
				require.NoError(b, err)
				after := heapInUse()
				heap = after - min(base, after)
				disk = dirSize(b, dir)
				require.NoError(b, ix.Close())
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/build")
			b.ReportMetric(float64(heap)/mb, "heap-MB")
			b.ReportMetric(float64(disk)/mb, "disk-MB")
		})
	}
}

// buildOnce builds the index of n passages outside any timing, in a
// temporary directory or under -data, where an index built by an earlier run
// for the same corpus and settings is reused. It returns the directory and
// the corpus.
func buildOnce(b *testing.B, n int) (string, *corpus.Corpus) {
	b.Helper()
	c := benchCorpus(b, n)
	dir := *dataDir
	if dir == "" {
		dir = b.TempDir()
	}
	ix, err := index.Open(dir, c, benchOptions(b))
	require.NoError(b, err)
	st := ix.Stats()
	require.NoError(b, ix.Close())
	require.Equal(b, n, st.Passages, "passages indexed")
	if st.Built {
		b.Logf("built %d passages in %s", n, st.BuildTime.Round(time.Millisecond))
	}
	return dir, c
}

// citizenQuestions reads the project's eval questions (eval/questions/*.yaml):
// citizens' wording, which the synthetic corpus shares the vocabulary of.
func citizenQuestions(b *testing.B) []string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "eval", "questions", "*.yaml"))
	require.NoError(b, err)
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(b, err)
		var qs []struct {
			Q string `yaml:"q"`
		}
		require.NoError(b, yaml.Unmarshal(data, &qs), f)
		for _, q := range qs {
			if q.Q != "" {
				out = append(out, q.Q)
			}
		}
	}
	return out
}

// BenchmarkIndex builds one index per size outside any timing and then
// measures, on it, opening the up-to-date index as every `pactbot ask`
// process does (with the heap it then holds), and searching with two query
// sets: queries drawn from the vocabulary, and the project's eval questions.
func BenchmarkIndex(b *testing.B) {
	vocabQueries, err := Queries(querySeed, queryCount)
	require.NoError(b, err)
	sets := []struct {
		name    string
		queries []string
	}{{"vocab", vocabQueries}, {"citizens", citizenQuestions(b)}}
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			dir, c := buildOnce(b, n)
			b.Run("open", func(b *testing.B) { benchOpen(b, dir, c) })
			ix, err := index.Open(dir, c, benchOptions(b))
			require.NoError(b, err)
			defer func() { require.NoError(b, ix.Close()) }()
			for _, set := range sets {
				if len(set.queries) == 0 {
					continue
				}
				b.Run(fmt.Sprintf("search-k=%d/queries=%s", topK, set.name), func(b *testing.B) {
					benchSearch(b, ix, set.queries)
				})
			}
		})
	}
}

func benchOpen(b *testing.B, dir string, c *corpus.Corpus) {
	opts := benchOptions(b)
	b.ReportAllocs()
	b.ResetTimer()
	var heap uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		base := heapInUse()
		b.StartTimer()
		ix, err := index.Open(dir, c, opts)
		b.StopTimer()
		require.NoError(b, err)
		after := heapInUse()
		heap = after - min(base, after)
		require.NoError(b, ix.Close())
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/mb, "heap-MB")
}

// benchSearch measures one top-k search, cycling through a fixed set of
// queries: ns/op and allocs/op are per query, p50/p99 come from timing every
// query, and cpu-ms/op is the CPU time per query (all threads), which other
// work on the machine does not inflate.
func benchSearch(b *testing.B, ix *index.Index, queries []string) {
	ctx := context.Background()
	b.ReportAllocs()
	lat := make(Latencies, 0, b.N)
	hits := 0
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		res, err := ix.Search(ctx, q, topK)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatalf("search %q: %v", q, err)
		}
		hits += len(res.Hits)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	if b.N >= len(queries) {
		// Every query of the set ran; a set with no hits measures nothing.
		require.Positive(b, hits, "no query found anything")
	}
	b.ReportMetric(float64(lat.Percentile(50).Nanoseconds())/1e6, "p50-ms")
	b.ReportMetric(float64(lat.Percentile(99).Nanoseconds())/1e6, "p99-ms")
	b.ReportMetric(float64(cpu.Nanoseconds())/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}
