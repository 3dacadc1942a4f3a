package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/review"
)

const msgHeld = "Thanks for your question. A moderator will review the answer before it is published here."

// askHeld asks /ask under pre-moderation and returns the interaction id
// and the id of the held record.
func (h *harness) askHeld(t *testing.T, user, q string) (string, int64) {
	t.Helper()
	ask, _ := h.ask(t, user, askChannel, q)
	cb := h.srv.WaitFor(callbackOf(ask), 3*time.Second)
	assert.EqualValues(t, 5, path(cb.Body, "type"))
	assert.EqualValues(t, 64, path(cb.Body, "data", "flags"), "nothing of a held question shows publicly")
	held := h.srv.WaitFor(editOf(ask), 5*time.Second)
	assert.Equal(t, msgHeld, path(held.Body, "content"))
	var id int64
	require.Eventually(t, func() bool {
		recs, err := h.store.List(context.Background(), review.Filter{Status: review.StatusPending, UserHash: h.pseudo.UserID(user)})
		if err != nil || len(recs) == 0 {
			return false
		}
		id = recs[0].ID
		return recs[0].ReviewMessageID != ""
	}, 3*time.Second, 10*time.Millisecond)
	return ask, id
}

func TestPreModeration(t *testing.T) {
	matcher := newMatcher(t)
	rv := reviewConfig(bot.ModePre)
	rv.Curated = matcher
	wrap := func(a bot.Asker) bot.Asker { return curatedFirst{matcher, a} }
	h := startBotWith(t, setup{review: rv, wrap: wrap})
	ctx := context.Background()

	t.Run("a curated answer is not held: it is published at once", func(t *testing.T) {
		q := "How much money is earmarked for the Pact?"
		_, err := h.store.AddCurated(ctx, review.Curated{Question: q, Answer: "EUR 2 billion, checked [1].",
			Citations: []answer.Citation{{N: 1, DocID: "pact", Title: "Pact on Migration and Asylum"}}, Moderator: "m"})
		require.NoError(t, err)
		require.Eventually(t, func() bool { return matcher.Len() == 1 }, 3*time.Second, 10*time.Millisecond,
			"the change feed reloads the matcher")
		ask, _ := h.ask(t, "700000000000000200", askChannel, q)
		var rec *review.Record
		require.Eventually(t, func() bool {
			recs, err := h.store.List(ctx, review.Filter{UserHash: h.pseudo.UserID("700000000000000200")})
			if err != nil || len(recs) == 0 || recs[0].MessageID == "" {
				return false
			}
			rec = recs[0]
			return true
		}, 5*time.Second, 10*time.Millisecond)
		assert.Equal(t, review.StatusPublished, rec.Status)
		// What the asker and the channel see, by Discord's rules: the first
		// follow-up after the private deferral would have been the private
		// "thinking…" itself.
		require.Eventually(t, func() bool {
			m, ok := h.srv.Message(rec.MessageID)
			return ok && m.Visible()
		}, 3*time.Second, 10*time.Millisecond, "the answer is public and not deleted")
		m, _ := h.srv.Message(rec.MessageID)
		assert.Contains(t, fmt.Sprint(m.Body["embeds"]), "EUR 2 billion, checked")
		assert.NotEqual(t, h.srv.OriginalOf(ask), rec.MessageID, "the answer is not the private deferred message")
	})

	t.Run("a held answer is published in reply to the question when approved", func(t *testing.T) {
		ask, id := h.askHeld(t, "700000000000000201", "What is screening?")
		post := h.reviewPost(t, id)
		assert.Contains(t, string(post.Raw), "pending")
		assert.Contains(t, string(post.Raw), "Held for review")
		assert.Empty(t, h.srv.CallsMatching(func(c discordtest.Call) bool {
			return followupsOf(ask)(c) && path(c.Body, "flags") == nil
		}), "no public answer before approval")

		press := h.press(t, moderator, modRoles, fmt.Sprintf("pb:mod:approve:%d", id))
		text, _ := h.reply(t, press)
		assert.Contains(t, text, "approved")
		pub := h.srv.WaitFor(func(c discordtest.Call) bool {
			return followupsOf(ask)(c) && path(c.Body, "flags") == nil
		}, 3*time.Second)
		assert.Contains(t, embedsOf(t, pub)[0].Description, "screening at the external borders")
		assert.Equal(t, id, recordIDOf(t, pub))
		require.Eventually(t, func() bool {
			rec, err := h.store.Get(ctx, id)
			return err == nil && rec.Status == review.StatusApproved && rec.MessageID == messageIDOf(t, pub)
		}, 3*time.Second, 10*time.Millisecond)
		h.reviewEdit(t, id, "approved")
		assertNoPings(t, []discordtest.Call{pub})
	})

	t.Run("a held mention gets a notice that becomes the answer when corrected", func(t *testing.T) {
		msgID := h.id()
		require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
			ID: msgID, AuthorID: "700000000000000202", ChannelID: discordtest.ChannelID,
			Content: "<@" + discordtest.BotUserID + "> What is relocation?", MentionBot: true})))
		th := h.srv.WaitFor(func(c discordtest.Call) bool {
			return c.Is("POST", "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID+"/threads")
		}, 3*time.Second)
		threadID := messageIDOf(t, th)
		notice := h.srv.WaitFor(channelMessages(threadID), 5*time.Second)
		assert.Equal(t, msgHeld, path(notice.Body, "content"))
		var id int64
		require.Eventually(t, func() bool {
			recs, err := h.store.List(ctx, review.Filter{UserHash: h.pseudo.UserID("700000000000000202")})
			if err != nil || len(recs) == 0 {
				return false
			}
			id = recs[0].ID
			return recs[0].MessageID != "" && recs[0].ReviewMessageID != ""
		}, 3*time.Second, 10*time.Millisecond)
		sub := h.submit(t, moderator, modRoles, fmt.Sprintf("pb:modal:correct:%d", id), map[string]string{"text": "Relocation moves applicants between Member States [1]."})
		text, _ := h.reply(t, sub)
		assert.Contains(t, text, "corrected")
		edit := h.srv.WaitFor(func(c discordtest.Call) bool {
			return c.Is("PATCH", "/api/v9/channels/"+threadID+"/messages/"+messageIDOf(t, notice))
		}, 3*time.Second)
		e := embedsOf(t, edit)
		assert.Contains(t, e[0].Description, "Relocation moves applicants")
		assert.Contains(t, e[0].Description, "Corrected by a moderator.")
	})

	t.Run("a rejected held answer is never published and the asker is told privately", func(t *testing.T) {
		ask, id := h.askHeld(t, "700000000000000203", "What is the border procedure?")
		sub := h.submit(t, moderator, modRoles, fmt.Sprintf("pb:modal:reject:%d", id), map[string]string{"reason": "Not covered."})
		h.reply(t, sub)
		told := h.srv.WaitFor(ephemeralFollowup(ask), 3*time.Second)
		assert.Contains(t, path(told.Body, "content"), "decided not to publish")
		assert.Contains(t, path(told.Body, "content"), "Not covered.")
		assert.Empty(t, h.srv.CallsMatching(func(c discordtest.Call) bool {
			return followupsOf(ask)(c) && path(c.Body, "flags") == nil
		}))
	})

	t.Run("no message of the whole workflow can ping anyone", func(t *testing.T) { testModerationPingsNobody(t, h) })

	t.Run("pending answers survive a restart and are still actionable", func(t *testing.T) {
		_, id := h.askHeld(t, "700000000000000204", "What is Eurodac?")
		h.stop(t)
		h2 := startBotWith(t, setup{srv: h.srv, store: h.store, review: rv, nextID: h.nextID, wrap: wrap})
		press := h2.press(t, moderator, modRoles, fmt.Sprintf("pb:mod:approve:%d", id))
		text, _ := h2.reply(t, press)
		assert.Contains(t, text, "approved")
		// The interaction token died with the first process: the answer
		// is posted as a new message in the question's channel.
		pub := h.srv.WaitFor(func(c discordtest.Call) bool {
			return channelMessages(askChannel)(c) && path(c.Body, "embeds") != nil
		}, 3*time.Second)
		assert.Equal(t, id, recordIDOf(t, pub))
		assert.Contains(t, embedsOf(t, pub)[0].Title, "What is Eurodac?")
		require.Eventually(t, func() bool {
			rec, err := h.store.Get(ctx, id)
			return err == nil && rec.Status == review.StatusApproved && rec.MessageID == messageIDOf(t, pub)
		}, 3*time.Second, 10*time.Millisecond)
	})
}

