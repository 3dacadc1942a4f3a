package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discord's message limits, counted in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 2048
	maxEmbeds      = 10
	maxEmbedsTotal = 6000
)

// SplitText cuts text into pieces of at most limit characters, preferring
// to cut between paragraphs, then between lines, then after a sentence, then
// between words; only a single word longer than limit is cut mid-word.
// Pieces are trimmed of surrounding white space and never empty.
func SplitText(text string, limit int) []string {
	if limit < 1 {
		limit = 1
	}
	var out []string
	rest := strings.TrimSpace(text)
	for rest != "" {
		if utf8.RuneCountInString(rest) <= limit {
			out = append(out, rest)
			break
		}
		cut := cutPoint(rest, limit)
		piece := strings.TrimSpace(rest[:cut])
		if piece != "" {
			out = append(out, piece)
		}
		rest = strings.TrimSpace(rest[cut:])
	}
	return out
}

// cutPoint returns a byte offset in s, at most limit runes in, where s is
// best cut.
func cutPoint(s string, limit int) int {
	window := prefixRunes(s, limit)
	// A cut in the first third would make many small pieces; only accept a
	// boundary of each kind when it leaves a reasonably full piece.
	min := len(window) / 3
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(window, sep); i > min {
			return i + len(sep)
		}
	}
	if i := lastSentenceEnd(window); i > min {
		return i
	}
	if i := strings.LastIndexFunc(window, unicode.IsSpace); i > 0 {
		return i + 1
	}
	return len(window)
}

// lastSentenceEnd returns the byte offset just after the last ". ", "! ",
// "? " (or the same followed by a newline) in s, or -1.
func lastSentenceEnd(s string) int {
	for i := len(s) - 2; i > 0; i-- {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (s[i+1] == ' ' || s[i+1] == '\n') {
			return i + 1
		}
	}
	return -1
}

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// Truncate shortens s to at most limit characters, ending at a word boundary
// with "…" when it had to cut.
func Truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit < 2 {
		return prefixRunes(s, limit)
	}
	w := prefixRunes(s, limit-1)
	if i := strings.LastIndexFunc(w, unicode.IsSpace); i > len(w)/2 {
		w = w[:i]
	}
	return strings.TrimRightFunc(w, unicode.IsSpace) + "…"
}

// runes counts characters the way the limits do.
func runes(s string) int { return utf8.RuneCountInString(s) }
