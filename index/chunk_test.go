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

func doc(id string, sections ...corpus.Section) corpus.Document {
	return corpus.Document{ID: id, Title: "Title " + id, URL: "https://example.eu/" + id, Sections: sections}
}

func section(title, heading, text string) corpus.Section {
	path := []string{title}
	anchor := ""
	if heading != title {
		path = append(path, heading)
		anchor = strings.ToLower(strings.ReplaceAll(heading, " ", "-"))
	}
	return corpus.Section{Path: path, Heading: heading, Anchor: anchor, Level: len(path), Text: text}
}

func TestChunkShortSectionsAndFields(t *testing.T) {
	d := doc("d1",
		section("Title d1", "Title d1", "Intro text under the title."),
		section("Title d1", "Empty", ""),
		section("Title d1", "Funding", "The Pact has €2 billion earmarked.\n\n- item one\n- item two"),
	)
	ps := Chunk(d, 50)
	require.Len(t, ps, 2)
	assert.Equal(t, Passage{
		ID: "d1#/0", DocID: "d1", Title: "Title d1", Section: "Title d1", Path: []string{"Title d1"},
		Anchor: "", URL: "https://example.eu/d1", Position: 0, Text: "Intro text under the title.",
	}, ps[0])
	assert.Equal(t, "d1#funding/0", ps[1].ID)
	assert.Equal(t, []string{"Title d1", "Funding"}, ps[1].Path)
	assert.Equal(t, "The Pact has €2 billion earmarked.\n\n- item one\n- item two", ps[1].Text)
}

func TestChunkSplitsAtParagraphsThenSentences(t *testing.T) {
	para := func(n int, word string) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf("Sentence %d about %s goes here now.", i, word))
		}
		return strings.Join(s, " ")
	}
	// Three paragraphs of 42 words each; target 50: one paragraph a passage.
	text := para(6, "alpha") + "\n\n" + para(6, "beta") + "\n\n" + para(6, "gamma")
	ps := Chunk(doc("d", section("Title d", "S", text)), 50)
	require.Len(t, ps, 3)
	assert.True(t, strings.HasPrefix(ps[0].Text, "Sentence 0 about alpha"))
	assert.True(t, strings.HasSuffix(ps[0].Text, "Sentence 5 about alpha goes here now."))
	// Each later passage starts with the previous one's last sentence.
	assert.True(t, strings.HasPrefix(ps[1].Text, "Sentence 5 about alpha goes here now.\n\nSentence 0 about beta"), ps[1].Text)
	assert.True(t, strings.HasPrefix(ps[2].Text, "Sentence 5 about beta goes here now.\n\nSentence 0 about gamma"), ps[2].Text)
	for i, p := range ps {
		assert.Equal(t, i, p.Position)
		assert.Equal(t, fmt.Sprintf("d#s/%d", i), p.ID)
	}

	// One paragraph of 120 words: cut at sentences.
	ps = Chunk(doc("d", section("Title d", "S", para(17, "delta"))), 50)
	require.Greater(t, len(ps), 2)
	for _, p := range ps {
		assert.True(t, strings.HasPrefix(p.Text, "Sentence "), p.Text)
		assert.True(t, strings.HasSuffix(p.Text, "now."), p.Text)
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two three.", []string{"One.", "Two three."}},
		{"See Art. 5 of Regulation (EU) No. 604/2013. Next one", []string{"See Art. 5 of Regulation (EU) No. 604/2013.", "Next one"}},
		{"Point 1. applies, e.g. Here. 2024 was busy.", []string{"Point 1. applies, e.g. Here.", "2024 was busy."}},
		{"Is it? Yes! \"Quoted.\" Done", []string{"Is it?", "Yes!", "\"Quoted.\"", "Done"}},
		{"lower. case continues", []string{"lower. case continues"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range splitSentences(tt.in) {
			got = append(got, strings.Join(s, " "))
		}
		assert.Equal(t, tt.want, got, tt.in)
	}
}

// randomSection writes a section of paragraphs, list items and sentences,
// some of them far longer than the target.
func randomSection(r *rand.Rand, n int) string {
	var paras []string
	for range 1 + r.IntN(n) {
		var sents []string
		for range 1 + r.IntN(8) {
			words := 1 + r.IntN(40)
			if r.IntN(15) == 0 {
				words = 100 + r.IntN(250) // a legal-text sentence
			}
			var w []string
			for i := range words {
				sep := ""
				if r.IntN(9) == 0 {
					sep = ","
				}
				w = append(w, fmt.Sprintf("w%d%s", i, sep))
			}
			w[0] = "Start" + w[0]
			sents = append(sents, strings.Join(w, " ")+".")
		}
		p := strings.Join(sents, " ")
		if r.IntN(4) == 0 {
			p = "- " + strings.Join(sents, "\n- ")
		}
		paras = append(paras, p)
	}
	return strings.Join(paras, "\n\n")
}

// checkSectionProperties asserts the chunker's contract for one section:
// every passage is a contiguous run of the section's words, consecutive
// passages overlap or touch (no gap), together they cover every word, and
// none exceeds twice the target.
func checkSectionProperties(t *testing.T, text string, ps []Passage, target int) {
	t.Helper()
	words := strings.Fields(text)
	if len(words) == 0 {
		assert.Empty(t, ps)
		return
	}
	require.NotEmpty(t, ps)
	prevStart, prevEnd := -1, 0
	for _, p := range ps {
		pw := strings.Fields(p.Text)
		assert.LessOrEqual(t, len(pw), 2*target, "passage %s has %d words", p.ID, len(pw))
		start := indexOfRun(words, pw, prevStart+1)
		require.GreaterOrEqual(t, start, 0, "passage %s is not a run of its section's words", p.ID)
		require.LessOrEqual(t, start, prevEnd, "gap before passage %s", p.ID)
		prevStart, prevEnd = start, start+len(pw)
	}
	assert.Equal(t, len(words), prevEnd, "last passage does not reach the section's end")
}

func indexOfRun(words, run []string, from int) int {
	for i := from; i+len(run) <= len(words); i++ {
		match := true
		for j := range run {
			if words[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func TestChunkProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, target := range []int{20, 60, 120, 200} {
		for i := range 150 {
			text := randomSection(r, 12)
			d := doc("p", section("Title p", "S", text), section("Title p", "T", "Other section."))
			ps := Chunk(d, target)
			var own []Passage
			for _, p := range ps {
				if p.Section == "S" {
					own = append(own, p)
				}
			}
			t.Run(fmt.Sprintf("target%d/%d", target, i), func(t *testing.T) {
				checkSectionProperties(t, text, own, target)
			})
		}
	}
}

func TestChunkPropertiesOnPact(t *testing.T) {
	c := loadPactCorpus(t)
	for _, d := range c.Documents {
		ps := Chunk(d, DefaultPassageWords)
		bySection := map[string][]Passage{}
		for _, p := range ps {
			require.Equal(t, d.ID, p.DocID)
			bySection[p.Anchor] = append(bySection[p.Anchor], p)
		}
		for _, s := range d.Sections {
			checkSectionProperties(t, s.Text, bySection[s.Anchor], DefaultPassageWords)
		}
	}
}
