package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inline clean-up shared by the Markdown and plain-text readers. The text of
// a section is what citizens see quoted, so emphasis markers go, but every
// word stays.

// linkRe matches an inline Markdown link or image with a plain destination.
var linkRe = regexp.MustCompile(`!?\[([^\[\]]*)\]\(([^()\s]+)\)`)

// autolinkRe matches <https://…> autolinks.
var autolinkRe = regexp.MustCompile(`<((?:https?|mailto):[^<>\s]+)>`)

// emphasisDelims are tried longest first so that "**x**" is not read as
// two single-star spans.
var emphasisDelims = []string{"**", "__", "*", "_", "`"}

// cleanInline collapses white space, turns links into "text (url)" and
// strips emphasis markers from s.
func cleanInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, "[<") {
		s = linkRe.ReplaceAllStringFunc(s, func(m string) string {
			sub := linkRe.FindStringSubmatch(m)
			if strings.TrimSpace(sub[1]) == "" {
				return sub[2]
			}
			return sub[1] + " (" + sub[2] + ")"
		})
		s = autolinkRe.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*_`") {
		s = stripEmphasis(s)
	}
	return s
}

// stripEmphasis removes pairs of emphasis delimiters that open before a
// word and close after one, as in "**Team Europe**" or "*not*"; a lone
// star, "snake_case" or "2 * 3" are left alone.
func stripEmphasis(s string) string {
	for _, d := range emphasisDelims {
		for guard := 0; guard < len(s); guard++ {
			out, ok := stripOnePair(s, d)
			if !ok {
				break
			}
			s = out
		}
	}
	return s
}

// stripOnePair removes the first well-formed pair of delimiter d in s.
func stripOnePair(s, d string) (string, bool) {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], d)
		if i < 0 {
			return s, false
		}
		i += from
		if canOpen(s, i, d) {
			for j := i + len(d); j < len(s); {
				k := strings.Index(s[j:], d)
				if k < 0 {
					break
				}
				k += j
				if k > i+len(d) && canClose(s, k, d) {
					return s[:i] + s[i+len(d):k] + s[k+len(d):], true
				}
				j = k + 1
			}
		}
		from = i + 1
	}
	return s, false
}

// canOpen: the delimiter at i is not inside a word, not part of a longer
// run of the same character, and is followed by a non-space.
func canOpen(s string, i int, d string) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+len(d):])
	if i > 0 && (isWordRune(before) || before == rune(d[0])) {
		return false
	}
	return i+len(d) < len(s) && !unicode.IsSpace(after) && after != rune(d[0])
}

// canClose: the delimiter at k follows a non-space, is not part of a longer
// run, and is not followed by a word character.
func canClose(s string, k int, d string) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:k])
	after, _ := utf8.DecodeRuneInString(s[k+len(d):])
	if unicode.IsSpace(before) || before == rune(d[0]) {
		return false
	}
	return k+len(d) == len(s) || (!isWordRune(after) && after != rune(d[0]))
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
