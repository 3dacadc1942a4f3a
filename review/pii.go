package review

import (
	"regexp"
	"sort"
	"strings"
)

// Kinds of personal data DetectPII finds.
const (
	PIIEmail       = "email"
	PIIPhone       = "phone"
	PIIIDNumber    = "id_number"
	PIICaseNumber  = "case_number"
	PIIDateOfBirth = "date_of_birth"
)

// PIIMatch is one piece of personal data in a text; Start and End are byte
// offsets, so Text == text[Start:End].
type PIIMatch struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// The patterns favour precision: amounts, years, article numbers and EU
// document references ("Regulation (EU) 2024/1351", "Case C-808/18",
// "32024R1351") are not personal data, so bare numbers are only taken as an
// id, a case number or a date of birth when a keyword says so. These
// compiled expressions are never modified.
var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)

	reDOB = regexp.MustCompile(`(?i)\b(?:born|date\s+of\s+birth|birth\s*date|birthday|d\.?o\.?b\.?|n[ée]e?\s+le|date\s+de\s+naissance|geboren|geburtsdatum|geb\.|nacid[oa]|fecha\s+de\s+nacimiento|nat[oa]\s+il|data\s+di\s+nascita|urodzon[ya])` +
		`(?:[\s:,\-]|\b(?:on|in|the|am|is|was|le|el|il|de)\b)*` +
		`(` + dateValue + `)\b`)

	reCaseCtx = regexp.MustCompile(`(?i)(?:\b(?:case|file|reference|ref|dossier|aktenzeichen|gesch[äa]ftszeichen|registration|application|claim|procedure)\b|\baz\.)` +
		`(?:\s*(?:(?:reference|ref|number|num|no|nr|id)\b\.?|n°|#)){0,2}[\s:#\-]*(?:\b(?:is|was|est|ist)\b\s*)?` +
		`([A-Za-z0-9][A-Za-z0-9/\-.]{3,22}[A-Za-z0-9])`)

	reIDCtx = regexp.MustCompile(`(?i)\b(?:passport|passeport|reisepass|pass\s*nr|identity\s+card|id\s+card|id|identity|ausweis|personalausweis|carte\s+d'identit[ée]|residence\s+permit|aufenthaltstitel|permis\s+de\s+s[ée]jour|titre\s+de\s+s[ée]jour|permit|visa|codice\s+fiscale|tax\s+id|social\s+security|alien\s+number|(?-i:DNI|NIE|PESEL|SSN|UCI))\b` +
		`(?:\s*(?:(?:number|num|no|nr)\b\.?|n°|#))?[\s:#\-]*(?:\b(?:is|was|est|ist)\b\s*)?` +
		`([A-Za-z0-9][A-Za-z0-9\-]{4,18}[A-Za-z0-9])`)

	rePhoneCtx = regexp.MustCompile(`(?i)\b(?:phone|tel|telephone|mobile|cell|whatsapp|signal|viber|call\s+me|text\s+me|reach\s+me|number\s+is|handy|telefon|t[ée]l[ée]phone|portable|num[ée]ro)\b` +
		`(?:[\s:.\-]|\b(?:me|my|on|at|is|number|no|nr)\b)*` +
		`(\+?\d[\d\s().\-/]{5,20}\d)`)

	rePhoneIntl     = regexp.MustCompile(`(?:\+|\b00)[1-9]\d{0,2}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,5}(?:[\s.\-]?\d{1,5}){1,5}`)
	rePhoneNational = regexp.MustCompile(`\b0[1-9]\d{0,4}(?:[\s.\-/]?\d{2,8}){1,4}\b`)
	reBAMFCase      = regexp.MustCompile(`\b\d{7,8}-\d{3}\b`)
	reIDToken       = regexp.MustCompile(`\b[A-Z0-9]{6,16}\b`)

	reNumericDate = regexp.MustCompile(`^\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}`)
	reCELEX       = regexp.MustCompile(`^\d{4,5}[A-Z]{1,2}\d{3,4}$`)
	reCourtCase   = regexp.MustCompile(`(?i)^[CTF]-\d+/\d{2}$`)
	reNamedYear   = regexp.MustCompile(`^[A-Z]+(?:19|20)\d{2}[A-Z]*$`)
	reYearish     = regexp.MustCompile(`^(?:\d{4}|(?:19|20)\d{2}[/\-](?:19|20)?\d{2})$`)
)

const months = `jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|m[äa]rz|apr(?:il)?|avr(?:il)?|may|mai|jun(?:e)?|juin|jul(?:y)?|juil(?:let)?|aug(?:ust)?|ao[ûu]t|sep(?:t(?:ember)?)?|sept(?:embre)?|oct(?:ober|obre)?|okt(?:ober)?|nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember)?`

