package index

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"pactbot/lang"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// vectorCacheDir is where, under the data directory, passage vectors are
// cached across builds.
const vectorCacheDir = "vectors"

// queryVectorCacheSize bounds the question vectors kept in memory.
const queryVectorCacheSize = 512

// Fusion constants: reciprocal-rank fusion adds weight/(rrfK+rank) for
// every list a passage is ranked in; rrfK is the usual 60. Measured with
// multilingual-e5-small on pact2024 (eval/FINDINGS.md, "Hybrid retrieval"):
// equal weights for English questions; for questions in other languages
// BM25 matches only cognates and names, and a vector weight of 2.5 lifted
// R@3 on the multilingual set from 0.38 to 0.43 (weights 1.5–4 all within
// one question of it).
const (
	rrfK                = 60.0
	bm25Weight          = 1.0
	vectorWeight        = 1.0
	foreignBM25Weight   = 1.0
	foreignVectorWeight = 2.5
	// passageListWeight and headingListWeight split a vector weight between
	// the ranking by passage vectors and the ranking by section heading
	// vectors (one per section, filed under its first passage). For English
	// questions the passages carry more: a heading is a few words of the
	// law's own, and an English question's words already reach them through
	// BM25 (0.8/0.2 lifted hybrid R@3 from 0.650 to 0.750 on the dev file
	// and from 0.775 to 0.800 on the held-out English set; eval/FINDINGS.md
	// §12). For other languages the headings stay half the vector weight:
	// moving them either way lost questions on the multilingual set.
	passageListWeight        = 0.8
	headingListWeight        = 0.2
	foreignPassageListWeight = 0.5
	foreignHeadingListWeight = 0.5
	// vectorFetch is how many passages the vector search ranks per query.
	vectorFetch = 50
)

// Query embedding limits: a question waits at most queryEmbedTimeout for
// its vector, and after a failure the embedder is left alone for
// embedderRetryAfter (searches meanwhile run on BM25 and say so).
const (
	queryEmbedTimeout  = 10 * time.Second
	embedderRetryAfter = 30 * time.Second
)

// ErrEmbedderDown says the embedder failed recently and is not asked
// again yet.
var ErrEmbedderDown = errors.New("the embedding server failed recently; BM25 only for now")

// ErrNoVectors is the Retrieval.VectorError of a search that asked for
// vectors from an index built without them.
var ErrNoVectors = errors.New("no embeddings configured")

// Search returns up to k passages that best match query, best first, with
// scores, highlighted fragments (<mark></mark>, the rest HTML-escaped) and
// the coverage signal: SearchWith in hybrid mode, which is BM25 alone for
// an index without vectors. The query is free text, never parsed as query
// syntax: it is analyzed, stripped of stop words and question filler,
// expanded with the glossary, and matched term by term (any term may match;
// more matched terms rank higher), with a fuzzy match for a word the corpus
// lacks (a likely typo). At most one passage per section is returned, so
// that the hits cite k different places. Search is safe for concurrent use.
func (ix *Index) Search(ctx context.Context, queryText string, k int) (Result, error) {
	return ix.SearchWith(ctx, queryText, k, SearchOptions{})
}

