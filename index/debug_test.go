package index

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

var debugQ = flag.String("q", "", "query to explain")

func TestDebugExplain(t *testing.T) {
	if *debugQ == "" {
		t.Skip()
	}
	ix := openPact(t)
	concepts := ix.vocab.concepts(*debugQ)
	fmt.Printf("concepts: %+v\n", concepts)
	p, err := ix.plan(context.Background(), concepts)
	require.NoError(t, err)
	fmt.Printf("fuzz: %v state: %v\n", p.fuzz, p.state)
	req := bleve.NewSearchRequestOptions(p.query, 5, 0, true)
	req.Fields = []string{fieldPath}
	sr, err := ix.idx.SearchInContext(context.WithValue(context.Background(), search.BM25StatsKey, ix.bm25), req)
	require.NoError(t, err)
	for _, h := range sr.Hits {
		fmt.Println(h.ID, h.Score, h.Fields[fieldPath])
		b, _ := json.Marshal(h.Expl)
		fmt.Println(string(b)[:min(3000, len(b))])
	}
}

var perfCorpus = flag.String("perfcorpus", "", "directory of a generated corpus for internal latency experiments")

// TestDebugLatency is a development tool: it opens an index of a large
// generated corpus (see TestPerf100k -perfwrite) and times queries with
// their plans.
func TestDebugLatency(t *testing.T) {
	if *perfCorpus == "" {
		t.Skip("set -perfcorpus")
	}
	c, err := corpus.LoadDir(*perfCorpus)
	require.NoError(t, err)
	g, err := corpus.LoadGlossaryFile(os.Getenv("PERF_GLOSSARY"))
	require.NoError(t, err)
	ix, err := Open(*perfCorpus+".data", c, Options{Glossary: g})
	require.NoError(t, err)
	defer ix.Close()
	qs, err := os.ReadFile(*perfCorpus + ".queries")
	require.NoError(t, err)
	var lat []time.Duration
	for _, q := range strings.Split(strings.TrimSpace(string(qs)), "\n") {
		s := time.Now()
		_, err := ix.Search(context.Background(), q, 5)
		require.NoError(t, err)
		lat = append(lat, time.Since(s))
		if d := time.Since(s); d > 15*time.Millisecond {
			s2 := time.Now()
			ix.Search(context.Background(), q, 5)
			d2 := time.Since(s2)
			ctx := context.WithValue(context.Background(), search.BM25StatsKey, ix.bm25)
			s3 := time.Now()
			p, _ := ix.plan(ctx, ix.vocab.concepts(q))
			d3 := time.Since(s3)
			s3 = time.Now()
			sr, _ := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(p.query, 20, 0, false))
			d4 := time.Since(s3)
			t.Logf("again %s plan %s search %s total %d", d2, d3, d4, sr.Total)
			t.Logf("slow %s %q concepts %v fuzz %v state %v terms %v", d, q, ix.vocab.concepts(q), p.fuzz, p.state, p.terms)
		}
	}
	slices.Sort(lat)
	n := len(lat)
	t.Logf("%d queries: p50 %s p90 %s p99 %s", n, lat[n/2], lat[n*9/10], lat[n*99/100])
	for _, term := range []string{"inform", "member", "minor", "diploma", "resettl", "child"} {
		tq := bleve.NewTermQuery(term)
		tq.SetField(fieldBody)
		n := 0
		s := time.Now()
		for range 20 {
			sr, err := ix.idx.SearchInContext(context.WithValue(context.Background(), search.BM25StatsKey, ix.bm25), bleve.NewSearchRequestOptions(tq, 20, 0, false))
			require.NoError(t, err)
			n = int(sr.Total)
		}
		d := time.Since(s) / 20
		t.Logf("%s: df %d, %s, %.0f ns/posting", term, n, d, float64(d.Nanoseconds())/float64(max(n, 1)))
	}
	if *debugQ != "" {
		p, err := ix.plan(context.Background(), ix.vocab.concepts(*debugQ))
		require.NoError(t, err)
		b, _ := json.MarshalIndent(p.query, "", " ")
		t.Logf("plan: %s", b)
	}
}

func TestDebugBuildPhases(t *testing.T) {
	if *perfCorpus == "" {
		t.Skip("set -perfcorpus")
	}
	c, err := corpus.LoadDir(*perfCorpus)
	require.NoError(t, err)
	s := time.Now()
	var passages []Passage
	for _, d := range c.Documents {
		passages = append(passages, Chunk(d, DefaultPassageWords)...)
	}
	t.Logf("chunk %s (%d passages)", time.Since(s), len(passages))
	im := newMapping()
	s = time.Now()
	countTokens(im.AnalyzerNamed("en"), passages)
	t.Logf("count %s", time.Since(s))
	idx, err := bleve.NewUsing(t.TempDir()+"/b", im, "scorch", "scorch", map[string]interface{}{"bolt_timeout": boltTimeout})
	require.NoError(t, err)
	s = time.Now()
	require.NoError(t, indexPassages(idx, passages, nil))
	t.Logf("index %s", time.Since(s))
	s = time.Now()
	require.NoError(t, mergeSegments(idx))
	t.Logf("merge %s", time.Since(s))
	s = time.Now()
	require.NoError(t, idx.Close())
	t.Logf("close %s", time.Since(s))
}
