package pdftext

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead feeds damaged variants of the fixtures to Read: it must return
// a document or one of the package's errors, never panic or hang.
func FuzzRead(f *testing.F) {
	for name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read(data)
		if err != nil {
			if !IsPDF(err) {
				t.Fatalf("error outside the package's kinds: %v", err)
			}
			return
		}
		if len(d.Paragraphs) == 0 {
			t.Fatal("a document without paragraphs")
		}
	})
}
