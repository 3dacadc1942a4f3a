package curated

import (
	"slices"
	"strings"
	"unicode/utf8"

	"pactbot/corpus"
	"pactbot/index"
	"pactbot/privacy"
)

// fillerWords say how a question is asked, not what it is about, so two
// phrasings of one question may differ in them freely. They are analyzed
// like the questions, so the list holds plain words.
var fillerWords = []string{
	"can", "could", "would", "should", "will", "may", "might", "must", "please",
	"pls", "tell", "know", "want", "wonder", "wondering", "like", "also",
	"actually", "really", "just", "exactly", "much", "many", "lot", "lots",
	"kind", "sort", "thing", "things", "anyone", "someone", "somebody",
	"anybody", "hi", "hello", "hey", "thanks", "thank", "question", "ok",
	"okay", "im", "ive", "dont", "cant", "whats", "currently", "now",
	"explain", "say", "says", "said", "mean", "means", "exist", "exists",
	"happen", "happens", "happened", "get", "gets", "getting", "got",
}

// withoutPersonalData drops personal data, and the placeholders that
// masked it in stored questions: a passport number says nothing about what
// is asked.
func withoutPersonalData(question string) string {
	return privacy.StripPlaceholders(privacy.Mask(question))
}

// fuzzyMinLen is the shortest stemmed term that may match another term one
// edit away, so that a typo ("earmaked") does not hide a paraphrase while
// short terms ("visa", "visit") stay distinct.
const fuzzyMinLen = 6

// seq is an analyzed term sequence; "" marks a dropped stop word.
type seq []string

func (s seq) key() string { return strings.Join(s, " ") }

// concept is one content term of a question, or a multi-word glossary term
// found in it, with the glossary rules it belongs to.
type concept struct {
	main string
	// groups are the glossary rules naming the term (as a citizen's word
	// or an official one): terms sharing a rule mean the same thing here.
	groups []int
	// terms are the analyzed terms of main and of the other terms of its
	// rules, for the BM25 candidate query.
	terms []seq
}

// vocabulary analyzes questions into concepts with the index's query
// analysis (its English analyzer, glossary terms recognised, the longest
// first), but with filler words of its own, and every glossary rule
// two-way: two phrasings of a question may use any term of a rule, so
// every term of a rule is recognised (the index recognises the terms the
// glossary gives an alternative, none in a rule whose terms all analyze
// alike).
type vocabulary struct {
	words *index.Vocabulary
	// groups maps a glossary term to the rules it appears in.
	groups map[string][]int
	// members lists the terms of each rule.
	members [][]seq
}

func newVocabulary(g corpus.Glossary) (*vocabulary, error) {
	twoWay := make(corpus.Glossary, len(g))
	for i, r := range g {
		twoWay[i] = corpus.SynonymRule{Synonyms: slices.Concat(r.Input, r.Synonyms)}
	}
	words, err := index.NewVocabulary(twoWay, index.WithFillerWords(fillerWords))
	if err != nil {
		return nil, err
	}
	v := &vocabulary{words: words, groups: map[string][]int{}, members: make([][]seq, len(g))}
	for i, r := range twoWay {
		for _, term := range r.Synonyms {
			s := seq(words.Analyze(term))
			if len(s) == 0 || s[0] == "" || slices.Contains(v.groups[s.key()], i) {
				continue
			}
			v.groups[s.key()] = append(v.groups[s.key()], i)
			v.members[i] = append(v.members[i], s)
		}
	}
	return v, nil
}

// concepts analyzes a question into its content concepts, without
// duplicates: glossary terms (the longest match first) and the remaining
// terms, minus personal data, filler and one-letter terms.
func (v *vocabulary) concepts(question string) []concept {
	var out []concept
	for _, c := range v.words.Concepts(withoutPersonalData(question)) {
		if len(c.Terms) == 1 && v.words.IsFiller(c.Terms[0]) {
			continue // a glossary word, but filler in a question ("tell")
		}
		out = append(out, v.newConcept(c.Terms))
	}
	return out
}

func (v *vocabulary) newConcept(main seq) concept {
	c := concept{main: main.key(), groups: v.groups[main.key()], terms: []seq{main}}
	for _, g := range c.groups {
		c.terms = append(c.terms, v.members[g]...)
	}
	return c
}

// same reports whether two concepts name the same thing: the same term, two
// terms of one glossary rule ("kids" and "minors"; but not "money" and
// "costs", whose rules only share an official word), or one long term a
// typo apart.
func same(a, b concept) bool {
	if a.main == b.main {
		return true
	}
	for _, g := range a.groups {
		if slices.Contains(b.groups, g) {
			return true
		}
	}
	return !strings.Contains(a.main, " ") && !strings.Contains(b.main, " ") &&
		utf8.RuneCountInString(a.main) >= fuzzyMinLen && utf8.RuneCountInString(b.main) >= fuzzyMinLen &&
		withinOneEdit(a.main, b.main)
}

// similarity is the Dice coefficient of two concept lists: the share of
// the concepts of both questions that have a match in the other one. It is
// 1 for two phrasings of the same content and falls by one concept's share
// for every concept only one of them has.
func similarity(a, b []concept) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	matched := countMatched(a, b) + countMatched(b, a)
	return float64(matched) / float64(len(a)+len(b))
}

func countMatched(a, b []concept) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if same(x, y) {
				n++
				break
			}
		}
	}
	return n
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+min(1, len(ra)-i):]) == string(rb[i+min(1, len(rb)-i):])
	}
	return string(ra[i+1:]) == string(rb[i:])
}
