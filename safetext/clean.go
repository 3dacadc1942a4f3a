package safetext

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Invisible reports the format characters that show nothing but can hide
// or reorder text: bidirectional controls (U+202A–U+202E, U+2066–U+2069,
// U+200E, U+200F, U+061C), zero-width spaces and word joiners, the
// byte-order mark, the soft hyphen, invisible operators, interlinear
// annotations, Hangul fillers and the tag characters (U+E0000–U+E007F)
// that can smuggle text to a model.
func Invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C,
		r == 0x200B, r >= 0x2060 && r <= 0x2064, r >= 0x206A && r <= 0x206F, r == 0xFEFF, r == 0x00AD, r == 0x180E,
		r == 0x034F, r >= 0xFFF9 && r <= 0xFFFB, r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0,
		r >= 0xE0000 && r <= 0xE007F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	}
	return false
}

// Control reports control characters other than newline and tab: C0,
// DEL and C1.
func Control(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7F && r <= 0x9F
}

func joiner(r rune) bool { return r == 0x200C || r == 0x200D }

// Clean removes invisible and control characters (newlines and tabs
// stay; "\r\n" becomes "\n"), and the joiners U+200C and U+200D unless
// both their neighbours are non-ASCII. Formatted and Plain call it.
func Clean(s string) string {
	if !needsClean(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for i, r := range s {
		if Invisible(r) || Control(r) {
			continue
		}
		if joiner(r) {
			next, size := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if size == 0 || prev < utf8.RuneSelf || next < utf8.RuneSelf || joiner(next) || Invisible(next) || Control(next) {
				continue
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func needsClean(s string) bool {
	for _, r := range s {
		if Invisible(r) || Control(r) || joiner(r) {
			return true
		}
	}
	return false
}

// reEscape is a terminal escape sequence: CSI (ESC [ … final byte), OSC
// (ESC ] … BEL or ST), DCS, SOS, PM and APC strings (up to ST), and any
// other two-byte escape.
var reEscape = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]?` +
	`|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?` +
	`|\x1b[PX^_][^\x1b]*(?:\x1b\\)?` +
	`|\x1b.?`)

// Terminal makes text safe to print on a terminal: escape sequences go
// whole, then every control character but newline and tab (carriage
// returns and backspaces included, which could overwrite what was shown),
// the C1 controls (U+0080–U+009F, which some terminals read as CSI), and
// the invisible characters. Invalid UTF-8 becomes U+FFFD.
func Terminal(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = reEscape.ReplaceAllString(s, "")
	}
	return Clean(s)
}
