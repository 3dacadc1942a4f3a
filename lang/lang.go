// Package lang tells which language a citizen's question is written in.
//
// It owns language and script detection and the short fixed replies that
// depend only on the asker's language (see SourcesInEnglish). It does not
// translate, and it does not decide what the answer pipeline does with a
// foreign-language question: callers branch on Result.
//
// Detection is built for short questions (5-15 words, often lowercase and
// without accents): the script is read from Unicode ranges first, then
// languages sharing a script are told apart by distinctive letters,
// function words and a few spelling cues, all written inline as tables.
// Nothing is loaded at run time.
package lang

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Result is what Detect found out about a text.
type Result struct {
	// Code is the ISO 639-1 code of the language, or "" when unknown.
	Code string
	// Script is the dominant writing system ("Latin", "Cyrillic", "Greek",
	// "Arabic", "Hebrew", "Han", "Kana", "Hangul", "Devanagari", ...), or
	// "" when the text has no letters.
	Script string
	// Confident is false when the evidence is thin (a lone ambiguous
	// word, a Latin text with no signal at all); callers should then fall
	// back to their default language. For scripts other than Latin the
	// script itself rules English out, so Confident is true once a few
	// letters are seen, even if a sister language (Farsi for Arabic,
	// Russian for Bulgarian) is a close second.
	Confident bool
}

// Thresholds for Latin-script guesses, where one unshared function word
// is worth 1: below minLatinScore the answer is English, unconfident; a
// confident guess needs minLatinConfident and a lead of minLatinMargin
// over the runner-up.
const (
	minLatinScore     = 1.0
	minLatinConfident = 1.5
	minLatinMargin    = 0.75
	// minScriptLetters is how many letters of a non-Latin script make it
	// a confident signal on their own.
	minScriptLetters = 2
)

// Detect guesses the language of text. English is the answer for Latin
// text with no signal, with Confident false.
func Detect(text string) Result {
	text = strings.ToLower(norm.NFC.String(text))
	counts := scriptCounts(text)
	script, n := dominant(counts)
	if script == "" {
		return Result{}
	}
	res := Result{Script: script, Confident: n >= minScriptLetters}
	switch {
	case script == "Han" || script == "Kana":
		res.Code = "zh"
		if counts["Kana"] > 0 {
			res.Code = "ja"
		}
	case models[script] != nil:
		return models[script].detect(text, res)
	default:
		res.Code = singleScript[script]
	}
	if res.Code == "" {
		res.Confident = false
	}
	return res
}

// scriptCounts counts the letters of text per script name.
func scriptCounts(text string) map[string]int {
	counts := map[string]int{}
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, s := range scripts {
			if unicode.In(r, s.tables...) {
				counts[s.name]++
				break
			}
		}
	}
	return counts
}

// dominant returns the script with most letters, ties going to the one
// listed first in scripts (Latin).
func dominant(counts map[string]int) (string, int) {
	best, bestN := "", 0
	for _, s := range scripts {
		if counts[s.name] > bestN {
			best, bestN = s.name, counts[s.name]
		}
	}
	return best, bestN
}

// detect scores text against the model's languages and fills res.Code.
func (m *model) detect(text string, res Result) Result {
	scores := m.score(text)
	best, second := -1, -1
	for i := range scores {
		switch {
		case best < 0 || scores[i] > scores[best]:
			best, second = i, best
		case second < 0 || scores[i] > scores[second]:
			second = i
		}
	}
	top, runnerUp := scores[best], 0.0
	if second >= 0 {
		runnerUp = scores[second]
	}
	if top == 0 || (m.needsEvidence && top < minLatinScore) {
		// Below the bar a stray accent or ending ("Tunisia") would pick
		// a language at random; the fallback is the honest answer.
		res.Code = m.fallback
		res.Confident = res.Confident && !m.needsEvidence
		return res
	}
	res.Code = m.codes[best]
	if m.needsEvidence {
		res.Confident = top >= minLatinConfident && top-runnerUp >= minLatinMargin
	}
	return res
}

// tokens splits lowercased text into words for scoring. A word cut
// short by an apostrophe or hyphen keeps it ("l'", "qu'", "il-", "ta'"),
// because elided articles are some of the best clues in French, Italian
// and Maltese. Combining marks are dropped; a zero-width non-joiner (as
// in Farsi می‌توانم) ends a word.
func tokens(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func(suffix string) {
		if cur.Len() > 0 {
			out = append(out, cur.String()+suffix)
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			cur.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		case strings.ContainsRune("'’ʼ‘`", r):
			flush("'")
		case r == '-':
			flush("-")
		default:
			flush("")
		}
	}
	flush("")
	return out
}
