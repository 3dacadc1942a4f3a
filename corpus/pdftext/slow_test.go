package pdftext

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDamagedVariants reads fixtures with random bytes changed and
// numbers inflated (a fixed seed, so the same variants every run): each
// must give a document or one of the package's errors within a second,
// never a panic, a hang or a huge allocation.
func TestDamagedVariants(t *testing.T) {
	for _, name := range []string{"factsheet.pdf", "twocolumn.pdf", "tagged.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 400; i++ {
			d := append([]byte(nil), data...)
			for k := 0; k < 3; k++ {
				j := rng.Intn(len(d))
				if d[j] >= '0' && d[j] <= '9' {
					d = append(d[:j], append([]byte("99999999"), d[j:]...)...)
				} else {
					d[j] = byte(rng.Intn(256))
				}
			}
			type result struct {
				doc *Document
				err error
			}
			done := make(chan result, 1)
			go func() {
				doc, err := Read(d)
				done <- result{doc, err}
			}()
			select {
			case r := <-done:
				if r.err != nil {
					require.True(t, IsPDF(r.err), "%s variant %d: %v", name, i, r.err)
				} else {
					require.NotEmpty(t, r.doc.Paragraphs, "%s variant %d", name, i)
				}
			case <-time.After(time.Second):
				t.Fatalf("%s variant %d: no answer within a second", name, i)
			}
		}
	}
}
