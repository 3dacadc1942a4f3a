// Package privacy owns the detection and masking of personal data in what
// citizens write: e-mail addresses, phone numbers, names, street
// addresses, IBANs, payment cards, national identity and passport numbers,
// case numbers, dates of birth, first-person health disclosures and IP
// addresses. Mask is meant to run on a question before anything else sees
// it (retrieval, the LLM rewrite, the answer prompt, the cache key, the
// record).
//
// It does not decide what to tell the citizen about their data, nor store
// anything: bot and review do. Detection favours precision on legal
// language: article numbers, years, amounts, EU document references
// ("Regulation (EU) 2024/1351", "Case C-808/18") and regulation dates
// ("14 May 2024") are left alone, so numbers are only taken as personal
// data when their shape is unambiguous (a valid IBAN checksum, a "+49"
// prefix) or a keyword says so ("born", "passport", "my name is").
//
// Some choices the patterns make:
//   - Dates are masked after a birth keyword in any of the bot's languages,
//     when set off right after a person ("my son, 3 March 2015"), or bare
//     when written dd.mm.yyyy or dd/mm/yyyy with a year from 1920 to 2014
//     and no legal text named just before ("Directive of …"); dates.go
//     has the rule.
//   - National ids are masked bare only when their checksum holds (PESEL,
//     NIR, DNI/NIE, German tax id, BSN, HETU, personnummer, CPR, Belgian
//     national number, CNP) or their shape is unmistakable (codice
//     fiscale, NINO); ids.go has the checks.
//   - Health data is masked only when disclosed in the first person or
//     about the asker's family ("I am HIV positive", "my wife is
//     pregnant"); the condition goes, the phrase stays ("I am [health
//     information]"). "Do pregnant women get medical care?" is untouched.
//   - Names are masked after an intro phrase ("my name is", "je
//     m'appelle", "nazywam się" …) or a title ("Mr", "Frau", "Madame" …),
//     public figures included: over-masking a name costs an answer
//     nothing. "I'm Amir" is not recognised: "I'm German" reads the same.
package privacy

import (
	"slices"
	"strings"
)

// Kinds of personal data. The strings are stable: they are stored with
// findings and used in logs and metrics.
const (
	KindEmail       = "email"
	KindPhone       = "phone"
	KindName        = "name"
	KindAddress     = "address"
	KindIBAN        = "iban"
	KindCard        = "card_number"
	KindIDNumber    = "id_number"
	KindCaseNumber  = "case_number"
	KindDateOfBirth = "date_of_birth"
	KindHealth      = "health"
	KindIP          = "ip_address"
)

// placeholders maps each kind to the text Mask puts in its place. The
// first five are the labels review stored before this package existed, so
// stored records and moderators' habits stay valid.
var placeholders = map[string]string{
	KindEmail:       "[email]",
	KindPhone:       "[phone number]",
	KindIDNumber:    "[ID number]",
	KindCaseNumber:  "[case number]",
	KindDateOfBirth: "[date of birth]",
	KindName:        "[name]",
	KindAddress:     "[address]",
	KindIBAN:        "[IBAN]",
	KindCard:        "[card number]",
	KindHealth:      "[health information]",
	KindIP:          "[IP address]",
}

// placeholderOther stands for personal data of no known kind; callers that
// mask text themselves (such as an answer echoing a question) use it.
const placeholderOther = "[personal data]"

// Finding is one piece of personal data in a text. Start and End are byte
// offsets into the text given to Found, so text[Start:End] is the data.
type Finding struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Placeholder returns the text Mask writes in place of personal data of
// the given kind: "[email]", "[phone number]", "[name]", "[address]",
// "[IBAN]", "[card number]", "[ID number]", "[case number]",
// "[date of birth]", "[health information]", "[IP address]", and
// "[personal data]" for any other kind.
func Placeholder(kind string) string {
	if p, ok := placeholders[kind]; ok {
		return p
	}
	return placeholderOther
}

// Found returns the personal data in text, in order of position and
// without overlaps. Invisible characters (zero-width and bidirectional
// controls) are ignored while matching, so "a\u200b@b.eu" is an e-mail,
// but the offsets refer to text as given.
func Found(text string) []Finding {
	v := newView(text)
	found := detect(v.clean)
	for i := range found {
		found[i].Start, found[i].End = v.orig(found[i].Start), v.orig(found[i].End)
	}
	return found
}