const dateValue = `\d{4}-\d{1,2}-\d{1,2}` +
	`|\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})` +
	`|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?(?:` + months + `)\.?,?\s+\d{4}` +
	`|(?:` + months + `)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}` +
	`|(?:19|20)\d{2}`

type piiDetector struct {
	kind string
	re   *regexp.Regexp
	// group is the submatch that holds the personal data (0: all of it).
	group int
	// keep, when set, vets a candidate.
	keep func(string) bool
}

// piiDetectors lists the detectors by priority: where two overlap, the
// earlier one wins, so keyword-led matches beat bare patterns.
func piiDetectors() []piiDetector {
	return []piiDetector{
		{kind: PIIEmail, re: reEmail},
		{kind: PIIDateOfBirth, re: reDOB, group: 1},
		{kind: PIICaseNumber, re: reCaseCtx, group: 1, keep: caseLike},
		{kind: PIIIDNumber, re: reIDCtx, group: 1, keep: idLike},
		{kind: PIIPhone, re: rePhoneCtx, group: 1, keep: digitsBetween(7, 15)},
		{kind: PIIPhone, re: rePhoneIntl, keep: digitsBetween(8, 15)},
		{kind: PIIPhone, re: rePhoneNational, keep: nationalPhone},
		{kind: PIICaseNumber, re: reBAMFCase},
		{kind: PIIIDNumber, re: reIDToken, keep: bareIDLike},
	}
}

// DetectPII returns the personal data found in text, in order of position
// and without overlaps.
func DetectPII(text string) []PIIMatch {
	var found []PIIMatch
	for _, d := range piiDetectors() {
		for _, loc := range d.re.FindAllStringSubmatchIndex(text, -1) {
			start, end := loc[2*d.group], loc[2*d.group+1]
			if start < 0 {
				continue
			}
			m := PIIMatch{Kind: d.kind, Start: start, End: end, Text: text[start:end]}
			if (d.keep == nil || d.keep(m.Text)) && !overlapsAny(found, m) {
				found = append(found, m)
			}
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Start < found[j].Start })
	return found
}

// MaskPII replaces each piece of personal data in text with a label such as
// "[phone number]", and returns text unchanged when there is none.
func MaskPII(text string) string {
	ms := DetectPII(text)
	if len(ms) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(text[last:m.Start])
		b.WriteString(piiLabel(m.Kind))
		last = m.End
	}
	b.WriteString(text[last:])
	return b.String()
}

func piiLabel(kind string) string {
	switch kind {
	case PIIEmail:
		return "[email]"
	case PIIPhone:
		return "[phone number]"
	case PIIIDNumber:
		return "[ID number]"
	case PIICaseNumber:
		return "[case number]"
	case PIIDateOfBirth:
		return "[date of birth]"
	}
	return "[personal data]"
}

func overlapsAny(found []PIIMatch, m PIIMatch) bool {
	for _, f := range found {
		if m.Start < f.End && f.Start < m.End {
			return true
		}
	}
	return false
}

func countDigits(s string) (digits, letters int) {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letters++
		}
	}
	return digits, letters
}

func digitsBetween(lo, hi int) func(string) bool {
	return func(s string) bool {
		d, _ := countDigits(s)
		return d >= lo && d <= hi
	}
}

// nationalPhone accepts a number starting with 0 that has the length of a
// phone number and is not a date such as 05.03.2016.
func nationalPhone(s string) bool {
	d, _ := countDigits(s)
	return d >= 9 && d <= 13 && !reNumericDate.MatchString(s)
}

// caseLike accepts what follows "case number" and the like when it carries
// enough digits and is not a court case or a year.
func caseLike(s string) bool {
	d, _ := countDigits(s)
	return d >= 4 && !reCourtCase.MatchString(s) && !reYearish.MatchString(s) && !reCELEX.MatchString(s)
}

// idLike accepts what follows "passport" and the like.
func idLike(s string) bool {
	d, _ := countDigits(s)
	return d >= 3 && len(s) >= 6 && !reYearish.MatchString(s)
}

// bareIDLike accepts an upper-case token with no keyword before it only
// when it mixes letters and digits as document numbers do (C01X00T47,
// 12AB34567, X1234567L) and is neither a CELEX number nor a name with a
// year (AMIF2021, EU2024BE).
func bareIDLike(s string) bool {
	d, l := countDigits(s)
	return d >= 5 && l >= 1 && !reCELEX.MatchString(s) && !reNamedYear.MatchString(s)
}
