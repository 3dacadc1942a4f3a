package bot_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/review"
)

const deferLimit = 3 * time.Second

// recordIDOf finds the answer record id in the buttons of a posted message.
func recordIDOf(t *testing.T, c discordtest.Call) int64 {
	t.Helper()
	var msg struct {
		Components []discordgo.ActionsRow `json:"components"`
	}
	require.NoError(t, c.Decode(&msg))
	require.NotEmpty(t, msg.Components, "answer has no buttons: %s", c.Raw)
	b := msg.Components[0].Components[0].(*discordgo.Button)
	fields := strings.Split(b.CustomID, ":")
	id, err := strconv.ParseInt(fields[2], 10, 64)
	require.NoError(t, err)
	return id
}

func embedsOf(t *testing.T, c discordtest.Call) []discordgo.MessageEmbed {
	t.Helper()
	var msg struct {
		Embeds []discordgo.MessageEmbed `json:"embeds"`
	}
	require.NoError(t, c.Decode(&msg))
	return msg.Embeds
}

// One bot session serves these scenarios (Session.Close costs a second).
func TestEndToEnd(t *testing.T) {
	h := startBot(t, func(c *bot.Config) {
		c.PerUserRate = bot.RateSpec{Count: 3, Per: time.Minute}
		c.PerChannelRate = bot.RateSpec{Count: 500, Per: time.Minute}
		c.Channels = []string{discordtest.ChannelID}
	})
	ctx := context.Background()

	t.Run("commands registered per guild", func(t *testing.T) {
		c := h.srv.WaitFor(func(c discordtest.Call) bool { return c.Is("PUT", "/api/v9/applications/") }, time.Second)
		assert.Equal(t, "/api/v9/applications/"+discordtest.AppID+"/guilds/"+discordtest.GuildID+"/commands", c.Path)
		var cmds []discordgo.ApplicationCommand
		require.NoError(t, c.Decode(&cmds))
		var names []string
		for _, cmd := range cmds {
			names = append(names, cmd.Name)
		}
		assert.Equal(t, []string{"ask", "sources", "about"}, names)
		assert.True(t, cmds[0].Options[0].Required)
	})

	t.Run("ask is deferred then answered with embed, sources and buttons", func(t *testing.T) {
		id, at := h.ask(t, "700000000000000011", "811", "What is screening?")
		cb := h.srv.WaitFor(callbackOf(id), deferLimit)
		assert.Less(t, cb.At.Sub(at), deferLimit)
		assert.EqualValues(t, 5, path(cb.Body, "type"))
		edit := h.srv.WaitFor(editOf(id), 5*time.Second)
		embeds := embedsOf(t, edit)
		require.Len(t, embeds, 1)
		e := embeds[0]
		assert.Equal(t, "What is screening?", e.Title)
		assert.Contains(t, e.Description, "external borders [1]")
		require.Len(t, e.Fields, 1)
		assert.Equal(t, "Sources", e.Fields[0].Name)
		assert.Equal(t, "[1] [Pact on Migration and Asylum › Screening](<https://home-affairs.ec.europa.eu/pact#screening>)\n[2] Seed notes › Solidarity", e.Fields[0].Value)
		assert.Equal(t, bot.Disclaimer, e.Footer.Text)

		rec, err := h.store.Get(ctx, recordIDOf(t, edit))
		require.NoError(t, err)
		assert.Equal(t, "What is screening?", rec.Question)
		assert.Equal(t, id, rec.InteractionID)
		assert.Equal(t, "811", rec.ChannelID)
		assert.Equal(t, h.pseudo.UserID("700000000000000011"), rec.UserHash)
		assert.NotContains(t, rec.UserHash, "700000000000000011")
		assert.Equal(t, []review.PassageRef{{ID: "pact#screening/0", Score: 7.5}, {ID: "seed#solidarity/1", Score: 5.25}}, rec.Passages)
		assert.Equal(t, 7.5, rec.TopScore)
		assert.Len(t, rec.Citations, 2)
		assert.True(t, rec.Grounded)
		assert.Eventually(t, func() bool {
			r, err := h.store.Get(ctx, rec.ID)
			return err == nil && r.MessageID != ""
		}, 2*time.Second, 10*time.Millisecond, "SetMessage stored the posted message id")
	})

	t.Run("a slow answer is still deferred under 3 s", func(t *testing.T) {
		id, at := h.ask(t, "700000000000000012", "812", "slow: does the LLM take long?")
		cb := h.srv.WaitFor(callbackOf(id), deferLimit)
		assert.Less(t, cb.At.Sub(at), deferLimit)
		edit := h.srv.WaitFor(editOf(id), 10*time.Second)
		assert.GreaterOrEqual(t, edit.At.Sub(at), 4*time.Second, "the answer came after the asker's delay")
		assert.NotEmpty(t, embedsOf(t, edit))
	})

	t.Run("a 3000-character answer fits Discord's limits and loses nothing", func(t *testing.T) {
		id, _ := h.ask(t, "700000000000000013", "813", "long: tell me everything")
		edit := h.srv.WaitFor(editOf(id), 5*time.Second)
		embeds := embedsOf(t, edit)
		total := 0
		var text []string
		for _, e := range embeds {
			assert.LessOrEqual(t, len([]rune(e.Description)), 4096)
			total += len([]rune(e.Title)) + len([]rune(e.Description)) + len([]rune(e.Footer.Text))
			for _, f := range e.Fields {
				assert.LessOrEqual(t, len([]rune(f.Value)), 1024)
				total += len([]rune(f.Name)) + len([]rune(f.Value))
			}
			text = append(text, e.Description)
		}
		assert.LessOrEqual(t, total, 6000)
		rec, err := h.store.Get(context.Background(), recordIDOf(t, edit))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(rec.Answer), 3000)
		assert.Equal(t, strings.Fields(rec.Answer), strings.Fields(strings.Join(text, " ")))
	})

	t.Run("a question with @everyone pings nobody", func(t *testing.T) {
		id, _ := h.ask(t, "700000000000000014", "814", "@everyone @here <@700000000000000001> <@&800000000000000019> what is relocation?")
		edit := h.srv.WaitFor(editOf(id), 5*time.Second)
		assert.Contains(t, string(edit.Raw), "@\u200beveryone")
		assertNoPings(t, []discordtest.Call{h.srv.WaitFor(callbackOf(id), time.Second), edit})
	})

	t.Run("buttons store feedback, one changeable vote per user", func(t *testing.T) {
		id, _ := h.ask(t, "700000000000000015", "815", "Who decides on asylum?")
		recID := recordIDOf(t, h.srv.WaitFor(editOf(id), 5*time.Second))
		prefix := fmt.Sprintf("pb:vote:%d:", recID)
		voter := "700000000000000016"
		click := h.click(t, voter, prefix+review.VoteHelpful)
		cb := h.srv.WaitFor(callbackOf(click), deferLimit)
		assert.EqualValues(t, 5, path(cb.Body, "type"), "acknowledged before the database work")
		assert.EqualValues(t, discordgo.MessageFlagsEphemeral, path(cb.Body, "data", "flags"))
		text, _ := h.reply(t, click)
		assert.Contains(t, text, "helpful")
		vote, err := h.store.UserVote(ctx, recID, h.pseudo.UserID(voter))
		require.NoError(t, err)
		assert.Equal(t, review.VoteHelpful, vote)

		h.reply(t, h.click(t, voter, prefix+review.VoteNotHelpful))
		h.reply(t, h.click(t, "700000000000000017", prefix+review.VoteReport))
		counts, err := h.store.Votes(ctx, recID)
		require.NoError(t, err)
		assert.Equal(t, review.VoteCounts{NotHelpful: 1, Report: 1}, counts)

		show := h.srv.WaitFor(callbackOf(h.click(t, voter, fmt.Sprintf("pb:passages:%d", recID))), deferLimit)
		assert.EqualValues(t, discordgo.MessageFlagsEphemeral, path(show.Body, "data", "flags"))
		var shown discordgo.InteractionResponse
		require.NoError(t, show.Decode(&shown))
		require.Len(t, shown.Data.Embeds, 2)
		assert.Equal(t, "[1] Pact on Migration and Asylum › Screening", shown.Data.Embeds[0].Title)
		assert.True(t, strings.HasPrefix(shown.Data.Embeds[0].Description, "> Screening at the external borders"))

		gone, _ := h.reply(t, h.click(t, voter, "pb:vote:999999:helpful"))
		assert.Contains(t, gone, "no longer on record")
	})

	t.Run("rate limit gets an ephemeral refusal saying when", func(t *testing.T) {
		user := "700000000000000018"
		for range 3 {
			id, _ := h.ask(t, user, "818", "wait: a question")
			h.srv.WaitFor(callbackOf(id), deferLimit)
			defer h.srv.WaitFor(editOf(id), 5*time.Second)
		}
		id, _ := h.ask(t, user, "818", "one more?")
		cb := h.srv.WaitFor(callbackOf(id), deferLimit)
		assert.EqualValues(t, 4, path(cb.Body, "type"))
		assert.EqualValues(t, discordgo.MessageFlagsEphemeral, path(cb.Body, "data", "flags"))
		assert.Regexp(t, `try again <t:\d+:R>`, path(cb.Body, "data", "content"))
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_rate_limited_total", "scope", "user"))
	})

	t.Run("over-long questions are refused kindly", func(t *testing.T) {
		id, _ := h.ask(t, "700000000000000019", "819", strings.Repeat("why ", 100))
		cb := h.srv.WaitFor(callbackOf(id), deferLimit)
		assert.Contains(t, path(cb.Body, "data", "content"), "under 300 characters")
	})

	t.Run("failures become a kind message", func(t *testing.T) {
		for _, q := range []string{"fail: broken index", "panic: broken generator"} {
			id, _ := h.ask(t, "700000000000000020", "820", q)
			edit := h.srv.WaitFor(editOf(id), 5*time.Second)
			assert.Contains(t, path(edit.Body, "content"), "something went wrong", q)
		}
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_answer_failures_total", "reason", "error"))
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_answer_failures_total", "reason", "panic"))
	})

	t.Run("a burst of 50 is deferred under 3 s, answered and recorded", func(t *testing.T) {
		before, err := h.store.List(ctx, review.Filter{Limit: -1})
		require.NoError(t, err)
		ids := make([]string, 50)
		start := make([]time.Time, 50)
		var wg sync.WaitGroup
		for n := range 50 {
			wg.Add(1)
			ids[n] = h.id()
			payload := discordtest.SlashCommand(discordtest.Interaction{ID: ids[n], UserID: fmt.Sprintf("7100000000000000%02d", n), ChannelID: "850"},
				"ask", map[string]string{"question": fmt.Sprintf("wait: burst question %d", n)})
			go func() {
				defer wg.Done()
				start[n] = time.Now()
				assert.NoError(t, h.srv.DispatchInteraction(payload)) // not require: this is not the test goroutine
			}()
		}
		wg.Wait()
		var slowestDefer, slowestAnswer time.Duration
		for n, id := range ids {
			cb := h.srv.WaitFor(callbackOf(id), deferLimit)
			assert.Less(t, cb.At.Sub(start[n]), deferLimit)
			slowestDefer = max(slowestDefer, cb.At.Sub(start[n]))
		}
		for n, id := range ids {
			edit := h.srv.WaitFor(editOf(id), 10*time.Second)
			assert.NotEmpty(t, embedsOf(t, edit))
			slowestAnswer = max(slowestAnswer, edit.At.Sub(start[n]))
		}
		t.Logf("burst of 50: slowest defer %s, slowest answer %s (asker takes 400 ms, 16 at a time)", slowestDefer, slowestAnswer)
		after, err := h.store.List(ctx, review.Filter{Limit: -1})
		require.NoError(t, err)
		assert.Len(t, after, len(before)+50)
	})

	t.Run("sources and about are ephemeral embeds", func(t *testing.T) {
		for _, cmd := range []string{"sources", "about"} {
			id := h.id()
			require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: id}, cmd, nil)))
			cb := h.srv.WaitFor(callbackOf(id), deferLimit)
			assert.EqualValues(t, discordgo.MessageFlagsEphemeral, path(cb.Body, "data", "flags"))
			assert.NotEmpty(t, path(cb.Body, "data", "embeds"))
		}
	})

	t.Run("an LLM fallback shows its note and is counted", func(t *testing.T) {
		id, _ := h.ask(t, "700000000000000032", "832", "fallback: what if the LLM is down?")
		embeds := embedsOf(t, h.srv.WaitFor(editOf(id), 5*time.Second))
		assert.Contains(t, embeds[0].Description, "*"+answer.NoteLLMUnavailable+"*")
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_llm_errors_total"))
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_llm_fallbacks_total", "reason", "llm_error"))
	})

	t.Run("metrics and health", func(t *testing.T) {
		srv := httptest.NewServer(h.bot.HTTPHandler())
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/healthz")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		resp, err = http.Get(srv.URL + "/metrics")
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Contains(t, string(body), `pactbot_questions_total{source="slash"}`)
		assert.Contains(t, string(body), `pactbot_answer_latency_seconds_bucket{mode="extractive",le="+Inf"}`)
		assert.Contains(t, string(body), "pactbot_grounded_ratio 1")
	})

	t.Run("mentions", func(t *testing.T) { testMentions(t, h) })

	t.Run("discord 429 is waited out", func(t *testing.T) {
		id := h.id()
		h.srv.FailNext(discordtest.Failure{Method: "POST", PathPrefix: "/api/v9/interactions/" + id + "/",
			Status: http.StatusTooManyRequests, Body: `{"message":"You are being rate limited.","retry_after":0.2,"global":false}`})
		require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(
			discordtest.Interaction{ID: id, UserID: "700000000000000030"}, "ask", map[string]string{"question": "Is there a limit?"})))
		calls := h.srv.WaitForN(callbackOf(id), 2, deferLimit)
		assert.Equal(t, http.StatusTooManyRequests, calls[0].Status)
		assert.Equal(t, http.StatusNoContent, calls[1].Status)
		assert.GreaterOrEqual(t, calls[1].At.Sub(calls[0].At), 200*time.Millisecond)
		assert.NotEmpty(t, embedsOf(t, h.srv.WaitFor(editOf(id), 5*time.Second)))
	})

	t.Run("a dropped gateway reconnects and resumes", func(t *testing.T) {
		h.srv.DropGateway()
		require.Eventually(t, func() bool { return h.srv.Resumes() == 1 && h.bot.Ready() }, 10*time.Second, 20*time.Millisecond)
		assert.Equal(t, 1.0, h.metrics.Value("pactbot_gateway_reconnects_total"))
		id, _ := h.ask(t, "700000000000000031", "831", "Still there?")
		assert.NotEmpty(t, embedsOf(t, h.srv.WaitFor(editOf(id), 5*time.Second)))
	})

	t.Run("every message sent had empty allowed mentions", func(t *testing.T) {
		assertNoPings(t, h.srv.Calls())
	})
}
