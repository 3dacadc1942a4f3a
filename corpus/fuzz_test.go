package corpus

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+`)

// FuzzReadText: the text reader never panics, builds a consistent tree, and
// every word of the input (except page furniture it drops on purpose) ends
// up in the title, a heading path or a section's text.
func FuzzReadText(f *testing.F) {
	addSeeds(f, "testdata/*.txt")
	for _, s := range []string{"", "\n\n\n", "A\n\nb", "Title:\n\nItem\n\nItem\n\nItem", "**x\ny**\n\nz", "1\n\n2\n\n3", "•\n\n- \n\n(a)\n(b)", "March 2024\n\nMarch 2024"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadDocument("fuzz.txt", data)
		if err != nil {
			return
		}
		checkTree(t, doc)
		var kept []string
		for _, b := range dropFurniture(splitBlocks(string(data))) {
			kept = append(kept, strings.Join(b.lines, "\n"))
		}
		checkWords(t, strings.Join(kept, "\n"), doc)
	})
}

// FuzzReadMarkdown: the Markdown reader never panics, builds a consistent
// tree, and every word of the body (after the front matter) ends up in the
// title, a heading path or a section's text, whole or inside a longer word:
// CommonMark reads emphasis inside a word ("0*0*", "un*believ*able") as one
// word, and its markers are not letters.
func FuzzReadMarkdown(f *testing.F) {
	addSeeds(f, "documents/*.md")
	for _, s := range []string{"", "---\n---\n", "---\ntitle: T\n---\n# A\n## B\ntext", "```\n# x\n", "# \n\n#\n", "- a\n  - b\n1) c", "***x***", "[a](b) ![c](d) <https://e.eu>", "|a|\n|-|", "> # q"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadDocument("fuzz.md", data)
		if err != nil {
			return
		}
		checkTree(t, doc)
		checkWordsWithin(t, markdownBody(string(data)), doc)
	})
}

// FuzzReadHTML: the HTML readers (generic and EUR-Lex) never panic and
// build a consistent tree. (Words may go: nav, script and the like are
// dropped on purpose.)
func FuzzReadHTML(f *testing.F) {
	addSeeds(f, "testdata/*.html")
	for _, s := range []string{"", "<", "</", "<a", "<a b='>", "<!--", "<![CDATA[x", "<script>", "<h1>x<h2>y</h1>z", "<li>a<li>b</ul>", "<header><article><h1>t</h1>", "&amp;&#x20AC;&bogus;"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadDocument("fuzz.html", data)
		if err != nil {
			return
		}
		checkTree(t, doc)
	})
}

// markdownBody drops the front matter: from a first "---" line to the next
// "---" or "..." line.
func markdownBody(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	lines := strings.Split(s, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != "---" {
		return s
	}
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimRight(lines[i], " \t\r"); t == "---" || t == "..." {
			return strings.Join(lines[i+1:], "\n")
		}
	}
	return ""
}

func addSeeds(f *testing.F, glob string) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files for %s: %v", glob, err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkTree checks the invariants of any document's sections.
func checkTree(t *testing.T, doc Document) {
	t.Helper()
	if doc.Title == "" || len(doc.Sections) == 0 {
		t.Fatalf("no title or no sections: %+v", doc)
	}
	anchors := map[string]bool{}
	for _, s := range doc.Sections {
		if len(s.Path) == 0 || s.Level != len(s.Path) || s.Heading != s.Path[len(s.Path)-1] {
			t.Fatalf("inconsistent section %+v", s)
		}
		for _, p := range s.Path {
			if p == "" {
				t.Fatalf("empty heading in path %q", s.Path)
			}
		}
		if s.Anchor == "" || anchors[s.Anchor] {
			t.Fatalf("anchor %q empty or repeated", s.Anchor)
		}
		anchors[s.Anchor] = true
	}
}

// checkWords fails when a word of in is nowhere in doc.
// checkWordsWithin fails t when a word of in is in no word of doc.
func checkWordsWithin(t *testing.T, in string, doc Document) {
	t.Helper()
	out := map[string]bool{}
	add := func(s string) {
		for _, w := range wordRe.FindAllString(s, -1) {
			out[w] = true
		}
	}
	add(doc.Title)
	for _, s := range doc.Sections {
		add(strings.Join(s.Path, " "))
		add(s.Text)
	}
	words := make([]string, 0, len(out))
	for o := range out {
		words = append(words, o)
	}
	joined := " " + strings.Join(words, " ") + " "
	for _, w := range wordRe.FindAllString(in, -1) {
		if !out[w] && !strings.Contains(joined, w) {
			t.Fatalf("word %q lost; sections: %+v", w, doc.Sections)
		}
	}
}

func checkWords(t *testing.T, in string, doc Document) {
	t.Helper()
	out := map[string]bool{}
	add := func(s string) {
		for _, w := range wordRe.FindAllString(s, -1) {
			out[w] = true
		}
	}
	add(doc.Title)
	for _, s := range doc.Sections {
		add(strings.Join(s.Path, " "))
		add(s.Text)
	}
	for _, w := range wordRe.FindAllString(in, -1) {
		if !out[w] {
			t.Fatalf("word %q lost; sections: %+v", w, doc.Sections)
		}
	}
}
