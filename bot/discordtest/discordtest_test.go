package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixtures must decode into discordgo's own types the way the gateway
// payloads do.
func TestFixturesDecodeAsDiscordgoEvents(t *testing.T) {
	var ask discordgo.InteractionCreate
	require.NoError(t, json.Unmarshal(SlashCommand(Interaction{ID: "42", UserID: "7"}, "ask",
		map[string]string{"question": "Why?"}), &ask))
	assert.Equal(t, discordgo.InteractionApplicationCommand, ask.Type)
	assert.Equal(t, "ask", ask.ApplicationCommandData().Name)
	assert.Equal(t, "Why?", ask.ApplicationCommandData().Options[0].StringValue())
	assert.Equal(t, Token("42"), ask.Token)
	assert.Equal(t, "7", ask.Member.User.ID)
	assert.Equal(t, AppID, ask.AppID)

	var dm discordgo.InteractionCreate
	require.NoError(t, json.Unmarshal(SlashCommand(Interaction{ID: "43", GuildID: "-"}, "about", nil), &dm))
	assert.Empty(t, dm.GuildID)
	assert.Nil(t, dm.Member)
	require.NotNil(t, dm.User)

	var click discordgo.InteractionCreate
	require.NoError(t, json.Unmarshal(Button(Interaction{ID: "44"}, "pb:vote:1:report"), &click))
	assert.Equal(t, discordgo.InteractionMessageComponent, click.Type)
	assert.Equal(t, "pb:vote:1:report", click.MessageComponentData().CustomID)
	assert.Equal(t, discordgo.ButtonComponent, click.MessageComponentData().ComponentType)

	var msg discordgo.MessageCreate
	require.NoError(t, json.Unmarshal(MessageCreate(Message{ID: "45", Content: "<@" + BotUserID + "> hi", MentionBot: true}), &msg))
	assert.Equal(t, "45", msg.ID)
	require.Len(t, msg.Mentions, 1)
	assert.Equal(t, BotUserID, msg.Mentions[0].ID)
	assert.Equal(t, GuildID, msg.GuildID)
}

func TestRESTRecordsCallsAndFailures(t *testing.T) {
	srv := New(t)
	get := func(p string) *http.Response {
		resp, err := http.Get(srv.URL() + p)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	assert.Equal(t, http.StatusOK, get("/api/v9/gateway").StatusCode)
	assert.Equal(t, http.StatusNotFound, get("/api/v9/guilds/1/roles").StatusCode)
	srv.FailNext(Failure{Method: "GET", PathPrefix: "/api/v9/gateway", Status: http.StatusBadGateway, Body: "{}"})
	assert.Equal(t, http.StatusBadGateway, get("/api/v9/gateway").StatusCode)
	assert.Equal(t, http.StatusOK, get("/api/v9/gateway").StatusCode, "a failure is served once")

	calls := srv.Calls()
	require.Len(t, calls, 4)
	var gw struct{ URL string }
	require.NoError(t, calls[0].DecodeResponse(&gw))
	assert.True(t, strings.HasPrefix(gw.URL, "ws://"))
	assert.True(t, strings.HasSuffix(gw.URL, "/gateway"))
	assert.Equal(t, http.StatusNotFound, calls[1].Status)

	resp, err := http.Post(srv.URL()+"/api/v9/channels/5/messages", "application/json",
		strings.NewReader(`{"content":"hi","allowed_mentions":{"parse":[]}}`))
	require.NoError(t, err)
	var m discordgo.Message
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	resp.Body.Close()
	assert.Equal(t, "5", m.ChannelID)
	assert.Equal(t, "hi", m.Content)
	c := srv.WaitFor(func(c Call) bool { return c.Is("POST", "/api/v9/channels/5/") }, time.Second)
	assert.Equal(t, []any{}, c.Body["allowed_mentions"].(map[string]any)["parse"])
}

func TestDispatchWithoutSession(t *testing.T) {
	srv := New(t)
	assert.ErrorIs(t, srv.DispatchMessageCreate(MessageCreate(Message{})), ErrNoGateway)
	assert.Error(t, srv.WaitConnected(50*time.Millisecond))
}
