package answer

import (
	"pactbot/cite"
	"pactbot/index"
)

// Modes of an answer.
const (
	ModeExtractive = "extractive"
	ModeGenerative = "generative"
	ModeCurated    = "curated"
)

// Citation is one numbered source of an answer. It lives in the leaf
// package cite so that the answer record does not import the index.
type Citation = cite.Citation

// CitationCheck records how the [n] markers of a generated answer fared.
type CitationCheck struct {
	Markers int `json:"markers"`
	// Removed counts markers that pointed to no passage and were removed.
	Removed int `json:"removed"`
	// Uncited counts sentences that make a claim with no valid citation.
	Uncited int `json:"uncited"`
	// Passed is true when the markers are valid, most claims carry one
	// and, for a generated answer, the Verification passed.
	Passed bool `json:"passed"`
	// Verification is how the answer's claims fared against the passages
	// they cite (its fields appear inline in JSON).
	Verification
}

// Usage is what a generated answer cost.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Answer is the reply to one question.
type Answer struct {
	Question string `json:"question"`
	// Text carries [n] markers that refer to Citations.
	Text      string     `json:"answer"`
	Grounded  bool       `json:"grounded"`
	Mode      string     `json:"mode"`
	Citations []Citation `json:"citations"`
	// Passages are the retrieved passages the answer stands on.
	Passages []index.Hit `json:"passages"`

	Model         string         `json:"model,omitempty"`
	PromptVersion string         `json:"prompt_version,omitempty"`
	CitationCheck *CitationCheck `json:"citation_check,omitempty"`
	Usage         *Usage         `json:"usage,omitempty"`
	// Note is a one-line remark for the asker, e.g. that the LLM was
	// unavailable and the answer is extractive.
	Note string `json:"note,omitempty"`
	// GenerationError says why the LLM call failed, for logs (status and
	// kind, no secrets: llm.Error's message), when the answer fell back.
	GenerationError string `json:"generation_error,omitempty"`
	// Trace explains how the answer was made (AskOptions.Explain).
	Trace *Trace `json:"trace,omitempty"`

	// notCovered marks a generation that said the passages don't answer.
	notCovered bool
}
