package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"pactbot/corpus"
)

// DefaultPassageWords is the target passage size when Options leaves it zero.
const DefaultPassageWords = 120

// Separators placed before a unit when passage text is rebuilt from units.
const (
	sepParagraph = "\n\n"
	sepLine      = "\n"
	sepSentence  = " "
)

// unit is the smallest piece the chunker moves around: a sentence, a list
// item, or a slice of an overlong sentence.
type unit struct {
	text  string
	words int
	// sep goes before the unit when it follows another one in a passage.
	sep string
}

// abbreviations end with a period without ending a sentence. Lower case,
// without the final period.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "no": true, "nos": true, "art": true,
	"arts": true, "para": true, "paras": true, "cf": true, "mr": true, "mrs": true,
	"ms": true, "dr": true, "vs": true, "oj": true, "p": true, "pp": true,
	"vol": true, "approx": true, "fig": true, "st": true,
}

// Chunk splits every section of doc into passages of about passageWords
// words (DefaultPassageWords when zero or negative). A passage never crosses
// a section. A section of up to 1.5× the target is one passage; a longer one
// is cut at paragraph boundaries where that keeps passages at least half the
// target, otherwise at sentence boundaries, and each passage after the first
// repeats the previous passage's last sentence. No passage exceeds twice the
// target: sentences longer than the target are cut at clause or word
// boundaries. Sections without text give no passage.
func Chunk(doc corpus.Document, passageWords int) []Passage {
	if passageWords <= 0 {
		passageWords = DefaultPassageWords
	}
	var out []Passage
	for _, sec := range doc.Sections {
		for pos, text := range chunkText(sec.Text, passageWords) {
			out = append(out, Passage{
				ID:       fmt.Sprintf("%s#%s/%d", doc.ID, sec.Anchor, pos),
				DocID:    doc.ID,
				Title:    doc.Title,
				Section:  sec.Heading,
				Path:     append([]string(nil), sec.Path...),
				Anchor:   sec.Anchor,
				URL:      doc.URL,
				Position: pos,
				Text:     text,
				Language: normLanguage(doc.Language),
			})
		}
	}
	return out
}

// chunkText splits one section's text into passage texts.
func chunkText(text string, target int) []string {
	units := splitUnits(text, target)
	total := 0
	for _, u := range units {
		total += u.words
	}
	switch {
	case total == 0:
		return nil
	case total <= target*3/2:
		return []string{joinUnits(units)}
	}
	return packUnits(units, target)
}

// packUnits groups units greedily into passages of about target words, with
// a one-unit overlap between consecutive passages. It takes time linear in
// the number of units: each passage looks only at its own units and at the
// precomputed word count of the rest.
func packUnits(units []unit, target int) []string {
	// after[i] is the number of words in units[i:].
	after := make([]int, len(units)+1)
	for i := len(units) - 1; i >= 0; i-- {
		after[i] = after[i+1] + units[i].words
	}
	var out []string
	overlap := -1
	parts := make([]unit, 0, 16)
	for start := 0; start < len(units); {
		ovWords := 0
		if overlap >= 0 {
			ovWords = units[overlap].words
		}
		end := fillEnd(units, after, start, ovWords, target)
		parts = parts[:0]
		if overlap >= 0 {
			parts = append(parts, units[overlap])
		}
		parts = append(parts, units[start:end]...)
		out = append(out, joinUnits(parts))
		if end >= len(units) {
			break
		}
		// Repeat the last sentence unless it is long or was the whole
		// passage (the next passage would then contain this one).
		overlap = -1
		if last := end - 1; units[last].words <= target/2 && len(parts) > 1 {
			overlap = last
		}
		start = end
	}
	return out
}

