package pdftext

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

// A tiny PDF writer for the test fixtures in testdata/: standard Type 1
// fonts in WinAnsiEncoding (so åäö are single bytes), one Tj per run of
// text, optional marked content. TestFixtures writes the files with
// -update and otherwise checks that the committed files are what it
// writes, so the fixtures are reproducible byte for byte.

var update = flag.Bool("update", false, "rewrite the fixture PDFs in testdata/")

// run is one piece of text at a baseline position.
type run struct {
	x, y, size float64
	font       string // F1 Helvetica, F2 Helvetica-Bold, F3 Helvetica-Oblique
	text       string
	artifact   bool // wrapped in /Artifact BMC … EMC
	rotated    bool // set at 90°, as a label in the margin
}

// form is text drawn through a Form XObject.
type form struct {
	runs     []run
	artifact bool // the Do is wrapped in /Artifact BMC … EMC
}

// testPage is a page of runs; image adds an image XObject (a "scan").
type testPage struct {
	runs  []run
	image bool
	forms []form
}

// writePDF renders pages as a PDF 1.4 file; lang sets /Lang when not empty.
func writePDF(pages []testPage, lang, title string) []byte {
	var objs []string // object n is objs[n-1]
	add := func(s string) int {
		objs = append(objs, s)
		return len(objs)
	}
	catalog := add("") // filled below
	pagesObj := add("")
	f1 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	f2 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	f3 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique /Encoding /WinAnsiEncoding >>")
	img := add("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
	info := add(fmt.Sprintf("<< /Title %s /Producer (pactbot test writer) >>", pdfString(title)))
	var kids []string
	for _, p := range pages {
		var c strings.Builder
		if p.image {
			c.WriteString("q 500 0 0 700 50 70 cm /Im1 Do Q\n")
		}
		writeRuns(&c, p.runs)
		xobjects := fmt.Sprintf("/Im1 %d 0 R", img)
		for i, fm := range p.forms {
			var fc strings.Builder
			writeRuns(&fc, fm.runs)
			obj := add(fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n%sendstream", f1, fc.Len(), fc.String()))
			xobjects += fmt.Sprintf(" /Fm%d %d 0 R", i+1, obj)
			if fm.artifact {
				c.WriteString("/Artifact BMC\n")
			}
			fmt.Fprintf(&c, "q /Fm%d Do Q\n", i+1)
			if fm.artifact {
				c.WriteString("EMC\n")
			}
		}
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
		pg := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "+
			"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> /XObject << %s >> >> >>",
			pagesObj, content, f1, f2, f3, xobjects))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	langEntry := ""
	if lang != "" {
		langEntry = " /Lang " + pdfString(lang)
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R%s >>", pagesObj, langEntry)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, info, xref)
	return b.Bytes()
}

// writeRuns writes text runs as content-stream operators.
func writeRuns(c *strings.Builder, runs []run) {
	for _, r := range runs {
		if r.artifact {
			c.WriteString("/Artifact BMC\n")
		}
		if r.rotated {
			fmt.Fprintf(c, "BT /%s %g Tf 0 1 -1 0 %g %g Tm %s Tj ET\n", r.font, r.size, r.x, r.y, pdfString(r.text))
		} else {
			fmt.Fprintf(c, "BT /%s %g Tf %g %g Td %s Tj ET\n", r.font, r.size, r.x, r.y, pdfString(r.text))
		}
		if r.artifact {
			c.WriteString("EMC\n")
		}
	}
}

// pdfString encodes s in WinAnsi as a PDF literal string.
func pdfString(s string) string {
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		panic(fmt.Sprintf("not WinAnsi: %q", s))
	}
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	return "(" + r.Replace(enc) + ")"
}

// column lays lines out top-down from y at x with a leading of 1.2 × size;
// an empty line adds paragraph space.
func column(x, y, size float64, font string, lines ...string) []run {
	var out []run
	for _, l := range lines {
		if l == "" {
			y -= size * 1.2
			continue
		}
		out = append(out, run{x: x, y: y, size: size, font: font, text: l})
		y -= size * 1.2
	}
	return out
}

// factsheetPDF is a two-page, one-column English factsheet without /Lang:
// a title, a dateline, headings, hyphenated paragraphs, a bullet list,
// a running header and page numbers.
func factsheetPDF() []byte {
	header := func(n int) []run {
		return []run{
			{x: 50, y: 810, size: 8, font: "F1", text: "EU migration factsheet"},
			{x: 290, y: 30, size: 8, font: "F1", text: fmt.Sprint(n)},
		}
	}
	p1 := header(1)
	p1 = append(p1, column(50, 760, 18, "F2", "Solidarity in asylum and migration")...)
	p1 = append(p1, column(50, 725, 10, "F1", "March 2024 | #MigrationEU")...)
	p1 = append(p1, column(50, 690, 13, "F2", "A common system for asylum")...)
	p1 = append(p1, column(50, 668, 10, "F1",
		"Member States share the responsibility for people who apply for asy-",
		"lum in the Union. Applications are registered within seven days, and",
		"every applicant is informed of the EU-wide rules in a language they",
		"understand.",
		"",
		"The rules cover:",
		"- reception conditions such as housing and food",
		"- access to the labour market after six months",
		"- health care for vulnerable applicants")...)
	p1 = append(p1, column(50, 520, 13, "F2", "Faster procedures at the border")...)
	p1 = append(p1, column(50, 498, 10, "F1",
		"A screening at the external border identifies every person and checks",
		"their health and security. Applications with a low recognition rate are",
		"examined in a border procedure of twelve weeks, with legal counsel-",
		"ling available free of charge.")...)
	p2 := header(2)
	p2 = append(p2, column(50, 760, 13, "F2", "Working with partner countries")...)
	p2 = append(p2, column(50, 738, 10, "F1",
		"The Union works with countries of origin and transit to fight smug-",
		"glers and to open legal pathways, such as resettlement and labour",
		"mobility schemes.")...)
	p2 = append(p2, column(50, 680, 13, "F2", "Funding")...)
	p2 = append(p2, column(50, 658, 10, "F1",
		"The budget for migration and border management is EUR 2 billion for",
		"the years up to 2027.")...)
	return writePDF([]testPage{{runs: p1}, {runs: p2}}, "", "Solidarity in asylum and migration")
}

// twoColumnPDF is a two-page Swedish act in the older two-column Official
// Journal layout, untagged: running header and page number on each page,
// a full-width title, then two columns with chapters, articles, a
// hyphenated word across lines and across the column break, and a
// footnote in small type.
func twoColumnPDF() []byte {
	header := func(n int) []run {
		return []run{
			{x: 50, y: 810, size: 8, font: "F1", text: fmt.Sprintf("L 99/%d", n)},
			{x: 200, y: 810, size: 8, font: "F1", text: "Europeiska unionens officiella tidning"},
			{x: 500, y: 810, size: 8, font: "F1", text: "22.5.2024"},
		}
	}
	left, right := 50.0, 310.0
	p1 := header(1)
	p1 = append(p1, column(150, 770, 11, "F2", "RÅDETS FÖRORDNING (EU) 2024/9999")...)
	p1 = append(p1, column(150, 750, 11, "F2", "av den 14 maj 2024 om provning av läsare")...)
	p1 = append(p1, column(left, 710, 9, "F1",
		"av följande skäl:",
		"",
		"(1) Texten ska läsas i rätt ord-",
		"ning, vänster spalt före höger.",
		"",
		"HÄRIGENOM FÖRESKRIVS FÖLJANDE.")...)
	p1 = append(p1, column(left, 620, 9, "F1", "KAPITEL I")...)
	p1 = append(p1, column(left, 605, 9, "F2", "Allmänna bestämmelser")...)
	p1 = append(p1, column(left, 580, 9, "F3", "Artikel 1")...)
	p1 = append(p1, column(left, 565, 9, "F2", "Syfte")...)
	p1 = append(p1, column(left, 545, 9, "F1",
		"Denna förordning gäller för EU-",
		"medborgare och för hälso- och",
		"sjukvård i medlemsstaterna, se (1).",
		"",
		"Den vänstra spalten slutar mitt i en",
		"me-")...)
	p1 = append(p1, column(right, 710, 9, "F1",
		"ning och fortsätter här i den högra",
		"spalten.")...)
	p1 = append(p1, column(right, 670, 9, "F3", "Artikel 2")...)
	p1 = append(p1, column(right, 655, 9, "F2", "Definitioner")...)
	p1 = append(p1, column(right, 635, 9, "F1",
		"I denna förordning avses med",
		"a) läsare: ett program,",
		"b) spalt: en del av sidan.")...)
	p1 = append(p1, column(left, 80, 7, "F1", "(1) EUT L 1, 1.1.2024, s. 1.")...)
	p2 := header(2)
	p2 = append(p2, column(left, 770, 9, "F1", "KAPITEL II")...)
	p2 = append(p2, column(left, 755, 9, "F2", "Slutbestämmelser")...)
	p2 = append(p2, column(left, 730, 9, "F3", "Artikel 3")...)
	p2 = append(p2, column(left, 715, 9, "F2", "Ikraftträdande")...)
	p2 = append(p2, column(left, 695, 9, "F1",
		"Denna förordning träder i kraft den",
		"tjugonde dagen efter det att den",
		"har offentliggjorts i")...)
	p2 = append(p2, run{x: left, y: 695 - 3*9*1.2, size: 9, font: "F3", text: "Europeiska unionens officiella tidning."})
	p2 = append(p2, column(right, 770, 9, "F1",
		"Denna förordning är till alla delar",
		"bindande och direkt tillämplig i alla",
		"medlemsstater.")...)
	return writePDF([]testPage{{runs: p1}, {runs: p2}}, "sv-SE", "Rådets förordning (EU) 2024/9999")
}

// taggedPDF is a one-page document whose header, page number and a
// footer drawn by a Form XObject are marked content tagged /Artifact; a
// second Form XObject draws body text, and a label in the margin is set
// at 90°.
func taggedPDF() []byte {
	runs := []run{
		{x: 50, y: 810, size: 8, font: "F1", text: "Tagged header", artifact: true},
		{x: 290, y: 30, size: 8, font: "F1", text: "Page 1 of 1", artifact: true},
	}
	runs = append(runs, column(50, 760, 16, "F2", "Tagged document")...)
	runs = append(runs, column(50, 730, 10, "F1", "This is the first paragraph of the body text.")...)
	runs = append(runs, run{x: 20, y: 300, size: 8, font: "F1", text: "Rotated margin label", rotated: true})
	forms := []form{
		{runs: column(50, 700, 10, "F1", "A form draws the second paragraph.")},
		{runs: []run{{x: 400, y: 30, size: 8, font: "F1", text: "Footer drawn by a form"}}, artifact: true},
	}
	return writePDF([]testPage{{runs: runs, forms: forms}}, "en", "Tagged document")
}

// tablePDF is a one-page annex with a two-column correlation table of
// short cells: it must be read row by row, not column by column.
func tablePDF() []byte {
	runs := column(50, 770, 10, "F2", "Jämförelsetabell")
	rows := [][2]string{
		{"Förordning (EU) nr 603/2013", "Denna förordning"},
		{"Artikel 1.1", "Artikel 1.1 a och c"},
		{"—", "Artikel 1.1 b och d"},
		{"Artikel 1.2", "Artikel 1.1 e"},
		{"Artikel 2.1 a och b", "Artikel 2.1 a och e"},
		{"Artikel 3", "—"},
	}
	for i, r := range rows {
		y := 740 - float64(i)*20
		runs = append(runs, run{x: 80, y: y, size: 9, font: "F1", text: r[0]}, run{x: 330, y: y, size: 9, font: "F1", text: r[1]})
	}
	return writePDF([]testPage{{runs: runs}}, "sv", "Tabell")
}

// scannedPDF is a page with an image and no text.
func scannedPDF() []byte {
	return writePDF([]testPage{{image: true}, {image: true}}, "", "Scan")
}

// fixtures are the generated files in testdata/.
var fixtures = map[string]func() []byte{
	"factsheet.pdf": factsheetPDF,
	"twocolumn.pdf": twoColumnPDF,
	"tagged.pdf":    taggedPDF,
	"scanned.pdf":   scannedPDF,
	"table.pdf":     tablePDF,
}

func TestFixtures(t *testing.T) {
	for name, gen := range fixtures {
		path := filepath.Join("testdata", name)
		got := gen()
		if *update {
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./corpus/pdftext -run TestFixtures -update")
		require.True(t, bytes.Equal(want, got), "%s differs from what the writer makes; rerun with -update if intended", path)
	}
}
