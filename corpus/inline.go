package corpus

import (
	"regexp"
	"sort"
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
var emphasisDelims = []string{"***", "___", "**", "__", "*", "_", "`"}

// cleanInline collapses white space, turns links into "text (url)" and
// strips emphasis markers from s.
func cleanInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, "[<") {
		s = replaceApart(s, linkRe, func(sub []string) string {
			if strings.TrimSpace(sub[1]) == "" {
				return sub[2]
			}
			return sub[1] + " (" + sub[2] + ")"
		})
		s = replaceApart(s, autolinkRe, func(sub []string) string { return sub[1] })
	}
	if strings.ContainsAny(s, "*_`") {
		s = stripEmphasis(s)
	}
	return s
}

// replaceApart replaces every match of re in s by fn(submatches), with a
// space on either side where the replacement would otherwise run into a
// neighbouring word ("a[b](c)" must not become "ab (c)").
func replaceApart(s string, re *regexp.Regexp, fn func([]string) string) string {
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		sub := make([]string, len(loc)/2)
		for i := range sub {
			if loc[2*i] >= 0 {
				sub[i] = s[loc[2*i]:loc[2*i+1]]
			}
		}
		b.WriteString(s[last:loc[0]])
		repl := fn(sub)
		before, _ := utf8.DecodeLastRuneInString(b.String())
		first, _ := utf8.DecodeRuneInString(repl)
		after, _ := utf8.DecodeRuneInString(s[loc[1]:])
		if isWordRune(before) && isWordRune(first) {
			b.WriteByte(' ')
		}
		b.WriteString(repl)
		if loc[1] < len(s) && isWordRune(after) {
			b.WriteByte(' ')
		}
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// stripEmphasis removes pairs of emphasis delimiters that open before a
// word and close after one, as in "**Team Europe**" or "*not*"; a lone
// star, "snake_case" or "2 * 3" are left alone. One linear pass per
// delimiter, so hostile input cannot make it slow.
func stripEmphasis(s string) string {
	for _, d := range emphasisDelims {
		if strings.Contains(s, d) {
			s = stripDelim(s, d)
		}
	}
	return s
}

// stripDelim removes the matched pairs of delimiter d; a closer pairs with
// the nearest unmatched opener before it.
func stripDelim(s, d string) string {
	var open, drop []int
	for i := 0; i < len(s); {
		if !strings.HasPrefix(s[i:], d) {
			i++
			continue
		}
		switch {
		case len(open) > 0 && canClose(s, i, d):
			drop = append(drop, open[len(open)-1], i)
			open = open[:len(open)-1]
		case canOpen(s, i, d):
			open = append(open, i)
		default:
			i++
			continue
		}
		i += len(d)
	}
	if len(drop) == 0 {
		return s
	}
	sort.Ints(drop)
	var b strings.Builder
	last := 0
	for _, p := range drop {
		b.WriteString(s[last:p])
		last = p + len(d)
	}
	b.WriteString(s[last:])
	return b.String()
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
