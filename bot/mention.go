package bot

import (
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// threadArchiveMinutes is how long a question thread stays open without
// activity (one day).
const threadArchiveMinutes = 1440

func (b *Bot) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	defer b.recoverHandler("message")
	self := b.selfID()
	if m.Author == nil || m.Author.Bot || self == "" || m.Author.ID == self {
		return
	}
	dm := m.GuildID == ""
	if (dm && !b.cfg.DM) || (!dm && !mentionsUser(m.Message, self)) {
		return
	}
	where, err := b.channels.info(m.ChannelID, b.lookupChannel)
	if err != nil {
		b.discordError("channel lookup", err)
		return
	}
	if !dm && !b.allowedChannel(m.ChannelID, where) {
		return
	}
	b.metrics.inc("pactbot_questions_total", "source", "mention")
	text := stripMention(m.Content, self)
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	if msg, repeat := b.refuse(m.Author.ID, m.ChannelID, text, dm); msg != "" {
		// A public reply to every attempt would itself be spam.
		if !repeat {
			b.sendText(m.ChannelID, msg, ref)
		}
		return
	}
	if !b.begin() {
		b.sendText(m.ChannelID, msgRestarting, ref)
		return
	}
	defer b.inflight.Done()
	if found := review.DetectPII(text); len(found) > 0 {
		b.warnPIIMention(m, found)
	}
	b.answerMention(m, text, dm, where, ref)
}

func (b *Bot) answerMention(m *discordgo.MessageCreate, text string, dm bool, where chanInfo, ref *discordgo.MessageReference) {
	q := question{text: text, userID: m.Author.ID, guildID: m.GuildID, channelID: m.ChannelID, source: "mention"}
	target := m.ChannelID
	switch {
	case where.thread:
		q.channelID, q.threadID = where.parent, m.ChannelID
	case !dm:
		th, err := b.api.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
			Name: threadName(review.MaskPII(text)), AutoArchiveDuration: threadArchiveMinutes, Type: discordgo.ChannelTypeGuildPublicThread,
		})
		if err != nil {
			// Without the thread permission, answer in the channel itself.
			b.discordError("start thread", err)
			break
		}
		b.channels.remember(th.ID, chanInfo{thread: true, parent: m.ChannelID})
		target, q.threadID, ref = th.ID, th.ID, nil
	}
	if err := b.api.ChannelTyping(target); err != nil {
		b.log.Debug("typing indicator", "err", err)
	}
	out := b.answer(q)
	if out.reply != "" {
		b.sendText(target, out.reply, ref)
		return
	}
	b.rememberAsk(out.id, nil, m.Author.ID, time.Now())
	if out.held {
		b.holdMention(target, ref, out)
		return
	}
	title, masked := maskQuestion(text, out.ans.Text, review.DetectPII(text))
	a := out.ans
	a.Text = masked
	if sent := b.sendParts(target, ref, b.withButtons(layoutAnswer(title, a), out.id)); len(sent) > 0 {
		b.rememberContinuations(out.id, target, sent[1:])
		b.setMessage(out.id, target, sent[0].ID)
	}
	b.afterAnswer(out, false)
}

func (b *Bot) sendText(channelID, text string, ref *discordgo.MessageReference) {
	if _, err := b.api.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: Truncate(Neutralize(text), maxContent), Reference: ref, AllowedMentions: noMentions(),
	}); err != nil {
		b.discordError("send text", err)
	}
}

func (b *Bot) allowedChannel(id string, where chanInfo) bool {
	if len(b.cfg.Channels) == 0 {
		return true
	}
	for _, c := range b.cfg.Channels {
		if c == id || (where.thread && c == where.parent) {
			return true
		}
	}
	return false
}

func (b *Bot) lookupChannel(id string) (*discordgo.Channel, error) {
	if c, err := b.session.State.Channel(id); err == nil {
		return c, nil
	}
	return b.api.Channel(id)
}

func mentionsUser(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+id+">") || strings.Contains(m.Content, "<@!"+id+">")
}

func stripMention(content, id string) string {
	r := strings.NewReplacer("<@"+id+">", " ", "<@!"+id+">", " ")
	return strings.Join(strings.Fields(r.Replace(content)), " ")
}

// threadName names a thread after its question: one line, at most 100
// characters.
func threadName(question string) string {
	name := Truncate(strings.Join(strings.Fields(question), " "), 100)
	if name == "" {
		return "Question"
	}
	return name
}

// chanInfo is what the bot needs to know about a channel a mention came
// from.
type chanInfo struct {
	thread bool
	parent string
}

// channelCache remembers channel kinds so a mention costs at most one
// channel lookup.
type channelCache struct {
	mu   sync.Mutex
	max  int
	byID map[string]chanInfo
}

func newChannelCache(max int) *channelCache {
	return &channelCache{max: max, byID: map[string]chanInfo{}}
}

func (c *channelCache) remember(id string, info chanInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID) >= c.max {
		clear(c.byID)
	}
	c.byID[id] = info
}

func (c *channelCache) info(id string, lookup func(string) (*discordgo.Channel, error)) (chanInfo, error) {
	c.mu.Lock()
	info, ok := c.byID[id]
	c.mu.Unlock()
	if ok {
		return info, nil
	}
	ch, err := lookup(id)
	if err != nil {
		return chanInfo{}, err
	}
	info = chanInfo{thread: ch.IsThread(), parent: ch.ParentID}
	c.remember(id, info)
	return info, nil
}