// fillEnd returns the end (exclusive) of the passage whose new units start
// at start, given ovWords words of overlap already in it; after[i] is the
// number of words in units[i:].
func fillEnd(units []unit, after []int, start, ovWords, target int) int {
	words := ovWords + units[start].words
	end := start + 1
	// Fill up to the target; a passage under half the target may grow to
	// twice it rather than be left nearly empty.
	for end < len(units) && (words+units[end].words <= target ||
		words < target/2 && words+units[end].words <= 2*target) {
		words += units[end].words
		end++
	}
	if end < len(units) {
		// Prefer the last paragraph boundary that keeps the passage at least
		// half full.
		w := ovWords
		best := -1
		for j := start; j < end; j++ {
			if j > start && units[j].sep == sepParagraph && w >= target/2 {
				best = j
			}
			w += units[j].words
		}
		if best > 0 {
			end = best
			words = ovWords + after[start] - after[end]
		}
	}
	if rest := after[end]; end < len(units) && rest < target/4 && words+rest <= 2*target {
		end = len(units) // fold a small tail into this passage
	}
	return end
}

func joinUnits(units []unit) string {
	var b strings.Builder
	for i, u := range units {
		if i > 0 {
			b.WriteString(u.sep)
		}
		b.WriteString(u.text)
	}
	return b.String()
}

// splitUnits turns section text into units: paragraphs (blank-line
// separated), list items and lines that look like items, then sentences,
// then pieces of at most target words.
func splitUnits(text string, target int) []unit {
	var units []unit
	for pi, para := range splitParagraphs(text) {
		for li, line := range splitItems(para) {
			for si, sent := range splitSentences(line) {
				for ki, piece := range splitLong(sent, target) {
					sep := sepSentence
					switch {
					case pi > 0 && li == 0 && si == 0 && ki == 0:
						sep = sepParagraph
					case li > 0 && si == 0 && ki == 0:
						sep = sepLine
					}
					units = append(units, unit{text: strings.Join(piece, " "), words: len(piece), sep: sep})
				}
			}
		}
	}
	return units
}

func splitParagraphs(text string) []string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return paras
}

// splitItems keeps list items on lines of their own and joins soft-wrapped
// lines of running text (each item joined once, so a paragraph of many
// wrapped lines costs time linear in its length).
func splitItems(para string) []string {
	var items []string
	var cur []string
	for _, line := range strings.Split(para, "\n") {
		line = strings.TrimSpace(line)
		if len(cur) > 0 && isItemStart(line) {
			items = append(items, strings.Join(cur, " "))
			cur = cur[:0]
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		items = append(items, strings.Join(cur, " "))
	}
	return items
}

func isItemStart(line string) bool {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "• ") {
		return true
	}
	// "1. ", "(a) ", "(iv) "
	word, _, _ := strings.Cut(line, " ")
	if strings.HasPrefix(word, "(") && strings.HasSuffix(word, ")") && len(word) <= 6 {
		return true
	}
	return len(word) > 1 && strings.HasSuffix(word, ".") && isDigits(word[:len(word)-1])
}

// splitSentences cuts a line into sentences, returned as word lists.
func splitSentences(line string) [][]string {
	words := strings.Fields(line)
	var out [][]string
	start := 0
	for i := 0; i < len(words)-1; i++ {
		if endsSentence(words[i], words[i+1]) {
			out = append(out, words[start:i+1])
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, words[start:])
	}
	return out
}

func endsSentence(word, next string) bool {
	core := strings.TrimRight(word, `"'’”)]*`)
	if core == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(core)
	if last != '.' && last != '!' && last != '?' {
		return false
	}
	stem := strings.TrimLeft(strings.TrimRight(core, ".!?"), `"'‘“([*`)
	if last == '.' {
		lower := strings.ToLower(stem)
		if abbreviations[lower] || isDigits(stem) || utf8.RuneCountInString(stem) == 1 {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, `"'‘“([*`))
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// splitLong cuts a sentence longer than target words into pieces of at most
// target words, preferring to cut after a clause mark in the second half.
func splitLong(words []string, target int) [][]string {
	var out [][]string
	for len(words) > target {
		cut := target
		for j := target; j > target/2; j-- {
			if strings.HasSuffix(words[j-1], ";") || strings.HasSuffix(words[j-1], ",") || strings.HasSuffix(words[j-1], ":") {
				cut = j
				break
			}
		}
		out = append(out, words[:cut])
		words = words[cut:]
	}
	if len(words) > 0 {
		out = append(out, words)
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
