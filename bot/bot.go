// Package bot is pactbot's Discord front end: the /ask, /sources, /about
// and /forget-me commands, answers to mentions in threads, the answer
// embeds with sources, disclaimer and feedback buttons, per-user and
// per-channel rate limits, graceful shutdown, and the /healthz and /metrics
// HTTP endpoints. It records every answer through a Recorder before
// posting it. With WithReview it runs the moderation workflow in Discord:
// the review channel with Approve / Reject / Correct (modals), pre-
// moderation, moderator checks on every press, personal-data warnings,
// stale curated answer notices, and it follows the review store's change
// feed so that decisions taken from the CLI reach Discord.
//
// It does not retrieve or generate answers (an Asker does), match curated
// answers (a CuratedIndex does), store anything itself (the review store
// does), or parse configuration (cmd does).
// bot/discordtest is a fake Discord that a real discordgo session connects to.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/review"
)

// Asker answers one question. It is all the bot needs of the answer engine,
// so tests can hand it canned answers and slow ones.
type Asker interface {
	Ask(ctx context.Context, question string) (answer.Answer, error)
}

// Recorder is the slice of the review store the bot writes to: the answer
// before it is posted, the id of the posted message, and button feedback.
// *review.Store satisfies it.
type Recorder interface {
	RecordAnswer(ctx context.Context, r *review.Record) (int64, error)
	SetMessage(ctx context.Context, id int64, channelID, messageID string) error
	Vote(ctx context.Context, answerID int64, userHash, vote string) error
}

// Config is how the bot behaves on Discord. Zero durations and limits take
// the defaults documented on each field.
type Config struct {
	// Token is the bot token, without the "Bot " prefix. Never logged.
	Token string
	// APIURL, when set, sends every REST call (and so the gateway lookup)
	// to this base URL instead of https://discord.com: a REST proxy or a
	// fake Discord.
	APIURL string
	// GuildIDs registers the commands in these guilds (instant); empty
	// registers them globally.
	GuildIDs []string
	// Channels are where mentions are answered (threads count as their
	// parent channel); empty means everywhere the bot can read.
	Channels []string
	// DM allows questions in direct messages.
	DM                  bool
	ShardID, ShardCount int
	// PerUserRate and PerChannelRate are token buckets; zero disables one.
	PerUserRate, PerChannelRate RateSpec
	// MaxQuestionChars refuses longer questions; default 500.
	MaxQuestionChars int
	// AnswerTimeout bounds one answer; default 60 s.
	AnswerTimeout time.Duration
	// GracePeriod is how long shutdown waits for answers in flight before
	// closing them politely: zero means the default 20 s, a negative value
	// means no wait (config's discord.grace_period: 0 arrives so).
	GracePeriod time.Duration
	// MaxConcurrent bounds answers computed at once (the rest wait, already
	// acknowledged); default 16.
	MaxConcurrent int
	// Retention is how long records are kept, as /about tells users; zero
	// means until deleted.
	Retention time.Duration
	// IndexFingerprint is recorded with every answer.
	IndexFingerprint string
	// IndexReady reports whether the search index is open, for /healthz;
	// nil means always.
	IndexReady func() bool
	// MaxQueue bounds the questions waiting for one of the MaxConcurrent
	// slots; a question beyond it gets a "busy" reply at once. Default 64.
	MaxQueue int
	// TokenLife is how long Discord keeps an interaction token valid after
	// the interaction was created; default 15 minutes (Discord's rule).
	// An answer to a slash command must be ready a tenth of it before.
	TokenLife time.Duration
	// Now is the clock for rate limits and token ages; nil means time.Now.
	Now func() time.Time
	// Transport carries REST and is wrapped by the APIURL rewrite; nil
	// means http.DefaultTransport.
	Transport http.RoundTripper
}

