package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// What citizens read when the bot cannot help; the log gets the cause.
const (
	msgRestarting  = "I'm restarting right now and can't take new questions. Please ask again in a minute."
	msgEmpty       = "Please write a question, for example: `/ask question: What is the EU doing with Tunisia on migration?`"
	msgNoWords     = "Please ask your question in words, for example: `/ask question: Which country decides on my asylum application?`"
	msgDMOff       = "I only answer questions in servers, not in direct messages."
	msgFailed      = "Sorry — something went wrong while I was looking this up. It has been logged; please try again later."
	msgTimeout     = "Sorry — finding an answer took too long this time. Please try again in a little while."
	msgClosed      = "Sorry — I'm restarting and couldn't finish your answer. Please ask your question again in a minute."
	msgVoteFailed  = "Sorry — I couldn't save your feedback just now. Please try again later."
	msgBusy        = "Sorry — many people are asking right now and I can't take your question. Please ask again in a few minutes."
	msgGone        = "This answer is no longer on record, so I can't attach feedback to it."
	msgPostedBelow = "A moderator already checked this answer: it is posted in the channel, below."
	msgNoPassages  = "I no longer have the passages of this older answer at hand. The sources listed under the answer link to the documents."
)

var voteThanks = map[string]string{
	review.VoteHelpful:    "Thanks — recorded that this answer was helpful. You can change your vote any time.",
	review.VoteNotHelpful: "Thanks — recorded that this answer was not helpful. You can change your vote any time.",
	review.VoteReport:     "Thanks for reporting this answer. A moderator will look at it.",
}

func msgTooLong(limit int) string {
	return fmt.Sprintf("Your question is a bit long for me: please keep it under %d characters and ask one thing at a time.", limit)
}

func msgRateLimited(retryAt time.Time, scope string) string {
	who := "You're asking quickly"
	if scope == "channel" {
		who = "This channel is asking a lot right now"
	}
	return fmt.Sprintf("%s — please try again <t:%d:R>.", who, retryAt.Add(time.Second-1).Unix())
}

// commands are the slash commands, for a guild install used in guilds
// (and in the bot's DMs when DM is set), with contexts and
// integration_types rather than the deprecated dm_permission.
func (b *Bot) commands() []*discordgo.ApplicationCommand {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	if b.cfg.DM {
		contexts = append(contexts, discordgo.InteractionContextBotDM)
	}
	installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	command := func(name, description string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{Name: name, Description: description, Options: opts,
			Contexts: &contexts, IntegrationTypes: &installs}
	}
	cmds := []*discordgo.ApplicationCommand{
		command("ask", "Ask a question about EU migration and asylum policy", &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "question",
			Description: "Your question, in a sentence or two", Required: true,
			// Discord refuses a longer question before it reaches us; the
			// bot still checks, as trimming and counting differ.
			MaxLength: min(b.cfg.MaxQuestionChars, maxOptionLength),
		}),
		command("sources", "List the official documents the answers come from"),
		command("about", "What this bot is, and what it stores about you"),
	}
	if b.rv != nil {
		cmds = append(cmds, command("forget-me", "Delete everything this bot stored about you"))
	}
	return cmds
}

// maxOptionLength is the largest max_length Discord accepts on a string
// option.
const maxOptionLength = 6000

// registerCommands overwrites the commands per guild when guilds are
// configured (instant), else globally. Only shard 0 does it.
func (b *Bot) registerCommands() error {
	if b.cfg.ShardID != 0 {
		return nil
	}
	app := b.appID()
	guilds := b.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		if _, err := b.session.ApplicationCommandBulkOverwrite(app, g, b.commands()); err != nil {
			return fmt.Errorf("bot: register commands (guild %q): %w", g, err)
		}
	}
	b.log.Info("commands registered", "guilds", len(b.cfg.GuildIDs))
	return nil
}

func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	defer b.recoverHandler("interaction")
	i := ic.Interaction
	created := interactionCreated(i, b.cfg.Now())
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		switch i.ApplicationCommandData().Name {
		case "ask":
			b.onAsk(i, created)
		case "sources":
			b.respondEmbeds(i, sourcesEmbeds(b.sources))
		case "about":
			b.respondEmbeds(i, []*discordgo.MessageEmbed{aboutEmbed(b.cfg.Retention, b.rv != nil)})
		case "forget-me":
			b.onForgetMe(i)
		}
	case discordgo.InteractionMessageComponent:
		b.onComponent(i)
	case discordgo.InteractionModalSubmit:
		b.onModal(i)
	}
}

