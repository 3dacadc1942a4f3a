package eval

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Report is the outcome of a Run.
type Report struct {
	// N is the number of questions; Covered of them expect a source and
	// Refusals expect to be refused (covered: false).
	N        int `json:"n"`
	Covered  int `json:"covered"`
	Refusals int `json:"refusals"`
	// FactQuestions is how many covered questions name a fact.
	FactQuestions int `json:"fact_questions"`

	// RecallAtK is the share of covered questions with a gold passage in
	// the top K; MRR is the mean of 1/rank over them (0 past SearchK).
	RecallAt1 float64 `json:"recall_at_1"`
	RecallAt3 float64 `json:"recall_at_3"`
	RecallAt5 float64 `json:"recall_at_5"`
	MRR       float64 `json:"mrr"`
	// FactHit is the share of fact questions whose fact is in the top
	// passages or the answer.
	FactHit float64 `json:"fact_hit"`

	// Asked is true when an Asker ran; the two rates below are only
	// meaningful then.
	Asked bool `json:"asked"`
	// RefusalAccuracy is the share of off-topic questions answered with
	// grounded=false.
	RefusalAccuracy float64 `json:"refusal_accuracy"`
	// FalseRefusalRate is the share of covered questions answered with
	// grounded=false.
	FalseRefusalRate float64 `json:"false_refusal_rate"`

	PerQuestion []QuestionResult `json:"questions"`
}

// counts are the numerators behind the rates of a Report.
type counts struct {
	at1, at3, at5, facts, refused, falseRefused int
	rr                                          float64
}

func countResults(results []QuestionResult) counts {
	var c counts
	for _, r := range results {
		switch {
		case !r.Covered:
			if r.Asked && !r.Grounded {
				c.refused++
			}
			continue
		case r.Asked && !r.Grounded:
			c.falseRefused++
		}
		if r.Rank > 0 {
			c.rr += 1 / float64(r.Rank)
		}
		c.at1 += b2i(r.Rank == 1)
		c.at3 += b2i(r.Rank >= 1 && r.Rank <= 3)
		c.at5 += b2i(r.Rank >= 1 && r.Rank <= 5)
		c.facts += b2i(r.FactHit)
	}
	return c
}

func summarize(results []QuestionResult, asked bool) Report {
	rep := Report{N: len(results), Asked: asked, PerQuestion: results}
	for _, r := range results {
		if !r.Covered {
			rep.Refusals++
			continue
		}
		rep.Covered++
		rep.FactQuestions += b2i(r.HasFact)
	}
	c := countResults(results)
	rep.RecallAt1 = ratio(c.at1, rep.Covered)
	rep.RecallAt3 = ratio(c.at3, rep.Covered)
	rep.RecallAt5 = ratio(c.at5, rep.Covered)
	if rep.Covered > 0 {
		rep.MRR = c.rr / float64(rep.Covered)
	}
	rep.FactHit = ratio(c.facts, rep.FactQuestions)
	if asked {
		rep.RefusalAccuracy = ratio(c.refused, rep.Refusals)
		rep.FalseRefusalRate = ratio(c.falseRefused, rep.Covered)
	}
	return rep
}

