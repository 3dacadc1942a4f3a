package bot

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// ackWindow is how long after its creation Discord accepts an
// interaction's initial response; an interaction we received was created
// at most this long ago.
const ackWindow = 3 * time.Second

// interactionCreated is when Discord created the interaction: the
// timestamp in its snowflake id, kept between receipt-3 s and receipt so
// that a skewed local clock can neither kill a token early nor stretch it.
func interactionCreated(i *discordgo.Interaction, receipt time.Time) time.Time {
	t, err := discordgo.SnowflakeTimestamp(i.ID)
	switch {
	case err != nil || t.After(receipt):
		return receipt
	case t.Before(receipt.Add(-ackWindow)):
		return receipt.Add(-ackWindow)
	}
	return t
}

// answerDeadline is when an answer to an interaction created at created
// must be ready: a tenth of the token's life before it dies, so that the
// answer, or an apology, still reaches the asker.
func (b *Bot) answerDeadline(created time.Time) time.Time {
	return created.Add(b.cfg.TokenLife - b.cfg.TokenLife/10)
}
