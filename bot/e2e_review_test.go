package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/review"
)

// One session serves the post-moderation scenarios: every answer goes to
// the review channel, moderators act on it with buttons and modals, and
// decisions taken from the CLI (directly on the store) show in Discord.
func TestModerationPostMode(t *testing.T) {
	matcher := newMatcher(t)
	fps := map[string]string{"pact": "fp-pact-1", "seed": "fp-seed-1"}
	rv := reviewConfig(bot.ModePost)
	rv.Curated, rv.DocFingerprints = matcher, docFingerprints(fps)
	h := startBotWith(t, setup{review: rv, wrap: func(a bot.Asker) bot.Asker { return curatedFirst{matcher, a} }})
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *harness)
	}{
		{"forget-me is registered", testForgetMeRegistered},
		{"an answer goes to the review channel with everything a moderator needs", testReviewPost},
		{"links and hidden characters are inert in the answer and in the review channel", testLinksInert},
		{"a non-moderator press or submit is refused and changes nothing", testNonModeratorRefused},
		{"approve", testApprove},
		{"reject via modal takes the answer down and tells the asker privately", testRejectViaModal},
		{"rejecting a mention's answer edits it in the thread and tells the asker by direct message", testRejectMentionByDM},
		{"correct via modal replaces the answer and a paraphrase gets the curated answer", testCorrectViaModal},
		{"two moderators at once: one decides, the other sees the first decision", testTwoModerators},
		{"feedback shows on the review message as it arrives", testVotesOnReviewMessage},
		{"decisions taken from the CLI are reflected in Discord", testCLIDecisions},
		{"taking down a long answer removes its continuation messages too", testRejectLongAnswer},
		{"no message of the whole workflow can ping anyone", testModerationPingsNobody},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, h) })
	}
}

func testModerationPingsNobody(t *testing.T, h *harness) {
	calls := h.srv.CallsMatching(func(c discordtest.Call) bool {
		return path(c.Body, "type") != float64(9) // a modal carries no message
	})
	assertNoPings(t, calls)
}

func testForgetMeRegistered(t *testing.T, h *harness) {
	c := h.srv.WaitFor(isCommandsPut, time.Second)
	assert.Contains(t, string(c.Raw), `"forget-me"`)
}

func testReviewPost(t *testing.T, h *harness) {
	ctx := context.Background()
	_, id, edit := h.askAnswered(t, "700000000000000101", "What is screening?")
	post := h.reviewPost(t, id)
	embeds := embedsOf(t, post)
	require.Len(t, embeds, 1)
	e := embeds[0]
	assert.Contains(t, e.Title, fmt.Sprintf("Answer #%d — published", id))
	assert.Contains(t, e.Description, "screening at the external borders")
	raw := string(post.Raw)
	for _, want := range []string{"What is screening?", "grounded", "top score 7.50", "extractive",
		"Pact on Migration and Asylum", "jump to the answer", "👍 0", "pb:mod:approve:", "pb:mod:reject:", "pb:mod:correct:"} {
		assert.Contains(t, raw, want)
	}
	assert.Contains(t, raw, "https://discord.com/channels/"+discordtest.GuildID+"/"+askChannel+"/"+messageIDOf(t, edit))
	assert.Eventually(t, func() bool {
		rec, err := h.store.Get(ctx, id)
		return err == nil && rec.ReviewChannelID == reviewChannel && rec.ReviewMessageID == messageIDOf(t, post)
	}, 3*time.Second, 10*time.Millisecond, "the record points at the review message")
	assertNoPings(t, []discordtest.Call{post})
}

