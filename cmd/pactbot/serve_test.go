package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/bot/discordtest"
	"pactbot/corpus"
	"pactbot/curated"
	"pactbot/review"
)

// freeAddr returns a local address nobody listens on.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// pactbot serve with discord.api_url pointed at a fake Discord answers
// /ask from the embedded corpus, records it, serves /healthz and /metrics,
// and stops cleanly on cancel (SIGTERM).
func TestServeAgainstFakeDiscord(t *testing.T) {
	fake := discordtest.New(t)
	data := t.TempDir()
	listen := freeAddr(t)
	cfgFile := filepath.Join(data, "pactbot.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(fmt.Sprintf(`
discord:
  api_url: %s
  guild_ids: ["%s"]
  grace_period: 2s
http:
  listen: %s
`, fake.URL(), discordtest.GuildID, listen)), 0o644))

	var stderr bytes.Buffer
	env := map[string]string{"DISCORD_TOKEN": "secret-token-value"}
	a := &app{stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, a, []string{"--config", cfgFile, "--data", data, "--log-format", "json"})
	}()

	fake.WaitFor(func(c discordtest.Call) bool { return c.Is("PUT", "/api/v9/applications/") }, 60*time.Second)
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + listen + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 5*time.Second, 20*time.Millisecond)

	require.NoError(t, fake.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: "5001"},
		"ask", map[string]string{"question": "How much money is earmarked for the Pact?"})))
	cb := fake.WaitFor(func(c discordtest.Call) bool { return c.Is("POST", "/api/v9/interactions/5001/") }, 3*time.Second)
	assert.EqualValues(t, 5, cb.Body["type"])
	edit := fake.WaitFor(func(c discordtest.Call) bool {
		return c.Is("PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token("5001")+"/messages/@original")
	}, 10*time.Second)
	var msg struct{ Embeds []discordgo.MessageEmbed }
	require.NoError(t, edit.Decode(&msg))
	require.NotEmpty(t, msg.Embeds)
	assert.Contains(t, msg.Embeds[0].Description, "€2 billion")
	assert.Contains(t, msg.Embeds[0].Fields[0].Value, "Taking stock of EU migration and asylum achievements")

	resp, err := http.Get("http://" + listen + "/metrics")
	require.NoError(t, err)
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(metrics), `pactbot_answers_total{mode="extractive",grounded="true"} 1`)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.NotContains(t, stderr.String(), "secret-token-value", "the token is never logged")
	assert.Contains(t, stderr.String(), `"msg":"building the index"`, "the start-up build is logged with its progress")
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		assert.True(t, json.Valid([]byte(line)), "json log line: %s", line)
	}

	store, err := review.Open(filepath.Join(data, "pactbot.db"))
	require.NoError(t, err)
	defer store.Close()
	recs, err := store.List(context.Background(), review.Filter{})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "How much money is earmarked for the Pact?", recs[0].Question)
	assert.NotEmpty(t, recs[0].IndexFingerprint)
	assert.NotEmpty(t, recs[0].MessageID)
}

func TestBotRate(t *testing.T) {
	tests := []struct {
		in      string
		count   int
		per     time.Duration
		wantErr bool
	}{
		{"5/1m", 5, time.Minute, false},
		{"", 0, 0, false},
		{"five", 0, 0, true},
	}
	for _, tt := range tests {
		got, err := botRate(tt.in)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.count, got.Count)
		assert.Equal(t, tt.per, got.Per)
	}
}

func TestServeRefusesToStartWithoutWhatItNeeds(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no token", nil, map[string]string{}, "DISCORD_TOKEN is not set"},
		{"bad log format", []string{"--log-format", "xml"}, map[string]string{"DISCORD_TOKEN": "t"}, `log format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return tt.env[k] }}
			err := runServe(context.Background(), a, append([]string{"--data", t.TempDir()}, tt.args...))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

