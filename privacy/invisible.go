package privacy

import (
	"strings"
	"unicode/utf8"
)

// Invisible characters can hide personal data from the patterns
// ("a\u200b@b.eu") and bidirectional controls can make a stored or posted
// text read differently from what it holds ("Trojan Source"), so both go.
// The joiners U+200C and U+200D are needed in Persian, Arabic and Indic
// words and in emoji sequences, so they are kept there and removed only
// next to an ASCII character, where they can only serve to hide something.
func invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069,            // LRI, RLI, FSI, PDI
		r == 0x200E, r == 0x200F, r == 0x061C, // LRM, RLM, ALM
		r == 0x200B, r == 0x2060, r == 0xFEFF, // zero-width space, word joiner, BOM
		r == 0x00AD, r == 0x180E: // soft hyphen, Mongolian vowel separator
		return true
	}
	return false
}

func joiner(r rune) bool { return r == 0x200C || r == 0x200D }

// hasInvisible is the fast path: most questions hold none of these, and
// all of them are outside ASCII.
func hasInvisible(s string) bool {
	for i, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if invisible(r) || joiner(r) && dropJoiner(s, i) {
			return true
		}
	}
	return false
}

// dropJoiner reports whether the joiner at byte i of s has an ASCII
// character on either side.
func dropJoiner(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	_, size := utf8.DecodeRuneInString(s[i:])
	after, _ := utf8.DecodeRuneInString(s[i+size:])
	ascii := func(r rune) bool { return r != utf8.RuneError && r < utf8.RuneSelf }
	return ascii(before) || ascii(after)
}

// Clean returns text without invisible characters: bidirectional controls
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width
// spaces, word joiners, byte-order marks and soft hyphens, and joiners
// (U+200C, U+200D) next to an ASCII character. Mask calls it.
func Clean(text string) string {
	if !hasInvisible(text) {
		return text
	}
	return newView(text).clean
}

// view is a text with its invisible characters removed, and the way back
// from an offset in the clean text to one in the original.
type view struct {
	clean string
	// removed holds, for each removed run, its offset in clean and the
	// number of bytes removed there, in order.
	removed []gap
}

type gap struct{ at, n int }

func newView(text string) view {
	if !hasInvisible(text) {
		return view{clean: text}
	}
	var b strings.Builder
	b.Grow(len(text))
	var removed []gap
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if invisible(r) || joiner(r) && dropJoiner(text, i) {
			if k := len(removed) - 1; k >= 0 && removed[k].at == b.Len() {
				removed[k].n += n
			} else {
				removed = append(removed, gap{at: b.Len(), n: n})
			}
		} else {
			// The bytes as they are: an invalid one stays one byte.
			b.WriteString(text[i : i+n])
		}
		i += n
	}
	return view{clean: b.String(), removed: removed}
}

// orig maps an offset in the clean text to the original one. A removed run
// at the offset itself is not counted, so a finding takes in the invisible
// characters inside it and right before it, but not those right after.
func (v view) orig(off int) int {
	shift := 0
	for _, g := range v.removed {
		if g.at >= off {
			break
		}
		shift += g.n
	}
	return off + shift
}
