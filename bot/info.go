package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"pactbot/answer"
	"pactbot/index"
)

// Source is a document the bot answers from, as /sources lists it.
type Source struct {
	Title     string
	Publisher string
	Date      string
	URL       string
}

// sourcesEmbeds renders /sources: one line per document, linked when it has
// a URL, spread over as many embeds as the limits need.
func sourcesEmbeds(sources []Source) []*discordgo.MessageEmbed {
	if len(sources) == 0 {
		return []*discordgo.MessageEmbed{{Title: "Sources", Color: embedColor,
			Description: "No documents are loaded at the moment."}}
	}
	lines := make([]string, 0, len(sources))
	for _, s := range sources {
		title := Truncate(Neutralize(s.Title), 200)
		line := "• " + title
		if strings.HasPrefix(s.URL, "http") && !strings.ContainsAny(s.URL, " <>()") {
			line = fmt.Sprintf("• [%s](<%s>)", strings.NewReplacer("[", "(", "]", ")").Replace(title), s.URL)
		}
		if meta := strings.TrimSpace(strings.Join(nonEmpty(s.Publisher, s.Date), ", ")); meta != "" {
			line += " — " + Neutralize(meta)
		}
		lines = append(lines, line)
	}
	var embeds []*discordgo.MessageEmbed
	for i, page := range SplitText(strings.Join(lines, "\n"), maxDescription) {
		e := &discordgo.MessageEmbed{Description: page, Color: embedColor}
		if i == 0 {
			e.Title = fmt.Sprintf("Sources (%d documents)", len(sources))
		}
		embeds = append(embeds, e)
	}
	embeds[len(embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: Disclaimer}
	return embeds
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// aboutEmbed renders /about: what the bot is, the disclaimer, and what it
// keeps about the person asking.
func aboutEmbed(retention time.Duration, forgetMe bool) *discordgo.MessageEmbed {
	kept := "until an administrator deletes it"
	if retention > 0 {
		kept = fmt.Sprintf("for %s, then the question, the answer and your pseudonymous id are deleted "+
			"(only counts stay)", humanDuration(retention))
	}
	erase := ""
	if forgetMe {
		erase = " Use `/forget-me` at any time to delete everything stored about you."
	}
	return &discordgo.MessageEmbed{
		Title: "About pactbot",
		Color: embedColor,
		Description: "I answer questions about EU migration and asylum policy from official " +
			"documents, and cite the exact section each statement comes from. Ask with `/ask`, " +
			"or mention me with your question; `/sources` lists the documents I know.\n\n" +
			"**Not legal advice.** My answers are general information. For your own case, " +
			"contact a lawyer, a legal aid organisation or the competent authority.",
		Fields: []*discordgo.MessageEmbedField{{
			Name: "What is stored about you",
			Value: "For each question: a pseudonymous id (a keyed hash of your Discord id — never the id " +
				"itself), the server and channel, your question, the answer and its sources, and any " +
				"feedback you give with the buttons. Personal details such as phone, ID or case numbers " +
				"are masked before anything is stored. Moderators use this record to check and correct " +
				"answers. It is kept " + kept + "." + erase,
		}},
		Footer: &discordgo.MessageEmbedFooter{Text: Disclaimer},
	}
}

// passagesEmbeds quotes the passages an answer stands on: the cited ones in
// citation order, or the retrieved ones when nothing was cited.
func passagesEmbeds(a answer.Answer) []*discordgo.MessageEmbed {
	type quoted struct {
		label string
		hit   index.Hit
	}
	byID := make(map[string]index.Hit, len(a.Passages))
	for _, h := range a.Passages {
		byID[h.ID] = h
	}
	var qs []quoted
	for _, c := range a.Citations {
		if h, ok := byID[c.PassageID]; ok {
			qs = append(qs, quoted{fmt.Sprintf("[%d] ", c.N), h})
		}
	}
	if len(qs) == 0 {
		for _, h := range a.Passages {
			qs = append(qs, quoted{"", h})
		}
	}
	if len(qs) > maxEmbeds {
		qs = qs[:maxEmbeds]
	}
	if len(qs) == 0 {
		return []*discordgo.MessageEmbed{{Color: embedColor, Description: "This answer stands on no passages."}}
	}
	budget := (maxEmbedsTotal - 100) / len(qs)
	embeds := make([]*discordgo.MessageEmbed, 0, len(qs))
	for _, q := range qs {
		title := Truncate(q.label+Neutralize(q.hit.Title)+" › "+Neutralize(q.hit.Section), maxTitle)
		e := &discordgo.MessageEmbed{Title: title, Color: embedColor}
		e.Description = Truncate(quote(Neutralize(q.hit.Text)), min(maxDescription, budget-runes(title)))
		if strings.HasPrefix(q.hit.URL, "http") {
			e.URL = q.hit.URL
			if q.hit.Anchor != "" && !strings.Contains(e.URL, "#") {
				e.URL += "#" + q.hit.Anchor
			}
		}
		embeds = append(embeds, e)
	}
	return embeds
}

// quote turns text into a Markdown block quote.
func quote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// humanDuration says a retention period in days, or hours when shorter.
func humanDuration(d time.Duration) string {
	if d >= 24*time.Hour {
		days := int(d.Hours() / 24)
		if days == 1 {
			return "1 day"
		}
		return fmt.Sprintf("%d days", days)
	}
	return fmt.Sprintf("%d hours", max(1, int(d.Hours())))
}
