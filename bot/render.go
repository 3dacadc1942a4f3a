package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/review"
	"pactbot/safetext"
)

// Disclaimer is the footer of every answer.
const Disclaimer = "General information from official EU documents — not legal advice."

const embedColor = 0x003399 // EU blue

// noMentions is sent as allowed_mentions on every message: an empty parse
// list, which Discord reads as "ping nobody". A nil pointer or a zero value
// would send nothing or "parse":null, which does not protect.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

var mentionBreaker = strings.NewReplacer(
	"@everyone", "@\u200beveryone",
	"@here", "@\u200bhere",
	"<@", "<@\u200b",
)

// Neutralize makes text from the model or the sources safe to post
// (safetext.Formatted: links and mention look-alikes shown literally in
// code spans, bidi, zero-width and control characters removed, Markdown
// formatting kept) and then breaks every mention it still holds
// (@everyone, @here, <@user>, <@!user>, <@&role>) with a zero-width space,
// so that even a message sent without allowed_mentions could ping nobody.
func Neutralize(s string) string { return mentionBreaker.Replace(safetext.Formatted(s)) }

// NeutralizeUser is Neutralize for text a person wrote (a question, a
// moderator's reason): its Markdown is escaped as well
// (safetext.Plain), so it reads exactly as typed and cannot fake a
// heading, a link or a decision in the review channel.
func NeutralizeUser(s string) string { return mentionBreaker.Replace(safetext.Plain(s)) }

// messagePart is one Discord message of an answer.
type messagePart struct {
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// sourcesBudget caps the Sources fields so that a long answer still has
// most of each message for its text.
const sourcesBudget = 2500

// layoutAnswer renders an answer as one or more messages within Discord's
// limits. The text is cut at paragraph or sentence boundaries into
// message-sized chunks, each chunk over embed descriptions; the question is
// the first embed's title, the sources and the disclaimer close the last.
func layoutAnswer(question string, a answer.Answer) []messagePart {
	text := Neutralize(a.Text)
	if a.Note != "" {
		text += "\n\n*" + Neutralize(a.Note) + "*"
	}
	title := Truncate(Neutralize(question), maxTitle)
	fields := sourceFields(a.Citations, sourcesBudget)
	// Reserving room for both title and sources in every message keeps the
	// arithmetic simple; it costs a long answer a little packing.
	budget := maxEmbedsTotal - runes(title) - fieldsSize(fields) - runes(Disclaimer)
	chunks := SplitText(text, budget)
	if len(chunks) == 0 {
		chunks = []string{"…"}
	}
	parts := make([]messagePart, 0, len(chunks))
	for _, chunk := range chunks {
		var p messagePart
		for _, page := range SplitText(chunk, maxDescription) {
			p.Embeds = append(p.Embeds, &discordgo.MessageEmbed{Description: page, Color: embedColor})
		}
		parts = append(parts, p)
	}
	parts[0].Embeds[0].Title = title
	lastPart := parts[len(parts)-1].Embeds
	last := lastPart[len(lastPart)-1]
	last.Fields = fields
	last.Footer = &discordgo.MessageEmbedFooter{Text: Disclaimer}
	return parts
}

// packEmbeds groups embeds into messages without passing the per-message
// limits.
func packEmbeds(embeds []*discordgo.MessageEmbed) []messagePart {
	var parts []messagePart
	var cur messagePart
	size := 0
	for _, e := range embeds {
		n := embedSize(e)
		if len(cur.Embeds) > 0 && (len(cur.Embeds) == maxEmbeds || size+n > maxEmbedsTotal) {
			parts = append(parts, cur)
			cur, size = messagePart{}, 0
		}
		cur.Embeds = append(cur.Embeds, e)
		size += n
	}
	return append(parts, cur)
}

// sourceFields lists citations as "[n] Document › Section", linked where the
// source has a URL (in <> so Discord shows no preview), in fields of at most
// 1024 characters and budget characters in all.
func sourceFields(cs []answer.Citation, budget int) []*discordgo.MessageEmbedField {
	var fields []*discordgo.MessageEmbedField
	var cur []string
	curLen, used := 0, 0
	flush := func() {
		name := "Sources"
		if len(fields) > 0 {
			name = "Sources (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: strings.Join(cur, "\n")})
		used += runes(name) + curLen
		cur, curLen = nil, 0
	}
	for i, c := range cs {
		line := sourceLine(c)
		n := runes(line) + 1
		if curLen+n > maxFieldValue && len(cur) > 0 {
			flush()
		}
		if len(fields) == maxFields-1 || used+curLen+n+40 > budget {
			cur = append(cur, fmt.Sprintf("…and %d more", len(cs)-i))
			curLen += 20
			break
		}
		cur = append(cur, line)
		curLen += n
	}
	if len(cur) > 0 {
		flush()
	}
	return fields
}

func sourceLine(c answer.Citation) string {
	label := Truncate(Neutralize(c.Title), 150)
	if c.Section != "" && c.Section != c.Title {
		label += " › " + Truncate(Neutralize(c.Section), 150)
	}
	label = strings.NewReplacer("[", "(", "]", ")").Replace(label)
	link := c.URL
	if link != "" && c.Anchor != "" && !strings.Contains(link, "#") {
		link += "#" + c.Anchor
	}
	if link == "" || !strings.HasPrefix(link, "http") || strings.ContainsAny(link, " <>()") {
		return fmt.Sprintf("[%d] %s", c.N, label)
	}
	line := fmt.Sprintf("[%d] [%s](<%s>)", c.N, label, link)
	if runes(line) > maxFieldValue-30 {
		return fmt.Sprintf("[%d] %s", c.N, label)
	}
	return line
}

func embedSize(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description) + fieldsSize(e.Fields)
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

func fieldsSize(fs []*discordgo.MessageEmbedField) int {
	n := 0
	for _, f := range fs {
		n += runes(f.Name) + runes(f.Value)
	}
	return n
}

// Component custom ids carry the answer record id, so a click after a
// restart still finds its answer.
const (
	idVote     = "pb:vote:"
	idPassages = "pb:passages:"
)

func answerButtons(recordID int64) []discordgo.MessageComponent {
	id := strconv.FormatInt(recordID, 10)
	vote := func(label, emoji, vote string) discordgo.Button {
		return discordgo.Button{Label: label, Style: discordgo.SecondaryButton,
			Emoji: &discordgo.ComponentEmoji{Name: emoji}, CustomID: idVote + id + ":" + vote}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		vote("Helpful", "👍", review.VoteHelpful),
		vote("Not helpful", "👎", review.VoteNotHelpful),
		vote("Report", "🚩", review.VoteReport),
		discordgo.Button{Label: "Show passages", Style: discordgo.SecondaryButton, CustomID: idPassages + id},
	}}}
}

// parseCustomID returns the action ("vote" or "passages"), the record id
// and, for votes, the vote.
func parseCustomID(s string) (action string, id int64, vote string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(s, idVote):
		action, rest = "vote", strings.TrimPrefix(s, idVote)
		var found bool
		rest, vote, found = strings.Cut(rest, ":")
		if !found || (vote != review.VoteHelpful && vote != review.VoteNotHelpful && vote != review.VoteReport) {
			return "", 0, "", false
		}
	case strings.HasPrefix(s, idPassages):
		action, rest = "passages", strings.TrimPrefix(s, idPassages)
	default:
		return "", 0, "", false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, "", false
	}
	return action, id, vote, true
}
