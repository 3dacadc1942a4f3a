package answer

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// SentenceScorer scores sentences against a question by meaning, across
// languages. *index.Index satisfies it; it fails when the index has no
// vectors, and the word-based quotes then stand.
type SentenceScorer interface {
	SentenceSimilarity(ctx context.Context, question string, sentences []string) ([]float64, error)
}

// maxQuoteSentences and maxQuoteWords bound a quote chosen by meaning, as
// bestSentences bounds one chosen by words.
const (
	maxQuoteSentences = 2
	maxQuoteWords     = 70
)

// quoteByMeaning re-chooses the quoted sentences of an extractive answer by
// their similarity to the question. The word-based choice needs the
// question's words in the passage; a question in another language shares
// none, and then got the passage's first sentences whatever they say.
// Citations keep their order; those dropped for being far from the
// question leave the others renumbered.
func (e *Engine) quoteByMeaning(ctx context.Context, question string, a *Answer) {
	sc, ok := e.retriever.(SentenceScorer)
	if !ok || !a.Grounded || len(a.Citations) == 0 {
		return
	}
	text := map[string]string{}
	for _, h := range a.Passages {
		text[h.ID] = h.Text
	}
	type quote struct {
		c    Citation
		text string
		sim  float64
	}
	var qs []quote
	best := -1.0
	for _, c := range a.Citations {
		sents := Sentences(text[c.PassageID])
		if len(sents) == 0 {
			return
		}
		sims, err := sc.SentenceSimilarity(ctx, question, sents)
		if err != nil || len(sims) != len(sents) {
			return // keep the word-based quotes
		}
		t, sim := pickByScore(sents, sims)
		qs = append(qs, quote{c, t, sim})
		best = max(best, sim)
	}
	// As with words: a passage whose best sentence is much further from
	// the question than another's adds nothing. The first one stays.
	var parts []string
	var cites []Citation
	for i, x := range qs {
		if i > 0 && x.sim < best-otherQuoteMargin {
			continue
		}
		x.c.N = len(cites) + 1
		cites = append(cites, x.c)
		parts = append(parts, fmt.Sprintf("“%s” [%d]", x.text, x.c.N))
	}
	a.Text, a.Citations = strings.Join(parts, "\n\n"), cites
}

// otherQuoteMargin is how much less similar than the best quote another
// passage's quote may be and still be quoted.
const otherQuoteMargin = 0.02

// leadInPenalty is taken from a lead-in's similarity (see pickByScore):
// measured on the shipped factsheet, "The Pact … will bring:" sat 0.02
// above the €2 billion sentence for a Farsi funding question.
const leadInPenalty = 0.03

// minQuoteWords is the length under which a sentence counts as a fragment.
const minQuoteWords = 6

// pickByScore quotes the best sentence, and the second best when it is
// nearly as close, in text order and within maxQuoteWords. A lead-in
// ending in ":" is quoted only with what follows it.
func pickByScore(sents []string, sims []float64) (string, float64) {
	sims = append([]float64(nil), sims...)
	weak := make([]bool, len(sents))
	for i, s := range sents {
		if strings.HasSuffix(s, ":") || len(strings.Fields(s)) < minQuoteWords {
			weak[i] = true
			// A lead-in or a fragment ("March 2024 | #MigrationEU") is
			// close to any question on its topic and says nothing by
			// itself: it loses near-ties to a sentence that does.
			sims[i] -= leadInPenalty
		}
	}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sims[order[a]] > sims[order[b]] })
	pick := []int{order[0]}
	if strings.HasSuffix(sents[order[0]], ":") && order[0]+1 < len(sents) {
		pick = append(pick, order[0]+1)
	} else if len(order) > 1 && sims[order[1]] >= sims[order[0]]-0.02 && !weak[order[1]] {
		pick = append(pick, order[1])
	}
	sort.Ints(pick)
	var out []string
	words := 0
	for k, i := range pick {
		n := len(strings.Fields(sents[i]))
		if k > 0 && (words+n > maxQuoteWords || len(out) == maxQuoteSentences) {
			break
		}
		out = append(out, sents[i])
		words += n
	}
	return strings.Join(out, " … "), sims[order[0]]
}
