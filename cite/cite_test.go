package cite

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMarkers(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"no markers", nil},
		{"One [1]. Two [2] and [1] again.", []int{1, 2}},
		{"Both [2, 3]; then [3,4].", []int{2, 3, 4}},
		{"Not a marker: [a] or [ 1 ] or [1-2].", nil},
		{"Big [12].", []int{12}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Markers(tt.text), tt.text)
	}
}

func TestUnknown(t *testing.T) {
	cites := []Citation{{N: 1}, {N: 2}}
	assert.Nil(t, Unknown("Fine [1] and [2].", cites))
	assert.Equal(t, []int{7, 3}, Unknown("Bad [7], ok [1], bad [3, 2].", cites))
	assert.Equal(t, []int{1}, Unknown("Nothing to cite [1].", nil))
}
