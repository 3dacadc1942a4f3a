package corpus

import "strings"

// outline collects headings and text blocks in document order, whatever the
// source format, and turns them into Sections. Headings carry a rank (1 for
// a title, larger for deeper headings, gaps allowed); the Level of a section
// is its depth in the tree, not its rank.
type outline struct {
	title string
	stack []openHeading
	nodes []outlineNode
}

type openHeading struct {
	rank int
	text string
}

type outlineNode struct {
	path   []string
	blocks []string
}

// newOutline starts a tree whose root is the document title: text before
// the first heading belongs to it.
func newOutline(title string) *outline {
	return &outline{
		title: title,
		stack: []openHeading{{rank: 1, text: title}},
		nodes: []outlineNode{{path: []string{title}}},
	}
}

// heading opens a section. A rank-1 heading replaces the root; when it
// repeats the title (Markdown with front matter and a "# Title" line) the
// text before it and after it form one section.
func (o *outline) heading(rank int, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if rank < 1 {
		rank = 1
	}
	for len(o.stack) > 0 && o.stack[len(o.stack)-1].rank >= rank {
		o.stack = o.stack[:len(o.stack)-1]
	}
	o.stack = append(o.stack, openHeading{rank: rank, text: text})
	path := make([]string, len(o.stack))
	for i, h := range o.stack {
		path[i] = h.text
	}
	if last := &o.nodes[len(o.nodes)-1]; len(path) == 1 && len(last.path) == 1 && last.path[0] == path[0] {
		return
	}
	o.nodes = append(o.nodes, outlineNode{path: path})
}

// block adds a paragraph, list or other block of text to the open section.
func (o *outline) block(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	last := &o.nodes[len(o.nodes)-1]
	last.blocks = append(last.blocks, text)
}

// sections returns the finished Sections. A heading with no text of its own
// is left out when sub-sections follow it (its words live on in their
// paths) or when it is the title; a leaf heading with no text is kept so
// that no heading is lost.
func (o *outline) sections() []Section {
	used := make(map[string]bool)
	var out []Section
	for i, n := range o.nodes {
		if len(n.blocks) == 0 {
			hasChild := i+1 < len(o.nodes) && isPrefix(n.path, o.nodes[i+1].path)
			if hasChild || (len(n.path) == 1 && n.path[0] == o.title) {
				continue
			}
		}
		out = append(out, Section{
			Path:    n.path,
			Heading: n.path[len(n.path)-1],
			Anchor:  uniqueAnchor(used, anchorFor(o.title, n.path)),
			Level:   len(n.path),
			Text:    strings.Join(n.blocks, "\n\n"),
		})
	}
	return out
}

// isPrefix reports whether p is a proper prefix of q.
func isPrefix(p, q []string) bool {
	if len(q) <= len(p) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}
