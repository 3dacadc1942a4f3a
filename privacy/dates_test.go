package privacy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMaskDatesOfBirth pins the three cases in dates.go, and the dates of
// laws and events that must stay.
func TestMaskDatesOfBirth(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keyword, year only", "I was born in 1990 in Herat", "I was born in [date of birth] in Herat"},
		{"keyword, Portuguese", "nasci em 3 de maio de 1991", "nasci em [date of birth]"},
		{"keyword, Dutch", "geboren op 12 maart 1985", "geboren op [date of birth]"},
		{"keyword, Bulgarian", "роден съм на 5 май 1980", "роден съм на [date of birth]"},
		{"keyword, Bulgarian direct", "роден на 5 май 1980", "роден на [date of birth]"},
		{"appositive, child", "my son, 3 March 2015, has no papers", "my son, [date of birth], has no papers"},
		{"appositive, parenthesis", "ma fille (12/05/2018) est malade", "ma fille ([date of birth]) est malade"},
		{"appositive, colon", "me: 1990-03-12", "me: [date of birth]"},
		{"appositive to a name", "my name is Amir Hosseini, 12 March 1990, from Herat", "my name is [name], [date of birth], from Herat"},
		{"bare numeric, old year", "Amir, 12.03.1990, Afghan", "Amir, [date of birth], Afghan"},
		// Dates of laws and events stay.
		{"law", "Directive 2013/33/EU of 26 June 2013", "Directive 2013/33/EU of 26 June 2013"},
		{"event after a person", "my son arrived on 3 March 2024", "my son arrived on 3 March 2024"},
		{"event, comma but no person", "Regulation (EU) 2024/1351, 14 May 2024, applies", "Regulation (EU) 2024/1351, 14 May 2024, applies"},
		{"since", "my wife, since 14 May 2024, works in Lyon", "my wife, since 14 May 2024, works in Lyon"},
		{"bare numeric, recent year", "the hearing is on 12.03.2026", "the hearing is on 12.03.2026"},
		{"legal numeric", "OJ L 180, 29.06.2013, p. 96", "OJ L 180, 29.06.2013, p. 96"},
		{"not a month", "my son, 3 Articles 2015", "my son, 3 Articles 2015"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Mask(tt.in))
		})
	}
}

// TestMaskIntroducedNames covers the intro phrases in several scripts and
// the words after them that are not names.
func TestMaskIntroducedNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"меня зовут иван и я из Сирии", "меня зовут [name] и я из Сирии"},
		{"Мене звати Оксана Коваль", "Мене звати [name]"},
		{"Με λένε Νίκος Παπαδόπουλος", "Με λένε [name]"},
		{"jag heter Sara Lind och bor i Malmö", "jag heter [name] och bor i Malmö"},
		{"zovem se Amra Hodžić", "zovem se [name]"},
		{"jmenuji se Jana Nováková", "jmenuji se [name]"},
		{"benim adım Mehmet Yılmaz", "benim adım [name]"},
		{"انا اسمي احمد و عمري ٢٠ سنة", "انا اسمي [name] و عمري ٢٠ سنة"},
		{"نام من مریم است", "نام من [name] است"},
		// Not names.
		{"My name is not important, what does Article 16 say?", "My name is not important, what does Article 16 say?"},
		{"ما هو اسمي في الملف؟", "ما هو اسمي في الملف؟"},
		{"my names are on the list", "my names are on the list"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Mask(tt.in))
		})
	}
}
