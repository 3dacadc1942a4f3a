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
// files and directories, README*, LICENSE* and glossary* files are skipped
// and listed in Corpus.Skipped with the reason; any other file must be a
// supported document. A bad document does not stop
// the load: Load returns the documents that did load and a *LoadError that
// lists every bad one. With no document loaded it returns a nil Corpus and
// a *LoadError matching ErrNoDocuments. Documents are sorted by ID.
func Load(fsys fs.FS) (*Corpus, error) {
	return load(fsys, func(p string) string { return p }, nil)
}

// LoadDir is Load on a directory of the file system; File fields and errors
// carry real paths (dir joined with the path inside it). A symbolic link
// to a file inside dir is read; one that leads out of dir is refused
// (ErrSymlinkOutside, naming the link and its target), and one to a
// directory is skipped, not followed.
func LoadDir(dir string) (*Corpus, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: open %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus: open %s: not a directory", dir)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return nil, fmt.Errorf("corpus: open %s: %w", dir, err)
	}
	name := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	return load(os.DirFS(dir), name, func(p string) (bool, error) { return checkLink(root, name(p)) })
}

// checkLink follows the symbolic link file and reports whether it leads to
// a regular file inside root (false: a directory, skipped); a link that
// leaves root or leads nowhere is an error.
func checkLink(root, file string) (bool, error) {
	target, err := filepath.EvalSymlinks(file)
	if err != nil {
		return false, fmt.Errorf("broken symbolic link: %w", err)
	}
	if target, err = filepath.Abs(target); err != nil {
		return false, fmt.Errorf("symbolic link: %w", err)
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return false, fmt.Errorf("%w: it points to %s, outside %s; copy the file in instead", ErrSymlinkOutside, target, root)
	}
	info, err := os.Stat(target)
	if err != nil {
		return false, fmt.Errorf("symbolic link: %w", err)
	}
	return !info.IsDir(), nil
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

// load walks fsys; link, when set, vets each symbolic link (see checkLink).
func load(fsys fs.FS, name func(string) string, link func(string) (bool, error)) (*Corpus, error) {
	var docs []loaded
	var problems []DocError
	var skips []Skipped
	byID := make(map[string]string)
	walkErr := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, DocError{File: name(p), Err: fmt.Errorf("read: %w", err)})
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if reason := skipReason(p, d); reason != "" {
			skips = append(skips, Skipped{Path: name(p), Reason: reason})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && link != nil {
			isFile, err := link(p)
			if err != nil {
				problems = append(problems, DocError{File: name(p), Err: err})
				return nil
			}
			if !isFile {
				skips = append(skips, Skipped{Path: name(p), Reason: "symbolic link to a directory: not followed"})
				return nil
			}
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
		return nil, &LoadError{Problems: problems, Skipped: skips}
	}
	c := newCorpus(docs)
	c.Skipped = skips
	if len(problems) > 0 {
		return c, &LoadError{Problems: problems, Loaded: len(docs)}
	}
	return c, nil
}

// skipReasons are the kinds of file that are not documents, by the start
// of their lower-case name.
var skipReasons = []struct{ prefix, reason string }{
	{".", "hidden"},
	{"readme", "README: describes the corpus, not a document"},
	{"license", "licence file, not a document"},
	{"licence", "licence file, not a document"},
	{"glossary", "glossary file, not a document (name it in index.glossary to use it)"},
}

// skipReason says why a walked entry is not a document (hidden entries,
// READMEs, licences and glossaries), "" when it may be one.
func skipReason(p string, d fs.DirEntry) string {
	if p == "." {
		return ""
	}
	base := strings.ToLower(path.Base(p))
	for _, s := range skipReasons {
		if strings.HasPrefix(base, s.prefix) {
			if d.IsDir() {
				return s.reason + " (directory)"
			}
			return s.reason
		}
	}
	return ""
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
