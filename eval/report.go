package eval

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"pactbot/index"
)

// Report is the outcome of a Run: the metrics of the primary retrieval
// mode over all questions, then broken down by language and by retriever.
type Report struct {
	Metrics
	// Retrieval is the mode that served the top-level metrics: "bm25" when
	// hybrid was asked for but the index has no vectors.
	Retrieval index.Mode `json:"retrieval,omitempty"`
	// ByLang are the top-level metrics per question language, by code.
	ByLang []LangReport `json:"by_lang,omitempty"`
	// ByMode are the retrieval metrics of every mode measured, in the
	// order of Options.Modes.
	ByMode []ModeReport `json:"by_mode,omitempty"`

	PerQuestion []QuestionResult `json:"questions"`
}

// Metrics are the numbers of one set of questions.
type Metrics struct {
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
}

// LangReport is the metrics of the questions in one language.
type LangReport struct {
	Lang string `json:"lang"`
	Metrics
}

// ModeReport is how one retrieval mode fared. Its metrics are retrieval
// only (Asked is false): the Asker answers once, whatever the mode.
type ModeReport struct {
	// Mode is the mode asked for.
	Mode index.Mode `json:"mode"`
	// Available is false when every search was served by another mode (an
	// index without vectors answers vector and hybrid searches with BM25);
	// the metrics are then zero rather than a copy of that mode's, and Note
	// says why.
	Available bool `json:"available"`
	// Fallbacks is how many searches another mode served.
	Fallbacks int    `json:"fallbacks,omitempty"`
	Note      string `json:"note,omitempty"`
	// Asked is true when answers were made with this mode's retrieval, so
	// that the refusal metrics are this retriever's.
	Asked bool `json:"asked,omitempty"`
	Metrics
	ByLang []LangReport `json:"by_lang,omitempty"`
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
	return Report{Metrics: metrics(results, asked), PerQuestion: results}
}

func metrics(results []QuestionResult, asked bool) Metrics {
	m := Metrics{N: len(results), Asked: asked}
	for _, r := range results {
		if !r.Covered {
			m.Refusals++
			continue
		}
		m.Covered++
		m.FactQuestions += b2i(r.HasFact)
	}
	c := countResults(results)
	m.RecallAt1 = ratio(c.at1, m.Covered)
	m.RecallAt3 = ratio(c.at3, m.Covered)
	m.RecallAt5 = ratio(c.at5, m.Covered)
	if m.Covered > 0 {
		m.MRR = c.rr / float64(m.Covered)
	}
	m.FactHit = ratio(c.facts, m.FactQuestions)
	if asked {
		m.RefusalAccuracy = ratio(c.refused, m.Refusals)
		m.FalseRefusalRate = ratio(c.falseRefused, m.Covered)
	}
	return m
}

// byLanguage splits results by question language, sorted by code.
func byLanguage(results []QuestionResult, asked bool) []LangReport {
	groups := make(map[string][]QuestionResult)
	for _, r := range results {
		groups[r.Lang] = append(groups[r.Lang], r)
	}
	out := make([]LangReport, 0, len(groups))
	for _, lang := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, LangReport{Lang: lang, Metrics: metrics(groups[lang], asked)})
	}
	return out
}

// modeReport summarises the searches of mode m, or says it is not
// available when another mode served all of them.
func modeReport(m index.Mode, results []QuestionResult, asked bool) ModeReport {
	mr := ModeReport{Mode: m}
	var served index.Mode
	for _, r := range results {
		if r.Retrieval != m {
			mr.Fallbacks++
			served = r.Retrieval
		}
	}
	if len(results) > 0 && mr.Fallbacks == len(results) {
		mr.Note = "n/a (" + unavailableReason(results) + ")"
		if m != index.ModeVector {
			mr.Note = fmt.Sprintf("n/a (%s; %s served every search)", unavailableReason(results), served)
		}
		return mr
	}
	measured := results
	if !asked {
		measured = make([]QuestionResult, len(results))
		for i, r := range results {
			r.Asked, r.Grounded = false, false
			measured[i] = r
		}
	}
	mr.Available = true
	mr.Asked = asked
	mr.Metrics = metrics(measured, asked)
	mr.ByLang = byLanguage(measured, asked)
	if mr.Fallbacks > 0 {
		mr.Note = fmt.Sprintf("%d/%d searches served by %s", mr.Fallbacks, len(results), served)
	}
	return mr
}

// unavailableReason says why vectors were not used: the index's error
// when it gave one, else that none are configured.
func unavailableReason(results []QuestionResult) string {
	for _, r := range results {
		if r.VectorError != "" && r.VectorError != index.ErrNoVectors.Error() {
			return "vectors unavailable: " + r.VectorError
		}
	}
	return "no embeddings configured"
}

