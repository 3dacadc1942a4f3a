package bot

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hello @everyone", "hello @\u200beveryone"},
		{"@here now", "@\u200bhere now"},
		{"ping <@123> and <@!456>", "ping <@\u200b123> and <@\u200b!456>"},
		{"role <@&789>", "role <@\u200b&789>"},
		{"email a@b.eu stays", "email a@b.eu stays"},
	}
	for _, tt := range tests {
		assert.NotRegexp(t, `@everyone|@here|<@[!&]?[0-9]`, Neutralize(tt.in), "%q pings nobody", tt.in)
		assert.Equal(t, tt.want, strings.ReplaceAll(Neutralize(tt.in), "`", ""), "%q: mentions are broken and put in code spans", tt.in)
	}
}

func TestNeutralizeLinksAndHiddenCharacters(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a Markdown link is not clickable", "See [the official page](https://evil.example/x) now.", "See the official page (`https://evil.example/x`) now."},
		{"a bare link is not clickable", "go to https://evil.example", "go to `https://evil.example`"},
		{"a right-to-left override is removed", "file\u202Etxt.exe", "filetxt.exe"},
		{"an @everyone split by a zero-width space is still neutralised", "@\u200beveryone hi", "`@\u200beveryone` hi"},
		{"a fullwidth @everyone is neutralised", "\uFF20everyone", "`@\u200beveryone`"},
		{"formatting stays", "**bold** and [1]", "**bold** and [1]"},
		{"zero-width characters inside words are removed", "trans\u200bfer", "transfer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Neutralize(tt.in))
		})
	}
	assert.Equal(t, `\*\*Approved\*\* by a moderator`, NeutralizeUser("**Approved** by a moderator"), "a user's Markdown is shown as typed")
}

// testAnswer builds an answer of about textLen characters citing n sources.
func testAnswer(textLen, n int) answer.Answer {
	a := answer.Answer{Question: "What is the border procedure?", Grounded: true, Mode: answer.ModeExtractive}
	var b strings.Builder
	for i := 0; b.Len() < textLen; i++ {
		fmt.Fprintf(&b, "Sentence %d explains the screening and border procedure in some detail [%d]. ", i, i%max(n, 1)+1)
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	a.Text = strings.TrimSpace(b.String())
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("pact-%d#section-%d/0", i, i)
		a.Citations = append(a.Citations, answer.Citation{N: i, DocID: fmt.Sprintf("pact-%d", i),
			Title: fmt.Sprintf("Pact on Migration and Asylum, part %d", i), Section: fmt.Sprintf("Section %d", i),
			Anchor: fmt.Sprintf("section-%d", i), URL: "https://home-affairs.ec.europa.eu/pact", PassageID: id})
		a.Passages = append(a.Passages, index.Hit{Passage: index.Passage{ID: id, Title: "Pact", Section: fmt.Sprintf("Section %d", i),
			Text: "Quoted passage text with @everyone in it."}, Score: float64(10 - i)})
	}
	return a
}

// checkLimits asserts every Discord limit on a laid-out answer and returns
// the text of all descriptions joined.
func checkLimits(t *testing.T, parts []messagePart) string {
	t.Helper()
	var text []string
	for _, p := range parts {
		require.NotEmpty(t, p.Embeds)
		assert.LessOrEqual(t, len(p.Embeds), maxEmbeds)
		total := 0
		for _, e := range p.Embeds {
			assert.LessOrEqual(t, runes(e.Title), maxTitle)
			assert.LessOrEqual(t, runes(e.Description), maxDescription)
			assert.LessOrEqual(t, len(e.Fields), maxFields)
			for _, f := range e.Fields {
				assert.LessOrEqual(t, runes(f.Value), maxFieldValue)
				assert.NotEmpty(t, f.Value)
			}
			total += embedSize(e)
			if e.Description != "" {
				text = append(text, e.Description)
			}
		}
		assert.LessOrEqual(t, total, maxEmbedsTotal)
	}
	return strings.Join(text, "\n\n")
}

func TestLayoutAnswerLimits(t *testing.T) {
	tests := []struct {
		name           string
		textLen, cites int
		wantMessages   int
	}{
		{"short", 300, 2, 1},
		{"3000 characters", 3000, 5, 1},
		{"over one description", 5000, 5, 1},
		{"over one message", 9000, 5, 2},
		{"very long", 30000, 8, 6},
		{"many sources", 800, 60, 1},
		{"no sources (not grounded)", 200, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testAnswer(tt.textLen, tt.cites)
			parts := layoutAnswer(a.Question, a)
			assert.Len(t, parts, tt.wantMessages)
			got := checkLimits(t, parts)
			assert.Equal(t, strings.Fields(a.Text), strings.Fields(got), "no word lost or added")
			last := parts[len(parts)-1].Embeds
			require.NotNil(t, last[len(last)-1].Footer)
			assert.Equal(t, Disclaimer, last[len(last)-1].Footer.Text)
		})
	}
}

