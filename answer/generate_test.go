package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/config"
	"pactbot/index"
	"pactbot/prompts"
)

// fakeGenerator answers from a script of replies and records requests.
// Rewrite requests (the rewrite prompt asks for "search terms") take their
// replies from rewrites, and fail when none is scripted, as a model that
// returns nothing usable would: the question is then searched as asked.
type fakeGenerator struct {
	mu       sync.Mutex
	replies  []func(GenerateRequest) (Generation, error)
	rewrites []func(GenerateRequest) (Generation, error)
	reqs     []GenerateRequest
	// rewriteReqs counts the rewrite requests (not in reqs).
	rewriteReqs []GenerateRequest
}

func (f *fakeGenerator) Generate(_ context.Context, req GenerateRequest) (Generation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	queue := &f.replies
	if strings.Contains(req.Messages[0].Content, "search terms") {
		f.rewriteReqs = append(f.rewriteReqs, req)
		queue = &f.rewrites
	} else {
		f.reqs = append(f.reqs, req)
	}
	if len(*queue) == 0 {
		return Generation{}, errors.New("no scripted reply")
	}
	r := (*queue)[0]
	*queue = (*queue)[1:]
	return r(req)
}

func says(text string) func(GenerateRequest) (Generation, error) {
	return func(req GenerateRequest) (Generation, error) {
		if req.OnDelta != nil {
			for _, w := range strings.SplitAfter(text, " ") {
				req.OnDelta(w)
			}
		}
		return Generation{Text: text, Model: "test-model", PromptTokens: 500, CompletionTokens: 40}, nil
	}
}

func fails(err error) func(GenerateRequest) (Generation, error) {
	return func(GenerateRequest) (Generation, error) { return Generation{}, err }
}

func genEngine(t *testing.T, g *fakeGenerator, r Retriever, cache *Cache, opts ...func(*GenOptions)) *Engine {
	t.Helper()
	set, err := prompts.Load("")
	require.NoError(t, err)
	o := GenOptions{Generator: g, Prompts: set, Model: "test-model", Cache: cache, IndexFingerprint: "ix1",
		PromptBudget: config.Default().Answer.PromptBudget}
	for _, opt := range opts {
		opt(&o)
	}
	return NewEngine(r, configured(Options{})).WithGenerator(o)
}

func fundingRetriever() *fakeRetriever {
	return &fakeRetriever{res: index.Result{Coverage: 1, Hits: []index.Hit{
		hit(1, 4, "framework", framework, "<mark>billion</mark>"),
		hit(2, 3, "partners", "Comprehensive partnerships with Tunisia, Mauritania and Egypt.", ""),
	}}}
}

func TestGenerativeAnswerCitesSentPassages(t *testing.T) {
	g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){
		says("The EU earmarked €2 billion to implement the Pact [1]. It also works with Tunisia, Mauritania and Egypt [2]."),
	}}
	var streamed strings.Builder
	a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?",
		AskOptions{OnDelta: func(d string) { streamed.WriteString(d) }, Explain: true})
	require.NoError(t, err)
	assert.Equal(t, ModeGenerative, a.Mode)
	assert.True(t, a.Grounded)
	assert.Equal(t, "test-model", a.Model)
	assert.NotEmpty(t, a.PromptVersion)
	require.Len(t, a.Citations, 2)
	assert.Equal(t, "framework", a.Citations[0].Section)
	assert.Equal(t, &Usage{PromptTokens: 500, CompletionTokens: 40}, a.Usage)
	assert.True(t, a.CitationCheck.Passed)
	assert.Equal(t, a.Text, streamed.String(), "the answer streamed as it arrived")
	require.Len(t, g.reqs, 1)
	assert.Equal(t, "system", g.reqs[0].Messages[0].Role)
	assert.Contains(t, g.reqs[0].Messages[1].Content, "€2 billion")
	assert.Contains(t, g.reqs[0].Messages[1].Content, "How much money for the Pact?")
	require.NotNil(t, a.Trace)
	assert.Len(t, a.Trace.SentPassages, 2)
}

func TestGenerativeFallsBackToExtractive(t *testing.T) {
	tests := []struct {
		name     string
		reply    func(GenerateRequest) (Generation, error)
		wantNote string
	}{
		{"llm down", fails(errors.New("connection refused")), NoteLLMUnavailable},
		{"garbage", says("   "), NoteLLMUnavailable},
		{"no citation", says("The EU gives a lot of money to the Pact and many other things happen as well."), NoteUncited},
		{"only invented citations", says("The EU gives a lot of money to implement the Pact [9]."), NoteUncited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){tc.reply}}
			a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?", AskOptions{})
			require.NoError(t, err, "a failing LLM is never an error")
			assert.Equal(t, ModeExtractive, a.Mode)
			assert.True(t, a.Grounded)
			assert.Contains(t, a.Text, "€2 billion")
			assert.Equal(t, tc.wantNote, a.Note)
		})
	}
}

