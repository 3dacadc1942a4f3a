package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/review"
)

// Values of Review.Post, Review.Mode and Review.PreFor, as in the
// configuration (review.post, review.mode, review.pre_for).
const (
	PostAll     = "all"
	PostFlagged = "flagged"
	PostNone    = "none"
	ModePost    = "post"
	ModePre     = "pre"
	ModeOff     = "off"
	PreAll      = "all"
	PreFlagged  = "flagged"
)

// CuratedIndex is what serves curated answers to new questions; the bot
// reloads it when the store's change feed shows curated answers changed.
// *curated.Matcher satisfies it.
type CuratedIndex interface {
	Replace(entries []*review.Curated) error
}

// Review configures the moderation workflow: the review channel, pre- or
// post-moderation, who may moderate, curated answers and retention.
// Zero durations take the defaults documented on each field.
type Review struct {
	// ChannelID is the review channel; empty posts nothing there, and
	// moderators decide from the CLI (held answers included: the bot
	// publishes them when the change feed shows the approval).
	ChannelID string
	// Post selects the answers shown in the review channel: PostAll,
	// PostFlagged (not grounded, low score, 👎 or 🚩) or PostNone. Answers
	// held for pre-moderation are always shown.
	Post string
	// Mode is ModePost (answer first, review after), ModePre (hold answers
	// until a moderator approves or corrects them) or ModeOff (no review
	// channel posts; decisions still apply).
	Mode string
	// PreFor is PreAll or PreFlagged: which answers ModePre holds.
	PreFor string
	// ModeratorRoleIDs may approve, reject and correct.
	ModeratorRoleIDs []string
	// ManageMessages also lets members with that permission moderate.
	ManageMessages bool
	// LowScore flags an answer whose best passage scored below it; zero
	// flags only answers the sources do not cover.
	LowScore float64
	// Retention is how old an answer's personal fields may get before the
	// periodic purge removes them; zero disables the purge.
	Retention time.Duration
	// PurgeEvery is how often retention runs; default 1 h.
	PurgeEvery time.Duration
	// PollEvery is how often the store's change feed is read to pick up
	// decisions made elsewhere (the CLI); default 2 s.
	PollEvery time.Duration
	// Curated is reloaded with the curated answers when they change; nil
	// means no curated answers are served.
	Curated CuratedIndex
	// DocFingerprints returns the current fingerprint of each document
	// (curated.DocFingerprints); nil disables the stale check and records
	// curated answers without fingerprints.
	DocFingerprints func() map[string]string
	// IndexFingerprint returns the fingerprint of the open index; when it
	// changes the curated answers are checked again. nil: checked at start.
	IndexFingerprint func() string
	// CorpusFingerprint is the fingerprint of the corpus served
	// (corpus.Corpus.Fingerprint), recorded with curated answers and in
	// the record as the served corpus, against which `pactbot review
	// curated check` verifies its own documents.
	CorpusFingerprint string
}

func (r *Review) setDefaults() {
	if r.Post == "" {
		r.Post = PostFlagged
	}
	if r.Mode == "" {
		r.Mode = ModePost
	}
	if r.PreFor == "" {
		r.PreFor = PreAll
	}
	if r.PurgeEvery <= 0 {
		r.PurgeEvery = time.Hour
	}
	if r.PollEvery <= 0 {
		r.PollEvery = 2 * time.Second
	}
}

func (r Review) validate() error {
	switch {
	case !slices.Contains([]string{PostAll, PostFlagged, PostNone}, r.Post):
		return fmt.Errorf("bot: review post %q: want all, flagged or none", r.Post)
	case !slices.Contains([]string{ModePost, ModePre, ModeOff}, r.Mode):
		return fmt.Errorf("bot: review mode %q: want post, pre or off", r.Mode)
	case !slices.Contains([]string{PreAll, PreFlagged}, r.PreFor):
		return fmt.Errorf("bot: review pre_for %q: want all or flagged", r.PreFor)
	}
	return nil
}

// reviewer is the moderation state of a bot: its store and settings, and
// what it remembers in memory about recent answers (interaction tokens and
// askers' ids, which are never stored).
type reviewer struct {
	cfg   Review
	store review.Store
	flow  *review.Workflow
	asks  *askCache

	mu      sync.Mutex
	decided map[int64]int // decisions being applied here, skipped in the feed
	// seq, indexFP and purgedOnce belong to the review loops.
	seq        int64
	indexFP    string
	purgedOnce bool
	posting    sync.Mutex // one review-channel post per answer
}

// WithReview turns on moderation over store: the review channel, pre- or
// post-moderation, moderator buttons and modals, curated answers, the
// retention purge, /forget-me, and decisions taken from the CLI. Call it
// before Run.
func (b *Bot) WithReview(store review.Store, cfg Review) error {
	if store == nil {
		return errors.New("bot: review needs a store")
	}
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return err
	}
	var docs func() (review.Docs, error)
	if cfg.DocFingerprints != nil {
		docs = func() (review.Docs, error) {
			return review.Docs{Corpus: cfg.CorpusFingerprint, Fingerprints: cfg.DocFingerprints()}, nil
		}
	}
	b.rv = &reviewer{cfg: cfg, store: store, flow: review.NewWorkflow(store, docs), asks: newAskCache(2000),
		decided: map[int64]int{}}
	return nil
}