func (b *Bot) recoverHandler(what string) {
	if r := recover(); r != nil {
		b.log.Error("panic in handler", "handler", what, "panic", r, "stack", string(debug.Stack()))
	}
}

// hasWords reports whether text has a letter or a digit.
func hasWords(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// refuse returns why a question is not taken (empty when it is), checking
// length before rate limits so a refused question costs no token. repeat
// is set when the same rate-limit refusal was already given in this window.
func (b *Bot) refuse(userID, channelID, question string, dm bool) (msg string, repeat bool) {
	switch {
	case dm && !b.cfg.DM:
		return msgDMOff, false
	case question == "":
		return msgEmpty, false
	case !hasWords(question):
		// "???", emoji, invisible characters: a kind word, not an error.
		b.metrics.inc("pactbot_refused_total", "reason", "no_words")
		return msgNoWords, false
	case runes(question) > b.cfg.MaxQuestionChars:
		b.metrics.inc("pactbot_refused_total", "reason", "too_long")
		return msgTooLong(b.cfg.MaxQuestionChars), false
	}
	if r, ok := b.limits.allow(userID, channelID); !ok {
		b.metrics.inc("pactbot_rate_limited_total", "scope", r.scope)
		return msgRateLimited(r.retryAt, r.scope), !r.first
	}
	return "", false
}

func (b *Bot) onAsk(i *discordgo.Interaction, created time.Time) {
	text := strings.TrimSpace(optionString(i.ApplicationCommandData().Options, "question"))
	user := interactionUser(i)
	b.metrics.inc("pactbot_questions_total", "source", "slash")
	// An ephemeral refusal bothers nobody else: it is given every time.
	if msg, _ := b.refuse(user, i.ChannelID, text, i.GuildID == ""); msg != "" {
		b.respondText(i, msg)
		return
	}
	if !b.begin() {
		b.metrics.inc("pactbot_refused_total", "reason", "shutting_down")
		b.respondText(i, msgRestarting)
		return
	}
	defer b.inflight.Done()
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if b.rv.deferEphemeral() {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data,
	})
	if err != nil {
		b.discordError("defer", err)
		return
	}
	b.answerInteraction(i, question{
		text: text, userID: user, guildID: i.GuildID, channelID: i.ChannelID,
		interactionID: i.ID, source: "slash", deadline: b.answerDeadline(created),
	}, created)
}

// answerInteraction edits the deferred response with the answer, or with a
// kind message whatever goes wrong, panics included: a deferred interaction
// is never left "thinking".
func (b *Bot) answerInteraction(i *discordgo.Interaction, q question, created time.Time) {
	edited := false
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while answering", "panic", r, "stack", string(debug.Stack()))
			b.metrics.inc("pactbot_answer_failures_total", "reason", "panic")
			if !edited {
				b.editText(i, msgFailed)
			}
		}
	}()
	out := b.answer(q)
	if out.reply != "" {
		edited = true
		b.editText(i, out.reply)
		return
	}
	b.rememberAsk(out.id, i, q.userID, b.realTime(created))
	found := review.DetectPII(q.text)
	if out.held {
		edited = true
		b.holdInteraction(i, out.id, found)
		return
	}
	b.publishInteraction(i, q, out, found)
	edited = true
}

// publishInteraction edits the deferred response into the answer (personal
// data masked), then warns about personal data and shows the answer to
// moderators as configured.
func (b *Bot) publishInteraction(i *discordgo.Interaction, q question, out outcome, found []review.PIIMatch) {
	title, text := maskQuestion(q.text, out.ans.Text, found)
	a := out.ans
	a.Text = text
	parts := b.withButtons(layoutAnswer(title, a), out.id)
	msg, err := b.postFirstPart(i, parts[0])
	if err != nil {
		b.discordError("edit answer", err)
		b.editText(i, msgFailed)
		return
	}
	channel := msg.ChannelID
	if channel == "" {
		channel = i.ChannelID
	}
	var more []*discordgo.Message
	for _, p := range parts[1:] {
		m, err := b.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Embeds: p.Embeds, Components: p.Components, AllowedMentions: noMentions(),
		})
		if err != nil {
			b.discordError("follow-up", err)
			break
		}
		more = append(more, m)
	}
	b.rememberContinuations(out.id, channel, more)
	b.setMessage(out.id, channel, msg.ID)
	if len(found) > 0 {
		b.warnPIISlash(i, found)
	}
	b.afterAnswer(out, false)
}

