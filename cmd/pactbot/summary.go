package main

import (
	"pactbot/corpus"
	"pactbot/curated"
)

// corpusSummary is what the commands need of a corpus besides its index:
// the source cache stores it with the index key, so that an unchanged
// corpus directory need not be loaded (app.openIndex).
type corpusSummary struct {
	Fingerprint string       `json:"fingerprint"`
	Documents   []docSummary `json:"documents"`
	// Topics is topics(c): what the "not covered" reply names.
	Topics []string `json:"topics"`
	// DocFingerprints is curated.DocFingerprints(c): which curated
	// answers still stand on the documents they cite.
	DocFingerprints map[string]string `json:"doc_fingerprints"`
}

// docSummary is a document's metadata, without its sections.
type docSummary struct {
	ID        string `json:"id"`
	File      string `json:"file,omitempty"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	Language  string `json:"language,omitempty"`
	URL       string `json:"url,omitempty"`
	Format    string `json:"format,omitempty"`
}

// summarize makes the summary of a loaded corpus.
func summarize(c *corpus.Corpus) *corpusSummary {
	s := &corpusSummary{Fingerprint: c.Fingerprint, Topics: topics(c), DocFingerprints: curated.DocFingerprints(c)}
	for _, d := range c.Documents {
		s.Documents = append(s.Documents, docSummary{ID: d.ID, File: d.File, Title: d.Title, Publisher: d.Publisher,
			Date: d.Date, Language: d.Language, URL: d.URL, Format: d.Format})
	}
	return s
}

// corpus is the summary as a corpus of documents without sections: enough
// for what needs their ids, titles and links, not for their text.
func (s *corpusSummary) corpus() *corpus.Corpus {
	c := &corpus.Corpus{Fingerprint: s.Fingerprint, Documents: make([]corpus.Document, len(s.Documents))}
	for i, d := range s.Documents {
		c.Documents[i] = corpus.Document{ID: d.ID, File: d.File, Title: d.Title, Publisher: d.Publisher,
			Date: d.Date, Language: d.Language, URL: d.URL, Format: d.Format}
	}
	return c
}

// topics is what the corpus covers: from the summary when openIndex made
// one, else from c.
func (a *app) topics(c *corpus.Corpus) []string {
	if a.summary != nil {
		return a.summary.Topics
	}
	return topics(c)
}