// With pre_for: flagged only answers a moderator should see first are
// held; the public "thinking…" of a held one is deleted and the asker told
// privately.
func TestPreModerationFlaggedOnly(t *testing.T) {
	rv := reviewConfig(bot.ModePre)
	rv.PreFor, rv.Post = bot.PreFlagged, bot.PostNone
	h := startBotWith(t, setup{review: rv})

	_, id, _ := h.askAnswered(t, "700000000000000601", "What is screening?")
	rec, err := h.store.Get(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, review.StatusPublished, rec.Status, "a grounded answer is published at once")

	ask, _ := h.ask(t, "700000000000000602", askChannel, "ungrounded: Can I bring my cat?")
	cb := h.srv.WaitFor(callbackOf(ask), 3*time.Second)
	assert.Nil(t, path(cb.Body, "data", "flags"), "not known to be held when acknowledged")
	h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Method == "DELETE" && c.Path == "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token(ask)+"/messages/@original"
	}, 5*time.Second)
	notice := h.srv.WaitFor(ephemeralFollowup(ask), 3*time.Second)
	assert.Equal(t, msgHeld, path(notice.Body, "content"))
	recs, err := h.store.List(context.Background(), review.Filter{UserHash: h.pseudo.UserID("700000000000000602")})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, review.StatusPending, recs[0].Status)
	h.reviewPost(t, recs[0].ID)
}