// postFirstPart puts the first message of an answer in place of the
// deferred response. A private acknowledgement (pre-moderation of every
// answer) cannot turn public, and by Discord's rules the first follow-up
// after a deferral is that private message itself. So an answer not held
// then resolves the deferral first, by editing it into a private pointer,
// and goes out as a public follow-up, which is a message of its own.
func (b *Bot) postFirstPart(i *discordgo.Interaction, p messagePart) (*discordgo.Message, error) {
	if !b.rv.deferEphemeral() {
		return b.api.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Embeds: &p.Embeds, Components: componentsPtr(p.Components), AllowedMentions: noMentions(),
		})
	}
	note := msgPostedBelow
	empty := []*discordgo.MessageEmbed{}
	if _, err := b.api.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content: &note, Embeds: &empty, AllowedMentions: noMentions(),
	}); err != nil {
		return nil, fmt.Errorf("resolve private deferral: %w", err)
	}
	msg, err := b.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
		Embeds: p.Embeds, Components: p.Components, AllowedMentions: noMentions(),
	})
	if err != nil {
		return nil, fmt.Errorf("public answer follow-up: %w", err)
	}
	return msg, nil
}

func componentsPtr(c []discordgo.MessageComponent) *[]discordgo.MessageComponent {
	if len(c) == 0 {
		return nil
	}
	return &c
}

// withButtons puts the feedback buttons under the last message.
func (b *Bot) withButtons(parts []messagePart, recordID int64) []messagePart {
	parts[len(parts)-1].Components = answerButtons(recordID)
	return parts
}

func (b *Bot) editText(i *discordgo.Interaction, text string) {
	content := Neutralize(text)
	empty := []*discordgo.MessageEmbed{}
	if _, err := b.api.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content: &content, Embeds: &empty, AllowedMentions: noMentions(),
	}); err != nil {
		b.discordError("edit apology", err)
	}
}

// respondText answers an interaction at once with an ephemeral text.
func (b *Bot) respondText(i *discordgo.Interaction, text string) {
	b.respond(i, &discordgo.InteractionResponseData{Content: Truncate(text, maxContent)})
}

// respondEmbeds answers at once, ephemerally, with the first message's
// worth of embeds.
func (b *Bot) respondEmbeds(i *discordgo.Interaction, embeds []*discordgo.MessageEmbed) {
	b.respond(i, &discordgo.InteractionResponseData{Embeds: packEmbeds(embeds)[0].Embeds})
}

func (b *Bot) respond(i *discordgo.Interaction, data *discordgo.InteractionResponseData) {
	data.Flags |= discordgo.MessageFlagsEphemeral
	data.AllowedMentions = noMentions()
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data,
	}); err != nil {
		b.discordError("respond", err)
	}
}

func (b *Bot) discordError(op string, err error) {
	b.metrics.inc("pactbot_discord_errors_total", "op", op)
	b.log.Error("discord call failed", "op", op, "err", redactDiscord(err.Error()))
}

func (b *Bot) onComponent(i *discordgo.Interaction) {
	custom := i.MessageComponentData().CustomID
	if action, id, ok := parseAction(custom, idModerate, "approve", "reject", "correct"); ok {
		b.onModerate(i, action, id)
		return
	}
	if action, id, ok := parseAction(custom, idCurated, "reapprove", "retire"); ok {
		b.onCurated(i, action, id)
		return
	}
	if strings.HasPrefix(custom, idDeleteMsg) {
		b.onDeleteMessage(i, custom)
		return
	}
	action, id, vote, ok := parseCustomID(custom)
	if !ok {
		return // not one of ours
	}
	switch action {
	case "vote":
		b.onVote(i, id, vote)
	case "passages":
		a, found := b.answers.get(id)
		if !found {
			b.respondText(i, msgNoPassages)
			return
		}
		b.respondEmbeds(i, passagesEmbeds(a))
	}
}

// onVote acknowledges the press first (a private deferral, within
// Discord's 3 seconds whatever the database does), then stores the vote
// and tells the voter.
func (b *Bot) onVote(i *discordgo.Interaction, id int64, vote string) {
	b.deferEphemeral(i)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := b.rec.Vote(ctx, id, b.pseudo.UserID(interactionUser(i)), vote)
	switch {
	case errors.Is(err, review.ErrNotFound):
		b.editText(i, msgGone)
	case err != nil:
		b.log.Error("store vote", "answer", id, "vote", vote, "err", err)
		b.editText(i, msgVoteFailed)
	default:
		b.metrics.inc("pactbot_feedback_total", "vote", vote)
		b.editText(i, voteThanks[vote])
		b.afterVote(ctx, id, vote)
	}
}

func optionString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name && o.Type == discordgo.ApplicationCommandOptionString {
			return o.StringValue()
		}
	}
	return ""
}

// interactionUser is the id of whoever acted, in a guild or a DM.
func interactionUser(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}
