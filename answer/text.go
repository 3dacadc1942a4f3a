package answer

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"pactbot/index"
)

// stopWords are question filler that says nothing about the topic.
var stopWords = toSet(`a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could did do does doing don't down during each few for from
further had has have having he her here hers herself him himself his how i i'm if in into is isn't it it's its
itself let's me more most my myself no nor not of off on once only or other ought our ours ourselves out over own
same she should so some such than that that's the their theirs them themselves then there there's these they
this those through to too under until up very was we were what what's when where which while who whom why will
with would you your yours yourself yourselves much many also get got tell know please hi hello thanks thank
anything something someone somebody does doesn't happen happens`)

func toSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		out[w] = true
	}
	return out
}

// words splits text into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// stem is a crude, language-neutral stem: the first six letters. It is
// only used to pick which sentences of a retrieved passage to quote.
func stem(w string) string {
	w = strings.Trim(w, "'")
	r := []rune(w)
	if len(r) > 6 {
		r = r[:6]
	}
	return string(r)
}

// contentTerms returns the stems of the question's content words.
func contentTerms(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(q) {
		if stopWords[w] || len([]rune(w)) < 2 {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

// queryTerms weighs the question's own content terms 2 and the terms the
// index marked in the hits' highlights (glossary synonyms among them) 1.
func queryTerms(q string, hits []index.Hit) map[string]int {
	terms := map[string]int{}
	for _, h := range hits {
		for _, m := range markRE.FindAllStringSubmatch(h.Highlight, -1) {
			for _, w := range words(m[1]) {
				if !stopWords[w] {
					terms[stem(w)] = 1
				}
			}
		}
	}
	for t := range contentTerms(q) {
		terms[t] = 2
	}
	return terms
}

// Sentences splits a passage into sentences: every line (a list item or
// a paragraph) is split further at sentence ends. List markers go.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimLeft(line, "-*•"))
		if line == "" {
			continue
		}
		out = append(out, splitSentences(line)...)
	}
	return out
}

var abbreviations = toSet("art e.g i.e no nos para cf etc mr mrs dr vs ibid al")

func splitSentences(line string) []string {
	var out []string
	start := 0
	rs := []rune(line)
	for i := 0; i < len(rs)-1; i++ {
		if rs[i] != '.' && rs[i] != '?' && rs[i] != '!' && rs[i] != ';' {
			continue
		}
		if !unicode.IsSpace(rs[i+1]) {
			continue
		}
		j := i + 1
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if j >= len(rs) || !(unicode.IsUpper(rs[j]) || unicode.IsDigit(rs[j]) || strings.ContainsRune("“\"(€", rs[j])) {
			continue
		}
		if rs[i] == '.' && isAbbreviation(rs[start:i]) {
			continue
		}
		out = append(out, strings.TrimSpace(string(rs[start:i+1])))
		start = j
	}
	if tail := strings.TrimSpace(string(rs[start:])); tail != "" {
		out = append(out, tail)
	}
	return out
}

func isAbbreviation(before []rune) bool {
	i := len(before)
	for i > 0 && !unicode.IsSpace(before[i-1]) && before[i-1] != '(' {
		i--
	}
	w := strings.ToLower(string(before[i:]))
	return len([]rune(w)) == 1 || abbreviations[strings.TrimSuffix(w, ".")]
}

// bestSentences quotes up to n sentences of text that match the most
// terms, in their original order, within maxWords words. It also returns
// the best sentence's score, so weak quotes can be left out.
func bestSentences(text string, terms map[string]int, n, maxWords int) (string, int) {
	sents := Sentences(text)
	if len(sents) == 0 {
		return strings.TrimSpace(text), 0
	}
	type scored struct {
		i, score int
	}
	var ss []scored
	for i, s := range sents {
		seen := map[string]bool{}
		score := 0
		for _, w := range words(s) {
			if st := stem(w); terms[st] > 0 && !seen[st] {
				seen[st] = true
				score += terms[st]
			}
		}
		if strings.HasSuffix(sents[i], ":") && score > 0 {
			score-- // a lead-in loses ties to what it introduces
		}
		ss = append(ss, scored{i, score})
	}
	sort.SliceStable(ss, func(a, b int) bool { return ss[a].score > ss[b].score })
	// Further sentences must match at least two thirds as many terms as the
	// best one, so a lead-in such as "The Pact will bring:" is not quoted
	// for one shared word.
	var pick []int
	for _, s := range ss {
		if len(pick) == n || (len(pick) > 0 && (s.score == 0 || 3*s.score < 2*ss[0].score)) {
			break
		}
		if len(pick) > 0 && strings.HasSuffix(sents[s.i], ":") {
			continue // a lead-in is no use without its list
		}
		pick = append(pick, s.i)
	}
	sort.Ints(pick)
	var parts []string
	used := 0
	for k, i := range pick {
		ws := strings.Fields(sents[i])
		if used+len(ws) > maxWords && k > 0 {
			break
		}
		if len(ws) > maxWords {
			ws = append(ws[:maxWords:maxWords], "…")
		}
		if k > 0 && pick[k-1] != i-1 {
			parts = append(parts, "…")
		}
		parts = append(parts, strings.Join(ws, " "))
		used += len(ws)
	}
	return strings.Join(parts, " "), ss[0].score
}
