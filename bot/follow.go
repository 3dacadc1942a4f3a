package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/review"
)

// prepareReview runs before the gateway opens: it starts following the
// change feed from now, marks curated answers whose documents changed as
// stale (their notices come through the feed) and loads the active ones.
func (b *Bot) prepareReview(ctx context.Context) error {
	seq, err := b.rv.store.LatestSeq(ctx)
	if err != nil {
		return fmt.Errorf("bot: review: %w", err)
	}
	b.rv.seq = seq
	if f := b.rv.cfg.IndexFingerprint; f != nil {
		b.rv.indexFP = f()
	}
	if b.cfg.ShardID == 0 {
		b.checkCurated(ctx)
	}
	b.reloadCurated(ctx)
	return nil
}

// startReviewLoops follows the change feed and runs the retention purge
// until ctx is done. Every shard follows the feed (each reloads its own
// curated answers and applies decisions on answers in its guilds); only
// shard 0 purges and posts notices.
func (b *Bot) startReviewLoops(ctx context.Context, wg *sync.WaitGroup) {
	if b.rv == nil {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.every(ctx, b.rv.cfg.PollEvery, false, b.pollChanges)
	}()
	if b.rv.cfg.Retention > 0 && b.cfg.ShardID == 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.every(ctx, b.rv.cfg.PurgeEvery, true, b.purge)
		}()
	}
}

// every calls f every d (and once at once when now is set) until ctx is done.
func (b *Bot) every(ctx context.Context, d time.Duration, now bool, f func(context.Context)) {
	defer b.recoverHandler("review loop")
	if now {
		f(ctx)
	}
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f(ctx)
		}
	}
}

// purge applies retention, then blanks the review-channel copies of the
// answers it purged: they hold the question and answer too.
func (b *Bot) purge(ctx context.Context) {
	cutoff := time.Now().Add(-b.rv.cfg.Retention)
	copies := b.reviewCopiesBefore(ctx, cutoff)
	res, err := b.rv.flow.Purge(ctx, cutoff, false)
	if err != nil {
		b.log.Error("retention purge", "err", err)
		return
	}
	b.rv.purgedOnce = true
	if res.Answers+res.Votes+res.Events > 0 {
		b.log.Info("retention purge", "answers", res.Answers, "votes", res.Votes, "events", res.Events)
	}
	for _, id := range copies {
		b.postReview(ctx, id, false)
	}
}

