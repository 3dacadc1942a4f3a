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
// piece of text to onDelta as it arrives. delivered reports whether
// onDelta received any text.
func (c *Client) stream(ctx context.Context, oreq openai.ChatCompletionRequest,
	onDelta func(string)) (gen answer.Generation, delivered bool, err error) {
	s, err := c.api.CreateChatCompletionStream(ctx, oreq)
	if err != nil {
		return answer.Generation{}, false, err
	}
	defer s.Close()
	st := streamState{onDelta: onDelta}
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return answer.Generation{}, st.delivered, err
		}
		if err := st.add(chunk); err != nil {
			return answer.Generation{}, st.delivered, err
		}
	}
	// go-openai reports a connection closed before [DONE] as io.EOF too;
	// a stream that never gave a finish reason was cut short.
	if !st.finished {
		return answer.Generation{}, st.delivered,
			fmt.Errorf("stream ended before the answer was finished: %w", io.ErrUnexpectedEOF)
	}
	if strings.TrimSpace(st.text.String()) == "" {
		return answer.Generation{}, st.delivered, badResponse("empty content", 0)
	}
	st.gen.Text = st.text.String()
	st.gen.Model = c.modelOr(st.gen.Model)
	return st.gen, st.delivered, nil
}

// streamState assembles a streamed answer chunk by chunk.
type streamState struct {
	onDelta   func(string)
	text      strings.Builder
	gen       answer.Generation
	finished  bool
	delivered bool
}

// add takes one chunk: usage and model when present, then the text of the
// first choice, if any (the usage chunk and keep-alives have none).
func (st *streamState) add(chunk openai.ChatCompletionStreamResponse) error {
	if chunk.Usage != nil {
		st.gen.PromptTokens = chunk.Usage.PromptTokens
		st.gen.CompletionTokens = chunk.Usage.CompletionTokens
	}
	if chunk.Model != "" {
		st.gen.Model = chunk.Model
	}
	if len(chunk.Choices) == 0 {
		return nil
	}
	choice := chunk.Choices[0]
	if choice.FinishReason == openai.FinishReasonContentFilter {
		return &Error{Kind: ErrRejected, msg: "content filter"}
	}
	if choice.FinishReason != "" {
		st.finished = true
	}
	if d := choice.Delta.Content; d != "" {
		st.text.WriteString(d)
		st.onDelta(d)
		st.delivered = true
	}
	return nil
}
