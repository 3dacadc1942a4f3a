package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrEmbedding wraps a failure of the embedder while building: callers
// may then open the index without vectors.
var ErrEmbedding = errors.New("embedding failed")

// defaultEmbedBatch is VectorOptions.BatchSize when zero.
const defaultEmbedBatch = 32

// passageEmbedText is what is embedded for a passage: its heading path
// (document title, chapter, article heading) and its text, so that a
// passage is found by what its article is about as well as by its words.
func passageEmbedText(p Passage) string {
	var b strings.Builder
	if len(p.Path) > 0 {
		b.WriteString(strings.Join(p.Path, " › "))
	} else {
		b.WriteString(p.Title)
	}
	b.WriteString("\n")
	b.WriteString(p.Text)
	return b.String()
}

// embedPassages returns a unit vector for every passage, embedding in
// batches those the cache under dataDir lacks and adding them to it after
// each batch (so an interrupted build keeps what it paid for). Retries of
// a failed request are the embedder's (llm.Embedder retries 429, 5xx and
// network errors); a batch that still fails fails the build. progress, when
// set, gets the passages done so far and the total.
func embedPassages(ctx context.Context, vo *VectorOptions, dataDir string, passages []Passage, progress func(done, total int)) ([][]float32, int, error) {
	cache, err := openVectorCache(VectorCachePath(dataDir, *vo))
	if err != nil {
		return nil, 0, err
	}
	batch := vo.BatchSize
	if batch <= 0 {
		batch = defaultEmbedBatch
	}
	texts := make([]string, len(passages))
	out := make([][]float32, len(passages))
	var missing []int
	for i, p := range passages {
		texts[i] = vo.PassagePrefix + passageEmbedText(p)
		if v, ok := cache.get(texts[i]); ok {
			out[i] = v
		} else {
			missing = append(missing, i)
		}
	}
	done := len(passages) - len(missing)
	if progress != nil {
		progress(done, len(passages))
	}
	for start := 0; start < len(missing); start += batch {
		idx := missing[start:min(start+batch, len(missing))]
		in := make([]string, len(idx))
		for j, i := range idx {
			in[j] = texts[i]
		}
		vs, err := vo.Embedder.Embed(ctx, in, InputPassage)
		if err != nil {
			return nil, 0, fmt.Errorf("index: embed passages %d–%d of %d: %w: %w", done+1, done+len(in), len(passages), ErrEmbedding, err)
		}
		if len(vs) != len(in) {
			return nil, 0, fmt.Errorf("index: embed passages: %w: %d vectors for %d texts", ErrEmbedding, len(vs), len(in))
		}
		if err := cache.add(in, vs); err != nil {
			return nil, 0, err
		}
		for j, i := range idx {
			out[i] = vs[j]
		}
		done += len(in)
		if progress != nil {
			progress(done, len(passages))
		}
	}
	dim := 0
	for i, v := range out {
		v = append([]float32(nil), v...)
		if !normalise(v) {
			return nil, 0, fmt.Errorf("index: embed passage %s: zero vector", passages[i].ID)
		}
		if dim == 0 {
			dim = len(v)
		} else if len(v) != dim {
			return nil, 0, fmt.Errorf("index: embed passage %s: %d dimensions, others have %d", passages[i].ID, len(v), dim)
		}
		out[i] = v
	}
	return out, len(missing), nil
}
