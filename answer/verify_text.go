package answer

import (
	"pactbot/lang"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sharesNumberOrName reports whether a claim in another language shares a
// number or a name (a capitalised word, not the first) with its passages:
// support too weak to verify the claim, enough not to call it invented.
func sharesNumberOrName(c claim) bool {
	for _, n := range numberMentions(c.text) {
		if c.numbers[n.value] {
			return true
		}
	}
	var passageWords []string
	for _, p := range c.passages {
		passageWords = append(passageWords, words(p)...)
	}
	for _, name := range names(c.text) {
		for _, w := range passageWords {
			if samePrefix(name, w) {
				return true
			}
		}
	}
	return false
}

// names returns the lower-cased capitalised words of s but the first:
// names of places, institutions and instruments, which translations keep
// or barely change ("Tunisie", "Eurodac").
func names(s string) []string {
	var out []string
	for i, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if i == 0 || utf8.RuneCountInString(w) < minEntityRunes {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

func samePrefix(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(rb) < minEntityRunes {
		return false
	}
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n == len(ra) || n == len(rb) || n >= minEntityPrefix
}

// answerLanguage is the language of text, or hint when the text gives
// no confident sign of one.
func answerLanguage(text, hint string) string {
	if r := lang.Detect(text); r.Confident && r.Code != "" {
		return r.Code
	}
	if hint != "" {
		return hint
	}
	return "en"
}

var promptBlockRE = regexp.MustCompile(`(?s)<passage\b.*?</passage>|<question>.*?</question>`)

// PromptInstructions returns the instructions of a rendered prompt: the
// system message and the user message without its <passage> and
// <question> blocks, whose words an answer may repeat.
func PromptInstructions(system, user string) string {
	return system + "\n" + promptBlockRE.ReplaceAllString(user, "")
}

// promptOverlap is the share of the word 5-grams of text's claims found
// in instructions. The disclaimer the prompt asks for is no claim (see
// isClaim), so an answer may repeat the prompt's wording of it.
func promptOverlap(text, instructions string) float64 {
	grams := func(s string) []string {
		ws := words(markerRE.ReplaceAllString(s, ""))
		var out []string
		for i := 0; i+promptNGram <= len(ws); i++ {
			out = append(out, strings.Join(ws[i:i+promptNGram], " "))
		}
		return out
	}
	have := map[string]bool{}
	for _, g := range grams(instructions) {
		have[g] = true
	}
	n, total := 0, 0
	for _, s := range Sentences(text) {
		if !isClaim(s) {
			continue
		}
		for _, g := range grams(s) {
			total++
			if have[g] {
				n++
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}
