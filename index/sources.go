package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The source cache lets a process recognise an unchanged corpus directory
// from its files' metadata alone and open the index built for it by its
// key, without reading or parsing a document (see Open for the slow path).
//
// It lives in <dataDir>/index/sources.json and holds two tables:
//
//   - per corpus directory, each file's path, size, modification and
//     change times, inode and device, with the SHA-256 of its content: a
//     file whose metadata all match is not read again;
//   - per corpus state (the files' digests, the index settings and the
//     binary that parsed them), the index key it was built under and a
//     summary the caller stores with it (a Lookup returns it).
//
// Anything in doubt is read again: a file whose metadata differ in any
// field, and a file modified less than racyWindow before its entry was
// recorded (a write in the same clock tick as the recording could keep
// size and times). A cache file that cannot be read or decoded is treated
// as empty; one that cannot be written is left as it was. Neither is an
// error: the cache only ever saves work.
const (
	sourcesFile    = "sources.json"
	sourcesVersion = 1
	// racyWindow: an entry recorded less than this after the file's last
	// modification or change is not trusted.
	racyWindow = 2 * time.Second
	// maxCorpusStates bounds the corpus states kept (least recently used
	// go first).
	maxCorpusStates = 32
	// maxSourceDirs bounds the corpus directories whose files are kept.
	maxSourceDirs = 16
)

// SourceCache is the stat cache of corpus directories under a data
// directory. It is not safe for concurrent use; processes sharing a data
// directory replace the file atomically, the last writer winning.
type SourceCache struct {
	path  string
	data  sourcesData
	dirty bool
	// now and exe are the clock and the identity of the running binary
	// (tests set them).
	now func() time.Time
	exe func() (string, error)
}

type sourcesData struct {
	Version int                       `json:"version"`
	Dirs    map[string]*sourceDir     `json:"dirs"`
	States  map[string]*corpusStateV1 `json:"states"`
}

// sourceDir is one corpus directory's files, by slash-separated path
// inside it.
type sourceDir struct {
	Files map[string]FileStat `json:"files"`
	Used  int64               `json:"used"`
}

type corpusStateV1 struct {
	Key     string          `json:"key"`
	Summary json.RawMessage `json:"summary,omitempty"`
	Used    int64           `json:"used"`
}

// FileStat is what the source cache knows of one file.
type FileStat struct {
	Size int64 `json:"size"`
	// MTime and CTime are Unix nanoseconds (CTime 0 where the system does
	// not report it); Inode and Device 0 likewise.
	MTime  int64  `json:"mtime"`
	CTime  int64  `json:"ctime,omitempty"`
	Inode  uint64 `json:"inode,omitempty"`
	Device uint64 `json:"dev,omitempty"`
	// Digest is the hex SHA-256 of the content; Recorded (Unix ns) is
	// when it was taken.
	Digest   string `json:"digest"`
	Recorded int64  `json:"recorded"`
}

// sameFile reports whether s and o describe the same file version.
func (s FileStat) sameFile(o FileStat) bool {
	return s.Size == o.Size && s.MTime == o.MTime && s.CTime == o.CTime && s.Inode == o.Inode && s.Device == o.Device
}

// SourceState is a corpus directory as one Scan saw it.
type SourceState struct {
	// Dir is the directory's absolute, symlink-free path.
	Dir string
	// Files are the files' stats by slash path inside Dir.
	Files map[string]FileStat
	// Digest covers every file's path and content digest, and the
	// binary that scanned them.
	Digest string
	// Read is how many files were read and hashed (their metadata were
	// not in the cache, differed, or were too recent to trust).
	Read int
}