// pactbot serve wires moderation: answers go to the review channel, a
// curated answer is served on a paraphrase, and one whose document
// changed is flagged stale there and not served.
func TestServeModeration(t *testing.T) {
	fake := discordtest.New(t)
	data := t.TempDir()
	c, err := corpus.Load(corpus.Embedded())
	require.NoError(t, err)
	fps := curated.DocFingerprints(c)
	doc := "taking-stock-2024-03"
	require.NotEmpty(t, fps[doc])

	store, err := review.Open(filepath.Join(data, "pactbot.db"))
	require.NoError(t, err)
	ctx := context.Background()
	cites := []answer.Citation{{N: 1, DocID: doc, Title: "Taking stock of EU migration and asylum achievements", Section: "Funding"}}
	_, err = store.AddCurated(ctx, review.Curated{Question: "How much money is earmarked for the Pact?",
		Answer: "Moderator-checked: EUR 2 billion [1].", Citations: cites, DocFingerprints: map[string]string{doc: fps[doc]}, Moderator: "m"})
	require.NoError(t, err)
	staleID, err := store.AddCurated(ctx, review.Curated{Question: "What is Eurodac?", Answer: "An outdated answer [1].",
		Citations: cites, DocFingerprints: map[string]string{doc: "an-older-version"}, Moderator: "m"})
	require.NoError(t, err)
	require.NoError(t, store.Close())

	cfgFile := filepath.Join(data, "pactbot.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(fmt.Sprintf(`
discord:
  api_url: %s
  guild_ids: ["%s"]
  grace_period: 2s
  review_channel_id: "820000000000000001"
http:
  listen: %s
review:
  post: all
  moderator_role_ids: ["830000000000000001"]
`, fake.URL(), discordtest.GuildID, freeAddr(t))), 0o644))
	env := map[string]string{"DISCORD_TOKEN": "secret-token-value"}
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return env[k] }}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runServe(runCtx, a, []string{"--config", cfgFile, "--data", data}) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	reviewPosts := func(c discordtest.Call) bool { return c.Is("POST", "/api/v9/channels/820000000000000001/messages") }

	stale := fake.WaitFor(func(c discordtest.Call) bool {
		return reviewPosts(c) && strings.Contains(string(c.Raw), fmt.Sprintf("Curated answer #%d is stale", staleID))
	}, 60*time.Second)
	assert.Contains(t, string(stale.Raw), "no longer served")

	require.NoError(t, fake.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: "6001"},
		"ask", map[string]string{"question": "How much funding does the migration pact get?"})))
	edit := fake.WaitFor(func(c discordtest.Call) bool {
		return c.Is("PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/"+discordtest.Token("6001")+"/messages/@original")
	}, 10*time.Second)
	assert.Contains(t, string(edit.Raw), "Moderator-checked: EUR 2 billion")
	assert.Contains(t, string(edit.Raw), answer.NoteCurated)

	require.NoError(t, fake.DispatchInteraction(discordtest.SlashCommand(discordtest.Interaction{ID: "6002"},
		"ask", map[string]string{"question": "What is Eurodac?"})))
	post := fake.WaitFor(func(c discordtest.Call) bool {
		return reviewPosts(c) && strings.Contains(string(c.Raw), "What is Eurodac?") && strings.Contains(string(c.Raw), "pb:mod:approve:")
	}, 10*time.Second)
	assert.NotContains(t, string(post.Raw), "An outdated answer", "the stale curated answer is not served")
}

func TestHealthServerClosesIdleAndSlowConnections(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler())
	assert.Positive(t, srv.ReadHeaderTimeout)
	assert.Positive(t, srv.ReadTimeout)
	assert.Positive(t, srv.WriteTimeout)
	assert.Positive(t, srv.IdleTimeout, "idle keep-alive connections are closed")
}

func TestHealthCommand(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer ok.Close()
	building := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "index not ready", http.StatusServiceUnavailable)
	}))
	defer building.Close()

	c := newCLI(t)
	out, errOut, code := c.run("health", "--url", ok.URL+"/healthz")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "ok:")

	_, errOut, code = c.run("health", "--url", building.URL+"/healthz")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "503")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	start := time.Now()
	c.env["PACTBOT_HTTP_LISTEN"] = addr
	_, errOut, code = c.run("health")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, addr, "the failure names the address")
	assert.Less(t, time.Since(start), 2*healthTimeout, "fails fast")

	assert.Equal(t, "http://127.0.0.1:8080/healthz", healthURL("0.0.0.0:8080"))
	assert.Equal(t, "http://[::1]:9/healthz", healthURL("[::1]:9"))
}

func TestHealthIs503WhileTheIndexIsBuilt(t *testing.T) {
	h := &startupHandler{}
	h.set("starting")
	var logs bytes.Buffer
	progress := buildLogger(slog.New(slog.NewJSONHandler(&logs, nil)), h)
	progress("indexing", 2000, 10000)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), "indexing 2000/10000 passages")
	assert.Contains(t, logs.String(), `"stage":"indexing"`)

	h.serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	assert.Equal(t, http.StatusOK, rec.Code, "the bot's handler takes over once it is ready")
}
