package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// What moderators read.
const (
	msgNotModerator = "Only moderators can review answers. If you think you should be one, ask a server admin."
	msgNoReview     = "Moderation is not enabled for this bot."
	msgModFailed    = "Sorry — I couldn't save that decision. It has been logged; please try again."
	msgEmptyText    = "The corrected answer cannot be empty."
	msgPurged       = "This answer's texts were deleted (retention, or at the asker's request): there is nothing left to review."
)

// moderationTimeout bounds one moderator action's store and Discord work.
const moderationTimeout = 30 * time.Second

// onModerate handles Approve, Reject and Correct in the review channel.
// Approve decides at once; Reject and Correct open a modal. The moderator
// check runs first, on every press.
func (b *Bot) onModerate(i *discordgo.Interaction, action string, id int64) {
	if !b.mayModerate(i) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), moderationTimeout)
	defer cancel()
	rec, err := b.rv.store.Get(ctx, id)
	if err != nil {
		b.log.Error("moderate: read answer", "answer", id, "err", err)
		b.respondText(i, msgGone)
		return
	}
	switch {
	case decided(rec):
		b.respondText(i, alreadyDecided(rec.Status, rec.ModeratorHash, rec.DecidedAt))
		return
	case !rec.PurgedAt.IsZero():
		b.respondText(i, msgPurged)
		return
	}
	switch action {
	case "approve":
		b.deferEphemeral(i)
		b.decide(ctx, i, id, func(mod string) (review.Outcome, error) { return b.rv.flow.Approve(ctx, id, mod) })
	case "reject":
		b.openModal(i, idModal+"reject:"+strconv.FormatInt(id, 10), fmt.Sprintf("Reject answer #%d", id),
			discordgo.TextInput{CustomID: inputReason, Label: "Reason (shown to the asker)", Style: discordgo.TextInputParagraph,
				Placeholder: "e.g. outside the documents, misleading, personal data", MaxLength: 500})
	case "correct":
		b.openModal(i, idModal+"correct:"+strconv.FormatInt(id, 10), fmt.Sprintf("Correct answer #%d", id),
			discordgo.TextInput{CustomID: inputText, Label: "Corrected answer (keep the [n] markers)",
				Style: discordgo.TextInputParagraph, Value: Truncate(rec.Answer, 4000), Required: true, MaxLength: 4000})
	}
}

// onModal handles a submitted Reject or Correct modal; the moderator check
// runs again, since a submit is a request of its own.
func (b *Bot) onModal(i *discordgo.Interaction) {
	data := i.ModalSubmitData()
	action, id, ok := parseAction(data.CustomID, idModal, "reject", "correct")
	if !ok {
		return
	}
	if !b.mayModerate(i) {
		return
	}
	values := modalValues(data.Components)
	if action == "correct" && strings.TrimSpace(values[inputText]) == "" {
		b.respondText(i, msgEmptyText)
		return
	}
	b.deferEphemeral(i)
	ctx, cancel := context.WithTimeout(context.Background(), moderationTimeout)
	defer cancel()
	if action == "reject" {
		b.decide(ctx, i, id, func(mod string) (review.Outcome, error) {
			return b.rv.flow.Reject(ctx, id, mod, values[inputReason])
		})
		return
	}
	b.decide(ctx, i, id, func(mod string) (review.Outcome, error) {
		return b.rv.flow.Correct(ctx, id, mod, values[inputText], review.CorrectOptions{})
	})
}

// decide runs one workflow decision for the moderator behind i
// (acknowledged already), applies it to Discord and tells the moderator
// what actually happened: in the record, and on Discord. A moderator who
// lost the race sees the first decision.
func (b *Bot) decide(ctx context.Context, i *discordgo.Interaction, id int64, do func(mod string) (review.Outcome, error)) {
	mod := b.pseudo.UserID(interactionUser(i))
	b.rv.markDecided(id, true)
	out, err := do(mod)
	if err != nil {
		b.rv.markDecided(id, false)
		b.editText(i, b.decisionError(ctx, id, err))
		return
	}
	if out.Has(review.StepReloadCurated) {
		b.reloadCurated(ctx)
	}
	derr := b.applyDecision(ctx, id, out.Before)
	b.log.Info("moderated", "answer", id, "status", out.After, "moderator", shortHash(mod), "discord_err", derr)
	b.editText(i, decisionReply(out, derr))
}

