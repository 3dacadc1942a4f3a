package pdftext

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/internal/shareddata"
)

func readTestdata(t *testing.T, name string) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	doc, err := Read(data)
	require.NoError(t, err, name)
	return doc
}

func paragraphTexts(d *Document) []string {
	out := make([]string, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		out[i] = p.Text
	}
	return out
}

func TestFactsheetOneColumn(t *testing.T) {
	d := readTestdata(t, "factsheet.pdf")
	assert.False(t, d.Act)
	assert.Equal(t, "", d.Language, "no /Lang in the file")
	assert.Equal(t, "Solidarity in asylum and migration", d.InfoTitle)
	assert.Equal(t, 2, d.Pages)
	paras := paragraphTexts(d)
	assert.Equal(t, []string{
		"Solidarity in asylum and migration",
		"March 2024 | #MigrationEU",
		"A common system for asylum",
		"Member States share the responsibility for people who apply for asylum in the Union. Applications are registered within seven days, and every applicant is informed of the EU-wide rules in a language they understand.",
		"The rules cover:",
		"- reception conditions such as housing and food",
		"- access to the labour market after six months",
		"- health care for vulnerable applicants",
		"Faster procedures at the border",
		"A screening at the external border identifies every person and checks their health and security. Applications with a low recognition rate are examined in a border procedure of twelve weeks, with legal counselling available free of charge.",
		"Working with partner countries",
		"The Union works with countries of origin and transit to fight smugglers and to open legal pathways, such as resettlement and labour mobility schemes.",
		"Funding",
		"The budget for migration and border management is EUR 2 billion for the years up to 2027.",
	}, paras, "running header and page numbers dropped, hyphenation undone")
	assert.True(t, d.Paragraphs[0].Bold)
	assert.Equal(t, 2, d.Paragraphs[len(d.Paragraphs)-1].Page)
	assert.Contains(t, d.PlainText(), "\f", "page break kept as a form feed")
}

func TestTwoColumnAct(t *testing.T) {
	d := readTestdata(t, "twocolumn.pdf")
	require.True(t, d.Act)
	assert.Equal(t, "sv", d.Language, "sv-SE from /Lang")
	assert.Equal(t, "RÅDETS FÖRORDNING (EU) 2024/9999", d.Title)
	assert.Equal(t, "RÅDETS FÖRORDNING (EU) 2024/9999 av den 14 maj 2024 om provning av läsare", d.FullTitle)
	assert.Equal(t, 1, d.Footnotes)
	assert.Equal(t, "2024-05-14", d.Date)
	type sec struct {
		parents []string
		heading string
		paras   []string
	}
	var got []sec
	for _, s := range d.Sections {
		got = append(got, sec{s.Parents, s.Heading, s.Paragraphs})
	}
	assert.Equal(t, []sec{
		{nil, "Av följande skäl", []string{
			"(1) Texten ska läsas i rätt ordning, vänster spalt före höger.",
			"HÄRIGENOM FÖRESKRIVS FÖLJANDE.",
		}},
		{[]string{"KAPITEL I: Allmänna bestämmelser"}, "Artikel 1: Syfte", []string{
			"Denna förordning gäller för EU-medborgare och för hälso- och sjukvård i medlemsstaterna, se (1).",
			"Den vänstra spalten slutar mitt i en mening och fortsätter här i den högra spalten.",
		}},
		{[]string{"KAPITEL I: Allmänna bestämmelser"}, "Artikel 2: Definitioner", []string{
			"I denna förordning avses med",
			"a) läsare: ett program,",
			"b) spalt: en del av sidan.",
		}},
		{[]string{"KAPITEL II: Slutbestämmelser"}, "Artikel 3: Ikraftträdande", []string{
			"Denna förordning träder i kraft den tjugonde dagen efter det att den har offentliggjorts i Europeiska unionens officiella tidning.",
			"Denna förordning är till alla delar bindande och direkt tillämplig i alla medlemsstater.",
		}},
	}, got)
	all := strings.Join(paragraphTexts(d), "\n")
	for _, furniture := range []string{"L 99/", "22.5.2024", "EUT L 1, 1.1.2024"} {
		assert.NotContains(t, all, furniture)
	}
	for _, p := range paragraphTexts(d) {
		assert.False(t, strings.HasPrefix(p, "Europeiska unionens officiella tidning"), "running header kept: %q", p)
	}
}

