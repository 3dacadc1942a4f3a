package bot

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"fits", "One sentence.", 50, []string{"One sentence."}},
		{"empty", "  \n ", 10, nil},
		{"paragraphs first", "First paragraph here.\n\nSecond one. It goes on.", 30,
			[]string{"First paragraph here.", "Second one. It goes on."}},
		{"line break", "A list:\n- one item\n- two items", 20,
			[]string{"A list:\n- one item", "- two items"}},
		{"sentence", "The Pact was agreed. It applies from 2026 onwards.", 30,
			[]string{"The Pact was agreed.", "It applies from 2026 onwards."}},
		{"sentence keeps citation marker", "Border procedure applies [1]. Screening takes seven days [2].", 40,
			[]string{"Border procedure applies [1].", "Screening takes seven days [2]."}},
		{"words", "alpha beta gamma delta epsilon", 12,
			[]string{"alpha beta", "gamma delta", "epsilon"}},
		{"hard cut of one long word", "abcdefghijklmnop", 5,
			[]string{"abcde", "fghij", "klmno", "p"}},
		{"runes not bytes", "éééé éééé", 4, []string{"éééé", "éééé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitText(tt.text, tt.limit)
			assert.Equal(t, tt.want, got)
			for _, p := range got {
				assert.LessOrEqual(t, runes(p), tt.limit)
			}
		})
	}
}

// Splitting must lose no word and keep every piece within the limit, on
// a text with paragraphs, lists and long sentences.
func TestSplitTextPreservesWords(t *testing.T) {
	var b strings.Builder
	for i := range 60 {
		b.WriteString("Member States shall examine applications in the border procedure within twelve weeks [3]. ")
		if i%7 == 0 {
			b.WriteString("\n\n- a list item about solidarity\n- another one\n\n")
		}
	}
	text := b.String()
	for _, limit := range []int{100, 1024, 2000, 4096} {
		pieces := SplitText(text, limit)
		require.NotEmpty(t, pieces)
		for _, p := range pieces {
			assert.LessOrEqual(t, runes(p), limit)
			assert.NotEmpty(t, p)
		}
		assert.Equal(t, strings.Fields(text), strings.Fields(strings.Join(pieces, " ")), "limit %d", limit)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"cut at a word boundary please", 16, "cut at a word…"},
		{"Supercalifragilistic", 8, "Superca…"},
		{"ab", 1, "a"},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.limit)
		assert.Equal(t, tt.want, got)
		assert.LessOrEqual(t, runes(got), tt.limit)
	}
}
