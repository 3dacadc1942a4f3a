package bench

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// vocabFile was built once from the 2024 Pact legal acts
// (see TestVocabFileMatchesPact, which regenerates it with -update) so that
// the generator works without that folder.
//
//go:embed testdata/vocab.txt
var vocabFile string

// Word is one vocabulary entry: its most common spelling in the source and
// how often it occurs in body text and in headings.
type Word struct {
	Text     string
	Count    int
	Headings int
}

// Vocab is a weighted word list. Sampling follows the observed counts, so
// the generated text has the source's Zipf-like term distribution.
type Vocab struct {
	Words []Word
	// body and heading are cumulative weights over Words for sampling;
	// content is the same over words that are not function words.
	body, heading, content cumulative
}

// cumulative is a running sum of weights, searched to draw an index.
type cumulative struct {
	sums []uint64
	idx  []int
}

func newCumulative(words []Word, weight func(Word) uint64) cumulative {
	var c cumulative
	var total uint64
	for i, w := range words {
		wt := weight(w)
		if wt == 0 {
			continue
		}
		total += wt
		c.sums = append(c.sums, total)
		c.idx = append(c.idx, i)
	}
	return c
}

// draw returns the index into Words of a weighted random word.
func (c cumulative) draw(r *rand.Rand) int {
	x := r.Uint64N(c.sums[len(c.sums)-1])
	i := sort.Search(len(c.sums), func(i int) bool { return c.sums[i] > x })
	return c.idx[i]
}

// isFunctionWord reports whether s is a grammatical word, skipped when
// drawing query terms and heading endings.
func isFunctionWord(s string) bool {
	switch strings.ToLower(s) {
	case "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into",
		"is", "it", "of", "on", "or", "that", "the", "this", "to", "which",
		"with", "where", "shall", "should", "may", "not", "its", "their",
		"those", "such", "other", "any", "been", "has", "have", "are", "was",
		"were", "who", "whom", "under", "between", "within", "all", "if", "no",
		"than", "they", "them", "he", "she", "his", "her", "also", "these":
		return true
	}
	return false
}

// DefaultVocab returns the vocabulary embedded in the package.
func DefaultVocab() (*Vocab, error) {
	return ParseVocab(strings.NewReader(vocabFile))
}

// NewVocab builds a Vocab from entries; entries with no count are kept but
// never drawn.
func NewVocab(words []Word) (*Vocab, error) {
	v := &Vocab{Words: words}
	v.body = newCumulative(words, func(w Word) uint64 { return uint64(w.Count) })
	v.heading = newCumulative(words, func(w Word) uint64 { return uint64(w.Headings) })
	v.content = newCumulative(words, func(w Word) uint64 {
		if isFunctionWord(w.Text) || len(w.Text) < 3 {
			return 0
		}
		return uint64(w.Count)
	})
	if len(v.body.sums) == 0 || len(v.heading.sums) == 0 || len(v.content.sums) == 0 {
		return nil, fmt.Errorf("bench: vocabulary of %d words lacks body, heading or content words", len(words))
	}
	return v, nil
}

// ParseVocab reads the vocab.txt format: one "word count headings" line per
// entry, '#' lines are comments.
func ParseVocab(r io.Reader) (*Vocab, error) {
	var words []Word
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 3 {
			return nil, fmt.Errorf("bench: vocab line %d: want 3 fields, got %d", line, len(f))
		}
		count, err1 := strconv.Atoi(f[1])
		head, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || count < 0 || head < 0 {
			return nil, fmt.Errorf("bench: vocab line %d: bad counts %q %q", line, f[1], f[2])
		}
		words = append(words, Word{Text: f[0], Count: count, Headings: head})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: read vocab: %w", err)
	}
	return NewVocab(words)
}

// WriteTo writes v in the format ParseVocab reads.
func (v *Vocab) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	for _, word := range v.Words {
		m, _ := fmt.Fprintf(bw, "%s %d %d\n", word.Text, word.Count, word.Headings)
		n += int64(m)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("bench: write vocab: %w", err)
	}
	return n, nil
}

// headingLabel matches the numbering of a heading line ("### Article 12:"),
// which the generator writes itself and so keeps out of the heading words.
var headingLabel = regexp.MustCompile(`^#+\s*(?:(?:Part|Title|Chapter|Section|Article|Annex)\s+[IVXLC\d]+[a-z]?\s*:?)?`)

// Counter tallies the words of Markdown documents to build a Vocab.
type Counter struct {
	// forms counts each spelling under its lower-case key.
	forms    map[string]map[string]int
	body     map[string]int
	headings map[string]int
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter {
	return &Counter{forms: map[string]map[string]int{}, body: map[string]int{}, headings: map[string]int{}}
}

// AddMarkdown counts the words of one Markdown document: heading lines
// (starting with '#') count as headings, YAML front matter is skipped.
func (c *Counter) AddMarkdown(text string) {
	lines := strings.Split(text, "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "---" {
				lines = lines[i+1:]
				break
			}
		}
	}
	for _, l := range lines {
		heading := strings.HasPrefix(l, "#")
		if heading {
			l = headingLabel.ReplaceAllString(l, "")
		}
		for _, tok := range tokens(l) {
			key := strings.ToLower(tok)
			if c.forms[key] == nil {
				c.forms[key] = map[string]int{}
			}
			c.forms[key][tok]++
			if heading {
				c.headings[key]++
			} else {
				c.body[key]++
			}
		}
	}
}

// Vocab returns the size most frequent body words, each in its most common
// spelling, ordered by descending count (ties by spelling).
func (c *Counter) Vocab(size int) (*Vocab, error) {
	keys := make([]string, 0, len(c.body))
	for k := range c.body {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c.body[keys[i]] != c.body[keys[j]] {
			return c.body[keys[i]] > c.body[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > size {
		keys = keys[:size]
	}
	words := make([]Word, len(keys))
	for i, k := range keys {
		words[i] = Word{Text: commonForm(c.forms[k]), Count: c.body[k], Headings: c.headings[k]}
	}
	return NewVocab(words)
}

func commonForm(forms map[string]int) string {
	best, bestN := "", -1
	for f, n := range forms {
		if n > bestN || (n == bestN && f < best) {
			best, bestN = f, n
		}
	}
	return best
}

// tokens splits a line into words: runs of letters, with inner hyphens and
// apostrophes kept ("third-country", "Union’s"); numbers are dropped.
func tokens(line string) []string {
	var out []string
	rs := []rune(line)
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) {
			if unicode.IsLetter(rs[j]) {
				j++
				continue
			}
			if (rs[j] == '-' || rs[j] == '\'' || rs[j] == '’') && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) {
				j += 2
				continue
			}
			break
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}
