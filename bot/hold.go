package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// rememberAsk keeps, in memory only, how to reach the asker of an answer
// privately later (the interaction token, their Discord id). at is when
// the interaction was created, in wall-clock time: its token's life runs
// from then, not from when the answer was ready.
func (b *Bot) rememberAsk(id int64, i *discordgo.Interaction, userID string, at time.Time) {
	if b.rv == nil {
		return
	}
	b.rv.asks.put(id, asked{interaction: i, userID: userID, at: at})
}

// holdInteraction tells the asker of a held /ask, privately, that a
// moderator will review the answer. When every answer is held the
// acknowledgement was private already; otherwise the public "thinking…"
// is deleted and the notice sent as a private follow-up.
func (b *Bot) holdInteraction(i *discordgo.Interaction, id int64, found []review.PIIMatch) {
	if b.rv.deferEphemeral() {
		b.editText(i, msgHeld)
	} else {
		if err := b.api.InteractionResponseDelete(i); err != nil {
			b.discordError("delete deferred response", err)
		}
		if _, err := b.api.FollowupMessageCreate(i, false, &discordgo.WebhookParams{
			Content: msgHeld, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		}); err != nil {
			b.discordError("held notice", err)
		}
	}
	if len(found) > 0 {
		b.warnPIISlash(i, found)
	}
	b.afterAnswer(outcome{id: id, held: true}, true)
}

// holdMention answers a held mention with a public notice in reply to the
// question; approval turns that notice into the answer.
func (b *Bot) holdMention(target string, ref *discordgo.MessageReference, out outcome) {
	msg, err := b.api.ChannelMessageSendComplex(target, &discordgo.MessageSend{
		Content: msgHeld, Reference: ref, AllowedMentions: noMentions(),
	})
	if err != nil {
		b.discordError("held notice", err)
	} else {
		b.setMessage(out.id, target, msg.ID)
	}
	b.afterAnswer(out, true)
}

// afterAnswer shows a new answer in the review channel when the
// configuration sends it there (held answers always go).
func (b *Bot) afterAnswer(out outcome, held bool) {
	if !b.rv.posts(out.ans, held) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), moderationTimeout)
	defer cancel()
	b.postReview(ctx, out.id, true)
}

// afterVote updates the review message with the new feedback; a 👎 or 🚩
// flags the answer, which then goes to the review channel if it is not
// there yet.
func (b *Bot) afterVote(ctx context.Context, id int64, vote string) {
	rv := b.rv
	if rv == nil || rv.cfg.ChannelID == "" {
		return
	}
	negative := vote == review.VoteNotHelpful || vote == review.VoteReport
	force := rv.cfg.Mode != ModeOff && rv.cfg.Post != PostNone && negative
	b.postReview(ctx, id, force)
}
