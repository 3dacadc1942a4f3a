package privacy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// monthNames are the month names and abbreviations dates of birth are
// written with, in the languages the bot hears; dobSpan checks a date's
// words against them, which is far cheaper than a pattern listing them.
var monthNames = wordSet(`january jan february feb march mar april apr may june jun july jul august aug september sep sept
	october oct november nov december dec janvier février fevrier fév fev mars avril avr mai juin juillet juil août aout
	septembre octobre novembre décembre decembre déc januar februar märz marz juni juli oktober okt dezember dez
	gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre dicembre enero febrero abril mayo junio julio
	septiembre octubre noviembre diciembre stycznia lutego marca kwietnia maja czerwca lipca sierpnia września wrzesnia
	października pazdziernika listopada grudnia januari februari maart mei augustus
	janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro
	ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
	января февраля марта апреля мая июня июля августа сентября октября ноября декабря
	січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
	януари февруари март април май юни юли август септември октомври ноември декември`)

// wordSet makes a set of the words of s.
func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// dobSpan accepts a date after a birth keyword when each of its words is
// a month name (or "of", "st", "th" and the like).
func dobSpan(text string, start, end int) (int, int, bool) {
	for _, w := range strings.FieldsFunc(text[start:end], func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch lw := strings.ToLower(w); {
		case lw == "of" || lw == "st" || lw == "nd" || lw == "rd" || lw == "th" || lw == "er" || lw == "de" || lw == "del":
		case !monthNames[lw]:
			return 0, 0, false
		}
	}
	return start, end, true
}

const dateValue = `\d{4}-\d{1,2}-\d{1,2}` +
	`|\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})` +
	`|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+|de\s+)?\p{L}{3,12}\.?,?\s+(?:de\s+|del\s+)?\d{4}` +
	`|\p{L}{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}` +
	`|(?:19|20)\d{2}`

// Dates are only personal data next to a birth keyword: "14 May 2024" in a
// question about the Pact is the date of a regulation.
//
// Go's \b only knows ASCII words, so the Cyrillic keywords stand outside it.
var reDOB = regexp.MustCompile(`(?i)(?:(?:родил(?:ся|ась)|рожд[её]н[аы]?|роден[аи]?|дата\s+рождения|дата\s+на\s+раждане|народжен[аи]?|народи(?:вся|лася))|\b(?:born|nac[ií]|nasci(?:do|da)?|n[ăa]scut[ăa]?|geboren\s+op|date\s+of\s+birth|birth\s*date|birthday|d\.?o\.?b\.?|n[ée]e?\s+le|n[ée]e?\s+en|date\s+de\s+naissance|geboren|geburtsdatum|geb\.|nacid[oa]|fecha\s+de\s+nacimiento|nat[oa]\s+il|nat[oa]\s+nel|data\s+di\s+nascita|urodzon[ya]|urodzi[łl]em|urodzi[łl]am|data\s+urodzenia))` +
	`(?:[\s:,\-]|\b(?:on|in|the|am|is|was|le|el|il|de|en|em|op|nel|w|dnia|la|pe)\b|(?:на|в|съм)\s)*` +
	`(` + dateValue + `)\b`)

