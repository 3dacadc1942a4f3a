package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Load reads every document in fsys, recursively, in path order. Hidden
// files and directories, README*, LICENSE* and glossary* files are skipped;
// any other file must be a supported document. A bad document does not stop
// the load: Load returns the documents that did load and a *LoadError that
// lists every bad one. With no document loaded it returns a nil Corpus and
// a *LoadError matching ErrNoDocuments. Documents are sorted by ID.
func Load(fsys fs.FS) (*Corpus, error) {
	return load(fsys, func(p string) string { return p })
}

// LoadDir is Load on a directory of the file system; File fields and errors
// carry real paths (dir joined with the path inside it).
func LoadDir(dir string) (*Corpus, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: open %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus: open %s: not a directory", dir)
	}
	return load(os.DirFS(dir), func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) })
}

// LoadEmbedded loads the documents shipped in the binary.
func LoadEmbedded() (*Corpus, error) {
	return Load(Embedded())
}

// loaded is one document with the bytes it was read from.
type loaded struct {
	doc  Document
	data []byte
}

func load(fsys fs.FS, name func(string) string) (*Corpus, error) {
	var docs []loaded
	var problems []DocError
	byID := make(map[string]string)
	walkErr := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, DocError{File: name(p), Err: fmt.Errorf("read: %w", err)})
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if skipped(p, d) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		doc, data, err := readOne(fsys, p, name(p))
		if err != nil {
			problems = append(problems, *asDocError(err, name(p)))
			return nil
		}
		if other, dup := byID[doc.ID]; dup {
			problems = append(problems, DocError{File: doc.File, Err: fmt.Errorf("%w %q (also %s)", ErrDuplicateID, doc.ID, other)})
			return nil
		}
		byID[doc.ID] = doc.File
		docs = append(docs, loaded{doc: doc, data: data})
		return nil
	})
	if walkErr != nil {
		problems = append(problems, DocError{File: name("."), Err: fmt.Errorf("read: %w", walkErr)})
	}
	if len(docs) == 0 {
		return nil, &LoadError{Problems: problems}
	}
	c := newCorpus(docs)
	if len(problems) > 0 {
		return c, &LoadError{Problems: problems, Loaded: len(docs)}
	}
	return c, nil
}

// skipped reports whether a walked entry is not a document: hidden entries,
// READMEs, licences and glossaries.
func skipped(p string, d fs.DirEntry) bool {
	if p == "." {
		return false
	}
	base := strings.ToLower(path.Base(p))
	for _, prefix := range []string{".", "readme", "license", "licence", "glossary"} {
		if strings.HasPrefix(base, prefix) {
			return true
		}
	}
	return false
}

// readOne reads and parses one file.
func readOne(fsys fs.FS, p, file string) (Document, []byte, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Document{}, nil, &DocError{File: file, Err: fmt.Errorf("read: %w", err)}
	}
	doc, err := ReadDocument(file, data)
	return doc, data, err
}

// asDocError returns err as a *DocError for file.
func asDocError(err error, file string) *DocError {
	if de, ok := err.(*DocError); ok {
		return de
	}
	return &DocError{File: file, Err: err}
}

// newCorpus sorts the documents by ID and computes the fingerprint.
func newCorpus(docs []loaded) *Corpus {
	sort.Slice(docs, func(i, j int) bool { return docs[i].doc.ID < docs[j].doc.ID })
	c := &Corpus{Documents: make([]Document, len(docs))}
	parts := make([]FingerprintPart, len(docs))
	for i, l := range docs {
		c.Documents[i] = l.doc
		parts[i] = FingerprintPart{ID: l.doc.ID, Data: l.data}
	}
	c.Fingerprint = Fingerprint(parts)
	return c
}

// FingerprintPart is one document's contribution to a fingerprint.
type FingerprintPart struct {
	ID   string
	Data []byte
}

// Fingerprint is the hex SHA-256 over the reader version and every part's
// ID and bytes, length-prefixed, in ID order. It changes when any document
// changes, is added, removed or renamed, or when the readers change.
func Fingerprint(parts []FingerprintPart) string {
	sorted := append([]FingerprintPart(nil), parts...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	h := sha256.New()
	writeField(h, []byte(readerVersion))
	for _, p := range sorted {
		writeField(h, []byte(p.ID))
		writeField(h, p.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeField(h interface{ Write([]byte) (int, error) }, b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}
