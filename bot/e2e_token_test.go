package bot_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot"
	"pactbot/bot/discordtest"
)

const (
	msgTimeout = "Sorry — finding an answer took too long this time. Please try again in a little while."
	msgBusy    = "Sorry — many people are asking right now and I can't take your question. Please ask again in a few minutes."
)

// askAt dispatches /ask with an interaction id created at created.
func (h *harness) askAt(t *testing.T, user string, created time.Time, q string) string {
	t.Helper()
	id := discordtest.SnowflakeAt(created, int(h.nextID.Add(1)))
	require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(
		discordtest.Interaction{ID: id, UserID: user, ChannelID: askChannel}, "ask", map[string]string{"question": q})))
	return id
}

// The token's life runs from the interaction's creation (its snowflake),
// so an answer that is not ready in time is replaced by an apology while
// the token still carries it.
func TestTokenWindowStartsAtCreation(t *testing.T) {
	const life = 4 * time.Second
	srv := discordtest.New(t)
	srv.SetTokenLife(life)
	h := startBotWith(t, setup{srv: srv, configure: func(c *bot.Config) { c.TokenLife = life }})

	created := time.Now().Add(-1500 * time.Millisecond)
	id := h.askAt(t, "700000000000000900", created, "hang: will this ever come?")
	edit := h.srv.WaitFor(editOf(id), 2*life)
	assert.Equal(t, 200, edit.Status, "the apology went out while the token lived")
	assert.Equal(t, msgTimeout, path(edit.Body, "content"))
	assert.Less(t, edit.At.Sub(created), life, "the deadline counted from creation")
}

// A bounded queue: past MaxConcurrent answers and MaxQueue waiting ones a
// question is told at once that the bot is busy, and a waiting one that
// cannot start before its deadline gets an apology, not silence.
func TestAnswerQueueIsBounded(t *testing.T) {
	const life = 5 * time.Second
	srv := discordtest.New(t)
	srv.SetTokenLife(life)
	h := startBotWith(t, setup{srv: srv, configure: func(c *bot.Config) {
		c.TokenLife, c.MaxConcurrent, c.MaxQueue = life, 1, 1
	}})
	now := time.Now()
	running := h.askAt(t, "700000000000000910", now, "hang: first")
	h.srv.WaitFor(callbackOf(running), deferLimit)
	waiting := h.askAt(t, "700000000000000911", time.Now(), "hang: second")
	h.srv.WaitFor(callbackOf(waiting), deferLimit)
	time.Sleep(100 * time.Millisecond) // the second one is in the queue
	refused := h.askAt(t, "700000000000000912", time.Now(), "third")
	busy := h.srv.WaitFor(editOf(refused), time.Second)
	assert.Equal(t, msgBusy, path(busy.Body, "content"))

	for _, id := range []string{running, waiting} {
		edit := h.srv.WaitFor(editOf(id), 2*life)
		assert.Equal(t, 200, edit.Status)
		assert.Equal(t, msgTimeout, path(edit.Body, "content"))
	}
	for _, reason := range []string{"busy", "timeout", "deadline"} {
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_answer_failures_total", "reason", reason), reason)
	}
}
