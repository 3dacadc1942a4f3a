package privacy

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMask pins the cases the design names, and a few policy sentences
// they must not disturb.
func TestMask(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"name", "my name is Amir Hosseini", "my name is [name]"},
		{"compact IBAN", "DE89370400440532013000", "[IBAN]"},
		{"spaced IBAN whole", "IBAN DE89 3704 0044 0532 0130 00, thanks", "IBAN [IBAN], thanks"},
		{"French IBAN", "FR7630006000011234567890189", "[IBAN]"},
		{"PESEL", "PESEL 44051401359", "PESEL [ID number]"},
		{"NINO", "NINO QQ 12 34 56 C", "NINO [ID number]"},
		{"date of birth", "I was born on 12/03/1990", "I was born on [date of birth]"},
		{"address", "I live at 12 Rue de la Paix, 75002 Paris", "I live at [address]"},
		{"email", "mail me: amira.k+eu@example.org", "mail me: [email]"},
		{"intl phone", "+49 151 23456789", "[phone number]"},
		{"national phone", "0151 2345678", "[phone number]"},
		{"several", "Mr Karimi, born 01.02.1985, +49 151 23456789, a@b.eu",
			"Mr [name], born [date of birth], [phone number], [email]"},
		{"bidi and zero width", "abc\u202edef\u2066 g\u200bh\ufeff", "abcdef gh"},
		{"joiner in Persian kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"joiner in an e-mail removed", "a\u200d@b.eu", "[email]"},
		{"invalid IBAN checksum", "DE89370400440532013001", "DE89370400440532013001"},
		{"invalid card", "4111 1111 1111 1112", "4111 1111 1111 1112"},
		{"invalid PESEL", "44051401358", "44051401358"},
		{"legal question", "Does Article 33 of Regulation (EU) 2024/1351 of 14 May 2024 apply in Dublin?",
			"Does Article 33 of Regulation (EU) 2024/1351 of 14 May 2024 apply in Dublin?"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Mask(tt.in))
		})
	}
}

func TestFound(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Finding
	}{
		{"none", "What does Article 16 say?", nil},
		{"two kinds", "call +49 151 23456789 or a@b.eu",
			[]Finding{{KindPhone, 5, 21}, {KindEmail, 25, 31}}},
		// Offsets are into the text as given: the zero-width space is
		// inside the e-mail and the bidi control before it is skipped.
		{"invisible", "\u202ea\u200b@b.eu", []Finding{{KindEmail, 0, 12}}},
		{"health keeps the phrase", "I have tuberculosis", []Finding{{KindHealth, 7, 19}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Found(tt.text))
		})
	}
}

func TestStripPlaceholders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"my name is [name] and I need asylum", "my name is and I need asylum"},
		{"[email] can I appeal?", "can I appeal?"},
		{"call [phone number]", "call"},
		{"Article 5 [ID number][IBAN] x", "Article 5 x"},
		{"a list [1] and [note] stay", "a list [1] and [note] stay"},
		{"[personal data] left by bot", "left by bot"},
		{"no placeholder", "no placeholder"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, StripPlaceholders(tt.in))
		})
	}
}

func TestIsPlaceholder(t *testing.T) {
	for _, kind := range []string{KindEmail, KindPhone, KindName, KindAddress, KindIBAN, KindCard,
		KindIDNumber, KindCaseNumber, KindDateOfBirth, KindHealth, KindIP, "unknown"} {
		assert.True(t, IsPlaceholder(Placeholder(kind)), kind)
	}
	for _, w := range []string{"", "[1]", "name", "[Name]", "[email] "} {
		assert.False(t, IsPlaceholder(w), w)
	}
}

