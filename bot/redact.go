package bot

import "regexp"

// Token-like parts of Discord errors: interaction and webhook tokens in
// URLs (a network error quotes the whole URL), bot tokens, and long
// opaque strings in a JSON body.
var (
	urlTokenRE = regexp.MustCompile(`((?:webhooks|interactions)/\d+/)[A-Za-z0-9._\-]+`)
	botTokenRE = regexp.MustCompile(`[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{20,}`)
	authRE     = regexp.MustCompile(`(?i)(authorization|bot)(["':=\s]+)[A-Za-z0-9._\-]{20,}`)
	opaqueRE   = regexp.MustCompile(`[A-Za-z0-9_\-]{60,}`)
)

// redactDiscord replaces anything token-like in a Discord error text with
// "[redacted]", keeping the status, code and message that say what went
// wrong.
func redactDiscord(s string) string {
	s = urlTokenRE.ReplaceAllString(s, "${1}[redacted]")
	s = botTokenRE.ReplaceAllString(s, "[redacted]")
	s = authRE.ReplaceAllString(s, "${1}${2}[redacted]")
	return opaqueRE.ReplaceAllString(s, "[redacted]")
}
