package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/curated"
)

const (
	reviewChannel = "820000000000000001"
	modRole       = "830000000000000001"
	moderator     = "700000000000000090"
	moderator2    = "700000000000000091"
	askChannel    = "811000000000000001"
)

var modRoles = []string{modRole}

// reviewConfig posts every answer to the review channel and polls the
// change feed fast, so that CLI decisions show within a test's patience.
func reviewConfig(mode string) *bot.Review {
	return &bot.Review{ChannelID: reviewChannel, Post: bot.PostAll, Mode: mode,
		ModeratorRoleIDs: modRoles, PollEvery: 50 * time.Millisecond}
}

// docFingerprints stands for curated.DocFingerprints over the corpus the
// fake asker cites.
func docFingerprints(fps map[string]string) func() map[string]string {
	return func() map[string]string { return fps }
}

// curatedFirst asks the curated matcher first, as answer.Engine.WithCurated
// does, then the fake asker.
type curatedFirst struct {
	m    *curated.Matcher
	next bot.Asker
}

func (c curatedFirst) Ask(ctx context.Context, q string) (answer.Answer, error) {
	if a, ok := c.m.Lookup(ctx, q); ok {
		return a, nil
	}
	return c.next.Ask(ctx, q)
}

func newMatcher(t *testing.T) *curated.Matcher {
	t.Helper()
	m, err := curated.NewMatcher(nil, 0.8)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// press clicks a button as user with roles, in the review channel.
func (h *harness) press(t *testing.T, user string, roles []string, customID string) string {
	t.Helper()
	id := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.Button(discordtest.Interaction{
		ID: id, UserID: user, ChannelID: reviewChannel, Roles: roles}, customID)))
	return id
}

// submit submits a modal as user with roles.
func (h *harness) submit(t *testing.T, user string, roles []string, customID string, values map[string]string) string {
	t.Helper()
	id := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.ModalSubmit(discordtest.Interaction{
		ID: id, UserID: user, ChannelID: reviewChannel, Roles: roles}, customID, values)))
	return id
}

// reply returns the text a user saw in answer to interaction id: an
// immediate (type 4) reply, or the edit of a deferred one.
func (h *harness) reply(t *testing.T, id string) (text string, ephemeral bool) {
	t.Helper()
	c := h.srv.WaitFor(func(c discordtest.Call) bool {
		if callbackOf(id)(c) {
			return path(c.Body, "type") == float64(4)
		}
		return editOf(id)(c) && path(c.Body, "content") != nil
	}, 5*time.Second)
	if strings.HasSuffix(c.Path, "/callback") {
		flags, _ := path(c.Body, "data", "flags").(float64)
		return path(c.Body, "data", "content").(string), int(flags)&64 != 0
	}
	cb := h.srv.WaitFor(callbackOf(id), time.Second)
	flags, _ := path(cb.Body, "data", "flags").(float64)
	return path(c.Body, "content").(string), int(flags)&64 != 0
}

// askAnswered asks /ask in askChannel and returns the interaction id, the
// record id and the edit that posted the answer.
func (h *harness) askAnswered(t *testing.T, user, q string) (string, int64, discordtest.Call) {
	t.Helper()
	id, _ := h.ask(t, user, askChannel, q)
	edit := h.srv.WaitFor(func(c discordtest.Call) bool {
		return editOf(id)(c) && path(c.Body, "components") != nil
	}, 5*time.Second)
	rid := recordIDOf(t, edit)
	// A moderator sees the answer only once it is linked to its message.
	require.Eventually(t, func() bool {
		rec, err := h.store.Get(context.Background(), rid)
		return err == nil && rec.MessageID != ""
	}, 3*time.Second, 5*time.Millisecond)
	return id, rid, edit
}

// reviewPost waits for the review-channel post of answer id.
func (h *harness) reviewPost(t *testing.T, id int64) discordtest.Call {
	t.Helper()
	return h.srv.WaitFor(func(c discordtest.Call) bool {
		return channelMessages(reviewChannel)(c) && strings.Contains(string(c.Raw), fmt.Sprintf("Answer id %d ·", id))
	}, 5*time.Second)
}

// reviewEdit waits for an edit of the review message of answer id that
// contains want.
func (h *harness) reviewEdit(t *testing.T, id int64, want string) discordtest.Call {
	t.Helper()
	var msgID string
	require.Eventually(t, func() bool {
		rec, err := h.store.Get(context.Background(), id)
		msgID = ""
		if err == nil {
			msgID = rec.ReviewMessageID
		}
		return msgID != ""
	}, 5*time.Second, 10*time.Millisecond)
	return h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Method == "PATCH" && c.Path == "/api/v9/channels/"+reviewChannel+"/messages/"+msgID &&
			strings.Contains(string(c.Raw), want)
	}, 5*time.Second)
}

// webhookMessage matches an edit of message msgID through the token of
// interaction id.
func webhookMessage(id, msgID string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		return c.Is("PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token(id)+"/messages/"+msgID)
	}
}

// ephemeralFollowup matches a private follow-up of interaction id.
func ephemeralFollowup(id string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		flags, _ := path(c.Body, "flags").(float64)
		return followupsOf(id)(c) && int(flags)&64 != 0
	}
}

func messageIDOf(t *testing.T, c discordtest.Call) string {
	t.Helper()
	var m struct {
		ID string `json:"id"`
	}
	require.NoError(t, c.DecodeResponse(&m))
	return m.ID
}