// SearchWith searches with options: the retrievers to use and further
// phrasings of the question to fuse with it. Each phrasing is ranked by
// BM25 and, when the index has vectors, by vector similarity; the ranked
// lists are merged by reciprocal-rank fusion and capped per section. When
// the question cannot be embedded (no vectors, the embedding server down)
// the search runs on BM25 alone and Result.Retrieval says why: it never
// fails for that.
func (ix *Index) SearchWith(ctx context.Context, queryText string, k int, o SearchOptions) (Result, error) {
	mode := cmp.Or(o.Mode, ModeHybrid)
	res := Result{Query: queryText, Hits: []Hit{}, Retrieval: Retrieval{Mode: mode}}
	if k <= 0 {
		return res, nil
	}
	queries := []string{queryText}
	for _, q := range o.Extra {
		if q = strings.TrimSpace(q); q != "" && !slices.Contains(queries, q) {
			queries = append(queries, q)
		}
	}
	var qv [][]float32
	var vecErr error
	if mode != ModeBM25 {
		qv, vecErr = ix.embedQueries(ctx, queries)
		if vecErr != nil {
			res.Retrieval.Mode = ModeBM25
			res.Retrieval.VectorError = vecErr.Error()
		}
	}
	useVec := mode != ModeBM25 && vecErr == nil
	useBM25 := mode != ModeVector || !useVec

	// The vector scans (passages, headings) run beside the BM25 query: on
	// two cores the fused search then costs about the slowest of the three.
	var vl struct{ passages, headings [][]scored }
	var wg sync.WaitGroup
	n := max(vectorFetch, k*ix.tuning.fetchFactor)
	if useVec {
		vl.passages = make([][]scored, len(qv))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, v := range qv {
				vl.passages[i] = ix.vecs.search(v, n)
			}
		}()
		if ix.hvecs != nil {
			vl.headings = make([][]scored, len(qv))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, v := range qv {
					vl.headings[i] = ix.hvecs.search(v, n)
				}
			}()
		}
	}

	plans := make([]*plan, 0, len(queries))
	wb, wv, wp, wh := fusionWeights(queryText)
	f := newFusion()
	bm25Err := func() error {
		for _, q := range queries {
			p, err := ix.planQuery(ctx, q) // one analysis per language (language.go)
			if err != nil {
				return err
			}
			if p == nil {
				continue
			}
			plans = append(plans, p)
		}
		if !useBM25 {
			return nil
		}
		fetch := k
		if ix.tuning.perSection > 0 {
			fetch = k * ix.tuning.fetchFactor
		}
		for _, p := range plans {
			if !p.searchable() {
				continue
			}
			dms, err := ix.bm25Ranked(ctx, p, fetch)
			if err != nil {
				return fmt.Errorf("index: search %q: %w", queryText, err)
			}
			f.addBM25(dms, wb)
		}
		return nil
	}()
	wg.Wait()
	if bm25Err != nil {
		return res, bm25Err
	}
	for i, hits := range vl.passages {
		if i == 0 && len(hits) > 0 {
			// The coverage lines are calibrated on the passage cosine.
			res.Retrieval.BestSimilarity = round4(float64(hits[0].sim))
		}
		f.addVector(ix.vecs, hits, wv*wp)
		if i < len(vl.headings) {
			f.addVector(ix.hvecs, vl.headings[i], wv*wh)
		}
	}
	top := ix.capFused(f.ranked(), k)
	if len(top) == 0 {
		return res, nil
	}
	var err error
	res.Hits, res.Coverage, res.Absent, err = ix.hits(plans, top)
	if err != nil {
		return res, fmt.Errorf("index: search %q: %w", queryText, err)
	}
	if len(plans) > 0 {
		res.Unseen = plans[0].unseen()
	}
	if useVec {
		for i := range res.Hits {
			if j, ok := ix.vecs.pos(res.Hits[i].ID); ok {
				res.Hits[i].Similarity = round4(ix.vecs.similarity(qv[0], j))
			}
		}
	}
	return res, nil
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// bm25Ranked runs a plan's Bleve query for the fetch best passages, without
// term locations or stored fields (they cost on every candidate).
func (ix *Index) bm25Ranked(ctx context.Context, p *plan, fetch int) (search.DocumentMatchCollection, error) {
	if len(p.langs) > 0 {
		return ix.bm25RankedLangs(ctx, p, fetch) // language.go
	}
	ctx = context.WithValue(ctx, search.BM25StatsKey, p.stats(ix))
	sr, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(p.query, fetch, 0, false))
	if err != nil {
		return nil, err
	}
	return sr.Hits, nil
}

// fusionWeights are the BM25 and vector weights for a question, and the
// split of the vector weight between passage and heading vectors: equal for
// one in English, the sources' language; for one in another language its
// words match the sources only by accident (cognates, names), so the
// vectors, which cross languages, weigh more.
func fusionWeights(query string) (bm25, vector, passages, headings float64) {
	if r := lang.Detect(query); r.Confident && r.Code != "" && r.Code != "en" {
		return foreignBM25Weight, foreignVectorWeight, foreignPassageListWeight, foreignHeadingListWeight
	}
	return bm25Weight, vectorWeight, passageListWeight, headingListWeight
}

// fused is one passage of the merged ranking.
type fused struct {
	id         string
	score      float64
	bm25Score  float64
	bm25Rank   int
	vectorRank int
}

// fusion merges ranked lists by reciprocal rank.
type fusion struct {
	byID  map[string]*fused
	lists int
}

func newFusion() *fusion { return &fusion{byID: map[string]*fused{}} }

func (f *fusion) get(id string) *fused {
	x, ok := f.byID[id]
	if !ok {
		x = &fused{id: id}
		f.byID[id] = x
	}
	return x
}

func (f *fusion) addBM25(dms search.DocumentMatchCollection, w float64) {
	f.lists++
	for r, dm := range dms {
		x := f.get(dm.ID)
		x.score += w / (rrfK + float64(r+1))
		if x.bm25Rank == 0 || r+1 < x.bm25Rank {
			x.bm25Rank = r + 1
		}
		x.bm25Score = max(x.bm25Score, dm.Score)
	}
}

func (f *fusion) addVector(v *vectors, hits []scored, w float64) {
	f.lists++
	for r, s := range hits {
		x := f.get(v.ids[s.i])
		x.score += w / (rrfK + float64(r+1))
		if x.vectorRank == 0 || r+1 < x.vectorRank {
			x.vectorRank = r + 1
		}
	}
}

// ranked returns the passages best first. With one BM25 list alone the
// order and scores are BM25's; otherwise the score is the fused one.
func (f *fusion) ranked() []*fused {
	out := make([]*fused, 0, len(f.byID))
	for _, x := range f.byID {
		if f.lists == 1 && x.bm25Rank > 0 {
			x.score = x.bm25Score
		}
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b *fused) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(rankOr(a.bm25Rank), rankOr(b.bm25Rank)); c != 0 {
			return c
		}
		if c := cmp.Compare(rankOr(a.vectorRank), rankOr(b.vectorRank)); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return out
}

