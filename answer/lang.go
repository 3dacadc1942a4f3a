package answer

// languageMarkers are frequent function words that tell EU languages
// apart in even a short question. English is the sources' language.
var languageMarkers = map[string]map[string]bool{
	"en": toSet("the is are what how can do does my i of to for and in with who when where which will"),
	"fr": toSet("le la les est sont que quoi comment je mon ma mes des du une un pour avec dans pas qui quand où combien peut puis-je est-ce au aux"),
	"de": toSet("der die das ist sind was wie ich mein meine ein eine für mit und nicht wer wann wo kann darf ich bin wird werden auf dem den"),
	"es": toSet("el la los las es son qué que cómo yo mi mis un una para con y no quién cuándo dónde cuánto puedo puede del"),
	"it": toSet("il lo la gli le è sono che cosa come io mio mia un una per con e non chi quando dove quanto posso può del della"),
	"nl": toSet("de het een is zijn wat hoe ik mijn voor met en niet wie wanneer waar kan mag van"),
	"pt": toSet("o a os as é são que como eu meu minha um uma para com e não quem quando onde quanto posso pode do da"),
	"pl": toSet("jest są co jak ja mój moja dla z i nie kto kiedy gdzie ile mogę może w na do czy się"),
}

// DetectLanguage guesses the ISO 639-1 code of a question from its
// function words; "en" when it cannot tell.
func DetectLanguage(q string) string {
	best, bestN := "en", 0
	counts := map[string]int{}
	for _, w := range words(q) {
		for lang, set := range languageMarkers {
			if set[w] {
				counts[lang]++
			}
		}
	}
	for _, lang := range []string{"en", "fr", "de", "es", "it", "nl", "pt", "pl"} {
		if counts[lang] > bestN {
			best, bestN = lang, counts[lang]
		}
	}
	return best
}
