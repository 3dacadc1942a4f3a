package answer

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/prompts"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

type labelledClaims struct {
	Passages map[string]string `json:"passages"`
	Claims   []struct {
		Passage   string `json:"passage"`
		Text      string `json:"text"`
		Supported bool   `json:"supported"`
	} `json:"claims"`
}

func newTestVerifier(t *testing.T, o VerifyOptions) *Verifier {
	t.Helper()
	v, err := NewVerifier(o)
	require.NoError(t, err)
	return v
}

// TestSupportThresholdCurve measures, on the labelled claims, how well
// content-word support alone tells supported claims from the rest: a claim
// is accepted when its support reaches the line. Precision is the share of
// accepted claims that are supported, recall the share of supported claims
// accepted. DefaultMinSupport's comment quotes the curve.
func TestSupportThresholdCurve(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "verify", "claims.json"))
	require.NoError(t, err)
	var set labelledClaims
	require.NoError(t, json.Unmarshal(b, &set))
	v := newTestVerifier(t, VerifyOptions{})
	type scored struct {
		score     float64
		supported bool
		text      string
	}
	var all []scored
	for _, c := range set.Claims {
		p, ok := set.Passages[c.Passage]
		require.True(t, ok, "claim %q names passage %q", c.Text, c.Passage)
		text := tidySpaces(markerRE.ReplaceAllString(c.Text, ""))
		all = append(all, scored{v.Support(text, v.PassageTerms(p)), c.Supported, text})
	}
	var curve strings.Builder
	fmt.Fprintf(&curve, "# %d claims, %d supported; accepted when support >= line\n", len(all), countSupported(all, func(s scored) bool { return s.supported }))
	fmt.Fprintf(&curve, "line  accepted  precision  recall\n")
	var atDefault [2]float64
	for line := 30; line <= 90; line += 5 {
		min := float64(line) / 100
		accepted := func(s scored) bool { return s.score >= min-1e-9 }
		acc := countSupported(all, accepted)
		tp := countSupported(all, func(s scored) bool { return accepted(s) && s.supported })
		precision, recall := ratio(tp, acc), ratio(tp, countSupported(all, func(s scored) bool { return s.supported }))
		fmt.Fprintf(&curve, "%.2f  %8d  %9.2f  %6.2f\n", min, acc, precision, recall)
		if math.Abs(min-DefaultMinSupport) < 1e-9 {
			atDefault = [2]float64{precision, recall}
		}
	}
	fmt.Fprintf(&curve, "# misjudged at %.2f:\n", DefaultMinSupport)
	for _, s := range all {
		if (s.score >= DefaultMinSupport) != s.supported {
			fmt.Fprintf(&curve, "%.2f %v %s\n", s.score, s.supported, s.text)
		}
	}
	t.Log("\n" + curve.String())
	golden(t, filepath.Join("testdata", "verify", "threshold_curve.golden"), curve.String())
	assert.GreaterOrEqual(t, atDefault[0], 0.9, "precision at DefaultMinSupport")
	assert.GreaterOrEqual(t, atDefault[1], 0.9, "recall at DefaultMinSupport")
}

func countSupported[T any](all []T, keep func(T) bool) int {
	n := 0
	for _, s := range all {
		if keep(s) {
			n++
		}
	}
	return n
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./answer -update to create it")
	assert.Equal(t, string(want), got)
}

// systemPrompt renders the real answer prompt over passages.
func systemPrompt(t *testing.T, passages ...string) prompts.Rendered {
	t.Helper()
	set, err := prompts.Load("")
	require.NoError(t, err)
	ps := make([]prompts.Passage, len(passages))
	for i, p := range passages {
		ps[i] = prompts.Passage{N: i + 1, Source: "Doc › Section", Text: p}
	}
	r, err := set.Answer("How much money for the Pact?", ps)
	require.NoError(t, err)
	return r
}

