package index

// The chunker as it was before it was made linear (quadratic on one large
// section), kept to check that the linear one gives the same passages
// (TestChunkMatchesReference). Only the cost changed; keep this copy as it
// is.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// refChunkText splits one section's text into passage texts.
func refChunkText(text string, target int) []string {
	units := refSplitUnits(text, target)
	total := 0
	for _, u := range units {
		total += u.words
	}
	switch {
	case total == 0:
		return nil
	case total <= target*3/2:
		return []string{refJoinUnits(units)}
	}
	return refPackUnits(units, target)
}

// refPackUnits groups units greedily into passages of about target words, with
// a one-unit overlap between consecutive passages.
func refPackUnits(units []unit, target int) []string {
	var out []string
	overlap := -1
	for start := 0; start < len(units); {
		ovWords := 0
		if overlap >= 0 {
			ovWords = units[overlap].words
		}
		end := refFillEnd(units, start, ovWords, target)
		var parts []unit
		if overlap >= 0 {
			parts = append(parts, units[overlap])
		}
		parts = append(parts, units[start:end]...)
		out = append(out, refJoinUnits(parts))
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

// refFillEnd returns the end (exclusive) of the passage whose new units start
// at start, given ovWords words of overlap already in it.
func refFillEnd(units []unit, start, ovWords, target int) int {
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
			words = ovWords
			for _, u := range units[start:end] {
				words += u.words
			}
		}
	}
	rest := 0
	for _, u := range units[end:] {
		rest += u.words
	}
	if end < len(units) && rest < target/4 && words+rest <= 2*target {
		end = len(units) // fold a small tail into this passage
	}
	return end
}

func refJoinUnits(units []unit) string {
	var b strings.Builder
	for i, u := range units {
		if i > 0 {
			b.WriteString(u.sep)
		}
		b.WriteString(u.text)
	}
	return b.String()
}

// refSplitUnits turns section text into units: paragraphs (blank-line
// separated), list items and lines that look like items, then sentences,
// then pieces of at most target words.
func refSplitUnits(text string, target int) []unit {
	var units []unit
	for pi, para := range refSplitParagraphs(text) {
		for li, line := range refSplitItems(para) {
			for si, sent := range refSplitSentences(line) {
				for ki, piece := range refSplitLong(sent, target) {
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

func refSplitParagraphs(text string) []string {
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

// refSplitItems keeps list items on lines of their own and joins soft-wrapped
// lines of running text.
func refSplitItems(para string) []string {
	var items []string
	for _, line := range strings.Split(para, "\n") {
		line = strings.TrimSpace(line)
		if len(items) == 0 || refIsItemStart(line) {
			items = append(items, line)
			continue
		}
		items[len(items)-1] += " " + line
	}
	return items
}

func refIsItemStart(line string) bool {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "• ") {
		return true
	}
	// "1. ", "(a) ", "(iv) "
	word, _, _ := strings.Cut(line, " ")
	if strings.HasPrefix(word, "(") && strings.HasSuffix(word, ")") && len(word) <= 6 {
		return true
	}
	return len(word) > 1 && strings.HasSuffix(word, ".") && refIsDigits(word[:len(word)-1])
}

// refSplitSentences cuts a line into sentences, returned as word lists.
func refSplitSentences(line string) [][]string {
	words := strings.Fields(line)
	var out [][]string
	start := 0
	for i := 0; i < len(words)-1; i++ {
		if refEndsSentence(words[i], words[i+1]) {
			out = append(out, words[start:i+1])
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, words[start:])
	}
	return out
}

func refEndsSentence(word, next string) bool {
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
		if abbreviations[lower] || refIsDigits(stem) || utf8.RuneCountInString(stem) == 1 {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, `"'‘“([*`))
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// refSplitLong cuts a sentence longer than target words into pieces of at most
// target words, preferring to cut after a clause mark in the second half.
func refSplitLong(words []string, target int) [][]string {
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

func refIsDigits(s string) bool {
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
