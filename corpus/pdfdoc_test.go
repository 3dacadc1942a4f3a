package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus/pdftext"
	"pactbot/internal/shareddata"
)

// readPDFFixture reads one of the generated PDFs of corpus/pdftext/testdata
// (see pdfwriter_test.go there for how they are made).
func readPDFFixture(t *testing.T, name string) (Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("pdftext", "testdata", name))
	require.NoError(t, err)
	return ReadDocument(filepath.Join("docs", name), data)
}

func sectionHeadings(doc Document) []string {
	out := make([]string, len(doc.Sections))
	for i, s := range doc.Sections {
		out[i] = s.Heading
	}
	return out
}

func TestPDFFactsheetUsesTextInference(t *testing.T) {
	doc, err := readPDFFixture(t, "factsheet.pdf")
	require.NoError(t, err)
	assert.Equal(t, "factsheet", doc.ID)
	assert.Equal(t, "Solidarity in asylum and migration", doc.Title)
	assert.Equal(t, "2024-03", doc.Date, "from the dateline")
	assert.Equal(t, "en", doc.Language, "no /Lang: detected from the text")
	assert.Equal(t, []string{
		"Solidarity in asylum and migration", // the dateline is the title's text
		"A common system for asylum",
		"Faster procedures at the border",
		"Working with partner countries",
		"Funding",
	}, sectionHeadings(doc))
	assert.Equal(t, []string{"Solidarity in asylum and migration", "A common system for asylum"}, doc.Sections[1].Path)
	assert.Contains(t, doc.Sections[1].Text, "people who apply for asylum in the Union")
	assert.Contains(t, doc.Sections[1].Text, "- access to the labour market after six months")
	for _, s := range doc.Sections {
		assert.NotContains(t, s.Text, "EU migration factsheet", "running header dropped")
	}
	assert.Equal(t, "", doc.CELEX)
}

func TestPDFTwoColumnAct(t *testing.T) {
	doc, err := readPDFFixture(t, "twocolumn.pdf")
	require.NoError(t, err)
	title := "RÅDETS FÖRORDNING (EU) 2024/9999"
	assert.Equal(t, title, doc.Title)
	assert.Equal(t, title+" av den 14 maj 2024 om provning av läsare", doc.FullTitle)
	assert.Equal(t, "sv", doc.Language)
	assert.Equal(t, [][]string{
		{title, "Av följande skäl"},
		{title, "KAPITEL I: Allmänna bestämmelser", "Artikel 1: Syfte"},
		{title, "KAPITEL I: Allmänna bestämmelser", "Artikel 2: Definitioner"},
		{title, "KAPITEL II: Slutbestämmelser", "Artikel 3: Ikraftträdande"},
	}, headingPaths(doc))
	assert.Equal(t, "kapitel-i-allmanna-bestammelser--artikel-1-syfte", doc.Sections[1].Anchor)
	assert.Equal(t, 3, doc.Sections[1].Level)
	assert.Equal(t, "Denna förordning gäller för EU-medborgare och för hälso- och sjukvård i medlemsstaterna, se (1).\n\n"+
		"Den vänstra spalten slutar mitt i en mening och fortsätter här i den högra spalten.", doc.Sections[1].Text)
}

func TestPDFErrorsNameTheFile(t *testing.T) {
	tests := []struct {
		name string
		want error
		text string
	}{
		{"encrypted.pdf", pdftext.ErrEncrypted, "PDF is encrypted: a password is needed to open it"},
		{"scanned.pdf", pdftext.ErrNoText, "PDF has no text layer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readPDFFixture(t, tt.name)
			var de *DocError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, filepath.Join("docs", tt.name), de.File)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, filepath.Join("docs", tt.name)+": "+tt.text, err.Error()[:len(filepath.Join("docs", tt.name))+2+len(tt.text)])
		})
	}
	data, err := os.ReadFile(filepath.Join("pdftext", "testdata", "factsheet.pdf"))
	require.NoError(t, err)
	_, err = ReadDocument("cut.pdf", data[:len(data)/2])
	require.ErrorIs(t, err, pdftext.ErrBroken)
	assert.True(t, strings.HasPrefix(err.Error(), "cut.pdf: PDF is damaged or truncated"), err.Error())
}

func TestCELEXFromELI(t *testing.T) {
	tests := map[string]string{
		"http://data.europa.eu/eli/reg/2024/1358/oj":     "32024R1358",
		"http://data.europa.eu/eli/dir/2024/1346/oj":     "32024L1346",
		"http://data.europa.eu/eli/dec_impl/2022/382/oj": "32022D0382",
		"http://data.europa.eu/eli/reco/2024/1/oj":       "",
		"not an eli": "",
	}
	for eli, want := range tests {
		assert.Equal(t, want, celexFromELI(eli), eli)
	}
}

func TestPDFOfficialJournal(t *testing.T) {
	dir := shareddata.Dir(t, "corpora", "eurlex-sv")
	tests := []struct {
		file, celex string
		articles    int
		path18      []string // the path of one article below the title
	}{
		{"OJ_L_202401358_SV_TXT.pdf", "32024R1358", 63, []string{
			"KAPITEL III: Personer som registrerats för genomförande av ett inreseförfarande och personer som beviljats inresa i enlighet med ett nationellt vidarebosättningsprogram",
			"AVSNITT 1: Personer som registrerats för genomförande av ett inreseförfarande enligt unionsramen för vidarebosättning och inresa av humanitära skäl",
			"Artikel 18: Insamling och överföring av biometriska uppgifter",
		}},
		{"OJ_L_202401359_SV_TXT.pdf", "32024R1359", 20, []string{
			"KAPITEL VI: SLUTBESTÄMMELSER",
			"Artikel 18: Ekonomiskt stöd",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			require.NoError(t, err)
			doc, err := ReadDocument(tt.file, data)
			require.NoError(t, err)
			assert.Equal(t, "sv", doc.Language)
			assert.Equal(t, tt.celex, doc.CELEX)
			assert.Equal(t, "2024-05-14", doc.Date)
			assert.Equal(t, "http://data.europa.eu/eli/reg/"+tt.celex[1:5]+"/"+tt.celex[6:]+"/oj", doc.URL)
			assert.Equal(t, "EUROPAPARLAMENTETS OCH RÅDETS FÖRORDNING (EU) "+tt.celex[1:5]+"/"+tt.celex[6:], doc.Title)
			assert.Equal(t, "Av följande skäl", doc.Sections[1].Heading, "preamble, then the recitals")
			var articles []Section
			for _, s := range doc.Sections {
				if strings.HasPrefix(s.Heading, "Artikel ") {
					articles = append(articles, s)
				}
				assert.NotRegexp(t, `(?m)^\d+/\d+$`, s.Text)
				assert.NotContains(t, s.Text, "Europeiska unionens officiella tidning\n")
			}
			require.Len(t, articles, tt.articles)
			assert.Equal(t, append([]string{doc.Title}, tt.path18...), articles[17].Path)
		})
	}
}
