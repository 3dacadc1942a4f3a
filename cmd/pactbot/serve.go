package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/bot"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/curated"
	"pactbot/review"
)

// runServe runs the Discord bot and the /healthz and /metrics endpoint
// until ctx is cancelled (SIGINT/SIGTERM), then shuts down gracefully.
func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve", "[--log-format text|json]")
	logFormat := fs.String("log-format", "", "log format, `text` or json (default: log.format)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *logFormat == "" {
		*logFormat = a.cfg.Log.Format
	}
	logger, err := newServeLogger(a.stderr, *logFormat, a.cfg.Log.Level)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if a.cfg.Discord.Token == "" {
		return errors.New("DISCORD_TOKEN is not set")
	}
	routeDiscordgoLogs(logger, a.cfg.Discord.Token)
	// /healthz answers from the start: 503 while the index is built.
	ln, err := net.Listen("tcp", a.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.HTTP.Listen, err)
	}
	startup := &startupHandler{}
	startup.set("starting")
	srv := newHTTPServer(startup)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("http server", "err", err)
		}
	}()
	defer func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			logger.Warn("http shutdown", "err", err)
		}
	}()
	logger.Info("serving health and metrics", "addr", ln.Addr().String())
	a.buildProgress = buildLogger(logger, startup)
	ix, c, err := a.openIndexWarn(ctx)
	if err != nil {
		return err
	}
	if st := ix.Stats(); st.Built {
		logger.Info("index built", "documents", st.Documents, "passages", st.Passages, "seconds", st.BuildTime.Seconds())
	}
	var indexOpen atomic.Bool
	indexOpen.Store(true)
	defer func() {
		indexOpen.Store(false)
		ix.Close()
	}()
	eng, err := a.engine(ix, c)
	if err != nil {
		return err
	}
	matcher, err := a.curatedMatcher()
	if err != nil {
		return err
	}
	defer matcher.Close()
	eng = eng.WithCurated(matcher)
	store, pseudo, err := a.openServeStore()
	if err != nil {
		return err
	}
	defer store.Close()
	cfg, err := botConfig(a.cfg)
	if err != nil {
		return err
	}
	cfg.IndexFingerprint, cfg.IndexReady = ix.Fingerprint(), indexOpen.Load
	b, err := bot.New(cfg, engineAsker{eng}, store, pseudo, botSources(c), logger, bot.NewMetrics())
	if err != nil {
		return err
	}
	// The matcher starts empty: the bot marks curated answers whose
	// documents changed as stale, then loads the active ones, before it
	// takes any question.
	docFPs := curated.DocFingerprints(c)
	rv := reviewConfig(a.cfg)
	rv.Curated, rv.IndexFingerprint, rv.CorpusFingerprint = matcher, ix.Fingerprint, c.Fingerprint
	rv.DocFingerprints = func() map[string]string { return docFPs }
	if err := b.WithReview(store, rv); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	startup.serve(b.HTTPHandler())
	return b.Run(ctx)
}

// startupHandler answers /healthz with 503 and what the process is doing
// until the bot's own handler takes over.
type startupHandler struct {
	mu    sync.Mutex
	state string
	next  http.Handler
}

func (h *startupHandler) set(state string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.state = state
}

func (h *startupHandler) serve(next http.Handler) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next = next
}

func (h *startupHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	next, state := h.next, h.state
	h.mu.Unlock()
	if next != nil {
		next.ServeHTTP(w, r)
		return
	}
	http.Error(w, "starting: "+state, http.StatusServiceUnavailable)
}

// buildLogger logs an index build at start-up every tenth of the way and
// shows it on /healthz.
func buildLogger(logger *slog.Logger, h *startupHandler) func(stage string, done, total int) {
	last := map[string]int{}
	return func(stage string, done, total int) {
		h.set(fmt.Sprintf("%s %d/%d passages", stage, done, total))
		if total == 0 {
			return
		}
		step := done * 10 / total
		if prev, ok := last[stage]; ok && step == prev {
			return
		}
		last[stage] = step
		logger.Info("building the index", "stage", stage, "done", done, "total", total)
	}
}

// curatedMatcher builds the (empty) matcher of curated answers with the
// glossary the index uses, so synonyms count the same in both.
func (a *app) curatedMatcher() (*curated.Matcher, error) {
	gloss, err := corpus.DefaultGlossary()
	if err != nil {
		return nil, err
	}
	if a.cfg.Index.Glossary != "" {
		extra, err := corpus.LoadGlossaryFile(a.cfg.Index.Glossary)
		if err != nil {
			return nil, err
		}
		gloss = append(gloss, extra...)
	}
	m, err := curated.NewMatcher(nil, a.cfg.Review.CuratedThreshold, curated.WithGlossary(gloss))
	if err != nil {
		return nil, fmt.Errorf("review.curated_threshold: %w", err)
	}
	return m, nil
}

