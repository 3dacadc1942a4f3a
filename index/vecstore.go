package index

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"runtime"
	"strings"
	"sync"
)

// vectorsFile holds a build's passage vectors, in passage order, and
// headingsFile the vectors of each passage's heading path alone.
const (
	vectorsFile  = "vectors.bin"
	headingsFile = "headings.bin"
)

// vectorsMagic starts a vectors file; the version is its last byte.
var vectorsMagic = [8]byte{'p', 'b', 'v', 'e', 'c', 0, 0, 1}

// vectors are passage vectors searched by brute force. Each is kept
// quantised to int8, scaled so its largest component is ±127 (one byte a
// dimension, a quarter of float32), with the norm of the quantised vector,
// which ranks like the float vectors (TestQuantisedRanking; speed and
// memory in BenchmarkVectorSearch).
type vectors struct {
	dim  int
	ids  []string
	q    []int8    // len(ids) × dim, scaled by 127
	norm []float32 // the norm of each quantised vector, for exact cosines
	at   map[string]int
	// sec maps a section (a passage id without its "/n") to the first
	// vector of it.
	sec map[string]int
	// mean and bits are the binary sketch of every vector (the signs of its
	// components less the corpus mean), built on load for large indexes:
	// Hamming distance over them picks the candidates that the int8
	// cosine then ranks.
	mean  []float32
	bits  []uint64 // len(ids) × words
	words int
}

// prefilterFrom is the passage count from which a search scans the binary
// sketches first and scores only the closest candidates exactly.
const prefilterFrom = 8192

// candidates is how many passages the binary scan keeps for exact scoring:
// enough that the true nearest ones are among them (TestPrefilterRecall).
func candidates(n, want int) int {
	return max(want*30, 1500, n/64)
}

// pos returns the number of passage id.
func (v *vectors) pos(id string) (int, bool) {
	i, ok := v.at[id]
	return i, ok
}

func (v *vectors) indexIDs() {
	v.at = make(map[string]int, len(v.ids))
	v.sec = map[string]int{}
	for i, id := range v.ids {
		v.at[id] = i
		sec := id[:max(strings.LastIndexByte(id, '/'), 0)]
		if _, ok := v.sec[sec]; !ok {
			v.sec[sec] = i
		}
	}
	if len(v.ids) >= prefilterFrom {
		v.sketch()
	}
}

// sketch computes the mean of the (dequantised, unit) vectors and each
// vector's sign bits relative to it.
func (v *vectors) sketch() {
	d := v.dim
	mean := make([]float64, d)
	for i := range v.ids {
		if v.norm[i] == 0 {
			continue
		}
		inv := 1 / float64(v.norm[i])
		for j, q := range v.q[i*d : (i+1)*d] {
			mean[j] += float64(q) * inv
		}
	}
	v.mean = make([]float32, d)
	for j := range mean {
		v.mean[j] = float32(mean[j] / float64(len(v.ids)))
	}
	v.words = (d + 63) / 64
	v.bits = make([]uint64, len(v.ids)*v.words)
	x := make([]float32, d)
	for i := range v.ids {
		inv := float32(0)
		if v.norm[i] > 0 {
			inv = 1 / v.norm[i]
		}
		for j, q := range v.q[i*d : (i+1)*d] {
			x[j] = float32(q) * inv
		}
		v.signs(v.bits[i*v.words:(i+1)*v.words], x)
	}
}

// signs sets bit j of dst when x[j] is above the mean.
func (v *vectors) signs(dst []uint64, x []float32) {
	clear(dst)
	for j, f := range x {
		if f > v.mean[j] {
			dst[j/64] |= 1 << (j % 64)
		}
	}
}

// newVectors quantises unit vectors vs (one per id).
func newVectors(ids []string, vs [][]float32) (*vectors, error) {
	if len(ids) != len(vs) {
		return nil, fmt.Errorf("index: %d vectors for %d passages", len(vs), len(ids))
	}
	v := &vectors{ids: ids, norm: make([]float32, len(ids))}
	for i, x := range vs {
		if i == 0 {
			v.dim = len(x)
			v.q = make([]int8, len(ids)*v.dim)
		}
		if len(x) != v.dim {
			return nil, fmt.Errorf("index: vector %d has %d dimensions, want %d", i, len(x), v.dim)
		}
		v.norm[i] = quantise(v.q[i*v.dim:(i+1)*v.dim], x)
	}
	v.indexIDs()
	return v, nil
}

// quantise writes x scaled to int8 into dst, its largest component to
// ±127, and returns the norm of the quantised vector. The scale needs no
// storing: a cosine divides it out.
func quantise(dst []int8, x []float32) float32 {
	var top float64
	for _, f := range x {
		top = max(top, math.Abs(float64(f)))
	}
	if top == 0 {
		clear(dst)
		return 0
	}
	scale := 127 / top
	var n float64
	for j, f := range x {
		q := int8(max(-127, min(127, math.Round(float64(f)*scale))))
		dst[j] = q
		n += float64(q) * float64(q)
	}
	return float32(math.Sqrt(n))
}

