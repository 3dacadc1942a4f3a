package corpus

import (
	"embed"
	"fmt"
	"io/fs"
)

// shipped holds the documents and the default glossary compiled into the
// binary.
//
//go:embed documents glossary
var shipped embed.FS

// defaultGlossaryPath is where the shipped glossary sits in shipped.
const defaultGlossaryPath = "glossary/glossary.yaml"

// Embedded returns the shipped documents as a file system rooted at the
// documents directory: "taking-stock-2024-03.md" is at its root. The
// glossary is not in it.
func Embedded() fs.FS {
	sub, err := fs.Sub(shipped, "documents")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "documents" is valid.
		panic("corpus: embedded documents: " + err.Error())
	}
	return sub
}

// DefaultGlossary parses the glossary shipped in the binary.
func DefaultGlossary() (Glossary, error) {
	data, err := shipped.ReadFile(defaultGlossaryPath)
	if err != nil {
		return nil, fmt.Errorf("corpus: read embedded glossary: %w", err)
	}
	return ParseGlossary(defaultGlossaryPath, data)
}
