package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown reading: YAML front matter, then a CommonMark body parsed by
// goldmark. ATX and setext headings build the
// heading tree; reference links, entities and backslash escapes are
// resolved; Windows line endings are read as line ends. The text of a
// section is what citizens see quoted: emphasis markers go, links read
// "text (url)", list items are "- item" or "1. item" lines (nested ones
// indented), pipe tables keep their "| a | b |" lines, fenced code is kept
// verbatim with its fences.

var (
	mdParser = goldmark.New().Parser()
	// listMarkerRe reads an item's marker from its source line.
	listMarkerRe = regexp.MustCompile(`^[ \t>]*([-*+]|\d{1,9}[.)])`)
)

// readMarkdown reads a Markdown document with optional front matter; the
// title is the front matter's, else the first "# " heading's, else
// fallbackTitle.
func readMarkdown(text, fallbackTitle string) (Document, error) {
	var doc Document
	text = strings.ReplaceAll(text, "\r\n", "\n")
	fm, body, err := splitFrontMatter(text)
	if err != nil {
		return doc, err
	}
	if err := applyFrontMatter(fm, &doc); err != nil {
		return doc, err
	}
	src := []byte(body)
	root := mdParser.Parse(textReader(src))
	w := mdWriter{src: src}
	if doc.Title == "" {
		doc.Title = w.firstH1(root)
	}
	if doc.Title == "" {
		doc.Title = fallbackTitle
	}
	w.out = newOutline(doc.Title)
	w.blocks(root)
	w.flushList()
	doc.Sections = w.out.sections()
	return doc, nil
}

// textReader wraps src for goldmark.
func textReader(src []byte) text.Reader { return text.NewReader(src) }

// mdWriter turns goldmark's tree into outline headings and blocks.
type mdWriter struct {
	src []byte
	out *outline
	// list is the open list block: lists that follow each other with no
	// blank line between them ("* a" then "1. b") read as one block.
	list    string
	listEnd int
	// glued is set right after a link is written.
	glued bool
}

// firstH1 is the text of the first level-1 heading of the document.
func (w *mdWriter) firstH1(root ast.Node) string {
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			if t := w.inline(h); t != "" {
				return t
			}
		}
	}
	return ""
}

// blocks writes the block children of n in order.
func (w *mdWriter) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c)
	}
}

// block writes one block node.
func (w *mdWriter) block(n ast.Node) {
	if l, ok := n.(*ast.List); ok {
		w.listBlock(l)
		return
	}
	w.flushList()
	switch n := n.(type) {
	case *ast.Heading:
		if _, top := n.Parent().(*ast.Document); top {
			w.out.heading(n.Level, w.inline(n))
		} else {
			w.out.block(w.inline(n))
		}
	case *ast.Paragraph, *ast.TextBlock:
		if t, ok := w.pipeTable(n); ok {
			w.out.block(t)
			return
		}
		w.out.block(w.inline(n))
	case *ast.Blockquote:
		w.blocks(n)
	case *ast.FencedCodeBlock:
		w.out.block(w.fenced(n))
	case *ast.CodeBlock, *ast.HTMLBlock:
		// Indented lines and raw HTML are text to quote, not markup.
		w.out.block(collapse(string(w.lines(n))))
	case *ast.ThematicBreak:
	default:
		w.blocks(n)
	}
}

// listBlock writes a list. A tight list is one block of lines; a loose
// one (blank lines between items) is a block per item, as the paragraphs
// they read as.
func (w *mdWriter) listBlock(l *ast.List) {
	start, end := w.span(l)
	if !l.IsTight {
		w.flushList()
		for item := l.FirstChild(); item != nil; item = item.NextSibling() {
			w.looseItem(item)
		}
		return
	}
	lines := strings.Join(w.items(l, 0), "\n")
	if w.list != "" && !blankBetween(w.src, w.listEnd, start) {
		w.list += "\n" + lines
	} else {
		w.flushList()
		w.list = lines
	}
	w.listEnd = end
}

