package bench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"pactbot/index"
)

// TestGeneratedPassagesMatchChunker holds the generator to its promise
// against the real chunker: Generate(seed, n) indexes as exactly n passages
// at the default passage size, so the benchmarks measure the size they name.
func TestGeneratedPassagesMatchChunker(t *testing.T) {
	const n = 5000
	c, err := Generate(11, n)
	require.NoError(t, err)
	got := 0
	for _, d := range c.Documents {
		ps := index.Chunk(d, index.DefaultPassageWords)
		for _, p := range ps {
			require.Zero(t, p.Position, "section %s of %s was split", p.Anchor, p.DocID)
		}
		got += len(ps)
	}
	require.Equal(t, n, got)
}
