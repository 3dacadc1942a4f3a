package corpus

import (
	"regexp"
	"strings"
)

// Markdown reading: YAML front matter, then a body whose ATX headings ("#"
// to "######") build the heading tree. Setext headings are not recognised
// (a "---" line is a thematic break). Fenced code blocks are kept verbatim,
// fences included, and never hold headings.

var (
	atxRe       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	fenceRe     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	listItemRe  = regexp.MustCompile(`^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$`)
	thematicRe  = regexp.MustCompile(`^ {0,3}((\* *){3,}|(- *){3,}|(_ *){3,})$`)
	quoteRe     = regexp.MustCompile(`^ {0,3}> ?`)
	tableLineRe = regexp.MustCompile(`^ {0,3}\|`)
)

// readMarkdown reads a Markdown document with optional front matter; the
// title is the front matter's, else the first "# " heading's, else
// fallbackTitle.
func readMarkdown(text, fallbackTitle string) (Document, error) {
	var doc Document
	fm, body, err := splitFrontMatter(text)
	if err != nil {
		return doc, err
	}
	if err := applyFrontMatter(fm, &doc); err != nil {
		return doc, err
	}
	lines := strings.Split(body, "\n")
	if doc.Title == "" {
		doc.Title = firstH1(lines)
	}
	if doc.Title == "" {
		doc.Title = fallbackTitle
	}
	o := newOutline(doc.Title)
	p := mdParser{out: o}
	for _, l := range lines {
		p.line(strings.TrimRight(l, " \t\r"))
	}
	p.flush()
	doc.Sections = o.sections()
	return doc, nil
}

// firstH1 returns the text of the first level-1 heading outside code fences.
func firstH1(lines []string) string {
	var fence string
	for _, l := range lines {
		if fence != "" {
			if isFenceClose(l, fence) {
				fence = ""
			}
			continue
		}
		if m := fenceRe.FindStringSubmatch(l); m != nil {
			fence = m[1]
			continue
		}
		if m := atxRe.FindStringSubmatch(l); m != nil && len(m[1]) == 1 {
			if t := cleanInline(m[2]); t != "" {
				return t
			}
		}
	}
	return ""
}

// isFenceClose reports whether l closes a code block opened by fence.
func isFenceClose(l, fence string) bool {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 || !strings.HasPrefix(t, fence[:1]) {
		return false
	}
	run := len(t) - len(strings.TrimLeft(t, fence[:1]))
	return run >= len(fence) && strings.TrimSpace(t[run:]) == ""
}

// mdParser turns body lines into outline headings and blocks.
type mdParser struct {
	out   *outline
	fence string   // the open code fence, "" outside code
	code  []string // lines of the open code block
	para  []string // lines of the open paragraph
	items []string // items of the open list, already rendered as "- item"
	table []string // lines of the open table
}

// line consumes one body line.
func (p *mdParser) line(l string) {
	if p.fence != "" {
		p.code = append(p.code, l)
		if isFenceClose(l, p.fence) {
			p.out.block(strings.Join(p.code, "\n"))
			p.fence, p.code = "", nil
		}
		return
	}
	switch {
	case strings.TrimSpace(l) == "":
		p.flush()
	case fenceRe.MatchString(l):
		p.flush()
		p.fence = fenceRe.FindStringSubmatch(l)[1]
		p.code = []string{l}
	case atxRe.MatchString(l):
		p.flush()
		m := atxRe.FindStringSubmatch(l)
		p.out.heading(len(m[1]), cleanInline(m[2]))
	case thematicRe.MatchString(l):
		p.flush()
	case tableLineRe.MatchString(l):
		p.flushPara()
		p.flushList()
		p.table = append(p.table, cleanInline(l))
	default:
		p.text(l)
	}
}

// text handles a line that is part of a paragraph, list or quote.
func (p *mdParser) text(l string) {
	l = quoteRe.ReplaceAllString(l, "")
	if m := listItemRe.FindStringSubmatch(l); m != nil && (m[3] != "" || len(p.items) > 0) {
		p.flushPara()
		p.flushTable()
		indent := strings.Repeat("  ", min(len(m[1])/2, 4))
		marker := "-"
		if m[2][0] >= '0' && m[2][0] <= '9' {
			marker = m[2]
		}
		p.items = append(p.items, indent+marker+" "+cleanInline(m[3]))
		return
	}
	if len(p.items) > 0 {
		// A continuation (indented or lazy) of the last item.
		last := &p.items[len(p.items)-1]
		*last = strings.TrimRight(*last+" "+cleanInline(l), " ")
		return
	}
	p.flushTable()
	p.para = append(p.para, l)
}

// flush ends every open block.
func (p *mdParser) flush() {
	if p.fence != "" {
		// An unclosed fence runs to the end of the document.
		p.out.block(strings.Join(p.code, "\n"))
		p.fence, p.code = "", nil
	}
	p.flushPara()
	p.flushList()
	p.flushTable()
}

func (p *mdParser) flushPara() {
	if len(p.para) > 0 {
		p.out.block(cleanInline(strings.Join(p.para, " ")))
		p.para = nil
	}
}

func (p *mdParser) flushList() {
	if len(p.items) > 0 {
		p.out.block(strings.Join(p.items, "\n"))
		p.items = nil
	}
}

func (p *mdParser) flushTable() {
	if len(p.table) > 0 {
		p.out.block(strings.Join(p.table, "\n"))
		p.table = nil
	}
}