// flushList writes the open list block.
func (w *mdWriter) flushList() {
	if w.list != "" {
		w.out.block(w.list)
		w.list = ""
	}
}

// items renders a tight list's items as lines, nested lists indented.
func (w *mdWriter) items(l *ast.List, depth int) []string {
	var lines []string
	indent := strings.Repeat("  ", min(depth, 4))
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		var words []string
		var nested []string
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				nested = append(nested, w.items(c, depth+1)...)
			case *ast.FencedCodeBlock:
				words = append(words, collapse(w.fenced(c)))
			default:
				if t := w.inline(c); t != "" {
					words = append(words, t)
				} else if t := collapse(string(w.lines(c))); t != "" {
					words = append(words, t)
				}
			}
		}
		lines = append(lines, strings.TrimRight(indent+w.marker(item, l)+" "+strings.Join(words, " "), " "))
		lines = append(lines, nested...)
	}
	return lines
}

// looseItem writes an item of a loose list: its first paragraph with the
// marker, then its other blocks.
func (w *mdWriter) looseItem(item ast.Node) {
	first := true
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok && first {
			w.out.block(w.marker(item, item.Parent().(*ast.List)) + " " + w.inline(p))
			first = false
			continue
		}
		first = false
		w.block(c)
		w.flushList()
	}
	if first {
		w.out.block(w.marker(item, item.Parent().(*ast.List)))
	}
}

// marker is an item's marker as written: "-" for any bullet, the number
// as given ("1." or "1)") for an ordered item.
func (w *mdWriter) marker(item ast.Node, l *ast.List) string {
	if !l.IsOrdered() {
		return "-"
	}
	if start, _ := w.span(item); start >= 0 {
		ls := bytes.LastIndexByte(w.src[:start], '\n') + 1
		if m := listMarkerRe.FindSubmatch(w.src[ls:start]); m != nil {
			return string(m[1])
		}
	}
	// An empty item has no lines: its marker is on the first marker line
	// after the text before it.
	from := w.endBefore(item)
	for _, line := range bytes.SplitAfter(w.src[from:], []byte("\n")) {
		if m := listMarkerRe.FindSubmatch(line); m != nil {
			return string(m[1])
		}
	}
	return "1" + string(l.Marker)
}

// endBefore is the end of the source text of the nearest node before n
// (a previous sibling of n or of one of its ancestors), 0 when none.
func (w *mdWriter) endBefore(n ast.Node) int {
	for a := n; a != nil; a = a.Parent() {
		for p := a.PreviousSibling(); p != nil; p = p.PreviousSibling() {
			if _, end := w.span(p); end >= 0 {
				return end
			}
		}
	}
	return 0
}

// inline renders the inline content of n as plain text.
func (w *mdWriter) inline(n ast.Node) string {
	var b strings.Builder
	w.inlineTo(&b, n)
	return collapse(b.String())
}

func (w *mdWriter) inlineTo(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			// A link glued to a word ("see<https://x.eu>") stays apart
			// from it, so that no word is lost in a longer one.
			padWord(b)
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(w.src)
			if !c.IsRaw() {
				v = resolveText(v)
			}
			if w.glued && startsWord(v) {
				b.WriteByte(' ')
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					b.Write(tt.Segment.Value(w.src))
				}
			}
		case *ast.Link:
			w.linkTo(b, c, string(c.Destination))
		case *ast.Image:
			w.linkTo(b, c, string(c.Destination))
		case *ast.AutoLink:
			b.Write(c.Label(w.src))
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				s := c.Segments.At(i)
				b.Write(s.Value(w.src))
			}
		default:
			w.inlineTo(b, c)
		}
		switch c.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			w.glued = true
		default:
			w.glued = false
		}
	}
}

// padWord writes a space when b ends in a letter or digit.
func padWord(b *strings.Builder) {
	r, _ := utf8.DecodeLastRuneInString(b.String())
	if isWordRune(r) {
		b.WriteByte(' ')
	}
}

