package lang

import (
	"strings"
	"unicode"
)

// profile is the evidence for one language, written by hand: words are
// frequent function words, question words and migration vocabulary
// (space-separated, accents as the language writes them); chars are
// letters the language uses and most of its script-mates do not; cues
// are spellings typical of it, "^x" at the start of a word, "x$" at the
// end, "x" anywhere.
type profile struct {
	code  string
	words string
	chars string
	cues  string
}

// cue is one spelling pattern and the languages it points to.
type cue struct {
	pat            string
	prefix, suffix bool
	langs          []int
}

// model tells apart the languages sharing one script. Evidence shared by
// n languages counts 1/n for each, so "de" (Dutch, French, Spanish,
// Portuguese, Romanian) weighs little and "ich" weighs a full point.
type model struct {
	codes    []string
	fallback string
	// needsEvidence is set for Latin, where "no signal" must not mean
	// "confidently English"; other scripts rule English out by themselves.
	needsEvidence bool
	fold          map[rune]string
	words         map[string][]int
	chars         map[rune][]int
	cues          []cue
}

// Weights of the three kinds of evidence, relative to a function word.
const (
	wordWeight = 1.0
	charWeight = 1.2
	cueWeight  = 0.4
)

// newModel indexes profiles. fold maps letters to what words are
// compared as (accents stripped, Arabic letter variants merged); a rune
// mapped to "" is dropped.
func newModel(fallback string, needsEvidence bool, fold map[rune]string, profiles []profile) *model {
	m := &model{
		fallback:      fallback,
		needsEvidence: needsEvidence,
		fold:          fold,
		words:         map[string][]int{},
		chars:         map[rune][]int{},
	}
	cues := map[string]int{}
	for i, p := range profiles {
		m.codes = append(m.codes, p.code)
		for _, w := range strings.Fields(p.words) {
			k := m.foldWord(strings.ToLower(w))
			if !contains(m.words[k], i) {
				m.words[k] = append(m.words[k], i)
			}
		}
		for _, r := range p.chars {
			if !contains(m.chars[r], i) {
				m.chars[r] = append(m.chars[r], i)
			}
		}
		for _, c := range strings.Fields(p.cues) {
			// Keyed folded, as words are: "ssä$" and "ssa$" are one cue.
			c = m.foldWord(c)
			j, ok := cues[c]
			if !ok {
				j = len(m.cues)
				cues[c] = j
				pat := strings.Trim(c, "^$")
				m.cues = append(m.cues, cue{pat: pat, prefix: strings.HasPrefix(c, "^"), suffix: strings.HasSuffix(c, "$")})
			}
			if !contains(m.cues[j].langs, i) {
				m.cues[j].langs = append(m.cues[j].langs, i)
			}
		}
	}
	return m
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// foldWord maps w's letters through the model's fold table.
func (m *model) foldWord(w string) string {
	var b strings.Builder
	for _, r := range w {
		if f, ok := m.fold[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// score returns one score per language in m.codes.
func (m *model) score(text string) []float64 {
	scores := make([]float64, len(m.codes))
	add := func(langs []int, w float64) {
		for _, i := range langs {
			scores[i] += w / float64(len(langs))
		}
	}
	for _, r := range text {
		if !unicode.IsLetter(r) { // ¿ ¡, outside any word
			add(m.chars[r], charWeight)
		}
	}
	for _, t := range tokens(text) {
		// A letter counts once per word, so one foreign name
		// ("Señor Ramírez") cannot outweigh a sentence.
		seen := map[rune]bool{}
		for _, r := range t {
			if !seen[r] {
				seen[r] = true
				add(m.chars[r], charWeight)
			}
		}
		k := m.foldWord(t)
		langs, ok := m.words[k]
		if !ok {
			k = strings.TrimRight(k, "'-")
			langs = m.words[k]
		}
		add(langs, wordWeight)
		for _, c := range m.cues {
			if c.matches(k) {
				add(c.langs, cueWeight)
			}
		}
	}
	return scores
}

func (c cue) matches(w string) bool {
	switch {
	case c.prefix && c.suffix:
		return w == c.pat
	case c.prefix:
		return strings.HasPrefix(w, c.pat) && len(w) > len(c.pat)
	case c.suffix:
		return strings.HasSuffix(w, c.pat) && len(w) > len(c.pat)
	}
	return strings.Contains(w, c.pat)
}

// foldTable builds a fold map from groups "base variant variant...";
// every variant maps to base.
func foldTable(groups ...string) map[rune]string {
	t := map[rune]string{}
	for _, g := range groups {
		f := strings.Fields(g)
		for _, v := range f[1:] {
			for _, r := range v {
				t[r] = f[0]
			}
		}
	}
	return t
}

// script is a writing system as Unicode ranges.
type script struct {
	name   string
	tables []*unicode.RangeTable
}