// normalise scales x to unit length in place; false for a zero vector.
func normalise(x []float32) bool {
	var n float64
	for _, f := range x {
		n += float64(f) * float64(f)
	}
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return false
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range x {
		x[i] *= inv
	}
	return true
}

// scored is a passage (by number) with its cosine similarity.
type scored struct {
	i   int
	sim float32
}

// search returns the n passages most similar to the unit vector query, most
// similar first. The scan is split over the CPUs.
func (v *vectors) search(query []float32, n int) []scored {
	if v == nil || len(v.ids) == 0 || n <= 0 || len(query) != v.dim {
		return nil
	}
	qq := make([]int8, v.dim)
	qn := quantise(qq, query)
	if qn == 0 {
		return nil
	}
	if v.bits != nil {
		return v.prefiltered(query, qq, qn, n)
	}
	parts := min(runtime.GOMAXPROCS(0), max(1, len(v.ids)/4096))
	results := make([]topN, parts)
	var wg sync.WaitGroup
	chunk := (len(v.ids) + parts - 1) / parts
	for p := range parts {
		lo, hi := p*chunk, min((p+1)*chunk, len(v.ids))
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[p] = v.scan(qq, qn, lo, hi, n)
		}()
	}
	wg.Wait()
	all := results[0]
	for _, r := range results[1:] {
		for _, s := range r {
			all.offer(s, n)
		}
	}
	return all.sorted()
}

// prefiltered keeps the passages whose sketches are closest to the
// query's, then ranks those by the int8 cosine.
func (v *vectors) prefiltered(query []float32, qq []int8, qn float32, n int) []scored {
	qb := make([]uint64, v.words)
	v.signs(qb, query)
	c := min(candidates(len(v.ids), n), len(v.ids))
	// Keep the c smallest Hamming distances: a histogram of distances
	// (at most dim+1 of them) gives the cut-off without sorting.
	dist := make([]uint16, len(v.ids))
	hist := make([]int, v.dim+1)
	w := v.words
	if w == 6 { // 384 dimensions (e5-small, MiniLM): unrolled
		q0, q1, q2, q3, q4, q5 := qb[0], qb[1], qb[2], qb[3], qb[4], qb[5]
		for i := range v.ids {
			b := v.bits[i*6 : i*6+6 : i*6+6]
			h := bits.OnesCount64(b[0]^q0) + bits.OnesCount64(b[1]^q1) + bits.OnesCount64(b[2]^q2) +
				bits.OnesCount64(b[3]^q3) + bits.OnesCount64(b[4]^q4) + bits.OnesCount64(b[5]^q5)
			dist[i] = uint16(h)
			hist[h]++
		}
	} else {
		for i := range v.ids {
			h := 0
			for k, b := range v.bits[i*w : (i+1)*w] {
				h += bits.OnesCount64(b ^ qb[k])
			}
			dist[i] = uint16(h)
			hist[h]++
		}
	}
	// The cut-off distance, and how many at exactly that distance to take.
	cut, kept := 0, 0
	for cut = 0; cut < len(hist); cut++ {
		if kept+hist[cut] >= c {
			break
		}
		kept += hist[cut]
	}
	atCut := c - kept
	t := make(topN, 0, n+1)
	d := v.dim
	for i, h := range dist {
		if int(h) > cut || v.norm[i] == 0 {
			continue
		}
		if int(h) == cut {
			if atCut == 0 {
				continue
			}
			atCut--
		}
		sim := float32(dotInt8(qq, v.q[i*d:(i+1)*d])) / (qn * v.norm[i])
		if len(t) == n && sim <= t[0].sim {
			continue
		}
		t.offer(scored{i, sim}, n)
	}
	return t.sorted()
}

// scan scores passages lo..hi against the quantised query.
func (v *vectors) scan(qq []int8, qn float32, lo, hi, n int) topN {
	t := make(topN, 0, n+1)
	d := v.dim
	for i := lo; i < hi; i++ {
		if v.norm[i] == 0 {
			continue
		}
		sim := float32(dotInt8(qq, v.q[i*d:(i+1)*d])) / (qn * v.norm[i])
		if len(t) == n && sim <= t[0].sim {
			continue
		}
		t.offer(scored{i, sim}, n)
	}
	return t
}

// dotInt8 is the dot product of two int8 vectors of equal length.
func dotInt8(a, b []int8) int32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += int32(a[i]) * int32(b[i])
		s1 += int32(a[i+1]) * int32(b[i+1])
		s2 += int32(a[i+2]) * int32(b[i+2])
		s3 += int32(a[i+3]) * int32(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += int32(a[i]) * int32(b[i])
	}
	return s0 + s1 + s2 + s3
}

