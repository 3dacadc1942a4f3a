package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// EUR-Lex HTML reading. EUR-Lex marks an act's structure with classes, not
// h1–h6: p.oj-doc-ti is the title (and an annex's heading), p.oj-ti-section-1
// a part, chapter or section number with its name in p.oj-ti-section-2,
// div.eli-subdivision an article with p.oj-ti-art ("Artikel 8") and
// p.oj-sti-art (its heading), table rows the numbered points, p.oj-note the
// footnotes. Older pages use the same names without "oj-" (doc-ti, ti-art,
// sti-art, ti-section-1) and no eli-subdivision divisions.
//
// Each article is a section "<ti-art text>: <sti-art text>", so the
// document's own word for "Article" is kept ("Artikel 8: Krav rörande
// screening"). The preamble (citations and recitals) is one section.
// Parts, chapters and sections nest as the page nests them; on older flat
// pages they are siblings, with the articles below the last one.

var (
	classDocTitle = []string{"oj-doc-ti", "doc-ti"}
	classSection1 = []string{"oj-ti-section-1", "ti-section-1"}
	classSection2 = []string{"oj-ti-section-2", "ti-section-2"}
	classArticle  = []string{"oj-ti-art", "ti-art"}
	classArtTitle = []string{"oj-sti-art", "sti-art"}
	classNote     = []string{"oj-note", "note"}
	classNoteTag  = []string{"oj-note-tag", "note-tag"}

	celexPattern = regexp.MustCompile(`(?i)CELEX(?::|%3A)([0-9][0-9A-Z]{4,}(?:\([0-9]+\))?)`)

	// recitalWords name the preamble section when the page's table of
	// contents does not.
	recitalWords = map[string]string{
		"en": "Recitals", "sv": "Skäl", "de": "Erwägungsgründe", "fr": "Considérants",
		"es": "Considerandos", "it": "Considerando", "nl": "Overwegingen", "pt": "Considerandos",
		"pl": "Motywy", "da": "Betragtninger", "fi": "Johdanto-osan perustelukappaleet",
	}
)

// isEURLex reports whether the page marks its structure with EUR-Lex
// classes (a document title or an article title).
func isEURLex(root *html.Node) bool {
	return findFirst(root, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "p" && hasClass(n, append(classDocTitle, classArticle...)...)
	}) != nil
}

// eurlexReader walks a EUR-Lex page into an outline.
type eurlexReader struct {
	out      *outline
	used     map[*html.Node]bool // nodes already read as part of a heading
	text     strings.Builder
	ctx      []string // open "table" and "tr" elements, innermost last
	recitals string
}

// readEURLex reads a EUR-Lex page.
func readEURLex(root *html.Node, fallbackTitle string) Document {
	doc := htmlMeta(flattenHTML(root))
	doc.Language = primaryLanguage(doc.Language)
	doc.CELEX = pageCELEX(root)
	r := &eurlexReader{used: map[*html.Node]bool{}}
	title, full := r.title(root)
	doc.Title = title
	if doc.Title == "" {
		doc.Title = fallbackTitle
	}
	if full != title {
		doc.FullTitle = full
	}
	r.recitals = recitalsWord(root, doc.Language)
	r.out = newOutline(doc.Title)
	r.walk(root, 0)
	r.flush()
	doc.Sections = r.out.sections()
	return doc
}

// title reads the first run of document-title paragraphs and marks them
// read: the first is the title, all of them together the full title.
func (r *eurlexReader) title(root *html.Node) (string, string) {
	first := findFirst(root, func(n *html.Node) bool { return isP(n, classDocTitle) })
	if first == nil {
		return "", ""
	}
	var parts []string
	for n := first; n != nil; n = nextElement(n) {
		if !isP(n, classDocTitle) {
			break
		}
		r.used[n] = true
		if t := nodeText(n); t != "" {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return "", ""
	}
	return parts[0], strings.Join(parts, " ")
}

// walk reads n; depth counts the divisions (elements holding a part,
// chapter, section or annex heading) around n.
func (r *eurlexReader) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		r.text.WriteString(n.Data)
		return
	case html.DocumentNode:
		r.children(n, depth)
		return
	case html.ElementNode:
	default:
		return
	}
	if r.used[n] || r.dropped(n) {
		return
	}
	if isDivision(n) {
		depth++
	}
	switch {
	case isP(n, classDocTitle):
		r.heading(depth+1, r.headingRun(n, classDocTitle))
		return
	case isP(n, classSection1):
		r.heading(depth+1, joinHeading(nodeText(n), r.subtitle(n, classSection2)))
		return
	case isP(n, classArticle) && !r.inRow() && !quoted(nodeText(n)):
		r.heading(depth+2, joinHeading(nodeText(n), r.subtitle(n, classArtTitle)))
		return
	case n.Data == "div" && strings.HasPrefix(attr(n, "id"), "pbl_"):
		r.heading(2, r.recitals)
	}
	switch n.Data {
	case "table", "tr":
		r.flush()
		r.ctx = append(r.ctx, n.Data)
		r.children(n, depth)
		r.flush()
		r.ctx = r.ctx[:len(r.ctx)-1]
	case "td", "th", "br":
		r.text.WriteByte(' ')
		r.children(n, depth)
		r.text.WriteByte(' ')
	default:
		if !blockTags[n.Data] && n.Data != "li" && headingRanks[n.Data] == 0 {
			r.children(n, depth)
			return
		}
		if r.inRow() {
			r.text.WriteByte(' ')
			r.children(n, depth)
			r.text.WriteByte(' ')
			return
		}
		r.flush()
		r.children(n, depth)
		r.flush()
	}
}