// flagged reports why an answer deserves a moderator's look ("" when it
// does not, yet: votes can flag it later).
func (r *reviewer) flagged(a answer.Answer) string {
	if a.Mode == answer.ModeCurated {
		return ""
	}
	if !a.Grounded {
		return "not grounded"
	}
	top := 0.0
	for _, h := range a.Passages {
		top = max(top, h.Score)
	}
	if r.cfg.LowScore > 0 && top < r.cfg.LowScore {
		return "low score"
	}
	return ""
}

// holds reports whether pre-moderation keeps this answer back until a
// moderator decides. Curated answers were reviewed already.
func (r *reviewer) holds(a answer.Answer) bool {
	if r == nil || r.cfg.Mode != ModePre || a.Mode == answer.ModeCurated {
		return false
	}
	return r.cfg.PreFor == PreAll || r.flagged(a) != ""
}

// posts reports whether an answer goes to the review channel when it is
// answered.
func (r *reviewer) posts(a answer.Answer, held bool) bool {
	switch {
	case r == nil || r.cfg.ChannelID == "":
		return false
	case held:
		return true
	case r.cfg.Mode == ModeOff || r.cfg.Post == PostNone:
		return false
	}
	return r.cfg.Post == PostAll || r.flagged(a) != ""
}

// deferEphemeral reports whether /ask is acknowledged privately: when
// every answer is held, nothing of it should appear publicly.
func (r *reviewer) deferEphemeral() bool {
	return r != nil && r.cfg.Mode == ModePre && r.cfg.PreFor == PreAll
}

// markDecided remembers a decision applied here, so that the change feed
// does not apply it a second time.
func (r *reviewer) markDecided(id int64, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// Counted, so that a moderator who lost the race does not unmark the
	// winner's decision.
	switch {
	case on:
		r.decided[id]++
	case r.decided[id] > 1:
		r.decided[id]--
	default:
		delete(r.decided, id)
	}
}

// takeDecided reports (once) whether the decision on id was applied here.
func (r *reviewer) takeDecided(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.decided[id]
	delete(r.decided, id)
	return n > 0
}

// isModerator checks, on every press and submit, that the member holds a
// moderator role (or Manage Messages, when that is configured). Discord
// computes member.permissions for the channel of the interaction.
func (r *reviewer) isModerator(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	for _, role := range i.Member.Roles {
		if slices.Contains(r.cfg.ModeratorRoleIDs, role) {
			return true
		}
	}
	return r.cfg.ManageMessages && i.Member.Permissions&discordgo.PermissionManageMessages != 0
}

// Custom ids of the moderation components. Each carries the record (or
// curated answer) id, so a press after a restart still finds its answer;
// the state always comes from the store.
const (
	idModerate  = "pb:mod:"   // pb:mod:{approve|reject|correct}:{answer id}
	idModal     = "pb:modal:" // pb:modal:{reject|correct}:{answer id}
	idCurated   = "pb:cur:"   // pb:cur:{reapprove|retire}:{curated id}
	idDeleteMsg = "pb:del:"   // pb:del:{channel}:{message}:{user pseudonym}
	inputReason = "reason"
	inputText   = "text"
)

// parseAction splits "prefix{action}:{id}" into its action and positive id.
func parseAction(s, prefix string, actions ...string) (string, int64, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", 0, false
	}
	action, num, ok := strings.Cut(rest, ":")
	if !ok || !slices.Contains(actions, action) {
		return "", 0, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return action, id, true
}

// askCache remembers, for recent answers, what only memory may hold: the
// interaction (its token is valid 15 minutes) and the asker's Discord id,
// used to tell the asker privately about a decision.
type askCache struct {
	mu    sync.Mutex
	max   int
	order []int64
	byID  map[int64]asked
}

type asked struct {
	interaction *discordgo.Interaction // nil for mentions
	userID      string
	at          time.Time
	// continuations are the messages after the first of a long answer,
	// in continuationChannel.
	continuationChannel string
	continuations       []string
}

// tokenLife is how long an interaction token may still be used; Discord
// allows 15 minutes.
const tokenLife = 14 * time.Minute

func newAskCache(max int) *askCache { return &askCache{max: max, byID: map[int64]asked{}} }

func (c *askCache) put(id int64, a asked) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.order) >= c.max {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, id)
	c.byID[id] = a
}

func (c *askCache) addContinuations(id int64, channelID string, ids []string) {
	c.mu.Lock()
	a, ok := c.byID[id]
	c.mu.Unlock()
	if !ok {
		a = asked{at: time.Now()}
	}
	a.continuationChannel = channelID
	a.continuations = append(a.continuations, ids...)
	if !ok {
		c.put(id, a)
		return
	}
	c.mu.Lock()
	c.byID[id] = a
	c.mu.Unlock()
}

func (c *askCache) takeContinuations(id int64) (string, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	if !ok {
		return "", nil
	}
	channel, ids := a.continuationChannel, a.continuations
	a.continuations = nil
	c.byID[id] = a
	return channel, ids
}

func (c *askCache) get(id int64) (asked, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	return a, ok
}

// liveInteraction returns the interaction of an answer while its token is
// still valid.
func (c *askCache) liveInteraction(id int64) *discordgo.Interaction {
	a, ok := c.get(id)
	if !ok || a.interaction == nil || time.Since(a.at) > tokenLife {
		return nil
	}
	return a.interaction
}
