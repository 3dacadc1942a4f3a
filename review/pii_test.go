package review

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetectPII(t *testing.T) {
	type hit struct{ kind, text string }
	tests := []struct {
		name string
		text string
		want []hit
	}{
		// Personal data that must be found.
		{"email", "Write to me at amira.k+eu@example.org please", []hit{{PIIEmail, "amira.k+eu@example.org"}}},
		{"email subdomain", "contact: j_doe@mail.gov.example.de.", []hit{{PIIEmail, "j_doe@mail.gov.example.de"}}},
		{"intl phone spaced", "call +49 151 2345 6789 tomorrow", []hit{{PIIPhone, "+49 151 2345 6789"}}},
		{"intl phone dashes", "my number: +33-6-12-34-56-78", []hit{{PIIPhone, "+33-6-12-34-56-78"}}},
		{"intl phone brackets", "+44 (20) 7946 0958 is the office", []hit{{PIIPhone, "+44 (20) 7946 0958"}}},
		{"00 prefix phone", "ring 0049 30 1234567 now", []hit{{PIIPhone, "0049 30 1234567"}}},
		{"national phone fr", "tel 06 12 34 56 78", []hit{{PIIPhone, "06 12 34 56 78"}}},
		{"national phone de", "ich bin unter 0151 23456789 erreichbar", []hit{{PIIPhone, "0151 23456789"}}},
		{"national phone slash", "030/1234567 ist meine Nummer", []hit{{PIIPhone, "030/1234567"}}},
		{"phone keyword", "my phone is 612 345 678", []hit{{PIIPhone, "612 345 678"}}},
		{"whatsapp", "whatsapp me on 771234567", []hit{{PIIPhone, "771234567"}}},
		{"passport keyword", "My passport number is C01X00T47, can I travel?", []hit{{PIIIDNumber, "C01X00T47"}}},
		{"passport lower", "passport no. p1234567 expired", []hit{{PIIIDNumber, "p1234567"}}},
		{"id card", "ID card: 12AB34567", []hit{{PIIIDNumber, "12AB34567"}}},
		{"residence permit", "residence permit nr Y1234567", []hit{{PIIIDNumber, "Y1234567"}}},
		{"bare passport-like", "I have C01X00T47 and need help", []hit{{PIIIDNumber, "C01X00T47"}}},
		{"dni", "Mi DNI 12345678Z", []hit{{PIIIDNumber, "12345678Z"}}},
		{"pesel", "PESEL 02070803628", []hit{{PIIIDNumber, "02070803628"}}},
		{"us passport", "passport A12345678 lost", []hit{{PIIIDNumber, "A12345678"}}},
		{"bare spanish passport", "PAA123456 is my number", []hit{{PIIIDNumber, "PAA123456"}}},
		{"nie bare", "NIE X1234567L caducado", []hit{{PIIIDNumber, "X1234567L"}}},
		{"codice fiscale", "codice fiscale RSSMRA85T10A562S", []hit{{PIIIDNumber, "RSSMRA85T10A562S"}}},
		{"bamf case bare", "BAMF says 1234567-439 is closed", []hit{{PIICaseNumber, "1234567-439"}}},
		{"case number", "My case number is 2023/12345, what now?", []hit{{PIICaseNumber, "2023/12345"}}},
		{"file no", "file no. AB-2023-0042 at the office", []hit{{PIICaseNumber, "AB-2023-0042"}}},
		{"aktenzeichen", "Aktenzeichen: 7654321-123", []hit{{PIICaseNumber, "7654321-123"}}},
		{"az dot", "Az. 1234567-438", []hit{{PIICaseNumber, "1234567-438"}}},
		{"application ref", "application reference: UKR-2022-55871", []hit{{PIICaseNumber, "UKR-2022-55871"}}},
		{"dossier n°", "dossier n° 2023-4567 à l'OFPRA", []hit{{PIICaseNumber, "2023-4567"}}},
		{"passeport n°", "passeport n°17AB12345", []hit{{PIIIDNumber, "17AB12345"}}},
		{"numero fr", "mon numéro est le 0612345678", []hit{{PIIPhone, "0612345678"}}},
		{"dob numeric", "I was born on 12.03.1990 in Aleppo", []hit{{PIIDateOfBirth, "12.03.1990"}}},
		{"dob label", "DOB: 01/02/1985", []hit{{PIIDateOfBirth, "01/02/1985"}}},
		{"dob words", "date of birth 3 March 1999", []hit{{PIIDateOfBirth, "3 March 1999"}}},
		{"dob us", "born March 3rd, 1999", []hit{{PIIDateOfBirth, "March 3rd, 1999"}}},
		{"dob iso", "birthdate 1999-03-03", []hit{{PIIDateOfBirth, "1999-03-03"}}},
		{"dob year", "I was born in 2007, am I a minor?", []hit{{PIIDateOfBirth, "2007"}}},
		{"dob fr", "née le 5 juin 2001", []hit{{PIIDateOfBirth, "5 juin 2001"}}},
		{"dob de", "geboren am 05.06.2001", []hit{{PIIDateOfBirth, "05.06.2001"}}},
		{"several", "mail a@b.eu or call +32 470 12 34 56", []hit{{PIIEmail, "a@b.eu"}, {PIIPhone, "+32 470 12 34 56"}}},

		// Policy language that must be left alone.
		{"amount", "The EU gives €2 billion to Türkiye", nil},
		{"big amount", "a budget of EUR 1 500 000 000 for 2021-2027", nil},
		{"article", "What does Article 16 say?", nil},
		{"regulation", "Regulation (EU) 2024/1351 on asylum and migration management", nil},
		{"regulation no", "Regulation (EU) No 604/2013 (Dublin III)", nil},
		{"directive", "Directive 2013/33/EU lays down reception standards", nil},
		{"year", "What changed in 2024?", nil},
		{"years range", "the period 2021-2027 and 2015/2016", nil},
		{"date without birth", "The Pact applies from 12 June 2026.", nil},
		{"numeric date without birth", "The statement of 18.03.2016 with Türkiye", nil},
		{"court case", "see Case C-808/18 Commission v Hungary", nil},
		{"case law", "In case C-808/18 the Court ruled", nil},
		{"celex", "CELEX 32024R1351 and 32013L0033", nil},
		{"com doc", "COM(2020) 609 final and SWD(2024) 66", nil},
		{"percent", "Returns rose by 16% to 91 465 people", nil},
		{"covid", "COVID19 slowed resettlement", nil},
		{"h2020", "H2020 and AMIF 2021-2027 funding", nil},
		{"phone-like stats", "there were 1 049 020 applications", nil},
		{"decimal", "a 0.5 percent increase, 0,75 in 2023", nil},
		{"at mention", "@everyone what is Eurodac?", nil},
		{"ids words", "Does my ID card let me travel?", nil},
		{"passport words", "Can I get a passport 2 years after?", nil},
		{"reference to regulation", "with reference to Regulation 2024/1351", nil},
		{"application of", "the application of Regulation 2024/1348", nil},
		{"case of", "in the case of 1234 people", nil},
		{"ep doc", "report A9-0149/2023 of the Parliament", nil},
		{"case years", "my case 2015-2016 was long", nil},
		{"permit years", "residence permit 2021/2022", nil},
		{"named years", "AMIF2021 and MFF2021 under the EU2024BE presidency, ISO3166", nil},
		{"polish nie", "nie 2000000 osób", nil},
		{"discord mention", "<@803511102246789120> what about Eurodac?", nil},
		{"eu numbers", "Tel. switchboard is in Brussels; OJ L, 2024/1351, 22.5.2024; ELI: http://data.europa.eu/eli/reg/2024/1351/oj", nil},
		{"legal refs", "Article 3(1)(a), points (a) to (c), Annex II, recital 45, ECLI:EU:C:2020:367", nil},
		{"money", "EUR 1,5 billion, €20 000 per person and 30 000 relocations", nil},
		{"percent change", "applications rose +32% and fell -12.5%", nil},
		{"council doc", "Council document 16407/24 and PE-CONS 21/24", nil},
		{"id document words", "an ID document issued by the host state", nil},
		{"case statistic", "Case number of asylum applications rose 18%", nil},
		{"tel aviv", "flights from Tel Aviv in 2023", nil},
		{"convention", "the 1951 Refugee Convention and Article 78(2) TFEU", nil},
		{"official journal", "OJ L 180, 29.6.2013, p. 96", nil},
		{"isbn", "ISBN 978-92-76-12345-6", nil},
		{"date range", "from 01.01.2024 - 31.12.2027", nil},
		{"short date", "on 01/01/2024 the rules changed", nil},
		{"plus count", "an increase of + 12 000 people", nil},
		{"born year policy", "children born in the EU", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []hit
			for _, m := range DetectPII(tt.text) {
				assert.Equal(t, m.Text, tt.text[m.Start:m.End])
				got = append(got, hit{m.Kind, m.Text})
			}
			assert.Equal(t, tt.want, got, "text: %s", tt.text)
		})
	}
}

