package index

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"pactbot/corpus"
)

// seq is an analyzed term sequence: one term, or a phrase whose "" entries
// are positions where the analyzer dropped a stop word.
type seq []string

func (s seq) key() string { return strings.Join(s, " ") }

// concept is one content term of a query (or a multi-word glossary term
// found in it) with the alternatives the glossary gives it.
type concept struct {
	main seq
	alts []seq
	// surface is the word as the query wrote it (the first of a phrase).
	surface string
}

// fillerWords are what citizens put around a question without saying what it
// is about. They are analyzed like the query, so list plain words.
var fillerWords = []string{
	"can", "could", "would", "should", "will", "may", "might", "must", "get",
	"got", "getting", "gets", "please", "pls", "plz", "tell", "know", "want",
	"need", "like", "also", "actually", "really", "just", "still", "thing",
	"things", "someone", "somebody", "anyone", "anybody", "something",
	"anything", "everyone", "everybody", "happen", "happens", "mean", "means",
	"say", "said", "ok", "okay", "hi", "hello", "thanks", "thank", "question",
	"way", "much", "many", "lot", "lots", "kind", "sort", "here", "there",
	"now", "yes", "im", "ive", "dont", "cant", "wont", "go", "goes", "going",
	"went", "gone", "done", "doing", "happened", "happening", "make",
	"makes", "let", "able", "exactly", "u", "ur", "anyway", "guys", "hey",
	"someone's", "one", "ones", "etc", "whats", "wat", "gonna", "wanna",
}

// Vocabulary is query analysis: what the query side knows besides the
// index itself. It holds the English analyzer of the index, the filler
// terms to drop, and the glossary as term sequences. The index searches
// with one; package curated compares questions with another. It is safe
// for concurrent use.
type Vocabulary struct {
	analyzer analysis.Analyzer
	// fast analyzes result text for highlights and coverage.
	fast   analysis.Analyzer
	filler map[string]bool
	// rules maps the first term of a glossary "from" sequence to the
	// expansions starting with it, longest first.
	rules map[string][]expansion
}

type expansion struct {
	from seq
	to   []seq
}

// VocabularyOption configures a Vocabulary.
type VocabularyOption func(*vocabularyOptions)

type vocabularyOptions struct {
	filler []string
}

// WithFillerWords replaces the filler words the index drops from queries
// with words, for a caller whose texts carry other filler. They are
// analyzed like the text, so list plain words.
func WithFillerWords(words []string) VocabularyOption {
	return func(o *vocabularyOptions) { o.filler = words }
}

// NewVocabulary returns the query analysis the index searches with: the
// English analyzer of the index mapping, the index's filler words (unless
// WithFillerWords replaces them), and the rules of g as synonyms, one way
// from Input to Synonyms, or between all Synonyms of a rule without Input.
func NewVocabulary(g corpus.Glossary, opts ...VocabularyOption) (*Vocabulary, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index: new vocabulary: %w", err)
	}
	a := m.AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil, errors.New("index: new vocabulary: no English analyzer")
	}
	return newVocabulary(a, g, opts...), nil
}

func newVocabulary(a analysis.Analyzer, g corpus.Glossary, opts ...VocabularyOption) *Vocabulary {
	o := vocabularyOptions{filler: fillerWords}
	for _, opt := range opts {
		opt(&o)
	}
	v := &Vocabulary{analyzer: a, fast: fastAnalyzer(a), filler: map[string]bool{}, rules: map[string][]expansion{}}
	for _, w := range o.filler {
		for _, t := range a.Analyze([]byte(w)) {
			v.filler[string(t.Term)] = true
		}
	}
	to := map[string]map[string]seq{}
	from := map[string]seq{}
	add := func(f, t seq) {
		fk, tk := f.key(), t.key()
		if len(f) == 0 || len(t) == 0 || fk == tk {
			return
		}
		if to[fk] == nil {
			to[fk] = map[string]seq{}
		}
		from[fk] = f
		to[fk][tk] = t
	}
	for _, r := range g {
		syns := v.analyzeAll(r.Synonyms)
		if len(r.Input) == 0 {
			for _, a := range syns {
				for _, b := range syns {
					add(a, b)
				}
			}
			continue
		}
		for _, in := range v.analyzeAll(r.Input) {
			for _, s := range syns {
				add(in, s)
			}
		}
	}
	for k, f := range from {
		e := expansion{from: f}
		for _, t := range to[k] {
			e.to = append(e.to, t)
		}
		e.to = dropSubsumed(f, e.to)
		sortSeqs(e.to)
		v.rules[f[0]] = append(v.rules[f[0]], e)
	}
	for first, es := range v.rules {
		sortExpansions(es)
		v.rules[first] = es
	}
	return v
}

