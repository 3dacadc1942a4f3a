package pdftext

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chunk is a run of glyphs on one baseline with no wide gap: a line of one
// column, or a piece of one (a label, a cell).
type chunk struct {
	page         int
	x0, x1, y    float64
	size         float64 // font size of its first full-size glyph
	text         string
	bold, italic bool
	letters      int // letters counted for bold/italic
	boldN, italN int
	artifact     bool
}

// Layout constants, in units of the font size.
const (
	spaceGap     = 0.12 // a gap wider than this between glyphs is a space
	chunkGap     = 2.5  // a gap wider than this splits a chunk (a gutter, a tab)
	sameLine     = 0.35 // baselines closer than this are one line
	superscript  = 0.85 // glyphs smaller than this × the line's size may be raised
	paraGap      = 1.6  // a line spacing more than this × the font size starts a paragraph
	furnitureTop = 0.10 // the top and bottom tenths of a page hold running heads
)

// chunks cuts a page's glyphs into chunks, in content order.
func chunks(p page) []chunk {
	var out []chunk
	var cur *chunk
	var b strings.Builder
	flush := func() {
		if cur != nil {
			cur.text = strings.TrimSpace(b.String())
			if cur.text != "" {
				out = append(out, *cur)
			}
		}
		cur = nil
		b.Reset()
	}
	for _, g := range p.glyphs {
		if g.size <= 0 {
			continue
		}
		raisedGlyph := false
		if cur != nil {
			dy := g.y - cur.y
			gap := g.x - cur.x1
			raised := g.size < superscript*cur.size && dy > -0.3*cur.size && dy < 0.9*cur.size
			switch {
			case raised && gap < chunkGap*cur.size && gap > -0.5*cur.size:
				// a superscript (footnote mark) or subscript: part of the line
				raisedGlyph = true
			case g.artifact != cur.artifact, math.Abs(dy) > sameLine*cur.size, gap > chunkGap*cur.size, gap < -0.5*cur.size:
				flush()
			}
		}
		if cur == nil {
			if strings.TrimSpace(g.text) == "" {
				continue
			}
			cur = &chunk{page: p.n, x0: g.x, x1: g.x, y: g.y, size: g.size, artifact: g.artifact}
		}
		if g.x-cur.x1 > spaceGap*cur.size && !strings.HasSuffix(b.String(), " ") && g.text != " " {
			b.WriteByte(' ')
		}
		b.WriteString(g.text)
		cur.x1 = math.Max(cur.x1, g.x+g.w)
		if !raisedGlyph && strings.TrimSpace(g.text) != "" {
			cur.size = math.Max(cur.size, g.size)
		}
		for _, r := range g.text {
			if unicode.IsLetter(r) {
				cur.letters++
				if g.bold {
					cur.boldN++
				}
				if g.italic {
					cur.italN++
				}
			}
		}
	}
	flush()
	for i := range out {
		c := &out[i]
		c.text = spaceRe.ReplaceAllString(c.text, " ")
		c.bold = c.letters > 0 && c.boldN*2 > c.letters
		c.italic = c.letters > 0 && c.italN*2 > c.letters
	}
	return out
}

var spaceRe = regexp.MustCompile(`[ \t\x{00A0}]+`)

