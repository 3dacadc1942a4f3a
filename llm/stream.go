package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"pactbot/answer"
)

// stream sends one streamed request and assembles the answer, passing each
// piece of text to onDelta as it arrives.
func (c *Client) stream(ctx context.Context, oreq openai.ChatCompletionRequest,
	onDelta func(string)) (answer.Generation, bool, error) {
	s, err := c.api.CreateChatCompletionStream(ctx, oreq)
	if err != nil {
		return answer.Generation{}, false, err
	}
	defer s.Close()
	var (
		text      strings.Builder
		gen       answer.Generation
		finished  bool
		delivered bool
	)
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return answer.Generation{}, delivered, err
		}
		if chunk.Usage != nil {
			gen.PromptTokens = chunk.Usage.PromptTokens
			gen.CompletionTokens = chunk.Usage.CompletionTokens
		}
		if chunk.Model != "" {
			gen.Model = chunk.Model
		}
		if len(chunk.Choices) == 0 {
			continue // the usage chunk, or a keep-alive
		}
		choice := chunk.Choices[0]
		if choice.FinishReason == openai.FinishReasonContentFilter {
			return answer.Generation{}, delivered, &Error{Kind: ErrRejected, msg: "content filter"}
		}
		if choice.FinishReason != "" {
			finished = true
		}
		if d := choice.Delta.Content; d != "" {
			text.WriteString(d)
			onDelta(d)
			delivered = true
		}
	}
	// go-openai reports a connection closed before [DONE] as io.EOF too;
	// a stream that never gave a finish reason was cut short.
	if !finished {
		return answer.Generation{}, delivered, fmt.Errorf("stream ended before the answer was finished: %w", io.ErrUnexpectedEOF)
	}
	if strings.TrimSpace(text.String()) == "" {
		return answer.Generation{}, delivered, badResponse("empty content", 0)
	}
	gen.Text = text.String()
	gen.Model = c.modelOr(gen.Model)
	return gen, delivered, nil
}