func TestTableReadByRows(t *testing.T) {
	d := readTestdata(t, "table.pdf")
	assert.Equal(t, []string{
		"Jämförelsetabell",
		"Förordning (EU) nr 603/2013 Denna förordning",
		"Artikel 1.1 Artikel 1.1 a och c",
		"— Artikel 1.1 b och d",
		"Artikel 1.2 Artikel 1.1 e",
		"Artikel 2.1 a och b Artikel 2.1 a och e",
		"Artikel 3 —",
	}, paragraphTexts(d))
}

func TestTaggedArtifactsDropped(t *testing.T) {
	d := readTestdata(t, "tagged.pdf")
	assert.Equal(t, []string{"Tagged document", "This is the first paragraph of the body text.", "A form draws the second paragraph."}, paragraphTexts(d),
		"artifacts (also one drawn by a form) and rotated text dropped, a form's text kept")
	assert.Equal(t, "en", d.Language)
}

func TestEmptyUserPasswordOpens(t *testing.T) {
	// encrypted-nopassword.pdf is factsheet.pdf encrypted by qpdf with an
	// owner password only, as viewers open it without asking.
	plain := readTestdata(t, "factsheet.pdf")
	enc := readTestdata(t, "encrypted-nopassword.pdf")
	assert.Equal(t, paragraphTexts(plain), paragraphTexts(enc))
}

func TestReadErrors(t *testing.T) {
	factsheet, err := os.ReadFile(filepath.Join("testdata", "factsheet.pdf"))
	require.NoError(t, err)
	file := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		return b
	}
	tests := []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"user password", file("encrypted.pdf"), ErrEncrypted, "password"},
		{"AES-256", file("encrypted-aes256.pdf"), ErrEncrypted, "256-bit"},
		{"scanned", file("scanned.pdf"), ErrNoText, "images only"},
		{"truncated half", factsheet[:len(factsheet)/2], ErrBroken, "missing %EOF"},
		{"truncated end", factsheet[:len(factsheet)-20], ErrBroken, ""},
		{"damaged xref", []byte(strings.Replace(string(factsheet), "xref", "xxxx", 1)), ErrBroken, ""},
		{"header only", []byte("%PDF-1.7\n%%EOF\n"), ErrBroken, ""},
		{"not a PDF", []byte("hello, world"), ErrNotPDF, ""},
		{"empty", nil, ErrNotPDF, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.data)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.text)
			assert.True(t, IsPDF(err))
		})
	}
}

func TestJoinLine(t *testing.T) {
	tests := []struct{ text, next, want string }{
		{"vidarebosätt-", "ningsprogram", "vidarebosättningsprogram"},
		{"för EU-", "medborgare", "för EU-medborgare"},
		{"hälso-", "och sjukvård", "hälso- och sjukvård"},
		{"Asyl-", "und Migration", "Asyl- und Migration"},
		{"artikel 2024-", "05", "artikel 2024-05"},
		{"Schengen-", "Gränskodex", "Schengen-Gränskodex"},
		{"e-", "post", "e-post"},
		{"ord", "nästa", "ord nästa"},
		{"soft\u00ad", "hyphen", "softhyphen"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, joinLine(tt.text, tt.next), "%q + %q", tt.text, tt.next)
	}
}

// officialJournal reads a fixture from the shared corpora.
func officialJournal(t testing.TB, name string) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shareddata.Dir(t, "corpora", "eurlex-sv"), name))
	require.NoError(t, err)
	d, err := Read(data)
	require.NoError(t, err, name)
	return d
}

