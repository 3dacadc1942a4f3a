package lang

import "unicode"

// The tables below are read-only after package initialization: they are
// configuration written as data, not state.

// scripts lists the writing systems Detect recognises, Latin first so it
// wins ties.
var scripts = []script{
	{"Latin", []*unicode.RangeTable{unicode.Latin}},
	{"Cyrillic", []*unicode.RangeTable{unicode.Cyrillic}},
	{"Greek", []*unicode.RangeTable{unicode.Greek}},
	{"Arabic", []*unicode.RangeTable{unicode.Arabic}},
	{"Hebrew", []*unicode.RangeTable{unicode.Hebrew}},
	{"Devanagari", []*unicode.RangeTable{unicode.Devanagari}},
	{"Bengali", []*unicode.RangeTable{unicode.Bengali}},
	{"Han", []*unicode.RangeTable{unicode.Han}},
	{"Kana", []*unicode.RangeTable{unicode.Hiragana, unicode.Katakana}},
	{"Hangul", []*unicode.RangeTable{unicode.Hangul}},
	{"Armenian", []*unicode.RangeTable{unicode.Armenian}},
	{"Georgian", []*unicode.RangeTable{unicode.Georgian}},
	{"Ethiopic", []*unicode.RangeTable{unicode.Ethiopic}},
	{"Thai", []*unicode.RangeTable{unicode.Thai}},
	{"Tamil", []*unicode.RangeTable{unicode.Tamil}},
	{"Gurmukhi", []*unicode.RangeTable{unicode.Gurmukhi}},
	{"Gujarati", []*unicode.RangeTable{unicode.Gujarati}},
	{"Sinhala", []*unicode.RangeTable{unicode.Sinhala}},
	{"Khmer", []*unicode.RangeTable{unicode.Khmer}},
	{"Myanmar", []*unicode.RangeTable{unicode.Myanmar}},
	{"Tibetan", []*unicode.RangeTable{unicode.Tibetan}},
}

// singleScript names the language Detect reports for a script it does
// not look inside. Scripts missing here (Armenian, Ethiopic, which serves
// both Amharic and Tigrinya, ...) give Code "": the script is still
// reported, so callers know the sources cannot be read by the asker.
var singleScript = map[string]string{
	"Greek":      "el",
	"Hebrew":     "he",
	"Devanagari": "hi",
	"Bengali":    "bn",
	"Hangul":     "ko",
}

// models tell apart the languages sharing a script.
var models = map[string]*model{
	"Latin":    newModel("en", true, latinFold, latinProfiles),
	"Cyrillic": newModel("ru", false, cyrillicFold, cyrillicProfiles),
	"Arabic":   newModel("ar", false, arabicFold, arabicProfiles),
}

// latinFold strips accents, so unaccented typing ("ou", "moge", "muzu")
// still matches the word lists; the accents themselves are counted as
// chars before folding.
var latinFold = foldTable(
	"a á à â ä ã å ā ă ą", "c ç ć č ċ", "d ď đ", "e é è ê ë ē ė ę ě",
	"g ğ ġ ģ", "h ħ", "i í ì î ï ī į ı", "k ķ", "l ĺ ļ ľ ł", "n ń ñ ņ ň",
	"o ó ò ô ö õ ő ø", "r ŕ ř", "s ś š ş ș", "ss ß", "t ť ţ ț",
	"u ú ù û ü ū ů ű ų", "y ý ÿ", "z ź ż ž", "ae æ", "oe œ",
)

var cyrillicFold = foldTable("е ё")

// arabicFold merges letters that Arabic, Farsi and Urdu keyboards type
// differently (Arabic ي ك against Farsi ی ک, hamza seats, tā' marbūṭa),
// so a Farsi word typed on an Arabic keyboard still matches. The letters
// as typed are counted as chars first.
var arabicFold = withDrop(foldTable("ی ي ى", "ک ك", "ا أ إ آ ٱ", "ه ة ۀ"), 'ـ')

func withDrop(t map[rune]string, rs ...rune) map[rune]string {
	for _, r := range rs {
		t[r] = ""
	}
	return t
}
