package privacy

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// Numbers that are personal data by their shape and checksum, or by the
// keyword before them. Amounts, years, article numbers and EU document
// references ("Regulation (EU) 2024/1351", "Case C-808/18", "32024R1351")
// are not, so bare numbers need a checksum, a "+" prefix or a keyword.
var (
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)

	// An IBAN compact or in groups of four; ibanSpan checks it.
	reIBAN = regexp.MustCompile(`(?i)\b[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]{4}){2,7}(?:[ \-]?[A-Z0-9]{1,4})?\b`)
	// Cards: compact, in groups of four, or American Express 4-6-5.
	reCard = regexp.MustCompile(`\b(?:\d{4}(?: \d{4}){2} \d{1,7}|\d{4}(?:-\d{4}){2}-\d{1,7}|3[47]\d{2}[ \-]\d{6}[ \-]\d{5}|\d{13,19})\b`)
	// French NIR, spaced as on the carte Vitale: 1 85 05 78 006 084 36.
	reNIR           = regexp.MustCompile(`\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}\b`)
	rePESEL         = regexp.MustCompile(`\b\d{11}\b`)
	reDNI           = regexp.MustCompile(`(?i)\b[XYZ]?\d{7,8}-?[A-Z]\b`)
	reNINO          = regexp.MustCompile(`\b[A-Z]{2}(?: \d{2} \d{2} \d{2} |\d{6})[A-D]\b`)
	reCodiceFiscale = regexp.MustCompile(`(?i)\b[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]\b`)

	reIPv4 = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	reIPv6 = regexp.MustCompile(`(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}`)

	reCaseCtx = regexp.MustCompile(`(?i)(?:\b(?:case|file|reference|ref|dossier|aktenzeichen|gesch[äa]ftszeichen|registration|application|claim|procedure)\b|\baz\.)` +
		`(?:\s*(?:(?:reference|ref|number|num|no|nr|id)\b\.?|n°|#)){0,2}[\s:#\-]*(?:\b(?:is|was|est|ist)\b\s*)?` +
		`([A-Za-z0-9][A-Za-z0-9/\-.]{3,22}[A-Za-z0-9])`)

	reIDCtx = regexp.MustCompile(`(?i)\b(?:passport|passeport|reisepass|pasaporte|passaporto|paszport|pass\s*nr|identity\s+card|id\s+card|id|identity|ausweis|personalausweis|carte\s+d'identit[ée]|residence\s+permit|aufenthaltstitel|permis\s+de\s+s[ée]jour|titre\s+de\s+s[ée]jour|permit|visa|codice\s+fiscale|tax\s+id|social\s+security|alien\s+number|(?-i:DNI|NIE|PESEL|SSN|UCI|NINO))\b` +
		`(?:\s*(?:(?:number|num|no|nr)\b\.?|n°|#))?[\s:#\-]*(?:\b(?:is|was|est|ist)\b\s*)?` +
		`([A-Za-z0-9][A-Za-z0-9\-]{4,18}[A-Za-z0-9])`)

	rePhoneCtx = regexp.MustCompile(`(?i)\b(?:phone|tel|telephone|mobile|cell|whatsapp|signal|viber|call\s+me|text\s+me|reach\s+me|number\s+is|handy|telefon|t[ée]l[ée]phone|portable|num[ée]ro|telefono|tel[ée]fono|m[óo]vil|cellulare|kom[óo]rka)\b` +
		`(?:[\s:.\-]|\b(?:me|my|on|at|is|number|no|nr)\b)*` +
		`(\+?\d[\d\s().\-/]{5,20}\d)`)

	rePhoneIntl     = regexp.MustCompile(`(?:\+|\b00)[1-9]\d{0,2}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,5}(?:[\s.\-]?\d{1,5}){1,5}`)
	rePhoneNational = regexp.MustCompile(`\b0[1-9]\d{0,4}(?:[\s.\-/]?\d{2,8}){1,4}\b`)
	// National numbers without a trunk 0: Spanish, Polish and Portuguese
	// mobiles (612 345 678), Italian mobiles (347 123 4567), Greek ones
	// (694 123 4567). Only grouped, as amounts are written the same way.
	rePhoneNoTrunk = regexp.MustCompile(`\b(?:[5-9]\d{2}(?:[ .\-]\d{3}){2}|3\d{2}[ .\-]\d{3}[ .\-]\d{3,4}|69\d[ .\-]\d{3}[ .\-]\d{4})\b`)
	reBAMFCase     = regexp.MustCompile(`\b\d{7,8}-\d{3}\b`)
	reIDToken      = regexp.MustCompile(`\b[A-Z0-9]{6,16}\b`)

	// A full numeric date, dd.mm.yyyy or dd/mm/yyyy; bareDateSpan keeps
	// only the years of people who can ask.
	reBareDate = regexp.MustCompile(`\b(?:0[1-9]|[12]\d|3[01])([./\-])(?:0[1-9]|1[0-2])([./\-])((?:19|20)\d{2})\b`)

	reNumericDate = regexp.MustCompile(`^\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}`)
	reCELEX       = regexp.MustCompile(`^\d{4,5}[A-Z]{1,2}\d{3,4}$`)
	reCourtCase   = regexp.MustCompile(`(?i)^[CTF]-\d+/\d{2}$`)
	reNamedYear   = regexp.MustCompile(`^[A-Z]+(?:19|20)\d{2}[A-Z]*$`)
	reYearish     = regexp.MustCompile(`^(?:\d{4}|(?:19|20)\d{2}[/\-](?:19|20)?\d{2})$`)
)

