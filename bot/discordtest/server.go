// Package discordtest is a fake Discord for tests: an httptest REST API that
// records every call and answers the endpoints the bot uses, plus a gateway
// websocket (HELLO, IDENTIFY → READY, heartbeat ACKs, RESUME, numbered
// dispatches) that a real discordgo session connects to. It owns only the
// fake; it knows nothing about pactbot's answers or records.
package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// IDs of the fake application and its bot user; fixtures use the same ones.
const (
	AppID     = "900000000000000001"
	BotUserID = AppID
	GuildID   = "800000000000000001"
	ChannelID = "810000000000000001"
)

// Call is one REST request the fake received.
type Call struct {
	Method string
	// Path is the URL path, e.g. "/api/v9/interactions/1/tok/callback".
	Path  string
	Query string
	// Raw is the request body as sent.
	Raw []byte
	// Body is Raw decoded as JSON (nil when empty or not JSON).
	Body map[string]any
	// Status and Response are what the fake answered.
	Status   int
	Response []byte
	At       time.Time
}

// Decode unmarshals the request body into v, e.g. a *discordgo.InteractionResponse.
func (c Call) Decode(v any) error {
	if err := json.Unmarshal(c.Raw, v); err != nil {
		return fmt.Errorf("discordtest: decode %s %s: %w", c.Method, c.Path, err)
	}
	return nil
}

// DecodeResponse unmarshals the fake's answer into v, e.g. a *discordgo.Channel.
func (c Call) DecodeResponse(v any) error {
	if err := json.Unmarshal(c.Response, v); err != nil {
		return fmt.Errorf("discordtest: decode response to %s %s: %w", c.Method, c.Path, err)
	}
	return nil
}

// Is reports whether the call has this method and its path starts with prefix.
func (c Call) Is(method, prefix string) bool {
	return c.Method == method && strings.HasPrefix(c.Path, prefix)
}

// Failure is a canned error response, served once by the fake for the first
// request that matches Method and PathPrefix.
type Failure struct {
	Method     string
	PathPrefix string
	Status     int
	Body       string
	Header     map[string]string
}

// Server is the fake Discord. Its zero value is not usable; call New.
type Server struct {
	t   testing.TB
	srv *httptest.Server
	gw  *gateway

	mu       sync.Mutex
	calls    []Call
	changed  chan struct{}
	failures []Failure
	nextID   int64
	threads  map[string]map[string]any // thread id → channel object
	// interactions are the interaction tokens dispatched, with their state.
	interactions map[string]*interaction
	// messages are the messages the bot made, by id, in order of creation.
	messages map[string]*Posted
	order    []string
	// offset moves the fake's clock (Advance).
	offset    time.Duration
	tokenLife time.Duration
	// deletedThreads are the threads deleted, in order.
	deletedThreads []string
}

// New starts a fake Discord that stops when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:            t,
		changed:      make(chan struct{}),
		nextID:       1500000000000000000,
		threads:      map[string]map[string]any{},
		interactions: map[string]*interaction{},
		messages:     map[string]*Posted{},
		tokenLife:    TokenLife,
	}
	s.gw = newGateway(t)
	mux := http.NewServeMux()
	mux.Handle("/gateway", s.gw)
	mux.Handle("/gateway/", s.gw) // discordgo adds a trailing slash
	mux.HandleFunc("/api/v9/", s.serveREST)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.gw.closeAll()
		s.srv.Close()
	})
	return s
}

// URL is the fake's base URL, to be used as discord.api_url.
func (s *Server) URL() string { return s.srv.URL }

// FailNext makes the next request matching f get f's status and body.
func (s *Server) FailNext(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, f)
}

// Calls returns a copy of every REST call so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsMatching returns the calls for which pred is true.
func (s *Server) CallsMatching(pred func(Call) bool) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if pred(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until some call satisfies pred and returns the first such
// call, or fails the test after timeout.
func (s *Server) WaitFor(pred func(Call) bool, timeout time.Duration) Call {
	s.t.Helper()
	got := s.WaitForN(pred, 1, timeout)
	return got[0]
}

// WaitForN waits until n calls satisfy pred and returns them, or fails the
// test after timeout.
func (s *Server) WaitForN(pred func(Call) bool, n int, timeout time.Duration) []Call {
	s.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		var got []Call
		for _, c := range s.calls {
			if pred(c) {
				got = append(got, c)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got[:n]
		}
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("discordtest: %d of %d expected calls after %s", len(got), n, timeout)
			return nil
		}
	}
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) takeFailure(method, path string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.failures {
		if f.Method == method && strings.HasPrefix(path, f.PathPrefix) {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
			return f, true
		}
	}
	return Failure{}, false
}

// newID returns a fresh snowflake-like id.
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	c := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Raw: raw, At: s.Now()}
	if len(bytes.TrimSpace(raw)) > 0 {
		_ = json.Unmarshal(raw, &c.Body)
	}
	// A canned failure replaces the answer and, as on Discord, changes
	// nothing (a 429 callback leaves the interaction unacknowledged).
	var status int
	var resp []byte
	if f, ok := s.takeFailure(r.Method, r.URL.Path); ok {
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		status, resp = f.Status, []byte(f.Body)
	} else {
		status, resp = s.respond(r, c)
	}
	c.Status, c.Response = status, resp
	s.record(c)
	if resp == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(resp)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps and slices of plain values are marshalled here
	}
	return b
}
