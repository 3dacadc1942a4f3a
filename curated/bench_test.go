package curated

import (
	"context"
	"fmt"
	"testing"

	"pactbot/review"
)

// manyEntries makes n distinct curated questions from the test questions
// and a set of qualifiers.
func manyEntries(n int) []*review.Curated {
	quals := []string{"for minors", "in Greece", "for families", "after a rejection", "at sea", "in 2026",
		"for students", "for workers", "in Italy", "for refugees"}
	out := make([]*review.Curated, 0, n)
	for i := 0; len(out) < n; i++ {
		q := curatedQuestions[1+i%(len(curatedQuestions)-1)]
		out = append(out, &review.Curated{ID: int64(i + 1), Status: review.CuratedActive, Answer: "a",
			Question: fmt.Sprintf("%s %s %s (%d)", q, quals[i%len(quals)], quals[(i/len(quals))%len(quals)], i)})
	}
	return out
}

func BenchmarkMatch1000(b *testing.B) {
	m, err := NewMatcher(manyEntries(1000), 0.8)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		m.Match(ctx, "how much money is set aside for the pact for minors in Greece")
	}
}

func BenchmarkReplace1000(b *testing.B) {
	es := manyEntries(1000)
	m, err := NewMatcher(nil, 0.8)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	b.ResetTimer()
	for range b.N {
		if err := m.Replace(es); err != nil {
			b.Fatal(err)
		}
	}
}
