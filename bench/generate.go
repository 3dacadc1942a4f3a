// Package bench owns the performance measurements of pactbot: a
// deterministic generator of large synthetic corpora shaped like the 2024
// Pact legal acts (documents › parts › chapters › articles, with words drawn
// from the acts' own vocabulary at their observed frequencies), a fixed query
// set drawn from the same vocabulary, latency percentiles, and the Go
// benchmarks of index build, open and search that use them. It does not
// index or search on its own: it drives the index package.
package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"pactbot/corpus"
)

// Bounds of the generated structure. An article body stays between
// minArticleWords and maxArticleWords so that it makes one passage for any
// sensible chunk size, and the passage count equals the article count.
const (
	minArticles     = 40
	maxArticles     = 300
	minArticleWords = 30
	maxArticleWords = 110
	// pcgStream is the second PCG word; fixed so a seed alone decides output.
	pcgStream = 0x9e3779b97f4a7c15
)

// Generate returns a synthetic corpus with exactly passages sections of body
// text (one intro per document plus its articles), drawn from the embedded
// vocabulary. The same seed and size always give the same corpus.
func Generate(seed int64, passages int) (corpus.Corpus, error) {
	v, err := DefaultVocab()
	if err != nil {
		return corpus.Corpus{}, err
	}
	return v.Generate(seed, passages), nil
}

// Generate returns a synthetic corpus drawn from v; see the package-level
// Generate.
func (v *Vocab) Generate(seed int64, passages int) corpus.Corpus {
	g := generator{v: v, r: rand.New(rand.NewPCG(uint64(seed), pcgStream))}
	var docs []corpus.Document
	for left := passages; left > 0; {
		n := min(left, minArticles+g.r.IntN(maxArticles-minArticles+1))
		docs = append(docs, g.document(len(docs)+1, n))
		left -= n
	}
	return corpus.Corpus{Documents: docs, Fingerprint: Fingerprint(docs)}
}

// generator holds the state of one Generate call.
type generator struct {
	v *Vocab
	r *rand.Rand
}

// document returns one document with passages sections of body text: the
// intro under the title and passages-1 articles, grouped in parts and
// chapters whose sections have no text of their own, as in the Pact acts.
func (g *generator) document(n, passages int) corpus.Document {
	id := fmt.Sprintf("synth-%05d", n)
	year := 2020 + g.r.IntN(10)
	number := 1000 + g.r.IntN(9000)
	title := fmt.Sprintf("Regulation (EU) %d/%d on %s", year, number, strings.ToLower(g.heading()))
	doc := corpus.Document{
		ID:        id,
		File:      id + ".md",
		Title:     title,
		Publisher: "Synthetic benchmark corpus",
		Date:      fmt.Sprintf("%d-%02d-%02d", year, 1+g.r.IntN(12), 1+g.r.IntN(28)),
		Language:  "en",
		URL:       "https://example.org/synth/" + id,
	}
	doc.Sections = append(doc.Sections, corpus.Section{
		Path: []string{title}, Heading: title, Level: 1, Text: g.body(),
	})
	article := 0
	for part := 1; article < passages-1; part++ {
		partH := fmt.Sprintf("Part %s: %s", roman(part), strings.ToUpper(g.heading()))
		doc.Sections = append(doc.Sections, g.section(title, []string{partH}, ""))
		chapters := 2 + g.r.IntN(5)
		for ch := 1; ch <= chapters && article < passages-1; ch++ {
			chH := fmt.Sprintf("Chapter %s: %s", roman(ch), g.heading())
			doc.Sections = append(doc.Sections, g.section(title, []string{partH, chH}, ""))
			articles := 2 + g.r.IntN(9)
			for a := 0; a < articles && article < passages-1; a++ {
				article++
				artH := fmt.Sprintf("Article %d: %s", article, g.heading())
				doc.Sections = append(doc.Sections, g.section(title, []string{partH, chH, artH}, g.body()))
			}
		}
	}
	return doc
}

// section returns a section below the document title.
func (g *generator) section(title string, below []string, text string) corpus.Section {
	slugs := make([]string, len(below))
	for i, h := range below {
		slugs[i] = slug(h)
	}
	return corpus.Section{
		Path:    append([]string{title}, below...),
		Heading: below[len(below)-1],
		Anchor:  strings.Join(slugs, "--"),
		Level:   len(below) + 1,
		Text:    text,
	}
}

