package corpus

import "strings"

// htmlBuilder turns tokens into outline headings and blocks.
type htmlBuilder struct {
	out     *outline
	drop    int // depth inside dropped elements
	content int // depth inside article, main, section
	chrome  []string
	inHead  bool
	heading int // rank of the open heading, 0 when none
	text    strings.Builder
	items   []string
	inItem  bool
}

// track follows dropped and content elements; it is all firstHTMLH1 needs.
func (b *htmlBuilder) track(t htmlTok) {
	switch {
	case t.kind == htmlStart && t.name == "head":
		b.inHead = true
	case t.kind == htmlEnd && t.name == "head":
		b.inHead = false
	case t.kind == htmlStart && t.name == "body":
		b.inHead = false
	}
	dropped := droppedTags[t.name] || (pageChrome[t.name] && (b.content == 0 || b.drop > 0))
	switch {
	case t.kind == htmlStart && dropped:
		b.drop++
		b.chrome = append(b.chrome, t.name)
	case t.kind == htmlEnd && b.drop > 0 && len(b.chrome) > 0 && b.chrome[len(b.chrome)-1] == t.name:
		b.drop--
		b.chrome = b.chrome[:len(b.chrome)-1]
	case b.drop == 0 && contentTags[t.name] && t.kind == htmlStart:
		b.content++
	case b.drop == 0 && contentTags[t.name] && t.kind == htmlEnd && b.content > 0:
		b.content--
	}
}

// token consumes one token.
func (b *htmlBuilder) token(t htmlTok) {
	wasDropped := b.drop > 0
	b.track(t)
	if wasDropped || b.drop > 0 || b.inHead {
		return
	}
	switch {
	case t.kind == htmlText:
		b.text.WriteString(t.text)
	case headingRanks[t.name] > 0 && t.kind == htmlStart:
		b.flush()
		b.heading = headingRanks[t.name]
	case headingRanks[t.name] > 0 && t.kind == htmlEnd:
		if b.heading > 0 {
			b.out.heading(b.heading, collapse(b.text.String()))
			b.text.Reset()
			b.heading = 0
		}
	case t.name == "li" && t.kind == htmlStart:
		b.endItem()
		b.flushText()
		b.inItem = true
	case t.name == "li" && t.kind == htmlEnd:
		b.endItem()
	case (t.name == "ul" || t.name == "ol") && t.kind == htmlEnd:
		b.endItem()
		b.flushList()
	case (t.name == "td" || t.name == "th") && t.kind == htmlStart:
		if strings.TrimSpace(b.text.String()) != "" {
			b.text.WriteString(" | ")
		}
	case t.name == "br" || t.name == "td" || t.name == "th":
		b.text.WriteByte(' ')
	case blockTags[t.name] || t.name == "ul" || t.name == "ol":
		if b.heading == 0 && !b.inItem {
			b.flush()
		} else {
			b.text.WriteByte(' ')
		}
	}
}

// endItem closes the open list item.
func (b *htmlBuilder) endItem() {
	if !b.inItem {
		return
	}
	if t := collapse(b.text.String()); t != "" {
		b.items = append(b.items, "- "+t)
	}
	b.text.Reset()
	b.inItem = false
}

// flushText writes the open paragraph.
func (b *htmlBuilder) flushText() {
	if b.heading > 0 {
		return
	}
	b.out.block(collapse(b.text.String()))
	b.text.Reset()
}

// flushList writes the open list.
func (b *htmlBuilder) flushList() {
	if len(b.items) > 0 {
		b.out.block(strings.Join(b.items, "\n"))
		b.items = nil
	}
}

// flush ends every open block.
func (b *htmlBuilder) flush() {
	if b.heading > 0 {
		// A heading left open by the page ends where the next block starts.
		b.out.heading(b.heading, collapse(b.text.String()))
		b.text.Reset()
		b.heading = 0
	}
	b.endItem()
	b.flushList()
	b.flushText()
}