// Mask replaces each piece of personal data in text with its Placeholder
// and removes invisible characters (zero-width and bidirectional controls)
// from the rest, so what is shown or stored cannot be reordered or hide
// anything. Text without either is returned unchanged.
func Mask(text string) string {
	clean := Clean(text)
	found := detect(clean)
	if len(found) == 0 {
		return clean
	}
	var b strings.Builder
	b.Grow(len(clean))
	last := 0
	for _, f := range found {
		b.WriteString(clean[last:f.Start])
		b.WriteString(Placeholder(f.Kind))
		last = f.End
	}
	b.WriteString(clean[last:])
	return b.String()
}

// IsPlaceholder reports whether word is one of the placeholders Mask
// writes, "[personal data]" included.
func IsPlaceholder(word string) bool {
	if word == placeholderOther {
		return true
	}
	for _, p := range placeholders {
		if p == word {
			return true
		}
	}
	return false
}

// StripPlaceholders removes the placeholders Mask wrote from text, so that
// a masked question is retrieved on its own words: "[name]" is no term of
// the law. Spaces around a removed placeholder collapse to one.
func StripPlaceholders(text string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if n := placeholderAt(text[i:]); n > 0 {
			// Drop a space on one side so "I am [name] from" reads "I am from".
			if i+n < len(text) && text[i+n] == ' ' && (b.Len() == 0 || strings.HasSuffix(b.String(), " ")) {
				n++
			}
			i += n
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return strings.TrimSpace(b.String())
}

// placeholderAt returns the length of the placeholder s starts with, or 0.
func placeholderAt(s string) int {
	if !strings.HasPrefix(s, "[") {
		return 0
	}
	end := strings.IndexByte(s, ']')
	if end < 0 || !IsPlaceholder(s[:end+1]) {
		return 0
	}
	return end + 1
}

// detect runs the detectors by priority over a text without invisible
// characters: where two matches overlap, the one of the earlier detector
// wins, so checksummed and keyword-led matches beat bare patterns.
func detect(text string) []Finding {
	s := newScan(text)
	var found []Finding
	for i := range detectors {
		d := &detectors[i]
		if d.quick != nil && !d.quick(s) {
			continue
		}
		switch {
		case d.post != nil:
			found = d.post(s, found)
		case d.at != nil:
			for _, w := range d.at(s) {
				found = d.add(found, text, w.lo, w.hi)
			}
		case d.key != nil:
			for _, w := range d.key.windows(s) {
				if d.match != nil {
					found = d.addMatch(found, text, w)
				} else {
					found = d.add(found, text, w.lo, w.hi)
				}
			}
		case d.in != nil:
			for _, c := range s.numbers {
				if d.in(c) && !covered(found, c.first, c.last) {
					found = d.add(found, text, c.lo, c.hi)
				}
			}
		default:
			found = d.add(found, text, 0, len(text))
		}
	}
	slices.SortFunc(found, func(a, b Finding) int { return a.Start - b.Start })
	return found
}

// addMatch appends what d.match finds in a keyword window.
func (d *detector) addMatch(found []Finding, text string, w window) []Finding {
	start, end, ok := d.match(text, w)
	if f := (Finding{Kind: d.kind, Start: start, End: end}); ok && !overlapsAny(found, f) {
		found = append(found, f)
	}
	return found
}

// add appends what d finds in text[lo:hi] and does not overlap found.
func (d *detector) add(found []Finding, text string, lo, hi int) []Finding {
	for _, loc := range d.re.FindAllStringSubmatchIndex(text[lo:hi], -1) {
		start, end := submatch(loc, d.group)
		if start < 0 {
			continue
		}
		start, end = start+lo, end+lo
		if d.trim != nil {
			var ok bool
			if start, end, ok = d.trim(text, start, end); !ok {
				continue
			}
		}
		f := Finding{Kind: d.kind, Start: start, End: end}
		if !overlapsAny(found, f) {
			found = append(found, f)
		}
	}
	return found
}

// submatch returns the span of submatch g in loc, or of the first one that
// matched when g is -1; start is -1 when there is none.
func submatch(loc []int, g int) (start, end int) {
	if g >= 0 {
		return loc[2*g], loc[2*g+1]
	}
	for k := 2; k+1 < len(loc); k += 2 {
		if loc[k] >= 0 {
			return loc[k], loc[k+1]
		}
	}
	return -1, -1
}

// covered reports whether a finding already holds all of [start, end).
func covered(found []Finding, start, end int) bool {
	for _, g := range found {
		if g.Start <= start && end <= g.End {
			return true
		}
	}
	return false
}

func overlapsAny(found []Finding, f Finding) bool {
	for _, g := range found {
		if f.Start < g.End && g.Start < f.End {
			return true
		}
	}
	return false
}
