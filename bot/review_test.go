package bot

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/index"
	"pactbot/review"
)

func TestReviewRouting(t *testing.T) {
	grounded := answer.Answer{Grounded: true, Mode: answer.ModeExtractive, Passages: []index.Hit{{Score: 4}}}
	weak := answer.Answer{Grounded: true, Mode: answer.ModeGenerative, Passages: []index.Hit{{Score: 0.5}}}
	ungrounded := answer.Answer{Mode: answer.ModeExtractive}
	curatedAns := answer.Answer{Grounded: true, Mode: answer.ModeCurated}
	tests := []struct {
		name        string
		cfg         Review
		a           answer.Answer
		hold, posts bool
	}{
		{"post all: grounded posted", Review{ChannelID: "c", Post: PostAll, Mode: ModePost}, grounded, false, true},
		{"post flagged: grounded not posted", Review{ChannelID: "c", Post: PostFlagged, Mode: ModePost}, grounded, false, false},
		{"post flagged: ungrounded posted", Review{ChannelID: "c", Post: PostFlagged, Mode: ModePost}, ungrounded, false, true},
		{"post flagged: low score posted", Review{ChannelID: "c", Post: PostFlagged, Mode: ModePost, LowScore: 1}, weak, false, true},
		{"post flagged: low score ignored without a threshold", Review{ChannelID: "c", Post: PostFlagged, Mode: ModePost}, weak, false, false},
		{"post none", Review{ChannelID: "c", Post: PostNone, Mode: ModePost}, ungrounded, false, false},
		{"mode off", Review{ChannelID: "c", Post: PostAll, Mode: ModeOff}, ungrounded, false, false},
		{"no channel", Review{Post: PostAll, Mode: ModePost}, ungrounded, false, false},
		{"pre all holds and posts", Review{ChannelID: "c", Post: PostNone, Mode: ModePre, PreFor: PreAll}, grounded, true, true},
		{"pre flagged lets grounded through", Review{ChannelID: "c", Post: PostNone, Mode: ModePre, PreFor: PreFlagged}, grounded, false, false},
		{"pre flagged holds ungrounded", Review{ChannelID: "c", Post: PostNone, Mode: ModePre, PreFor: PreFlagged}, ungrounded, true, true},
		{"pre never holds curated", Review{ChannelID: "c", Post: PostAll, Mode: ModePre, PreFor: PreAll}, curatedAns, false, true},
		{"pre without channel holds for the CLI", Review{Mode: ModePre, PreFor: PreAll, Post: PostAll}, grounded, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reviewer{cfg: tt.cfg}
			hold := r.holds(tt.a)
			assert.Equal(t, tt.hold, hold, "holds")
			assert.Equal(t, tt.posts, r.posts(tt.a, hold), "posts")
		})
	}
	var none *reviewer
	assert.False(t, none.holds(ungrounded))
	assert.False(t, none.posts(ungrounded, false))
	assert.False(t, none.deferEphemeral())
}

func TestReviewValidate(t *testing.T) {
	for _, bad := range []Review{{Post: "some"}, {Mode: "later"}, {PreFor: "most"}} {
		bad.setDefaults()
		assert.Error(t, bad.validate(), "%+v", bad)
	}
	var ok Review
	ok.setDefaults()
	require.NoError(t, ok.validate())
	assert.Equal(t, PostFlagged, ok.Post)
	assert.Equal(t, 2*time.Second, ok.PollEvery)
}

