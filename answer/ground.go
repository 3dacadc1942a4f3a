package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"pactbot/index"
	"pactbot/lang"
)

// Similarity lines for deciding coverage with passage vectors, for
// multilingual-e5-small (cosine of the question's and the best passage's
// vectors). Calibrated on the project's question sets: see
// eval/FINDINGS.md, "Grounding with vectors", and
// `go run ./eval/cmd/calibrate`. Other models need their own lines
// (Options.MinSimilarity, Options.StrongSimilarity). The lines themselves
// are config's answer.min_similarity (below it a question is not covered,
// whatever its words match: generic words such as "bring", "get", "centre"
// match a passage about something else) and answer.strong_similarity (at
// or above it a question is covered even when few of its words match: a
// paraphrase, or a question in another language).

// crossLingualOffset lowers the strong similarity line for a question in
// another language than the sources' (measured on
// eval/questions/pact2024-multilingual.yaml: see eval/FINDINGS.md).
const crossLingualOffset = 0.02

// otherScriptOffset lowers both similarity lines for a question in a
// script the sources don't use (Farsi, Arabic, Greek, Cyrillic…), whose
// cosines to English passages run lowest (same measurement).
const otherScriptOffset = 0.05

// covers is coversIn for an English question.
func (e *Engine) covers(res index.Result, floor float64) bool {
	return e.coversIn(res, floor, "en")
}

// coversIn decides whether res covers a question in language code, from
// the evidence together: the share of the question's content words the
// top passages match (Coverage, held to floor) and, when the index has
// vectors, the similarity of the closest passage. Without vectors the
// words decide alone.
func (e *Engine) coversIn(res index.Result, floor float64, code string) bool {
	if len(res.Hits) == 0 {
		return false
	}
	if code == "en" && len(unknownTopics(append(res.Absent, res.Unseen...))) > 0 {
		return false
	}
	if e.asksNationalAmount(res, code) {
		return false
	}
	sim := res.Retrieval.BestSimilarity
	if sim == 0 {
		return res.Coverage >= floor
	}
	// A question and its answer in two languages are further apart than in
	// one (cross-lingual cosines run lower, most for a language in another
	// script), and few of its words can match: the lines move down.
	minSim, strong := e.opts.MinSimilarity, e.opts.StrongSimilarity
	switch {
	case code == "en":
	case !lang.UsesLatin(code):
		minSim, strong = minSim-otherScriptOffset, strong-otherScriptOffset
	default:
		strong -= crossLingualOffset
	}
	if minSim > 0 && sim < minSim {
		return false
	}
	return (strong > 0 && sim >= strong) || res.Coverage >= floor
}

// unknownTopics are the words of an English question that the sources
// never use and that belong to everyday topics outside migration law:
// pets, weather, sport, food, entertainment, shopping ("can I bring my dog
// to the asylum centre"). Such a word is what the question is about, and no
// passage can answer for it however well the rest matches. Any other
// absent word is not enough: a small corpus lacks many words of questions
// it does answer ("safer", "crackdown", "worldwide").
func unknownTopics(absent []string) []string {
	var out []string
	for _, w := range absent {
		if everydayTopics[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

// everydayTopics are words of everyday subjects that migration and asylum
// law does not deal with.
var everydayTopics = toSet(`dog dogs cat cats pet pets puppy kitten animal animals bird birds horse hamster parrot
weather forecast rain raining snow snowing sunny temperature climate storm
football soccer basketball tennis cricket rugby golf match matches tournament league team teams sport sports
olympics goal goals score player players championship
recipe recipes cook cooking cooked bake baking dish dishes meal meals restaurant restaurants pizza pasta
baklava kebab cake dessert vegan vegetarian wine beer coffee tea chocolate
movie movies film films cinema music song songs concert band actor actress netflix series tv television
game games gaming videogame playstation xbox
shopping shop shops discount sale sales fashion clothes shoes dress
horoscope astrology lottery casino gambling bet betting
car cars motorbike bike bicycle parking petrol
phone smartphone iphone android laptop computer wifi password app apps
haircut hairdresser makeup perfume tattoo
holiday holidays vacation beach hotel hotels cruise tourist tourism sightseeing
dating girlfriend boyfriend wedding birthday party`)

// moneyWords mark a question about an amount of money.
var moneyWords = toSet("money cash allowance allowances benefit benefits paid pay payment payments euro euros salary income")

// asksNationalAmount reports whether a question asks how much money
// someone gets where the sources cannot say: EU law sets no national
// amounts. It does when the question names a country (the acts name the
// Member States, in annexes and the Dublin rules, but never what one of
// them pays), or, in English, a place the sources never name ("how much do
// asylum seekers get in Germany"), or when none of the top passages states
// an amount of money at all. Questions in other languages are read with
// the tables of amounts.go.
func (e *Engine) asksNationalAmount(res index.Result, code string) bool {
	amount, country := asksAmountIn(words(res.Query))
	if !amount {
		return false
	}
	if country {
		return true
	}
	if code == "en" {
		for _, a := range res.Absent {
			if r, _ := utf8.DecodeRuneInString(a); unicode.IsUpper(r) {
				return true
			}
		}
	}
	for _, h := range res.Hits[:min(len(res.Hits), 3)] {
		if amountRE.MatchString(h.Text) {
			return false
		}
	}
	return true
}

// countryNames are the Member States and the other countries people most
// often ask about, lower-cased as words() gives them.
var countryNames = toSet(`austria belgium bulgaria croatia cyprus czechia czech denmark estonia finland france
germany greece hungary ireland italy latvia lithuania luxembourg malta netherlands holland poland portugal
romania slovakia slovenia spain sweden norway iceland liechtenstein switzerland uk britain england scotland`)

// amountRE matches an amount of money in a passage.
var amountRE = regexp.MustCompile(`(?i)(€|eur\b|euros?\b)\s*\d|\d[\d.,\s]*(million|billion|bn)?\s*(€|eur\b|euros?\b)|€\s*\d`)

// askInEnglish is the fixed reply, in the asker's language where the
// table has one, that the sources are in English.
func askInEnglish(code string) string {
	if msg, ok := lang.SourcesInEnglish(code); ok && code != "en" {
		return msg
	}
	return NoteAskInEnglish
}
