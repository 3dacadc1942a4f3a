package answer

import "pactbot/lang"

// DetectLanguage returns the ISO 639-1 code of the language q is written
// in, or "en" when the lang package is not confident: English is the
// sources' language, so it is the safe default.
func DetectLanguage(q string) string {
	r := lang.Detect(q)
	if !r.Confident || r.Code == "" {
		return "en"
	}
	return r.Code
}
