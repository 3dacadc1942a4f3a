package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/curated"
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
		b.decide(ctx, i, rec, func(mod string) error { return b.rv.store.Approve(ctx, id, mod) })
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
	rec, err := b.rv.store.Get(ctx, id)
	if err != nil {
		b.log.Error("moderate: read answer", "answer", id, "err", err)
		b.editText(i, msgGone)
		return
	}
	if action == "reject" {
		b.decide(ctx, i, rec, func(mod string) error { return b.rv.store.Reject(ctx, id, mod, values[inputReason]) })
		return
	}
	b.decide(ctx, i, rec, func(mod string) error {
		if err := b.rv.store.Correct(ctx, id, mod, values[inputText]); err != nil {
			return err
		}
		b.addCurated(ctx, id, mod)
		return nil
	})
}

// decide runs one compare-and-set decision for the moderator behind i
// (acknowledged already), applies it to Discord and tells the moderator
// the outcome. A moderator who lost the race sees the first decision.
func (b *Bot) decide(ctx context.Context, i *discordgo.Interaction, rec *review.Record, do func(mod string) error) {
	mod := b.pseudo.UserID(interactionUser(i))
	b.rv.markDecided(rec.ID, true)
	err := do(mod)
	var already *review.AlreadyDecidedError
	switch {
	case errors.As(err, &already):
		b.rv.markDecided(rec.ID, false)
		b.editText(i, alreadyDecided(already.First.Status, already.First.ModeratorHash, already.First.At))
		b.postReview(ctx, rec.ID, false)
		return
	case err != nil:
		b.rv.markDecided(rec.ID, false)
		b.log.Error("moderate", "answer", rec.ID, "err", err)
		b.editText(i, msgModFailed)
		return
	}
	b.applyDecision(ctx, rec.ID, rec.Status)
	done, _ := b.rv.store.Get(ctx, rec.ID)
	status := "decided"
	if done != nil {
		status = done.Status
	}
	b.log.Info("moderated", "answer", rec.ID, "status", status, "moderator", shortHash(mod))
	b.editText(i, fmt.Sprintf("Answer #%d %s. Thank you.", rec.ID, status))
}

// addCurated turns a correction into a curated answer: the question, the
// moderator's text, the original citations and the current fingerprints
// of the documents they cite.
func (b *Bot) addCurated(ctx context.Context, id int64, mod string) {
	rec, err := b.rv.store.Get(ctx, id)
	if err != nil {
		b.log.Error("curate: read answer", "answer", id, "err", err)
		return
	}
	var fps map[string]string
	if b.rv.cfg.DocFingerprints != nil {
		var missing []string
		fps, missing = curated.CitedFingerprints(rec.Citations, b.rv.cfg.DocFingerprints())
		if len(missing) > 0 {
			b.log.Warn("curate: cited documents not in the corpus", "answer", id, "docs", missing)
		}
	}
	cid, err := b.rv.store.AddCurated(ctx, review.Curated{Question: rec.Question, Answer: rec.CorrectedText,
		Citations: rec.Citations, DocFingerprints: fps, SourceAnswerID: id, Moderator: mod})
	if err != nil {
		b.log.Error("curate: add", "answer", id, "err", err)
		return
	}
	b.log.Info("curated answer added", "curated", cid, "answer", id)
	b.reloadCurated(ctx)
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
