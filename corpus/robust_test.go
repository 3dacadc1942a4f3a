package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactbot/corpus/pdftext"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDirSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "passwd.txt")
	require.NoError(t, os.WriteFile(secret, []byte("Secret\n\nroot:x:0:0\n"), 0o644))
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "good.md"), []byte("# Good\n\nText.\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "inner.md"), []byte("# Inner\n\nText.\n"), 0o644))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "leak.txt")))
	require.NoError(t, os.Symlink(filepath.Join("sub", "inner.md"), filepath.Join(dir, "alias.md")))
	require.NoError(t, os.Symlink("sub", filepath.Join(dir, "subdir")))
	require.NoError(t, os.Symlink("missing.md", filepath.Join(dir, "broken.md")))

	c, err := LoadDir(dir)
	require.NotNil(t, c)
	var ids []string
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
		assert.NotContains(t, allText(d), "root:x", "a link out of the corpus is never read")
	}
	assert.Equal(t, []string{"alias", "good", "inner"}, ids, "a link inside the corpus is read")
	var le *LoadError
	require.ErrorAs(t, err, &le)
	require.Len(t, le.Problems, 2)
	assert.Equal(t, filepath.Join(dir, "broken.md"), le.Problems[0].File)
	assert.Contains(t, le.Problems[0].Error(), "broken symbolic link")
	assert.Equal(t, filepath.Join(dir, "leak.txt"), le.Problems[1].File)
	assert.ErrorIs(t, &le.Problems[1], ErrSymlinkOutside)
	assert.Contains(t, le.Problems[1].Error(), secret, "the target is named")
	assert.Contains(t, c.Skipped, Skipped{Path: filepath.Join(dir, "subdir"), Reason: "symbolic link to a directory: not followed"})
}

func TestLoadReportsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"act.md": "# Act\n\nText.\n", "README.md": "# About\n", "LICENSE": "terms", "Licence.txt": "terms",
		"glossary-extra.yaml": "- synonyms: [a, b]\n", ".draft.md": "# Draft\n\ntext",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	c, err := LoadDir(dir)
	require.NoError(t, err)
	reasons := map[string]string{}
	for _, s := range c.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason
	}
	assert.Equal(t, map[string]string{
		".draft.md":           "hidden",
		"LICENSE":             "licence file, not a document",
		"Licence.txt":         "licence file, not a document",
		"README.md":           "README: describes the corpus, not a document",
		"glossary-extra.yaml": "glossary file, not a document (name it in index.glossary to use it)",
	}, reasons)

	_, err = LoadDir(filepath.Join(dir, "..", filepath.Base(dir), "README.md"))
	require.Error(t, err)
	empty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(empty, "README.md"), []byte("# About\n"), 0o644))
	_, err = LoadDir(empty)
	require.ErrorIs(t, err, ErrNoDocuments)
	assert.Contains(t, err.Error(), "skipped "+filepath.Join(empty, "README.md")+": README", "with nothing loaded, the skipped files say why")
}

func TestReadDocumentBinaryFormats(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"letter.docx", "PK\x03\x04\x14\x00", "Word document"},
		{"photo.jpg", "\xff\xd8\xff\xe0", "JPEG image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDocument(tt.name, []byte(tt.data))
			require.ErrorIs(t, err, ErrBinary)
			assert.Contains(t, err.Error(), tt.name)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "UTF-8")
			assert.NotContains(t, err.Error(), "not supported")
		})
	}
	for _, name := range []string{"scan.pdf", "mislabelled.txt"} {
		_, err := ReadDocument(name, []byte("%PDF-1.7\n\xe2\xe3\xcf\xd3\n"))
		require.ErrorIs(t, err, pdftext.ErrBroken, "a PDF, by extension or signature, goes to the PDF reader")
		assert.Contains(t, err.Error(), name)
		assert.NotContains(t, err.Error(), "UTF-8")
		assert.NotContains(t, err.Error(), "not supported")
	}
	_, err := ReadDocument("notes.rst", []byte("Title\n=====\n"))
	require.ErrorIs(t, err, ErrUnsupported)
	assert.Contains(t, err.Error(), "Markdown (.md", "the error lists the formats that are understood")
}

