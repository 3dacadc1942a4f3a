package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// wordTokenizer splits text into runs of letters and digits, keeping an
// apostrophe between letters ("EU's", for the possessive filter). It stands
// in for Bleve's Unicode word segmentation when search results are
// highlighted and checked for coverage: several times faster, and on
// running text it yields the same words, so the same analyzed terms.
type wordTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start := -1
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !word && start >= 0 && (r == '\'' || r == '’') && i+size < len(input) {
			next, _ := utf8.DecodeRune(input[i+size:])
			word = unicode.IsLetter(next)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, token(input, start, i, len(out)+1))
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, token(input, start, len(input), len(out)+1))
	}
	return out
}

func token(input []byte, start, end, pos int) *analysis.Token {
	return &analysis.Token{
		Term:     input[start:end:end],
		Start:    start,
		End:      end,
		Position: pos,
		Type:     analysis.AlphaNumeric,
	}
}

// fastAnalyzer is a with its tokenizer replaced by wordTokenizer, or a
// itself when its parts are not visible.
func fastAnalyzer(a analysis.Analyzer) analysis.Analyzer {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return a
	}
	return &analysis.DefaultAnalyzer{CharFilters: d.CharFilters, Tokenizer: wordTokenizer{}, TokenFilters: d.TokenFilters}
}