// reHealth finds first-person health disclosures ("I am HIV positive",
// "I have tuberculosis", "je suis enceinte"), and those about the asker's
// own family ("my wife is pregnant"); the condition is masked and the
// phrase before it kept. A question about the law ("do pregnant women get
// medical care?", "can an applicant with tuberculosis be detained?") says
// nothing about anyone and is left alone.
var reHealth = regexp.MustCompile(`(?i)` +
	// English: "I am …", "my wife is …".
	`\b(?:i\s*(?:'m|’m|am)|i\s+was|my\s+(?:wife|husband|partner|son|daughter|child|baby|mother|father|mum|mom|dad|brother|sister)\s+(?:is|was))\s+(?:also\s+|currently\s+|now\s+)?` +
	`(hiv[\s\-]?positive|hiv\+|positive\s+for\s+hiv|pregnant|expecting\s+a\s+baby|diabetic|epileptic|disabled|paralysed|paralyzed|blind|deaf|autistic|schizophrenic|bipolar|terminally\s+ill|seriously\s+ill|on\s+dialysis|in\s+a\s+wheelchair|undergoing\s+(?:chemotherapy|dialysis)|(?:being\s+treated|in\s+treatment)\s+for\s+[a-z]+)\b` +
	// English: "I have …".
	`|\b(?:i\s+(?:have|'ve|’ve|have\s+got|'ve\s+got|suffer\s+from|am\s+suffering\s+from|live\s+with|am\s+living\s+with|was\s+diagnosed\s+with|got\s+diagnosed\s+with|tested\s+positive\s+for)|my\s+(?:wife|husband|partner|son|daughter|child|baby|mother|father|brother|sister)\s+(?:has|had|suffers\s+from|was\s+diagnosed\s+with))\s+` +
	`((?:a\s+|an\s+)?(?:hiv|aids|tuberculosis|tb|cancer|leuka?emia|tumou?r|brain\s+tumou?r|diabetes|hepatitis(?:\s+[a-e])?|epilepsy|ptsd|depression|schizophrenia|multiple\s+sclerosis|kidney\s+failure|heart\s+disease|heart\s+condition|disability|mental\s+illness|syphilis|malaria|sickle\s+cell(?:\s+disease)?|thalassa?emia|dementia)\b)` +
	// French.
	`|\b(?:je\s+suis|ma\s+femme\s+est|ma\s+fille\s+est)\s+(enceinte|s[ée]ropositi(?:f|ve)|diab[ée]tique|[ée]pileptique|handicap[ée]e?|atteinte?\s+d['’]un\s+cancer)` +
	`|\bj['’]ai\s+((?:le\s+|la\s+|l['’]|un\s+|une\s+|du\s+)?(?:vih|sida|cancer|tuberculose|diab[èe]te|h[ée]patite(?:\s+[a-e]\b)?|[ée]pilepsie|leuc[ée]mie|d[ée]pression|paludisme|tumeur))` +
	// German.
	`|\b(?:ich\s+(?:bin|war)|meine\s+(?:frau|tochter|partnerin)\s+ist)\s+(schwanger|hiv[\s\-]?positiv|zuckerkrank|diabetiker(?:in)?|epileptiker(?:in)?|schwerbehindert|behindert|krebskrank)` +
	`|\bich\s+(?:habe|hab|leide\s+an|leide\s+unter)\s+((?:einen\s+|eine\s+)?(?:krebs|hiv|aids|tuberkulose|tbc|diabetes|hepatitis(?:\s+[a-e]\b)?|epilepsie|leuk[äa]mie|depressionen|depression|ptbs|tumor|behinderung))` +
	// Italian.
	`|\b(?:sono|mia\s+moglie\s+[èe])\s+(incinta|sieropositiv[oa]|diabetic[oa]|epilettic[oa]|disabile)` +
	`|\b(?:ho|soffro\s+di)\s+((?:il\s+|la\s+|l['’]|un\s+|una\s+)?(?:cancro|tumore|hiv|aids|tubercolosi|diabete|epatite(?:\s+[a-e]\b)?|epilessia|leucemia|depressione))` +
	// Spanish.
	`|\b(?:estoy|soy|mi\s+(?:esposa|mujer)\s+est[áa])\s+(embarazada|seropositiv[oa]|diab[ée]tic[oa]|epil[ée]ptic[oa]|discapacitad[oa])` +
	`|\b(?:tengo|padezco(?:\s+de)?|sufro\s+de)\s+((?:el\s+|la\s+|un\s+|una\s+)?(?:c[áa]ncer|vih|sida|tuberculosis|diabetes|hepatitis(?:\s+[a-e]\b)?|epilepsia|leucemia|depresi[óo]n|tumor))` +
	// Polish.
	`|\bjestem\s+(w\s+ci[ąa][żz]y|nosiciel(?:em|k[ąa])\s+hiv|chor[ya]\s+na\s+\p{L}+|niepe[łl]nosprawn[ya])` +
	`|\bmam\s+(raka|hiv|aids|gru[źz]lic[ęe]|cukrzyc[ęe]|padaczk[ęe]|epilepsj[ęe]|bia[łl]aczk[ęe]|depresj[ęe]|wzw(?:\s+[a-e]\b)?)`)