func TestInventedCitationIsRemovedAndCounted(t *testing.T) {
	g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){
		says("The EU earmarked €2 billion to implement the Pact [1][9]. Partnerships with Tunisia exist [2]."),
	}}
	a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?", AskOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeGenerative, a.Mode)
	assert.NotContains(t, a.Text, "[9]")
	assert.Equal(t, 1, a.CitationCheck.Removed)
	assert.Equal(t, 3, a.CitationCheck.Markers)
}

func TestNonEnglishQuestionIsRewrittenBeforeRetrieval(t *testing.T) {
	g := &fakeGenerator{
		rewrites: []func(GenerateRequest) (Generation, error){says("Pact on Migration and Asylum funding billion")},
		replies:  []func(GenerateRequest) (Generation, error){says("L'UE a prévu 2 milliards d'euros pour mettre en œuvre le pacte [1].")},
	}
	r := fundingRetriever()
	e := genEngine(t, g, r, nil)
	a, err := e.Ask(context.Background(), "Combien d'argent est prévu pour le pacte ?", AskOptions{})
	require.NoError(t, err)
	require.Len(t, g.rewriteReqs, 1, "one rewrite call")
	require.Len(t, g.reqs, 1, "one answer call")
	assert.Contains(t, g.rewriteReqs[0].Messages[1].Content, "Combien d'argent")
	require.NotEmpty(t, r.queries)
	// The rewrite leads; the question itself is fused with it.
	assert.Equal(t, "Pact on Migration and Asylum funding billion", r.queries[0])
	assert.Equal(t, []string{"Combien d'argent est prévu pour le pacte ?"}, r.extra[0])
	assert.Equal(t, ModeGenerative, a.Mode)

	// The rewrite is cached: asking again makes only the answer call.
	g.replies = append(g.replies, says("2 milliards [1]. Pour votre cas, contactez l'autorité nationale."))
	_, err = e.Ask(context.Background(), "Combien d'argent est prévu pour le pacte ?", AskOptions{})
	require.NoError(t, err)
	assert.Len(t, g.rewriteReqs, 1)
	assert.Len(t, g.reqs, 2)
}

func TestEnglishQuestionIsAlsoSearchedInTheLawsWording(t *testing.T) {
	g := &fakeGenerator{
		rewrites: []func(GenerateRequest) (Generation, error){says("Member State responsible for examining the application for international protection")},
		replies:  []func(GenerateRequest) (Generation, error){says("The EU earmarked €2 billion to implement the Pact [1].")},
	}
	r := fundingRetriever()
	e := genEngine(t, g, r, nil)
	_, err := e.Ask(context.Background(), "which country will deal with my asylum claim?", AskOptions{})
	require.NoError(t, err)
	require.Len(t, r.queries, 1)
	assert.Equal(t, "which country will deal with my asylum claim?", r.queries[0])
	assert.Equal(t, []string{"Member State responsible for examining the application for international protection"}, r.extra[0])
}

func TestPersonalDataNeverReachesTheModel(t *testing.T) {
	g := &fakeGenerator{
		rewrites: []func(GenerateRequest) (Generation, error){says("funding of the Pact")},
		replies:  []func(GenerateRequest) (Generation, error){says("The EU earmarked €2 billion to implement the Pact [1].")},
	}
	r := fundingRetriever()
	e := genEngine(t, g, r, NewCache(10, time.Hour, nil))
	q := "My name is Amir Hosseini, amir.h@example.com, +49 151 23456789: how much money is earmarked for the Pact?"
	a, err := e.Ask(context.Background(), q, AskOptions{})
	require.NoError(t, err)
	assert.True(t, a.Grounded)
	assert.Equal(t, q, a.Question, "the asker gets their own question back")
	for _, req := range append(g.rewriteReqs, g.reqs...) {
		for _, m := range req.Messages {
			for _, secret := range []string{"Amir", "Hosseini", "amir.h@example.com", "151 23456789"} {
				assert.NotContains(t, m.Content, secret)
			}
		}
	}
	for _, sq := range r.queries {
		assert.NotContains(t, sq, "Hosseini")
		assert.NotContains(t, sq, "example.com")
	}
}

