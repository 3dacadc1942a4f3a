package answer

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

type labelledClaims struct {
	Passages map[string]string `json:"passages"`
	Claims   []struct {
		Passage   string `json:"passage"`
		Text      string `json:"text"`
		Supported bool   `json:"supported"`
	} `json:"claims"`
}

func newTestVerifier(t *testing.T, o VerifyOptions) *Verifier {
	t.Helper()
	v, err := NewVerifier(o)
	require.NoError(t, err)
	return v
}

// TestSupportThresholdCurve measures, on the labelled claims, how well
// content-word support alone tells supported claims from the rest: a claim
// is accepted when its support reaches the line. Precision is the share of
// accepted claims that are supported, recall the share of supported claims
// accepted. DefaultMinSupport's comment quotes the curve.
func TestSupportThresholdCurve(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "verify", "claims.json"))
	require.NoError(t, err)
	var set labelledClaims
	require.NoError(t, json.Unmarshal(b, &set))
	v := newTestVerifier(t, VerifyOptions{})
	type scored struct {
		score     float64
		supported bool
		text      string
	}
	var all []scored
	for _, c := range set.Claims {
		p, ok := set.Passages[c.Passage]
		require.True(t, ok, "claim %q names passage %q", c.Text, c.Passage)
		text := tidySpaces(markerRE.ReplaceAllString(c.Text, ""))
		all = append(all, scored{v.Support(text, v.PassageTerms(p)), c.Supported, text})
	}
	var curve strings.Builder
	fmt.Fprintf(&curve, "# %d claims, %d supported; accepted when support >= line\n", len(all), countSupported(all, func(s scored) bool { return s.supported }))
	fmt.Fprintf(&curve, "line  accepted  precision  recall\n")
	var atDefault [2]float64
	for line := 30; line <= 90; line += 5 {
		min := float64(line) / 100
		accepted := func(s scored) bool { return s.score >= min-1e-9 }
		acc := countSupported(all, accepted)
		tp := countSupported(all, func(s scored) bool { return accepted(s) && s.supported })
		precision, recall := ratio(tp, acc), ratio(tp, countSupported(all, func(s scored) bool { return s.supported }))
		fmt.Fprintf(&curve, "%.2f  %8d  %9.2f  %6.2f\n", min, acc, precision, recall)
		if math.Abs(min-DefaultMinSupport) < 1e-9 {
			atDefault = [2]float64{precision, recall}
		}
	}
	fmt.Fprintf(&curve, "# misjudged at %.2f:\n", DefaultMinSupport)
	for _, s := range all {
		if (s.score >= DefaultMinSupport) != s.supported {
			fmt.Fprintf(&curve, "%.2f %v %s\n", s.score, s.supported, s.text)
		}
	}
	t.Log("\n" + curve.String())
	golden(t, filepath.Join("testdata", "verify", "threshold_curve.golden"), curve.String())
	assert.GreaterOrEqual(t, atDefault[0], 0.9, "precision at DefaultMinSupport")
	assert.GreaterOrEqual(t, atDefault[1], 0.9, "recall at DefaultMinSupport")
}

func countSupported[T any](all []T, keep func(T) bool) int {
	n := 0
	for _, s := range all {
		if keep(s) {
			n++
		}
	}
	return n
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./answer -update to create it")
	assert.Equal(t, string(want), got)
}
