package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/review"
)

// personal data a citizen might post, and what must never be echoed.
const (
	piiEmail = "amira.k@example.org"
	piiPhone = "+33 6 12 34 56 78"
)

func TestPrivacy(t *testing.T) {
	rv := reviewConfig(bot.ModePost)
	h := startBotWith(t, setup{review: rv, configure: func(c *bot.Config) { c.Retention = 30 * 24 * time.Hour }})
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *harness)
	}{
		{"personal data in /ask: private warning, masked publicly and for moderators", testPIIInAsk},
		{"personal data in a mention: a reply that pings no one, masked thread and answer, delete on request", testPIIInMention},
		{"about says what is kept, for how long, and how to delete it", testAbout},
		{"forget-me deletes the caller's answers, record and review copies", testForgetMe},
		{"forget-me deletes every message of a long answer and the bot's thread", testForgetMeLongAndThread},
		{"no message of the whole workflow can ping anyone", testModerationPingsNobody},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, h) })
	}
}

func testPIIInAsk(t *testing.T, h *harness) {
	ctx := context.Background()
	q := "My email is " + piiEmail + " and phone " + piiPhone + ", what is screening?"
	ask, id, edit := h.askAnswered(t, "700000000000000301", q)
	for _, c := range []discordtest.Call{edit, h.reviewPost(t, id)} {
		assert.NotContains(t, string(c.Raw), piiEmail, c.Path)
		assert.NotContains(t, string(c.Raw), "12 34 56 78", c.Path)
	}
	assert.Contains(t, embedsOf(t, edit)[0].Title, "[email]")
	warn := h.srv.WaitFor(ephemeralFollowup(ask), 3*time.Second)
	assert.Contains(t, path(warn.Body, "content"), "an e-mail address, a phone number")
	assert.NotContains(t, string(warn.Raw), piiEmail)
	rec, err := h.store.Get(ctx, id)
	require.NoError(t, err)
	assert.True(t, rec.PII)
	assert.NotContains(t, rec.Question, piiEmail)
}

func testPIIInMention(t *testing.T, h *harness) {
	author := "700000000000000302"
	msgID := h.id()
	require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
		ID: msgID, AuthorID: author, ChannelID: discordtest.ChannelID,
		Content: "<@" + discordtest.BotUserID + "> my phone is " + piiPhone + ", what is screening?", MentionBot: true})))
	warn := h.srv.WaitFor(func(c discordtest.Call) bool {
		return channelMessages(discordtest.ChannelID)(c) && strings.Contains(string(c.Raw), "personal data")
	}, 3*time.Second)
	assert.Equal(t, msgID, path(warn.Body, "message_reference", "message_id"))
	assert.Contains(t, path(warn.Body, "content"), "a phone number")
	th := h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Is("POST", "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID+"/threads")
	}, 3*time.Second)
	assert.Equal(t, "my phone is [phone number], what is screening?", path(th.Body, "name"))
	ans := h.srv.WaitFor(channelMessages(messageIDOf(t, th)), 5*time.Second)
	for _, c := range []discordtest.Call{warn, th, ans} {
		assert.NotContains(t, string(c.Raw), "12 34 56 78", c.Path)
	}
	assertNoPings(t, []discordtest.Call{warn, ans})

	custom := fmt.Sprintf("pb:del:%s:%s:%s", discordtest.ChannelID, msgID, h.pseudo.UserID(author))
	assert.Contains(t, string(warn.Raw), custom)
	deleteAs := func(user, appPerms string) string {
		id := h.id()
		require.NoError(t, h.srv.DispatchInteraction(discordtest.Button(discordtest.Interaction{
			ID: id, UserID: user, ChannelID: discordtest.ChannelID, AppPermissions: appPerms}, custom)))
		return id
	}
	text, _ := h.reply(t, deleteAs("700000000000000399", "8192"))
	assert.Contains(t, text, "Only the person who wrote")
	text, _ = h.reply(t, deleteAs(author, "2048"))
	assert.Contains(t, text, "Manage Messages permission")
	assert.Empty(t, h.srv.CallsMatching(func(c discordtest.Call) bool { return c.Is("DELETE", "/api/v9/channels/") }))
	done := deleteAs(author, "8192")
	h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Method == "DELETE" && c.Path == "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID
	}, 3*time.Second)
	cb := h.srv.WaitFor(callbackOf(done), 3*time.Second)
	assert.EqualValues(t, 7, path(cb.Body, "type"))
}

