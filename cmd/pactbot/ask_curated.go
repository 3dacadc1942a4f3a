package main

import (
	"context"
	"fmt"
	"os"

	"pactbot/answer"
	"pactbot/curated"
	"pactbot/review"
)

// curatedHit is what `ask` says about the curated answer it served: which
// one, the curated question it matched, and how closely.
type curatedHit struct {
	ID       int64   `json:"id"`
	Question string  `json:"question"`
	Score    float64 `json:"score"`
}

// curatedSource serves curated answers to the engine, as the bot's matcher
// does (curated.Matcher.Lookup: the same match at review.curated_threshold),
// and remembers which one it served.
type curatedSource struct {
	m   *curated.Matcher
	hit *curatedHit
}

var _ answer.CuratedSource = (*curatedSource)(nil)

// Lookup is curated.Matcher.Lookup, recording the match.
func (s *curatedSource) Lookup(ctx context.Context, question string) (answer.Answer, bool) {
	c, score, ok := s.m.Match(ctx, question)
	if !ok {
		return answer.Answer{}, false
	}
	s.hit = &curatedHit{ID: c.ID, Question: c.Question, Score: score}
	return curated.AsAnswer(question, c), true
}

// Close releases the matcher.
func (s *curatedSource) Close() error { return s.m.Close() }

// curatedAnswers loads, for `ask`, the curated answers the bot would serve
// from the answer record: the active ones whose cited documents are
// unchanged in this corpus (the bot marks the others stale when it starts;
// ask only leaves them out, and writes nothing). No record means none: a
// record is never created here. A record that cannot be read is a warning,
// and the question is answered from the documents.
func (a *app) curatedAnswers(ctx context.Context) *curatedSource {
	path := a.reviewDBPath()
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	warn := func(err error) *curatedSource {
		fmt.Fprintf(a.stderr, "warning: curated answers not served (answer record %s): %v\n", path, err)
		return nil
	}
	st, err := review.Open(path)
	if err != nil {
		return warn(err)
	}
	defer st.Close()
	all, err := st.ListCurated(ctx)
	if err != nil {
		return warn(err)
	}
	var current map[string]string
	if a.summary != nil {
		current = a.summary.DocFingerprints
	}
	var served []*review.Curated
	for _, c := range all {
		if c.Status == review.CuratedActive && !docsChanged(c.DocFingerprints, current) {
			served = append(served, c)
		}
	}
	if len(served) == 0 {
		return nil
	}
	m, err := a.curatedMatcher()
	if err != nil {
		return warn(err)
	}
	if err := m.Replace(served); err != nil {
		m.Close()
		return warn(err)
	}
	return &curatedSource{m: m}
}

// docsChanged reports whether any document a curated answer cites has
// another fingerprint (or is gone) in current: the rule review's
// CheckCurated marks answers stale by.
func docsChanged(recorded, current map[string]string) bool {
	for doc, fp := range recorded {
		if current[doc] != fp {
			return true
		}
	}
	return false
}
