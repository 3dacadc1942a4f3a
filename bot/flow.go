package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"pactbot/answer"
	"pactbot/review"
)

// question is one question on its way to an answer, with where it came
// from. userID is the raw Discord id: used for rate limits and turned into
// a pseudonym before anything is stored.
type question struct {
	text          string
	userID        string
	guildID       string
	channelID     string
	threadID      string
	interactionID string
	source        string // "slash" or "mention"
	// deadline, for a slash command, is when the answer must be ready
	// for its token to carry it (zero: no token, a mention).
	deadline time.Time
}

// outcome is a recorded answer, or the kind reply to post instead.
type outcome struct {
	ans   answer.Answer
	id    int64
	reply string
	// held is set when pre-moderation keeps the answer back.
	held bool
}

// recordTimeout bounds a write to the review store; it does not depend on
// the shutdown, so an answer computed during it is still recorded.
const recordTimeout = 10 * time.Second

// answer asks, measures and records. An answer is only posted once it is on
// record, so every posted answer survives a crash.
func (b *Bot) answer(q question) outcome {
	if reason := b.acquire(q); reason != "" {
		return b.failure(q, reason, fmt.Errorf("no answer slot: %s", reason))
	}
	defer func() { <-b.sem }()
	ctx, cancel := context.WithTimeout(b.answerCtx, b.cfg.AnswerTimeout)
	defer cancel()
	if !q.deadline.IsZero() {
		// The token dies at a fixed time after the interaction was
		// created, however long the question waited.
		var dcancel context.CancelFunc
		ctx, dcancel = context.WithDeadline(ctx, b.realTime(q.deadline))
		defer dcancel()
	}
	start := time.Now()
	ans, err := b.safeAsk(ctx, q.text)
	latency := time.Since(start)
	if err != nil {
		reason := "error"
		switch {
		case errors.Is(err, errAskerPanic):
			reason = "panic"
		case b.answerCtx.Err() != nil:
			reason = "shutdown"
		case errors.Is(err, context.DeadlineExceeded):
			reason = "timeout"
		}
		return b.failure(q, reason, err)
	}
	b.observe(ans, latency)
	held := b.rv.holds(ans)
	rec := b.record(q, ans, latency)
	if held {
		rec.Status = review.StatusPending
	}
	rctx, rcancel := context.WithTimeout(context.Background(), recordTimeout)
	defer rcancel()
	id, err := b.rec.RecordAnswer(rctx, rec)
	if err != nil {
		b.metrics.inc("pactbot_record_errors_total")
		return b.failure(q, "record", err)
	}
	b.answers.put(id, ans)
	b.log.Info("answered", "answer", id, "source", q.source, "mode", ans.Mode,
		"grounded", ans.Grounded, "held", held, "latency_ms", latency.Milliseconds())
	return outcome{ans: ans, id: id, held: held}
}

// acquire takes one of the answer slots, waiting in a bounded queue until
// the question's deadline; it returns why it could not ("busy": the queue
// is full, "deadline": the token would die first, "shutdown").
func (b *Bot) acquire(q question) string {
	select {
	case b.sem <- struct{}{}:
		return ""
	default:
	}
	if b.waiting.Add(1) > int64(b.cfg.MaxQueue) {
		b.waiting.Add(-1)
		return "busy"
	}
	defer b.waiting.Add(-1)
	var expire <-chan time.Time
	if !q.deadline.IsZero() {
		t := time.NewTimer(time.Until(b.realTime(q.deadline)))
		defer t.Stop()
		expire = t.C
	}
	select {
	case b.sem <- struct{}{}:
		return ""
	case <-expire:
		return "deadline"
	case <-b.answerCtx.Done():
		return "shutdown"
	}
}

// realTime turns a time on the configured clock into wall-clock time, for
// timers and context deadlines.
func (b *Bot) realTime(t time.Time) time.Time {
	return time.Now().Add(t.Sub(b.cfg.Now()))
}