func testAbout(t *testing.T, h *harness) {
	about := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: about}, "about", nil)))
	cb := h.srv.WaitFor(callbackOf(about), 3*time.Second)
	raw := string(cb.Raw)
	assert.Contains(t, raw, "30 days")
	assert.Contains(t, raw, "/forget-me")
	assert.Contains(t, raw, "masked")
}

func testForgetMe(t *testing.T, h *harness) {
	ctx := context.Background()
	user := "700000000000000304"
	_, id1, e1 := h.askAnswered(t, user, "What is relocation?")
	_, id2, e2 := h.askAnswered(t, user, "What is resettlement?")
	h.reviewPost(t, id1)
	h.reviewPost(t, id2)
	forget := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: forget, UserID: user}, "forget-me", nil)))
	text, ephemeral := h.reply(t, forget)
	assert.True(t, ephemeral)
	assert.Contains(t, text, "Done.")
	assert.Contains(t, text, "removed 2 of my public answers")
	for _, e := range []discordtest.Call{e1, e2} {
		h.srv.WaitFor(func(c discordtest.Call) bool {
			return c.Method == "DELETE" && c.Path == "/api/v9/channels/"+askChannel+"/messages/"+messageIDOf(t, e)
		}, time.Second)
	}
	for _, id := range []int64{id1, id2} {
		rec, err := h.store.Get(ctx, id)
		require.NoError(t, err)
		assert.Empty(t, rec.Question)
		assert.Empty(t, rec.UserHash)
		assert.False(t, rec.PurgedAt.IsZero())
		h.reviewEdit(t, id, "personal data removed")
	}
	left, err := h.store.List(ctx, review.Filter{UserHash: h.pseudo.UserID(user)})
	require.NoError(t, err)
	assert.Empty(t, left)
}

func testForgetMeLongAndThread(t *testing.T, h *harness) {
	ctx := context.Background()
	user := "700000000000000305"
	ask, _ := h.ask(t, user, askChannel, "huge: What does the Pact change?")
	cont := h.srv.WaitFor(followupsOf(ask), 5*time.Second)
	slash := recordIDOf(t, cont)
	msgID := h.id()
	require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
		ID: msgID, AuthorID: user, ChannelID: discordtest.ChannelID,
		Content: "<@" + discordtest.BotUserID + "> huge: What is the crisis regulation?", MentionBot: true})))
	th := h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Is("POST", "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID+"/threads")
	}, 3*time.Second)
	threadID := messageIDOf(t, th)
	var mention int64
	require.Eventually(t, func() bool {
		recs, err := h.store.List(ctx, review.Filter{UserHash: h.pseudo.UserID(user)})
		if err != nil || len(recs) < 2 {
			return false
		}
		for _, r := range recs {
			if r.ID != slash && r.MessageID != "" {
				mention = r.ID
			}
		}
		return mention != 0
	}, 5*time.Second, 10*time.Millisecond)
	require.Len(t, h.srv.WaitForN(channelMessages(threadID), 2, 3*time.Second), 2, "the mention's answer has two messages")
	visibleBefore := len(h.srv.Visible(askChannel))
	require.GreaterOrEqual(t, visibleBefore, 2)
	h.reviewPost(t, slash)

	forget := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: forget, UserID: user}, "forget-me", nil)))
	text, _ := h.reply(t, forget)
	assert.Contains(t, text, "removed 2 of my public answers")
	assert.Contains(t, text, "the thread I had started")
	assert.Empty(t, h.srv.Visible(threadID), "no message of the mention's answer is left")
	assert.Equal(t, []string{threadID}, h.srv.DeletedThreads())
	for _, p := range h.srv.Visible(askChannel) {
		assert.NotContains(t, fmt.Sprint(p.Body), "What does the Pact change", "no part of the long answer is left")
	}
}

