package corpus

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugPart caps the slug of one heading so that anchors of deep trees
// (Part › Chapter › Article with long subjects) stay readable. The cut is
// made at a word boundary, so it is stable as long as the heading is.
const maxSlugPart = 64

// anchorSep joins the slugs of the levels of a heading path.
const anchorSep = "--"

// Slug turns one heading into a lower-case, ASCII-folded, hyphen-separated
// identifier: "Article 16: Access to the procedure" → "article-16-access-to-the-procedure".
// Letters of other scripts are kept; accents are dropped; apostrophes vanish.
// The result is at most maxSlugPart runes long, cut at a hyphen.
func Slug(s string) string {
	var b strings.Builder
	pendingDash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == '‘':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			pendingDash = true
		}
	}
	return truncateSlug(b.String(), maxSlugPart)
}

// truncateSlug cuts s to at most max runes, at the last hyphen if there is one.
func truncateSlug(s string, max int) string {
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	cut := string(runes[:max+1])
	if i := strings.LastIndexByte(cut, '-'); i > 0 {
		return cut[:i]
	}
	return string(runes[:max])
}

// anchorFor builds the anchor of a heading path: the slugs of the levels
// below the document title joined by "--". The title's own section (and a
// path whose root is not the title) uses the full path.
func anchorFor(title string, path []string) string {
	parts := path
	if len(parts) > 1 && parts[0] == title {
		parts = parts[1:]
	}
	slugs := make([]string, 0, len(parts))
	for _, p := range parts {
		if s := Slug(p); s != "" {
			slugs = append(slugs, s)
		}
	}
	if len(slugs) == 0 {
		return "section"
	}
	return strings.Join(slugs, anchorSep)
}

// uniqueAnchor returns base, or base-2, base-3… whichever is not yet in
// used, and records it.
func uniqueAnchor(used map[string]bool, base string) string {
	a := base
	for n := 2; used[a]; n++ {
		a = base + "-" + strconv.Itoa(n)
	}
	used[a] = true
	return a
}
