package pdftext

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("PDFDUMP")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	d, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(d.Language, d.ELI, d.Pages, d.Footnotes, d.Act, "|", d.Title, "|", d.FullTitle)
	fmt.Println(d.Preamble)
	for _, s := range d.Sections {
		fmt.Printf("%q %q %d\n", s.Parents, s.Heading, len(s.Paragraphs))
	}
	if os.Getenv("PDFPLAIN") != "" {
		fmt.Println(d.PlainText())
	}
}
