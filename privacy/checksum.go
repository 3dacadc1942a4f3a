package privacy

import "strings"

// ibanLengths is the length of an IBAN in each country of the SWIFT IBAN
// registry: a code of the right length whose checksum holds is an IBAN,
// one that merely looks like it ("AB12 CDEF GHIJ") is not.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
	"MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
	"PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
	"SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// compact returns s without spaces and dashes, upper-cased.
func compact(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(s))
}

// validIBAN checks the country length and the ISO 7064 mod-97 checksum of
// a compact, upper-case IBAN.
func validIBAN(s string) bool {
	if len(s) < 15 || ibanLengths[s[:2]] != len(s) {
		return false
	}
	rem := 0
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// luhn checks the Luhn digit of a string of digits.
func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// validPESEL checks a Polish PESEL: a birth date (the month carries the
// century) and a weighted check digit.
func validPESEL(s string) bool {
	if len(s) != 11 {
		return false
	}
	month := int(s[2]-'0')*10 + int(s[3]-'0')
	day := int(s[4]-'0')*10 + int(s[5]-'0')
	if m := month % 20; m < 1 || m > 12 || day < 1 || day > 31 {
		return false
	}
	weights := [10]int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return (10-sum%10)%10 == int(s[10]-'0')
}

// validNIR checks a French social security number (NIR, 15 characters once
// compact): sex, a month of birth and the key 97 − (number mod 97), with
// the Corsican departments 2A and 2B counted as 19 and 18.
func validNIR(s string) bool {
	if len(s) != 15 || (s[0] != '1' && s[0] != '2') {
		return false
	}
	if m := int(s[3]-'0')*10 + int(s[4]-'0'); m < 1 || (m > 12 && m < 20) || m > 99 {
		return false
	}
	body := s[:13]
	switch s[5:7] {
	case "2A":
		body = body[:5] + "19" + body[7:]
	case "2B":
		body = body[:5] + "18" + body[7:]
	}
	rem := 0
	for _, c := range body {
		if c < '0' || c > '9' {
			return false
		}
		rem = (rem*10 + int(c-'0')) % 97
	}
	key := int(s[13]-'0')*10 + int(s[14]-'0')
	return 97-rem == key
}

// validDNI checks the control letter of a Spanish DNI (8 digits and a
// letter) or NIE (X, Y or Z, 7 digits and a letter).
func validDNI(s string) bool {
	if len(s) != 9 {
		return false
	}
	s = strings.ToUpper(s)
	n := 0
	for i, c := range s[:8] {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		case i == 0 && c >= 'X' && c <= 'Z':
			n = int(c - 'X')
		default:
			return false
		}
	}
	return "TRWAGMYFPDXBNJZSQVHLCKE"[n%23] == s[8]
}
