package curated

import (
	"context"
	"fmt"
	"slices"

	"pactbot/answer"
	"pactbot/review"
)

// The answer engine asks the matcher first (Engine.WithCurated).
var _ answer.CuratedSource = (*Matcher)(nil)

// Lookup returns the curated answer to question as an answer.Answer when a
// curated question matches at the threshold: the moderator's text, the
// citations of the answer it corrected, mode "curated", labelled as
// reviewed by a moderator. It has no passages: nothing was retrieved.
func (m *Matcher) Lookup(ctx context.Context, question string) (answer.Answer, bool) {
	c, _, ok := m.Match(ctx, question)
	if !ok {
		return answer.Answer{}, false
	}
	return AsAnswer(question, c), true
}

// AsAnswer presents a curated answer as the answer to question.
func AsAnswer(question string, c *review.Curated) answer.Answer {
	cites := slices.Clone(c.Citations)
	if cites == nil {
		cites = []answer.Citation{}
	}
	return answer.Answer{
		Question:  question,
		Text:      c.Answer,
		Grounded:  true,
		Mode:      answer.ModeCurated,
		Citations: cites,
		Note:      answer.NoteCurated,
	}
}

// Lister gives every curated answer; *review.Store satisfies it.
type Lister interface {
	ListCurated(ctx context.Context) ([]*review.Curated, error)
}

// Reload replaces the matcher's answers with the store's current ones.
func (m *Matcher) Reload(ctx context.Context, st Lister) error {
	all, err := st.ListCurated(ctx)
	if err != nil {
		return fmt.Errorf("curated: reload: %w", err)
	}
	return m.Replace(all)
}

// Changed reports whether any of the store's changes (its change feed)
// added, made stale, re-approved or retired a curated answer, so that the
// caller should Reload.
func Changed(changes []review.Change) bool {
	for _, c := range changes {
		switch c.Kind {
		case review.EventCuratedAdd, review.EventCuratedStale, review.EventCuratedActive, review.EventCuratedRetire,
			review.EventCuratedDelete:
			return true
		}
	}
	return false
}
