package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLatencies(t *testing.T) {
	ms := func(ns ...int) Latencies {
		var l Latencies
		for _, n := range ns {
			l = append(l, time.Duration(n)*time.Millisecond)
		}
		return l
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // reversed: Percentile must sort
	}
	tests := []struct {
		name string
		l    Latencies
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median odd", ms(3, 1, 2), 50, 2 * time.Millisecond},
		{"median even", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p50 of 100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p100", ms(hundred...), 100, 100 * time.Millisecond},
		{"tiny p", ms(5, 9), 0.1, 5 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.l.Percentile(tt.p))
		})
	}
	l := ms(3, 1, 2)
	_ = l.Percentile(50)
	assert.Equal(t, ms(3, 1, 2), l, "Percentile must not reorder its receiver")
	assert.Equal(t, 2*time.Millisecond, l.Mean())
	assert.Equal(t, time.Duration(0), Latencies(nil).Mean())
}
