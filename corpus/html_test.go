package corpus

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadHTMLPage(t *testing.T) {
	doc := readFixture(t, "taking-stock-2024-03.html")
	checkGolden(t, "taking-stock-2024-03.html.golden.json", doc)

	assert.Equal(t, seedTitle, doc.Title, "the h1, not the <title> with the site name")
	assert.Equal(t, "en", doc.Language)
	assert.Equal(t, "European Commission", doc.Publisher)
	assert.Equal(t, "2024-03-12", doc.Date)
	assert.True(t, strings.HasPrefix(doc.URL, "https://home-affairs.ec.europa.eu/news/"))
	require.Equal(t, [][]string{
		{seedTitle},
		{seedTitle, "A new legislative framework on migration and asylum"},
		{seedTitle, "Targeted operational response"},
		{seedTitle, "Working with partner countries"},
		{seedTitle, "Working with partner countries", "This approach involves"},
	}, headingPaths(doc))
	assert.Contains(t, doc.Sections[1].Text, "will bring:\n\n- more secure EU external borders;\n- fast")
	assert.Contains(t, doc.Sections[1].Text, "€2 billion from the mid-term revision")
	assert.Contains(t, doc.Sections[3].Text, "international partners & agencies.")
	assert.Contains(t, doc.Sections[4].Text, "Fighting migrant smuggling | Tunisia")
	assert.Contains(t, doc.Sections[4].Text, "Article footer note", "a footer inside the article is text")

	all := allText(doc)
	for _, dropped := range []string{"Site banner", "Policies", "breadcrumb", "Cookies", "Follow us", "not a heading", "color: navy", "Commented out", "Home Affairs"} {
		assert.NotContains(t, all, dropped)
	}
}

func TestReadHTMLEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		paths [][]string
		text  string
	}{
		{"title from <title> without h1", "<title>Page</title><p>Hello <i>world</i></p>", "Page", [][]string{{"Page"}}, "Hello world"},
		{"no head or body tags, unclosed p", "<h2>Part</h2><p>one<p>two", "notes", [][]string{{"notes", "Part"}}, "one\n\ntwo"},
		{"attribute with > and entities", `<h1 data-x="a>b">A &amp; B</h1><p title='x > y'>caf&eacute; &#8364;5 &nbsp;ok</p>`, "A & B", [][]string{{"A & B"}}, "café €5 ok"},
		{"unterminated comment and stray <", "<h1>T</h1><p>1 < 2 and 3<4</p><!-- open", "T", [][]string{{"T"}}, "1 < 2 and 3<4"},
		{"upper-case tags, script to end", "<H1>T</H1><P>x</P><SCRIPT>var a = '<p>no</p>'", "T", [][]string{{"T"}}, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadDocument("notes.html", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.title, doc.Title)
			require.Equal(t, tt.paths, headingPaths(doc))
			assert.Equal(t, tt.text, doc.Sections[len(doc.Sections)-1].Text)
		})
	}
}

func allText(doc Document) string {
	var b strings.Builder
	for _, s := range doc.Sections {
		b.WriteString(strings.Join(s.Path, " › "))
		b.WriteString("\n")
		b.WriteString(s.Text)
		b.WriteString("\n")
	}
	return b.String()
}
