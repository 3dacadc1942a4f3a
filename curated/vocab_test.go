package curated

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