// topN is a min-heap of the best scores seen.
type topN []scored

func (t topN) Len() int           { return len(t) }
func (t topN) Less(i, j int) bool { return t[i].sim < t[j].sim }
func (t topN) Swap(i, j int)      { t[i], t[j] = t[j], t[i] }
func (t *topN) Push(x any)        { *t = append(*t, x.(scored)) }
func (t *topN) Pop() any {
	old := *t
	x := old[len(old)-1]
	*t = old[:len(old)-1]
	return x
}

func (t *topN) offer(s scored, n int) {
	if len(*t) < n {
		heap.Push(t, s)
		return
	}
	if s.sim > (*t)[0].sim {
		(*t)[0] = s
		heap.Fix(t, 0)
	}
}

func (t topN) sorted() []scored {
	out := make([]scored, len(t))
	h := append(topN(nil), t...)
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(scored)
	}
	return out
}

// cosine is the cosine of a quantised query (qq, its norm qn) and vector i.
func (v *vectors) cosine(qq []int8, qn float32, i int) float32 {
	if qn == 0 || v.norm[i] == 0 {
		return 0
	}
	return float32(dotInt8(qq, v.q[i*v.dim:(i+1)*v.dim])) / (qn * v.norm[i])
}

// sectionPos returns the number of the vector filed under the first
// passage of passage id's section (heading vectors are one per section).
func (v *vectors) sectionPos(id string) (int, bool) {
	i, ok := v.sec[id[:max(strings.LastIndexByte(id, '/'), 0)]]
	return i, ok
}

// similarity is the cosine of a unit query and passage i.
func (v *vectors) similarity(query []float32, i int) float64 {
	qq := make([]int8, v.dim)
	qn := quantise(qq, query)
	if qn == 0 || v.norm[i] == 0 {
		return 0
	}
	return float64(dotInt8(qq, v.q[i*v.dim:(i+1)*v.dim])) / float64(qn*v.norm[i])
}

// writeVectors stores v as dir/name: magic, dim, count, then per passage
// its id (length-prefixed), norm and int8 vector.
func writeVectors(dir, name string, v *vectors) error {
	path := dir + string(os.PathSeparator) + name
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.Write(vectorsMagic[:])
	binary.Write(w, binary.LittleEndian, uint32(v.dim))
	binary.Write(w, binary.LittleEndian, uint32(len(v.ids)))
	qb := make([]byte, v.dim)
	for i, id := range v.ids {
		binary.Write(w, binary.LittleEndian, uint32(len(id)))
		w.WriteString(id)
		binary.Write(w, binary.LittleEndian, v.norm[i])
		for j, x := range v.q[i*v.dim : (i+1)*v.dim] {
			qb[j] = byte(x)
		}
		w.Write(qb)
	}
	werr := w.Flush()
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	return nil
}

// readVectors loads dir/name.
func readVectors(dir, name string) (*vectors, error) {
	path := dir + string(os.PathSeparator) + name
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	v, err := decodeVectors(r)
	if err != nil {
		return nil, fmt.Errorf("index: read %s: %w", path, err)
	}
	return v, nil
}

func decodeVectors(r *bufio.Reader) (*vectors, error) {
	var magic [8]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil || magic != vectorsMagic {
		return nil, fmt.Errorf("not a vectors file (%v)", err)
	}
	var dim, count uint32
	if err := binary.Read(r, binary.LittleEndian, &dim); err != nil {
		return nil, err
	}
	if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
		return nil, err
	}
	if dim == 0 || dim > 1<<16 || count > 1<<26 {
		return nil, fmt.Errorf("implausible header: %d vectors of %d dimensions", count, dim)
	}
	v := &vectors{dim: int(dim), ids: make([]string, count), q: make([]int8, int(count)*int(dim)), norm: make([]float32, count)}
	qb := make([]byte, dim)
	for i := range int(count) {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return nil, fmt.Errorf("vector %d: %w", i, err)
		}
		if n > 1<<16 {
			return nil, fmt.Errorf("vector %d: id of %d bytes", i, n)
		}
		id := make([]byte, n)
		if _, err := io.ReadFull(r, id); err != nil {
			return nil, fmt.Errorf("vector %d: %w", i, err)
		}
		v.ids[i] = string(id)
		if err := binary.Read(r, binary.LittleEndian, &v.norm[i]); err != nil {
			return nil, fmt.Errorf("vector %d: %w", i, err)
		}
		if _, err := io.ReadFull(r, qb); err != nil {
			return nil, fmt.Errorf("vector %d: %w", i, err)
		}
		for j, b := range qb {
			v.q[i*int(dim)+j] = int8(b)
		}
	}
	v.indexIDs()
	return v, nil
}
