// Package cite owns the citation of an answer: the numbered source a [n]
// marker points to, and reading the markers in a text. It is a leaf: the
// answer record (package review) stores citations without importing the
// search index, and the answer engine (package answer) makes them.
package cite

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Citation is one numbered source of an answer.
type Citation struct {
	N       int      `json:"n"`
	DocID   string   `json:"doc"`
	Title   string   `json:"title"`
	Section string   `json:"section"`
	Path    []string `json:"path,omitempty"`
	Anchor  string   `json:"anchor"`
	URL     string   `json:"url"`
	// Language is the cited document's language (ISO 639-1), so a citation
	// reads in the language of its source; empty when unknown.
	Language string `json:"language,omitempty"`
	// PassageID is the passage the marker [N] points to.
	PassageID string `json:"passage_id,omitempty"`
}

// markerRE matches [1] and [1, 2]: the markers answers use.
var markerRE = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)

// Markers returns the numbers cited in text by [n] or [n, m] markers, each
// once, in order of first appearance.
func Markers(text string) []int {
	var out []int
	for _, m := range markerRE.FindAllStringSubmatch(text, -1) {
		for _, num := range strings.Split(m[1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(num))
			if err != nil || slices.Contains(out, n) {
				continue
			}
			out = append(out, n)
		}
	}
	return out
}

// Unknown returns the markers of text that point to none of cites, each
// once, in order of first appearance.
func Unknown(text string, cites []Citation) []int {
	var out []int
	for _, n := range Markers(text) {
		if !slices.ContainsFunc(cites, func(c Citation) bool { return c.N == n }) {
			out = append(out, n)
		}
	}
	return out
}