func TestIsModerator(t *testing.T) {
	member := func(roles []string, perms int64) *discordgo.Interaction {
		return &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{Roles: roles, Permissions: perms}}
	}
	tests := []struct {
		name   string
		manage bool
		i      *discordgo.Interaction
		want   bool
	}{
		{"moderator role", false, member([]string{"x", "mod"}, 0), true},
		{"other role", false, member([]string{"x"}, 0), false},
		{"manage messages not configured", false, member(nil, discordgo.PermissionManageMessages), false},
		{"manage messages configured", true, member(nil, discordgo.PermissionManageMessages), true},
		{"configured but without it", true, member(nil, discordgo.PermissionSendMessages), false},
		{"a DM has no member", true, &discordgo.Interaction{User: &discordgo.User{ID: "u"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reviewer{cfg: Review{ModeratorRoleIDs: []string{"mod"}, ManageMessages: tt.manage}}
			assert.Equal(t, tt.want, r.isModerator(tt.i))
		})
	}
}

func TestParseAction(t *testing.T) {
	tests := []struct {
		in     string
		action string
		id     int64
		ok     bool
	}{
		{"pb:mod:approve:12", "approve", 12, true},
		{"pb:mod:correct:7", "correct", 7, true},
		{"pb:mod:delete:7", "", 0, false},
		{"pb:mod:approve:-1", "", 0, false},
		{"pb:mod:approve:x", "", 0, false},
		{"pb:mod:approve", "", 0, false},
		{"pb:vote:1:helpful", "", 0, false},
	}
	for _, tt := range tests {
		action, id, ok := parseAction(tt.in, idModerate, "approve", "reject", "correct")
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.action, action, tt.in)
		assert.Equal(t, tt.id, id, tt.in)
	}
}

func TestDecidedMarksSurviveALosingModerator(t *testing.T) {
	r := &reviewer{decided: map[int64]int{}}
	r.markDecided(1, true)  // winner
	r.markDecided(1, true)  // loser
	r.markDecided(1, false) // loser gives up
	assert.True(t, r.takeDecided(1), "the winner's decision is still skipped in the feed")
	assert.False(t, r.takeDecided(1), "once")
}

func TestReviewEmbed(t *testing.T) {
	rec := &review.Record{ID: 42, GuildID: "g", ChannelID: "c", MessageID: "m", Question: "What is @everyone [email]?",
		Answer: "Screening [1].", Mode: "generative", Model: "gpt-4o-mini", Grounded: false, TopScore: 1.25,
		Status: review.StatusRejected, ModeratorHash: "abcdef0123456789", DecidedAt: time.Unix(1700000000, 0),
		Reason: "Wrong.", PII: true, Citations: []answer.Citation{{N: 1, Title: "Pact", Section: "Screening"}}}
	e := reviewEmbed(rec, review.VoteCounts{NotHelpful: 2}, "not grounded, 👎")
	assert.Equal(t, "Answer #42 — rejected", e.Title)
	var all strings.Builder
	for _, f := range e.Fields {
		all.WriteString(f.Name + ": " + f.Value + "\n")
	}
	text := all.String()
	assert.Contains(t, text, "**not grounded** · top score 1.25")
	assert.Contains(t, text, "generative · gpt-4o-mini")
	assert.Contains(t, text, "👎 2")
	assert.Contains(t, text, "https://discord.com/channels/g/c/m")
	assert.Contains(t, text, "rejected by moderator `abcdef01` <t:1700000000:R>\nReason: Wrong.")
	assert.Contains(t, text, "[1] Pact › Screening")
	assert.NotContains(t, text, "@everyone", "echoed text is neutralised")
	assert.Contains(t, e.Footer.Text, "flagged: not grounded, 👎")
	assert.Contains(t, e.Footer.Text, "personal data masked")
	buttons := reviewButtons(rec)[0].(discordgo.ActionsRow).Components
	require.Len(t, buttons, 3)
	for _, b := range buttons {
		assert.True(t, b.(discordgo.Button).Disabled, "decided: no more buttons")
	}
	rec.Status, rec.MessageID = review.StatusPending, ""
	assert.Equal(t, "Held for review: not published yet.", publicLink(rec))
	assert.False(t, reviewButtons(rec)[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).Disabled)
}

