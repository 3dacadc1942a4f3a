package review

import "pactbot/privacy"

// Kinds of personal data DetectPII finds; package privacy has the others
// (names, addresses, IBANs, cards, health, IP addresses).
const (
	PIIEmail       = privacy.KindEmail
	PIIPhone       = privacy.KindPhone
	PIIIDNumber    = privacy.KindIDNumber
	PIICaseNumber  = privacy.KindCaseNumber
	PIIDateOfBirth = privacy.KindDateOfBirth
)

// PIIMatch is one piece of personal data in a text; Start and End are byte
// offsets, so Text == text[Start:End].
type PIIMatch struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// DetectPII returns the personal data found in text, in order of position
// and without overlaps. It is privacy.Found with the matched text.
func DetectPII(text string) []PIIMatch {
	found := privacy.Found(text)
	if len(found) == 0 {
		return nil
	}
	ms := make([]PIIMatch, len(found))
	for i, f := range found {
		ms[i] = PIIMatch{Kind: f.Kind, Start: f.Start, End: f.End, Text: text[f.Start:f.End]}
	}
	return ms
}

// MaskPII replaces each piece of personal data in text with a label such as
// "[phone number]" (see privacy.Placeholder) and removes invisible
// characters; it returns text unchanged when there is neither.
func MaskPII(text string) string {
	return privacy.Mask(text)
}