// reviewConfig maps the review section (and discord.review_channel_id)
// onto the bot's moderation settings.
func reviewConfig(c config.Config) bot.Review {
	r := c.Review
	return bot.Review{
		ChannelID: c.Discord.ReviewChannelID, Post: r.Post, Mode: r.Mode, PreFor: r.PreFor,
		ModeratorRoleIDs: r.ModeratorRoleIDs, ManageMessages: r.ManageMessages, Retention: r.Retention,
		LowScore: r.LowScore,
	}
}

// HTTP server limits for the health and metrics endpoint: a scraper or
// a health check needs a few seconds at most, and idle connections close.
const (
	httpReadHeaderTimeout = 5 * time.Second
	httpReadTimeout       = 10 * time.Second
	httpWriteTimeout      = 30 * time.Second
	httpIdleTimeout       = 60 * time.Second
)

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: httpReadHeaderTimeout,
		ReadTimeout:       httpReadTimeout,
		WriteTimeout:      httpWriteTimeout,
		IdleTimeout:       httpIdleTimeout,
	}
}

// reviewDBPath is where the answer record lives: review.db, else
// <data dir>/pactbot.db.
func (a *app) reviewDBPath() string {
	if a.cfg.Review.DB != "" {
		return a.cfg.Review.DB
	}
	return filepath.Join(a.cfg.DataDir, "pactbot.db")
}

func (a *app) openServeStore() (*review.SQLite, *review.Pseudonymizer, error) {
	store, err := review.Open(a.reviewDBPath())
	if err != nil {
		return nil, nil, err
	}
	secret, err := review.LoadSecret(a.cfg.DataDir, a.cfg.Review.UserSecret)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, review.NewPseudonymizer(secret), nil
}

// botConfig maps the discord section of the configuration onto the bot.
func botConfig(c config.Config) (bot.Config, error) {
	d := c.Discord
	perUser, err := botRate(d.RateLimit.PerUser)
	if err != nil {
		return bot.Config{}, fmt.Errorf("discord.rate_limit.per_user: %w", err)
	}
	perChannel, err := botRate(d.RateLimit.PerChannel)
	if err != nil {
		return bot.Config{}, fmt.Errorf("discord.rate_limit.per_channel: %w", err)
	}
	return bot.Config{
		Token: d.Token, APIURL: d.APIURL, GuildIDs: d.GuildIDs, Channels: d.Channels, DM: d.DM,
		ShardID: d.ShardID, ShardCount: d.ShardCount, PerUserRate: perUser, PerChannelRate: perChannel,
		MaxQuestionChars: d.MaxQuestionChars, AnswerTimeout: d.AnswerTimeout, GracePeriod: zeroMeansZero(d.GracePeriod),
		MaxQueue: d.MaxQueue, Retention: c.Review.Retention,
	}, nil
}

// botRate reads "5/1m"; an empty rate disables the limit.
func botRate(s string) (bot.RateSpec, error) {
	if strings.TrimSpace(s) == "" {
		return bot.RateSpec{}, nil
	}
	n, per, err := config.ParseRate(s)
	if err != nil {
		return bot.RateSpec{}, err
	}
	return bot.RateSpec{Count: n, Per: per}, nil
}

func botSources(c *corpus.Corpus) []bot.Source {
	out := make([]bot.Source, 0, len(c.Documents))
	for _, d := range c.Documents {
		out = append(out, bot.Source{Title: d.Title, Publisher: d.Publisher, Date: d.Date, URL: d.URL})
	}
	return out
}

// engineAsker adapts the answer engine to the bot's Asker.
type engineAsker struct{ eng *answer.Engine }

var _ bot.Asker = engineAsker{}

// Ask answers with the engine's defaults (LLM when configured).
func (e engineAsker) Ask(ctx context.Context, question string) (answer.Answer, error) {
	return e.eng.Ask(ctx, question, answer.AskOptions{})
}

// routeDiscordgoLogs sends discordgo's own log lines (it logs through a
// package variable) to logger, so --log-format json covers them too. The
// token is redacted should a line ever carry it.
func routeDiscordgoLogs(logger *slog.Logger, token string) {
	levels := map[int]slog.Level{
		discordgo.LogError: slog.LevelError, discordgo.LogWarning: slog.LevelWarn,
		discordgo.LogInformational: slog.LevelInfo, discordgo.LogDebug: slog.LevelDebug,
	}
	discordgo.Logger = func(level, _ int, format string, args ...any) {
		msg := strings.ReplaceAll(fmt.Sprintf(format, args...), token, "[redacted]")
		logger.Log(context.Background(), levels[level], "discordgo: "+strings.TrimSpace(msg))
	}
}

// newServeLogger builds the slog logger of the long-running command.
func newServeLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(strings.ToUpper(strings.TrimSpace(level)))); err != nil && level != "" {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}
