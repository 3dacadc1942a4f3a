package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot/discordtest"
	"pactbot/review"
)

func channelMessages(channelID string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		return c.Method == "POST" && c.Path == "/api/v9/channels/"+channelID+"/messages"
	}
}

// testMentions runs on the shared session of TestEndToEnd, where mentions
// are allowed in discordtest.ChannelID only.
func testMentions(t *testing.T, h *harness) {
	mention := "<@" + discordtest.BotUserID + "> "
	var threadID string

	t.Run("a mention starts a thread named from the question and is answered in it", func(t *testing.T) {
		msgID := h.id()
		require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
			ID: msgID, AuthorID: "700000000000000040", ChannelID: discordtest.ChannelID,
			Content: mention + "What does the Pact say about screening at the border?", MentionBot: true})))
		th := h.srv.WaitFor(func(c discordtest.Call) bool {
			return c.Is("POST", "/api/v9/channels/"+discordtest.ChannelID+"/messages/"+msgID+"/threads")
		}, 3*time.Second)
		assert.Equal(t, "What does the Pact say about screening at the border?", path(th.Body, "name"))
		var thread discordgo.Channel
		require.NoError(t, th.DecodeResponse(&thread))
		assert.True(t, thread.IsThread())
		threadID = thread.ID

		answer := h.srv.WaitFor(channelMessages(threadID), 5*time.Second)
		embeds := embedsOf(t, answer)
		require.Len(t, embeds, 1)
		assert.Contains(t, embeds[0].Description, "screening at the border")
		assert.Nil(t, path(answer.Body, "message_reference"), "the thread starts from the question already")
		// The bot records where the answer was posted once Discord has
		// answered the post: wait for that rather than race it.
		id := recordIDOf(t, answer)
		var rec *review.Record
		require.Eventually(t, func() bool {
			r, err := h.store.Get(t.Context(), id)
			rec = r
			return err == nil && r != nil && r.MessageID != ""
		}, 5*time.Second, 10*time.Millisecond, "the answer's message is recorded")
		assert.Equal(t, threadID, rec.ThreadID)
		assert.Equal(t, threadID, rec.ChannelID, "the answer message lives in the thread")
		assert.Equal(t, "What does the Pact say about screening at the border?", rec.Question)
	})

	t.Run("a follow-up mention in the thread is answered in the same thread", func(t *testing.T) {
		require.NotEmpty(t, threadID)
		before := len(h.srv.CallsMatching(func(c discordtest.Call) bool {
			return c.Is("POST", "/api/v9/channels/") && strings.HasSuffix(c.Path, "/threads")
		}))
		msgID := h.id()
		require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
			ID: msgID, AuthorID: "700000000000000040", ChannelID: threadID,
			Content: mention + "And how long does it take?", MentionBot: true})))
		answers := h.srv.WaitForN(channelMessages(threadID), 2, 5*time.Second)
		assert.Equal(t, msgID, path(answers[1].Body, "message_reference", "message_id"))
		after := len(h.srv.CallsMatching(func(c discordtest.Call) bool {
			return c.Is("POST", "/api/v9/channels/") && strings.HasSuffix(c.Path, "/threads")
		}))
		assert.Equal(t, before, after, "no new thread")
	})

	t.Run("a mention over the rate limit gets one public notice, not one per attempt", func(t *testing.T) {
		require.NotEmpty(t, threadID)
		asked := map[string]bool{}
		for n := range 5 {
			id := h.id()
			asked[id] = true
			require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
				ID: id, AuthorID: "700000000000000042", ChannelID: threadID,
				Content: fmt.Sprintf("%squestion number %d?", mention, n), MentionBot: true})))
		}
		replyTo := func(c discordtest.Call) bool {
			id, _ := path(c.Body, "message_reference", "message_id").(string)
			return channelMessages(threadID)(c) && asked[id]
		}
		h.srv.WaitForN(replyTo, 4, 5*time.Second)
		time.Sleep(300 * time.Millisecond)
		var notices int
		replies := h.srv.CallsMatching(replyTo)
		for _, c := range replies {
			if content, _ := path(c.Body, "content").(string); strings.Contains(content, "try again") {
				notices++
			}
		}
		assert.Len(t, replies, 4, "3 answers and 1 notice")
		assert.Equal(t, 1, notices)
	})

	t.Run("without thread permission the answer is a reply in the channel", func(t *testing.T) {
		msgID := h.id()
		h.srv.FailNext(discordtest.Failure{Method: "POST", PathPrefix: "/api/v9/channels/" + discordtest.ChannelID + "/messages/" + msgID + "/threads",
			Status: 403, Body: `{"message": "Missing Permissions", "code": 50013}`})
		require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(discordtest.Message{
			ID: msgID, AuthorID: "700000000000000041", ChannelID: discordtest.ChannelID,
			Content: mention + "Is there a thread?", MentionBot: true})))
		reply := h.srv.WaitFor(func(c discordtest.Call) bool {
			return channelMessages(discordtest.ChannelID)(c) && path(c.Body, "message_reference", "message_id") == msgID
		}, 5*time.Second)
		assert.NotEmpty(t, embedsOf(t, reply))
	})

	t.Run("messages that are not for the bot are ignored", func(t *testing.T) {
		before := len(h.srv.Calls())
		for _, m := range []discordtest.Message{
			{ID: h.id(), ChannelID: discordtest.ChannelID, Content: "just chatting"},
			{ID: h.id(), ChannelID: "899", Content: mention + "not an allowed channel", MentionBot: true},
			{ID: h.id(), ChannelID: "898", GuildID: "-", Content: "a DM while DMs are off"},
		} {
			require.NoError(t, h.srv.DispatchMessageCreate(discordtest.MessageCreate(m)))
		}
		time.Sleep(300 * time.Millisecond)
		for _, c := range h.srv.Calls()[before:] {
			assert.Equal(t, "GET", c.Method, "only channel lookups, no reply: %s %s", c.Method, c.Path)
		}
	})
}
