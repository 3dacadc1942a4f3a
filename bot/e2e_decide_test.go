package bot_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/review"
)

// TestRejectRefusedByDiscordTellsTheTruth: when Discord refuses to take the
// answer down (403: past the interaction's 15 minutes the bot needs its own
// permissions), the moderator reads that the answer is still public, not
// "rejected. Thank you.".
func TestRejectRefusedByDiscordTellsTheTruth(t *testing.T) {
	rv := reviewConfig(bot.ModePost)
	h := startBotWith(t, setup{review: rv})
	ctx := context.Background()
	ask, id, edit := h.askAnswered(t, "700000000000000150", "What is the border procedure?")
	publicID := messageIDOf(t, edit)
	forbidden := `{"message": "Missing Permissions", "code": 50013}`
	h.srv.FailNext(discordtest.Failure{Method: "PATCH",
		PathPrefix: "/api/v9/webhooks/" + discordtest.AppID + "/" + discordtest.Token(ask) + "/messages/" + publicID,
		Status:     403, Body: forbidden})
	h.srv.FailNext(discordtest.Failure{Method: "DELETE", PathPrefix: "/api/v9/channels/", Status: 403, Body: forbidden})

	sub := h.submit(t, moderator, modRoles, fmt.Sprintf("pb:modal:reject:%d", id), map[string]string{"reason": "Wrong."})
	text, ephemeral := h.reply(t, sub)
	assert.True(t, ephemeral)
	assert.Contains(t, text, fmt.Sprintf("Answer #%d rejected.", id))
	assert.Contains(t, text, "Discord refused the change")
	assert.Contains(t, text, "is still public")
	assert.NotContains(t, text, "Thank you")
	rec, err := h.store.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, review.StatusRejected, rec.Status, "the record is decided all the same")
}
