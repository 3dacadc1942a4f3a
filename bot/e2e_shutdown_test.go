package bot_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot"
	"pactbot/review"
)

// SIGTERM mid-answer: the answer that can finish within the grace period is
// posted and recorded, the one that cannot is closed with a polite message,
// and new questions are turned away kindly.
func TestShutdownMidAnswer(t *testing.T) {
	h := startBot(t, func(c *bot.Config) { c.GracePeriod = 1500 * time.Millisecond })

	finishes, _ := h.ask(t, "700000000000000050", "850", "wait: finishes within the grace period")
	hangs, _ := h.ask(t, "700000000000000051", "850", "hang: never finishes")
	h.srv.WaitFor(callbackOf(finishes), deferLimit)
	h.srv.WaitFor(callbackOf(hangs), deferLimit)

	stopped := time.Now()
	h.cancel()
	time.Sleep(100 * time.Millisecond) // let shutdown begin before the next question
	late, _ := h.ask(t, "700000000000000052", "850", "Am I too late?")

	refused := h.srv.WaitFor(callbackOf(late), deferLimit)
	assert.EqualValues(t, 4, path(refused.Body, "type"))
	assert.Contains(t, path(refused.Body, "data", "content"), "restarting")

	answered := h.srv.WaitFor(editOf(finishes), 3*time.Second)
	assert.NotEmpty(t, embedsOf(t, answered))
	closed := h.srv.WaitFor(editOf(hangs), 5*time.Second)
	assert.Contains(t, path(closed.Body, "content"), "restarting and couldn't finish")

	h.stop(t)
	assert.Less(t, time.Since(stopped), 5*time.Second, "grace period plus closing the gateway")

	recs, err := h.store.List(t.Context(), review.Filter{Limit: -1})
	require.NoError(t, err)
	require.Len(t, recs, 1, "the finished answer, and only it, is on record")
	assert.Equal(t, "wait: finishes within the grace period", recs[0].Question)
	assert.NotEmpty(t, recs[0].MessageID, "posted before shutdown completed")
	assertNoPings(t, h.srv.Calls())
}
