package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/review"
)

// What askers read about moderation.
const (
	msgHeld         = "Thanks for your question. A moderator will review the answer before it is published here."
	msgRemoved      = "This answer was removed by a moderator."
	msgNotPublished = "A moderator reviewed this question and decided not to publish the answer."
	noteCorrected   = "Corrected by a moderator."
)

// applyDecision brings Discord in line with a decision on an answer, taken
// here or from the CLI: before is the status the answer had. Approving a
// held answer publishes it; correcting publishes or replaces it; rejecting
// takes it down (or withdraws the held one) and tells the asker privately.
// The review message is refreshed in every case. It returns the first
// failure to change the public side, so that the moderator is told.
func (b *Bot) applyDecision(ctx context.Context, id int64, before string) error {
	rec, err := b.rv.store.Get(ctx, id)
	if err != nil {
		b.log.Error("apply decision: read answer", "answer", id, "err", err)
		return err
	}
	if !b.ownsGuild(rec.GuildID) {
		// The shard of the answer's guild applies it from the feed.
		b.postReview(ctx, id, false)
		return nil
	}
	var derr error
	held := before == review.StatusPending
	switch rec.Status {
	case review.StatusApproved:
		if held {
			derr = b.publish(ctx, rec, recordAnswer(rec))
		}
	case review.StatusCorrected:
		a := correctedAnswer(rec)
		if held {
			derr = b.publish(ctx, rec, a)
		} else {
			parts := b.withButtons(layoutAnswer(rec.Question, a), rec.ID)
			derr = b.editPublic(ctx, rec, publicEdit{embeds: parts[0].Embeds, components: parts[0].Components})
			b.deleteContinuations(rec)
			b.rememberContinuations(rec.ID, rec.ChannelID, b.sendParts(rec.ChannelID, nil, parts[1:]))
		}
	case review.StatusRejected:
		if held {
			derr = b.editPublic(ctx, rec, publicEdit{content: msgNotPublished})
			b.tellAsker(ctx, rec, msgNotPublished+reasonSuffix(rec))
		} else {
			derr = b.editPublic(ctx, rec, publicEdit{content: msgRemoved})
			b.deleteContinuations(rec)
			b.tellAsker(ctx, rec, fmt.Sprintf("A moderator removed the answer to your question “%s”.%s",
				Truncate(NeutralizeUser(rec.Question), 200), reasonSuffix(rec)))
		}
	}
	b.metrics.inc("pactbot_moderation_actions_total", "status", rec.Status)
	b.postReview(ctx, id, false)
	return derr
}

// ownsGuild reports whether this shard serves the guild (Discord's rule:
// guild id >> 22 modulo the shard count); direct messages go to shard 0.
func (b *Bot) ownsGuild(guildID string) bool {
	if b.cfg.ShardCount <= 1 {
		return true
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return b.cfg.ShardID == 0
	}
	return int((id>>22)%uint64(b.cfg.ShardCount)) == b.cfg.ShardID
}

func reasonSuffix(r *review.Record) string {
	if r.Reason == "" {
		return ""
	}
	return " Reason: " + Truncate(NeutralizeUser(r.Reason), 500)
}

// correctedAnswer is the moderator's text with the original citations,
// marked as corrected.
func correctedAnswer(r *review.Record) answer.Answer {
	a := recordAnswer(r)
	a.Text, a.Grounded, a.Note = r.CorrectedText, true, noteCorrected
	return a
}

// publish posts a held answer in reply to its question: as a public
// follow-up while the interaction token is valid, else by turning the
// "a moderator will review" notice into the answer, else as a new message
// in the question's channel. The record then points at it. It fails when
// no way worked.
func (b *Bot) publish(ctx context.Context, rec *review.Record, a answer.Answer) error {
	parts := b.withButtons(layoutAnswer(rec.Question, a), rec.ID)
	if i := b.rv.asks.liveInteraction(rec.ID); i != nil {
		msg, err := b.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Embeds: parts[0].Embeds, Components: parts[0].Components, AllowedMentions: noMentions(),
		})
		if err == nil {
			channel := msg.ChannelID
			if channel == "" {
				channel = i.ChannelID
			}
			b.rememberContinuations(rec.ID, channel, b.sendParts(channel, nil, parts[1:]))
			b.setMessage(rec.ID, channel, msg.ID)
			return nil
		}
		b.discordError("publish follow-up", err)
	}
	if rec.MessageID != "" && rec.ChannelID != "" {
		if err := b.editPublic(ctx, rec, publicEdit{embeds: parts[0].Embeds, components: parts[0].Components}); err == nil {
			b.rememberContinuations(rec.ID, rec.ChannelID, b.sendParts(rec.ChannelID, nil, parts[1:]))
			return nil
		}
	}
	target := rec.ChannelID
	if rec.ThreadID != "" {
		target = rec.ThreadID
	}
	sent, err := b.sendPartsErr(target, nil, parts)
	if len(sent) > 0 {
		b.rememberContinuations(rec.ID, target, sent[1:])
		b.setMessage(rec.ID, target, sent[0].ID)
		return nil
	}
	return err
}

