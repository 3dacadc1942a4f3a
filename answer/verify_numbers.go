package answer

import (
	"regexp"
	"strconv"
	"strings"
)

// numberRE matches a figure: digits grouped by thousands ("30 000",
// "2,000,000,000") or plain, with a decimal part, then an optional scale
// word. A group of exactly three digits after a separator is read as
// thousands, anything else after "," or "." as decimals ("1,5 milliard").
var numberRE = regexp.MustCompile(`(?i)(\d{1,3}(?:[ \x{a0}\x{202f},.]\d{3})+|\d+)((?:[.,]\d+)?)(?:\s*(` + scalePattern + `)\b)?`)

// scales are the words that multiply a figure, in the languages an answer
// may be written in ("2 milliards" is "€2 billion").
var scales = map[string]float64{
	"thousand": 1e3, "thousands": 1e3, "mil": 1e3, "tausend": 1e3, "mille": 1e3,
	"million": 1e6, "millions": 1e6, "mio": 1e6, "m": 1e6, "millionen": 1e6, "millones": 1e6, "milioni": 1e6, "milione": 1e6,
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9,
	"milliarden": 1e9, "mrd": 1e9, "miliardi": 1e9, "miliardo": 1e9, "mld": 1e9,
}

const scalePattern = `thousands?|tausend|mille|mil|millions?|millionen|millones|milioni|milione|mio|billions?|bn|milliards?|milliarden?|miliardi|miliardo|mrd|mld|m`

// numberWords are spelled-out numbers an answer or a passage may use
// instead of digits. Words that are also common words elsewhere ("one",
// "un", "once", "due", "sei") are left out: they would count as invented
// figures.
var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
	"douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
	"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
	"zwölf": 12, "zwanzig": 20, "dreißig": 30,
	"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
	"doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
	"tre": 3, "quattro": 4, "cinque": 5, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
	"dodici": 12, "venti": 20, "trenta": 30,
}

// mention is one figure of a text: as written, and its normalised value.
type mention struct {
	text  string
	value string
}

// numberMentions returns the figures of s, digits and spelled-out numbers.
func numberMentions(s string) []mention {
	var out []mention
	for _, m := range numberRE.FindAllStringSubmatch(s, -1) {
		whole := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m[1])
		f, err := strconv.ParseFloat(whole+strings.Replace(m[2], ",", ".", 1), 64)
		if err != nil {
			continue
		}
		if m[3] != "" {
			f *= scales[strings.ToLower(m[3])]
		}
		out = append(out, mention{text: strings.TrimSpace(m[0]), value: formatNumber(f)})
	}
	ws := words(s)
	for i, w := range ws {
		f, ok := numberWords[w]
		if !ok {
			continue
		}
		text := w
		if i+1 < len(ws) && scales[ws[i+1]] > 0 && ws[i+1] != "m" {
			f *= scales[ws[i+1]]
			text += " " + ws[i+1]
		}
		out = append(out, mention{text: text, value: formatNumber(f)})
	}
	return out
}

// numbersIn returns the normalised values of the figures of s.
func numbersIn(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range numberMentions(s) {
		out[m.value] = true
	}
	return out
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
