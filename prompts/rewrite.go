package prompts

import (
	"regexp"
	"strings"
)

// maxRewriteWords bounds the rewritten query: the prompt asks for at most
// 12 words; a model that rambles is cut.
const maxRewriteWords = 20

// rewriteLabel matches labels models put before their answer despite being
// told not to.
var rewriteLabel = regexp.MustCompile(`(?i)^(english\s+)?(search\s+)?(terms|query|keywords)\s*:\s*`)

// ParseRewrite reads the model's reply to the Rewrite prompt: the first
// non-empty line, without labels, quotes, list markers or a tag the model
// echoed, whitespace collapsed and at most maxRewriteWords words. It
// returns "" when nothing usable is left, in which case the caller should
// search with the original question.
func ParseRewrite(output string) string {
	for _, line := range strings.Split(output, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "<question>")
		line = strings.TrimSuffix(line, "</question>")
		line = strings.TrimLeft(line, "-*•> \t")
		line = rewriteLabel.ReplaceAllString(line, "")
		line = strings.Trim(line, "\"'`“”„«»‘’ \t.")
		if line == "" || strings.HasPrefix(line, "<") {
			continue
		}
		words := strings.Fields(line)
		if len(words) > maxRewriteWords {
			words = words[:maxRewriteWords]
		}
		return strings.Join(words, " ")
	}
	return ""
}