// sendParts sends message parts to a channel, the first one in reply to
// ref, and returns the messages sent.
func (b *Bot) sendParts(channelID string, ref *discordgo.MessageReference, parts []messagePart) []*discordgo.Message {
	sent, _ := b.sendPartsErr(channelID, ref, parts)
	return sent
}

// sendPartsErr is sendParts, also returning the error that stopped it.
func (b *Bot) sendPartsErr(channelID string, ref *discordgo.MessageReference, parts []messagePart) ([]*discordgo.Message, error) {
	var sent []*discordgo.Message
	for n, p := range parts {
		send := &discordgo.MessageSend{Embeds: p.Embeds, Components: p.Components, AllowedMentions: noMentions()}
		if n == 0 {
			send.Reference = ref
		}
		msg, err := b.api.ChannelMessageSendComplex(channelID, send)
		if err != nil {
			b.discordError("send answer", err)
			return sent, err
		}
		sent = append(sent, msg)
	}
	return sent, nil
}

// rememberContinuations keeps, in memory, the messages that continue a
// long answer after its first one (the record links only the first), so
// that taking the answer down removes them too.
func (b *Bot) rememberContinuations(id int64, channelID string, msgs []*discordgo.Message) {
	if b.rv == nil || len(msgs) == 0 {
		return
	}
	ids := make([]string, 0, len(msgs))
	for _, m := range msgs {
		ids = append(ids, m.ID)
	}
	b.rv.asks.addContinuations(id, channelID, ids)
}

// deleteContinuations deletes the continuation messages of a long answer
// that this process posted.
func (b *Bot) deleteContinuations(rec *review.Record) {
	channelID, ids := b.rv.asks.takeContinuations(rec.ID)
	for _, id := range ids {
		if err := b.api.ChannelMessageDelete(channelID, id); err != nil {
			b.discordError("delete answer continuation", err)
		}
	}
}

// publicEdit is the new content of a public answer message: a text notice,
// or embeds with buttons.
type publicEdit struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// editPublic replaces the public answer message: through the interaction
// webhook while its token is valid, else as a channel message edit. When
// the edit fails a text notice falls back to deleting the message.
func (b *Bot) editPublic(_ context.Context, rec *review.Record, e publicEdit) error {
	if rec.MessageID == "" || rec.ChannelID == "" {
		return fmt.Errorf("answer %d has no public message", rec.ID)
	}
	embeds := e.embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := e.components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	content := Truncate(Neutralize(e.content), maxContent)
	var err error
	if i := b.rv.asks.liveInteraction(rec.ID); i != nil {
		_, err = b.api.FollowupMessageEdit(i, rec.MessageID, &discordgo.WebhookEdit{
			Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions(),
		})
	} else {
		_, err = b.api.ChannelMessageEditComplex(&discordgo.MessageEdit{
			ID: rec.MessageID, Channel: rec.ChannelID, Content: &content, Embeds: &embeds,
			Components: &components, AllowedMentions: noMentions(),
		})
	}
	if err == nil {
		return nil
	}
	b.discordError("edit public answer", err)
	if e.content == "" {
		return err
	}
	if derr := b.api.ChannelMessageDelete(rec.ChannelID, rec.MessageID); derr != nil {
		b.discordError("delete public answer", derr)
		return derr
	}
	return nil
}

// tellAsker tells the asker privately about a decision: an ephemeral
// follow-up while the interaction token is valid, else a direct message.
// Only memory holds the asker's Discord id (the store keeps a pseudonym),
// so after a restart, or for an answer this process did not post, there is
// nobody to tell beyond the public notice.
func (b *Bot) tellAsker(_ context.Context, rec *review.Record, text string) {
	a, ok := b.rv.asks.get(rec.ID)
	if !ok {
		b.log.Info("asker not told privately: not known to this process", "answer", rec.ID)
		return
	}
	text = Truncate(text, maxContent)
	if i := b.rv.asks.liveInteraction(rec.ID); i != nil {
		if _, err := b.api.FollowupMessageCreate(i, false, &discordgo.WebhookParams{
			Content: text, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		}); err == nil {
			return
		}
	}
	if a.userID == "" {
		return
	}
	ch, err := b.api.UserChannelCreate(a.userID)
	if err != nil {
		b.discordError("open DM", err)
		return
	}
	if _, err := b.api.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{
		Content: text, AllowedMentions: noMentions(),
	}); err != nil {
		// Users may close DMs from server members: the public notice stays.
		b.discordError("send DM", err)
	}
}
