package answer

import (
	"strings"

	"pactbot/lang"
	"pactbot/privacy"
)

// query is a question normalised once for the whole pipeline.
type query struct {
	// raw is the question as asked: only the reply to the asker carries it.
	raw string
	// masked has personal data replaced by placeholders: it goes into
	// prompts, cache keys and the curated lookup.
	masked string
	// search is masked without the placeholders: retrieval and coverage
	// see only the question's own words, so a name or an e-mail neither
	// matches nor counts against coverage.
	search string
	// lang is the detected language; code is "en" unless detection was
	// confident.
	lang lang.Result
	code string
}

func newQuery(raw string) query {
	q := query{raw: strings.TrimSpace(raw)}
	q.masked = privacy.Mask(q.raw)
	q.search = strings.TrimSpace(privacy.StripPlaceholders(q.masked))
	q.lang = lang.Detect(q.search)
	q.code = "en"
	if q.lang.Confident && q.lang.Code != "" {
		q.code = q.lang.Code
	}
	return q
}

// foreignScript reports whether the question is written in a script the
// sources (English) do not use.
func (q query) foreignScript() bool {
	return q.lang.Script != "" && q.lang.Script != "Latin"
}
