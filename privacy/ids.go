package privacy

import (
	"regexp"
	"strings"
)

// National identity numbers that carry a check digit (or a birth date and
// a check digit), so that a bare number of the right shape is taken as an
// id: a random number passes one of these tests about once in ten or more,
// and numbers of these shapes are rare in the law (years, article
// numbers, amounts and EU document numbers have other shapes).
var (
	// German tax id (steuerliche Identifikationsnummer): 11 digits,
	// compact or in the 2-3-3-3 groups the tax office prints.
	reSteuerID = regexp.MustCompile(`\b[1-9]\d(?: ?\d{3}){3}\b`)
	// Dutch BSN: 9 digits, compact or 4-2-3 with dots or spaces.
	reBSN = regexp.MustCompile(`\b\d{4}[ .]?\d{2}[ .]?\d{3}\b`)
	// Finnish henkilötunnus: ddmmyy, a century sign, 3 digits, a check
	// character.
	reHETU = regexp.MustCompile(`(?i)\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]\b`)
	// Swedish personnummer and Danish CPR number: yymmdd-nnnn (or
	// yyyymmdd-nnnn in Sweden), ddmmyy-nnnn in Denmark.
	rePersonnummer = regexp.MustCompile(`\b(?:\d{2})?\d{6}[-+]\d{4}\b`)
	// Belgian national register number: yy.mm.dd-sss.cc or 11 digits.
	reBelgianNN = regexp.MustCompile(`\b\d{2}\.\d{2}\.\d{2}[- ]\d{3}\.\d{2}\b`)
	// Romanian CNP: 13 digits starting with the sex and century digit.
	reCNP = regexp.MustCompile(`\b[1-8]\d{12}\b`)
)

// validSteuerID checks a German tax id: no leading zero, in the first ten
// digits one digit occurs twice or three times and no other repeats, and
// the ISO 7064 MOD 11,10 check digit.
func validSteuerID(s string) bool {
	if len(s) != 11 || s[0] == '0' || !allDigits(s) {
		return false
	}
	var count [10]int
	for _, c := range s[:10] {
		count[c-'0']++
	}
	repeated := 0
	for _, n := range count {
		switch {
		case n == 2 || n == 3:
			repeated++
		case n > 3:
			return false
		}
	}
	if repeated != 1 {
		return false
	}
	product := 10
	for _, c := range s[:10] {
		sum := (int(c-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = sum * 2 % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check == int(s[10]-'0')
}

// validBSN checks a Dutch citizen service number by the "11-test":
// 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not 0).
func validBSN(s string) bool {
	if len(s) != 9 || !allDigits(s) {
		return false
	}
	sum := 0
	for i := range 8 {
		sum += int(s[i]-'0') * (9 - i)
	}
	sum -= int(s[8] - '0')
	return sum > 0 && sum%11 == 0
}

// validHETU checks a Finnish personal identity code: a real day and month
// and the check character of the nine digits modulo 31.
func validHETU(s string) bool {
	s = strings.ToUpper(s)
	if len(s) != 11 || !allDigits(s[:6]) || !allDigits(s[7:10]) || !validDayMonth(s[:2], s[2:4]) {
		return false
	}
	n := 0
	for _, c := range s[:6] + s[7:10] {
		n = n*10 + int(c-'0')
	}
	return "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31] == s[10]
}

// validPersonnummer checks a Swedish personnummer (a birth date, or the
// day plus 60 for a coordination number, and a Luhn digit over the last
// ten digits) or a Danish CPR number (a birth date ddmmyy; CPR numbers
// issued since 2007 have no check digit).
func validPersonnummer(s string) bool {
	digits := strings.NewReplacer("-", "", "+", "").Replace(s)
	if !allDigits(digits) {
		return false
	}
	if len(digits) == 12 {
		digits = digits[2:]
	}
	if len(digits) != 10 {
		return false
	}
	day := digits[4:6]
	if day[0] >= '6' {
		day = string(day[0]-6) + day[1:]
	}
	swedish := validDayMonth(day, digits[2:4]) && luhn(digits)
	danish := len(s) == 11 && validDayMonth(digits[:2], digits[2:4])
	return swedish || danish
}

// validBelgianNN checks a Belgian national register number: a birth date
// (month and day may be 00 when unknown) and 97 minus the first nine digits
// modulo 97, with a 2 in front for those born since 2000.
func validBelgianNN(s string) bool {
	if len(s) != 11 || !allDigits(s) {
		return false
	}
	if m := atoi2(s[2:4]); m > 12 && m < 20 || m > 52 {
		return false
	}
	check := atoi2(s[9:])
	body := 0
	for _, c := range s[:9] {
		body = body*10 + int(c-'0')
	}
	return 97-body%97 == check || 97-(2_000_000_000+body)%97 == check
}

// validCNP checks a Romanian personal numeric code: a birth date and the
// weighted check digit (weights 279146358279, sum modulo 11, 10 → 1).
func validCNP(s string) bool {
	if len(s) != 13 || !allDigits(s) || !validDayMonth(s[5:7], s[3:5]) {
		return false
	}
	const weights = "279146358279"
	sum := 0
	for i := range 12 {
		sum += int(s[i]-'0') * int(weights[i]-'0')
	}
	check := sum % 11
	if check == 10 {
		check = 1
	}
	return check == int(s[12]-'0')
}

// codiceOdd is the value of a character in an odd position (1st, 3rd …) of
// an Italian codice fiscale, for 0–9 and then A–Z; in even positions digits
// count 0–9 and letters 0–25.
var codiceOdd = [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// validCodiceFiscale checks the control letter of an Italian codice
// fiscale (16 characters).
func validCodiceFiscale(s string) bool {
	s = strings.ToUpper(s)
	if len(s) != 16 {
		return false
	}
	sum := 0
	for i, c := range s[:15] {
		var idx int
		switch {
		case c >= '0' && c <= '9':
			idx = int(c - '0')
		case c >= 'A' && c <= 'Z':
			idx = int(c-'A') + 10
		default:
			return false
		}
		if i%2 == 0 {
			sum += codiceOdd[idx]
		} else if idx >= 10 {
			sum += idx - 10
		} else {
			sum += idx
		}
	}
	return byte('A'+sum%26) == s[15]
}

// validDayMonth reports a day 01–31 (00 allowed as unknown) and a month
// 01–12 written as two digits each.
func validDayMonth(day, month string) bool {
	if !allDigits(day) || !allDigits(month) {
		return false
	}
	d, m := atoi2(day), atoi2(month)
	return d >= 1 && d <= 31 && m >= 1 && m <= 12
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// elevenDigitID accepts the 11-digit ids no earlier detector took: a
// German tax id or a Belgian national register number.
func elevenDigitID(s string) bool { return validSteuerID(s) || validBelgianNN(s) }

// bsnSpan accepts a Dutch BSN that passes the 11-test, unless an amount's
// currency comes just before it.
func bsnSpan(text string, start, end int) (int, int, bool) {
	if !validBSN(compact(text[start:end])) {
		return 0, 0, false
	}
	pre := strings.TrimRight(before(text, start, 6), " ")
	return start, end, pre == "" || !endsWithAny(pre, currencies)
}
