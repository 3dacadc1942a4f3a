package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// What citizens read about their personal data.
const (
	msgDeleteNotYours = "Only the person who wrote that message can use this button."
	msgCannotDelete   = "I don't have the Manage Messages permission here, so I can't delete your message. " +
		"You can delete it yourself: hover over it, click ⋯ and choose Delete Message."
	msgDeleted      = "The message with personal data was deleted at its author's request."
	msgForgetFailed = "Sorry — I couldn't delete your data just now. It has been logged; please try again later."
)

// piiKinds names the kinds of personal data found, for a warning that does
// not repeat the data itself.
var piiNames = map[string]string{
	review.PIIEmail:       "an e-mail address",
	review.PIIPhone:       "a phone number",
	review.PIIIDNumber:    "a passport or ID number",
	review.PIICaseNumber:  "a case or file number",
	review.PIIDateOfBirth: "a date of birth",
}

func msgPII(found []review.PIIMatch) string {
	var kinds []string
	seen := map[string]bool{}
	for _, m := range found {
		if name := piiNames[m.Kind]; name != "" && !seen[name] {
			seen[name] = true
			kinds = append(kinds, name)
		}
	}
	if len(kinds) == 0 {
		kinds = []string{"personal data"}
	}
	return fmt.Sprintf("Your question seems to contain personal data (%s). Please don't post personal "+
		"details in public channels: I don't need them to answer. I have not repeated them, and they are "+
		"masked in my records.", strings.Join(kinds, ", "))
}

// maskQuestion masks personal data in a question and in an answer that
// may echo it, for everything the bot posts publicly or to moderators.
func maskQuestion(q string, text string, found []review.PIIMatch) (string, string) {
	if len(found) == 0 {
		return q, text
	}
	text = review.MaskPII(text)
	for _, m := range found {
		text = strings.ReplaceAll(text, m.Text, "[personal data]")
	}
	return review.MaskPII(q), text
}

// warnPIIMention replies to a question with personal data: a short public
// reply (a message cannot be answered privately) that repeats nothing and
// pings nobody, with a button for the author to have the message deleted.
func (b *Bot) warnPIIMention(m *discordgo.MessageCreate, found []review.PIIMatch) {
	b.metrics.inc("pactbot_pii_warnings_total", "source", "mention")
	send := &discordgo.MessageSend{
		Content:         msgPII(found),
		Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID},
		AllowedMentions: noMentions(),
	}
	// In a direct message nobody else sees it, and a bot cannot delete it.
	if m.GuildID != "" {
		custom := idDeleteMsg + m.ChannelID + ":" + m.ID + ":" + b.pseudo.UserID(m.Author.ID)
		send.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete my message", Style: discordgo.DangerButton, CustomID: custom},
		}}}
	}
	if _, err := b.api.ChannelMessageSendComplex(m.ChannelID, send); err != nil {
		b.discordError("warn personal data", err)
	}
}

// warnPIISlash warns the asker of a slash command privately.
func (b *Bot) warnPIISlash(i *discordgo.Interaction, found []review.PIIMatch) {
	b.metrics.inc("pactbot_pii_warnings_total", "source", "slash")
	if _, err := b.api.FollowupMessageCreate(i, false, &discordgo.WebhookParams{
		Content: msgPII(found), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
	}); err != nil {
		b.discordError("warn personal data", err)
	}
}

// onDeleteMessage deletes a question with personal data when its author
// asks and the bot has Manage Messages in that channel.
func (b *Bot) onDeleteMessage(i *discordgo.Interaction, custom string) {
	parts := strings.Split(strings.TrimPrefix(custom, idDeleteMsg), ":")
	if len(parts) != 3 {
		return
	}
	channelID, messageID, author := parts[0], parts[1], parts[2]
	switch {
	case b.pseudo.UserID(interactionUser(i)) != author:
		b.respondText(i, msgDeleteNotYours)
		return
	case i.AppPermissions&discordgo.PermissionManageMessages == 0:
		b.respondText(i, msgCannotDelete)
		return
	}
	if err := b.api.ChannelMessageDelete(channelID, messageID); err != nil {
		b.discordError("delete message with personal data", err)
		b.respondText(i, msgCannotDelete)
		return
	}
	empty := []discordgo.MessageComponent{}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: msgDeleted, Components: empty,
			Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()},
	}); err != nil {
		b.discordError("update warning", err)
	}
}

