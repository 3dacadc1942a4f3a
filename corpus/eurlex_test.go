package corpus

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/internal/shareddata"
)

func TestReadEURLexExcerpt(t *testing.T) {
	doc := readFixture(t, "eurlex-32024R1359-sv-excerpt.html")
	checkGolden(t, "eurlex-32024R1359-sv-excerpt.html.golden.json", doc)

	assert.Equal(t, "EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) 2024/1359", doc.Title, "p.oj-doc-ti, not the <title> file name")
	assert.True(t, strings.HasPrefix(doc.FullTitle, doc.Title+" av den 14 maj 2024 om hantering av kris-"), doc.FullTitle)
	assert.Equal(t, "sv", doc.Language, "from the WT.z_usr_lan meta")
	assert.Equal(t, "32024R1359", doc.CELEX)
	assert.Equal(t, "https://eur-lex.europa.eu/eli/reg/2024/1359/oj/eng", doc.URL, "the canonical link")
	require.Equal(t, [][]string{
		{doc.Title, "Ingress"},
		{doc.Title, "KAPITEL I: ALLMÄNNA BESTÄMMELSER", "Artikel 1: Innehåll"},
		{doc.Title, "KAPITEL II: STYRNING", "Artikel 2: Motiverad begäran av en medlemsstat"},
	}, headingPaths(doc))
	assert.Contains(t, doc.Sections[0].Text, "(1) Unionen, som utgör ett område med frihet", "a recital row is one block: number and text")
	all := allText(doc)
	for _, gone := range []string{"L-serien", "22.5.2024", "beaktandeled", "EUT C"} {
		assert.False(t, strings.Contains(all, gone), "page header, table of contents and footnotes stay out of the text: %q", gone)
	}
}

func TestReadEURLexOldClasses(t *testing.T) {
	doc := readFixture(t, "eurlex-old-style.html")
	assert.Equal(t, "DIRECTIVE 2013/33/EU OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL", doc.Title)
	assert.Equal(t, "en", doc.Language, "primary subtag of <html lang>")
	assert.Equal(t, "32013L0033", doc.CELEX)
	title := doc.Title
	require.Equal(t, [][]string{
		{title},
		{title, "CHAPTER I: PURPOSE, DEFINITIONS AND SCOPE", "Article 1: Purpose"},
		{title, "CHAPTER II: GENERAL PROVISIONS ON RECEPTION CONDITIONS", "Article 15: Employment"},
		{title, "ANNEX I: Reporting form"},
	}, headingPaths(doc))
	assert.Equal(t, "Member States report the number of applicants.", doc.Sections[3].Text, "an annex is a section of its own")
	assert.Equal(t, "Whereas:\n\n(1) A number of substantive changes are to be made.", doc.Sections[0].Text)
	assert.Equal(t, "The purpose of this Directive is to lay down standards.", doc.Sections[1].Text, "the footnote marker goes")
	assert.Equal(t, "1. Member States shall ensure that applicants have access to the labour market no later than 9 months.\n\n(a) first point;\n\n(i) nested point.", doc.Sections[2].Text)
	assert.NotContains(t, allText(doc), "OJ C 24", "footnotes are not body text")
}

// TestReadEURLexSharedPages reads the real EUR-Lex pages in full: one
// section per article, named with the Swedish word, in order.
func TestReadEURLexSharedPages(t *testing.T) {
	dir := shareddata.Dir(t, "corpora", "eurlex-sv")
	tests := []struct {
		file     string
		celex    string
		articles int
		article8 string
	}{
		{"eurlex-32024R1356-sv.html", "32024R1356", 25, "Artikel 8: Krav rörande screening"},
		{"eurlex-32024R1359-sv.html", "32024R1359", 20, "Artikel 8: Solidaritets- och stödåtgärder i en krissituation"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			require.NoError(t, err)
			doc, err := ReadDocument(tt.file, data)
			require.NoError(t, err)
			assert.Equal(t, "sv", doc.Language)
			assert.Equal(t, tt.celex, doc.CELEX)
			assert.Contains(t, doc.Title, "FÖRORDNING (EU) 2024/")
			var articles []string
			for _, s := range doc.Sections {
				if strings.HasPrefix(s.Heading, "Artikel ") {
					articles = append(articles, s.Heading)
					assert.NotEmpty(t, s.Text, s.Heading)
				}
			}
			require.Len(t, articles, tt.articles, "one section per article, quoted articles of amendments excluded")
			assert.Equal(t, tt.article8, articles[7])
			for i, a := range articles {
				assert.True(t, strings.HasPrefix(a, "Artikel "+strconv.Itoa(i+1)+":"), a)
			}
			assert.Equal(t, "Ingress", doc.Sections[0].Heading)
			assert.Contains(t, doc.Sections[0].Text, "(1) ")
			assert.False(t, strings.Contains(allText(doc), "L-serien"), "the Official Journal header is not text")
		})
	}
}