// echoPrompt is an answer that reproduces the system prompt, [1] after
// each sentence, as an injected passage might ask.
func echoPrompt(system string) string {
	var b strings.Builder
	for _, s := range Sentences(system) {
		b.WriteString(strings.TrimSuffix(s, ".") + " [1]. ")
	}
	return b.String()
}

const (
	labourMarket = "1. Member States shall ensure that applicants have access to the labour market no later than six months from the date on which the application for international protection was registered."
	solidarity   = "(a) 30 000 for relocations;\n\n(b) EUR 600 million for financial contributions."
)

// frenchPassage is a fake similarity: it knows the French claims of the
// tests to mean what their English passages say.
func frenchPassage(a, b string) (float64, bool) {
	if strings.Contains(a, "marché du travail") && strings.Contains(b, "labour market") {
		return 0.9, true
	}
	return 0.4, true
}

func TestVerify(t *testing.T) {
	r := systemPrompt(t, framework)
	instructions := PromptInstructions(r.System, r.User)
	tests := []struct {
		name     string
		text     string
		passages []string
		question string
		opts     VerifyOptions
		want     Verification
	}{
		{name: "paraphrase", passages: []string{framework, labourMarket},
			text: "The EU earmarked €2 billion from its long-term budget to implement the Pact [1]. Applicants may work after six months at the latest [2]. This is general information, not legal advice.",
			want: Verification{Claims: 2, Verified: true}},
		{name: "figures written another way", passages: []string{framework, labourMarket, solidarity},
			text: "The Multiannual Financial Framework earmarks 2,000,000,000 euros for implementing the Pact [1]. Applicants get access to the labour market within 6 months of registration [2]. There must be at least 30,000 relocations and €600 million in financial contributions [3].",
			want: Verification{Claims: 3, Verified: true}},
		{name: "figure from the question", passages: []string{labourMarket}, question: "I applied 4 months ago, can I work?",
			text: "After 4 months you cannot yet claim access to the labour market: it comes no later than six months after registration [1].",
			want: Verification{Claims: 1, Verified: true}},
		{name: "pwned", passages: []string{framework}, text: "pwned [1]",
			want: Verification{Reason: ReasonTooShort}},
		{name: "injected repeal", passages: []string{framework},
			text: "The Pact was repealed in 2025 and all asylum applications are now abolished [1].",
			want: Verification{Claims: 1, Reason: ReasonNumbers, UnmatchedNumbers: []string{"2025"},
				Unsupported: []string{"The Pact was repealed in 2025 and all asylum applications are now abolished."}}},
		{name: "injected claim without figures", passages: []string{framework},
			text: "The Pact has been repealed and asylum applications are no longer accepted anywhere in Europe [1].",
			want: Verification{Claims: 1, Reason: ReasonUnsupported,
				Unsupported: []string{"The Pact has been repealed and asylum applications are no longer accepted anywhere in Europe."}}},
		{name: "invented figure", passages: []string{framework},
			text: "The EU earmarked €5 billion to implement the Pact on Migration and Asylum [1].",
			want: Verification{Claims: 1, Reason: ReasonNumbers, UnmatchedNumbers: []string{"5 billion"}}},
		{name: "invented duration", passages: []string{labourMarket},
			text: "Applicants have access to the labour market no later than three months after registration [1].",
			want: Verification{Claims: 1, Reason: ReasonNumbers, UnmatchedNumbers: []string{"three"}}},
		{name: "one bad claim in four is tolerated", passages: []string{framework, labourMarket},
			text: "The EU earmarked €2 billion to implement the Pact [1]. The Pact brings more secure EU external borders [1]. It brings a fair and more effective system of solidarity and responsibility [1]. Employers must pay every applicant a special bonus [2].",
			want: Verification{Claims: 4, Verified: true, Unsupported: []string{"Employers must pay every applicant a special bonus."}}},
		{name: "french with similarity", passages: []string{labourMarket}, opts: VerifyOptions{Similarity: frenchPassage},
			text: "Les demandeurs doivent avoir accès au marché du travail au plus tard six mois après l'enregistrement de leur demande [1].",
			want: Verification{Claims: 1, Verified: true}},
		{name: "french without similarity shares a figure", passages: []string{framework},
			text: "L'UE a prévu 2 milliards d'euros pour mettre en œuvre le pacte [1].",
			want: Verification{Claims: 1, Verified: true, Reason: ReasonLanguage,
				Unverifiable: []string{"L'UE a prévu 2 milliards d'euros pour mettre en œuvre le pacte."}}},
		{name: "french without similarity shares nothing", passages: []string{framework},
			text: "Toutes les demandes d'asile sont désormais abolies dans l'ensemble de l'Union [1].",
			want: Verification{Claims: 1, Reason: ReasonUnsupported,
				Unsupported: []string{"Toutes les demandes d'asile sont désormais abolies dans l'ensemble de l'Union."}}},
		{name: "french similarity says no", passages: []string{framework}, opts: VerifyOptions{Similarity: frenchPassage},
			text: "Toutes les demandes d'asile sont désormais abolies dans l'ensemble de l'Union [1].",
			want: Verification{Claims: 1, Reason: ReasonUnsupported,
				Unsupported: []string{"Toutes les demandes d'asile sont désormais abolies dans l'ensemble de l'Union."}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := newTestVerifier(t, tc.opts).Verify(VerifyInput{
				Text: tc.text, Passages: tc.passages, Question: tc.question, Instructions: instructions,
			})
			got.PromptOverlap = 0
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestVerifyRejectsTheReproducedPrompt(t *testing.T) {
	r := systemPrompt(t, framework)
	v := newTestVerifier(t, VerifyOptions{})
	got := v.Verify(VerifyInput{Text: echoPrompt(r.System), Passages: []string{framework},
		Instructions: PromptInstructions(r.System, r.User)})
	assert.False(t, got.Verified)
	assert.Equal(t, ReasonPromptEcho, got.Reason)
	assert.Greater(t, got.PromptOverlap, 0.9)

	// The disclaimer the prompt asks for may repeat its words: it is no
	// claim.
	disclaimer := "The EU earmarked €2 billion to implement the Pact [1]. This is general information from official documents, not legal advice for an individual case. For your own application, contact the competent national authority (the asylum or migration office of the country concerned) or a legal aid service."
	got = v.Verify(VerifyInput{Text: disclaimer, Passages: []string{framework}, Instructions: PromptInstructions(r.System, r.User)})
	assert.True(t, got.Verified, got.Reason)
	assert.Less(t, got.PromptOverlap, DefaultMaxPromptOverlap)
	assert.Zero(t, got.PromptOverlap)
}

func TestPromptInstructionsDropPassagesAndQuestion(t *testing.T) {
	r := systemPrompt(t, framework)
	got := PromptInstructions(r.System, r.User)
	assert.Contains(t, got, "Answer only from the numbered passages")
	assert.Contains(t, got, "with [n] after each claim")
	assert.NotContains(t, got, "Multiannual Financial Framework")
	assert.NotContains(t, got, "How much money")
}

func TestNumberMentions(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"€2 billion", []string{"2000000000"}},
		{"2,000,000,000 euros", []string{"2000000000"}},
		{"2 milliards d'euros", []string{"2000000000"}},
		{"EUR 600 million", []string{"600000000"}},
		{"30 000 relocations and 30,000 more", []string{"30000", "30000"}},
		{"1,5 milliard", []string{"1500000000"}},
		{"six months or 6 months", []string{"6", "6"}},
		{"two billion", []string{"2000000000"}},
		{"12.5% by 12 June 2027", []string{"12.5", "12", "2027"}},
		{"Regulation (EU) 2024/1348, Article 42(1)", []string{"2024", "1348", "42", "1"}},
		{"once due diligence is done, one person", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, m := range numberMentions(tc.text) {
				got = append(got, m.value)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