// errAskerPanic marks an Asker that panicked.
var errAskerPanic = errors.New("asker panicked")

// safeAsk turns a panic inside the Asker into an error.
func (b *Bot) safeAsk(ctx context.Context, text string) (a answer.Answer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v\n%s", errAskerPanic, r, debug.Stack())
		}
	}()
	return b.asker.Ask(ctx, text)
}

func (b *Bot) failure(q question, reason string, err error) outcome {
	b.metrics.inc("pactbot_answer_failures_total", "reason", reason)
	// The question itself may hold personal data: log its size, not its text.
	b.log.Error("answer failed", "reason", reason, "err", err, "source", q.source,
		"interaction", q.interactionID, "channel", q.channelID, "question_chars", runes(q.text))
	reply := msgFailed
	switch reason {
	case "shutdown":
		reply = msgClosed
	case "timeout", "deadline":
		reply = msgTimeout
	case "busy":
		reply = msgBusy
	}
	return outcome{reply: reply}
}

func (b *Bot) observe(a answer.Answer, latency time.Duration) {
	mode := a.Mode
	if mode == "" {
		mode = "unknown"
	}
	b.metrics.inc("pactbot_answers_total", "mode", mode, "grounded", fmt.Sprint(a.Grounded))
	b.metrics.observeLatency(mode, latency)
	// The answer engine falls back to extractive when the LLM fails or
	// does not cite, and says which in Note.
	switch a.Note {
	case answer.NoteLLMUnavailable:
		b.metrics.inc("pactbot_llm_errors_total")
		b.metrics.inc("pactbot_llm_fallbacks_total", "reason", "llm_error")
		// The status and kind tell a revoked key (401) from a slow or
		// failing server (timeout, 5xx); the message carries no secret.
		b.log.Warn("llm call failed, answered extractively", "reason", a.GenerationError)
	case answer.NoteUncited:
		b.metrics.inc("pactbot_llm_fallbacks_total", "reason", "uncited")
	case answer.NoteUnsupported, answer.NoteNumbers, answer.NoteTooShort, answer.NotePromptEcho, answer.NoteUnverified:
		b.metrics.inc("pactbot_llm_fallbacks_total", "reason", "unverified")
	}
}

func (b *Bot) record(q question, a answer.Answer, latency time.Duration) *review.Record {
	r := &review.Record{
		GuildID: q.guildID, ChannelID: q.channelID, ThreadID: q.threadID, InteractionID: q.interactionID,
		UserHash: b.pseudo.UserID(q.userID), Question: q.text, Answer: a.Text,
		Mode: a.Mode, Model: a.Model, PromptVersion: a.PromptVersion,
		IndexFingerprint: b.cfg.IndexFingerprint, Citations: a.Citations,
		LatencyMS: latency.Milliseconds(), Grounded: a.Grounded,
	}
	for _, h := range a.Passages {
		r.Passages = append(r.Passages, review.PassageRef{ID: h.ID, Score: h.Score})
		r.TopScore = max(r.TopScore, h.Score)
	}
	return r
}

// setMessage stores where the answer was posted; the answer itself is
// already on record, so a failure here only loses the link.
func (b *Bot) setMessage(id int64, channelID, messageID string) {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := b.rec.SetMessage(ctx, id, channelID, messageID); err != nil {
		b.metrics.inc("pactbot_record_errors_total")
		b.log.Error("record message id", "answer", id, "err", err)
	}
}

// answerCache keeps recent answers in memory for "show passages": the
// record stores passage ids, not their text.
type answerCache struct {
	mu    sync.Mutex
	max   int
	order []int64
	byID  map[int64]answer.Answer
}

func newAnswerCache(max int) *answerCache {
	return &answerCache{max: max, byID: map[int64]answer.Answer{}}
}

func (c *answerCache) put(id int64, a answer.Answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.order) >= c.max {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, id)
	c.byID[id] = a
}

func (c *answerCache) get(id int64) (answer.Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	return a, ok
}