// testLinksInert asks a question with a Markdown link, a bare link, a
// right-to-left override and a zero-width space; the fake generator echoes
// it into the answer, as a model obeying an injection would. Neither the
// public answer nor the review post may carry a clickable link or a hidden
// character.
func testLinksInert(t *testing.T, h *harness) {
	q := "Is [the official form](https://evil.example/phish) valid? see www.evil.example \u202Egnp.exe and tr\u200bansfer"
	_, id, edit := h.askAnswered(t, "700000000000000109", q)
	post := h.reviewPost(t, id)
	for name, c := range map[string]discordtest.Call{"public answer": edit, "review post": post} {
		var texts []string
		for _, e := range embedsOf(t, c) {
			texts = append(texts, e.Title, e.Description)
			for _, f := range e.Fields {
				texts = append(texts, f.Value)
			}
		}
		all := strings.Join(texts, "\n")
		assert.NotContains(t, all, "](https://evil.example", "%s: no Markdown link to the phishing page", name)
		assert.NotRegexp(t, "(^|[^`])(https://evil\\.example|www\\.evil\\.example)", all, "%s: every link is inside a code span", name)
		assert.NotContains(t, all, "\u202E", "%s: no bidi override", name)
		assert.NotContains(t, all, "tr\u200bansfer", "%s: no zero-width space", name)
	}
	e := embedsOf(t, post)[0]
	assert.Contains(t, e.Fields[0].Value, "the official form \\(`https://evil.example/phish`\\)", "the question's link is shown as text, its target in a code span")
}

func testNonModeratorRefused(t *testing.T, h *harness) {
	ctx := context.Background()
	_, id, _ := h.askAnswered(t, "700000000000000102", "What is relocation?")
	for _, custom := range []string{"approve", "reject", "correct"} {
		press := h.press(t, "700000000000000102", []string{"800000000000000019"}, fmt.Sprintf("pb:mod:%s:%d", custom, id))
		text, ephemeral := h.reply(t, press)
		assert.Contains(t, text, "Only moderators")
		assert.True(t, ephemeral)
	}
	sub := h.submit(t, "700000000000000102", nil, fmt.Sprintf("pb:modal:correct:%d", id), map[string]string{"text": "hijacked"})
	text, _ := h.reply(t, sub)
	assert.Contains(t, text, "Only moderators")
	rec, err := h.store.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, review.StatusPublished, rec.Status)
}

func testApprove(t *testing.T, h *harness) {
	ctx := context.Background()
	_, id, _ := h.askAnswered(t, "700000000000000103", "What is solidarity?")
	h.reviewPost(t, id)
	press := h.press(t, moderator, modRoles, fmt.Sprintf("pb:mod:approve:%d", id))
	text, ephemeral := h.reply(t, press)
	assert.Equal(t, fmt.Sprintf("Answer #%d approved. Thank you.", id), text)
	assert.True(t, ephemeral)
	edit := h.reviewEdit(t, id, "approved")
	assert.Contains(t, string(edit.Raw), `"disabled":true`)
	rec, err := h.store.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, review.StatusApproved, rec.Status)
	assert.Equal(t, h.pseudo.UserID(moderator), rec.ModeratorHash, "audit keeps the pseudonym, not the id")
	audit, err := h.store.Audit(ctx, id)
	require.NoError(t, err)
	var approvals []review.Change
	for _, c := range audit {
		if c.Kind == review.EventApprove {
			approvals = append(approvals, c)
		}
	}
	require.Len(t, approvals, 1)
	assert.Equal(t, h.pseudo.UserID(moderator), approvals[0].Actor)
	assert.Equal(t, review.StatusPublished, approvals[0].Before)
}

func testRejectViaModal(t *testing.T, h *harness) {
	ctx := context.Background()
	ask, id, edit := h.askAnswered(t, "700000000000000104", "What is the border procedure?")
	publicID := messageIDOf(t, edit)
	press := h.press(t, moderator, modRoles, fmt.Sprintf("pb:mod:reject:%d", id))
	modal := h.srv.WaitFor(callbackOf(press), 3*time.Second)
	assert.EqualValues(t, 9, path(modal.Body, "type"))
	assert.Equal(t, fmt.Sprintf("pb:modal:reject:%d", id), path(modal.Body, "data", "custom_id"))

	sub := h.submit(t, moderator, modRoles, fmt.Sprintf("pb:modal:reject:%d", id), map[string]string{"reason": "Outside the documents."})
	text, _ := h.reply(t, sub)
	assert.Contains(t, text, "rejected")
	down := h.srv.WaitFor(webhookMessage(ask, publicID), 3*time.Second)
	assert.Equal(t, "This answer was removed by a moderator.", path(down.Body, "content"))
	assert.Empty(t, path(down.Body, "embeds"))
	told := h.srv.WaitFor(ephemeralFollowup(ask), 3*time.Second)
	assert.Contains(t, path(told.Body, "content"), "A moderator removed the answer")
	assert.Contains(t, path(told.Body, "content"), "Outside the documents.")
	rec, err := h.store.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, review.StatusRejected, rec.Status)
	assert.Equal(t, "Outside the documents.", rec.Reason)
	h.reviewEdit(t, id, "Outside the documents.")
	assertNoPings(t, []discordtest.Call{down, told})
}

