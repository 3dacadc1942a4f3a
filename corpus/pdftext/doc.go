// Package pdftext reads the text of a PDF in reading order, in pure Go
// (CGO_ENABLED=0), and recognises the structure of legal acts as the
// Official Journal of the European Union prints them.
//
// Read places every glyph on its page (its own content-stream interpreter:
// text matrices, CID font widths, word and character spacing, Form
// XObjects), drops running headers, footers and page numbers (marked
// content tagged /Artifact in tagged PDFs, and in any PDF the top and
// bottom bands' texts that recur on a third of the pages or read as a page
// number), keeps footnotes out of the body, orders two-column pages left
// column then right column (a line spanning the gutter closes a band),
// groups lines into paragraphs by spacing and font, and undoes line-end
// hyphenation ("vidarebosätt-" + "ning" is one word; "EU-" + "medborgare",
// "hälso- och sjukvård" keep their hyphens). When the text holds articles
// ("Artikel N" and its heading line, in the document's own language) it
// also returns the act's sections: recitals, articles under their
// chapters and sections (KAPITEL, AVSNITT…), annexes.
//
// # Findings: which PDF library
//
// Measured on the two Official Journal fixtures (OJ L 2024/1358, 69 pages,
// and 2024/1359, Swedish, EU Albertina CID fonts with ToUnicode maps) on
// this 2-core machine, Go 1.26, CGO_ENABLED=0; binary sizes are a
// program that prints the text of a file, against 2.5 MB for one that
// only reads it:
//
//   - github.com/ledongthuc/pdf (BSD-3-Clause, a fork of rsc.io/pdf):
//     builds with CGO_ENABLED=0; binary 3.4 MB (+0.9 MB); 0.11 s for the
//     69 pages. Its GetPlainText keeps content order (good for these
//     tagged files) with åäö right, but glues separate text objects
//     together ("tidningSV L-serien") and cannot tell headers from body;
//     its Content() places glyphs with width 0 for CID (Type0) fonts, so
//     every glyph of a string gets the same x. Its parser (xref tables and
//     streams, filters, RC4/AES-128 decryption, ToUnicode CMaps) is sound.
//   - github.com/klippa-app/go-pdfium, WebAssembly mode (MIT, PDFium
//     BSD-3/Apache-2.0, runs on wazero): builds with CGO_ENABLED=0; binary
//     15.2 MB (+12.7 MB, the embedded 5.8 MB pdfium.wasm); 3.3 s to start
//     an instance (compiling the module), then 0.3 s for the 69 pages. Text
//     quality is the best (PDFium's own extraction, right spaces and
//     diacritics), but the start-up cost is paid by every `pactbot ask`
//     with a PDF corpus, and its structured "rect" mode repeated glyphs
//     ("PAPA", "av av") on these files.
//   - github.com/pdfcpu/pdfcpu (Apache-2.0): builds with CGO_ENABLED=0;
//     binary 14.1 MB (+11.6 MB); 0.1 s; but it has no text extraction:
//     ExtractContent gives the raw content streams, where the CID fonts'
//     text is two-byte codes ("( \( 8 5)Tj"), not words.
//
// Choice: ledongthuc/pdf for parsing, with this package's own
// content-stream interpreter for positions (it adds 0.55 MB to the pactbot
// binary; Read takes 0.15 s for the 69 pages with layout and structure,
// BenchmarkReadOfficialJournal). It is the only candidate that
// is small and fast and exposes what layout needs (the stream operators
// with their operands, fonts, marked content), and PDFium's better raw
// text does not outweigh 3 s of start-up and 13 MB. The two fixtures are
// one-column (the Official Journal's act-by-act layout since October
// 2023); two-column pages (the older layout) are handled and tested with a
// generated fixture.
package pdftext

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// Document is the text of one PDF.
type Document struct {
	// Language is the catalogue's /Lang as a lower-case primary subtag
	// ("sv" for "sv-SE"), "" when the file declares none.
	Language string
	// InfoTitle is the title in the document information, "" when none.
	InfoTitle string
	// ELI is the European Legislation Identifier the running footer names
	// ("http://data.europa.eu/eli/reg/2024/1358/oj"), "" when none.
	ELI string
	// Pages is the number of pages.
	Pages int
	// Paragraphs are the body in reading order, without page furniture and
	// footnotes.
	Paragraphs []Paragraph
	// Footnotes is the number of footnote lines left out of the body.
	Footnotes int
	// Damaged lists the pages whose content could not be read to the end
	// (their text up to the damage is kept), as "page 3: reason".
	Damaged []string
	// Act is true when the text holds articles; then Title, FullTitle,
	// Preamble and Sections are set.
	Act bool
	// Title is the act's designation from the first page, e.g.
	// "EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) 2024/1358".
	Title string
	// FullTitle is the whole title block: designation, date and subject.
	FullTitle string
	// Date is the act's date from its title block in ISO form
	// ("2024-05-14"), "" when it names none in a language known here.
	Date string
	// Preamble is the text between the title and the recitals.
	Preamble []string
	// Sections are the recitals, articles and annexes in order.
	Sections []Section
}

