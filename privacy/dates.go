package privacy

import (
	"regexp"
	"strings"
)

// A date of birth is masked in three cases, and only those, so that the
// dates of laws and events ("Directive 2013/33/EU of 26 June 2013", "I
// arrived on 14 March 2023") stay readable:
//
//  1. after a birth keyword in any of the bot's languages ("born", "DOB",
//     "né le", "geboren am", "nací el", "родился" …), any date form,
//     a bare year included ("born in 1990");
//  2. written as an appositive to a person: a full day-month-year date
//     set off by a comma, a colon or a parenthesis right after a word for
//     the asker or a relative ("my daughter, 14 March 2011, …", "my son
//     (02/07/2016)", "me: 12.03.1990") or after a name found in the text
//     ("my name is Amir, 12.03.1990");
//  3. bare, when written all in digits (dd.mm.yyyy, dd/mm/yyyy) with a year
//     from 1920 to 2014 and no legal text named just before it: the law
//     writes its dates with month names ("of 14 May 2024") or after the
//     act's name ("OJ L 180, 29.6.2013"), and a date that old is more
//     likely a birth than anything a citizen asks about.
//
// A date after "on", "since", "from" and the like is an event, not a
// birth, and is kept: the answer may need it.

// fullDate is a date with a day, a month and a year, in the orders the
// bot's languages write them.
const fullDate = `\d{4}-\d{1,2}-\d{1,2}` +
	`|\d{1,2}[./\-]\d{1,2}[./\-]\d{4}` +
	`|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+|de\s+)?\p{L}{3,12}\.?,?\s+(?:de\s+|del\s+)?\d{4}` +
	`|\p{L}{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`

var reFullDate = regexp.MustCompile(`(?i)\b(?:` + fullDate + `)\b`)

// personWords name the asker or a relative; a date set off right after
// one is that person's date of birth.
var personWords = wordSet(`me myself son daughter child kid baby boy girl wife husband partner mother father mum mom dad
	brother sister grandmother grandfather nephew niece grandson granddaughter
	moi fils fille femme mari enfant frère frere sœur soeur mère mere père pere bébé bebe
	ich sohn tochter frau mann kind bruder schwester mutter vater baby
	yo hijo hija esposa marido niño nino niña nina madre padre hermano hermana bebé
	io figlio figlia moglie marito bambino bambina madre padre fratello sorella
	ja syn córka corka żona zona mąż maz dziecko brat siostra matka ojciec
	zoon dochter vrouw man kind broer zus moeder vader eu filho filha esposa marido mãe mae pai irmão irmao irmã irma`)

// appositiveDates adds the dates of case 2 above: each full date near a
// four-digit year is looked at once.
func appositiveDates(s *scan, found []Finding) []Finding {
	text := s.text
	done := -1
	for _, c := range s.numbers {
		if c.run < 4 || c.hi <= done {
			continue
		}
		lo := max(0, c.lo-30)
		for lo > 0 && !spaceByte(text[lo-1]) {
			lo--
		}
		for _, loc := range reFullDate.FindAllStringIndex(text[lo:c.hi], -1) {
			start, end := lo+loc[0], lo+loc[1]
			f := Finding{Kind: KindDateOfBirth, Start: start, End: end}
			if end <= done || overlapsAny(found, f) || !monthWordsOnly(text[start:end]) || !appositive(text, start, found) {
				continue
			}
			found = append(found, f)
		}
		done = c.hi
	}
	return found
}

// appositive reports whether the date at start is set off by a comma,
// colon or parenthesis right after a person word or a name finding.
func appositive(text string, start int, found []Finding) bool {
	i := start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if i == 0 || !strings.ContainsRune(",(:", rune(text[i-1])) {
		return false
	}
	i--
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	for _, f := range found {
		if f.Kind == KindName && f.End == i {
			return true
		}
	}
	w := i
	for w > 0 && wordByte(text[w-1]) {
		w--
	}
	return w < i && personWords[strings.ToLower(text[w:i])]
}

// monthWordsOnly reports whether every word of a date is a month name or
// one of the little words dates are written with ("of", "de", "3rd").
func monthWordsOnly(date string) bool {
	_, _, ok := dobSpan(date, 0, len(date))
	return ok
}