func (v *Vocabulary) analyzeAll(terms []string) []seq {
	var out []seq
	for _, t := range terms {
		if s := v.analyze(t); len(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// analyze turns text into one term sequence, gaps kept as "".
func (v *Vocabulary) analyze(text string) seq {
	toks := v.analyzer.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[len(toks)-1].Position
	s := make(seq, last-first+1)
	for _, t := range toks {
		s[t.Position-first] = string(t.Term)
	}
	return s
}

// Concept is one content term of a text, or a glossary term found in it,
// with the alternatives the glossary gives it. Terms are analyzed (stemmed,
// lower-cased); "" marks a stop word the analyzer dropped inside a
// multi-word term.
type Concept struct {
	// Terms is the term, several for a multi-word glossary term.
	Terms []string
	alts  []seq
}

// Alternatives returns the glossary's alternatives to c.Terms, analyzed
// the same way, without those that contain c.Terms or another alternative
// (they would match nothing more).
func (c Concept) Alternatives() [][]string {
	var out [][]string
	for _, a := range c.alts {
		out = append(out, slices.Clone(a))
	}
	return out
}

// Concepts analyzes text into its content concepts, as the index does a
// query: glossary terms (the longest match first, multi-word ones
// included) and the remaining terms, minus filler and one-letter terms,
// without duplicates, in the order of the text.
func (v *Vocabulary) Concepts(text string) []Concept {
	cs := v.concepts(text)
	out := make([]Concept, len(cs))
	for i, c := range cs {
		out[i] = Concept{Terms: slices.Clone(c.main), alts: c.alts}
	}
	return out
}

// Analyze returns the analyzed terms of text in order, "" where the
// analyzer dropped a stop word between two terms, or nil when text has no
// term. It keeps filler terms.
func (v *Vocabulary) Analyze(text string) []string { return v.analyze(text) }

// IsFiller reports whether term, an analyzed term, is a filler word of v.
// A one-word glossary term is a concept even when it is filler ("tell"
// finds "inform"); a caller that wants otherwise can drop it.
func (v *Vocabulary) IsFiller(term string) bool { return v.filler[term] }

// concepts analyzes a query into its content concepts: glossary terms
// (longest match first, multi-word ones included) and the remaining terms,
// minus filler and one-letter terms, without duplicates.
func (v *Vocabulary) concepts(query string) []concept {
	toks := v.analyzer.Analyze([]byte(query))
	byPos := make(map[int]string, len(toks))
	for _, t := range toks {
		byPos[t.Position] = string(t.Term)
	}
	var out []concept
	seen := map[string]bool{}
	covered := map[int]bool{}
	for _, t := range toks {
		if covered[t.Position] {
			continue
		}
		term := string(t.Term)
		if e, ok := v.match(byPos, t.Position, term); ok {
			for i := range e.from {
				covered[t.Position+i] = true
			}
			if !seen[e.from.key()] {
				seen[e.from.key()] = true
				out = append(out, concept{main: e.from, alts: e.to, surface: query[t.Start:t.End]})
			}
			continue
		}
		if v.filler[term] || utf8.RuneCountInString(term) < 2 || seen[term] {
			continue
		}
		seen[term] = true
		out = append(out, concept{main: seq{term}, surface: query[t.Start:t.End]})
	}
	return out
}

// match finds the longest glossary term starting at position pos.
func (v *Vocabulary) match(byPos map[int]string, pos int, term string) (expansion, bool) {
	for _, e := range v.rules[term] {
		ok := true
		for i, f := range e.from {
			if f != "" && byPos[pos+i] != f {
				ok = false
				break
			}
		}
		if ok {
			return e, true
		}
	}
	return expansion{}, false
}

func sortSeqs(s []seq) {
	slices.SortFunc(s, func(a, b seq) int { return strings.Compare(a.key(), b.key()) })
}

// sortExpansions puts longer "from" sequences first so the longest
// glossary term wins.
func sortExpansions(es []expansion) {
	slices.SortFunc(es, func(a, b expansion) int {
		if len(a.from) != len(b.from) {
			return len(b.from) - len(a.from)
		}
		return strings.Compare(a.from.key(), b.from.key())
	})
}

// dropSubsumed removes alternatives that contain the term they expand or
// another alternative ("international protection" makes "application for
// international protection" redundant): every passage they match is
// matched anyway, and each clause costs search time.
func dropSubsumed(from seq, alts []seq) []seq {
	var out []seq
	for i, a := range alts {
		redundant := containsSeq(a, from)
		for j, b := range alts {
			if i != j && containsSeq(a, b) && (len(b) < len(a) || j < i) {
				redundant = true
			}
		}
		if !redundant {
			out = append(out, a)
		}
	}
	return out
}

// containsSeq reports whether b occurs in a as a run of terms.
func containsSeq(a, b seq) bool {
	if len(b) == 0 || len(b) > len(a) {
		return false
	}
	for i := 0; i+len(b) <= len(a); i++ {
		if slices.Equal(a[i:i+len(b)], b) {
			return true
		}
	}
	return false
}