// Names are found after a phrase that introduces them, or after a title;
// nameSpan decides how many of the following words belong to the name.
var (
	reNameIntro = regexp.MustCompile(`(?i:\bmy\s+name\s+is|\bmy\s+name['’]s|\bi\s+am\s+called|\bi['’]m\s+called|\bmy\s+full\s+name\s+is|\bje\s+m['’]appelle|\bmon\s+nom\s+est|\bmon\s+nom\s+c['’]est|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|\bmein\s+vorname\s+ist|\bmi\s+chiamo|\bil\s+mio\s+nome\s+[èe]|\bme\s+llamo|\bmi\s+nombre\s+es|\bnazywam\s+si[ęe]|\bmam\s+na\s+imi[ęe]|\bmijn\s+naam\s+is|\bik\s+heet|\bchamo-me|\bo\s+meu\s+nome\s+[ée])` +
		`[\s:,]+([\p{L}\p{M}'’\-]+(?:\s+[\p{L}\p{M}'’\-]+){0,4})`)
	reNameTitle = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Herr|Frau|Monsieur|Madame|Mme|Mlle|Signor|Signora|Sig|Sig\.ra|Señor|Señora|Sr|Sra|Pan|Pani)\.?\s+` +
		`(\p{Lu}[\p{L}\p{M}'’\-]+(?:\s+(?:(?:de|da|di|van|von|der|den|bin|ibn|al|el|le|la|du|dos|del)\s+)?\p{Lu}[\p{L}\p{M}'’\-]+){0,2})`)
)

// nameParticles may stand inside a name between capitalised words.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "van": true, "von": true, "der": true, "den": true, "bin": true, "ibn": true,
	"al": true, "el": true, "le": true, "la": true, "du": true, "dos": true, "del": true, "ben": true, "ter": true,
}

// notNames end a name: function words in the languages of the intro
// phrases, and words that follow "my name is" without being a name.
var notNames = map[string]bool{
	"and": true, "or": true, "but": true, "from": true, "of": true, "in": true, "at": true, "on": true, "to": true, "with": true,
	"i": true, "im": true, "i'm": true, "my": true, "me": true, "am": true, "is": true, "was": true, "not": true, "a": true, "an": true,
	"the": true, "who": true, "what": true, "how": true, "can": true, "need": true, "want": true, "have": true, "has": true, "will": true,
	"please": true, "and,": true, "here": true, "also": true, "unknown": true, "irrelevant": true, "private": true, "confidential": true,
	"und": true, "aus": true, "ich": true, "bin": true, "mit": true, "et": true, "je": true, "suis": true, "e": true, "y": true, "soy": true,
	"tengo": true, "yo": true, "sono": true, "ho": true, "z": true, "jestem": true, "i've": true, "hi": true, "hello": true, "thanks": true,
	"for": true, "because": true, "since": true, "so": true, "if": true, "when": true, "where": true, "do": true, "does": true,
	// Words that end a name typed in a script without capitals or in
	// lower case: Arabic, Persian and Pashto ("and I", "is", "from"),
	// Cyrillic and Greek.
	"و": true, "وأنا": true, "وانا": true, "أنا": true, "انا": true, "من": true, "في": true, "عمري": true, "وعمري": true, "عندي": true,
	"لدي": true, "هو": true, "است": true, "هستم": true, "از": true, "در": true, "هست": true, "ساله": true, "دی": true, "زه": true,
	"и": true, "я": true, "из": true, "мне": true, "лет": true, "живу": true, "от": true, "съм": true, "живея": true, "та": true,
	"і": true, "з": true, "και": true, "από": true, "είμαι": true, "și": true, "si": true, "sunt": true, "och": true, "og": true, "ja": true,
}

// notAfterTitle are words a title stands before that are not names:
// offices ("Mr President") and the vocabulary of the law.
var notAfterTitle = map[string]bool{
	"president": true, "commissioner": true, "minister": true, "speaker": true, "chair": true, "chairman": true, "secretary": true,
	"ambassador": true, "rapporteur": true, "président": true, "präsident": true, "presidente": true, "ministre": true,
	"article": true, "regulation": true, "directive": true, "member": true, "state": true, "states": true, "european": true,
	"union": true, "court": true, "commission": true, "council": true, "parliament": true, "african": true, "american": true,
	"arab": true, "asian": true, "pacific": true,
	// Another title: the name comes after it ("Herr Dr. Weber").
	"dr": true, "prof": true, "mr": true, "mrs": true, "ms": true, "frau": true, "herr": true,
}

// nameSpan keeps the words after an intro phrase that make up a name: the
// first word unless it is a function word ("my name is not important"),
// then capitalised words and particles between them, or, when the name was
// typed in lower case, up to two more lower-case words.
func nameSpan(text string, start, end int) (int, int, bool) {
	words := wordSpans(text[start:end])
	first := text[start+words[0][0] : start+words[0][1]]
	if notNames[strings.ToLower(first)] || utf8.RuneCountInString(first) < 2 {
		return 0, 0, false
	}
	lower := !upperFirst(first)
	last := 0
	for k := 1; k < len(words); k++ {
		w := text[start+words[k][0] : start+words[k][1]]
		lw := strings.ToLower(w)
		switch {
		case notNames[lw] || utf8.RuneCountInString(w) < 2:
			return start, start + words[last][1], true
		case upperFirst(w):
			last = k
		case nameParticles[lw] && k+1 < len(words) && upperFirst(text[start+words[k+1][0]:]):
			continue
		case lower && k <= 2:
			last = k
		default:
			return start, start + words[last][1], true
		}
	}
	return start, start + words[last][1], true
}

// titledNameSpan drops a title's match when it names an office or the
// law ("Mr President", "Madame Commissioner").
func titledNameSpan(text string, start, end int) (int, int, bool) {
	words := wordSpans(text[start:end])
	first := strings.ToLower(text[start+words[0][0] : start+words[0][1]])
	return start, end, !notAfterTitle[first]
}

// wordSpans splits s at white space into [start, end) byte spans; s is
// what a name pattern matched, so it starts with a word.
func wordSpans(s string) [][2]int {
	var spans [][2]int
	in := -1
	for i, r := range s {
		switch {
		case unicode.IsSpace(r) && in >= 0:
			spans = append(spans, [2]int{in, i})
			in = -1
		case !unicode.IsSpace(r) && in < 0:
			in = i
		}
	}
	if in >= 0 {
		spans = append(spans, [2]int{in, len(s)})
	}
	return spans
}

func upperFirst(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// introducedName finds the name after an intro phrase ("my name is"):
// up to five words after it, cut by nameSpan.
func introducedName(text string, w window) (int, int, bool) {
	start := w.key
	for start < len(text) && (text[start] == ' ' || text[start] == ':' || text[start] == ',') {
		start++
	}
	if start == w.key {
		return 0, 0, false // "my names", not "my name"
	}
	end := start
	for words := 0; words < 5; words++ {
		j := end
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			// U+200C, the zero-width non-joiner, is part of Persian words.
			if !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\'' && r != '’' && r != '-' && r != 0x200C {
				break
			}
			j += size
		}
		if j == end {
			break
		}
		end = j
		if end+1 >= len(text) || text[end] != ' ' || text[end+1] == ' ' {
			break
		}
		end++
	}
	end = start + len(strings.TrimRight(text[start:end], " "))
	if end == start {
		return 0, 0, false
	}
	return nameSpan(text, start, end)
}
