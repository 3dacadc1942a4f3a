package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/bot/discordtest"
	"pactbot/index"
	"pactbot/review"
)

// fakeAsker answers by the question's prefix, so one bot session can serve
// every scenario: "slow:" takes slowDelay, "long:" gives a 3,000-character
// answer (one message), "huge:" a 9,000-character one (two messages), "fail:" errors, "panic:" panics, "hang:" waits for its context,
// "wait:" takes 400 ms, "fallback:" is an extractive answer after an LLM
// failure, "ungrounded:" is not covered by the sources; anything else
// gets a short cited answer that echoes the question, as a careless
// generator might.
type fakeAsker struct {
	slowDelay time.Duration
	calls     atomic.Int64
}

func (f *fakeAsker) Ask(ctx context.Context, q string) (answer.Answer, error) {
	f.calls.Add(1)
	switch {
	case strings.HasPrefix(q, "slow:"):
		return sleepThenAnswer(ctx, f.slowDelay, q, 300)
	case strings.HasPrefix(q, "wait:"):
		return sleepThenAnswer(ctx, 400*time.Millisecond, q, 300)
	case strings.HasPrefix(q, "long:"):
		return cannedAnswer(q, 3000), nil
	case strings.HasPrefix(q, "huge:"):
		return cannedAnswer(q, 9000), nil
	case strings.HasPrefix(q, "fallback:"):
		a := cannedAnswer(q, 0)
		a.Note = answer.NoteLLMUnavailable
		return a, nil
	case strings.HasPrefix(q, "ungrounded:"):
		return answer.Answer{Question: q, Text: "The documents I have do not cover this question.", Mode: answer.ModeExtractive}, nil
	case strings.HasPrefix(q, "fail:"):
		return answer.Answer{}, errors.New("index: search: disk on fire")
	case strings.HasPrefix(q, "panic:"):
		panic("generator exploded")
	case strings.HasPrefix(q, "hang:"):
		<-ctx.Done()
		return answer.Answer{}, fmt.Errorf("llm: generate: %w", ctx.Err())
	}
	return cannedAnswer(q, 0), nil
}

func sleepThenAnswer(ctx context.Context, d time.Duration, q string, n int) (answer.Answer, error) {
	select {
	case <-time.After(d):
		return cannedAnswer(q, n), nil
	case <-ctx.Done():
		return answer.Answer{}, fmt.Errorf("llm: generate: %w", ctx.Err())
	}
}

// cannedAnswer echoes the question and pads the text to at least n
// characters with cited sentences.
func cannedAnswer(q string, n int) answer.Answer {
	var b strings.Builder
	fmt.Fprintf(&b, "You asked: %s. The Pact sets common rules for screening at the external borders [1].", q)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, " Sentence %d adds a point about the asylum border procedure and solidarity [%d].", i, i%2+1)
		if i%6 == 5 {
			b.WriteString("\n\n")
		}
	}
	hits := []index.Hit{
		{Passage: index.Passage{ID: "pact#screening/0", DocID: "pact", Title: "Pact on Migration and Asylum",
			Section: "Screening", Anchor: "screening", URL: "https://home-affairs.ec.europa.eu/pact",
			Text: "Screening at the external borders: identification, health and security checks within seven days."},
			Rank: 1, Score: 7.5},
		{Passage: index.Passage{ID: "seed#solidarity/1", DocID: "seed", Title: "Seed notes", Section: "Solidarity",
			Anchor: "solidarity", Text: "A mandatory but flexible solidarity mechanism."}, Rank: 2, Score: 5.25},
	}
	return answer.Answer{
		Question: q, Text: b.String(), Grounded: true, Mode: answer.ModeExtractive, Passages: hits,
		Citations: []answer.Citation{
			{N: 1, DocID: "pact", Title: hits[0].Title, Section: "Screening", Anchor: "screening", URL: hits[0].URL, PassageID: hits[0].ID},
			{N: 2, DocID: "seed", Title: "Seed notes", Section: "Solidarity", Anchor: "solidarity", PassageID: hits[1].ID},
		},
	}
}

type harness struct {
	srv     *discordtest.Server
	bot     *bot.Bot
	store   *review.SQLite
	asker   *fakeAsker
	pseudo  *review.Pseudonymizer
	metrics *bot.Metrics
	cancel  context.CancelFunc
	done    chan error
	nextID  *atomic.Int64
}

// setup varies the bot a test runs: a shared fake Discord and store (for a
// restart), moderation, another Asker.
type setup struct {
	configure func(*bot.Config)
	// srv and store, when set, are reused (and not closed by this bot).
	srv   *discordtest.Server
	store *review.SQLite
	// review, when set, turns moderation on.
	review *bot.Review
	// wrap, when set, wraps the fake asker (e.g. with curated answers).
	wrap func(bot.Asker) bot.Asker
	// nextID continues the interaction ids of a previous bot.
	nextID *atomic.Int64
}

// startBot runs a real discordgo session against a fake Discord, with a
// real review store in a temporary directory.
func startBot(t *testing.T, configure func(*bot.Config)) *harness {
	t.Helper()
	return startBotWith(t, setup{configure: configure})
}

