package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/internal/shareddata"
)

// TestMarkdownSeedMatchesText: the shipped Markdown seed and the raw text
// seed read into the same sections.
func TestMarkdownSeedMatchesText(t *testing.T) {
	data, err := os.ReadFile("documents/taking-stock-2024-03.md")
	require.NoError(t, err)
	md, err := ReadDocument("taking-stock-2024-03.md", data)
	require.NoError(t, err)
	txt := readFixture(t, "taking-stock-2024-03.txt")

	assert.Equal(t, headingPaths(txt), headingPaths(md))
	for i := range md.Sections {
		assert.Equal(t, txt.Sections[i].Anchor, md.Sections[i].Anchor)
		assert.Equal(t, txt.Sections[i].Text, md.Sections[i].Text, "section %q", md.Sections[i].Heading)
	}
	assert.Equal(t, Document{
		ID: "taking-stock-2024-03", File: "taking-stock-2024-03.md", Title: seedTitle,
		Publisher: "European Commission", Date: "2024-03", Language: "en", Format: "markdown",
		URL:      "https://home-affairs.ec.europa.eu/news/commission-achievements-eu-migration-and-asylum-over-last-four-years-2024-03-12_en",
		Sections: md.Sections,
	}, md)
}

func TestMarkdownPact2024(t *testing.T) {
	pactDir := shareddata.Dir(t, "corpora", "pact2024")
	data, err := os.ReadFile(filepath.Join(pactDir, "ammr-32024R1351.md"))
	require.NoError(t, err)
	doc, err := ReadDocument("ammr-32024R1351.md", data)
	require.NoError(t, err)

	const title = "Asylum and Migration Management Regulation (Regulation (EU) 2024/1351)"
	assert.Equal(t, title, doc.Title)
	assert.Equal(t, "2024-05-14", doc.Date)
	assert.Equal(t, "https://eur-lex.europa.eu/eli/reg/2024/1351/oj", doc.URL)
	assert.Equal(t, "32024R1351", doc.CELEX)
	assert.True(t, strings.HasPrefix(doc.FullTitle, "REGULATION (EU) 2024/1351 OF THE EUROPEAN PARLIAMENT"))
	assert.Contains(t, doc.Licence, "reuse authorised with acknowledgement of the source")
	assert.Equal(t, []string{title}, doc.Sections[0].Path)
	assert.True(t, strings.HasPrefix(doc.Sections[0].Text, "REGULATION (EU) 2024/1351"))

	art16 := findSection(t, doc, "Article 16: Access to the procedure for examining an application for international protection")
	assert.Equal(t, []string{
		title,
		"Part III: CRITERIA AND MECHANISMS FOR DETERMINING THE MEMBER STATE RESPONSIBLE",
		"Chapter I: General principles and safeguards",
		"Article 16: Access to the procedure for examining an application for international protection",
	}, art16.Path)
	assert.Equal(t, 4, art16.Level)
	assert.True(t, strings.HasPrefix(art16.Text, "1. Member States shall examine an application"))
	assert.Contains(t, art16.Text, "\n\n2. Without prejudice")
	assert.Equal(t, "part-iii-criteria-and-mechanisms-for-determining-the-member--"+
		"chapter-i-general-principles-and-safeguards--"+
		"article-16-access-to-the-procedure-for-examining-an-application", art16.Anchor)

	// Section › Article: five levels below the title where the act has sections.
	art38 := findSection(t, doc, "Article 38: Start of the procedure")
	assert.Len(t, art38.Path, 5)
	assert.Equal(t, "Section II: Procedures for take charge requests", art38.Path[3])

	recitals := findSection(t, doc, "Recitals")
	assert.Equal(t, []string{title, "Recitals"}, recitals.Path)
	assert.True(t, strings.HasPrefix(recitals.Text, "(1) The Union, in constituting"))
}

func TestLoadPact2024(t *testing.T) {
	pactDir := shareddata.Dir(t, "corpora", "pact2024")
	c, err := LoadDir(pactDir)
	require.NoError(t, err)
	require.Len(t, c.Documents, 9)
	articles := 0
	for _, d := range c.Documents {
		anchors := map[string]bool{}
		for _, s := range d.Sections {
			require.False(t, anchors[s.Anchor], "%s: anchor %s twice", d.ID, s.Anchor)
			anchors[s.Anchor] = true
			require.NotEmpty(t, s.Text, "%s › %s", d.ID, s.Heading)
			require.Equal(t, d.Title, s.Path[0])
			if strings.HasPrefix(s.Heading, "Article ") {
				articles++
			}
		}
	}
	// The README counts about 380 articles.
	assert.InDelta(t, 380, articles, 40)
}

