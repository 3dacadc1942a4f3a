package corpus

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors a caller can branch on with errors.Is.
var (
	// ErrFrontMatter marks invalid YAML front matter in a Markdown document.
	ErrFrontMatter = errors.New("front matter")
	// ErrNotUTF8 marks a document whose bytes are not valid UTF-8 text.
	ErrNotUTF8 = errors.New("not valid UTF-8")
	// ErrNotText marks a document that holds NUL bytes, i.e. binary data.
	ErrNotText = errors.New("not a text file")
	// ErrUnsupported marks a file whose extension no reader handles.
	ErrUnsupported = errors.New("unsupported document format")
	// ErrBinary marks a binary document format no reader in this build
	// understands (a Word file, an image, an archive…); the message names it.
	ErrBinary = errors.New("binary file")
	// ErrSymlinkOutside marks a symbolic link that points out of the
	// corpus directory; it is refused, not followed.
	ErrSymlinkOutside = errors.New("symbolic link leaves the corpus directory")
	// ErrEmpty marks a document with no text in any section.
	ErrEmpty = errors.New("document has no text")
	// ErrDuplicateID marks a second document whose file name gives an ID
	// already taken by another document.
	ErrDuplicateID = errors.New("duplicate document id")
	// ErrNoDocuments marks a load that found no usable document at all.
	ErrNoDocuments = errors.New("no documents loaded")
	// ErrGlossary marks an invalid glossary file.
	ErrGlossary = errors.New("glossary")
)

// DocError is a problem with one document (or glossary file), located by
// file and, when known, line.
type DocError struct {
	// File is the path of the document as it was given to the reader.
	File string
	// Line is 1-based; 0 when the problem concerns the whole file.
	Line int
	Err  error
}

// Error reads like a compiler message: "file:line: problem".
func (e *DocError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *DocError) Unwrap() error { return e.Err }

// LoadError reports every document that could not be loaded. Load returns
// it alongside the documents that did load, so a caller can go on with
// those and still report each bad one (and exit non-zero).
type LoadError struct {
	// Problems holds one entry per bad document, in file order.
	Problems []DocError
	// Loaded is the number of documents that did load; when it is zero the
	// error also matches ErrNoDocuments.
	Loaded int
	// Skipped are the files that were not documents, when nothing loaded
	// (otherwise they are in Corpus.Skipped).
	Skipped []Skipped
}

// Error lists every problem, one per line.
func (e *LoadError) Error() string {
	var b strings.Builder
	switch {
	case len(e.Problems) == 0:
		b.WriteString("corpus: no documents found")
	case e.Loaded == 0:
		fmt.Fprintf(&b, "corpus: no documents loaded; %d failed:", len(e.Problems))
	default:
		fmt.Fprintf(&b, "corpus: %d of %d documents failed to load:", len(e.Problems), len(e.Problems)+e.Loaded)
	}
	for i := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(e.Problems[i].Error())
	}
	if e.Loaded == 0 {
		for _, s := range e.Skipped {
			fmt.Fprintf(&b, "\n\tskipped %s: %s", s.Path, s.Reason)
		}
	}
	return b.String()
}

// Unwrap exposes each problem (and ErrNoDocuments when nothing loaded) to
// errors.Is and errors.As.
func (e *LoadError) Unwrap() []error {
	errs := make([]error, 0, len(e.Problems)+1)
	for i := range e.Problems {
		errs = append(errs, &e.Problems[i])
	}
	if e.Loaded == 0 {
		errs = append(errs, ErrNoDocuments)
	}
	return errs
}
