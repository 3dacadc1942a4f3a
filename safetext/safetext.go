// Package safetext neutralises text before it is shown: on Discord
// (answers, notes, the review channel's copies of questions) and on a
// terminal (CLI output). It is a leaf: it knows Discord's Markdown rules
// but not discordgo.
//
// On Discord, a link or a mention is only live outside a code span, so
// every URL and every mention look-alike is put in one: Discord renders
// inline code literally, with no link, no embed and no mention. Backticks
// in the input become apostrophes first, so that the code spans written
// here are the only ones and cannot be closed early. Markdown links
// "[text](url)" become "text (`url`)": the reader still sees where the link
// went. Look-alikes are found after Unicode NFKC folding, so "＠everyone"
// (fullwidth) is treated as "@everyone". Bidi controls, zero-width
// characters and other control characters are removed; the joiners U+200C
// and U+200D are kept only between two non-ASCII letters or emoji, where
// Persian, Indic scripts and emoji sequences need them and where they
// cannot split a link or a mention.
//
// Text from the model or the sources (Formatted) keeps its Markdown
// formatting (bold, lists, the [n] citation markers); text a user wrote
// (Plain) is shown literally, its Markdown escaped, so a question cannot
// fake a heading, a quote or "**Approved**" in the review channel.
package safetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	// reMaskedLink is a Markdown link, its target optionally in <>.
	reMaskedLink = regexp.MustCompile(`\[([^\[\]]*)\]\(\s*<?([^()\s<>]*)>?\s*\)`)
	// reLiteral is what must be shown in a code span: a URL (any scheme,
	// or www.), a mass mention, or Discord's user, role, channel and
	// command mention syntax.
	reLiteral = regexp.MustCompile(`(?i)(?:(?:[a-z][a-z0-9+.\-]*)?://|www\.)[^\s<>'"()]*` +
		`|@(?:everyone|here)` +
		`|<(?:@[!&]?|#)[^<>\s]*>?` +
		`|</[^<>\s]*>?`)
)

// Formatted neutralises text from the model or the sources for Discord:
// links and mentions are made literal, invisible and control characters
// removed; Markdown formatting stays.
func Formatted(s string) string { return neutralise(s, false) }

// Plain neutralises text a user wrote for Discord: as Formatted, and every
// Markdown character is escaped, so it reads exactly as typed.
func Plain(s string) string { return neutralise(s, true) }

func neutralise(s string, escape bool) string {
	s = Clean(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")))
	s = strings.ReplaceAll(s, "`", "'")
	s = foldMentions(s)
	s = reMaskedLink.ReplaceAllString(s, "$1 ($2)")
	var b strings.Builder
	b.Grow(len(s) + 8)
	last := 0
	for _, loc := range reLiteral.FindAllStringIndex(s, -1) {
		writeText(&b, s[last:loc[0]], escape)
		b.WriteString("`" + s[loc[0]:loc[1]] + "`")
		last = loc[1]
	}
	writeText(&b, s[last:], escape)
	return b.String()
}

// writeText writes text outside code spans: Plain escapes Markdown; both
// break a leftover "](" so no link can form from pieces.
func writeText(b *strings.Builder, s string, escape bool) {
	if !escape {
		b.WriteString(strings.ReplaceAll(s, "](", "] ("))
		return
	}
	for _, r := range s {
		if strings.ContainsRune(markdownChars, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
}

// markdownChars are the characters Discord's Markdown gives a meaning to;
// a backslash before each shows it as it is.
const markdownChars = "\\*_~|>#-[]()<:"

// foldMentions rewrites "@" followed by a look-alike of "everyone" or
// "here" in Cyrillic or Greek letters to the ASCII word, so that reLiteral
// puts it in a code span like the real thing.
func foldMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '@')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j+1])
		i += j + 1
		// Discord reads "@hereafter" as @here and "after".
		for _, w := range []string{"everyone", "here"} {
			if n, ok := lookAlike(s[i:], w); ok {
				b.WriteString(w)
				i += n
				break
			}
		}
	}
	return b.String()
}

// lookAlike reports whether s starts with word written in Latin letters
// of any case or their Cyrillic and Greek look-alikes, and its length.
func lookAlike(s, word string) (int, bool) {
	n := 0
	for k := 0; k < len(word); k++ {
		r, size := utf8.DecodeRuneInString(s[n:])
		if unicode.ToLower(skeleton(r)) != rune(word[k]) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// skeleton maps the Cyrillic and Greek letters that look like the Latin
// letters of "everyone" and "here" to those letters.
func skeleton(r rune) rune {
	switch r {
	case 'е', 'Е', 'ε', 'Ε', 'ё':
		return 'e'
	case 'у', 'У', 'υ', 'γ':
		return 'y'
	case 'о', 'О', 'ο', 'Ο', 'σ':
		return 'o'
	case 'п', 'η', 'Ν', 'ν':
		return 'n'
	case 'г', 'Г', 'ʀ', 'Р':
		return 'r'
	case 'һ', 'Һ', 'Н':
		return 'h'
	case 'ѵ', 'Ѵ':
		return 'v'
	}
	return r
}
