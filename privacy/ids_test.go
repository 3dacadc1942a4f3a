package privacy

import (
	"strings"

	"github.com/stretchr/testify/require"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNationalIDChecksums(t *testing.T) {
	tests := []struct {
		name  string
		valid func(string) bool
		in    string
		want  bool
	}{
		{"Steuer-ID", validSteuerID, "86095742719", true},
		{"Steuer-ID wrong check", validSteuerID, "86095742718", false},
		{"Steuer-ID no repeated digit", validSteuerID, "12345678903", false},
		{"Steuer-ID leading zero", validSteuerID, "06095742719", false},
		{"BSN", validBSN, "111222333", true},
		{"BSN 2", validBSN, "123456782", true},
		{"BSN wrong", validBSN, "123456789", false},
		{"BSN zero", validBSN, "000000000", false},
		{"HETU", validHETU, "131052-308T", true},
		{"HETU wrong check", validHETU, "131052-308U", false},
		{"HETU bad date", validHETU, "133052-308T", false},
		{"personnummer", validPersonnummer, "811218-9876", true},
		{"personnummer long", validPersonnummer, "19811218-9876", true},
		{"personnummer wrong Luhn, no date", validPersonnummer, "811299-9875", false},
		{"CPR", validPersonnummer, "070761-4285", true},
		{"CPR bad date", validPersonnummer, "320761-4285", false},
		{"Belgian NN", validBelgianNN, "93051822361", true},
		{"Belgian NN wrong", validBelgianNN, "93051822362", false},
		{"CNP", validCNP, "1800101221144", true},
		{"CNP wrong", validCNP, "1800101221145", false},
		{"codice fiscale", validCodiceFiscale, "RSSMRA85T10A562S", true},
		{"codice fiscale wrong letter", validCodiceFiscale, "RSSMRA85T10A562T", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.valid(tt.in))
		})
	}
}

// euIBANs are the example IBANs of the SWIFT registry for the EU and EEA
// countries (and Switzerland and the UK), one per country.
var euIBANs = []string{
	"AT611904300234573201", "BE68539007547034", "BG80BNBG96611020345678", "CH9300762011623852957",
	"CY17002001280000001200527600", "CZ6508000000192000145399", "DE89370400440532013000", "DK5000400440116243",
	"EE382200221020145685", "ES9121000418450200051332", "FI2112345600000785", "FR1420041010050500013M02606",
	"GB82WEST12345698765432", "GR1601101250000000012300695", "HR1210010051863000160", "HU42117730161111101800000000",
	"IE29AIBK93115212345678", "IS140159260076545510730339", "IT60X0542811101000000123456", "LI21088100002324013AA",
	"LT121000011101001000", "LU280019400644750000", "LV80BANK0000435195001", "MT84MALT011000012345MTLCAST001S",
	"NL91ABNA0417164300", "NO9386011117947", "PL61109010140000071219812874", "PT50000201231234567890154",
	"RO49AAAA1B31007593840000", "SE4550000000058398257466", "SI56263300012039086", "SK3112000000198742637541",
}

// grouped writes an IBAN in groups of four joined by sep.
func grouped(iban, sep string) string {
	var parts []string
	for i := 0; i < len(iban); i += 4 {
		parts = append(parts, iban[i:min(i+4, len(iban))])
	}
	return strings.Join(parts, sep)
}

// TestMaskIBANEveryCountry masks each IBAN whole, compact, in groups of
// four with spaces or dashes, and lower-case, inside a sentence; one wrong
// digit makes it no IBAN.
func TestMaskIBANEveryCountry(t *testing.T) {
	for _, iban := range euIBANs {
		require.True(t, validIBAN(iban), iban)
		for _, form := range []string{iban, grouped(iban, " "), grouped(iban, "-"), strings.ToLower(grouped(iban, " "))} {
			t.Run(form, func(t *testing.T) {
				assert.Equal(t, "my IBAN is [IBAN] and the bank is far", Mask("my IBAN is "+form+" and the bank is far"))
				assert.Equal(t, "[IBAN]", Mask(form))
			})
		}
		wrong := []byte(iban)
		wrong[len(wrong)-1] = '0' + (wrong[len(wrong)-1]-'0'+1)%10
		if isDigit(iban[len(iban)-1]) {
			assert.NotContains(t, Mask(string(wrong)), "[IBAN]", string(wrong))
		}
	}
}

// TestMaskNationalIDs masks valid ids bare and after their keyword, and
// leaves numbers of the same shape alone when the checksum fails or the
// text is about the law.
func TestMaskNationalIDs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"meine Steuer-ID ist 86095742719", "meine Steuer-ID ist [ID number]"},
		{"Identifikationsnummer 86 095 742 719", "Identifikationsnummer [ID number]"},
		{"BSN 111222333", "BSN [ID number]"},
		{"mijn nummer is 1112.22.333", "mijn nummer is [ID number]"},
		{"131052-308T", "[ID number]"},
		{"personnummer 19811218-9876", "personnummer [ID number]"},
		{"CPR 070761-4285", "CPR [ID number]"},
		{"numéro national 93.05.18-223.61", "numéro national [ID number]"},
		{"CNP 1800101221144", "CNP [ID number]"},
		{"PESEL 44051401359", "PESEL [ID number]"},
		{"RSSMRA85T10A562S", "[ID number]"},
		{"NIE Y1234567X", "NIE [ID number]"},
		// Checksums that fail, and numbers of the law.
		{"86095742718 is a number", "86095742718 is a number"},
		{"reference 123456789 of the grant", "reference [case number] of the grant"},
		{"a budget of 123456789 euros", "a budget of 123456789 euros"},
		{"€111222333 were paid", "€111222333 were paid"},
		{"131052-308U", "131052-308U"},
		{"Regulation (EU) 2024/1351 and Directive 2013/33/EU", "Regulation (EU) 2024/1351 and Directive 2013/33/EU"},
		{"Italy registered 157 651 arrivals and 1 049 020 applications", "Italy registered 157 651 arrivals and 1 049 020 applications"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Mask(tt.in))
		})
	}
}
