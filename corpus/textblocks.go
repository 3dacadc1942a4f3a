package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	bulletRe        = regexp.MustCompile(`^\s*[-•*–·▪◦●■]\s+`)
	enumRe          = regexp.MustCompile(`^\s*(\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivxlc]+\))\s+`)
	numberingRe     = regexp.MustCompile(`^(?:(\d{1,2}(?:\.\d{1,2})*)\.?|[IVXLC]{1,6}\.)\s+`)
	sentenceBreakRe = regexp.MustCompile(`\p{Ll}[.!?]\s+\p{Lu}\p{Ll}`)
	pageNumberRe    = regexp.MustCompile(`(?i)^(page\s+)?\d+(\s*(of|/)\s*\d+)?$`)
)

func isBullet(l string) bool { return bulletRe.MatchString(l) }

// textWriter renders body blocks into the outline, joining a paragraph
// broken by layout and collecting the items of a list announced by ":".
type textWriter struct {
	out     *outline
	pending string   // the last paragraph, not yet written
	items   []string // items of a ":" list, rendered "- item"
	colon   bool     // the last body text ended in ":"
}

// body writes one non-heading block.
func (w *textWriter) body(b textBlock) {
	if len(w.items) > 0 {
		w.out.block(strings.Join(w.items, "\n"))
		w.items = nil
	}
	if w.pending != "" && startsLower(b.text) && !endsSentence(w.pending) && !isBullet(b.lines[0]) {
		w.pending += " " + b.text
		w.colon = strings.HasSuffix(w.pending, ":")
		return
	}
	w.flushPending()
	for _, part := range renderBlock(b.lines) {
		w.out.block(w.pending)
		w.pending = part
	}
	w.colon = strings.HasSuffix(w.pending, ":")
}

// item adds one item to the list announced by the pending paragraph.
func (w *textWriter) item(t string) {
	w.flushPending()
	w.items = append(w.items, "- "+t)
}

// flush writes whatever is pending; a heading comes next.
func (w *textWriter) flush() {
	w.flushPending()
	if len(w.items) > 0 {
		w.out.block(strings.Join(w.items, "\n"))
		w.items = nil
	}
	w.colon = false
}

func (w *textWriter) flushPending() {
	w.out.block(w.pending)
	w.pending = ""
}

// renderBlock splits a block's lines into paragraphs and lists: bullet
// lines become "- item", enumerated lines ("(a) …") keep their breaks when
// there are two or more, and other lines join into one paragraph.
func renderBlock(lines []string) []string {
	enumerated := 0
	for _, l := range lines {
		if enumRe.MatchString(l) {
			enumerated++
		}
	}
	var parts []string
	var cur []string
	inList := false
	end := func() {
		if len(cur) == 0 {
			return
		}
		if inList {
			parts = append(parts, strings.Join(cur, "\n"))
		} else {
			parts = append(parts, cleanInline(strings.Join(cur, " ")))
		}
		cur = nil
	}
	for _, l := range lines {
		bullet, enum := isBullet(l), enumerated >= 2 && enumRe.MatchString(l)
		switch {
		case bullet || enum:
			if !inList {
				end()
				inList = true
			}
			item := cleanInline(l)
			if bullet {
				item = "- " + cleanInline(bulletRe.ReplaceAllString(l, ""))
			}
			cur = append(cur, item)
		case inList:
			cur[len(cur)-1] += " " + cleanInline(l)
		default:
			cur = append(cur, l)
		}
	}
	end()
	return parts
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