func testRejectMentionByDM(t *testing.T, h *harness) {
	author := "700000000000000114"
	msgID := h.id()
	require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
		ID: msgID, AuthorID: author, ChannelID: discordtest.ChannelID,
		Content: "<@" + discordtest.BotUserID + "> What is a safe third country?", MentionBot: true})))
	th := h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Is("POST", "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID+"/threads")
	}, 3*time.Second)
	threadID := messageIDOf(t, th)
	ans := h.srv.WaitFor(channelMessages(threadID), 5*time.Second)
	id := recordIDOf(t, ans)
	h.reviewPost(t, id)
	sub := h.submit(t, moderator, modRoles, fmt.Sprintf("pb:modal:reject:%d", id), map[string]string{"reason": "Too vague."})
	h.reply(t, sub)
	down := h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Is("PATCH", "/api/v9/channels/"+threadID+"/messages/"+messageIDOf(t, ans))
	}, 3*time.Second)
	assert.Equal(t, "This answer was removed by a moderator.", path(down.Body, "content"))
	dm := h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Is("POST", "/api/v9/users/@me/channels") && path(c.Body, "recipient_id") == author
	}, 3*time.Second)
	told := h.srv.WaitFor(channelMessages(messageIDOf(t, dm)), 3*time.Second)
	assert.Contains(t, path(told.Body, "content"), "Too vague.")
	assertNoPings(t, []discordtest.Call{down, told})
}

func testCorrectViaModal(t *testing.T, h *harness) {
	ctx := context.Background()
	ask, id, edit := h.askAnswered(t, "700000000000000105", "How much money is earmarked for the Pact?")
	publicID := messageIDOf(t, edit)
	press := h.press(t, moderator, modRoles, fmt.Sprintf("pb:mod:correct:%d", id))
	modal := h.srv.WaitFor(callbackOf(press), 3*time.Second)
	assert.EqualValues(t, 9, path(modal.Body, "type"))
	assert.Contains(t, string(modal.Raw), "You asked: How much money", "the modal is prefilled with the answer")

	fixed := "The Pact is backed by EUR 2 billion from the EU budget [1]."
	sub := h.submit(t, moderator2, modRoles, fmt.Sprintf("pb:modal:correct:%d", id), map[string]string{"text": fixed})
	text, _ := h.reply(t, sub)
	assert.Contains(t, text, "corrected")
	replaced := h.srv.WaitFor(webhookMessage(ask, publicID), 3*time.Second)
	embeds := embedsOf(t, replaced)
	require.NotEmpty(t, embeds)
	assert.Contains(t, embeds[0].Description, fixed)
	assert.Contains(t, embeds[0].Description, "Corrected by a moderator.")
	assert.Contains(t, embeds[len(embeds)-1].Fields[0].Value, "Pact on Migration and Asylum", "original citations kept")

	cs, err := h.store.ListCurated(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, fixed, cs[0].Answer)
	assert.Equal(t, id, cs[0].SourceAnswerID)
	assert.Equal(t, map[string]string{"pact": "fp-pact-1", "seed": "fp-seed-1"}, cs[0].DocFingerprints)
	assert.Len(t, cs[0].Citations, 2)

	calls := h.asker.calls.Load()
	_, id2, edit2 := h.askAnswered(t, "700000000000000106", "How much funding does the migration pact get?")
	e := embedsOf(t, edit2)
	assert.Contains(t, e[0].Description, fixed)
	assert.Contains(t, e[0].Description, answer.NoteCurated)
	assert.Equal(t, calls, h.asker.calls.Load(), "the curated answer skips the generator")
	rec, err := h.store.Get(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, answer.ModeCurated, rec.Mode)
}