// furnitureKey normalises a chunk's text for counting repeats across
// pages: digits become #, case and spaces are ignored.
func furnitureKey(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('#')
		case unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pageNumberRe matches a page number as printed: "12", "3/69", "Page 2 of 5", "- 4 -".
var pageNumberRe = regexp.MustCompile(`(?i)^[-–]?\s*((page|sida|seite|página|pagina|strona|sivu|side)\s+)?\d{1,4}(\s*(/|of|av|von|de|di|z|van)\s*\d{1,4})?\s*[-–]?$`)

// inBand reports whether a chunk lies in the top or bottom band of its page.
func inBand(c chunk, p page) bool {
	return c.y > p.height*(1-furnitureTop) || c.y < p.height*furnitureTop
}

// dropFurniture removes running headers, footers and page numbers: chunks
// in the top or bottom band of a page that are page numbers, or whose
// text (digits aside) comes back on at least a third of the pages (and
// on two at least). It returns the kept chunks per page and the texts
// dropped, for the metadata they carry (an ELI in the footer).
func dropFurniture(pages []page, perPage [][]chunk) (kept [][]chunk, dropped []string) {
	count := make(map[string]int)
	for i, cs := range perPage {
		seen := make(map[string]bool)
		for _, c := range cs {
			if inBand(c, pages[i]) && !c.artifact {
				if k := furnitureKey(c.text); !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
	}
	need := max(2, (len(pages)+2)/3)
	kept = make([][]chunk, len(perPage))
	for i, cs := range perPage {
		for _, c := range cs {
			if c.artifact || inBand(c, pages[i]) && (pageNumberRe.MatchString(c.text) || count[furnitureKey(c.text)] >= need) {
				dropped = append(dropped, c.text)
				continue
			}
			kept[i] = append(kept[i], c)
		}
	}
	return kept, dropped
}

// line is one line of text in reading order.
type line struct {
	page         int
	x0, x1, y    float64
	size         float64
	text         string
	bold, italic bool
	column       int // 0 for full width, 1 left, 2 right
}

// gutterSteps is how many places between 30 % and 70 % of the page width
// gutter tries.
const gutterSteps = 120

// gutter finds the x of the gap between two columns on a page, or 0 when
// the page is one column: the x between 30 % and 70 % of the width that
// the fewest chunks cross, with at least three chunks on each side and at
// most a third of them crossing it.
func gutter(cs []chunk, width float64) float64 {
	if len(cs) < 8 {
		return 0
	}
	best, bestCross, bestSide := 0.0, len(cs)+1, 0
	for step := 0; step <= gutterSteps; step++ {
		x := width * (0.3 + 0.4*float64(step)/gutterSteps)
		cross, left, right := 0, 0, 0
		for _, c := range cs {
			switch {
			case c.x1 <= x:
				left++
			case c.x0 >= x:
				right++
			default:
				cross++
			}
		}
		side := min(left, right)
		if cross < bestCross || (cross == bestCross && side > bestSide) {
			best, bestCross, bestSide = x, cross, side
		}
	}
	if bestSide < 3 || bestCross*3 > len(cs) || !fullLines(cs, best) {
		return 0
	}
	return best
}

// fullLines reports whether the chunks left of x read as a column of
// text: at least 20 % of them run to within 15 % of the column's width
// from its right edge, as set lines do (headings and paragraph ends are
// short). The cells of a table (a correlation table in an annex: at most
// 17 % on the fixtures) are ragged, and a table is read row by row.
func fullLines(cs []chunk, x float64) bool {
	left, right := math.Inf(1), 0.0
	var lefts []chunk
	for _, c := range cs {
		if c.x1 <= x {
			lefts = append(lefts, c)
			left, right = math.Min(left, c.x0), math.Max(right, c.x1)
		}
	}
	full := 0
	for _, c := range lefts {
		if right-c.x1 <= 0.15*(right-left) {
			full++
		}
	}
	return full*5 >= len(lefts)
}

// readingOrder turns a page's chunks into lines: top to bottom, and on a
// two-column page the left column of each band before its right column.
// A chunk that crosses the gutter (a title spanning both columns) closes
// the band above it.
func readingOrder(cs []chunk, width float64) []line {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].y > cs[j].y })
	gx := gutter(cs, width)
	var out, left, right []chunk
	flushBand := func() {
		out = append(out, left...)
		out = append(out, right...)
		left, right = nil, nil
	}
	for _, c := range cs {
		switch {
		case gx == 0:
			out = append(out, c)
		case c.x1 <= gx:
			left = append(left, c)
		case c.x0 >= gx:
			right = append(right, c)
		default:
			flushBand()
			out = append(out, c)
		}
	}
	flushBand()
	var lines []line
	for i := 0; i < len(out); {
		col := columnOf(out[i], gx)
		j := i + 1
		for j < len(out) && columnOf(out[j], gx) == col && math.Abs(out[j].y-out[i].y) < sameLine*out[i].size {
			j++
		}
		group := out[i:j]
		sort.SliceStable(group, func(a, b int) bool { return group[a].x0 < group[b].x0 })
		lines = append(lines, joinChunks(group, col))
		i = j
	}
	return lines
}

func columnOf(c chunk, gx float64) int {
	switch {
	case gx == 0:
		return 0
	case c.x1 <= gx:
		return 1
	case c.x0 >= gx:
		return 2
	}
	return 0
}

// joinChunks makes one line of the chunks on one baseline of a column.
func joinChunks(group []chunk, col int) line {
	l := line{page: group[0].page, x0: group[0].x0, y: group[0].y, size: group[0].size, column: col}
	var texts []string
	letters, boldN, italN := 0, 0, 0
	for _, c := range group {
		texts = append(texts, c.text)
		l.x1 = math.Max(l.x1, c.x1)
		l.size = math.Max(l.size, c.size)
		letters += c.letters
		boldN += c.boldN
		italN += c.italN
	}
	l.text = strings.Join(texts, " ")
	l.bold = letters > 0 && boldN*2 > letters
	l.italic = letters > 0 && italN*2 > letters
	return l
}

