// Package corpus owns the source documents: the shipped ones embedded from
// documents/, readers that turn Markdown (with YAML front matter), plain text
// and HTML into a Document with a flat, ordered list of Sections, the
// glossary of migration-policy terms, and a fingerprint of the whole corpus.
// It does not know about Bleve or answers.
package corpus

// Document is one source document read into sections.
type Document struct {
	// ID is stable and derived from the file name without extension,
	// e.g. "taking-stock-2024-03".
	ID string
	// File is the path the document was read from (used in errors).
	File      string
	Title     string
	Publisher string
	// Date is as given by the source, e.g. "2024-03".
	Date     string
	Language string
	// URL is the public address of the source, empty when unknown.
	URL string
	// FullTitle is the official title when it differs from Title, e.g. the
	// full name of a regulation; empty when the source gives none.
	FullTitle string
	// CELEX is the EUR-Lex document number of a legal act, e.g. "32024R1351".
	CELEX string
	// Licence is the reuse notice of the source, to be shown with quotes
	// where it asks for acknowledgement.
	Licence string
	// Format names the reader that read the document: "markdown", "text",
	// "html" or "eurlex-html" (and "pdf" once a PDF reader is built in).
	Format string
	// Warnings are problems that did not stop the document from loading,
	// e.g. "no structure found" for a long text that came out as one section.
	Warnings []string `json:",omitempty"`
	// Sections are in document order. The first one is the text under the
	// document title (its Path is just [Title]) when there is such text.
	Sections []Section
}

// Section is one heading and the text directly under it (not the text of
// its sub-sections, which are Sections of their own).
type Section struct {
	// Path is the heading path from the document title down to this
	// section's own heading, e.g. ["Taking stock …", "Working with partner countries"].
	Path []string
	// Heading is the last element of Path.
	Heading string
	// Anchor is the slug of the heading path below the title, stable across
	// runs, unique within the document, e.g. "working-with-partner-countries".
	Anchor string
	// Level is the depth in the heading tree: 1 for the title, 2 below it…
	Level int
	// Text is the section's body: paragraphs separated by a blank line,
	// list items kept as "- item" lines.
	Text string
}

// Corpus is every document that loaded, with the fingerprint of their
// contents. The glossary that bridges citizens' words and official ones is
// loaded on its own (DefaultGlossary, LoadGlossaryFile).
type Corpus struct {
	Documents []Document
	// Fingerprint is a hex digest over every document's ID and bytes, in a
	// stable order. The index adds the glossary and its own settings to it.
	Fingerprint string
	// Skipped lists the files in the corpus directory that were not read
	// as documents, each with the reason, in path order.
	Skipped []Skipped
}

// Skipped is a file that Load did not read as a document.
type Skipped struct {
	// Path is the file's path as Load reports it (a real path for LoadDir).
	Path string `json:"path"`
	// Reason says why, e.g. "README: not a document".
	Reason string `json:"reason"`
}

// Glossary is a list of synonym rules.
type Glossary []SynonymRule

// SynonymRule maps the words citizens use to the words the sources use.
// With Input set, each Input term also finds every Synonyms term (one way).
// With Input empty, all Synonyms are equivalent to each other.
// Terms may be several words ("people smugglers").
// Languages are the ISO 639-1 codes of the documents whose words the
// rule's terms are (they are analyzed like those documents' text); empty
// means English.
type SynonymRule struct {
	Input     []string `yaml:"input,omitempty" json:"input,omitempty"`
	Synonyms  []string `yaml:"synonyms" json:"synonyms"`
	Languages []string `yaml:"languages,omitempty" json:"languages,omitempty"`
}
