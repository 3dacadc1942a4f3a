package index

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"pactbot/corpus"
)

// Layout under <dataDir>/index/<key>/:
//
//	CURRENT            name of the complete build being served, replaced by rename
//	build-<nonce>/     one build: bleve/ (the Bleve index), meta.json, lock
//
// A build is written completely in its own directory, then CURRENT is
// switched to it with an atomic rename. A build that never got there (a
// crash, a kill) is removed by the next Open that finds it unlocked.
const (
	currentFile = "CURRENT"
	buildPrefix = "build-"
	bleveDir    = "bleve"
	metaFile    = "meta.json"
	lockFile    = "lock"
	// unusedKeyTTL is how long an index for another corpus or other
	// settings is kept after its last use before Open removes it.
	unusedKeyTTL = 30 * 24 * time.Hour
)

// meta describes a complete build; it is written last, before CURRENT.
type meta struct {
	Key       string `json:"key"`
	Version   string `json:"version"`
	Documents int    `json:"documents"`
	Sections  int    `json:"sections"`
	Passages  int    `json:"passages"`
	// FieldTokens is the number of analyzed tokens per searchable field
	// over all passages: BM25 needs the average field length, which Bleve
	// itself only approximates by the number of distinct terms.
	FieldTokens map[string]int `json:"field_tokens"`
	// Languages is the number of passages per analyzer group ("en", "sv",
	// "plain"…), see languageGroup.
	Languages map[string]int `json:"languages,omitempty"`
	// Vectors describes the passage vectors, nil when there are none.
	Vectors      *vectorMeta `json:"vectors,omitempty"`
	BuiltAt      string      `json:"built_at"`
	BuildSeconds float64     `json:"build_seconds"`
}

// vectorMeta describes a build's passage vectors.
type vectorMeta struct {
	Model      string `json:"model"`
	Dimensions int    `json:"dimensions"`
	Count      int    `json:"count"`
	// Embedded is how many were embedded by this build (the rest came
	// from the cache).
	Embedded int `json:"embedded"`
}

// indexKey digests everything the index content depends on: the mapping
// version, the chunk size, the glossary, the corpus fingerprint, and the
// parsed documents themselves (so a reader change that alters sections of
// unchanged files also gives a new key).
func indexKey(c *corpus.Corpus, g corpus.Glossary, passageWords int, vo *VectorOptions) (string, error) {
	h := sha256.New()
	// Buffered so that each string is hashed without a copy to []byte.
	w := bufio.NewWriterSize(h, 64<<10)
	if err := writeSettings(w, Options{Glossary: g, PassageWords: passageWords, Vectors: vo}); err != nil {
		return "", err
	}
	writeField(w, c.Fingerprint)
	for _, d := range c.Documents {
		writeField(w, d.ID, d.Title, d.URL, normLanguage(d.Language))
		for _, s := range d.Sections {
			writeJoined(w, s.Path, pathSep)
			writeField(w, s.Anchor, s.Text)
		}
	}
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("index: hash corpus: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// writeSettings writes what the index content depends on besides the
// corpus: the mapping version, the chunk size, the vector settings and the
// glossary. The source cache keys its states on the same.
func writeSettings(w *bufio.Writer, opts Options) error {
	writeField(w, MappingVersion)
	writeField(w, strconv.Itoa(opts.PassageWords))
	if vo := opts.Vectors; vo != nil {
		writeField(w, "vectors", vo.Model, vo.QueryPrefix, vo.PassagePrefix, strconv.Itoa(vo.Dimensions))
	}
	gj, err := json.Marshal(opts.Glossary)
	if err != nil {
		return fmt.Errorf("index: encode glossary: %w", err)
	}
	writeField(w, string(gj))
	return nil
}

// writeField writes length-prefixed strings so that field boundaries
// cannot shift between inputs.
func writeField(w *bufio.Writer, parts ...string) {
	var n [20]byte
	for _, p := range parts {
		w.Write(strconv.AppendInt(n[:0], int64(len(p)), 10))
		w.WriteByte(':')
		w.WriteString(p)
	}
}

// writeJoined writes strings.Join(parts, sep) as one field, without
// building the joined string.
func writeJoined(w *bufio.Writer, parts []string, sep string) {
	size := len(sep) * max(len(parts)-1, 0)
	for _, p := range parts {
		size += len(p)
	}
	var n [20]byte
	w.Write(strconv.AppendInt(n[:0], int64(size), 10))
	w.WriteByte(':')
	for i, p := range parts {
		if i > 0 {
			w.WriteString(sep)
		}
		w.WriteString(p)
	}
}

func readCurrent(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, currentFile))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, buildPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("index: %s names no build: %q", currentFile, name)
	}
	return name, nil
}

// writeCurrent points CURRENT at build name: write a temp file, sync it,
// rename it over CURRENT, sync the directory.
func writeCurrent(root, name string) error {
	tmp := filepath.Join(root, currentFile+".tmp-"+nonce())
	if err := writeFileSync(tmp, []byte(name+"\n")); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(root, currentFile)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index: switch %s: %w", currentFile, err)
	}
	return syncDir(root)
}

func writeMeta(dir string, m meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("index: encode meta: %w", err)
	}
	return writeFileSync(filepath.Join(dir, metaFile), b)
}

func readMeta(dir string) (meta, error) {
	var m meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return m, fmt.Errorf("index: read meta: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("index: decode %s: %w", filepath.Join(dir, metaFile), err)
	}
	return m, nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	for _, err := range []error{werr, serr, cerr} {
		if err != nil {
			return fmt.Errorf("index: write %s: %w", path, err)
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("index: open dir %s: %w", dir, err)
	}
	defer d.Close()
	// Some filesystems cannot sync a directory; the rename is done anyway.
	_ = d.Sync()
	return nil
}

func nonce() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + hex.EncodeToString(b[:])
}

// removeStaleBuilds removes every build under root other than keep that no
// process holds: builds that crashed half-way, and builds replaced by a
// newer one. Errors are ignored: a build left behind is retried next time.
func removeStaleBuilds(root, keep string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && strings.HasPrefix(name, buildPrefix) && name != keep:
			removeIfUnused(filepath.Join(root, name))
		case strings.HasPrefix(name, currentFile+".tmp-"):
			os.Remove(filepath.Join(root, name))
		}
	}
}

// removeIfUnused removes a build directory unless a process (building it
// or serving from it) holds its lock.
func removeIfUnused(dir string) {
	l, err := tryLock(filepath.Join(dir, lockFile), true)
	if err != nil {
		return
	}
	os.RemoveAll(dir)
	l.release()
}

// removeUnusedKeys removes index directories of other keys not opened for
// unusedKeyTTL (CURRENT's modification time is touched on every Open).
func removeUnusedKeys(indexRoot, keepKey string, now time.Time) {
	entries, err := os.ReadDir(indexRoot)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == keepKey {
			continue
		}
		root := filepath.Join(indexRoot, e.Name())
		info, err := os.Stat(filepath.Join(root, currentFile))
		if err != nil || now.Sub(info.ModTime()) < unusedKeyTTL {
			continue
		}
		removeStaleBuilds(root, "")
		if rest, _ := os.ReadDir(root); onlyCurrent(rest) {
			os.RemoveAll(root)
		}
	}
}

func onlyCurrent(entries []os.DirEntry) bool {
	for _, e := range entries {
		if e.Name() != currentFile {
			return false
		}
	}
	return true
}
