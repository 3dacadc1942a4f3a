package answer

import (
	"regexp"
	"strconv"
	"strings"
)

// markerRE matches citation markers: [1], [2, 3], [1-2] is not a form we
// ask for and is left alone.
var markerRE = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)

// CheckCitations validates the [n] markers of generated text against the
// n passages that were sent. Markers that point to no passage are removed
// and counted. It returns the cleaned text, the citation numbers used (in
// order of first use) and the check's result.
func CheckCitations(text string, n int) (string, []int, CitationCheck) {
	var check CitationCheck
	seen := map[int]bool{}
	var used []int
	cleaned := markerRE.ReplaceAllStringFunc(text, func(m string) string {
		var keep []string
		for _, f := range strings.Split(m[1:len(m)-1], ",") {
			k, _ := strconv.Atoi(strings.TrimSpace(f))
			check.Markers++
			if k < 1 || k > n {
				check.Removed++
				continue
			}
			keep = append(keep, "["+strconv.Itoa(k)+"]")
			if !seen[k] {
				seen[k] = true
				used = append(used, k)
			}
		}
		return strings.Join(keep, "")
	})
	cleaned = tidySpaces(cleaned)
	claims, uncited := 0, 0
	for _, s := range Sentences(cleaned) {
		if !isClaim(s) {
			continue
		}
		claims++
		if !markerRE.MatchString(s) {
			uncited++
		}
	}
	check.Uncited = uncited
	// A closing remark or two may stand without a marker; most claims
	// must carry one, and at least one valid citation must exist.
	check.Passed = len(used) > 0 && uncited*3 <= claims
	return cleaned, used, check
}

// cited reports whether the markers alone pass: at least one valid
// citation, on most claims. Claims is counted by the Verification.
func (c CitationCheck) cited() bool {
	return c.Markers > c.Removed && c.Uncited*3 <= c.Claims
}

var spaceBeforePunct = regexp.MustCompile(`[ \t]+([.,;:!?])`)

func tidySpaces(s string) string {
	s = spaceBeforePunct.ReplaceAllString(s, "$1")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// isClaim tells a factual sentence from a heading, a short connective or
// the disclaimer the prompt asks for.
func isClaim(s string) bool {
	if len(strings.Fields(markerRE.ReplaceAllString(s, ""))) < 5 {
		return false
	}
	l := strings.ToLower(s)
	for _, phrase := range []string{"legal advice", "legal aid", "national authorit", "competent authorit", "not legal", "consult", "passages do not", "passages don't", "sources do not", "sources don't"} {
		if strings.Contains(l, phrase) {
			return false
		}
	}
	return true
}