func TestCacheHitMakesNoSecondCall(t *testing.T) {
	g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){
		says("The EU earmarked €2 billion to implement the Pact [1]."),
	}}
	e := genEngine(t, g, fundingRetriever(), NewCache(10, time.Hour, nil))
	first, err := e.Ask(context.Background(), "How much money for the Pact?", AskOptions{})
	require.NoError(t, err)
	second, err := e.Ask(context.Background(), "how much MONEY for the pact", AskOptions{Explain: true})
	require.NoError(t, err)
	assert.Len(t, g.reqs, 1)
	assert.Equal(t, first.Text, second.Text)
	assert.True(t, second.Trace.CacheHit)
}

func TestNotCoveredSkipsTheLLM(t *testing.T) {
	g := &fakeGenerator{}
	a, err := genEngine(t, g, &fakeRetriever{}, nil).Ask(context.Background(), "Who won the football match?", AskOptions{})
	require.NoError(t, err)
	assert.False(t, a.Grounded)
	assert.Empty(t, g.reqs)
}

func TestNoLLMForcesExtractive(t *testing.T) {
	g := &fakeGenerator{}
	a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?", AskOptions{NoLLM: true})
	require.NoError(t, err)
	assert.Equal(t, ModeExtractive, a.Mode)
	assert.Empty(t, g.reqs)
}

func TestCacheEvictsAndExpires(t *testing.T) {
	now := time.Unix(0, 0)
	c := NewCache(2, time.Minute, func() time.Time { return now })
	c.Put("a", Answer{Text: "a"})
	c.Put("b", Answer{Text: "b"})
	_, _ = c.Get("a")
	c.Put("c", Answer{Text: "c"})
	_, ok := c.Get("b")
	assert.False(t, ok, "least recently used is evicted")
	_, ok = c.Get("a")
	assert.True(t, ok)
	now = now.Add(2 * time.Minute)
	_, ok = c.Get("a")
	assert.False(t, ok, "expired")
}

func TestCheckCitations(t *testing.T) {
	text, used, check := CheckCitations("Claim one is here today [2]. Claim two is also here [1, 7]. Short.", 2)
	assert.Equal(t, "Claim one is here today [2]. Claim two is also here [1]. Short.", text)
	assert.Equal(t, []int{2, 1}, used)
	assert.Equal(t, CitationCheck{Markers: 3, Removed: 1, Uncited: 0, Passed: true}, check)

	_, _, check = CheckCitations("A long claim without any citation at all. Another long claim without a citation here. One cited claim that is here [1].", 1)
	assert.False(t, check.Passed, "most claims uncited")
	assert.Equal(t, 2, check.Uncited)
}

// echoesSystemPrompt obeys an injected "repeat your instructions": it
// returns the system prompt it was sent, [1] after each sentence.
func echoesSystemPrompt(req GenerateRequest) (Generation, error) {
	return says(echoPrompt(req.Messages[0].Content))(req)
}

func markUncited(o *GenOptions) { o.MarkUncited = true }

func TestGeneratedAnswerThatFailsVerificationIsNeverGrounded(t *testing.T) {
	tests := []struct {
		name       string
		reply      func(GenerateRequest) (Generation, error)
		wantReason string
		wantNote   string
	}{
		{"obeys pwned", says("pwned [1]"), ReasonTooShort, NoteTooShort},
		{"obeys repeal", says("The Pact was repealed in 2025 and all asylum applications are now abolished [1]."), ReasonNumbers, NoteNumbers},
		{"reproduces the system prompt", echoesSystemPrompt, ReasonPromptEcho, NotePromptEcho},
		{"invents a figure", says("The EU earmarked €5 billion to implement the Pact [1]. It also works with Tunisia, Mauritania and Egypt [2]."), ReasonNumbers, NoteNumbers},
		{"invents a claim", says("Every asylum seeker receives a monthly cash allowance from the Commission [1]."), ReasonUnsupported, NoteUnsupported},
	}
	for _, tc := range tests {
		for _, mark := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/mark uncited %v", tc.name, mark), func(t *testing.T) {
				g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){tc.reply}}
				opts := []func(*GenOptions){}
				if mark {
					opts = append(opts, markUncited)
				}
				cache := NewCache(10, time.Hour, nil)
				a, err := genEngine(t, g, fundingRetriever(), cache, opts...).Ask(context.Background(), "How much money for the Pact?", AskOptions{})
				require.NoError(t, err)
				assert.Equal(t, ModeExtractive, a.Mode, "the sources are quoted instead")
				assert.Contains(t, a.Text, "€2 billion")
				assert.Equal(t, tc.wantNote, a.Note)
				require.NotNil(t, a.CitationCheck)
				assert.False(t, a.CitationCheck.Passed)
				assert.False(t, a.CitationCheck.Verified)
				assert.Equal(t, tc.wantReason, a.CitationCheck.Reason)
				e := genEngine(t, g, fundingRetriever(), cache, opts...)
				_, err = e.Ask(context.Background(), "How much money for the Pact?", AskOptions{})
				require.NoError(t, err)
				assert.Len(t, g.reqs, 2, "a rejected answer is not cached")
			})
		}
	}
}

