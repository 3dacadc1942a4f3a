package privacy

import (
	"regexp"
	"strings"
)

// detector finds one kind of personal data.
type detector struct {
	kind string
	re   *regexp.Regexp
	// group is the submatch that holds the personal data: 0 for all of it,
	// -1 for the first submatch that matched (for patterns that are an
	// alternation of several phrasings).
	group int
	// quick, when set, is a cheap test a text must pass for re to be run.
	quick func(*scan) bool
	// key, when set, limits re to windows around keywords (see scan.go).
	key *keyed
	// in, when set, limits re to the number windows of the text it
	// accepts.
	in func(cluster) bool
	// at, when set, gives the windows re runs on, anchored at their start.
	at func(*scan) []window
	// match, when set, replaces re in keyword windows.
	match func(text string, w window) (start, end int, ok bool)
	// post, when set, replaces re: it is given what the earlier detectors
	// found and returns it with its own findings added.
	post func(s *scan, found []Finding) []Finding
	// trim, when set, vets a candidate text[start:end] and may narrow it.
	trim func(text string, start, end int) (int, int, bool)
}

// detectors lists the detectors by priority: where two overlap, the
// earlier one wins. Checksummed numbers come first (an IBAN holds digits a
// phone pattern would take), then keyword-led matches, then bare shapes.
// The list and its compiled expressions are never modified.
var detectors = []detector{
	{kind: KindEmail, re: reEmail, quick: hasAt},
	{kind: KindIBAN, re: anchored(reIBAN), at: ibanWindows, quick: ibanStart, trim: ibanSpan},
	{kind: KindCard, re: reCard, in: func(c cluster) bool { return c.digits >= 13 }, quick: spacedDigits(13), trim: cardSpan},
	{kind: KindIDNumber, re: reNIR, in: func(c cluster) bool { return c.digits >= 13 }, quick: spacedDigits(13), trim: checked(validNIR)},
	{kind: KindIDNumber, re: reCNP, in: func(c cluster) bool { return c.run >= 13 }, quick: digitRun(13), trim: checked(validCNP)},
	{kind: KindIDNumber, re: rePESEL, in: func(c cluster) bool { return c.run >= 11 }, quick: digitRun(11), trim: checked(validPESEL)},
	{kind: KindIDNumber, re: reSteuerID, in: func(c cluster) bool { return c.digits >= 11 }, quick: spacedDigits(11), trim: checked(elevenDigitID)},
	{kind: KindIDNumber, re: reBelgianNN, in: func(c cluster) bool { return c.digits >= 11 }, trim: checked(validBelgianNN)},
	{kind: KindIDNumber, re: reHETU, in: func(c cluster) bool { return c.digits >= 9 }, quick: digitRun(6), trim: vet(validHETU)},
	{kind: KindIDNumber, re: rePersonnummer, in: func(c cluster) bool { return c.digits >= 10 }, quick: digitRun(6), trim: vet(validPersonnummer)},
	{kind: KindIDNumber, re: reDNI, in: func(c cluster) bool { return c.run >= 7 && c.run <= 8 }, quick: digitRun(7), trim: checked(validDNI)},
	{kind: KindIDNumber, re: reBSN, in: func(c cluster) bool { return c.digits >= 9 }, quick: digitRun(2), trim: bsnSpan},
	{kind: KindIDNumber, re: reNINO, in: func(c cluster) bool { return c.digits >= 6 && c.upper >= 3 }, quick: spacedDigits(6)},
	{kind: KindIDNumber, re: reCodiceFiscale, in: func(c cluster) bool { return c.digits >= 7 && c.upper >= 9 }},
	{kind: KindIP, re: reIPv4, in: func(c cluster) bool { return c.digits >= 4 }, quick: dottedQuad, trim: ipv4Span},
	{kind: KindIP, re: reIPv6, quick: twoColons, trim: ipv6Span},
	{kind: KindDateOfBirth, re: anchored(reDOB), group: 1, quick: digitRun(2), key: dobKeys, trim: dobSpan},
	{kind: KindHealth, re: anchored(reHealth), group: -1, quick: healthRoots.any, key: healthKeys},
	{kind: KindName, key: nameKeys, match: introducedName},
	{kind: KindName, re: anchored(reNameTitle), group: 1, key: titleKeys, trim: titledNameSpan},
	{kind: KindDateOfBirth, post: appositiveDates, quick: digitRun(4)},
	{kind: KindAddress, re: reStreetEN, quick: digitRun(1), key: streetENKeys, trim: streetSpan},
	{kind: KindAddress, re: reStreetFR, quick: digitRun(1), key: streetFRKeys, trim: streetSpan},
	{kind: KindAddress, re: anchored(reStreetSouth), quick: digitRun(1), key: streetSouthKeys, trim: streetSpan},
	{kind: KindAddress, re: reStreetNorth, quick: digitRun(1), key: streetNorthKeys, trim: streetSpan},
	{kind: KindAddress, re: anchored(rePostcodeCity), group: 1, quick: digitRun(4), key: livesKeys},
	{kind: KindAddress, re: reUKPostcode, quick: ukPostcodeEnd},
	{kind: KindCaseNumber, re: anchored(reCaseCtx), group: 1, quick: digitRun(2), key: caseKeys, trim: vet(caseLike)},
	{kind: KindIDNumber, re: anchored(reIDCtx), group: 1, quick: digitRun(1), key: idKeys, trim: vet(idLike)},
	{kind: KindPhone, re: anchored(rePhoneCtx), group: 1, quick: spacedDigits(3), key: phoneKeys, trim: vet(digitsBetween(7, 15))},
	{kind: KindPhone, re: rePhoneIntl, in: func(c cluster) bool { return c.digits >= 8 && c.plus }, quick: phonePrefix, trim: vet(digitsBetween(8, 15))},
	{kind: KindDateOfBirth, re: reBareDate, in: func(c cluster) bool { return c.digits >= 8 }, quick: numericDate, trim: bareDateSpan},
	{kind: KindPhone, re: rePhoneNational, in: func(c cluster) bool { return c.digits >= 9 }, quick: zeroLead, trim: vet(nationalPhone)},
	{kind: KindPhone, re: rePhoneNoTrunk, in: func(c cluster) bool { return c.digits >= 9 }, quick: spacedDigits(9), trim: noTrunkPhoneSpan},
	{kind: KindCaseNumber, re: reBAMFCase, in: func(c cluster) bool { return c.run >= 7 }, quick: digitRun(7)},
	{kind: KindIDNumber, re: reIDToken, in: func(c cluster) bool { return c.digits >= 5 && c.upper >= 1 }, trim: vet(bareIDLike)},
}