// heading returns 2–6 heading words, capitalised, never starting or ending
// on a function word: "Access to the procedure".
func (g *generator) heading() string {
	n := 2 + g.r.IntN(5)
	words := make([]string, 0, n)
	for len(words) < n {
		w := g.v.Words[g.v.heading.draw(g.r)].Text
		if len(words) == 0 && isFunctionWord(w) || len(words) > 0 && strings.EqualFold(words[len(words)-1], w) {
			continue
		}
		words = append(words, w)
	}
	for len(words) > 1 && isFunctionWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 1 || isFunctionWord(words[len(words)-1]) {
		words = append(words, g.v.Words[g.v.content.draw(g.r)].Text)
	}
	return capitalise(strings.Join(words, " "))
}

// body returns numbered paragraphs of sentences, minArticleWords to
// maxArticleWords words in all.
func (g *generator) body() string {
	target := minArticleWords + g.r.IntN(maxArticleWords-minArticleWords+1)
	paras := 1 + g.r.IntN(3)
	var out []string
	words := 0
	for p := 0; p < paras && words < target; p++ {
		share := (target - words) / (paras - p)
		var b strings.Builder
		if paras > 1 {
			fmt.Fprintf(&b, "%d. ", p+1)
		}
		for n := 0; n < share; {
			if n > 0 {
				b.WriteByte(' ')
			}
			n += g.sentence(&b, min(share-n, 6+g.r.IntN(20)))
		}
		words += share
		if paras > 1 {
			words++ // the paragraph number
		}
		out = append(out, b.String())
	}
	return strings.Join(out, "\n\n")
}

// sentence writes one sentence of n words (at least 3, counting those of
// references) and returns how many it wrote: a capitalised start, an
// occasional comma or reference to another act, a full stop.
func (g *generator) sentence(b *strings.Builder, n int) int {
	n = max(n, 3)
	written := 0
	for written < n {
		w := g.v.Words[g.v.body.draw(g.r)].Text
		if written == 0 {
			w = capitalise(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		written++
		switch x := g.r.IntN(100); {
		case written >= n-3:
		case x < 6:
			b.WriteByte(',')
		case x < 8:
			fmt.Fprintf(b, " of Article %d", 1+g.r.IntN(80))
			written += 3
		case x < 9:
			fmt.Fprintf(b, " in Regulation (EU) %d/%d", 2013+g.r.IntN(12), 1000+g.r.IntN(9000))
			written += 3
		}
	}
	b.WriteByte('.')
	return written
}

// Queries returns n search queries drawn from the embedded vocabulary: half
// bare keywords (1–4 content words), half phrased as a citizen's question.
// The same seed always gives the same queries.
func Queries(seed int64, n int) ([]string, error) {
	v, err := DefaultVocab()
	if err != nil {
		return nil, err
	}
	return v.Queries(seed, n), nil
}

// Queries returns n queries drawn from v; see the package-level Queries.
func (v *Vocab) Queries(seed int64, n int) []string {
	r := rand.New(rand.NewPCG(uint64(seed), pcgStream+1))
	forms := []string{"What are the rules on %s?", "Who decides about %s?", "When does %s apply?", "Can I get %s?"}
	out := make([]string, n)
	for i := range out {
		terms := make([]string, 1+r.IntN(4))
		for j := range terms {
			terms[j] = strings.ToLower(v.Words[v.content.draw(r)].Text)
		}
		q := strings.Join(terms, " ")
		if i%2 == 1 {
			q = fmt.Sprintf(forms[r.IntN(len(forms))], q)
		}
		out[i] = q
	}
	return out
}

// Fingerprint is a hex SHA-256 over every field of docs, in order.
func Fingerprint(docs []corpus.Document) string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	for _, d := range docs {
		for _, s := range []string{d.ID, d.File, d.Title, d.Publisher, d.Date, d.Language, d.URL} {
			put(s)
		}
		for _, s := range d.Sections {
			put(strings.Join(s.Path, "\x00"))
			put(s.Anchor)
			put(strconv.Itoa(s.Level))
			put(s.Text)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// slug lower-cases s and joins its runs of letters and digits with '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// roman returns n (1–39) in Roman numerals, as Part and Chapter numbers are
// written in the acts.
func roman(n int) string {
	tens := []string{"", "X", "XX", "XXX"}
	ones := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	if n < 1 || n > 39 {
		return strconv.Itoa(n)
	}
	return tens[n/10] + ones[n%10]
}
