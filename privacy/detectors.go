package privacy

import (
	"regexp"
	"strings"
)

// detector finds one kind of personal data.
type detector struct {
	kind string
	re   *regexp.Regexp
	// group is the submatch that holds the personal data: 0 for all of it,
	// -1 for the first submatch that matched (for patterns that are an
	// alternation of several phrasings).
	group int
	// quick, when set, is a cheap test a text must pass for re to be run:
	// most questions have no '@', and many no digit.
	quick func(string) bool
	// trim, when set, vets a candidate text[start:end] and may narrow it.
	trim func(text string, start, end int) (int, int, bool)
}

// detectors lists the detectors by priority: where two overlap, the
// earlier one wins. Checksummed numbers come first (an IBAN holds digits a
// phone pattern would take), then keyword-led matches, then bare shapes.
// The list and its compiled expressions are never modified.
var detectors = []detector{
	{kind: KindEmail, re: reEmail, quick: hasByte('@')},
	{kind: KindIBAN, re: reIBAN, quick: hasDigit, trim: ibanSpan},
	{kind: KindCard, re: reCard, quick: hasDigit, trim: cardSpan},
	{kind: KindIDNumber, re: reNIR, quick: hasDigit, trim: checked(validNIR)},
	{kind: KindIDNumber, re: rePESEL, quick: hasDigit, trim: checked(validPESEL)},
	{kind: KindIDNumber, re: reDNI, quick: hasDigit, trim: checked(validDNI)},
	{kind: KindIDNumber, re: reNINO, quick: hasDigit},
	{kind: KindIDNumber, re: reCodiceFiscale, quick: hasDigit},
	{kind: KindIP, re: reIPv4, quick: hasByte('.'), trim: ipv4Span},
	{kind: KindIP, re: reIPv6, quick: hasByte(':'), trim: ipv6Span},
	{kind: KindDateOfBirth, re: reDOB, group: 1, quick: hasDigit},
	{kind: KindHealth, re: reHealth, group: -1},
	{kind: KindName, re: reNameIntro, group: 1, trim: nameSpan},
	{kind: KindName, re: reNameTitle, group: 1, trim: titledNameSpan},
	{kind: KindAddress, re: reStreet, quick: hasDigit, trim: streetSpan},
	{kind: KindAddress, re: rePostcodeCity, group: 1, quick: hasDigit},
	{kind: KindAddress, re: reUKPostcode, quick: hasDigit},
	{kind: KindCaseNumber, re: reCaseCtx, group: 1, quick: hasDigit, trim: vet(caseLike)},
	{kind: KindIDNumber, re: reIDCtx, group: 1, quick: hasDigit, trim: vet(idLike)},
	{kind: KindPhone, re: rePhoneCtx, group: 1, quick: hasDigit, trim: vet(digitsBetween(7, 15))},
	{kind: KindPhone, re: rePhoneIntl, quick: hasDigit, trim: vet(digitsBetween(8, 15))},
	{kind: KindDateOfBirth, re: reBareDate, quick: hasDigit, trim: bareDateSpan},
	{kind: KindPhone, re: rePhoneNational, quick: hasDigit, trim: vet(nationalPhone)},
	{kind: KindPhone, re: rePhoneNoTrunk, quick: hasDigit, trim: noTrunkPhoneSpan},
	{kind: KindCaseNumber, re: reBAMFCase, quick: hasDigit},
	{kind: KindIDNumber, re: reIDToken, quick: hasDigit, trim: vet(bareIDLike)},
}

func hasByte(c byte) func(string) bool {
	return func(s string) bool { return strings.IndexByte(s, c) >= 0 }
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// vet adapts a test of the candidate's text to a trim.
func vet(ok func(string) bool) func(string, int, int) (int, int, bool) {
	return func(text string, start, end int) (int, int, bool) {
		return start, end, ok(text[start:end])
	}
}

// checked vets a candidate by the checksum of its compact form.
func checked(valid func(string) bool) func(string, int, int) (int, int, bool) {
	return vet(func(s string) bool { return valid(compact(s)) })
}

// before returns up to n bytes of text before i, lower-cased.
func before(text string, i, n int) string {
	return strings.ToLower(text[max(0, i-n):i])
}

// after returns up to n bytes of text after i, lower-cased.
func after(text string, i, n int) string {
	return strings.ToLower(text[i:min(len(text), i+n)])
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
