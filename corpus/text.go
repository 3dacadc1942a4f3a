package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain-text reading for text extracted from PDFs and web pages, where the
// layout is all that marks a heading. The rules, applied to blocks of lines
// separated by blank lines:
//
//   - A heading candidate is a block of one or two lines that reads like a
//     title: at most 100 characters and 14 words, starting with a capital
//     (after optional numbering such as "2.1"), not ending in . , ; : or !,
//     not one sentence ending and another starting, not a dateline or page
//     number, and not repeated three times or more (a running header).
//   - A candidate is a heading only when body text (a block that is not a
//     candidate) follows it, and when it does not directly follow a line
//     ending in ":" (that line announces a list). So a run of short lines
//     ends in no empty sections.
//   - The first heading is the document title when only datelines precede
//     it; a candidate directly before that first heading is the title
//     instead. Other headings are level 2, deeper when numbered "1.1", "1.1.1".
//   - A run of short single lines after a line ending in ":" is a list.
//   - A block starting in lower case continues the paragraph before it when
//     that one ends without punctuation (a callout or a page break cut it).
//   - Lines starting with a bullet are list items; two or more lines
//     starting with "(a)", "1." … keep their line breaks.
//
// The date comes from a dateline ("March 2024 | #MigrationEU") near the top.

const (
	maxHeadingRunes = 100
	maxHeadingWords = 14
	maxItemRunes    = 120
	runningHeader   = 3
	datelineWindow  = 6
)

// textBlock is a run of non-blank lines.
type textBlock struct {
	lines []string
	text  string // lines joined and cleaned
}

// readText reads plain text; fallbackTitle names the document when the
// text shows no title.
func readText(text, fallbackTitle string) (Document, error) {
	blocks := splitBlocks(text)
	heads := findHeadings(blocks)
	titleAt := findTitle(blocks, heads)
	doc := Document{Title: fallbackTitle}
	if titleAt >= 0 {
		doc.Title = blocks[titleAt].text
	}
	doc.Date = findDate(blocks)
	o := newOutline(doc.Title)
	w := textWriter{out: o}
	for i, b := range blocks {
		switch {
		case i == titleAt:
			w.flush()
			o.heading(1, b.text)
		case heads[i]:
			w.flush()
			o.heading(headingRank(b.text), b.text)
		case w.colon && isShortItem(b):
			w.item(b.text)
		default:
			w.body(b)
		}
	}
	w.flush()
	doc.Sections = o.sections()
	return doc, nil
}

// splitBlocks cuts text into blocks at blank lines; form feeds (PDF page
// breaks) count as blank lines.
func splitBlocks(text string) []textBlock {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n\n").Replace(text)
	var blocks []textBlock
	var cur []string
	end := func() {
		if len(cur) > 0 {
			blocks = append(blocks, textBlock{lines: cur, text: cleanInline(strings.Join(cur, " "))})
			cur = nil
		}
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			end()
			continue
		}
		cur = append(cur, l)
	}
	end()
	return blocks
}

// findHeadings marks the blocks that are headings.
func findHeadings(blocks []textBlock) []bool {
	seen := make(map[string]int)
	for _, b := range blocks {
		seen[b.text]++
	}
	cand := make([]bool, len(blocks))
	for i, b := range blocks {
		cand[i] = len(b.lines) <= 2 && !isBullet(b.lines[0]) && seen[b.text] < runningHeader && headingish(b.text)
	}
	heads := make([]bool, len(blocks))
	for i := range blocks {
		afterColon := i > 0 && strings.HasSuffix(blocks[i-1].text, ":")
		heads[i] = cand[i] && i+1 < len(blocks) && !cand[i+1] && !afterColon
	}
	return heads
}

// findTitle returns the index of the title block, or -1.
func findTitle(blocks []textBlock, heads []bool) int {
	lead := 0
	for lead < len(blocks) && isDateline(blocks[lead].text) {
		lead++
	}
	first := -1
	for i, h := range heads {
		if h {
			first = i
			break
		}
	}
	switch {
	case first < 0:
		return -1
	case first == lead:
		return first
	case first == lead+1 && len(blocks[lead].lines) <= 2 && headingish(blocks[lead].text):
		return lead
	}
	return -1
}

// findDate returns the first date of a dateline among the first blocks, in
// ISO form ("2024-03"), or "".
func findDate(blocks []textBlock) string {
	for i := 0; i < len(blocks) && i < datelineWindow; i++ {
		if isDateline(blocks[i].text) {
			return parseDate(blocks[i].text)
		}
	}
	return ""
}

// headingRank is 2 for a plain heading, deeper for numbered ones:
// "1 Scope" and "1. Scope" are 2, "1.1 Scope" is 3.
func headingRank(t string) int {
	if m := numberingRe.FindStringSubmatch(t); m != nil && m[1] != "" {
		return min(1+strings.Count(m[1], ".")+1, 6)
	}
	return 2
}

// headingish reports whether a line reads like a title.
func headingish(t string) bool {
	n := utf8.RuneCountInString(t)
	if n < 2 || n > maxHeadingRunes || len(strings.Fields(t)) > maxHeadingWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:!", last) || sentenceBreakRe.MatchString(t) {
		return false
	}
	if pageNumberRe.MatchString(t) || isDateline(t) {
		return false
	}
	rest := t
	if m := numberingRe.FindStringSubmatchIndex(t); m != nil {
		rest = t[m[1]:]
	}
	first, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(first)
}

// isShortItem reports whether a block can be one item of a list announced
// by a line ending in ":".
func isShortItem(b textBlock) bool {
	if len(b.lines) != 1 || isBullet(b.lines[0]) || utf8.RuneCountInString(b.text) > maxItemRunes {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(b.text)
	return !strings.ContainsRune(".!?", last)
}