// ibanSpan accepts a valid IBAN, dropping trailing groups the pattern took
// from the words after it ("… 0130 00 BANK").
func ibanSpan(text string, start, end int) (int, int, bool) {
	for end-start >= 15 {
		if validIBAN(compact(text[start:end])) {
			return start, end, true
		}
		cut := strings.LastIndexAny(text[start:end], " -")
		if cut < 0 {
			break
		}
		end = start + cut
	}
	return 0, 0, false
}

// cardSpan accepts a payment card number: 13 to 19 digits, a card
// network's first digit and a valid Luhn digit.
func cardSpan(text string, start, end int) (int, int, bool) {
	d := compact(text[start:end])
	return start, end, len(d) >= 13 && len(d) <= 19 && d[0] >= '2' && d[0] <= '6' && luhn(d)
}

// ipv4Span accepts a dotted quad unless it is a section number ("point
// 3.1.2.4"): every part a single digit, or a numbering word before it.
func ipv4Span(text string, start, end int) (int, int, bool) {
	s := text[start:end]
	addr, err := netip.ParseAddr(s)
	if err != nil || !addr.Is4() || len(s) <= 7 {
		return 0, 0, false
	}
	return start, end, !endsWithAny(before(text, start, 12), numberingWords)
}

// ipv6Span accepts what parses as an IPv6 address with at least three
// groups written, so that "C:2020:367" (an ECLI) and times are left alone.
func ipv6Span(text string, start, end int) (int, int, bool) {
	s := text[start:end]
	if start > 0 && isAlnum(text[start-1]) {
		return 0, 0, false
	}
	groups := 0
	for _, g := range strings.Split(s, ":") {
		if g != "" {
			groups++
		}
	}
	addr, err := netip.ParseAddr(s)
	return start, end, err == nil && addr.Is6() && groups >= 3
}

// bareDateSpan accepts a numeric date without a birth keyword when its
// year is before 2015 — a date of birth of someone old enough to ask
// rather than a date of the law — and no legal text is named just before
// it ("Directive of 26.06.2013", "OJ L 180, 29.06.2013").
func bareDateSpan(text string, start, end int) (int, int, bool) {
	m := reBareDate.FindStringSubmatch(text[start:end])
	if m == nil || m[1] != m[2] {
		return 0, 0, false
	}
	year, _ := strconv.Atoi(m[3])
	if year < 1920 || year >= 2015 {
		return 0, 0, false
	}
	return start, end, !containsAny(before(text, start, 40), legalContext)
}

// noTrunkPhoneSpan accepts a grouped national number unless it reads as
// an amount or a count: a currency before it, a unit after it, or a
// "000" group, and not when it continues a longer number ("1 612 345 678").
func noTrunkPhoneSpan(text string, start, end int) (int, int, bool) {
	s := text[start:end]
	if strings.Contains(s[3:], "000") {
		return 0, 0, false
	}
	pre := strings.TrimRight(before(text, start, 6), " ")
	if pre != "" && (isDigit(pre[len(pre)-1]) || endsWithAny(pre, currencies)) {
		return 0, 0, false
	}
	post := strings.TrimLeft(after(text, end, 14), " ")
	return start, end, !startsWithAny(post, units)
}

// nationalPhone accepts a number starting with 0 that has the length of a
// phone number and does not start with a date such as 05.03.2016.
func nationalPhone(s string) bool {
	d, _ := countDigits(s)
	if d < 9 || d > 13 {
		return false
	}
	// "05.03.2016 1234" starts with a date; "06.12.34.56.78" does not.
	loc := reNumericDate.FindStringIndex(s)
	return loc == nil || loc[1] < len(s) && !spaceByte(s[loc[1]]) && s[loc[1]] != '/'
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

// Words around numbers that are not personal data.
var (
	numberingWords = []string{"article", "art.", "point", "section", "para", "paragraph", "chapter", "annex", "§", "version", "v", "no.", "nr."}
	legalContext   = []string{"regulation", "directive", "decision", "oj ", "o.j.", "official journal", "statement", "judgment", "judgement", "ruling",
		"convention", "agreement", "treaty", "verordnung", "richtlinie", "règlement", "reglamento", "regolamento", "rozporządzenie", "law of", "act of", "gesetz", "loi du"}
	currencies = []string{"€", "eur", "euro", "euros", "$", "£", "usd", "gbp", "pln", "zł", "chf", "sek"}
	units      = []string{"€", "eur", "euro", "$", "£", "usd", "zł", "pln", "million", "billion", "people", "person", "migrant", "refugee", "applica",
		"asylum", "arrival", "return", "decision", "case", "children", "minor", "individual", "displaced", "resident", "worker", "visa", "permit",
		"crossing", "border", "tonne", "km", "%", "percent", "per cent", "inhabitant", "citizen", "national", "beneficiar"}
)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// endsWithAny reports whether s ends with one of words as a whole word.
func endsWithAny(s string, words []string) bool {
	s = strings.TrimRight(s, " ")
	for _, w := range words {
		if strings.HasSuffix(s, w) && (len(s) == len(w) || !isAlnum(s[len(s)-len(w)-1]) || !isAlnum(w[0])) {
			return true
		}
	}
	return false
}

func startsWithAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