// WriteText writes the metrics as a table, then every covered question
// whose gold source is not in the top 3 and every wrong refusal decision.
func (r Report) WriteText(w io.Writer) error {
	c := countResults(r.PerQuestion)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "questions\t%d\t(%d covered, %d off-topic)\n", r.N, r.Covered, r.Refusals)
	fmt.Fprintf(tw, "recall@1\t%.3f\t(%d/%d)\n", r.RecallAt1, c.at1, r.Covered)
	fmt.Fprintf(tw, "recall@3\t%.3f\t(%d/%d)\n", r.RecallAt3, c.at3, r.Covered)
	fmt.Fprintf(tw, "recall@5\t%.3f\t(%d/%d)\n", r.RecallAt5, c.at5, r.Covered)
	fmt.Fprintf(tw, "MRR@%d\t%.3f\n", SearchK, r.MRR)
	fmt.Fprintf(tw, "fact hit\t%.3f\t(%d/%d)\n", r.FactHit, c.facts, r.FactQuestions)
	switch {
	case r.Asked && r.Refusals == 0:
		fmt.Fprintf(tw, "refusal accuracy\t-\t(no off-topic questions in this file)\n")
	case r.Asked:
		fmt.Fprintf(tw, "refusal accuracy\t%.3f\t(%d/%d off-topic refused)\n", r.RefusalAccuracy, c.refused, r.Refusals)
	}
	if r.Asked {
		fmt.Fprintf(tw, "false refusals\t%.3f\t(%d/%d covered refused)\n", r.FalseRefusalRate, c.falseRefused, r.Covered)
	} else {
		fmt.Fprintf(tw, "refusals\t-\t(not measured: no answer engine)\n")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}
	return r.writeMisses(w)
}

func (r Report) writeMisses(w io.Writer) error {
	var b strings.Builder
	for _, q := range r.PerQuestion {
		switch {
		case q.Covered && (q.Rank == 0 || q.Rank > 3):
			rank := "-"
			if q.Rank > 0 {
				rank = fmt.Sprint(q.Rank)
			}
			fmt.Fprintf(&b, "  %-6s rank %-3s %q\n         want %s\n         top  %s\n", q.ID, rank, q.Q, q.Want, q.Top)
		case q.Covered && q.Asked && !q.Grounded:
			fmt.Fprintf(&b, "  %-6s refused  %q (gold at rank %d)\n", q.ID, q.Q, q.Rank)
		case !q.Covered && q.Asked && q.Grounded:
			fmt.Fprintf(&b, "  %-6s answered %q\n         top  %s\n", q.ID, q.Q, q.Top)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if _, err := fmt.Fprintf(w, "\nmisses:\n%s", b.String()); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}
	return nil
}

// Thresholds are the floors a Report must reach. A zero field is not
// checked, nor is a metric with no questions behind it (refusal accuracy
// for a file with no off-topic questions); MaxFalseRefusalRate is checked
// only when greater than zero.
type Thresholds struct {
	RecallAt1, RecallAt3, RecallAt5, MRR, FactHit float64
	// RefusalAccuracy and MaxFalseRefusalRate need a Report from a Run
	// with an Asker.
	RefusalAccuracy     float64
	MaxFalseRefusalRate float64
}

// ErrBelowThreshold is wrapped by Check's error so callers can tell a
// failed gate from a broken run.
var ErrBelowThreshold = errors.New("eval: below threshold")

// Check returns an error naming every metric that misses its threshold.
func (r Report) Check(t Thresholds) error {
	var fails []string
	floor := func(name string, got, min float64, n int) {
		if min > 0 && n > 0 && got < min {
			fails = append(fails, fmt.Sprintf("%s %.3f < %.3f", name, got, min))
		}
	}
	floor("recall@1", r.RecallAt1, t.RecallAt1, r.Covered)
	floor("recall@3", r.RecallAt3, t.RecallAt3, r.Covered)
	floor("recall@5", r.RecallAt5, t.RecallAt5, r.Covered)
	floor("MRR", r.MRR, t.MRR, r.Covered)
	floor("fact hit", r.FactHit, t.FactHit, r.FactQuestions)
	needAsk := t.RefusalAccuracy > 0 || t.MaxFalseRefusalRate > 0
	switch {
	case needAsk && !r.Asked:
		fails = append(fails, "refusals not measured (no answer engine)")
	case r.Asked:
		floor("refusal accuracy", r.RefusalAccuracy, t.RefusalAccuracy, r.Refusals)
		if t.MaxFalseRefusalRate > 0 && r.FalseRefusalRate > t.MaxFalseRefusalRate {
			fails = append(fails, fmt.Sprintf("false refusal rate %.3f > %.3f", r.FalseRefusalRate, t.MaxFalseRefusalRate))
		}
	}
	if len(fails) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrBelowThreshold, strings.Join(fails, "; "))
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