// decisionError is what the moderator reads when the workflow refused or
// failed; the cause of a failure goes to the log.
func (b *Bot) decisionError(ctx context.Context, id int64, err error) string {
	var already *review.AlreadyDecidedError
	var markers *review.MarkerError
	switch {
	case errors.As(err, &already):
		b.postReview(ctx, id, false)
		return alreadyDecided(already.First.Status, already.First.ModeratorHash, already.First.At)
	case errors.As(err, &markers):
		return "Nothing was changed: " + markers.Error() + "."
	case errors.Is(err, review.ErrPurged):
		return msgPurged
	case errors.Is(err, review.ErrNotFound):
		return msgGone
	}
	b.log.Error("moderate", "answer", id, "err", err)
	return msgModFailed
}

// decisionReply tells the moderator what a decision did: in the record
// (and whether a curated answer was made), and whether Discord now shows
// it. derr is the first Discord failure applying it.
func decisionReply(out review.Outcome, derr error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Answer #%d %s.", out.AnswerID, out.After)
	if derr == nil {
		b.WriteString(" Thank you.")
	}
	switch {
	case out.CuratedID != 0:
		fmt.Fprintf(&b, " Curated answer #%d was made from it and is served to similar questions.", out.CuratedID)
	case out.CuratedSkipped != "":
		b.WriteString(" **No curated answer was made**: " + out.CuratedSkipped + ".")
	}
	if derr == nil {
		if done := discordDone(out); done != "" {
			b.WriteString(" " + done)
		}
		return b.String()
	}
	fmt.Fprintf(&b, " The record is decided, **but Discord refused the change** (%s), so %s. Fix the bot's permissions in that "+
		"channel (View Channel, Send Messages, Manage Messages) or edit the message by hand.", discordReason(derr), discordMissed(out))
	return b.String()
}

// discordDone says what the public side now shows.
func discordDone(out review.Outcome) string {
	switch {
	case out.Has(review.StepPublish):
		return "The answer is published."
	case out.Has(review.StepReplace):
		return "The public answer now shows the correction."
	case out.Has(review.StepTakeDown):
		return "The public answer was taken down."
	case out.Has(review.StepWithdraw):
		return "The asker is told it will not be published."
	}
	return ""
}

// discordMissed says what the public side does not show.
func discordMissed(out review.Outcome) string {
	switch {
	case out.Has(review.StepPublish):
		return "the answer was **not published**: the asker has nothing yet"
	case out.Has(review.StepReplace):
		return "the public answer **still shows the old text**"
	case out.Has(review.StepTakeDown):
		return "the answer **is still public**"
	case out.Has(review.StepWithdraw):
		return "the notice to the asker was not updated"
	}
	return "the review message may be out of date"
}

func discordReason(err error) string {
	var rerr *discordgo.RESTError
	if errors.As(err, &rerr) && rerr.Response != nil {
		if rerr.Response.StatusCode == 403 {
			return "403: the bot lacks permission there, and the 15-minute interaction window is over"
		}
		return fmt.Sprintf("HTTP %d", rerr.Response.StatusCode)
	}
	return "the message could not be reached"
}

// mayModerate refuses, ephemerally, anyone who is not a moderator.
func (b *Bot) mayModerate(i *discordgo.Interaction) bool {
	if b.rv == nil {
		b.respondText(i, msgNoReview)
		return false
	}
	if !b.rv.isModerator(i) {
		b.metrics.inc("pactbot_moderation_refused_total")
		b.respondText(i, msgNotModerator)
		return false
	}
	return true
}

func decided(r *review.Record) bool {
	return r.Status != review.StatusPending && r.Status != review.StatusPublished
}

func alreadyDecided(status, moderator string, at time.Time) string {
	msg := fmt.Sprintf("Another moderator got there first: this answer was already %s by moderator `%s`", status, shortHash(moderator))
	if !at.IsZero() {
		msg += fmt.Sprintf(" <t:%d:R>", at.Unix())
	}
	return msg + ". Nothing was changed."
}

// deferEphemeral acknowledges an interaction with a private "thinking…".
func (b *Bot) deferEphemeral(i *discordgo.Interaction) {
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}); err != nil {
		b.discordError("defer", err)
	}
}

// openModal answers a button press with a modal holding one text input.
func (b *Bot) openModal(i *discordgo.Interaction, customID, title string, input discordgo.TextInput) {
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{CustomID: customID, Title: Truncate(title, 45),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{input}}}},
	}); err != nil {
		b.discordError("open modal", err)
	}
}

// modalValues maps the text inputs of a submitted modal by custom id.
func modalValues(rows []discordgo.MessageComponent) map[string]string {
	out := map[string]string{}
	for _, row := range rows {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if in, ok := c.(*discordgo.TextInput); ok {
				out[in.CustomID] = in.Value
			}
		}
	}
	return out
}
