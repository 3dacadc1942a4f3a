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

// headingEmbedText is what is embedded for a passage's heading alone: its
// heading path. Article headings state in a few words what an article is
// about ("Criteria for determining the Member State responsible"), which
// matches a question better than the article's wording does.
func headingEmbedText(p Passage) string {
	if len(p.Path) > 0 {
		return strings.Join(p.Path, " › ")
	}
	return p.Title
}

// embedPassages returns a unit vector for every text (passage prefix
// added), embedding in batches those the cache under dataDir lacks (each
// distinct text once) and adding them to it after each batch (so an
// interrupted build keeps what it paid for). Retries of a failed request
// are the embedder's (llm.Embedder retries 429, 5xx and network errors); a
// batch that still fails fails the build. progress, when set, gets the
// texts done so far and the total; ids name the texts in errors.
func embedPassages(ctx context.Context, vo *VectorOptions, dataDir string, ids, raw []string, progress func(done, total int)) ([][]float32, int, error) {
	cache, err := openVectorCache(VectorCachePath(dataDir, *vo))
	if err != nil {
		return nil, 0, err
	}
	batch := vo.BatchSize
	if batch <= 0 {
		batch = defaultEmbedBatch
	}
	texts := make([]string, len(raw))
	out := make([][]float32, len(raw))
	var missing []string
	want := map[string][]int{}
	for i, r := range raw {
		texts[i] = vo.PassagePrefix + r
		if v, ok := cache.get(texts[i]); ok {
			out[i] = v
			continue
		}
		if _, ok := want[texts[i]]; !ok {
			missing = append(missing, texts[i])
		}
		want[texts[i]] = append(want[texts[i]], i)
	}
	done := len(raw) - len(missing)
	if progress != nil {
		progress(done, len(raw))
	}
	for start := 0; start < len(missing); start += batch {
		in := missing[start:min(start+batch, len(missing))]
		vs, err := vo.Embedder.Embed(ctx, in, InputPassage)
		if err != nil {
			return nil, 0, fmt.Errorf("index: embed passages and headings, texts %d–%d of %d: %w: %w", start+1, start+len(in), len(missing), ErrEmbedding, err)
		}
		if len(vs) != len(in) {
			return nil, 0, fmt.Errorf("index: embed passages: %w: %d vectors for %d texts", ErrEmbedding, len(vs), len(in))
		}
		if err := cache.add(in, vs); err != nil {
			return nil, 0, err
		}
		for j, t := range in {
			for _, i := range want[t] {
				out[i] = vs[j]
			}
		}
		done += len(in)
		if progress != nil {
			progress(done, len(raw))
		}
	}
	dim := 0
	for i, v := range out {
		v = append([]float32(nil), v...)
		if !normalise(v) {
			return nil, 0, fmt.Errorf("index: embed %s: zero vector", ids[i])
		}
		if dim == 0 {
			dim = len(v)
		} else if len(v) != dim {
			return nil, 0, fmt.Errorf("index: embed %s: %d dimensions, others have %d", ids[i], len(v), dim)
		}
		out[i] = v
	}
	return out, len(missing), nil
}
