package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// ErrNoGateway is returned by dispatches when no session is connected.
var ErrNoGateway = errors.New("discordtest: no gateway connection")

// HeartbeatInterval is what HELLO tells the client, in milliseconds.
const HeartbeatInterval = 41250

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

// gateway is the websocket side: one live connection at a time, as a single
// shard would have.
type gateway struct {
	t        testing.TB
	upgrader websocket.Upgrader

	mu         sync.Mutex
	conn       *websocket.Conn
	seq        int64
	identifies []json.RawMessage
	resumes    int
	heartbeats int
	ready      chan struct{}
}

func newGateway(t testing.TB) *gateway {
	return &gateway{t: t, ready: make(chan struct{})}
}

// ServeHTTP upgrades to a websocket and runs one gateway connection.
func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := g.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	if err := g.handshake(conn); err != nil {
		_ = conn.Close()
		return
	}
	g.readLoop(conn)
}

// handshake sends HELLO, then answers IDENTIFY with READY or RESUME with
// RESUMED, as Discord does.
func (g *gateway) handshake(conn *websocket.Conn) error {
	hello := map[string]any{"heartbeat_interval": HeartbeatInterval}
	if err := conn.WriteJSON(frame{Op: 10, D: mustJSON(hello)}); err != nil {
		return fmt.Errorf("write hello: %w", err)
	}
	var f frame
	if err := conn.ReadJSON(&f); err != nil {
		return fmt.Errorf("read identify: %w", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var event string
	var data any
	switch f.Op {
	case 2:
		g.identifies = append(g.identifies, f.D)
		g.seq = 0
		event, data = "READY", readyPayload()
	case 6:
		g.resumes++
		event, data = "RESUMED", map[string]any{}
	default:
		return fmt.Errorf("expected identify or resume, got op %d", f.Op)
	}
	g.conn = conn
	if err := g.writeDispatchLocked(event, data); err != nil {
		return err
	}
	close(g.ready)
	g.ready = make(chan struct{})
	return nil
}

func readyPayload() map[string]any {
	return map[string]any{
		"v": 9, "user": botUser(), "session_id": "fake-session",
		"resume_gateway_url": "", "guilds": []any{}, "private_channels": []any{},
		"application": map[string]any{"id": AppID, "flags": 0},
	}
}

func (g *gateway) readLoop(conn *websocket.Conn) {
	for {
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			g.mu.Lock()
			if g.conn == conn {
				g.conn = nil
			}
			g.mu.Unlock()
			_ = conn.Close()
			return
		}
		if f.Op == 1 {
			g.mu.Lock()
			g.heartbeats++
			err := conn.WriteJSON(frame{Op: 11})
			g.mu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (g *gateway) writeDispatchLocked(event string, data any) error {
	if g.conn == nil {
		return ErrNoGateway
	}
	raw, ok := data.([]byte)
	if !ok {
		raw = mustJSON(data)
	}
	g.seq++
	if err := g.conn.WriteJSON(frame{Op: 0, T: event, S: g.seq, D: raw}); err != nil {
		return fmt.Errorf("discordtest: dispatch %s: %w", event, err)
	}
	return nil
}

func (g *gateway) closeAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn != nil {
		_ = g.conn.Close()
		g.conn = nil
	}
}

// Dispatch sends one gateway event (op 0) with the next sequence number.
// data is raw JSON ([]byte) or any value that marshals to the event's shape.
func (s *Server) Dispatch(event string, data any) error {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	return s.gw.writeDispatchLocked(event, data)
}

// DispatchInteraction sends INTERACTION_CREATE with the given payload and
// starts the life of its token (see AckWindow and TokenLife), so that
// responses and follow-ups follow Discord's rules and land in the
// interaction's channel.
func (s *Server) DispatchInteraction(payload []byte) error {
	var in struct {
		ID        string `json:"id"`
		Token     string `json:"token"`
		ChannelID string `json:"channel_id"`
	}
	if err := json.Unmarshal(payload, &in); err != nil {
		return fmt.Errorf("discordtest: interaction payload: %w", err)
	}
	s.registerInteraction(in.ID, in.Token, in.ChannelID)
	return s.Dispatch("INTERACTION_CREATE", payload)
}

// DispatchMessageCreate sends MESSAGE_CREATE with the given payload.
func (s *Server) DispatchMessageCreate(payload []byte) error {
	return s.Dispatch("MESSAGE_CREATE", payload)
}

// WaitConnected waits until a session has identified or resumed and holds
// the gateway connection.
func (s *Server) WaitConnected(timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		s.gw.mu.Lock()
		connected, ready := s.gw.conn != nil, s.gw.ready
		s.gw.mu.Unlock()
		if connected {
			return nil
		}
		select {
		case <-ready:
		case <-deadline:
			return fmt.Errorf("discordtest: no session connected after %s", timeout)
		}
	}
}

// DropGateway closes the live gateway connection abruptly, as a network
// failure would; discordgo is expected to reconnect and RESUME.
func (s *Server) DropGateway() { s.gw.closeAll() }

// Identifies returns the IDENTIFY payloads received so far.
func (s *Server) Identifies() []json.RawMessage {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	return append([]json.RawMessage(nil), s.gw.identifies...)
}

// Resumes counts RESUME handshakes.
func (s *Server) Resumes() int {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	return s.gw.resumes
}
