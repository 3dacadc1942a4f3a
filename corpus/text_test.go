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

const seedTitle = "Taking stock of EU migration and asylum achievements"

func TestReadTextSeed(t *testing.T) {
	doc := readFixture(t, "taking-stock-2024-03.txt")
	checkGolden(t, "taking-stock-2024-03.txt.golden.json", doc)

	assert.Equal(t, "taking-stock-2024-03", doc.ID)
	assert.Equal(t, seedTitle, doc.Title)
	assert.Equal(t, "2024-03", doc.Date)
	want := [][]string{
		{seedTitle},
		{seedTitle, "A new legislative framework on migration and asylum"},
		{seedTitle, "Targeted operational response"},
		{seedTitle, "Working with partner countries"},
	}
	require.Equal(t, want, headingPaths(doc))
	assert.Equal(t, []int{1, 2, 2, 2}, levels(doc))
	assert.True(t, strings.HasPrefix(doc.Sections[0].Text, "March 2024 | #MigrationEU\n\nFrom the beginning of the mandate"))
	assert.Contains(t, doc.Sections[1].Text, "€2 billion from the mid-term revision")
	assert.NotContains(t, doc.Sections[1].Text, "**")
	assert.True(t, strings.HasSuffix(doc.Sections[3].Text,
		"This approach involves:\n\n- Fighting migrant smuggling\n- Legal migration\n- Resettlement\n- Readmission cooperation"))
	assert.Contains(t, doc.Sections[3].Text, "In a Team Europe approach")
}

func TestReadTextSynthetic(t *testing.T) {
	tests := []struct {
		file  string
		title string
		date  string
		paths [][]string
		text  map[int][]string // section index → substrings of its text
	}{{
		file:  "pdf-report.txt",
		title: "Annual report on migration and asylum",
		date:  "2024-03-12",
		paths: [][]string{
			{"Annual report on migration and asylum"},
			{"Annual report on migration and asylum", "1. Introduction"},
			{"Annual report on migration and asylum", "1. Introduction", "1.1 Scope and method"},
			{"Annual report on migration and asylum", "2. Main findings"},
			{"Annual report on migration and asylum", "Key dates"},
		},
		text: map[int][]string{
			0: {"Brussels, 12 March 2024\n\nThis report describes the state of migration and asylum in the Union in 2023."},
			2: {"Sources include:\n\n- Eurostat\n- Frontex\n- the Asylum Agency"},
			3: {
				"Three trends stand out:\n\n- more arrivals by sea;\n- longer procedures in some Member States;\n- a rise in returns.",
				"when it was 40 percent and the year before, when it was 38 percent.\n\nOutlook for 2025",
			},
			4: {"The Commission will:\n\n(a) adopt a common implementation plan;\n(b) support national plans with funding;\n(c) report every year."},
		},
	}, {
		file:  "pdf-faq.txt",
		title: "Questions and answers",
		paths: [][]string{
			{"Questions and answers"},
			{"Questions and answers", "What is the Pact?"},
			{"Questions and answers", "Who pays for it?"},
			{"Questions and answers", "II. Next steps"},
			{"Questions and answers", "ANNEX"},
		},
		text: map[int][]string{
			0: {"The new Pact on Migration and Asylum"},
			2: {"supports the Member States with €2 billion from the mid-term revision"},
			3: {"implementation plans:\n\n- Asylum procedures\n- Reception conditions\n- Returns"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readFixture(t, tt.file)
			checkGolden(t, tt.file+".golden.json", doc)
			assert.Equal(t, tt.title, doc.Title)
			assert.Equal(t, tt.date, doc.Date)
			require.Equal(t, tt.paths, headingPaths(doc))
			for i, subs := range tt.text {
				for _, sub := range subs {
					assert.Contains(t, doc.Sections[i].Text, sub, "section %d", i)
				}
			}
			for _, s := range doc.Sections {
				assert.NotEmpty(t, s.Text, "section %q has no text", s.Heading)
				assert.NotContains(t, s.Text, "Page 2 of 3")
				assert.NotContains(t, s.Text, "EU Migration Report 2024")
			}
		})
	}
}

func TestReadTextInline(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		paths [][]string
	}{
		{"no headings at all", "just some text, all lower case.\n\nand more of it.", "notes", [][]string{{"notes"}}},
		{"candidate without body is text", "Title\n\nBody of the title.\n\nLone line", "Title", [][]string{{"Title"}}},
		{"paragraph before first heading: no title", "Some opening words.\n\nSection\n\nBody.", "notes",
			[][]string{{"notes"}, {"notes", "Section"}}},
		{"heading after colon is an item", "Title\n\nIt covers:\n\nScope\n\nThe scope is wide.", "Title", [][]string{{"Title"}}},
		{"question heading", "FAQ\n\nIntro text.\n\nWho decides?\n\nThe Council decides.", "FAQ", [][]string{{"FAQ"}, {"FAQ", "Who decides?"}}},
		{"sentence is not a heading", "Title\n\nIntro.\n\nThe Pact. It applies\n\nMore text.", "Title", [][]string{{"Title"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadDocument("notes.txt", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.title, doc.Title)
			assert.Equal(t, tt.paths, headingPaths(doc))
		})
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		in       string
		dateline bool
		date     string
	}{
		{"March 2024 | #MigrationEU", true, "2024-03"},
		{"Brussels, 12 March 2024", true, "2024-03-12"},
		{"12 Sept. 2023", true, "2023-09-12"},
		{"2024-05-14", true, "2024-05-14"},
		{"2024-03-12T09:00:00+01:00", true, "2024-03-12"},
		{"14.05.2024", true, "2024-05-14"},
		{"Published 1 June 2024 | Press release", true, "2024-06-01"},
		{"Migration in March 2024", false, "2024-03"},
		{"Outlook for 2025", false, ""},
		{"2024-13", false, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.dateline, isDateline(tt.in), tt.in)
		assert.Equal(t, tt.date, parseDate(tt.in), tt.in)
	}
}

func levels(doc Document) []int {
	l := make([]int, len(doc.Sections))
	for i, s := range doc.Sections {
		l[i] = s.Level
	}
	return l
}

// TestSeedFixtureIsRaw guards the fixture: it must stay byte-identical to
// the raw seed when the shared copy is there.
func TestSeedFixtureIsRaw(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join(shareddata.Dir(t, "seed"), "taking-stock-2024-03.txt"))
	if err != nil {
		t.Fatalf("read the shared seed: %v", err)
	}
	fixture, err := os.ReadFile("testdata/taking-stock-2024-03.txt")
	require.NoError(t, err)
	assert.Equal(t, shared, fixture)
}
