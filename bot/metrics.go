package bot

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the answer latency histogram's upper bounds, in
// seconds: extractive answers take milliseconds, generated ones seconds.
var latencyBuckets = [...]float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60}

// Metrics counts what the bot did, exposed in the Prometheus text format.
// It is safe for concurrent use; the zero value is not, use NewMetrics.
type Metrics struct {
	mu         sync.Mutex
	counters   map[string]map[string]float64 // name → label set → value
	histograms map[string]*histogram         // mode → latency
}

type histogram struct {
	counts [len(latencyBuckets)]uint64
	count  uint64
	sum    float64
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{counters: map[string]map[string]float64{}, histograms: map[string]*histogram{}}
}

// Metric names and help texts, in exposition order.
var counterHelp = []struct{ name, help string }{
	{"pactbot_questions_total", "Questions received, by source (slash, mention)."},
	{"pactbot_answers_total", "Answers posted, by mode and whether the sources covered the question."},
	{"pactbot_answer_failures_total", "Questions that got an apology instead of an answer, by reason."},
	{"pactbot_llm_errors_total", "Answers for which the LLM failed (and the answer fell back to extractive)."},
	{"pactbot_llm_fallbacks_total", "Answers that fell back to extractive, by reason (llm_error, uncited)."},
	{"pactbot_refused_total", "Questions refused before answering, by reason."},
	{"pactbot_rate_limited_total", "Requests refused by a rate limit, by scope (user, channel)."},
	{"pactbot_feedback_total", "Button feedback stored, by vote."},
	{"pactbot_gateway_reconnects_total", "Gateway connections after the first one."},
	{"pactbot_discord_errors_total", "Discord REST calls that failed, by operation."},
	{"pactbot_discord_rate_limits_total", "Discord 429 responses waited out."},
	{"pactbot_moderation_actions_total", "Moderator decisions applied in Discord, by resulting status."},
	{"pactbot_moderation_refused_total", "Moderation presses and submits refused because the member is not a moderator."},
	{"pactbot_pii_warnings_total", "Questions that contained personal data and got a warning, by source."},
	{"pactbot_forget_me_total", "/forget-me requests carried out."},
	{"pactbot_record_errors_total", "Answers the review store failed to record (and so were not posted)."},
}

func (m *Metrics) add(name, labels string, v float64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counters[name] == nil {
		m.counters[name] = map[string]float64{}
	}
	m.counters[name][labels] += v
}

func (m *Metrics) inc(name string, kv ...string) { m.add(name, labelSet(kv), 1) }

func (m *Metrics) observeLatency(mode string, d time.Duration) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.histograms[mode]
	if h == nil {
		h = &histogram{}
		m.histograms[mode] = h
	}
	s := d.Seconds()
	for i, ub := range latencyBuckets {
		if s <= ub {
			h.counts[i]++
		}
	}
	h.count++
	h.sum += s
}

// labelSet renders key/value pairs as a Prometheus label set.
func labelSet(kv []string) string {
	if len(kv) == 0 {
		return ""
	}
	parts := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+"="+strconv.Quote(kv[i+1]))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// Value returns a counter's current value; labels as key/value pairs.
func (m *Metrics) Value(name string, kv ...string) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counters[name][labelSet(kv)]
}

// WriteTo writes every metric in the Prometheus text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	m.mu.Lock()
	for _, c := range counterHelp {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n", c.name, c.help, c.name)
		for _, ls := range sortedKeys(m.counters[c.name]) {
			fmt.Fprintf(&b, "%s%s %s\n", c.name, ls, formatFloat(m.counters[c.name][ls]))
		}
	}
	m.writeGrounded(&b)
	m.writeHistograms(&b)
	m.mu.Unlock()
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// writeGrounded derives the share of answers the sources covered. Callers
// hold mu.
func (m *Metrics) writeGrounded(b *strings.Builder) {
	var grounded, total float64
	for ls, v := range m.counters["pactbot_answers_total"] {
		total += v
		if strings.Contains(ls, `grounded="true"`) {
			grounded += v
		}
	}
	ratio := 0.0
	if total > 0 {
		ratio = grounded / total
	}
	fmt.Fprintf(b, "# HELP pactbot_grounded_ratio Share of answers the sources covered.\n# TYPE pactbot_grounded_ratio gauge\npactbot_grounded_ratio %s\n", formatFloat(ratio))
}

// writeHistograms writes the latency histogram by mode. Callers hold mu.
func (m *Metrics) writeHistograms(b *strings.Builder) {
	const name = "pactbot_answer_latency_seconds"
	fmt.Fprintf(b, "# HELP %s Time from question to answer, by mode.\n# TYPE %s histogram\n", name, name)
	for _, mode := range sortedKeys(m.histograms) {
		h := m.histograms[mode]
		for i, ub := range latencyBuckets {
			fmt.Fprintf(b, "%s_bucket{mode=%q,le=%q} %d\n", name, mode, formatFloat(ub), h.counts[i])
		}
		fmt.Fprintf(b, "%s_bucket{mode=%q,le=\"+Inf\"} %d\n", name, mode, h.count)
		fmt.Fprintf(b, "%s_sum{mode=%q} %s\n%s_count{mode=%q} %d\n", name, mode, formatFloat(h.sum), name, mode, h.count)
	}
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