func TestMaskPII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"I was born on 12.03.1990, passport C01X00T47, mail me at x@y.org or +49 151 2345 6789.",
			"I was born on [date of birth], passport [ID number], mail me at [email] or [phone number]."},
		{"My case number is 2023/12345 under Regulation (EU) 2024/1351.",
			"My case number is [case number] under Regulation (EU) 2024/1351."},
		{"What does Article 16 of Regulation (EU) 2024/1351 say about €2 billion in 2024?",
			"What does Article 16 of Regulation (EU) 2024/1351 say about €2 billion in 2024?"},
		{"", ""},
		// Kinds review did not detect before it delegated to privacy.
		{"My name is Amir Hosseini, IBAN DE89 3704 0044 0532 0130 00.",
			"My name is [name], IBAN [IBAN]."},
		{"I live at 12 Rue de la Paix, 75002 Paris and I am pregnant.",
			"I live at [address] and I am [health information]."},
		{"mail\u202e me at a\u200b@b.eu", "mail me at [email]"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, MaskPII(tt.in))
	}
}

// DetectPII reports offsets into the text as given, invisible characters
// included, so that callers can cut the match out of the original.
func TestDetectPIIOffsetsWithInvisibleCharacters(t *testing.T) {
	text := "\u202ewrite to a\u200b@b.eu now"
	got := DetectPII(text)
	if assert.Len(t, got, 1) {
		assert.Equal(t, PIIMatch{Kind: PIIEmail, Start: 12, End: 21, Text: "a\u200b@b.eu"}, got[0])
		assert.Equal(t, got[0].Text, text[got[0].Start:got[0].End])
	}
}
