package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
)

// TestSimilarityLineWithRealModel measures DefaultMinSimilarity on the
// labelled claims of the answer package with the real multilingual-e5-small server (.ci/models.sh
// starts it; PACTBOT_EMBED_URL names it) and prints the curve.
func TestSimilarityLineWithRealModel(t *testing.T) {
	emb := realEmbedder(t)
	b, err := os.ReadFile(filepath.Join("..", "answer", "testdata", "verify", "claims.json"))
	require.NoError(t, err)
	var set struct {
		Passages map[string]string `json:"passages"`
		Claims   []struct {
			Passage   string `json:"passage"`
			Supported bool   `json:"supported"`
			Text      string `json:"text"`
		} `json:"claims"`
	}
	require.NoError(t, json.Unmarshal(b, &set))

	ctx := context.Background()
	pv := map[string][]float32{}
	for id, p := range set.Passages {
		vs, err := emb.Embed(ctx, []string{p}, "passage")
		require.NoError(t, err)
		pv[id] = vs[0]
	}
	texts := make([]string, len(set.Claims))
	for i, c := range set.Claims {
		texts[i] = strings.TrimSpace(markerRE.ReplaceAllString(c.Text, ""))
	}
	qv, err := emb.Embed(ctx, texts, "query")
	require.NoError(t, err)
	type scored struct {
		sim       float64
		supported bool
	}
	var all []scored
	positives := 0
	for i, c := range set.Claims {
		all = append(all, scored{cosine(qv[i], pv[c.Passage]), c.Supported})
		if c.Supported {
			positives++
		}
	}
	var curve strings.Builder
	var atDefault [2]float64
	for line := 80; line <= 90; line++ {
		min := float64(line) / 100
		acc, tp := 0, 0
		for _, s := range all {
			if s.sim >= min-1e-9 {
				acc++
				if s.supported {
					tp++
				}
			}
		}
		precision, recall := float64(tp)/float64(max(acc, 1)), float64(tp)/float64(max(positives, 1))
		fmt.Fprintf(&curve, "%.2f  accepted %2d  precision %.2f  recall %.2f\n", min, acc, precision, recall)
		if math.Abs(min-answer.DefaultMinSimilarity) < 1e-9 {
			atDefault = [2]float64{precision, recall}
		}
	}
	t.Logf("cosine line curve, %d claims (%d supported):\n%s", len(all), positives, curve.String())
	assert.GreaterOrEqual(t, atDefault[0], 0.95, "precision at DefaultMinSimilarity")
	assert.GreaterOrEqual(t, atDefault[1], 0.75, "recall at DefaultMinSimilarity")
}

var markerRE = regexp.MustCompile(`\[\d+(?:\s*,\s*\d+)*\]`)

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}