// servedMode is the mode that served most of results, want on a tie.
func servedMode(results []QuestionResult, want index.Mode) index.Mode {
	n := make(map[index.Mode]int)
	for _, r := range results {
		n[r.Retrieval]++
	}
	best := want
	for _, m := range slices.Sorted(maps.Keys(n)) {
		if n[m] > n[best] {
			best = m
		}
	}
	return best
}

// WriteText writes the metrics as a table, the retrievers and languages
// as two more, then every covered question whose gold source is not in the
// top 3 and every wrong refusal decision.
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
	var b strings.Builder
	r.writeModes(&b)
	r.writeLangs(&b)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}
	return r.writeMisses(w)
}

// The retriever and language tables are laid out with fixed widths, not a
// tabwriter, so that an "n/a (…)" row does not stretch or split a column.
const (
	modeHead = "%-9s  %7s  %5s  %5s  %5s  %6s  %5s\n"
	modeRow  = "%-9s  %7d  %5.3f  %5.3f  %5.3f  %6.3f  %5.3f\n"
	langHead = "%-4s  %-9s  %9s  %7s  %5s  %5s  %5s  %6s  %7s  %14s\n"
	langRow  = "%-4s  %-9s  %9d  %7d  %5s  %5s  %5s  %6s  %7s  %14s\n"
)

// writeModes writes one row per retrieval mode measured.
func (r Report) writeModes(b *strings.Builder) {
	if len(r.ByMode) == 0 {
		return
	}
	asked := false
	for _, m := range r.ByMode {
		asked = asked || m.Asked
	}
	if asked {
		fmt.Fprintf(b, "\nby retriever:\n")
	} else {
		fmt.Fprintf(b, "\nby retriever (retrieval only):\n")
	}
	head := fmt.Sprintf(modeHead, "retriever", "covered", "R@1", "R@3", "R@5", "MRR", "fact")
	if asked {
		head = strings.TrimRight(head, "\n") + "  refused  false refusals\n"
	}
	b.WriteString(head)
	for _, m := range r.ByMode {
		if !m.Available {
			fmt.Fprintf(b, "%-9s  %s\n", m.Mode, m.Note)
			continue
		}
		row := fmt.Sprintf(modeRow, m.Mode, m.Covered, m.RecallAt1, m.RecallAt3, m.RecallAt5, m.MRR, m.FactHit)
		if m.Asked {
			row = strings.TrimRight(row, "\n") + fmt.Sprintf("  %7s  %14s\n",
				fmt.Sprintf("%d/%d", roundCount(m.RefusalAccuracy, m.Refusals), m.Refusals),
				fmt.Sprintf("%d/%d", roundCount(m.FalseRefusalRate, m.Covered), m.Covered))
		}
		b.WriteString(row)
		if m.Note != "" {
			fmt.Fprintf(b, "%-9s  (%s)\n", "", m.Note)
		}
	}
}

// writeLangs writes a row per language and available retriever; the
// refusal columns, which do not depend on the retriever, are on the rows of
// the mode that served the top-level numbers.
func (r Report) writeLangs(b *strings.Builder) {
	if len(r.ByLang) == 0 {
		return
	}
	fmt.Fprintf(b, "\nby language:\n")
	fmt.Fprintf(b, langHead, "lang", "retriever", "questions", "covered", "R@1", "R@3", "R@5", "MRR", "refused", "false refusals")
	for _, l := range r.ByLang {
		refused, falseRefused := "-", "-"
		if l.Asked {
			refused = fmt.Sprintf("%d/%d", roundCount(l.RefusalAccuracy, l.Refusals), l.Refusals)
			falseRefused = fmt.Sprintf("%d/%d", roundCount(l.FalseRefusalRate, l.Covered), l.Covered)
		}
		fmt.Fprintf(b, langRow, l.Lang, r.Retrieval, l.N, l.Covered,
			rate(l.RecallAt1, l.Covered), rate(l.RecallAt3, l.Covered), rate(l.RecallAt5, l.Covered), rate(l.MRR, l.Covered),
			refused, falseRefused)
		for _, m := range r.ByMode {
			if !m.Available || m.Mode == r.Retrieval {
				continue
			}
			for _, ml := range m.ByLang {
				if ml.Lang == l.Lang {
					fmt.Fprintf(b, langRow, "", m.Mode, ml.N, ml.Covered,
						rate(ml.RecallAt1, ml.Covered), rate(ml.RecallAt3, ml.Covered),
						rate(ml.RecallAt5, ml.Covered), rate(ml.MRR, ml.Covered), "", "")
				}
			}
		}
	}
}

// rate formats a rate over n questions, "-" when there are none.
func rate(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

// roundCount turns a rate over n back into its count.
func roundCount(rate float64, n int) int { return int(math.Round(rate * float64(n))) }

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
