package answer

import (
	"pactbot/index"
	"pactbot/lang"
)

// Similarity lines for deciding coverage with passage vectors, for
// multilingual-e5-small (cosine of the question's and the best passage's
// vectors). Calibrated on the project's question sets: see
// eval/FINDINGS.md, "Grounding with vectors", and
// `go run ./eval/cmd/calibrate`. Other models need their own lines
// (Options.MinSimilarity, Options.StrongSimilarity).
const (
	// DefaultMinQuestionSimilarity is the similarity below which a question is not
	// covered, whatever its words match: generic words ("bring", "get",
	// "centre") match a passage that is about something else.
	DefaultMinQuestionSimilarity = 0.80
	// DefaultStrongQuestionSimilarity is the similarity at or above which a
	// question is covered even when few of its words match: a paraphrase,
	// or a question in another language.
	DefaultStrongQuestionSimilarity = 0.86
)

// covers is coversIn for an English question.
func (e *Engine) covers(res index.Result, floor float64) bool {
	return e.coversIn(res, floor, "en")
}

// coversIn decides whether res covers a question in language code, from
// the evidence together: the share of the question's content words the
// top passages match (Coverage, held to floor) and, when the index has
// vectors, the similarity of the closest passage. Without vectors the
// words decide alone.
func (e *Engine) coversIn(res index.Result, floor float64, code string) bool {
	if len(res.Hits) == 0 {
		return false
	}
	sim := res.Retrieval.BestSimilarity
	if sim == 0 {
		return res.Coverage >= floor
	}
	if sim < e.opts.MinSimilarity {
		return false
	}
	return sim >= e.opts.StrongSimilarity || res.Coverage >= floor
}

// askInEnglish is the fixed reply, in the asker's language where the
// table has one, that the sources are in English.
func askInEnglish(code string) string {
	if msg, ok := lang.SourcesInEnglish(code); ok && code != "en" {
		return msg
	}
	return NoteAskInEnglish
}