func TestMarkdownStructure(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		paths [][]string
		texts []string
	}{{
		name:  "front matter title, no H1: title is level 1",
		in:    "---\ntitle: The Act\n---\nPreamble text.\n\n## Part I\n\n### Article 1\n\nFirst.\n\n#### Deep\n\nDeeper.\n\n## Part II\n\nSecond.\n",
		title: "The Act",
		paths: [][]string{{"The Act"}, {"The Act", "Part I", "Article 1"}, {"The Act", "Part I", "Article 1", "Deep"}, {"The Act", "Part II"}},
		texts: []string{"Preamble text.", "First.", "Deeper.", "Second."},
	}, {
		name:  "H1 without front matter; level gaps are depth",
		in:    "# Guide\n\nIntro.\n\n#### Skipped levels\n\nBody.\n",
		title: "Guide",
		paths: [][]string{{"Guide"}, {"Guide", "Skipped levels"}},
		texts: []string{"Intro.", "Body."},
	}, {
		name:  "headings in code fences are not headings",
		in:    "# Doc\n\n```md\n# not a heading\n## nor this\n```\n\n~~~~\n# nor this\n~~~\nstill code\n~~~~\n\n## Real\n\nText.\n",
		title: "Doc",
		paths: [][]string{{"Doc"}, {"Doc", "Real"}},
		texts: []string{"```md\n# not a heading\n## nor this\n```\n\n~~~~\n# nor this\n~~~\nstill code\n~~~~", "Text."},
	}, {
		name:  "lists, emphasis, links, closing hashes",
		in:    "# Doc ##\n\nA **bold** and *soft* _word_ with snake_case, 2 * 3 and [a link](https://x.eu/a).\nSecond line of the same paragraph.\n\n* one\n+ two\n  continued\n  - nested\n1. first\n\n> quoted *text*\n\n---\n\n| a | **b** |\n|---|---|\n",
		title: "Doc",
		paths: [][]string{{"Doc"}},
		texts: []string{"A bold and soft word with snake_case, 2 * 3 and a link (https://x.eu/a). Second line of the same paragraph.\n\n" +
			"- one\n- two continued\n  - nested\n1. first\n\nquoted text\n\n| a | b |\n|---|---|"},
	}, {
		name:  "empty leaf heading is kept, empty parent is not",
		in:    "# Doc\n\nIntro.\n\n## Parent\n\n### Child\n\nText.\n\n## Leaf\n",
		title: "Doc",
		paths: [][]string{{"Doc"}, {"Doc", "Parent", "Child"}, {"Doc", "Leaf"}},
		texts: []string{"Intro.", "Text.", ""},
	}, {
		name:  "no title anywhere: the ID",
		in:    "## Only\n\nText.\n",
		title: "notes",
		paths: [][]string{{"notes", "Only"}},
		texts: []string{"Text."},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadDocument("notes.md", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.title, doc.Title)
			require.Equal(t, tt.paths, headingPaths(doc))
			for i, want := range tt.texts {
				assert.Equal(t, want, doc.Sections[i].Text)
				assert.Equal(t, len(doc.Sections[i].Path), doc.Sections[i].Level)
				assert.Equal(t, doc.Sections[i].Path[len(doc.Sections[i].Path)-1], doc.Sections[i].Heading)
			}
		})
	}
}

func TestAnchorsUniqueAndStable(t *testing.T) {
	in := "# Doc\n\nIntro.\n\n## Scope\n\nA.\n\n## Scope\n\nB.\n\n## Chapter 1\n\n### Scope\n\nC.\n\n## Ümlaut & Co’s “quotes”\n\nD.\n\n## §§\n\nE.\n"
	doc, err := ReadDocument("doc.md", []byte(in))
	require.NoError(t, err)
	var anchors []string
	for _, s := range doc.Sections {
		anchors = append(anchors, s.Anchor)
	}
	assert.Equal(t, []string{"doc", "scope", "scope-2", "chapter-1--scope", "umlaut-cos-quotes", "section"}, anchors)
	again, err := ReadDocument("doc.md", []byte(in))
	require.NoError(t, err)
	assert.Equal(t, doc, again)
}

func findSection(t *testing.T, doc Document, heading string) Section {
	t.Helper()
	for _, s := range doc.Sections {
		if s.Heading == heading {
			return s
		}
	}
	t.Fatalf("%s: no section %q", doc.ID, heading)
	return Section{}
}
