package bench

import (
	"math"
	"slices"
	"time"
)

// Latencies are the durations of single operations, in the order measured.
type Latencies []time.Duration

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100): the
// smallest duration that at least p% of the measurements do not exceed.
// It returns 0 for no measurements.
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// Mean returns the average duration, 0 for no measurements.
func (l Latencies) Mean() time.Duration {
	if len(l) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range l {
		sum += d
	}
	return sum / time.Duration(len(l))
}