func TestChecksums(t *testing.T) {
	tests := []struct {
		name  string
		valid func(string) bool
		in    string
		want  bool
	}{
		{"IBAN DE", validIBAN, "DE89370400440532013000", true},
		{"IBAN FR", validIBAN, "FR7630006000011234567890189", true},
		{"IBAN GB", validIBAN, "GB82WEST12345698765432", true},
		{"IBAN wrong digit", validIBAN, "DE89370400440532013001", false},
		{"IBAN wrong length", validIBAN, "DE8937040044053201300", false},
		{"IBAN unknown country", validIBAN, "QQ89370400440532013000", false},
		{"Luhn Visa", luhn, "4111111111111111", true},
		{"Luhn wrong", luhn, "4111111111111112", false},
		{"PESEL", validPESEL, "44051401359", true},
		{"PESEL 2000s", validPESEL, "02270803624", true},
		{"PESEL bad month", validPESEL, "44151401359", false},
		{"NIR", validNIR, "185057800608491", true},
		{"NIR bad key", validNIR, "185057800608436", false},
		{"DNI", validDNI, "12345678Z", true},
		{"NIE", validDNI, "X1234567L", true},
		{"DNI bad letter", validDNI, "12345678A", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.valid(tt.in))
		})
	}
}

// TestDetection measures detection over testdata/positives.json (a case
// counts when Mask gives exactly the expected text) and allows no false
// positive over testdata/negatives.txt, questions about the law.
func TestDetection(t *testing.T) {
	var positives []struct{ Text, Want string }
	data, err := os.ReadFile("testdata/positives.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &positives))
	exact, any := 0, 0
	for _, p := range positives {
		got := Mask(p.Text)
		if got == p.Want {
			exact++
		} else {
			t.Logf("miss: %q\n  got  %q\n  want %q", p.Text, got, p.Want)
		}
		if got != p.Text {
			any++
		}
	}
	t.Logf("detection: %d/%d exact (%.1f%%), %d/%d with something masked",
		exact, len(positives), 100*float64(exact)/float64(len(positives)), any, len(positives))
	assert.GreaterOrEqual(t, float64(exact)/float64(len(positives)), 0.9)

	f, err := os.Open("testdata/negatives.txt")
	require.NoError(t, err)
	defer f.Close()
	n, fp := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" || strings.HasPrefix(q, "#") {
			continue
		}
		n++
		if got := Mask(q); got != q {
			fp++
			t.Errorf("false positive: %q\n  masked %q", q, got)
		}
	}
	require.NoError(t, sc.Err())
	t.Logf("false positives: %d/%d", fp, n)
}

// A question as long as most (about 200 characters) with some personal
// data in it; masking runs on every question.
const benchQuestion = "Hello, my name is Amir Hosseini and I was born on 12/03/1990. " +
	"Can my wife join me in Germany under Article 33 of Regulation (EU) 2024/1351? " +
	"Call me on +49 151 23456789 please."

func BenchmarkMask(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Mask(benchQuestion)
	}
}

func BenchmarkMaskClean(b *testing.B) {
	q := "How long can the screening at the external border last, and can a family with children be " +
		"detained during the border procedure under Regulation (EU) 2024/1348 adopted on 14 May 2024?"
	b.ReportAllocs()
	for b.Loop() {
		Mask(q)
	}
}

// FuzzMask checks that any text can be masked, that findings are in
// order, inside the text and disjoint, and that no invisible character
// survives masking.
func FuzzMask(f *testing.F) {
	f.Add(benchQuestion)
	f.Add("IBAN DE89 3704 0044 0532 0130 00 my name is \u202eAmir a\u200d@b.eu +49 151 23456789")
	f.Add("QQ 12 34 56 C 1 85 05 78 006 084 91 Hauptstraße 5, 10115 Berlin")
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, g := range Found(text) {
			if g.Start < last || g.End <= g.Start || g.End > len(text) {
				t.Fatalf("bad finding %+v in %q", g, text)
			}
			last = g.End
		}
		if masked := Mask(text); hasInvisible(masked) {
			t.Fatalf("invisible character left in %q", masked)
		}
	})
}
