package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/index"
	"pactbot/review"
)

// Colours of the review embed by answer status.
var statusColor = map[string]int{
	review.StatusPending:   0xF1C40F,
	review.StatusPublished: embedColor,
	review.StatusApproved:  0x2ECC71,
	review.StatusRejected:  0xE74C3C,
	review.StatusCorrected: 0x9B59B6,
}

// reviewEmbed shows an answer to moderators: the question and answer as
// stored (personal data already masked by the store), its sources, whether
// it is grounded and how confident retrieval was, mode and model, where it
// was posted, the feedback so far and the decision.
func reviewEmbed(r *review.Record, votes review.VoteCounts, why string) *discordgo.MessageEmbed {
	title := fmt.Sprintf("Answer #%d — %s", r.ID, r.Status)
	if !r.PurgedAt.IsZero() {
		title += " (personal data removed)"
	}
	text := r.Answer
	if r.Status == review.StatusCorrected && r.CorrectedText != "" {
		text = "**Corrected by a moderator:**\n" + r.CorrectedText
	}
	e := &discordgo.MessageEmbed{
		Title:       Truncate(title, maxTitle),
		Color:       statusColor[r.Status],
		Description: Truncate(Neutralize(text), 2500),
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Question", Value: userFieldText(r.Question, 500)},
			{Name: "Grounded / confidence", Value: fmt.Sprintf("%s · top score %.2f", yesNo(r.Grounded), r.TopScore), Inline: true},
			{Name: "Mode / model", Value: fieldText(strings.Join(nonEmpty(r.Mode, r.Model), " · "), 200), Inline: true},
			{Name: "Feedback", Value: fmt.Sprintf("👍 %d · 👎 %d · 🚩 %d", votes.Helpful, votes.NotHelpful, votes.Report), Inline: true},
			{Name: "Public message", Value: publicLink(r)},
		},
	}
	e.Fields = append(e.Fields, sourceFields(r.Citations, 1000)...)
	if d := decisionLine(r); d != "" {
		// decisionLine's own code span and timestamp are the bot's; the
		// moderator's reason in it is neutralised there.
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Decision", Value: Truncate(d, 700)})
	}
	footer := fmt.Sprintf("Answer id %d · %s", r.ID, r.CreatedAt.Format("2006-01-02 15:04 UTC"))
	if why != "" {
		footer += " · flagged: " + why
	}
	if r.PII {
		footer += " · personal data masked"
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	return e
}

// fieldText neutralises s for an embed field, within limit characters; the
// limits of the review embed keep it under Discord's 6,000 in all.
func fieldText(s string, limit int) string {
	s = strings.TrimSpace(Neutralize(s))
	if s == "" {
		return "—"
	}
	return Truncate(s, min(limit, maxFieldValue))
}

// userFieldText is fieldText for text a person wrote (NeutralizeUser).
func userFieldText(s string, limit int) string {
	s = strings.TrimSpace(NeutralizeUser(s))
	if s == "" {
		return "—"
	}
	return Truncate(s, min(limit, maxFieldValue))
}

func yesNo(b bool) string {
	if b {
		return "grounded"
	}
	return "**not grounded**"
}

// publicLink links the public answer, or says why there is none.
func publicLink(r *review.Record) string {
	switch {
	case r.MessageID != "" && r.GuildID != "" && r.Status != review.StatusPending:
		return fmt.Sprintf("[jump to the answer](https://discord.com/channels/%s/%s/%s)", r.GuildID, r.ChannelID, r.MessageID)
	case r.Status == review.StatusPending:
		return "Held for review: not published yet."
	case !r.PurgedAt.IsZero():
		return "Removed (retention or the user's request)."
	}
	return "Not linked."
}

func decisionLine(r *review.Record) string {
	if r.DecidedAt.IsZero() {
		return ""
	}
	line := fmt.Sprintf("%s by moderator `%s` <t:%d:R>", r.Status, shortHash(r.ModeratorHash), r.DecidedAt.Unix())
	if r.Reason != "" {
		line += "\nReason: " + NeutralizeUser(r.Reason)
	}
	return line
}