func (r *eurlexReader) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, depth)
	}
}

// dropped reports elements that are not the act's text: the page's head,
// navigation and scripts, the Official Journal header, footnotes and the
// footnote markers in the text.
func (r *eurlexReader) dropped(n *html.Node) bool {
	switch n.Data {
	case "head", "script", "style", "nav", "noscript", "template", "svg", "title", "button":
		return true
	case "a":
		return findFirst(n, func(c *html.Node) bool { return hasClass(c, classNoteTag...) }) != nil
	}
	if hasClass(n, classNote...) {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if strings.HasPrefix(c, "oj-hd-") || strings.HasPrefix(c, "hd-") {
			return true
		}
	}
	return false
}

// inRow reports whether the walk is inside a table row (a point), where
// paragraphs are parts of one block.
func (r *eurlexReader) inRow() bool { return len(r.ctx) > 0 && r.ctx[len(r.ctx)-1] == "tr" }

// heading ends the open block and opens a section.
func (r *eurlexReader) heading(rank int, text string) {
	r.flush()
	r.out.heading(rank, text)
}

// flush writes the open block.
func (r *eurlexReader) flush() {
	r.out.block(collapse(r.text.String()))
	r.text.Reset()
}

// headingRun reads n and the paragraphs of the same class right after it
// as one heading ("BILAGA I" and the annex's name).
func (r *eurlexReader) headingRun(n *html.Node, classes []string) string {
	var parts []string
	for m := n; m != nil && isP(m, classes); m = nextElement(m) {
		r.used[m] = true
		parts = append(parts, nodeText(m))
	}
	return joinHeading(parts...)
}

// subtitle finds the heading text that belongs to the number paragraph n:
// the next element when it has one of classes, or such a paragraph inside
// it (EUR-Lex wraps it in div.eli-title). It marks what it used.
func (r *eurlexReader) subtitle(n *html.Node, classes []string) string {
	next := nextElement(n)
	if next == nil {
		return ""
	}
	if isP(next, classes) {
		return r.headingRun(next, classes)
	}
	if next.Data == "div" && hasClass(next, "eli-title") {
		if p := findFirst(next, func(c *html.Node) bool { return isP(c, classes) }); p != nil {
			return r.headingRun(p, classes)
		}
	}
	return ""
}

// isDivision reports whether n directly holds a part, chapter, section or
// annex heading.
func isDivision(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isP(c, classSection1) || isP(c, classDocTitle) {
			return true
		}
	}
	return false
}

// isP reports whether n is an element with one of classes (EUR-Lex puts
// them on p, rarely on div or span).
func isP(n *html.Node, classes []string) bool {
	return n.Type == html.ElementNode && hasClass(n, classes...)
}

// nextElement is the next sibling element of n.
func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

// joinHeading joins a number and a name: "Artikel 8: Krav".
func joinHeading(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ": ")
}

// quoted reports text that opens with a quotation mark: an article quoted
// by an amending provision, which is text, not a section of this act.
func quoted(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("\"'”“„«»‘’‚", r)
}

// pageCELEX is the first CELEX number the page links to or names.
func pageCELEX(root *html.Node) string {
	var found string
	findFirst(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return false
		}
		for _, a := range n.Attr {
			if m := celexPattern.FindStringSubmatch(a.Val); m != nil {
				found = strings.ToUpper(m[1])
				return true
			}
		}
		return false
	})
	return found
}

// recitalsWord names the preamble section: the page's own table-of-contents
// label for it, else the usual word in the page's language, else "Recitals".
func recitalsWord(root *html.Node, language string) string {
	if a := findFirst(root, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "a" && strings.HasSuffix(attr(n, "href"), "#pbl_1")
	}); a != nil {
		if t := nodeText(a); t != "" {
			r, size := utf8.DecodeRuneInString(t)
			return string(unicode.ToUpper(r)) + t[size:]
		}
	}
	if w := recitalWords[language]; w != "" {
		return w
	}
	return "Recitals"
}

// primaryLanguage is the primary subtag of a language tag, lower case:
// "SV" → "sv", "en-GB" → "en".
func primaryLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
