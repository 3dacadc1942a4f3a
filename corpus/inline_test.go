package corpus

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCleanInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**Team Europe** approach", "Team Europe approach"},
		{"**€2\nbillion**", "€2 billion"},
		{"__strong__ and _soft_ and *soft*", "strong and soft and soft"},
		{"***both***", "both"},
		{"**a *nested* b**", "a nested b"},
		{"snake_case_name stays", "snake_case_name stays"},
		{"2 * 3 * 4 stays", "2 * 3 * 4 stays"},
		{"a lone * star and ** pair", "a lone * star and ** pair"},
		{"intra*word*emphasis stays", "intra*word*emphasis stays"},
		{"`code` span", "code span"},
		{"see [the Pact](https://x.eu/p) now", "see the Pact (https://x.eu/p) now"},
		{"![chart](c.png)", "chart (c.png)"},
		{"a[b](c)d", "a b (c) d"},
		{"[](0)[](0)", "0 0"},
		{"<https://eur-lex.europa.eu>", "https://eur-lex.europa.eu"},
		{"0<http:0>0", "0 http:0 0"},
		{"  many   spaces\tand\ttabs ", "many spaces and tabs"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cleanInline(tt.in), tt.in)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Working with partner countries", "working-with-partner-countries"},
		{"Article 16: Access to the procedure", "article-16-access-to-the-procedure"},
		{"Part III: CRITERIA AND MECHANISMS", "part-iii-criteria-and-mechanisms"},
		{"Réfugiés — l’accueil", "refugies-laccueil"},
		{"The world's leading donor", "the-worlds-leading-donor"},
		{"Ελληνικά κείμενα", "ελληνικα-κειμενα"},
		{"  --  ", ""},
		{"Article 16: Access to the procedure for examining an application for international protection",
			"article-16-access-to-the-procedure-for-examining-an-application"},
		{"Supercalifragilisticexpialidocious-and-more-words-without-any-space-at-all-xx", "supercalifragilisticexpialidocious-and-more-words-without-any"},
	}
	for _, tt := range tests {
		got := Slug(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.LessOrEqual(t, len([]rune(got)), maxSlugPart)
	}
	assert.Equal(t, "x", truncateSlug("x", 5))
	assert.Equal(t, "abcde", truncateSlug("abcdefgh", 5), "no hyphen to cut at")
}
