package privacy

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redTeamCase is one line of testdata/redteam.json: a question as a
// citizen might write it and what Mask must make of it. Kind names the
// personal data in it, or is empty for a negative, which must come back
// unchanged.
type redTeamCase struct {
	Kind string `json:"kind"`
	Lang string `json:"lang"`
	Text string `json:"text"`
	Want string `json:"want"`
}

// TestRedTeam measures the detector on the red-team table: the share of
// positives masked exactly as expected, by kind, and the negatives left
// alone. Run with -v to see the rates.
func TestRedTeam(t *testing.T) {
	data, err := os.ReadFile("testdata/redteam.json")
	require.NoError(t, err)
	var cases []redTeamCase
	require.NoError(t, json.Unmarshal(data, &cases), "testdata/redteam.json")
	type tally struct{ hit, n int }
	byKind := map[string]*tally{}
	pos, neg := tally{}, tally{}
	for _, c := range cases {
		got := Mask(c.Text)
		ok := got == c.Want
		if c.Kind == "" {
			neg.n++
			if ok {
				neg.hit++
			}
			assert.Equal(t, c.Want, got, "false positive (%s)", c.Lang)
			continue
		}
		k := byKind[c.Kind]
		if k == nil {
			k = &tally{}
			byKind[c.Kind] = k
		}
		k.n++
		pos.n++
		if ok {
			k.hit++
			pos.hit++
		} else {
			t.Logf("miss (%s, %s): %q\n  got  %q\n  want %q", c.Kind, c.Lang, c.Text, got, c.Want)
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("%-14s %d/%d", k, byKind[k].hit, byKind[k].n)
	}
	t.Logf("detection: %d/%d positives exact (%.1f%%); negatives untouched: %d/%d",
		pos.hit, pos.n, 100*float64(pos.hit)/float64(pos.n), neg.hit, neg.n)
	require.GreaterOrEqual(t, len(cases), 40, "the red-team table is at least 40 cases")
	assert.Equal(t, pos.n, pos.hit, fmt.Sprintf("every positive masked exactly (%d missed)", pos.n-pos.hit))
}