func TestSourceLines(t *testing.T) {
	tests := []struct {
		name string
		c    answer.Citation
		want string
	}{
		{"linked with anchor", answer.Citation{N: 1, Title: "Taking stock", Section: "Partners", Anchor: "partners", URL: "https://ec.europa.eu/x"},
			"[1] [Taking stock › Partners](<https://ec.europa.eu/x#partners>)"},
		{"no url", answer.Citation{N: 2, Title: "Seed", Section: "Intro"}, "[2] Seed › Intro"},
		{"section is the title", answer.Citation{N: 3, Title: "Seed", Section: "Seed"}, "[3] Seed"},
		{"brackets and mentions", answer.Citation{N: 4, Title: "A [draft] @everyone", Section: "S", URL: "https://x.eu/#a"},
			"[4] [A (draft) `@\u200beveryone` › S](<https://x.eu/#a>)"},
		{"not a web link", answer.Citation{N: 5, Title: "T", Section: "S", URL: "javascript:alert(1)"}, "[5] T › S"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sourceLine(tt.c))
		})
	}
}

func TestParseCustomID(t *testing.T) {
	tests := []struct {
		in, action string
		id         int64
		vote       string
		ok         bool
	}{
		{"pb:vote:42:helpful", "vote", 42, "helpful", true},
		{"pb:vote:42:not_helpful", "vote", 42, "not_helpful", true},
		{"pb:vote:7:report", "vote", 7, "report", true},
		{"pb:passages:9", "passages", 9, "", true},
		{"pb:vote:42:love", "", 0, "", false},
		{"pb:vote:x:helpful", "", 0, "", false},
		{"pb:passages:-1", "", 0, "", false},
		{"mod:approve:1", "", 0, "", false},
	}
	for _, tt := range tests {
		action, id, vote, ok := parseCustomID(tt.in)
		assert.Equal(t, []any{tt.action, tt.id, tt.vote, tt.ok}, []any{action, id, vote, ok}, tt.in)
	}
	// Every button the bot renders parses back.
	row := answerButtons(123)[0].(discordgo.ActionsRow)
	for _, c := range row.Components {
		_, id, _, ok := parseCustomID(c.(discordgo.Button).CustomID)
		assert.True(t, ok)
		assert.Equal(t, int64(123), id)
		assert.LessOrEqual(t, len(c.(discordgo.Button).CustomID), 100, "Discord's custom_id limit")
	}
}

func TestPassagesEmbeds(t *testing.T) {
	a := testAnswer(200, 3)
	a.Passages[1].Text = strings.Repeat("A long passage sentence about relocation. ", 300)
	embeds := passagesEmbeds(a)
	require.Len(t, embeds, 3)
	total := 0
	for _, e := range embeds {
		total += embedSize(e)
		assert.True(t, strings.HasPrefix(e.Description, "> "))
		assert.NotContains(t, e.Description, "@everyone")
	}
	assert.LessOrEqual(t, total, maxEmbedsTotal)
	assert.True(t, strings.HasPrefix(embeds[0].Title, "[1] "))
}

// The rendered answer message is kept as a golden file: go test -update.
func TestLayoutAnswerGolden(t *testing.T) {
	a := testAnswer(400, 2)
	a.Citations[1].URL = ""
	a.Note = "The language model was unavailable; this answer quotes the sources directly."
	parts := layoutAnswer("What happens at the border? @everyone", a)
	parts[len(parts)-1].Components = answerButtons(17)
	got, err := json.MarshalIndent(parts, "", "  ")
	require.NoError(t, err)
	golden := filepath.Join("testdata", "answer_message.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./bot -run Golden -update")
	assert.JSONEq(t, string(want), string(got))
}

func TestSourcesAndAboutEmbeds(t *testing.T) {
	embeds := sourcesEmbeds([]Source{
		{Title: "Taking stock", Publisher: "European Commission", Date: "2024-03", URL: "https://ec.europa.eu/a"},
		{Title: "Seed notes"},
	})
	require.Len(t, embeds, 1)
	assert.Contains(t, embeds[0].Description, "• [Taking stock](<https://ec.europa.eu/a>) — European Commission, 2024-03")
	assert.Contains(t, embeds[0].Description, "• Seed notes")
	assert.Contains(t, sourcesEmbeds(nil)[0].Description, "No documents")

	about := aboutEmbed(0, false)
	assert.Contains(t, about.Description, "Not legal advice")
	assert.Contains(t, about.Fields[0].Value, "pseudonymous id")
	assert.Contains(t, about.Fields[0].Value, "until an administrator deletes it")
}