// Keywords of the keyed detectors: each starts (a phrasing of) what the
// pattern begins with, lower-case.
var (
	dobKeys = newKeyed(keyed{after: 60, keys: []string{"born", "date of", "date de", "birth", "dob", "d.o.b", "né", "nee", "ne le", "ne en",
		"geboren", "geburtsdatum", "geb.", "nacid", "nací", "naci ", "nasci", "născut", "nascut", "fecha de", "nato", "nata", "data di",
		"data urodzenia", "urodz", "родил", "Родил", "рожд", "Рожд", "роден", "Роден", "дата", "Дата", "народи", "Народи"}})
	healthKeys = newKeyed(keyed{after: 70, keys: []string{"i am", "i'm", "i’m", "im ", "i was", "my ", "i have", "i've", "i’ve", "i suffer", "i live with",
		"i got", "i tested", "je suis", "j'ai", "j’ai", "ma femme", "ma fille", "ich ", "meine ", "sono", "mia moglie", "ho ", "soffro",
		"estoy", "soy ", "mi esposa", "mi mujer", "tengo", "padezco", "sufro", "jestem", "mam "}})
	// Cyrillic and Greek keys are given in both cases: windows are found
	// in text lower-cased for ASCII only.
	nameKeys = newKeyed(keyed{after: 80, keys: []string{"my name is", "my name's", "my name’s", "my full name is", "i am called",
		"i'm called", "i’m called", "je m'appelle", "je m’appelle", "mon nom est", "mon nom c'est", "ich heiße", "ich heisse",
		"mein name ist", "mein vorname ist", "mi chiamo", "il mio nome è", "il mio nome e", "me llamo", "mi nombre es",
		"nazywam się", "mam na imię", "mijn naam is", "ik heet", "chamo-me", "me chamo", "o meu nome é", "meu nome é",
		"mă numesc", "ma numesc", "numele meu este", "numele meu e", "jmenuji se", "jmenuju se", "volám sa", "zovem se",
		"ime mi je", "a nevem", "jag heter", "jeg hedder", "jeg heter", "nimeni on", "minu nimi on", "mani sauc", "mano vardas",
		"quhem", "emri im është", "emri im eshte", "benim adım", "benim adim", "navê min", "magacaygu waa",
		"меня зовут", "Меня зовут", "мене звати", "Мене звати", "моё имя", "Моё имя", "мое имя", "Мое имя",
		"казвам се", "Казвам се", "името ми е", "Името ми е", "με λένε", "Με λένε", "ονομάζομαι", "Ονομάζομαι",
		"اسمي", "إسمي", "اسم من", "نام من", "اسمم", "زما نوم"}})
	titleKeys = newKeyed(keyed{cased: true, after: 60, keys: []string{"Mr", "Ms", "Miss", "Mx", "Dr", "Herr", "Frau", "Monsieur", "Madame", "Mme", "Mlle",
		"Sig", "Señor", "Sr", "Pan"}})
	streetENKeys = newKeyed(keyed{before: 45, after: 40, keys: []string{"street", "st.", "st ", "road", "rd", "avenue", "ave", "lane", "ln",
		"drive", "boulevard", "blvd", "close", "crescent", "terrace", "gardens", "grove"}})
	streetFRKeys = newKeyed(keyed{before: 15, after: 90, keys: []string{"rue", "boulevard", "bd", "impasse", "allée", "allee", "chemin", "quai",
		"avenue", "av.", "place"}})
	streetSouthKeys = newKeyed(keyed{after: 90, keys: []string{"rue", "chaussée", "chaussee", "avenue", "boulevard", "quai", "via", "piazza", "corso", "largo", "vicolo", "calle", "c/", "avenida", "avda", "plaza",
		"paseo", "carrer", "rua", "travessa", "ul.", "ulica", "al.", "aleja", "os.", "osiedle", "plac"}})
	streetNorthKeys = newKeyed(keyed{inWord: true, before: 35, after: 45, keys: []string{"straße", "strasse", "str.", "weg", "gasse", "platz", "allee",
		"damm", "ufer", "straat", "laan", "gracht", "plein", "steeg", "kade", "singel", "gatan", "gata", "vägen", "gade", "vej", "veien", "katu"}})
	livesKeys = newKeyed(keyed{after: 70, keys: []string{"jag bor", "jeg bor", "moro", "i live", "i am living", "i'm living", "my address", "address:", "adresse", "ich wohne",
		"wohnhaft", "j'habite", "j’habite", "vivo ", "abito", "mieszkam", "woon "}})
	caseKeys = newKeyed(keyed{after: 60, keys: []string{"case", "file", "reference", "ref", "dossier", "aktenzeichen", "geschäftszeichen",
		"geschaftszeichen", "registration", "application", "claim", "procedure", "az."}})
	idKeys = newKeyed(keyed{after: 60, keys: []string{"pass", "pasz", "reisepass", "id", "ausweis", "personalausweis", "carte", "residence",
		"aufenthaltstitel", "permis", "titre", "permit", "visa", "codice", "tax", "social", "alien", "dni", "nie", "pesel", "ssn", "uci", "nino"}})
	phoneKeys = newKeyed(keyed{after: 60, keys: []string{"phone", "tel", "mobile", "cell", "whatsapp", "signal", "viber", "call me", "text me",
		"reach me", "number is", "handy", "tél", "portable", "numéro", "numero", "teléfono", "móvil", "movil", "komórka", "komorka"}})
)