// Read extracts the text of a PDF. Its errors match ErrNotPDF,
// ErrEncrypted, ErrBroken or ErrNoText.
func Read(data []byte) (*Document, error) {
	pages, lang, infoTitle, err := extract(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Language: primaryTag(lang), InfoTitle: strings.TrimSpace(infoTitle), Pages: len(pages)}
	per := make([][]chunk, len(pages))
	for i, p := range pages {
		per[i] = chunks(p)
		if p.damaged != "" {
			doc.Damaged = append(doc.Damaged, fmt.Sprintf("page %d: %s", p.n, p.damaged))
		}
	}
	kept, dropped := dropFurniture(pages, per)
	var lines [][]line
	for i, p := range pages {
		lines = append(lines, readingOrder(kept[i], p.width))
	}
	body := bodySize(lines)
	var all []line
	for _, ls := range lines {
		kept, notes := splitFootnotes(ls, body)
		doc.Footnotes += notes
		all = append(all, kept...)
	}
	doc.Paragraphs = paragraphs(all)
	if len(doc.Paragraphs) == 0 {
		return nil, fmt.Errorf("%w: only page headers and footers", ErrNoText)
	}
	doc.ELI = findELI(dropped)
	doc.Title, doc.FullTitle, doc.Date, doc.Preamble, doc.Sections, doc.Act = journal(doc.Paragraphs)
	return doc, nil
}

// PlainText renders the paragraphs as plain text, one paragraph a line
// with a blank line between them and a form feed at each page break,
// for the plain-text heading inference of one-column documents.
func (d *Document) PlainText() string {
	var b strings.Builder
	page := 0
	for _, p := range d.Paragraphs {
		if page != 0 && p.Page != page {
			b.WriteString("\f")
		}
		page = p.Page
		b.WriteString(p.Text)
		b.WriteString("\n\n")
	}
	return b.String()
}

// IsPDF reports whether err came from this package.
func IsPDF(err error) bool {
	return errors.Is(err, ErrNotPDF) || errors.Is(err, ErrEncrypted) || errors.Is(err, ErrBroken) || errors.Is(err, ErrNoText)
}

func primaryTag(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) < 2 || len(lang) > 3 {
		return ""
	}
	return lang
}

// bodySize is the font size most of the text is set in.
func bodySize(pages [][]line) float64 {
	weight := make(map[float64]int)
	for _, ls := range pages {
		for _, l := range ls {
			weight[float64(int(l.size*10+0.5))/10] += len(l.text)
		}
	}
	var sizes []float64
	for s := range weight {
		sizes = append(sizes, s)
	}
	sort.Float64s(sizes)
	best := 0.0
	for _, s := range sizes {
		if weight[s] > weight[best] {
			best = s
		}
	}
	return best
}

var footnoteRe = regexp.MustCompile(`^(\(\d{1,3}\)|\d{1,3}\)?|\*)\s`)

// splitFootnotes removes a page's footnotes: the lines smaller than the
// body text below the last line of body size, when the first of them
// starts with a note mark ("(1) EUT C 34 …").
func splitFootnotes(ls []line, body float64) (kept []line, notes int) {
	small := func(l line) bool { return l.size < 0.92*body }
	lowest := math.Inf(1)
	for _, l := range ls {
		if !small(l) {
			lowest = math.Min(lowest, l.y)
		}
	}
	first := -1
	for i, l := range ls {
		if small(l) && l.y < lowest && (first < 0 || l.y > ls[first].y) {
			first = i
		}
	}
	if first < 0 || !footnoteRe.MatchString(ls[first].text) {
		return ls, 0
	}
	for _, l := range ls {
		if small(l) && l.y < lowest {
			notes++
			continue
		}
		kept = append(kept, l)
	}
	return kept, notes
}

var eliRe = regexp.MustCompile(`https?://data\.europa\.eu/eli/[a-z_]+/\d{4}/\d+/oj`)

// findELI returns the ELI the running footer names most often.
func findELI(dropped []string) string {
	count := make(map[string]int)
	best := ""
	for _, t := range dropped {
		if m := eliRe.FindString(t); m != "" {
			count[m]++
			if count[m] > count[best] {
				best = m
			}
		}
	}
	return best
}
