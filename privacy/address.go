package privacy

import (
	"regexp"
	"strings"
)

// Street addresses: a house number with a street word in the order each
// language writes them, then optionally a postcode and a city.
const (
	word   = `[\p{L}\p{M}'’.\-]+`
	capped = `\p{Lu}[\p{L}\p{M}'’.\-]*`

	// English: 221B Baker Street, 12 Main St.
	streetEN = `\b\d{1,4}[A-Za-z]?,?\s+(?:` + capped + `\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Boulevard|Blvd|Close|Crescent|Terrace|Gardens|Grove)\b\.?`
	// French: 12 rue de la Paix, 5 avenue Victor Hugo. "Avenue" and
	// "place" are English words too, so a capitalised name must follow.
	frParticles = `(?:(?i:de\s+la|de\s+l['’]|des|de|du|la|le|l['’]|d['’])\s*)?`
	streetFR    = `\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:(?i:rue|boulevard|bd|impasse|all[ée]e|chemin|quai)\s+` + frParticles + word +
		`|(?i:avenue|av\.|place)\s+` + frParticles + capped + `)(?:\s+(?:(?i:de|du|des|la|le)\s+)?` + capped + `){0,3}`
	// Italian, Spanish, Portuguese, Polish: via Roma 12, Calle Mayor, 5,
	// ul. Marszałkowska 10.
	// Belgian and Swiss French write the number after the street, as the
	// south does: Rue de la Loi 16.
	streetSouth = `(?i:\brue|\bchauss[ée]e|\bavenue|\bboulevard|\bquai|\bvia|\bviale|\bpiazza|\bpiazzale|\bcorso|\blargo|\bvicolo|\bcalle|\bc/|\bavenida|\bavda\.?|\bplaza|\bpaseo|\bcarrer|\brua|\btravessa|\bul\.|\bulica|\bal\.|\baleja|\bos\.|\bosiedle|\bplac)` +
		`\s+(?:(?i:de\s+la|del|dei|della|delle|degli|de|di|da|do|dos)\s+)*` + capped + `(?:\s+(?:(?i:de|del|della|di|da|do)\s+)?` + capped + `){0,3}` +
		`,?\s+(?:(?i:n\.?|nº|n°|nr\.?)\s*)?\d{1,4}[a-zA-Z]?(?:/\d{1,3})?\b`
	// German and Dutch: Hauptstraße 5, Kerkstraat 12, Berliner Straße 12a.
	// Scandinavian and Finnish streets end the same way: Storgatan 5,
	// Nørregade 12, Aleksanterinkatu 5.
	streetNorth = `\b\p{Lu}[\p{L}\-]+(?i:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|damm|ufer|straat|laan|gracht|plein|steeg|kade|singel|gatan|gata|vägen|gade|vej|veien|katu)\s+\d{1,4}[a-zA-Z]?\b` +
		`|\b\p{Lu}[\p{L}\-]+\s+(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Damm)\s+\d{1,4}[a-z]?\b`
	// A postcode and city after the street: 75002 Paris, 00-950 Warszawa,
	// 1100-053 Lisboa, 111 22 Stockholm, 1012 AB Amsterdam; or, in the UK,
	// the city and then the postcode: London NW1 6XE.
	postcodeAfter  = `(?:,?\s+(?:` + postcodeCity + `|` + cityUKPostcode + `))?`
	postcodeCity   = `(?:\d{5}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3} \d{2}|\d{4}(?:\s?[A-Z]{2})?)\s+\p{Lu}[\p{L}\p{M}\-]+(?:[ \-]\p{Lu}[\p{L}\p{M}\-]+)?`
	cityUKPostcode = `\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?,?\s+[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b`
)

var (
	reStreetEN    = regexp.MustCompile(`(?:` + streetEN + `)` + postcodeAfter)
	reStreetFR    = regexp.MustCompile(`(?:` + streetFR + `)` + postcodeAfter)
	reStreetSouth = regexp.MustCompile(`(?:` + streetSouth + `)` + postcodeAfter)
	reStreetNorth = regexp.MustCompile(`(?:` + streetNorth + `)` + postcodeAfter)
	// A postcode and city on their own only count after "I live in" and
	// the like: "in 2024 Member States" is no address.
	rePostcodeCity = regexp.MustCompile(`(?i:\b(?:i\s+live\s+in|i\s+live\s+at|i\s+am\s+living\s+in|i'm\s+living\s+in|my\s+address\s+is|address:|adresse\s*:|ich\s+wohne\s+in|wohnhaft\s+in|j['’]habite\s+[àa]|vivo\s+en|vivo\s+a|abito\s+a|mieszkam\s+w|woon\s+in|jag\s+bor\s+i|jeg\s+bor\s+i|moro\s+em))\s+(` + postcodeCity + `)`)
	reUKPostcode   = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b`)
	reFirstNumber  = regexp.MustCompile(`\d+`)
)

// notStreetNames are the words of the law that can look like a street
// name before a number ("via Article 5", "Calle Regulation 2024").
var notStreetNames = map[string]bool{
	"article": true, "articles": true, "regulation": true, "directive": true, "annex": true, "recital": true, "chapter": true,
	"section": true, "member": true, "state": true, "states": true, "court": true, "case": true, "treaty": true, "commission": true,
	"council": true, "parliament": true, "european": true, "union": true, "eu": true, "frontex": true, "eurodac": true, "schengen": true,
	"dublin": true, "paragraph": true, "point": true, "title": true, "part": true, "protocol": true,
}

// afterNotAddress are words after a number that make it a count or a
// reference rather than a house number ("via Italy 2 times").
var afterNotAddress = []string{"/", "(", "time", "day", "week", "month", "year", "hour", "people", "person", "km", "%", "euro", "€", "of "}

// streetSpan drops a street match whose name is a word of the law, whose
// house number is a year, or which is followed by a count's unit.
func streetSpan(text string, start, end int) (int, int, bool) {
	s := text[start:end]
	for _, w := range strings.Fields(s) {
		if notStreetNames[strings.ToLower(strings.Trim(w, ".,"))] {
			return 0, 0, false
		}
	}
	if n := reFirstNumber.FindString(s); len(n) == 4 && (n[:2] == "19" || n[:2] == "20") {
		return 0, 0, false
	}
	return start, end, !startsWithAny(strings.TrimLeft(after(text, end, 10), " "), afterNotAddress)
}
