package pdftext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Section is one part of a legal act as the Official Journal prints it:
// the recitals, an article ("Artikel 18: Insamling och överföring …"), the
// signatures (headed by their "Utfärdad i Bryssel den …" line), or an
// annex, with the chapters and sections above it.
type Section struct {
	// Parents are the headings of the divisions above the section, outermost
	// first, e.g. ["KAPITEL III: Personer som …", "AVSNITT 1: Personer …"].
	Parents []string
	// Heading is the section's own heading, in the document's words.
	Heading string
	// Paragraphs are the section's text, one entry per paragraph.
	Paragraphs []string
}

var (
	// articleRe matches the line that opens an article in the EU
	// languages: the word before the number ("Artikel 8", "Article 8",
	// "Άρθρο 8"), or after it ("8 artikla", "8. cikk", "8. pants",
	// "8 straipsnis").
	articleRe = regexp.MustCompile(`^(?:(?:Artikel|Article|Articolo|Artículo|Artigo|Artikkel|Artykuł|Článek|Článok|Članak|Člen|Artikolu|Airteagal|Άρθρο|Член)\s+(\d{1,3}[a-z]?)|(\d{1,3}[a-z]?)\.?\s+(?:artikla|cikk|pants|straipsnis))$`)
	// divisionRe matches a part, title, chapter or section line
	// ("KAPITEL III", "AVSNITT 1", "CHAPTER II", "ABSCHNITT 2").
	divisionRe = regexp.MustCompile(`^(\p{Lu}+)\s+([IVXLC]+|\d{1,3})$`)
	// annexRe matches the line that opens an annex.
	annexRe = regexp.MustCompile(`^(?:BILAGA|BILAG|ANNEX|ANHANG|ANNEXE|ALLEGATO|ANEXO|ANEXA|BIJLAGE|LIITE|PŘÍLOHA|PRÍLOHA|PRILOGA|PRILOG|ZAŁĄCZNIK|MELLÉKLET|PRIEDAS|PIELIKUMS|LISA|IARSCRÍBHINN|ANNESS|ПРИЛОЖЕНИЕ|ΠΑΡΑΡΤΗΜΑ)(?:\s+([IVXLC]+|\d{1,2}))?$`)
	// signatureRe matches the line that closes the enacting terms: "Done
	// at Brussels, 14 May 2024." and its translations.
	signatureRe = regexp.MustCompile(`^(?:Utfärdad i|Done at|Geschehen zu|Fait à|Hecho en|Fatto a|Feito em|Gedaan te|Udfærdiget i|Tehty|Sporządzono w|Kelt|Adoptat la|Sastavljeno u|Съставено в|Έγινε στ)\s.{0,80}\d{4}\.?$`)
	// recitalRe matches the first recital.
	recitalRe = regexp.MustCompile(`^\(1\)\s`)
)

// divisionRank orders the words of divisions, outermost first; a word not
// listed is not a division.
var divisionRank = map[string]int{
	"DEL": 1, "PART": 1, "TEIL": 1, "PARTIE": 1, "PARTE": 1, "DEEL": 1, "OSA": 1, "CZĘŚĆ": 1,
	"AVDELNING": 2, "TITLE": 2, "TITEL": 2, "TITRE": 2, "TITOLO": 2, "TÍTULO": 2, "TITLU": 2, "OSASTO": 2, "TYTUŁ": 2,
	"KAPITEL": 3, "CHAPTER": 3, "CHAPITRE": 3, "CAPO": 3, "CAPÍTULO": 3, "CAPITOLUL": 3, "HOOFDSTUK": 3, "LUKU": 3, "ROZDZIAŁ": 3, "KAPITOLA": 3, "POGLAVLJE": 3, "FEJEZET": 3,
	"AVSNITT": 4, "SECTION": 4, "ABSCHNITT": 4, "SEZIONE": 4, "SECCIÓN": 4, "SECÇÃO": 4, "AFDELING": 4, "JAKSO": 4, "SEKCJA": 4, "ODDÍL": 4, "ODDIL": 4, "SZAKASZ": 4, "SECȚIUNEA": 4,
}

