package index

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWordTokenizer(t *testing.T) {
	toks := wordTokenizer{}.Tokenize([]byte("The EU’s €2 billion, third-country nationals (Art. 5); don't déjà-vu"))
	var got []string
	for _, tk := range toks {
		got = append(got, string(tk.Term))
	}
	assert.Equal(t, []string{"The", "EU’s", "2", "billion", "third", "country", "nationals", "Art", "5", "don't", "déjà", "vu"}, got)
	assert.Equal(t, "billion", string(toks[3].Term))
	assert.Equal(t, "billion", "The EU’s €2 billion"[toks[3].Start:toks[3].End])
}

// The fast analyzer gives the terms of Bleve's English analyzer on real
// text: highlights and coverage agree with what was indexed.
func TestFastAnalyzerAgreesOnPact(t *testing.T) {
	c := loadPactCorpus(t)
	full := englishAnalyzer(t)
	fast := fastAnalyzer(full)
	same, diff := 0, 0
	for _, d := range c.Documents {
		for _, s := range d.Sections {
			want := map[string]bool{}
			for _, tk := range full.Analyze([]byte(s.Text)) {
				want[string(tk.Term)] = true
			}
			for _, tk := range fast.Analyze([]byte(s.Text)) {
				if want[string(tk.Term)] {
					same++
				} else {
					diff++
				}
			}
		}
	}
	t.Logf("fast analyzer terms: %d as indexed, %d not", same, diff)
	assert.Less(t, float64(diff)/float64(same+diff), 0.01)
}
