// Package index owns passages and the Bleve index: splitting sections into
// passages that never cross a section, the mapping (BM25 with true field
// lengths, boosted heading, heading-path and title fields, each
// document's text analyzed in its language, a mixed corpus searched per
// language and merged by score), building aside and switching atomically, detecting a stale
// index, and searching: turning a citizen's question into a bounded query,
// expanded with the glossary (on the query side, because Bleve's synonym
// sources drop multi-word terms), with highlights and a coverage signal.
// Its query analysis (Vocabulary) is exported for other packages that
// compare texts the way the index reads a question. It never calls an LLM
// and never logs.
package index

// Passage is a piece of one section, small enough to quote, with everything
// a citation needs.
type Passage struct {
	// ID is unique in the index: "<doc>#<anchor>/<position>".
	ID       string   `json:"id"`
	DocID    string   `json:"doc"`
	Title    string   `json:"title"`
	Section  string   `json:"section"`
	Path     []string `json:"path"`
	Anchor   string   `json:"anchor"`
	URL      string   `json:"url"`
	Position int      `json:"position"`
	Text     string   `json:"text"`
	// Language is the document's language (ISO 639-1, e.g. "sv"), empty
	// when the document names none; it picks the analyzer of the text.
	Language string `json:"language,omitempty"`
}

// Hit is a passage found by a search.
type Hit struct {
	Passage
	Rank  int     `json:"rank"`
	Score float64 `json:"score"`
	// Highlight is a fragment of the text with matched terms wrapped in
	// <mark></mark>.
	Highlight string `json:"highlight"`
	// BM25Rank and VectorRank are the passage's 1-based ranks in each
	// retriever before fusion, 0 when that retriever did not find it.
	BM25Rank   int `json:"bm25_rank,omitempty"`
	VectorRank int `json:"vector_rank,omitempty"`
	// Similarity is the cosine similarity of the query and the passage
	// vectors (0 without vectors).
	Similarity float64 `json:"similarity,omitempty"`
}

// Result is what a search returns.
type Result struct {
	Query string `json:"query"`
	Hits  []Hit  `json:"results"`
	// Coverage, in [0,1], is the share of the query's content terms (after
	// analysis and stop-word and filler removal, synonyms counted as
	// matches) found in the top three hits; a typo matched only by a fuzzy
	// match counts half, and terms too common to search are left out. The
	// answer layer uses it, with the top score, to decide whether the
	// corpus covers the question at all.
	Coverage float64 `json:"coverage"`
	// Absent are the words of the query (as written) that occur nowhere in
	// the sources, not even through the glossary or as a likely typo.
	Absent []string `json:"absent,omitempty"`
	// Unseen are the words of the query (as written) that the index has
	// neither as they are nor through the glossary, even when a typo
	// match found a similar word: Absent plus the words only guessed at.
	Unseen []string `json:"unseen,omitempty"`
	// Retrieval says which retrievers served the search.
	Retrieval Retrieval `json:"retrieval"`
}
