package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"pactbot/corpus/pdftext"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadEmbedded(t *testing.T) {
	_, err := fs.Stat(Embedded(), "taking-stock-2024-03.md")
	require.NoError(t, err, "documents sit at the root of Embedded()")
	c, err := LoadEmbedded()
	require.NoError(t, err)
	var ids []string
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{
		"ammr-32024R1351", "apr-32024R1348", "cfmr-32024R1359", "eurodac-32024R1358", "qr-32024R1347",
		"rbpr-32024R1349", "rcd-32024L1346", "sr-32024R1356", "taking-stock-2024-03", "urfa-32024R1350",
	}, ids, "the factsheet and the nine Pact acts")
	for _, d := range c.Documents {
		assert.Equal(t, "en", d.Language, d.ID)
		assert.Equal(t, "markdown", d.Format, d.ID)
		assert.Empty(t, d.Warnings, d.ID)
		assert.True(t, strings.HasPrefix(d.URL, "https://"), d.ID)
		if d.ID == "taking-stock-2024-03" {
			assert.Equal(t, "taking-stock-2024-03.md", d.File)
			assert.Len(t, d.Sections, 4)
			continue
		}
		assert.Equal(t, d.CELEX, d.ID[strings.Index(d.ID, "-")+1:], "each act names its CELEX number")
		assert.Contains(t, d.Licence, "Commission Decision 2011/833/EU", "each act carries its licence note")
		assert.Greater(t, len(d.Sections), 10, d.ID)
	}
	assert.Equal(t, []Skipped{{Path: "README.md", Reason: "README: describes the corpus, not a document"}}, c.Skipped)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{64}$`), c.Fingerprint)
}

func TestLoadDirReportsEveryBadDocument(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.md":             "---\ntitle: Good\n---\n\nText.\n",
		"plain.txt":           "Title\n\nSome body text.\n",
		"sub/page.html":       "<h1>Page</h1><p>Body.</p>",
		"README.md":           "# not a document\n\ntext",
		"glossary.yaml":       "- synonyms: [a, b]\n",
		".hidden.md":          "# hidden\n\ntext",
		"bad-frontmatter.md":  "---\ntitle: Bad\ndate: [2024\n---\n\nText.\n",
		"bad-utf8.txt":        "Title\n\nbody \xff\xfe here\n",
		"empty.md":            "---\ntitle: Only a title\n---\n",
		"scan.pdf":            "%PDF-1.7",
		"sub/good.md":         "# Same id\n\nText.\n",
		"binary.txt":          "Title\n\nbody\x00\x01\n",
		"sub/deeper/notes.md": "## Heading\n\nText.\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}

	c, err := LoadDir(dir)
	require.NotNil(t, c, "the good documents still load")
	var ids []string
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{"good", "notes", "page", "plain"}, ids)
	assert.Equal(t, filepath.Join(dir, "sub", "page.html"), c.Documents[2].File)

	var le *LoadError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 4, le.Loaded)
	got := map[string]DocError{}
	for _, p := range le.Problems {
		rel, relErr := filepath.Rel(dir, p.File)
		require.NoError(t, relErr)
		got[filepath.ToSlash(rel)] = p
	}
	want := []struct {
		file     string
		line     int
		sentinel error
	}{
		{"bad-frontmatter.md", 3, ErrFrontMatter},
		{"bad-utf8.txt", 3, ErrNotUTF8},
		{"binary.txt", 3, ErrNotText},
		{"empty.md", 0, ErrEmpty},
		{"scan.pdf", 0, pdftext.ErrBroken},
		{"sub/good.md", 0, ErrDuplicateID},
	}
	require.Len(t, got, len(want), "problems: %v", le)
	for _, w := range want {
		p, ok := got[w.file]
		if !assert.True(t, ok, "no problem reported for %s", w.file) {
			continue
		}
		assert.Equal(t, w.line, p.Line, w.file)
		assert.ErrorIs(t, &p, w.sentinel, w.file)
		assert.ErrorIs(t, err, w.sentinel)
	}
	assert.Contains(t, err.Error(), "6 of 10 documents failed to load")
	assert.Contains(t, err.Error(), filepath.Join(dir, "bad-frontmatter.md")+":3: front matter: ")
	assert.NotErrorIs(t, err, ErrNoDocuments)
}

func TestLoadNoDocuments(t *testing.T) {
	c, err := LoadDir(t.TempDir())
	assert.Nil(t, c)
	require.ErrorIs(t, err, ErrNoDocuments)
	assert.EqualError(t, err, "corpus: no documents found")

	c, err = Load(fstest.MapFS{"a.md": {Data: []byte("---\ntitle: [\n---\n")}})
	assert.Nil(t, c)
	require.ErrorIs(t, err, ErrNoDocuments)
	require.ErrorIs(t, err, ErrFrontMatter)
	assert.Contains(t, err.Error(), "no documents loaded; 1 failed:\n\ta.md:3: front matter: ")

	_, err = LoadDir(filepath.Join(t.TempDir(), "missing"))
	require.ErrorIs(t, err, fs.ErrNotExist)
}

// lockedFS fails to open one file, as an unreadable file would.
type lockedFS struct {
	fstest.MapFS
	locked string
}

func (l lockedFS) Open(name string) (fs.File, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.Open(name)
}

func (l lockedFS) ReadFile(name string) ([]byte, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadFile(name)
}

func TestLoadUnreadable(t *testing.T) {
	fsys := lockedFS{MapFS: fstest.MapFS{
		"ok.md":     {Data: []byte("# OK\n\ntext\n")},
		"locked.md": {Data: []byte("# Locked\n\ntext\n")},
	}, locked: "locked.md"}
	c, err := Load(fsys)
	require.NotNil(t, c)
	assert.Len(t, c.Documents, 1)
	require.ErrorIs(t, err, fs.ErrPermission)
	assert.Contains(t, err.Error(), "locked.md: read: ")
}

func TestFingerprint(t *testing.T) {
	base := fstest.MapFS{
		"a.md":  {Data: []byte("# A\n\ntext a\n")},
		"b.txt": {Data: []byte("B\n\ntext b\n")},
	}
	load := func(fsys fs.FS) string {
		c, err := Load(fsys)
		require.NoError(t, err)
		return c.Fingerprint
	}
	fp := load(base)
	assert.Equal(t, fp, load(base), "stable")

	changed := fstest.MapFS{"a.md": {Data: []byte("# A\n\ntext A\n")}, "b.txt": base["b.txt"]}
	renamed := fstest.MapFS{"a2.md": base["a.md"], "b.txt": base["b.txt"]}
	moved := fstest.MapFS{"sub/a.md": base["a.md"], "b.txt": base["b.txt"]}
	assert.NotEqual(t, fp, load(changed), "a changed byte")
	assert.NotEqual(t, fp, load(renamed), "a new id")
	assert.Equal(t, fp, load(moved), "same ids and bytes: where a file sits does not matter")

	// Length-prefixing: moving bytes between the id and the data changes it.
	assert.NotEqual(t,
		Fingerprint([]FingerprintPart{{ID: "ab", Data: []byte("c")}}),
		Fingerprint([]FingerprintPart{{ID: "a", Data: []byte("bc")}}))
	assert.Equal(t,
		Fingerprint([]FingerprintPart{{ID: "x", Data: []byte("1")}, {ID: "y", Data: []byte("2")}}),
		Fingerprint([]FingerprintPart{{ID: "y", Data: []byte("2")}, {ID: "x", Data: []byte("1")}}))
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"no closing line", "---\ntitle: x\n\n# Body\n", 1, "no closing --- line"},
		{"yaml syntax", "---\ntitle: ok\nurl: \"unterminated\n---\ntext\n", 3, "found unexpected end of stream"},
		{"title is a list", "---\ntitle: [a, b]\n---\ntext\n", 2, "title: want a single value"},
		{"key twice", "---\ntitle: a\nlanguage: en\ntitle: b\n---\ntext\n", 4, `key "title" given twice`},
		{"not a mapping", "---\n- a\n- b\n---\ntext\n", 2, "want key: value pairs"},
		{"parser error line", "---\ntitle: a\n- b\n---\ntext\n", 3, "did not find expected key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDocument("doc.md", []byte(tt.in))
			var de *DocError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.line, de.Line, err.Error())
			assert.ErrorIs(t, err, ErrFrontMatter)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), "doc.md:")
		})
	}
	doc, err := ReadDocument("doc.md", []byte("---\ntitle: T\nunknown: [tolerated, list]\ncelex: 32024R1351\n---\ntext\n"))
	require.NoError(t, err)
	assert.Equal(t, "T", doc.Title)
}

func TestDocErrorFormat(t *testing.T) {
	err := &DocError{File: "a.md", Line: 3, Err: errors.New("boom")}
	assert.EqualError(t, err, "a.md:3: boom")
	assert.EqualError(t, &DocError{File: "a.md", Err: ErrEmpty}, "a.md: document has no text")
}
