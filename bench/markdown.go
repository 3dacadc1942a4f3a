package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"pactbot/corpus"
)

// Markdown renders d as the corpus Markdown format: YAML front matter, then
// one '#' heading per section at its level, then its text. Reading it back
// with the corpus Markdown reader gives the same metadata and the same
// sections with text (headings without text live on in the paths).
func Markdown(d corpus.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\npublisher: %q\ndate: %q\nlanguage: %s\nurl: %s\n---\n",
		d.Title, d.Publisher, d.Date, d.Language, d.URL)
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "\n%s %s\n", strings.Repeat("#", max(s.Level, 1)), s.Heading)
		if s.Text != "" {
			b.WriteString("\n")
			b.WriteString(s.Text)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// WriteCorpus writes every document of c into dir as <ID>.md, so the CLI can
// index it with --corpus dir.
func WriteCorpus(dir string, c corpus.Corpus) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: create %s: %w", dir, err)
	}
	for _, d := range c.Documents {
		path := filepath.Join(dir, d.ID+".md")
		if err := os.WriteFile(path, []byte(Markdown(d)), 0o644); err != nil {
			return fmt.Errorf("bench: write %s: %w", path, err)
		}
	}
	return nil
}