// OpenSourceCache reads the source cache of dataDir. A missing, unreadable
// or corrupt file gives an empty cache.
func OpenSourceCache(dataDir string) *SourceCache {
	sc := &SourceCache{path: filepath.Join(dataDir, "index", sourcesFile), now: time.Now, exe: os.Executable}
	b, err := os.ReadFile(sc.path)
	if err == nil && json.Unmarshal(b, &sc.data) == nil && sc.data.Version == sourcesVersion {
		if sc.data.Dirs == nil {
			sc.data.Dirs = map[string]*sourceDir{}
		}
		if sc.data.States == nil {
			sc.data.States = map[string]*corpusStateV1{}
		}
		for k, d := range sc.data.Dirs {
			if d == nil || d.Files == nil {
				delete(sc.data.Dirs, k)
			}
		}
		for k, s := range sc.data.States {
			if s == nil || s.Key == "" {
				delete(sc.data.States, k)
			}
		}
		return sc
	}
	sc.data = sourcesData{Version: sourcesVersion, Dirs: map[string]*sourceDir{}, States: map[string]*corpusStateV1{}}
	return sc
}

// Scan walks dir as the corpus loader does (hidden entries skipped,
// symbolic links followed to what they point at) and returns each file's
// stats, reading and hashing only the files the cache cannot vouch for.
// Entries are updated in the cache (Save writes them).
func (sc *SourceCache) Scan(dir string) (SourceState, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return SourceState{}, fmt.Errorf("index: scan %s: %w", dir, err)
	}
	exe, err := sc.binaryIdentity()
	if err != nil {
		return SourceState{}, err
	}
	prev := map[string]FileStat{}
	if d := sc.data.Dirs[root]; d != nil {
		prev = d.Files
	}
	st := SourceState{Dir: root, Files: map[string]FileStat{}}
	now := sc.now()
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		// os.Stat follows a symbolic link: its target's content counts.
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		if info.IsDir() {
			// A link to a directory is not followed by the loader.
			st.Files[rel] = FileStat{Digest: "dir"}
			return nil
		}
		fst := statOf(info)
		if d.Type()&fs.ModeSymlink != 0 {
			// The link's target path counts too (inside or outside the corpus).
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			rel += "\x00" + target
		}
		if old, ok := prev[rel]; ok && old.sameFile(fst) && old.Digest != "" && !racy(old) {
			st.Files[rel] = old
			return nil
		}
		digest, err := fileDigest(p)
		if err != nil {
			return err
		}
		fst.Digest, fst.Recorded = digest, now.UnixNano()
		st.Files[rel] = fst
		st.Read++
		return nil
	})
	if walkErr != nil {
		return SourceState{}, fmt.Errorf("index: scan %s: %w", dir, walkErr)
	}
	st.Digest = stateDigest(exe, st.Files)
	sc.data.Dirs[root] = &sourceDir{Files: st.Files, Used: now.UnixNano()}
	sc.dirty = true
	return st, nil
}

// racy reports whether an entry was recorded too soon after its file was
// last written to be sure a later write in the same tick would show.
func racy(s FileStat) bool {
	last := max(s.MTime, s.CTime)
	return s.Recorded-last < int64(racyWindow)
}

// binaryIdentity names the running executable by path, size, times and
// inode: the readers that parsed a corpus are part of what its index key
// depends on, and a new binary may read the same files differently.
func (sc *SourceCache) binaryIdentity() (string, error) {
	p, err := sc.exe()
	if err != nil {
		return "", fmt.Errorf("index: source cache: executable: %w", err)
	}
	info, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("index: source cache: executable: %w", err)
	}
	s := statOf(info)
	return fmt.Sprintf("%s|%d|%d|%d|%d|%d", p, s.Size, s.MTime, s.CTime, s.Inode, s.Device), nil
}

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stateDigest digests the binary identity and every file's path and
// content digest, in path order.
func stateDigest(exe string, files map[string]FileStat) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	w := bufio.NewWriter(h)
	writeField(w, "sources-"+strconv.Itoa(sourcesVersion), exe)
	for _, n := range names {
		writeField(w, n, files[n].Digest)
	}
	w.Flush()
	return hex.EncodeToString(h.Sum(nil))
}

