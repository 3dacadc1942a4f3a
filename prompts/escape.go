package prompts

import (
	"regexp"
	"strings"
)

// tagStart matches a "<" that could begin a tag: an opening or closing tag,
// a comment or a declaration, also with spaces a lenient reader would
// skip ("< /passage>"). "<5%" and "x <= 3" do not match.
var tagStart = regexp.MustCompile(`<(\s*/?\s*[\p{L}!?])`)

// escapeText makes text safe to put inside a delimited block: no tag can
// start in it, so it cannot close its <passage> or <question> block nor
// open a new one. The "<" of anything tag-like becomes "‹" (U+2039), which
// a reader still understands. Control characters other than newline and
// tab are dropped.
func escapeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "\r", "")
	return strings.TrimSpace(tagStart.ReplaceAllString(s, "‹$1"))
}

// escapeAttr makes text safe as a double-quoted attribute value on one
// line: it is escaped like text, double quotes become single ones and line
// breaks spaces.
func escapeAttr(s string) string {
	s = escapeText(s)
	s = strings.ReplaceAll(s, `"`, "'")
	return strings.Join(strings.Fields(s), " ")
}
