package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

// bigSectionText returns about size bytes of one section's text, the same
// for the same size: numbered paragraphs of sentences, soft-wrapped every
// dozen words or so, with a list now and then and the odd sentence far
// longer than a passage, as in legal text.
func bigSectionText(size int) string {
	r := rand.New(rand.NewPCG(7, uint64(size)))
	vocab := strings.Fields("the applicant Member State shall asylum procedure international protection " +
		"return decision border authorities within days of the application in accordance with Article " +
		"Regulation (EU) No 604/2013 paragraph family members minor unaccompanied detention may be " +
		"appeal court remedy examined responsible transfer Eurodac data fingerprints solidarity pool")
	var b strings.Builder
	b.Grow(size + 1024)
	for n := 1; b.Len() < size; n++ {
		if n > 1 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "%d. ", n)
		list := r.IntN(6) == 0
		for s := range 2 + r.IntN(6) {
			if list {
				b.WriteString("\n- ")
			} else if s > 0 {
				b.WriteString(" ")
			}
			words := 4 + r.IntN(30)
			if r.IntN(20) == 0 {
				words = 150 + r.IntN(200)
			}
			for w := range words {
				word := vocab[r.IntN(len(vocab))]
				switch {
				case w == 0:
					word = strings.ToUpper(word[:1]) + word[1:]
				case w%12 == 0 && !list:
					b.WriteString("\n") // a soft line break inside the paragraph
				case w > 0:
					b.WriteString(" ")
				}
				b.WriteString(word)
				if r.IntN(10) == 0 && w < words-1 {
					b.WriteString(",")
				}
			}
			b.WriteString(".")
		}
	}
	return b.String()
}

// chunkTargets are the passage sizes the equivalence tests try.
var chunkTargets = []int{20, 60, DefaultPassageWords, 200}

// TestChunkMatchesReference checks that the linear chunker gives exactly
// the passages the former, quadratic one gave (chunk_ref_test.go), on
// every section of the shipped corpus and of pact2024, on random sections
// and on a large generated one.
func TestChunkMatchesReference(t *testing.T) {
	shipped, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	pact := loadPactCorpus(t)
	var texts []string
	for _, c := range []*corpus.Corpus{shipped, pact} {
		for _, d := range c.Documents {
			for _, s := range d.Sections {
				texts = append(texts, s.Text)
			}
		}
	}
	require.Greater(t, len(texts), 300, "pact2024 and the shipped corpus have hundreds of sections")
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		texts = append(texts, randomSection(r, 12))
	}
	texts = append(texts, bigSectionText(200_000), strings.Repeat("word ", 5000), "one\ntwo\n- three\n(a) four\n\n\n5. five")
	for _, target := range chunkTargets {
		for i, text := range texts {
			want := refChunkText(text, target)
			got := chunkText(text, target)
			if !assert.Equal(t, want, got, "target %d, text %d", target, i) {
				return
			}
		}
	}
}

// BenchmarkChunkSingleSection chunks one section of 10 MB and one of 40 MB
// (go test ./index -run '^$' -bench ChunkSingleSection -benchtime 3x): a
// linear chunker takes about four times as long for the second.
func BenchmarkChunkSingleSection(b *testing.B) {
	for _, mb := range []int{10, 40} {
		text := bigSectionText(mb << 20)
		d := corpus.Document{ID: "big", Title: "Big", Sections: []corpus.Section{
			{Path: []string{"Big"}, Heading: "Big", Level: 1, Text: text},
		}}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if ps := Chunk(d, DefaultPassageWords); len(ps) == 0 {
					b.Fatal("no passages")
				}
			}
		})
	}
}