func TestOfficialJournalFixtures(t *testing.T) {
	tests := []struct {
		file, title, eli string
		articles         int
		pages            int
		headings         map[int]string // article number → section heading
		parents          map[int][]string
		lastFirst        string // the first paragraph of the last article
	}{
		{
			file: "OJ_L_202401358_SV_TXT.pdf", title: "EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) 2024/1358",
			eli: "http://data.europa.eu/eli/reg/2024/1358/oj", articles: 63, pages: 69,
			headings: map[int]string{
				1:  "Artikel 1: Syftet med Eurodac",
				18: "Artikel 18: Insamling och överföring av biometriska uppgifter",
				63: "Artikel 63: Ikraftträdande och tillämplighet",
			},
			parents: map[int][]string{18: {
				"KAPITEL III: Personer som registrerats för genomförande av ett inreseförfarande och personer som beviljats inresa i enlighet med ett nationellt vidarebosättningsprogram",
				"AVSNITT 1: Personer som registrerats för genomförande av ett inreseförfarande enligt unionsramen för vidarebosättning och inresa av humanitära skäl",
			}},
			lastFirst: "1. Denna förordning träder i kraft den tjugonde dagen efter det att den har offentliggjorts i Europeiska unionens officiella tidning.",
		},
		{
			file: "OJ_L_202401359_SV_TXT.pdf", title: "EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) 2024/1359",
			eli: "http://data.europa.eu/eli/reg/2024/1359/oj", articles: 20, pages: 24,
			headings: map[int]string{
				1:  "Artikel 1: Innehåll",
				7:  "Artikel 7: EU-solidaritetssamordnare",
				8:  "Artikel 8: Solidaritets- och stödåtgärder i en krissituation",
				20: "Artikel 20: Ikraftträdande",
			},
			parents:   map[int][]string{8: {"KAPITEL III: SOLIDARITETSÅTGÄRDER SOM ÄR TILLÄMPLIGA I EN KRISSITUATION"}},
			lastFirst: "Denna förordning träder i kraft den tjugonde dagen efter det att den har offentliggjorts i Europeiska unionens officiella tidning.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := officialJournal(t, tt.file)
			require.True(t, d.Act)
			assert.Equal(t, "sv", d.Language)
			assert.Equal(t, tt.title, d.Title)
			assert.Equal(t, tt.eli, d.ELI)
			assert.Equal(t, "2024-05-14", d.Date, "av den 14 maj 2024")
			assert.Equal(t, tt.pages, d.Pages)
			assert.Positive(t, d.Footnotes)
			assert.Equal(t, "Av följande skäl", d.Sections[0].Heading)
			assert.True(t, strings.HasPrefix(d.Sections[0].Paragraphs[0], "(1) "), d.Sections[0].Paragraphs[0])
			var articles []Section
			for _, s := range d.Sections {
				if articleRe.MatchString(strings.SplitN(s.Heading, ":", 2)[0]) {
					articles = append(articles, s)
				}
			}
			require.Len(t, articles, tt.articles, "one section per article")
			for n, want := range tt.headings {
				assert.Equal(t, want, articles[n-1].Heading)
			}
			assert.Equal(t, tt.lastFirst, articles[len(articles)-1].Paragraphs[0], "a paragraph with an italic title runs on")
			sig := slices.IndexFunc(d.Sections, func(s Section) bool { return s.Heading == "Utfärdad i Bryssel den 14 maj 2024." })
			require.Positive(t, sig, "the signatures are a section of their own")
			assert.Nil(t, d.Sections[sig].Parents)
			assert.Contains(t, d.Sections[sig].Paragraphs, "På Europaparlamentets vägnar")
			assert.NotContains(t, articles[len(articles)-1].Paragraphs, "På Europaparlamentets vägnar")
			for n, want := range tt.parents {
				assert.Equal(t, want, articles[n-1].Parents)
			}
			for i, a := range articles {
				assert.True(t, strings.HasPrefix(a.Heading, "Artikel "+strconv.Itoa(i+1)+": "), "article %d heading %q", i+1, a.Heading)
				assert.NotEmpty(t, a.Paragraphs, a.Heading)
			}
			var body strings.Builder
			for _, s := range d.Sections {
				for _, p := range s.Paragraphs {
					for _, furniture := range []string{"Europeiska unionens officiella tidning", "ELI:", "L-serien", "SV ", "EUT L, 22.5.2024"} {
						assert.False(t, strings.HasPrefix(p, furniture), "running header or footer in %s: %q", s.Heading, p)
					}
					assert.NotRegexp(t, `^\d+/\d+$`, p, "page number in %s", s.Heading)
					body.WriteString(p + "\n")
				}
			}
			text := body.String()
			assert.NotContains(t, text, "(1) EUT C", "footnotes kept out of the body")
		})
	}
}

func BenchmarkReadOfficialJournal(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(shareddata.Dir(b, "corpora", "eurlex-sv"), "OJ_L_202401358_SV_TXT.pdf"))
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestActDate(t *testing.T) {
	tests := map[string]string{
		"av den 14 maj 2024":           "2024-05-14",
		"of 26 June 2013":              "2013-06-26",
		"vom 14. Mai 2024":             "2024-05-14",
		"du 1er janvier 2020":          "",
		"del 3 de marzo de 2021":       "",
		"COUNCIL REGULATION 2024/1359": "",
	}
	for in, want := range tests {
		assert.Equal(t, want, actDate([]string{in}), in)
	}
}
