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

// defaultGlossaryPaths are the shipped glossary files in shipped, in the
// order DefaultGlossary concatenates their rules: the English glossary,
// then the rules from citizens' words in other EU languages, then those
// from Farsi, Arabic, Bulgarian, Ukrainian, Russian and Greek.
var defaultGlossaryPaths = []string{
	"glossary/glossary.yaml",
	"glossary/glossary-multilingual.yaml",
	"glossary/glossary-multilingual-2.yaml",
}

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

// DefaultGlossary parses the glossary shipped in the binary: the rules of
// each file of defaultGlossaryPaths, in order.
func DefaultGlossary() (Glossary, error) {
	var g Glossary
	for _, path := range defaultGlossaryPaths {
		data, err := shipped.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("corpus: read embedded glossary: %w", err)
		}
		rules, err := ParseGlossary(path, data)
		if err != nil {
			return nil, err
		}
		g = append(g, rules...)
	}
	return g, nil
}