// maxHeadingRunes bounds the heading line under an article or division.
const maxHeadingRunes = 600

// journal finds the structure of a legal act in body paragraphs: the
// title block (the bold paragraphs at the top of the first page), the
// preamble, the recitals, divisions, articles and annexes. ok is false
// when no article is found: the document is not an act.
func journal(paras []Paragraph) (title, fullTitle, date string, preamble []string, sections []Section, ok bool) {
	i := 0
	var titleParts []string
	for i < len(paras) && paras[i].Page == 1 && paras[i].Bold {
		titleParts = append(titleParts, paras[i].Text)
		i++
	}
	if len(titleParts) == 0 {
		return "", "", "", nil, nil, false
	}
	title, fullTitle, date = titleParts[0], strings.Join(titleParts, " "), actDate(titleParts)
	type division struct {
		rank    int
		heading string
	}
	var divs []division
	var cur *Section
	parents := func() []string {
		if len(divs) == 0 {
			return nil
		}
		out := make([]string, len(divs))
		for k, d := range divs {
			out[k] = d.heading
		}
		return out
	}
	open := func(heading string) {
		if cur != nil {
			sections = append(sections, *cur)
		}
		cur = &Section{Parents: parents(), Heading: heading}
	}
	// headingAfter takes the heading line that follows a marker line.
	headingAfter := func(marker string) string {
		if i+1 < len(paras) && isHeadingLine(paras[i+1]) {
			i++
			return marker + ": " + paras[i].Text
		}
		return marker
	}
	articles, inAnnex := 0, false
	for ; i < len(paras); i++ {
		p := paras[i]
		t := p.Text
		switch {
		case articleRe.MatchString(t) && !inAnnex:
			articles++
			open(headingAfter(t))
		case annexRe.MatchString(t) && articles > 0:
			divs, inAnnex = nil, true
			open(headingAfter(t))
		case signatureRe.MatchString(t) && articles > 0 && !inAnnex:
			// the place, date and signatures after the last article
			divs = nil
			open(t)
		case isDivision(t) && !inAnnex:
			m := divisionRe.FindStringSubmatch(t)
			rank := divisionRank[m[1]]
			for len(divs) > 0 && divs[len(divs)-1].rank >= rank {
				divs = divs[:len(divs)-1]
			}
			if cur != nil {
				sections = append(sections, *cur)
				cur = nil
			}
			divs = append(divs, division{rank: rank, heading: headingAfter(t)})
		case cur == nil && articles == 0 && strings.HasSuffix(t, ":") && i+1 < len(paras) && recitalRe.MatchString(paras[i+1].Text):
			open(capitalise(strings.TrimSpace(strings.TrimSuffix(t, ":"))))
		case cur == nil:
			preamble = append(preamble, t)
		default:
			cur.Paragraphs = append(cur.Paragraphs, t)
		}
	}
	if cur != nil {
		sections = append(sections, *cur)
	}
	return title, fullTitle, date, preamble, sections, articles > 0
}

// isDivision reports whether t is a division line such as "KAPITEL III".
func isDivision(t string) bool {
	m := divisionRe.FindStringSubmatch(t)
	return m != nil && divisionRank[m[1]] > 0
}

// isHeadingLine reports whether a paragraph can be the heading of the
// article or division above it: bold, or short and not a sentence, and
// not itself a marker or a numbered paragraph.
func isHeadingLine(p Paragraph) bool {
	t := p.Text
	if utf8.RuneCountInString(t) > maxHeadingRunes || articleRe.MatchString(t) || isDivision(t) || annexRe.MatchString(t) || enumStartRe.MatchString(t) {
		return false
	}
	return p.Bold || (utf8.RuneCountInString(t) <= 120 && !endsSentence(t))
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// isMarker reports whether t is a line that opens an article, a division
// or an annex.
func isMarker(t string) bool {
	return articleRe.MatchString(t) || isDivision(t) || annexRe.MatchString(t)
}