// reviewCopiesBefore lists the answers created before cutoff, not purged
// yet, that have a review message. After the first purge only the answers
// that crossed the cutoff since the previous run are looked at.
func (b *Bot) reviewCopiesBefore(ctx context.Context, cutoff time.Time) []int64 {
	f := review.Filter{Limit: -1}
	if b.rv.purgedOnce {
		f.Since = cutoff.Add(-2 * b.rv.cfg.PurgeEvery)
	}
	recs, err := b.rv.store.List(ctx, f)
	if err != nil {
		b.log.Error("retention purge: list review copies", "err", err)
		return nil
	}
	var ids []int64
	for _, r := range recs {
		if r.CreatedAt.Before(cutoff) && r.PurgedAt.IsZero() && r.ReviewMessageID != "" {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// pollChanges applies what changed in the store since the last poll:
// decisions taken elsewhere, curated answers added or gone stale, and
// answers forgotten at a user's request.
func (b *Bot) pollChanges(ctx context.Context) {
	first := b.cfg.ShardID == 0
	if f := b.rv.cfg.IndexFingerprint; f != nil && first {
		if fp := f(); fp != b.rv.indexFP {
			b.rv.indexFP = fp
			b.checkCurated(ctx)
		}
	}
	changes, err := b.rv.store.Changes(ctx, b.rv.seq)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Error("read change feed", "err", err)
		}
		return
	}
	reload := false
	for _, c := range changes {
		switch c.Kind {
		case review.EventApprove, review.EventReject, review.EventCorrect:
			if !b.rv.takeDecided(c.AnswerID) {
				b.log.Info("decision taken elsewhere", "answer", c.AnswerID, "status", c.After)
				if err := b.applyDecision(ctx, c.AnswerID, c.Before); err != nil {
					b.log.Warn("decision taken elsewhere not shown on Discord", "answer", c.AnswerID, "err", err)
				}
			}
		case review.EventReopen:
			b.postReview(ctx, c.AnswerID, false)
		case review.EventForget:
			if first {
				b.postReview(ctx, c.AnswerID, false)
			}
		case review.EventCuratedStale:
			reload = true
			if first {
				b.postStaleNotice(ctx, c.CuratedID)
			}
		case review.EventCuratedAdd, review.EventCuratedActive, review.EventCuratedRetire, review.EventCuratedDelete:
			reload = true
		}
		b.rv.seq = c.Seq
	}
	if reload {
		b.reloadCurated(ctx)
	}
}

// checkCurated marks stale the curated answers whose cited documents
// changed, and records the bot's corpus as the one served.
func (b *Bot) checkCurated(ctx context.Context) {
	if b.rv.cfg.DocFingerprints == nil {
		return
	}
	stale, err := b.rv.flow.CheckCurated(ctx, review.CheckOptions{Serving: true})
	if err != nil {
		b.log.Error("check curated answers", "err", err)
		return
	}
	if len(stale) > 0 {
		b.log.Info("curated answers gone stale", "count", len(stale))
		b.reloadCurated(ctx)
	}
}

// reloadCurated hands the curated answers to the matcher, which serves
// only the active ones.
func (b *Bot) reloadCurated(ctx context.Context) {
	if b.rv.cfg.Curated == nil {
		return
	}
	all, err := b.rv.store.ListCurated(ctx)
	if err == nil {
		err = b.rv.cfg.Curated.Replace(all)
	}
	if err != nil {
		b.log.Error("reload curated answers", "err", err)
	}
}

// postStaleNotice tells moderators that a curated answer is no longer
// served because a document it cites changed.
func (b *Bot) postStaleNotice(ctx context.Context, id int64) {
	if b.rv.cfg.ChannelID == "" {
		return
	}
	c, err := b.rv.store.GetCurated(ctx, id)
	if err != nil {
		b.log.Error("stale notice: read curated answer", "curated", id, "err", err)
		return
	}
	if c.Status != review.CuratedStale {
		return // re-approved or retired since
	}
	sid := strconv.FormatInt(id, 10)
	embed := &discordgo.MessageEmbed{
		Title: fmt.Sprintf("Curated answer #%d is stale", id), Color: statusColor[review.StatusPending],
		Description: "A document it cites has changed, so it is **no longer served**. Check it against the " +
			"current documents, then re-approve it or retire it.",
		Fields: append([]*discordgo.MessageEmbedField{
			{Name: "Question", Value: fieldText(c.Question, 500)},
			{Name: "Curated answer", Value: fieldText(c.Answer, maxFieldValue)},
		}, sourceFields(c.Citations, 1000)...),
	}
	if _, err := b.api.ChannelMessageSendComplex(b.rv.cfg.ChannelID, &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{embed},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Re-approve", Style: discordgo.SuccessButton, CustomID: idCurated + "reapprove:" + sid},
			discordgo.Button{Label: "Retire", Style: discordgo.DangerButton, CustomID: idCurated + "retire:" + sid},
		}}},
		AllowedMentions: noMentions(),
	}); err != nil {
		b.discordError("post stale notice", err)
	}
}

// onCurated re-approves (with the current fingerprints) or retires a
// stale curated answer, and updates the notice.
func (b *Bot) onCurated(i *discordgo.Interaction, action string, id int64) {
	if !b.mayModerate(i) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), moderationTimeout)
	defer cancel()
	mod := b.pseudo.UserID(interactionUser(i))
	var err error
	done := "retired"
	if action == "reapprove" {
		done = "re-approved"
		_, err = b.rv.flow.Reapprove(ctx, id, mod)
	} else {
		_, err = b.rv.flow.Retire(ctx, id, mod)
	}
	switch {
	case errors.Is(err, review.ErrCitesMissing), errors.Is(err, review.ErrRetired), errors.Is(err, review.ErrNoDocs):
		b.respondText(i, fmt.Sprintf("Nothing was changed: %s.", strings.TrimPrefix(err.Error(), "review: ")))
		return
	case err != nil:
		b.log.Error("curated action", "curated", id, "action", action, "err", err)
		b.respondText(i, msgModFailed)
		return
	}
	b.reloadCurated(ctx)
	var embeds []*discordgo.MessageEmbed
	if i.Message != nil {
		embeds = i.Message.Embeds
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Content: fmt.Sprintf("Curated answer #%d %s by moderator `%s`.", id, done, shortHash(mod)),
			Embeds:  embeds, Components: []discordgo.MessageComponent{}, AllowedMentions: noMentions(),
		},
	}); err != nil {
		b.discordError("update stale notice", err)
	}
}
