package prompts

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrBudgetTooSmall is returned when the prompt without any passage is
// already over the budget.
var ErrBudgetTooSmall = errors.New("prompts: budget too small")

// passageOverhead is the estimated cost of the <passage n=".." source="..">
// and </passage> lines around a passage's source and text.
const passageOverhead = 12

// minFragmentTokens: a trimmed passage shorter than this is not worth
// adding after whole ones; it would be a fragment without context.
const minFragmentTokens = 24

// EstimateTokens estimates how many tokens s costs, with no tokenizer: the
// larger of one token per 4 bytes of UTF-8 and 1.3 tokens per word. Bytes
// rather than characters make non-Latin scripts (Greek, Bulgarian) count
// more, as they do in real tokenizers. It errs on the high side for
// English prose, which is the safe side for a budget.
func EstimateTokens(s string) int {
	if s == "" {
		return 0
	}
	return estimate(len(s), len(strings.Fields(s)))
}

// estimate is EstimateTokens for a text of size bytes and words words.
func estimate(size, words int) int {
	return max((size+3)/4, (words*13+9)/10)
}

// passageCost is the estimated cost of one passage in the answer prompt.
func passageCost(p Passage) int {
	return passageOverhead + EstimateTokens(p.Source) + EstimateTokens(p.Text)
}

// Fit chooses, in the given (rank) order, the passages that fit in
// budgetTokens: whole passages while they fit, then the first one that does
// not fit whole, trimmed at a sentence boundary if enough of it fits, and
// nothing after it. Passages are never reordered and keep their numbers.
// If not even the first passage fits, its start is kept, cut at a word
// boundary. budgetTokens <= 0 means no budget.
func Fit(passages []Passage, budgetTokens int) []Passage {
	if budgetTokens <= 0 {
		return passages
	}
	var out []Passage
	left := budgetTokens
	for _, p := range passages {
		c := passageCost(p)
		if c <= left {
			out = append(out, p)
			left -= c
			continue
		}
		textBudget := left - passageOverhead - EstimateTokens(p.Source)
		if len(out) > 0 && textBudget < minFragmentTokens {
			break
		}
		text := trimToSentences(p.Text, textBudget)
		if text == "" && len(out) == 0 {
			text = trimToWords(p.Text, textBudget)
		}
		if text != "" {
			p.Text = text
			out = append(out, p)
		}
		break
	}
	return out
}

// AnswerWithin renders the answer prompt with the passages that fit, by
// Fit, in budgetTokens for the whole prompt (system, question and
// passages). It returns the prompt and the passages it contains, which may
// be none when the budget is very tight. budgetTokens <= 0 means no budget.
func (s *Set) AnswerWithin(question string, passages []Passage, budgetTokens int) (Rendered, []Passage, error) {
	if budgetTokens > 0 {
		bare, err := s.Answer(question, nil)
		if err != nil {
			return Rendered{}, nil, err
		}
		fixed := bare.Tokens()
		if fixed >= budgetTokens {
			return Rendered{}, nil, fmt.Errorf("%w: %d tokens, the prompt alone takes %d",
				ErrBudgetTooSmall, budgetTokens, fixed)
		}
		passages = Fit(passages, budgetTokens-fixed)
	}
	r, err := s.Answer(question, passages)
	if err != nil {
		return Rendered{}, nil, err
	}
	return r, passages, nil
}

// sentenceEnd matches a possible end of sentence: terminal punctuation,
// closing quotes or brackets, then space; or a blank line.
var sentenceEnd = regexp.MustCompile(`[.!?…]+["'’”)\]]*\s+|\n\s*\n`)

// trimToSentences returns the longest run of whole sentences from the
// start of text that fits in budget tokens, or "" if not even the first
// sentence fits.
func trimToSentences(text string, budget int) string {
	if budget <= 0 {
		return ""
	}
	best := ""
	for _, end := range sentenceEnds(text) {
		prefix := strings.TrimSpace(text[:end])
		if EstimateTokens(prefix) > budget {
			break
		}
		best = prefix
	}
	return best
}

// sentenceEnds lists the byte offsets where sentences of text end, the end
// of text included.
func sentenceEnds(text string) []int {
	var ends []int
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		if m[1] < len(text) && !startsSentence(text, m) {
			continue
		}
		ends = append(ends, m[1])
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(text) {
		ends = append(ends, len(text))
	}
	return ends
}

// startsSentence reports whether the text after the match m begins a new
// sentence: a paragraph break always does; otherwise the next character is
// upper case, a digit, a quote or a bracket, and the word before the
// punctuation is not an abbreviation such as "e.g." or "Art.".
func startsSentence(text string, m []int) bool {
	if strings.Contains(text[m[0]:m[1]], "\n\n") || strings.Count(text[m[0]:m[1]], "\n") >= 2 {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[m[1]:])
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"'“‘«([•-", next) {
		return false
	}
	before := text[:m[0]]
	word := before[strings.LastIndexAny(before, " \t\n(")+1:]
	return !isAbbreviation(word)
}

// isAbbreviation reports whether word, seen before a full stop, is a common
// abbreviation in EU legal and policy text.
func isAbbreviation(word string) bool {
	switch strings.ToLower(word) {
	case "e.g", "i.e", "art", "arts", "no", "nos", "para", "paras", "cf", "p", "pp",
		"mr", "mrs", "ms", "dr", "st", "vs", "approx", "reg", "dir", "ch", "vol", "fig":
		return true
	}
	return len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0]) // initials: "J. Smith"
}

// trimToWords returns the first words of text that fit in budget tokens,
// followed by "…", or "" if not even one word fits.
func trimToWords(text string, budget int) string {
	words := strings.Fields(text)
	const ellipsis = " …"
	n, size := 0, len(ellipsis)-1
	for n < len(words) {
		grown := size + 1 + len(words[n])
		if estimate(grown, n+2) > budget {
			break
		}
		n, size = n+1, grown
	}
	if n == 0 {
		return ""
	}
	return strings.Join(words[:n], " ") + ellipsis
}
