package main

import (
	"testing"
	"unicode/utf8"

	"pactbot/answer"
	"pactbot/corpus"

	"github.com/stretchr/testify/assert"
)

func TestTopicsNeverCutALetter(t *testing.T) {
	c := &corpus.Corpus{Documents: []corpus.Document{{Title: "Förordning", Sections: []corpus.Section{
		{Heading: "Överföring av uppgifter", Level: 2},
		{Heading: "Ändamål", Level: 2},
		{Heading: "Ελληνικά", Level: 2},
		{Heading: "Screening", Level: 2},
	}}}}
	got := topics(c)
	assert.Equal(t, []string{"överföring av uppgifter", "ändamål", "ελληνικά", "screening"}, got)
	for _, s := range got {
		assert.True(t, utf8.ValidString(s), "%q", s)
	}
	assert.True(t, utf8.ValidString(answer.NotCoveredText(got)))
}