func TestRetentionPurgeRunsInServe(t *testing.T) {
	rv := reviewConfig(bot.ModePost)
	rv.Retention, rv.PurgeEvery = 300*time.Millisecond, 50*time.Millisecond
	h := startBotWith(t, setup{review: rv})
	_, id, _ := h.askAnswered(t, "700000000000000401", "What is screening?")
	h.reviewPost(t, id)
	require.Eventually(t, func() bool {
		rec, err := h.store.Get(context.Background(), id)
		return err == nil && !rec.PurgedAt.IsZero() && rec.Question == "" && rec.UserHash == ""
	}, 5*time.Second, 20*time.Millisecond)
	blank := h.reviewEdit(t, id, "personal data removed")
	assert.NotContains(t, string(blank.Raw), "What is screening?", "the review copy is blanked too")
	st, err := h.store.Stats(context.Background(), time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 1, st.Answered, "counts stay")
}

func TestStaleCuratedAnswers(t *testing.T) {
	store, err := review.Open(filepath.Join(t.TempDir(), "pactbot.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	ctx := context.Background()
	q := "How much money is earmarked for the Pact?"
	cites := []answer.Citation{{N: 1, DocID: "pact", Title: "Pact on Migration and Asylum", Section: "Funding"}}
	cid, err := store.AddCurated(ctx, review.Curated{Question: q, Answer: "EUR 2 billion, says the moderator [1].",
		Citations: cites, DocFingerprints: map[string]string{"pact": "fp-before"}, Moderator: "m"})
	require.NoError(t, err)

	matcher := newMatcher(t)
	rv := reviewConfig(bot.ModePost)
	rv.Curated, rv.DocFingerprints = matcher, docFingerprints(map[string]string{"pact": "fp-after"})
	h := startBotWith(t, setup{store: store, review: rv, wrap: func(a bot.Asker) bot.Asker { return curatedFirst{matcher, a} }})

	notice := h.srv.WaitFor(func(c discordtest.Call) bool {
		return channelMessages(reviewChannel)(c) && strings.Contains(string(c.Raw), "is stale")
	}, 3*time.Second)
	assert.Contains(t, string(notice.Raw), fmt.Sprintf("pb:cur:reapprove:%d", cid))
	assert.Contains(t, string(notice.Raw), "no longer served")

	_, id, _ := h.askAnswered(t, "700000000000000501", q)
	rec, err := store.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, answer.ModeExtractive, rec.Mode, "a stale curated answer is not served")

	refused := h.press(t, "700000000000000502", nil, fmt.Sprintf("pb:cur:reapprove:%d", cid))
	text, _ := h.reply(t, refused)
	assert.Contains(t, text, "Only moderators")

	press := h.press(t, moderator, modRoles, fmt.Sprintf("pb:cur:reapprove:%d", cid))
	cb := h.srv.WaitFor(callbackOf(press), 3*time.Second)
	assert.EqualValues(t, 7, path(cb.Body, "type"))
	assert.Contains(t, path(cb.Body, "data", "content"), "re-approved")
	c, err := store.GetCurated(ctx, cid)
	require.NoError(t, err)
	assert.Equal(t, review.CuratedActive, c.Status)
	assert.Equal(t, map[string]string{"pact": "fp-after"}, c.DocFingerprints)

	_, id2, _ := h.askAnswered(t, "700000000000000503", q)
	rec, err = store.Get(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, answer.ModeCurated, rec.Mode, "re-approved, it is served again")
}