func (c *Config) setDefaults() {
	if c.MaxQuestionChars <= 0 {
		c.MaxQuestionChars = 500
	}
	if c.AnswerTimeout <= 0 {
		c.AnswerTimeout = 60 * time.Second
	}
	switch {
	case c.GracePeriod == 0:
		c.GracePeriod = 20 * time.Second
	case c.GracePeriod < 0:
		c.GracePeriod = 0
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 16
	}
	if c.MaxQueue <= 0 {
		c.MaxQueue = 64
	}
	if c.TokenLife <= 0 {
		c.TokenLife = 15 * time.Minute
	}
	if c.ShardCount <= 0 {
		c.ShardCount = 1
	}
	if c.IndexReady == nil {
		c.IndexReady = func() bool { return true }
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// discordAPI is the slice of *discordgo.Session the handlers call, declared
// here so a handler's Discord traffic is visible in one place.
type discordAPI interface {
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, o ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, o ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, p *discordgo.WebhookParams, o ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(channelID string, m *discordgo.MessageSend, o ...discordgo.RequestOption) (*discordgo.Message, error)
	MessageThreadStartComplex(channelID, messageID string, d *discordgo.ThreadStart, o ...discordgo.RequestOption) (*discordgo.Channel, error)
	Channel(channelID string, o ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelTyping(channelID string, o ...discordgo.RequestOption) error
	ChannelMessageEditComplex(m *discordgo.MessageEdit, o ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageDelete(channelID, messageID string, o ...discordgo.RequestOption) error
	InteractionResponseDelete(i *discordgo.Interaction, o ...discordgo.RequestOption) error
	FollowupMessageEdit(i *discordgo.Interaction, messageID string, e *discordgo.WebhookEdit, o ...discordgo.RequestOption) (*discordgo.Message, error)
	UserChannelCreate(recipientID string, o ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelDelete(channelID string, o ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelEdit(channelID string, data *discordgo.ChannelEdit, o ...discordgo.RequestOption) (*discordgo.Channel, error)
}

var _ discordAPI = (*discordgo.Session)(nil)

// Bot is one shard of the Discord bot.
type Bot struct {
	cfg     Config
	asker   Asker
	rec     Recorder
	pseudo  *review.Pseudonymizer
	sources []Source
	log     *slog.Logger
	metrics *Metrics
	rv      *reviewer // nil: no moderation

	session  *discordgo.Session
	api      discordAPI
	limits   *rateLimits
	sem      chan struct{}
	waiting  atomic.Int64 // questions waiting for a slot in sem
	answers  *answerCache
	channels *channelCache

	answerCtx     context.Context
	cancelAnswers context.CancelFunc

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup

	connected atomic.Bool
	connects  atomic.Int64
}

// New prepares a bot; Run connects it. logger and metrics may be nil.
func New(cfg Config, asker Asker, rec Recorder, pseudo *review.Pseudonymizer, sources []Source, logger *slog.Logger, metrics *Metrics) (*Bot, error) {
	switch {
	case cfg.Token == "":
		return nil, errors.New("bot: no Discord token")
	case asker == nil || rec == nil || pseudo == nil:
		return nil, errors.New("bot: asker, recorder and pseudonymizer are required")
	case cfg.ShardCount > 1 && (cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount):
		return nil, fmt.Errorf("bot: shard id %d outside shard count %d", cfg.ShardID, cfg.ShardCount)
	}
	cfg.setDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if metrics == nil {
		metrics = NewMetrics()
	}
	session, err := newSession(cfg)
	if err != nil {
		return nil, err
	}
	b := &Bot{
		cfg: cfg, asker: asker, rec: rec, pseudo: pseudo, sources: sources,
		log: logger, metrics: metrics, session: session, api: session,
		limits:   newRateLimits(cfg.PerUserRate, cfg.PerChannelRate, cfg.Now),
		sem:      make(chan struct{}, cfg.MaxConcurrent),
		answers:  newAnswerCache(2000),
		channels: newChannelCache(5000),
	}
	b.answerCtx, b.cancelAnswers = context.WithCancel(context.Background())
	session.AddHandler(b.onConnect)
	session.AddHandler(b.onDisconnect)
	session.AddHandler(b.onRateLimit)
	session.AddHandler(b.onInteraction)
	session.AddHandler(b.onMessage)
	return b, nil
}

func newSession(cfg Config) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("bot: new session: %w", err)
	}
	transport := cfg.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	// Outermost but for the rewrite: a global 429 pauses every request.
	transport = &GlobalLimitTransport{Next: transport}
	if cfg.APIURL != "" {
		rt, err := NewRewriteTransport(cfg.APIURL, transport)
		if err != nil {
			return nil, err
		}
		transport = rt
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	// Mentions of the bot carry their text without the privileged
	// message-content intent, so these non-privileged intents suffice.
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = true
	return s, nil
}

// Run connects to the gateway, registers the commands and serves until ctx
// is done; then it stops taking questions, lets answers in flight finish
// (or closes them politely after the grace period) and closes the gateway.
//
// With WithReview, it also follows the store's change feed (decisions
// taken from the CLI) and runs the retention purge in the background.
func (b *Bot) Run(ctx context.Context) error {
	if b.rv != nil {
		if err := b.prepareReview(ctx); err != nil {
			return err
		}
	}
	if err := b.openGateway(ctx); err != nil {
		return err
	}
	b.log.Info("gateway connected", "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
	if err := b.registerCommands(); err != nil {
		b.closeSession()
		return err
	}
	var loops sync.WaitGroup
	loopCtx, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	b.startReviewLoops(loopCtx, &loops)
	<-ctx.Done()
	stopLoops()
	loops.Wait()
	b.shutdown()
	return nil
}

// openGateway connects the gateway, retrying with backoff (1 s doubling to
// a minute) while Discord is unreachable or answers 5xx or 429, as the
// session does after a disconnect; a refused token fails at once.
func (b *Bot) openGateway(ctx context.Context) error {
	delay := time.Second
	for attempt := 1; ; attempt++ {
		err := b.session.Open()
		if err == nil {
			return nil
		}
		if !retryableOpen(err) {
			return fmt.Errorf("bot: open gateway: %w", err)
		}
		b.log.Warn("gateway unreachable, retrying", "attempt", attempt, "in", delay, "err", redactDiscord(err.Error()))
		select {
		case <-ctx.Done():
			return fmt.Errorf("bot: open gateway: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Minute)
	}
}

// retryableOpen tells a Discord that may come back (network errors, 5xx,
// 429) from one that refuses us (401, 403, a bad request).
func retryableOpen(err error) bool {
	if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
		return false
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		code := re.Response.StatusCode
		return code >= 500 || code == http.StatusTooManyRequests
	}
	return true
}

// Ready reports whether the gateway is connected.
func (b *Bot) Ready() bool { return b.connected.Load() }

func (b *Bot) shutdown() {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	b.log.Info("shutting down: no new questions", "grace", b.cfg.GracePeriod)
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(b.cfg.GracePeriod):
		b.log.Warn("grace period over: closing answers in flight")
		b.cancelAnswers()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			b.log.Error("answers still in flight after shutdown")
		}
	}
	b.cancelAnswers()
	b.closeSession()
}

func (b *Bot) closeSession() {
	if err := b.session.Close(); err != nil {
		b.log.Warn("close gateway", "err", err)
	}
	b.connected.Store(false)
}

// begin counts a question in flight, unless shutdown has started.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) onConnect(_ *discordgo.Session, _ *discordgo.Connect) {
	b.connected.Store(true)
	if b.connects.Add(1) > 1 {
		b.metrics.inc("pactbot_gateway_reconnects_total")
		b.log.Info("gateway reconnected")
	}
}

func (b *Bot) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	b.connected.Store(false)
}

func (b *Bot) onRateLimit(_ *discordgo.Session, r *discordgo.RateLimit) {
	b.metrics.inc("pactbot_discord_rate_limits_total")
	// r.URL may hold an interaction token: not logged.
	b.log.Warn("discord rate limit", "retry_after", r.RetryAfter)
}

// selfID is the bot's user id, known once READY arrived.
func (b *Bot) selfID() string {
	b.session.State.RLock()
	defer b.session.State.RUnlock()
	if b.session.State.User == nil {
		return ""
	}
	return b.session.State.User.ID
}

func (b *Bot) appID() string {
	b.session.State.RLock()
	defer b.session.State.RUnlock()
	if a := b.session.State.Application; a != nil && a.ID != "" {
		return a.ID
	}
	if b.session.State.User != nil {
		return b.session.State.User.ID
	}
	return ""
}
