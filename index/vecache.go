package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// vectorCache keeps passage vectors on disk by the digest of the exact
// text embedded (prefix included), in one append-only file per model,
// passage prefix and dimensions, so that a rebuild embeds only passages
// whose text changed. A torn last record (a crash mid-append) is ignored.
type vectorCache struct {
	path string
	dim  int // 0 until known
	m    map[[32]byte][]float32
}

// cacheRecordVersion starts every cache file.
const cacheHeader = "pactbot-vector-cache-1\n"

// VectorCachePath is the file under dataDir that caches passage vectors
// for vo's model, passage prefix and dimensions. Copying a cache file
// there (e.g. a test fixture) saves embedding the passages it holds.
func VectorCachePath(dataDir string, vo VectorOptions) string {
	h := sha256.New()
	writeFieldTo(h, vo.Model, vo.PassagePrefix, strconv.Itoa(vo.Dimensions))
	return filepath.Join(dataDir, vectorCacheDir, hex.EncodeToString(h.Sum(nil))[:24]+".bin")
}

// openVectorCache loads the cache at path (creating nothing yet).
func openVectorCache(path string) (*vectorCache, error) {
	c := &vectorCache{path: path, m: map[[32]byte][]float32{}}
	f, err := os.Open(c.path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("index: open vector cache %s: %w", c.path, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	head := make([]byte, len(cacheHeader)+4)
	if _, err := io.ReadFull(r, head); err != nil || string(head[:len(cacheHeader)]) != cacheHeader {
		// Not ours, or cut before the header: start afresh.
		return c, nil
	}
	c.dim = int(binary.LittleEndian.Uint32(head[len(cacheHeader):]))
	if c.dim <= 0 || c.dim > 1<<16 {
		c.dim = 0
		return c, nil
	}
	rec := make([]byte, 32+4*c.dim)
	for {
		if _, err := io.ReadFull(r, rec); err != nil {
			break // EOF, or a torn last record
		}
		var key [32]byte
		copy(key[:], rec)
		v := make([]float32, c.dim)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(rec[32+4*j:]))
		}
		c.m[key] = v
	}
	return c, nil
}

func textKey(text string) [32]byte { return sha256.Sum256([]byte(text)) }

// get returns the cached vector for text.
func (c *vectorCache) get(text string) ([]float32, bool) {
	v, ok := c.m[textKey(text)]
	return v, ok
}

// add appends vectors for texts to the file and the map. A dimension that
// differs from the file's starts the file afresh (the model changed under
// the same name).
func (c *vectorCache) add(texts []string, vs [][]float32) error {
	if len(vs) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("index: create vector cache dir: %w", err)
	}
	flag := os.O_WRONLY | os.O_APPEND | os.O_CREATE
	fresh := c.dim != len(vs[0])
	if fresh {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		c.dim = len(vs[0])
		c.m = map[[32]byte][]float32{}
	}
	f, err := os.OpenFile(c.path, flag, 0o644)
	if err != nil {
		return fmt.Errorf("index: open vector cache %s: %w", c.path, err)
	}
	w := bufio.NewWriter(f)
	if fresh {
		w.WriteString(cacheHeader)
		binary.Write(w, binary.LittleEndian, uint32(c.dim))
	}
	buf := make([]byte, 4*c.dim)
	for i, v := range vs {
		if len(v) != c.dim {
			continue
		}
		key := textKey(texts[i])
		w.Write(key[:])
		for j, x := range v {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
		}
		w.Write(buf)
		c.m[key] = v
	}
	werr := w.Flush()
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("index: write vector cache %s: %w", c.path, err)
	}
	return nil
}

// writeFieldTo writes length-prefixed strings to w.
func writeFieldTo(w io.Writer, parts ...string) {
	for _, p := range parts {
		fmt.Fprintf(w, "%d:%s", len(p), p)
	}
}