// lookupKey is the state's digest joined with the index settings of opts
// (those indexKey covers besides the parsed documents).
func lookupKey(st SourceState, opts Options) (string, error) {
	h := sha256.New()
	w := bufio.NewWriter(h)
	writeField(w, st.Digest)
	if err := writeSettings(w, opts); err != nil {
		return "", err
	}
	w.Flush()
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Lookup returns the index key recorded for the corpus state st under the
// settings of opts, and decodes the summary stored with it into summary
// (when not nil). ok is false when none was recorded or the summary does
// not decode.
func (sc *SourceCache) Lookup(st SourceState, opts Options, summary any) (key string, ok bool) {
	lk, err := lookupKey(st, withDefaults(opts))
	if err != nil {
		return "", false
	}
	e := sc.data.States[lk]
	if e == nil {
		return "", false
	}
	if summary != nil && (len(e.Summary) == 0 || json.Unmarshal(e.Summary, summary) != nil) {
		return "", false
	}
	e.Used = sc.now().UnixNano()
	sc.dirty = true
	return e.Key, true
}

// Remember records that the corpus state st under the settings of opts is
// indexed under key, with summary (encoded as JSON). Save writes it.
func (sc *SourceCache) Remember(st SourceState, opts Options, key string, summary any) error {
	lk, err := lookupKey(st, withDefaults(opts))
	if err != nil {
		return err
	}
	var raw json.RawMessage
	if summary != nil {
		if raw, err = json.Marshal(summary); err != nil {
			return fmt.Errorf("index: source cache: encode summary: %w", err)
		}
	}
	sc.data.States[lk] = &corpusStateV1{Key: key, Summary: raw, Used: sc.now().UnixNano()}
	sc.dirty = true
	return nil
}

// Save writes the cache atomically (a temporary file renamed over it),
// keeping the most recently used states and directories. A data directory
// that cannot be written is not an error the caller must act on, but Save
// reports it.
func (sc *SourceCache) Save() error {
	if !sc.dirty {
		return nil
	}
	prune(sc.data.States, maxCorpusStates, func(s *corpusStateV1) int64 { return s.Used })
	prune(sc.data.Dirs, maxSourceDirs, func(d *sourceDir) int64 { return d.Used })
	b, err := json.Marshal(sc.data)
	if err != nil {
		return fmt.Errorf("index: source cache: encode: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(sc.path), 0o755); err != nil {
		return fmt.Errorf("index: source cache: %w", err)
	}
	tmp := sc.path + ".tmp-" + nonce()
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index: source cache: %w", err)
	}
	if err := os.Rename(tmp, sc.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index: source cache: %w", err)
	}
	sc.dirty = false
	return nil
}

// prune keeps the n most recently used entries of m.
func prune[V any](m map[string]V, n int, used func(V) int64) {
	if len(m) <= n {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return used(m[keys[i]]) > used(m[keys[j]]) })
	for _, k := range keys[n:] {
		delete(m, k)
	}
}

// ErrNotBuilt means OpenBuilt found no complete build for the key.
var ErrNotBuilt = errors.New("index: no complete build for the key")

// OpenBuilt opens the complete build of key under dataDir without the
// corpus, as Open would when that build is current: the key comes from a
// SourceCache.Lookup. It never builds; it fails with ErrNotBuilt when
// there is no readable build for key, and then the caller loads the corpus
// and calls Open. opts must carry the settings the key was looked up with
// (the glossary feeds the query vocabulary).
func OpenBuilt(dataDir, key string, opts Options) (*Index, error) {
	opts = withDefaults(opts)
	if key == "" || strings.ContainsAny(key, `/\.`) {
		return nil, fmt.Errorf("index: open key %q: %w", key, ErrNotBuilt)
	}
	if opts.Vectors != nil && opts.Vectors.Embedder == nil {
		return nil, errors.New("index: open: vectors without an embedder")
	}
	root := filepath.Join(dataDir, "index", key)
	cur, err := readCurrent(root)
	if err != nil {
		return nil, fmt.Errorf("index: open key %s: %w (%v)", key, ErrNotBuilt, err)
	}
	ix, err := openBuild(filepath.Join(root, cur), key, opts)
	if err != nil {
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		return nil, fmt.Errorf("index: open key %s: %w (%v)", key, ErrNotBuilt, err)
	}
	touch(filepath.Join(root, currentFile))
	return ix, nil
}

// withDefaults fills in the settings Open defaults.
func withDefaults(opts Options) Options {
	if opts.PassageWords <= 0 {
		opts.PassageWords = DefaultPassageWords
	}
	return opts
}
