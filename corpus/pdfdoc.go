package corpus

import (
	"regexp"
	"strings"

	"pactbot/corpus/pdftext"
)

// readPDF reads a PDF: a legal act as the Official Journal prints it
// becomes its recitals and one section per article ("Artikel 8: …")
// under its chapters and sections; any other PDF goes through the
// plain-text heading inference of .txt files. Language comes from the
// file's /Lang, else from detection on its text; the ELI of the running
// footer gives URL and CELEX.
func readPDF(data []byte, id string) (Document, error) {
	p, err := pdftext.Read(data)
	if err != nil {
		return Document{}, err
	}
	var doc Document
	if p.Act {
		doc = pdfAct(p)
	} else {
		fallback := id
		if p.InfoTitle != "" {
			fallback = p.InfoTitle
		}
		doc, err = readText(p.PlainText(), fallback)
		if err != nil {
			return Document{}, err
		}
	}
	doc.Language = p.Language // finish detects it when the file declares none
	if p.ELI != "" {
		doc.URL = p.ELI
		doc.CELEX = celexFromELI(p.ELI)
	}
	if doc.CELEX == "" {
		doc.CELEX = celexInText(doc.Sections)
	}
	return doc, nil
}

// pdfAct builds the section tree of an act: the preamble under the title,
// then each section under its divisions (parts, chapters, sections).
func pdfAct(p *pdftext.Document) Document {
	doc := Document{Title: p.Title, Date: p.Date}
	if p.FullTitle != p.Title {
		doc.FullTitle = p.FullTitle
	}
	o := newOutline(p.Title)
	for _, t := range p.Preamble {
		o.block(t)
	}
	var open []string
	for _, s := range p.Sections {
		same := 0
		for same < len(open) && same < len(s.Parents) && open[same] == s.Parents[same] {
			same++
		}
		for i := same; i < len(s.Parents); i++ {
			o.heading(i+2, s.Parents[i])
		}
		open = s.Parents
		o.heading(len(s.Parents)+2, s.Heading)
		for _, t := range s.Paragraphs {
			o.block(t)
		}
	}
	doc.Sections = o.sections()
	return doc
}

// eliTypes maps the act types of an ELI to the CELEX type letter.
var eliTypes = map[string]string{
	"reg": "R", "reg_impl": "R", "reg_del": "R",
	"dir": "L", "dir_impl": "L", "dir_del": "L",
	"dec": "D", "dec_impl": "D", "dec_del": "D",
}

var eliPartsRe = regexp.MustCompile(`/eli/([a-z_]+)/(\d{4})/(\d+)/oj`)

// celexFromELI derives the CELEX number of a legislative act from its ELI:
// ".../eli/reg/2024/1358/oj" → "32024R1358". "" for other kinds of acts.
func celexFromELI(eli string) string {
	m := eliPartsRe.FindStringSubmatch(eli)
	if m == nil || eliTypes[m[1]] == "" {
		return ""
	}
	num := m[3]
	if len(num) < 4 {
		num = strings.Repeat("0", 4-len(num)) + num
	}
	return "3" + m[2] + eliTypes[m[1]] + num
}

var celexTextRe = regexp.MustCompile(`CELEX(?:-?nummer|\s+number|-Nummer)?\s*:?\s*([0-9]{5}[A-Z]{1,2}[0-9]{4}(?:\([0-9]+\))?)`)

// celexInText returns a CELEX number the text names ("CELEX: 32024R1351").
func celexInText(sections []Section) string {
	for _, s := range sections {
		if m := celexTextRe.FindStringSubmatch(s.Text); m != nil {
			return m[1]
		}
	}
	return ""
}