// Paragraph is a run of lines of one style set apart by spacing, with
// line-end hyphenation undone.
type Paragraph struct {
	// Page is the 1-based page the paragraph starts on.
	Page int
	// Text is the paragraph's lines joined by spaces.
	Text string
	// Lines are the paragraph's lines as printed (hyphens kept).
	Lines []string
	// Size is the font size of its first line, in points.
	Size float64
	// Bold and Italic are true when most of its letters are.
	Bold, Italic bool
}

// paragraphs groups lines: a new paragraph starts at a wider line spacing,
// a change of font size or weight (not of slant alone: a title cited in
// italics runs on), a change of column or page when the text before ends a
// sentence, at a line that starts an enumeration ("(a)", "1.", "–"), and
// around an article, division or annex line.
func paragraphs(lines []line) []Paragraph {
	var out []Paragraph
	var cur *Paragraph
	var prev line
	for _, l := range lines {
		if cur != nil && continues(prev, l, cur) {
			cur.Lines = append(cur.Lines, l.text)
			cur.Text = joinLine(cur.Text, l.text)
		} else {
			if cur != nil {
				out = append(out, *cur)
			}
			cur = &Paragraph{Page: l.page, Text: l.text, Lines: []string{l.text}, Size: l.size, Bold: l.bold, Italic: l.italic}
		}
		prev = l
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

var enumStartRe = regexp.MustCompile(`^(\(?[0-9]{1,3}[.)]|\(?[a-z]{1,2}\)|\([ivxlc]+\)|[-–•▪·])\s`)

// continues reports whether line l goes on the paragraph that prev ended.
func continues(prev, l line, cur *Paragraph) bool {
	if l.bold != prev.bold || math.Abs(l.size-prev.size) > 0.1*prev.size || isMarker(prev.text) || isMarker(l.text) {
		return false
	}
	if l.italic != prev.italic && (l.page != prev.page || l.column != prev.column) {
		return false
	}
	if enumStartRe.MatchString(l.text) {
		return false
	}
	if l.page != prev.page || l.column != prev.column {
		// a page or column break: the paragraph goes on when it was cut
		// mid-sentence
		return !endsSentence(cur.Text) && startsLower(l.text)
	}
	gap := prev.y - l.y
	return gap > 0 && gap < paraGap*prev.size
}

// joinLine appends the next line of a paragraph, undoing a hyphenation at
// the line end: "vidarebosätt-" + "ningsprogram" is one word, but a hyphen
// after a capital or digit ("EU-" + "medborgare"), before a capital, or
// before a conjunction ("hälso- och sjukvård") is a real one.
func joinLine(text, next string) string {
	if text == "" {
		return next
	}
	if strings.HasSuffix(text, "\u00ad") {
		return strings.TrimSuffix(text, "\u00ad") + next
	}
	if !strings.HasSuffix(text, "-") && !strings.HasSuffix(text, "‐") {
		return text + " " + next
	}
	stem := strings.TrimRight(text, "-‐")
	before, _ := utf8.DecodeLastRuneInString(stem)
	after, _ := utf8.DecodeRuneInString(next)
	word := next
	if i := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		word = next[:i]
	}
	lastWord := stem[strings.LastIndexFunc(stem, func(r rune) bool { return !unicode.IsLetter(r) })+1:]
	switch {
	case conjunctions[strings.ToLower(word)]:
		return text + " " + next
	case !unicode.IsLower(before) || !unicode.IsLower(after) || utf8.RuneCountInString(lastWord) < 2:
		return text + next
	}
	return stem + next
}

// conjunctions that follow a suspended compound ("hälso- och sjukvård",
// "Asyl- und Migrationsmanagement"): the hyphen before them stays, with
// a space.
var conjunctions = map[string]bool{
	"och": true, "eller": true, "samt": true, "respektive": true, "resp": true,
	"and": true, "or": true, "und": true, "oder": true, "sowie": true,
	"og": true, "en": true, "of": true, "ja": true, "tai": true,
	"et": true, "ou": true, "e": true, "o": true, "y": true, "i": true, "lub": true, "oraz": true,
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// endsSentence reports whether s ends with terminal punctuation.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, `"')”’`))
	return strings.ContainsRune(".!?:;", r)
}