func testTwoModerators(t *testing.T, h *harness) {
	ctx := context.Background()
	_, id, _ := h.askAnswered(t, "700000000000000107", "What is Eurodac?")
	h.reviewPost(t, id)
	var wg sync.WaitGroup
	ids := make([]string, 2)
	for n, mod := range []string{moderator, moderator2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[n] = h.id()
			_ = h.srv.DispatchInteraction(discordtest.Button(discordtest.Interaction{
				ID: ids[n], UserID: mod, ChannelID: reviewChannel, Roles: modRoles}, fmt.Sprintf("pb:mod:approve:%d", id)))
		}()
	}
	wg.Wait()
	var won, lost int
	for _, press := range ids {
		text, _ := h.reply(t, press)
		switch {
		case strings.Contains(text, "approved. Thank you"):
			won++
		case strings.Contains(text, "Another moderator got there first") && strings.Contains(text, "already approved"):
			lost++
		default:
			t.Errorf("unexpected reply %q", text)
		}
	}
	assert.Equal(t, 1, won)
	assert.Equal(t, 1, lost)
	audit, err := h.store.Audit(ctx, id)
	require.NoError(t, err)
	approvals := 0
	for _, c := range audit {
		if c.Kind == review.EventApprove {
			approvals++
		}
	}
	assert.Equal(t, 1, approvals)
}

func testVotesOnReviewMessage(t *testing.T, h *harness) {
	_, id, _ := h.askAnswered(t, "700000000000000108", "What is resettlement?")
	h.reviewPost(t, id)
	h.click(t, "700000000000000109", fmt.Sprintf("pb:vote:%d:not_helpful", id))
	h.reviewEdit(t, id, "👎 1")
	h.click(t, "700000000000000110", fmt.Sprintf("pb:vote:%d:report", id))
	edit := h.reviewEdit(t, id, "🚩 1")
	assert.Contains(t, string(edit.Raw), "flagged: 👎, 🚩")
}

func testCLIDecisions(t *testing.T, h *harness) {
	ctx := context.Background()
	cli := "cli-moderator-pseudonym"
	ask, id, edit := h.askAnswered(t, "700000000000000111", "What is the crisis regulation?")
	h.reviewPost(t, id)
	require.NoError(t, h.store.Reject(ctx, id, cli, "Misleading."))
	down := h.srv.WaitFor(webhookMessage(ask, messageIDOf(t, edit)), 3*time.Second)
	assert.Equal(t, "This answer was removed by a moderator.", path(down.Body, "content"))
	h.reviewEdit(t, id, "rejected by moderator `cli-mode`")

	ask2, id2, edit2 := h.askAnswered(t, "700000000000000112", "What is the asylum procedure?")
	h.reviewPost(t, id2)
	require.NoError(t, h.store.Correct(ctx, id2, cli, "Corrected from the command line [1]."))
	fixed := h.srv.WaitFor(webhookMessage(ask2, messageIDOf(t, edit2)), 3*time.Second)
	assert.Contains(t, embedsOf(t, fixed)[0].Description, "Corrected from the command line")
	h.reviewEdit(t, id2, "corrected")

	_, id3, _ := h.askAnswered(t, "700000000000000113", "What is the screening regulation?")
	h.reviewPost(t, id3)
	require.NoError(t, h.store.Approve(ctx, id3, cli))
	h.reviewEdit(t, id3, "approved")
}

func testRejectLongAnswer(t *testing.T, h *harness) {
	ask, _ := h.ask(t, "700000000000000115", askChannel, "huge: Tell me everything about the Pact")
	first := h.srv.WaitFor(editOf(ask), 5*time.Second)
	more := h.srv.WaitFor(func(c discordtest.Call) bool {
		return followupsOf(ask)(c) && path(c.Body, "flags") == nil
	}, 3*time.Second)
	id := recordIDOf(t, more) // the buttons close the last message
	h.reviewPost(t, id)
	rec, err := h.store.Get(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, messageIDOf(t, first), rec.MessageID)
	require.NoError(t, h.store.Reject(context.Background(), id, "cli-moderator-pseudonym", "Too long."))
	h.srv.WaitFor(func(c discordtest.Call) bool {
		return c.Method == "DELETE" && c.Path == "/api/v9/channels/"+askChannel+"/messages/"+messageIDOf(t, more)
	}, 3*time.Second)
}