// healthRoots start the words of the conditions reHealth knows: a
// question with none of them has no health disclosure.
var healthRoots = newKeyed(keyed{keys: []string{"hiv", "aids", "pregnan", "expecting", "diabet", "epilep", "disab", "paraly", "blind",
	"deaf", "autis", "schizo", "bipolar", "ill", "dialysis", "wheelchair", "chemo", "tubercul", "tb", "cancer", "leuk",
	"tumo", "hepat", "ptsd", "depress", "multiple", "kidney", "heart", "mental", "syphilis", "malaria", "sickle", "thalass",
	"dementia", "vih", "sida", "enceinte", "séropositi", "seropositi", "diabè", "handicap", "atteint", "paludisme", "tumeur",
	"épilep", "leucé", "dépress", "schwanger", "zuckerkrank", "behindert", "schwerbehindert", "krebs", "tuberkulose", "tbc",
	"leukä", "ptbs", "incinta", "sieropositi", "disabile", "cancro", "epatite", "epiless", "leucemia", "embarazada", "discapacit",
	"cáncer", "epilé", "diabé", "depresi", "ciąży", "ciazy", "nosiciel", "chor", "niepełnospr", "niepelnospr", "raka", "gruźlic",
	"gruzlic", "cukrzyc", "padaczk", "białaczk", "bialaczk", "wzw", "treat"}})

// zeroLead reports a word starting with 0 and another digit.
func zeroLead(s *scan) bool {
	t := s.text
	for i := 0; i+1 < len(t); i++ {
		if t[i] == '0' && t[i+1] >= '1' && t[i+1] <= '9' && (i == 0 || !wordByte(t[i-1])) {
			return true
		}
	}
	return false
}

// vet adapts a test of the candidate's text to a trim.
func vet(ok func(string) bool) func(string, int, int) (int, int, bool) {
	return func(text string, start, end int) (int, int, bool) {
		return start, end, ok(text[start:end])
	}
}

// checked vets a candidate by the checksum of its compact form.
func checked(valid func(string) bool) func(string, int, int) (int, int, bool) {
	return vet(func(s string) bool { return valid(compact(s)) })
}

// before returns up to n bytes of text before i, lower-cased.
func before(text string, i, n int) string {
	return strings.ToLower(text[max(0, i-n):i])
}

// after returns up to n bytes of text after i, lower-cased.
func after(text string, i, n int) string {
	return strings.ToLower(text[i:min(len(text), i+n)])
}

func countDigits(s string) (digits, letters int) {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letters++
		}
	}
	return digits, letters
}

func digitsBetween(lo, hi int) func(string) bool {
	return func(s string) bool {
		d, _ := countDigits(s)
		return d >= lo && d <= hi
	}
}