func TestNoStructureWarning(t *testing.T) {
	long := strings.Repeat("the member states shall ensure that applicants are informed of their rights and obligations, ", 60)
	doc, err := ReadDocument("wall.txt", []byte(long))
	require.NoError(t, err)
	require.Len(t, doc.Sections, 1)
	require.Len(t, doc.Warnings, 1)
	assert.True(t, strings.HasPrefix(doc.Warnings[0], "no structure found: 5 KB came out as one section"), doc.Warnings[0])
	assert.Contains(t, doc.Warnings[0], Formats)

	short, err := ReadDocument("note.txt", []byte("A short note without headings."))
	require.NoError(t, err)
	assert.Empty(t, short.Warnings, "a short text has no structure to find")
	structured, err := ReadDocument("act.md", []byte("# Act\n\n## Article 1\n\n"+long+"\n\n## Article 2\n\nText.\n"))
	require.NoError(t, err)
	assert.Empty(t, structured.Warnings)
}

func TestMarkdownCRLFFrontMatter(t *testing.T) {
	in := "---\r\ntitle: Reception rules\r\nurl: https://example.eu/rcd\r\nlang: sv\r\n---\r\n\r\n# Reception rules\r\n\r\nIntro text.\r\n\r\n## Article 1\r\n\r\nBody.\r\n"
	doc, err := ReadDocument("rcd.md", []byte(in))
	require.NoError(t, err)
	assert.Equal(t, "Reception rules", doc.Title)
	assert.Equal(t, "https://example.eu/rcd", doc.URL, "the front matter is read, so citations have a URL")
	assert.Equal(t, "sv", doc.Language, "lang: is an alias of language:")
	require.Equal(t, [][]string{{"Reception rules"}, {"Reception rules", "Article 1"}}, headingPaths(doc))
	assert.Equal(t, "Intro text.", doc.Sections[0].Text)
	assert.NotContains(t, allText(doc), "title:")
	assert.NotContains(t, allText(doc), "\r")
}

func TestDocumentLanguage(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"declared.md", "---\ntitle: X\nlanguage: de\n---\n\nHello there, this is English text.\n", "de"},
		{"regional.md", "---\ntitle: X\nlanguage: pt-BR\n---\n\nTexto.\n", "pt"},
		{"html-lang.html", `<html lang="fr-FR"><body><h1>Titre</h1><p>Texte.</p></body></html>`, "fr"},
		{"swedish.txt", "Mottagningsvillkor\n\nMedlemsstaterna ska se till att sökande har tillgång till arbetsmarknaden senast sex månader efter den dag då ansökan om internationellt skydd lämnades in, och att de får information om sina rättigheter och skyldigheter.\n", "sv"},
		{"english.txt", "Reception conditions\n\nMember States shall ensure that applicants have access to the labour market no later than six months from the date when the application was lodged.\n", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadDocument(tt.name, []byte(tt.data))
			require.NoError(t, err)
			assert.Equal(t, tt.want, doc.Language)
		})
	}
}

func TestTextKeepsRepeatedSentences(t *testing.T) {
	in := "Amendments\n\nArticle 3 is amended as follows:\n\nDeleted.\n\nArticle 4 is amended as follows:\n\nDeleted.\n\nArticle 5 is amended as follows:\n\nDeleted.\n\nOfficial Journal of the European Union\n\nMore body text that follows here.\n\nOfficial Journal of the European Union\n\nOfficial Journal of the European Union\n"
	doc, err := ReadDocument("amend.txt", []byte(in))
	require.NoError(t, err)
	all := allText(doc)
	assert.Equal(t, 3, strings.Count(all, "Deleted."), "a repeated sentence is content")
	assert.NotContains(t, all, "Official Journal", "a repeated header line is furniture")
}