func startBotWith(t *testing.T, s setup) *harness {
	t.Helper()
	srv, store := s.srv, s.store
	if srv == nil {
		srv = discordtest.New(t)
	}
	ownStore := store == nil
	if ownStore {
		var err error
		store, err = review.Open(filepath.Join(t.TempDir(), "pactbot.db"))
		require.NoError(t, err)
	}
	h := &harness{srv: srv, store: store, asker: &fakeAsker{slowDelay: 4 * time.Second},
		pseudo: review.NewPseudonymizer([]byte("test-secret")), metrics: bot.NewMetrics(), done: make(chan error, 1),
		nextID: s.nextID}
	if h.nextID == nil {
		h.nextID = &atomic.Int64{}
		h.nextID.Store(1_600_000_000_000_000_000)
	}
	cfg := bot.Config{
		Token: "test-token", APIURL: srv.URL(), GuildIDs: []string{discordtest.GuildID},
		GracePeriod: 2 * time.Second, AnswerTimeout: 20 * time.Second, MaxQuestionChars: 300,
	}
	if s.configure != nil {
		s.configure(&cfg)
	}
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sources := []bot.Source{{Title: "Pact on Migration and Asylum", Publisher: "European Commission", URL: "https://home-affairs.ec.europa.eu/pact"}}
	var asker bot.Asker = h.asker
	if s.wrap != nil {
		asker = s.wrap(asker)
	}
	var err error
	h.bot, err = bot.New(cfg, asker, store, h.pseudo, sources, logger, h.metrics)
	require.NoError(t, err)
	if s.review != nil {
		require.NoError(t, h.bot.WithReview(store, *s.review))
	}
	before := len(srv.CallsMatching(isCommandsPut))
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- h.bot.Run(ctx) }()
	srv.WaitForN(isCommandsPut, before+1, 5*time.Second)
	require.Eventually(t, h.bot.Ready, 5*time.Second, 10*time.Millisecond)
	t.Cleanup(func() {
		h.stop(t)
		if ownStore {
			require.NoError(t, store.Close())
		}
	})
	return h
}

func isCommandsPut(c discordtest.Call) bool { return c.Is("PUT", "/api/v9/applications/") }

// stop cancels Run and waits for the graceful shutdown; safe to call twice.
func (h *harness) stop(t *testing.T) {
	h.cancel()
	select {
	case err, ok := <-h.done:
		if ok {
			assert.NoError(t, err)
			close(h.done)
		}
	case <-time.After(30 * time.Second):
		t.Error("bot did not shut down")
	}
}

// workingMention matches mention syntax Discord would turn into a ping.
var workingMention = regexp.MustCompile(`@everyone|@here|<@[!&]?[0-9]`)

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (h *harness) id() string { return fmt.Sprint(h.nextID.Add(1)) }

// ask dispatches /ask and returns the interaction id and the dispatch time.
func (h *harness) ask(t *testing.T, user, channel, q string) (string, time.Time) {
	t.Helper()
	id := h.id()
	at := time.Now()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.SlashCommand(
		discordtest.Interaction{ID: id, UserID: user, ChannelID: channel}, "ask", map[string]string{"question": q})))
	return id, at
}

func (h *harness) click(t *testing.T, user, customID string) string {
	t.Helper()
	id := h.id()
	require.NoError(t, h.srv.DispatchInteraction(discordtest.Button(discordtest.Interaction{ID: id, UserID: user}, customID)))
	return id
}

func callbackOf(id string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		return c.Is("POST", "/api/v9/interactions/"+id+"/"+discordtest.Token(id)+"/callback")
	}
}

func editOf(id string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		return c.Is("PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token(id)+"/messages/@original")
	}
}

func followupsOf(id string) func(discordtest.Call) bool {
	return func(c discordtest.Call) bool {
		return c.Method == "POST" && c.Path == "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token(id)
	}
}

// path reads a nested JSON value: path(body, "data", "flags").
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// mentionsOf returns the allowed_mentions of a message-bearing call.
func mentionsOf(c discordtest.Call) any {
	if strings.HasSuffix(c.Path, "/callback") {
		return path(c.Body, "data", "allowed_mentions")
	}
	return path(c.Body, "allowed_mentions")
}

// assertNoPings checks allowed_mentions is {"parse": []} (present, empty,
// not null) on every call that can post or edit a message, and that no
// text sent contains a working @everyone, @here or <@…> mention.
func assertNoPings(t *testing.T, calls []discordtest.Call) {
	t.Helper()
	n := 0
	for _, c := range calls {
		carries := strings.HasSuffix(c.Path, "/callback") || strings.Contains(c.Path, "/webhooks/") ||
			(strings.HasSuffix(c.Path, "/messages") || strings.Contains(c.Path, "/messages/")) && !strings.HasSuffix(c.Path, "/threads")
		if !carries || c.Method == "GET" || c.Method == "DELETE" {
			continue
		}
		n++
		am, ok := mentionsOf(c).(map[string]any)
		if assert.True(t, ok, "%s %s has no allowed_mentions: %s", c.Method, c.Path, c.Raw) {
			parse, isList := am["parse"].([]any)
			assert.True(t, isList && len(parse) == 0, "%s %s: parse must be []: %v", c.Method, c.Path, am)
		}
		assert.NotRegexp(t, workingMention, string(c.Raw), "%s %s", c.Method, c.Path)
	}
	assert.NotZero(t, n, "no message calls checked")
}