func rankOr(r int) int {
	if r == 0 {
		return 1 << 30
	}
	return r
}

// capFused keeps at most tuning.perSection passages per section, in rank
// order, and at most k in all.
func (ix *Index) capFused(ranked []*fused, k int) []*fused {
	out := make([]*fused, 0, k)
	perSection := map[string]int{}
	for _, x := range ranked {
		if len(out) == k {
			break
		}
		sec := x.id[:max(strings.LastIndexByte(x.id, '/'), 0)]
		if n := ix.tuning.perSection; n > 0 && perSection[sec] >= n {
			continue
		}
		perSection[sec]++
		out = append(out, x)
	}
	return out
}

// embedQueries returns unit vectors for the queries, from the recent-
// question cache where it can.
func (ix *Index) embedQueries(ctx context.Context, queries []string) ([][]float32, error) {
	if ix.vecs == nil || ix.vecOpts == nil {
		return nil, ErrNoVectors
	}
	out := make([][]float32, len(queries))
	var missing []int
	var texts []string
	for i, q := range queries {
		t := ix.vecOpts.QueryPrefix + q
		if v, ok := ix.qvecs.get(t); ok {
			out[i] = v
			continue
		}
		missing = append(missing, i)
		texts = append(texts, t)
	}
	if len(texts) > 0 {
		if until := ix.embedDownUntil.Load(); until != 0 && ix.now().UnixNano() < until {
			last, _ := ix.embedLastErr.Load().(string)
			return nil, fmt.Errorf("embed the question: %w (%s)", ErrEmbedderDown, last)
		}
		qctx, cancel := context.WithTimeout(ctx, queryEmbedTimeout)
		vs, err := ix.vecOpts.Embedder.Embed(qctx, texts, InputQuery)
		cancel()
		if err != nil && ctx.Err() == nil {
			// Don't make every question wait for a server that is down:
			// search on BM25 alone for a while, then try again.
			ix.embedDownUntil.Store(ix.now().Add(embedderRetryAfter).UnixNano())
			ix.embedLastErr.Store(err.Error())
		}
		if err != nil {
			return nil, fmt.Errorf("embed the question: %w", err)
		}
		ix.embedDownUntil.Store(0)
		if len(vs) != len(texts) {
			return nil, fmt.Errorf("embed the question: %d vectors for %d texts", len(vs), len(texts))
		}
		for j, i := range missing {
			v := append([]float32(nil), vs[j]...)
			if len(v) != ix.vecs.dim || !normalise(v) {
				return nil, fmt.Errorf("embed the question: got %d dimensions, the index has %d", len(v), ix.vecs.dim)
			}
			ix.qvecs.put(texts[j], v)
			out[i] = v
		}
	}
	return out, nil
}

// queryVectors is a small cache of question vectors keyed by a digest of
// the text, so that no question text is kept in memory.
type queryVectors struct {
	mu    sync.Mutex
	size  int
	m     map[[32]byte][]float32
	order [][32]byte
}

func newQueryVectors(size int) *queryVectors {
	return &queryVectors{size: size, m: map[[32]byte][]float32{}}
}

func (c *queryVectors) get(text string) ([]float32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[sha256.Sum256([]byte(text))]
	return v, ok
}

func (c *queryVectors) put(text string, v []float32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := sha256.Sum256([]byte(text))
	if _, ok := c.m[key]; ok {
		return
	}
	if len(c.order) >= c.size {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[key] = v
	c.order = append(c.order, key)
}

// SentenceSimilarity returns the cosine similarity of the question to each
// sentence, embedding the sentences as passages (with the passage prefix).
// It fails with ErrNoVectors for an index without vectors, and when the
// embedder fails; callers then keep their word-based choice.
func (ix *Index) SentenceSimilarity(ctx context.Context, question string, sentences []string) ([]float64, error) {
	qv, err := ix.embedQueries(ctx, []string{question})
	if err != nil {
		return nil, err
	}
	if len(sentences) == 0 {
		return nil, nil
	}
	texts := make([]string, len(sentences))
	for i, s := range sentences {
		texts[i] = ix.vecOpts.PassagePrefix + s
	}
	sctx, cancel := context.WithTimeout(ctx, queryEmbedTimeout)
	defer cancel()
	vs, err := ix.vecOpts.Embedder.Embed(sctx, texts, InputPassage)
	if err != nil {
		return nil, fmt.Errorf("index: embed sentences: %w", err)
	}
	if len(vs) != len(texts) {
		return nil, fmt.Errorf("index: embed sentences: %d vectors for %d texts", len(vs), len(texts))
	}
	out := make([]float64, len(vs))
	for i, v := range vs {
		v = append([]float32(nil), v...)
		if len(v) != len(qv[0]) || !normalise(v) {
			continue
		}
		var d float64
		for j := range v {
			d += float64(v[j]) * float64(qv[0][j])
		}
		out[i] = d
	}
	return out, nil
}