// shortHash shortens a pseudonymous id for display; it is enough to tell
// moderators apart in one review channel.
func shortHash(h string) string {
	if len(h) > 8 {
		return h[:8]
	}
	if h == "" {
		return "unknown"
	}
	return h
}

// reviewButtons are Approve, Reject and Correct, disabled once decided or
// once the texts are gone.
func reviewButtons(r *review.Record) []discordgo.MessageComponent {
	id := strconv.FormatInt(r.ID, 10)
	done := decided(r) || !r.PurgedAt.IsZero()
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Approve", Style: discordgo.SuccessButton, CustomID: idModerate + "approve:" + id, Disabled: done},
		discordgo.Button{Label: "Reject", Style: discordgo.DangerButton, CustomID: idModerate + "reject:" + id, Disabled: done},
		discordgo.Button{Label: "Correct", Style: discordgo.PrimaryButton, CustomID: idModerate + "correct:" + id, Disabled: done},
	}}}
}

// flagReason is why a recorded answer is flagged, votes included.
func (r *reviewer) flagReason(rec *review.Record, votes review.VoteCounts) string {
	why := r.flagged(recordAnswer(rec))
	var extra []string
	if votes.NotHelpful > 0 {
		extra = append(extra, "👎")
	}
	if votes.Report > 0 {
		extra = append(extra, "🚩")
	}
	return strings.Join(nonEmpty(append([]string{why}, extra...)...), ", ")
}

// recordAnswer rebuilds what a stored record can of an answer: the
// (masked) text and the citations. Passage texts are not stored.
func recordAnswer(r *review.Record) answer.Answer {
	a := answer.Answer{Question: r.Question, Text: r.Answer, Grounded: r.Grounded, Mode: r.Mode,
		Model: r.Model, Citations: r.Citations}
	for _, p := range r.Passages {
		a.Passages = append(a.Passages, answerHit(p))
	}
	if r.TopScore > 0 && len(a.Passages) == 0 {
		a.Passages = append(a.Passages, answerHit(review.PassageRef{Score: r.TopScore}))
	}
	return a
}

func answerHit(p review.PassageRef) index.Hit {
	return index.Hit{Passage: index.Passage{ID: p.ID}, Score: p.Score}
}

// postReview posts the answer to the review channel, or edits the post
// when there is one already. force posts even when the answer is not one
// the configuration sends there (a vote flagged it, or it is held).
func (b *Bot) postReview(ctx context.Context, id int64, force bool) {
	rv := b.rv
	if rv == nil || rv.cfg.ChannelID == "" {
		return
	}
	rv.posting.Lock()
	defer rv.posting.Unlock()
	rec, err := rv.store.Get(ctx, id)
	if err != nil {
		b.log.Error("review post: read answer", "answer", id, "err", err)
		return
	}
	votes, err := rv.store.Votes(ctx, id)
	if err != nil {
		b.log.Warn("review post: read votes", "answer", id, "err", err)
	}
	why := rv.flagReason(rec, votes)
	embeds := []*discordgo.MessageEmbed{reviewEmbed(rec, votes, why)}
	buttons := reviewButtons(rec)
	if rec.ReviewMessageID != "" {
		if _, err := b.api.ChannelMessageEditComplex(&discordgo.MessageEdit{
			ID: rec.ReviewMessageID, Channel: rec.ReviewChannelID, Embeds: &embeds,
			Components: &buttons, AllowedMentions: noMentions(),
		}); err != nil {
			b.discordError("edit review message", err)
		}
		return
	}
	if !force {
		return
	}
	msg, err := b.api.ChannelMessageSendComplex(rv.cfg.ChannelID, &discordgo.MessageSend{
		Embeds: embeds, Components: buttons, AllowedMentions: noMentions(),
	})
	if err != nil {
		b.discordError("post review message", err)
		return
	}
	if err := rv.store.SetReviewMessage(ctx, id, rv.cfg.ChannelID, msg.ID); err != nil {
		b.log.Error("record review message", "answer", id, "err", err)
	}
}