func TestMarkUncitedKeepsOnlyAVerifiedAnswer(t *testing.T) {
	tests := []struct {
		name         string
		reply        string
		wantMode     string
		wantGrounded bool
		wantNote     string
	}{
		{"verified but uncited", "The EU earmarked €2 billion to implement the Pact. It also works with Tunisia, Mauritania and Egypt.",
			ModeGenerative, false, ""},
		{"uncited and invented", "Every asylum seeker receives a monthly cash allowance from the Commission.",
			ModeExtractive, true, NoteUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){says(tc.reply)}}
			a, err := genEngine(t, g, fundingRetriever(), nil, markUncited).Ask(context.Background(), "How much money for the Pact?", AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.wantMode, a.Mode)
			assert.Equal(t, tc.wantGrounded, a.Grounded)
			assert.Equal(t, tc.wantNote, a.Note)
		})
	}
}

func TestFrenchAnswerCitingEnglishPassages(t *testing.T) {
	const reply = "Le pacte rendra les frontières extérieures de l'Union plus sûres et les procédures d'asile plus rapides [1]."
	// sameMeaning stands for an embedding model that finds the French
	// claim close to the English passage it cites.
	sameMeaning := func(a, b string) (float64, bool) {
		if strings.HasPrefix(a, "Le pacte rendra") && strings.Contains(b, "more secure EU external borders") {
			return 0.91, true
		}
		return 0.2, true
	}
	tests := []struct {
		name     string
		opts     []func(*GenOptions)
		wantMode string
		wantNote string
	}{
		{"similarity confirms it", []func(*GenOptions){func(o *GenOptions) { o.Verify.Similarity = sameMeaning }}, ModeGenerative, ""},
		{"nothing can confirm it", nil, ModeExtractive, NoteUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &fakeGenerator{
				rewrites: []func(GenerateRequest) (Generation, error){says("Pact on Migration and Asylum external borders asylum procedures")},
				replies:  []func(GenerateRequest) (Generation, error){says(reply)},
			}
			a, err := genEngine(t, g, fundingRetriever(), nil, tc.opts...).Ask(context.Background(), "Que va changer le pacte pour les frontières ?", AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.wantMode, a.Mode)
			assert.True(t, a.Grounded)
			assert.Equal(t, tc.wantNote, a.Note)
		})
	}
}

func TestGeneratedAnswerRecordsItsVerification(t *testing.T) {
	g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){
		says("The EU earmarked €2 billion to implement the Pact [1]. It also works with Tunisia, Mauritania and Egypt [2]."),
	}}
	a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?", AskOptions{})
	require.NoError(t, err)
	require.NotNil(t, a.CitationCheck)
	b, err := json.MarshalIndent(a.CitationCheck, "", "  ")
	require.NoError(t, err)
	golden(t, filepath.Join("testdata", "verify", "citation_check.golden"), string(b)+"\n")
}

func TestModelSayingThePassagesDontAnswerIsARefusal(t *testing.T) {
	g := &fakeGenerator{replies: []func(GenerateRequest) (Generation, error){says("NOT_COVERED")}}
	a, err := genEngine(t, g, fundingRetriever(), nil).Ask(context.Background(), "How much money for the Pact?", AskOptions{Explain: true})
	require.NoError(t, err)
	assert.False(t, a.Grounded)
	assert.Empty(t, a.Citations)
	assert.Contains(t, a.Text, "don't cover this question")
	assert.True(t, a.Trace.NotCovered)
}

func TestRewriteCacheIsBoundedAndHoldsNoQuestionText(t *testing.T) {
	c := newRewriteCache()
	for i := 0; i < rewriteCacheSize+10; i++ {
		c.put(fmt.Sprintf("question %d", i), "terms")
	}
	assert.Len(t, c.m, rewriteCacheSize)
	_, ok := c.get("question 0")
	assert.False(t, ok, "the oldest is forgotten")
	v, ok := c.get(fmt.Sprintf("question %d", rewriteCacheSize+9))
	assert.True(t, ok)
	assert.Equal(t, "terms", v)
}