// startsWord reports whether v starts with a letter or digit.
func startsWord(v []byte) bool {
	r, _ := utf8.DecodeRune(v)
	return isWordRune(r)
}

// linkTo writes a link as "text (destination)", or the destination alone
// when the link has no text.
func (w *mdWriter) linkTo(b *strings.Builder, n ast.Node, dest string) {
	var inner strings.Builder
	w.inlineTo(&inner, n)
	label := collapse(inner.String())
	dest = string(resolveText([]byte(dest)))
	switch {
	case label == "":
		b.WriteString(dest)
	case dest == "" || dest == label:
		b.WriteString(label)
	default:
		b.WriteString(label + " (" + dest + ")")
	}
}

// resolveText applies backslash escapes and character references.
func resolveText(v []byte) []byte {
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	return v
}

// fenced is a fenced code block as written, fences included.
func (w *mdWriter) fenced(n *ast.FencedCodeBlock) string {
	var open int
	switch {
	case n.Info != nil:
		open = n.Info.Segment.Start
	case n.Lines().Len() > 0:
		open = n.Lines().At(0).Start - 1
	default:
		return ""
	}
	if open < 0 {
		open = 0
	}
	lineStart := bytes.LastIndexByte(w.src[:open], '\n') + 1
	fenceLine := w.src[lineStart:]
	if i := bytes.IndexByte(fenceLine, '\n'); i >= 0 {
		fenceLine = fenceLine[:i]
	}
	fence := strings.TrimSpace(string(fenceLine))
	char := fence[:1]
	run := len(fence) - len(strings.TrimLeft(fence, char))
	lines := []string{strings.TrimRight(string(fenceLine), " \t")}
	end := lineStart + len(fenceLine)
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		lines = append(lines, strings.TrimRight(string(s.Value(w.src)), " \t\n"))
		end = s.Stop
	}
	// The closing fence, when there is one, is the next line.
	rest := w.src[min(end, len(w.src)):]
	if n.Lines().Len() == 0 {
		rest = w.src[min(lineStart+len(fenceLine)+1, len(w.src)):]
	}
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if c := strings.TrimSpace(string(rest)); strings.HasPrefix(c, strings.Repeat(char, run)) && strings.Trim(c, char) == "" {
		lines = append(lines, strings.TrimRight(string(rest), " \t"))
	}
	return strings.Join(lines, "\n")
}

// pipeTable renders a paragraph whose every line starts with "|" (a
// table) line by line, cells as written, emphasis and links cleaned.
func (w *mdWriter) pipeTable(n ast.Node) (string, bool) {
	l := n.Lines()
	if l.Len() == 0 {
		return "", false
	}
	rows := make([]string, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		line := strings.TrimSpace(string(seg.Value(w.src)))
		if !strings.HasPrefix(line, "|") {
			return "", false
		}
		rows = append(rows, cleanInline(line))
	}
	return strings.Join(rows, "\n"), true
}

// lines is the raw text of a block's lines.
func (w *mdWriter) lines(n ast.Node) []byte {
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b = append(b, s.Value(w.src)...)
	}
	return b
}

// span is the source range covered by n's lines and its descendants'
// (-1, -1 when none).
func (w *mdWriter) span(n ast.Node) (int, int) {
	start, end := -1, -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if l := c.Lines(); l.Len() > 0 {
			if s := l.At(0).Start; start < 0 || s < start {
				start = s
			}
			if e := l.At(l.Len() - 1).Stop; e > end {
				end = e
			}
		}
		return ast.WalkContinue, nil
	})
	return start, end
}

// blankBetween reports whether a blank line separates offsets a and b.
func blankBetween(src []byte, a, b int) bool {
	if a < 0 || b < 0 || a >= b {
		return false
	}
	gap := src[a:b]
	for _, l := range bytes.Split(gap, []byte("\n"))[1:] {
		if len(bytes.TrimSpace(l)) == 0 && len(l) < len(gap) {
			return true
		}
	}
	return false
}