func TestMaskQuestion(t *testing.T) {
	q := "Call me on +33 6 12 34 56 78 about screening"
	found := review.DetectPII(q)
	require.NotEmpty(t, found)
	title, text := maskQuestion(q, "You asked: "+q+". Screening takes 7 days [1].", found)
	assert.NotContains(t, title, "12 34 56 78")
	assert.NotContains(t, text, "12 34 56 78")
	assert.Contains(t, text, "Screening takes 7 days [1].")
	same, untouched := maskQuestion("What is screening?", "Text.", nil)
	assert.Equal(t, "What is screening?", same)
	assert.Equal(t, "Text.", untouched)
	assert.True(t, strings.HasPrefix(msgPII(found), "Your question seems to contain personal data (a phone number). "))
}

func TestOwnsGuild(t *testing.T) {
	const guild = "800000000000000001" // (id >> 22) % 2 == 1, % 3 == 1
	tests := []struct {
		id, count int
		guild     string
		want      bool
	}{
		{0, 1, guild, true},
		{0, 2, guild, false},
		{1, 2, guild, true},
		{1, 3, guild, true},
		{0, 3, "", true},
		{1, 3, "", false},
	}
	for _, tt := range tests {
		b := &Bot{cfg: Config{ShardID: tt.id, ShardCount: tt.count}}
		assert.Equal(t, tt.want, b.ownsGuild(tt.guild), "shard %d/%d guild %q", tt.id, tt.count, tt.guild)
	}
}

// The review message is kept as a golden file: go test ./bot -run Golden -update.
func TestReviewMessageGolden(t *testing.T) {
	rec := &review.Record{ID: 7, CreatedAt: time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC), GuildID: "800000000000000001",
		ChannelID: "810000000000000001", MessageID: "1500000000000000002", Question: "Can I be sent back from [phone number]?",
		Answer: "Screening takes place at the external borders [1]. Solidarity is mandatory but flexible [2].",
		Mode:   answer.ModeGenerative, Model: "gpt-4o-mini", Grounded: true, TopScore: 7.5, PII: true, Status: review.StatusPublished,
		Citations: []answer.Citation{
			{N: 1, DocID: "pact", Title: "Pact on Migration and Asylum", Section: "Screening", Anchor: "screening", URL: "https://home-affairs.ec.europa.eu/pact"},
			{N: 2, DocID: "seed", Title: "Seed notes", Section: "Solidarity"},
		}}
	msg := map[string]any{
		"embeds":     []*discordgo.MessageEmbed{reviewEmbed(rec, review.VoteCounts{Helpful: 1, Report: 1}, "🚩")},
		"components": reviewButtons(rec),
	}
	got, err := json.MarshalIndent(msg, "", "  ")
	require.NoError(t, err)
	golden := filepath.Join("testdata", "review_message.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./bot -run Golden -update")
	assert.JSONEq(t, string(want), string(got))
}

func TestReviewEmbedStaysWithinLimits(t *testing.T) {
	long := strings.Repeat("A very long sentence about the asylum procedure. ", 200)
	rec := &review.Record{ID: 1, Question: long, Answer: long, CorrectedText: long, Reason: long, Mode: long, Model: long,
		Status: review.StatusCorrected, ModeratorHash: "h", DecidedAt: time.Now()}
	for i := range 30 {
		rec.Citations = append(rec.Citations, answer.Citation{N: i + 1, Title: long[:300], Section: long[:300]})
	}
	e := reviewEmbed(rec, review.VoteCounts{}, long[:200])
	assert.LessOrEqual(t, embedSize(e), maxEmbedsTotal)
	assert.LessOrEqual(t, runes(e.Description), maxDescription)
	assert.LessOrEqual(t, len(e.Fields), maxFields)
	for _, f := range e.Fields {
		assert.LessOrEqual(t, runes(f.Value), maxFieldValue, f.Name)
	}
	assert.LessOrEqual(t, runes(e.Footer.Text), maxFooter)
}
