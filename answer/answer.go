// Package answer owns the question → answer flow: retrieve passages, decide
// whether the sources cover the question, build an extractive or generated
// answer with numbered citations, validate them, and fall back to the
// extractive answer when the generator fails. It declares the Retriever and
// Generator it needs; it talks to neither Discord nor SQL.
package answer

import (
	"context"

	"pactbot/index"
)

// Retriever finds passages for a query, fusing further phrasings of it
// (index.SearchOptions.Extra). *index.Index satisfies it.
type Retriever interface {
	SearchWith(ctx context.Context, query string, k int, o index.SearchOptions) (index.Result, error)
}

// Message is one chat message sent to a Generator.
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
}

// GenerateRequest is one chat completion call.
type GenerateRequest struct {
	Messages    []Message
	MaxTokens   int
	Temperature float32
	// OnDelta, when set, asks for a streamed completion and receives each
	// piece of text as it arrives.
	OnDelta func(delta string)
}

// Generation is what a Generator returned.
type Generation struct {
	Text             string
	Model            string
	PromptTokens     int
	CompletionTokens int
}

// Generator produces text from chat messages (an LLM). The llm package's
// go-openai adapter satisfies it.
type Generator interface {
	Generate(ctx context.Context, req GenerateRequest) (Generation, error)
}
