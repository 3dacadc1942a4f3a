package prompts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEstimateTokens(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a", 2},                            // one word rounds 1.3 up
		{"The Pact", 3},                     // 2 words*1.3 → 3 beats 8 bytes/4 → 2
		{"internationalisation", 5},         // 20 bytes/4 beats 1 word
		{"Η Επιτροπή", 5},                   // Greek: 19 bytes → 5
		{strings.Repeat("word ", 100), 130}, // 100 words → 130 beats 500 bytes/4 → 125
		{strings.Repeat("abcdefghijklmnop ", 10), 43}, // 170 bytes → 43
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, EstimateTokens(tt.in), "%q", tt.in)
	}
}

// sentences builds a passage text of n numbered sentences.
func sentences(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Sentence number %d says something about asylum. ", i)
	}
	return strings.TrimSpace(b.String())
}

func TestFit(t *testing.T) {
	p := func(n int, text string) Passage { return Passage{N: n, Source: "Doc › Sec", Text: text} }
	three := []Passage{p(1, sentences(4)), p(2, sentences(4)), p(3, sentences(4))}
	whole := passageCost(three[0])
	src := EstimateTokens("Doc › Sec")
	tests := []struct {
		name   string
		in     []Passage
		budget int
		want   []Passage
	}{
		{"no budget", three, 0, three},
		{"all fit", three, 3 * whole, three},
		{"third trimmed at a sentence", three, 2*whole + passageOverhead + src + EstimateTokens(sentences(2)), []Passage{three[0], three[1], p(3, sentences(2))}},
		{"fragment too small is dropped", three, 2*whole + passageOverhead + 10, three[:2]},
		{"first trimmed rather than nothing", three, whole / 2, []Passage{p(1, sentences(1))}},
		{"first cut at words when no sentence fits", three, passageOverhead + src + 6,
			[]Passage{p(1, "Sentence number 1 …")}},
		{"nothing fits", three, 3, nil},
		{"ranked order kept even when a later one is shorter", []Passage{p(1, sentences(4)), p(2, sentences(30)), p(3, "Short.")},
			whole + passageOverhead + 6, []Passage{p(1, sentences(4))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fit(tt.in, tt.budget)
			assert.Equal(t, tt.want, got)
			if tt.budget > 0 {
				total := 0
				for _, g := range got {
					total += passageCost(g)
				}
				assert.LessOrEqual(t, total, tt.budget)
			}
		})
	}
}

func TestTrimToSentencesBoundaries(t *testing.T) {
	tests := []struct {
		name, text, want string
		budget           int
	}{
		{"abbreviation is not an end", "Support, e.g. relocation, is given. Second sentence here.", "Support, e.g. relocation, is given.", 12},
		{"article reference", "See Art. 5 of the Regulation. Then more text follows here.", "See Art. 5 of the Regulation.", 10},
		{"decimal is not an end", "The EU gives EUR 2.5 billion. More text follows right here.", "The EU gives EUR 2.5 billion.", 10},
		{"lower case after stop is not an end", "It ends here. and goes on with more words. Next one.", "It ends here. and goes on with more words.", 12},
		{"paragraph break ends", "A heading\n\nThen a paragraph that is long enough to drop.", "A heading", 4},
		{"question mark and quote", `He asked "why?" Then it ended well enough.`, `He asked "why?"`, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, trimToSentences(tt.text, tt.budget))
		})
	}
}

func TestAnswerWithinBudget(t *testing.T) {
	set, err := Load("")
	require.NoError(t, err)
	var ps []Passage
	for i := 1; i <= 8; i++ {
		ps = append(ps, Passage{N: i, Source: fmt.Sprintf("Doc %d › Section %d", i, i), Text: sentences(6)})
	}
	bare, err := set.Answer("How does relocation work?", nil)
	require.NoError(t, err)

	prev := 0
	for budget := bare.Tokens() + 20; budget <= bare.Tokens()+1500; budget += 37 {
		r, used, err := set.AnswerWithin("How does relocation work?", ps, budget)
		require.NoError(t, err)
		assert.LessOrEqual(t, r.Tokens(), budget, "budget %d", budget)
		assert.GreaterOrEqual(t, len(used), prev, "a bigger budget never drops passages")
		prev = len(used)
		for i, u := range used {
			assert.Equal(t, i+1, u.N, "numbers and order kept")
			assert.Contains(t, r.User, fmt.Sprintf(`<passage n="%d"`, u.N))
		}
		assert.NotContains(t, r.User, fmt.Sprintf(`<passage n="%d"`, len(used)+1))
	}
	assert.Equal(t, len(ps), prev, "the largest budget fits everything")

	_, _, err = set.AnswerWithin("How does relocation work?", ps, bare.Tokens())
	require.ErrorIs(t, err, ErrBudgetTooSmall)

	r, used, err := set.AnswerWithin("How does relocation work?", ps, 0)
	require.NoError(t, err)
	assert.Len(t, used, len(ps))
	assert.Equal(t, "answer-v2", r.Version)
}
