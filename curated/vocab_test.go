package curated

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"earmark", "earmark", true},
		{"earmark", "earmak", true},
		{"earmark", "earmarks", true},
		{"earmark", "eermark", true},
		{"earmark", "earmrak", false},
		{"earmark", "ear", false},
		{"", "a", true},
		{"ab", "ba", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, withinOneEdit(tc.a, tc.b), "%q %q", tc.a, tc.b)
		assert.Equal(t, tc.want, withinOneEdit(tc.b, tc.a), "%q %q", tc.b, tc.a)
	}
}

func TestShortTermsNeedAnExactMatch(t *testing.T) {
	a, b := concept{main: "visa"}, concept{main: "visit"}
	assert.False(t, same(a, b), "one edit apart, but too short to be a typo safely")
}

func TestPersonalDataIsNoConcept(t *testing.T) {
	m, err := NewMatcher(nil, 0.8)
	require.NoError(t, err)
	defer m.Close()
	want := m.vocab.concepts("When does the screening start?")
	for _, q := range []string{
		"My passport number is X1234567, when does the screening start?",
		"My passport number is [ID number], when does the screening start?",
		"when does the screening start? mail me at jan.jansen@example.org",
	} {
		var got []string
		for _, c := range m.vocab.concepts(q) {
			got = append(got, c.main)
		}
		var wantMains []string
		for _, c := range want {
			wantMains = append(wantMains, c.main)
		}
		assert.Subset(t, got, wantMains, q)
		assert.NotContains(t, got, "x1234567", q)
		assert.NotContains(t, got, "id", q)
		assert.NotContains(t, got, "jan.jansen", q)
	}
}
