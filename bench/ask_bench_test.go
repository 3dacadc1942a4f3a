package bench

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"pactbot/corpus"
	"pactbot/index"
)

// askQuestion is the question of the README and of ask-latency.sh.
const askQuestion = "How much money is earmarked for the Pact?"

// BenchmarkAskSteps splits what one `pactbot ask` process does before it
// answers into its steps, for the shipped corpus and, when present, the 2024
// Pact acts: reading the corpus, parsing the glossary, opening the built
// index, and the search. ask-latency.sh measures the whole process.
func BenchmarkAskSteps(b *testing.B) {
	loaders := []struct {
		name string
		load func() (*corpus.Corpus, error)
	}{
		{"shipped", corpus.LoadEmbedded},
		{"pact2024", func() (*corpus.Corpus, error) { return corpus.LoadDir(pactDir) }},
	}
	for _, l := range loaders {
		b.Run("corpus="+l.name, func(b *testing.B) {
			if l.name == "pact2024" {
				if _, err := os.Stat(pactDir); err != nil {
					b.Skipf("no pact2024 corpus at %s", pactDir)
				}
			}
			c, err := l.load()
			require.NoError(b, err)
			dir := b.TempDir()
			ix, err := index.Open(dir, c, benchOptions(b))
			require.NoError(b, err)
			require.NoError(b, ix.Close())

			b.Run("load", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					_, err := l.load()
					require.NoError(b, err)
				}
			})
			b.Run("glossary", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					_, err := corpus.DefaultGlossary()
					require.NoError(b, err)
				}
			})
			b.Run("open", func(b *testing.B) { benchOpen(b, dir, c) })
			ix, err = index.Open(dir, c, benchOptions(b))
			require.NoError(b, err)
			defer func() { require.NoError(b, ix.Close()) }()
			b.Run("search", func(b *testing.B) { benchSearch(b, ix, []string{askQuestion}) })
		})
	}
}