// onForgetMe deletes what is stored about the caller: the bot's public
// answers to their questions first (the store forgets where they are),
// then the record, then the copies in the review channel are redacted.
func (b *Bot) onForgetMe(i *discordgo.Interaction) {
	if b.rv == nil {
		b.respondText(i, msgNoReview)
		return
	}
	b.deferEphemeral(i)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hash := b.pseudo.UserID(interactionUser(i))
	recs, err := b.rv.store.List(ctx, review.Filter{UserHash: hash, Limit: -1})
	if err != nil {
		b.log.Error("forget-me: list answers", "err", err)
		b.editText(i, msgForgetFailed)
		return
	}
	removed, threads := b.takeDownAnswers(recs)
	out, err := b.rv.flow.Forget(ctx, hash)
	if err != nil {
		b.log.Error("forget-me", "err", err)
		b.editText(i, msgForgetFailed)
		return
	}
	n := out.Forgot.Answers + out.Forgot.Votes
	if out.Has(review.StepDeleteMessages) {
		threads += b.runCleanups(ctx, out.Forgot.Cleanups)
	}
	if out.Has(review.StepReloadCurated) {
		b.reloadCurated(ctx)
	}
	for _, r := range recs {
		b.postReview(ctx, r.ID, false)
	}
	b.metrics.inc("pactbot_forget_me_total")
	b.editText(i, fmt.Sprintf("Done. I deleted what I kept about you: the texts of %d questions and answers and "+
		"your votes (%d entries in all), and I removed %d of my public answers to your questions%s. "+
		"Counts without your data stay for statistics.", len(recs), n, removed, threadNote(threads)))
}

// takeDownAnswers deletes every message of the answers to a user's
// questions (the continuations of long answers included) and the threads
// the bot started on those questions, named after them. It returns how
// many answers lost a message and how many threads went.
func (b *Bot) takeDownAnswers(recs []*review.Record) (answers, threads int) {
	seen := map[string]bool{}
	for _, r := range recs {
		deleted := false
		if r.MessageID != "" && r.ChannelID != "" {
			if err := b.api.ChannelMessageDelete(r.ChannelID, r.MessageID); err != nil {
				b.discordError("forget-me: delete answer", err)
			} else {
				deleted = true
			}
		}
		channel, more := b.rv.asks.takeContinuations(r.ID)
		for _, id := range more {
			if err := b.api.ChannelMessageDelete(channel, id); err != nil {
				b.discordError("forget-me: delete answer continuation", err)
				continue
			}
			deleted = true
		}
		if deleted {
			answers++
		}
		if r.ThreadID != "" && !seen[r.ThreadID] {
			seen[r.ThreadID] = true
			if b.removeOwnThread(r.ThreadID) {
				threads++
			}
		}
	}
	return answers, threads
}

// runCleanups carries out the deletions the record queued (every stored
// message of an answer and its thread; the ones takeDownAnswers already
// removed answer 404 and count as done) and marks them done. It returns
// how many more threads went.
func (b *Bot) runCleanups(ctx context.Context, cs []review.Cleanup) (threads int) {
	done := make([]int64, 0, len(cs))
	for _, c := range cs {
		ok := true
		if c.MessageID != "" && c.ChannelID != "" {
			if err := b.api.ChannelMessageDelete(c.ChannelID, c.MessageID); err != nil && !isNotFound(err) {
				b.discordError("forget-me: delete stored message", err)
				ok = false
			}
		}
		if c.ThreadID != "" {
			if th, err := b.api.Channel(c.ThreadID); err == nil && th != nil {
				if b.removeOwnThread(c.ThreadID) {
					threads++
				}
			} else if err != nil && !isNotFound(err) {
				ok = false
			}
		}
		if ok {
			done = append(done, c.ID)
		}
	}
	if len(done) > 0 {
		if err := b.rv.store.CleanupsDone(ctx, done...); err != nil {
			b.log.Error("forget-me: mark cleanups done", "err", err)
		}
	}
	return threads
}

// removeOwnThread deletes a thread the bot started (its owner), which
// bears the question as its name; a thread a user started stays. Deleting
// needs Manage Threads: without it the thread is renamed and archived, so
// the question's text is gone from the name at least.
func (b *Bot) removeOwnThread(id string) bool {
	th, err := b.api.Channel(id)
	if err != nil {
		b.discordError("forget-me: look up thread", err)
		return false
	}
	if !th.IsThread() || th.OwnerID == "" || th.OwnerID != b.selfID() {
		return false
	}
	_, err = b.api.ChannelDelete(id)
	if err == nil {
		return true
	}
	b.discordError("forget-me: delete thread", err)
	archived := true
	if _, err := b.api.ChannelEdit(id, &discordgo.ChannelEdit{Name: threadRemovedName, Archived: &archived}); err != nil {
		b.discordError("forget-me: rename thread", err)
		return false
	}
	return true
}

// threadRemovedName replaces the name of a question's thread that the bot
// may not delete.
const threadRemovedName = "question removed"

func threadNote(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " and the thread I had started on one of them"
	}
	return fmt.Sprintf(" and the %d threads I had started on them", n)
}

// isNotFound reports whether a Discord REST error is a 404: the message
// or channel is already gone.
func isNotFound(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound
}
