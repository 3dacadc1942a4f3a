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
//   - Page furniture goes: page numbers ("12", "Page 2 of 5") and running
//     headers (a one-line block repeated three times or more that does not
//     end a sentence; a repeated sentence is content and stays).
//   - A heading candidate is a block of one or two lines that reads like a
//     title: at most 100 characters and 14 words, starting with a capital
//     (after optional numbering such as "2.1"), not ending in . , ; : or !,
//     not one sentence ending and another starting, not a dateline.
//   - A candidate is a heading only when body text (a block that is not a
//     candidate) follows it, and when it is not an item of a list announced
//     by a line ending in ":" (it comes right after that line, or more
//     short items follow it). So a run of short lines makes no empty
//     sections.
//   - The first heading is the document title when only datelines precede
//     it; when a run of candidates leads up to it (title, subtitle, first
//     section), the first of the run is the title and the rest is text
//     under it. Other headings are level 2, deeper when numbered "1.1".
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
	blocks := dropFurniture(splitBlocks(text))
	cand, heads := findHeadings(blocks)
	titleAt := findTitle(blocks, cand, heads)
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

// dropFurniture removes page numbers and running headers.
func dropFurniture(blocks []textBlock) []textBlock {
	seen := make(map[string]int)
	for _, b := range blocks {
		seen[b.text]++
	}
	kept := blocks[:0:0]
	for _, b := range blocks {
		if !isFurniture(b, seen) {
			kept = append(kept, b)
		}
	}
	return kept
}

// isFurniture reports whether a block is a page number or a running header;
// seen counts the blocks of the document by text.
func isFurniture(b textBlock, seen map[string]int) bool {
	if pageNumberRe.MatchString(b.text) {
		return true
	}
	return len(b.lines) == 1 && seen[b.text] >= runningHeader && utf8.RuneCountInString(b.text) <= maxHeadingRunes &&
		!carriesContent(b.text)
}

// carriesContent reports whether a repeated line reads as text rather than
// a running header: it ends a sentence or clause ("Deleted.", "The
// applicant shall be informed:"), so its repeats are kept.
func carriesContent(t string) bool {
	last, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?;:", last)
}

// findHeadings marks the heading candidates and, among them, the headings.
func findHeadings(blocks []textBlock) (cand, heads []bool) {
	cand = make([]bool, len(blocks))
	for i, b := range blocks {
		cand[i] = len(b.lines) <= 2 && !isBullet(b.lines[0]) && headingish(b.text)
	}
	heads = make([]bool, len(blocks))
	inList := false // inside a run of short items after a ":" line
	for i, b := range blocks {
		afterColon := i > 0 && strings.HasSuffix(blocks[i-1].text, ":")
		inList = (afterColon || inList) && isShortItem(b)
		listGoesOn := inList && i+1 < len(blocks) && isShortItem(blocks[i+1])
		heads[i] = cand[i] && i+1 < len(blocks) && !cand[i+1] && !afterColon && !listGoesOn
	}
	return cand, heads
}

// findTitle returns the index of the title block, or -1.
func findTitle(blocks []textBlock, cand, heads []bool) int {
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
	if first < 0 || first < lead {
		return -1
	}
	for i := lead; i < first; i++ {
		if !cand[i] {
			return -1
		}
	}
	return lead
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
	if isDateline(t) {
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
