package discordtest

import (
	"net/http"
	"strconv"
	"time"
)

// Discord's documented interaction rules ("Receiving and Responding"),
// which the fake enforces:
//   - the initial response must come within 3 seconds of the interaction's
//     creation, and only once (a second one is 40060);
//   - the token, for follow-ups and edits of the response, is valid for 15
//     minutes after the interaction was created (then 50027);
//   - after a type-5 response (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) the
//     first follow-up edits the deferred "thinking…" message, which keeps
//     its flags (an ephemeral deferral stays ephemeral); once the deferred
//     message was edited or deleted, follow-ups create new messages.
const (
	// AckWindow is how long after its creation an interaction can still get
	// its initial response.
	AckWindow = 3 * time.Second
	// TokenLife is how long an interaction token stays valid, unless
	// SetTokenLife shortens it for a test.
	TokenLife = 15 * time.Minute
)

const discordEpochMS = 1420070400000

// firstRealSnowflake: ids before it are taken for test ids, not times.
var firstRealSnowflake = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)

// SnowflakeAt returns a snowflake id created at t, as Discord makes them;
// seq tells apart ids made in the same millisecond.
func SnowflakeAt(t time.Time, seq int) string {
	ms := t.UnixMilli() - discordEpochMS
	return strconv.FormatUint(uint64(ms)<<22|uint64(seq&0xfff), 10)
}

// snowflakeTime is the creation time in a snowflake id.
func snowflakeTime(id string) (time.Time, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(n>>22) + discordEpochMS), true
}

// interaction is what the fake knows of one interaction token.
type interaction struct {
	id        string
	channelID string
	created   time.Time
	// responded is set by the initial response; respType is its type.
	responded bool
	respType  int
	// pendingDefer is set between a type-5 response and the first edit,
	// delete or follow-up that resolves the deferred message.
	pendingDefer bool
	// deferFlags are the flags of the deferred response (64: ephemeral).
	deferFlags float64
	originalID string
	deleted    bool
}

// Now is the fake's clock: time.Now moved by Advance.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.offset)
}

// Advance moves the fake's clock forward, e.g. past an interaction token's
// 15 minutes.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// SetTokenLife shortens the life of interaction tokens (Discord: 15
// minutes), so that a test can outlive one in seconds.
func (s *Server) SetTokenLife(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenLife = d
}

// registerInteraction starts the life of an interaction token: created at
// the snowflake time of its id, or at dispatch when the id claims a later
// time or is too small to be a real snowflake (tests may use ids like
// "5001", which decode to 2015).
func (s *Server) registerInteraction(id, token, channelID string) {
	now := s.Now()
	created := now
	if t, ok := snowflakeTime(id); ok && t.Before(now) && t.After(firstRealSnowflake) {
		created = t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interactions[token] = &interaction{id: id, channelID: channelID, created: created}
}

func apiError(status int, code int, msg string) (int, []byte) {
	return status, mustJSON(map[string]any{"message": msg, "code": code})
}

// callback serves POST /interactions/{id}/{token}/callback.
func (s *Server) callback(c Call, id, token string) (int, []byte) {
	now := s.Now()
	s.mu.Lock()
	in, ok := s.interactions[token]
	s.mu.Unlock()
	switch {
	case !ok || in.id != id:
		return apiError(http.StatusNotFound, 10062, "Unknown interaction")
	case now.Sub(in.created) > AckWindow:
		return apiError(http.StatusNotFound, 10062, "Unknown interaction")
	}
	typ, _ := c.Body["type"].(float64)
	flags, _ := pathFloat(c.Body, "data", "flags")
	originalID := s.newID()
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.responded {
		return apiError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	}
	in.responded, in.respType = true, int(typ)
	if typ == 5 {
		in.pendingDefer, in.deferFlags = true, flags
	}
	if typ == 4 || typ == 5 {
		in.originalID = originalID
		s.messages[originalID] = &Posted{ID: originalID, ChannelID: in.channelID, Flags: int(flags), Body: map[string]any{}}
		s.order = append(s.order, originalID)
	}
	return http.StatusNoContent, nil
}

func pathFloat(m map[string]any, keys ...string) (float64, bool) {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return 0, false
		}
		cur = mm[k]
	}
	f, ok := cur.(float64)
	return f, ok
}

// liveToken returns the interaction of a webhook token, or the error
// Discord gives: unknown before the initial response, invalid after 15
// minutes.
func (s *Server) liveToken(token string) (*interaction, int, []byte) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[token]
	switch {
	case !ok || !in.responded:
		st, b := apiError(http.StatusNotFound, 10015, "Unknown Webhook")
		return nil, st, b
	case now.Sub(in.created) > s.tokenLife:
		st, b := apiError(http.StatusUnauthorized, 50027, "Invalid Webhook Token")
		return nil, st, b
	}
	return in, 0, nil
}

// Posted is what the fake holds of one message the bot made: where it
// is, whether only the asker sees it (Flags&64), whether it was deleted,
// and the last body it got.
type Posted struct {
	ID        string
	ChannelID string
	Flags     int
	Deleted   bool
	Body      map[string]any
}

// Ephemeral reports whether only the user of the interaction sees it.
func (m Posted) Ephemeral() bool { return m.Flags&64 != 0 }

// Visible reports whether the message exists and everyone in the channel
// sees it.
func (m Posted) Visible() bool { return !m.Deleted && !m.Ephemeral() }

// Message returns the fake's state of the message with this id.
func (s *Server) Message(id string) (Posted, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Posted{}, false
	}
	return *m, true
}

// OriginalOf returns the id of the initial response message of an
// interaction (empty when it has none).
func (s *Server) OriginalOf(interactionID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.interactions {
		if in.id == interactionID {
			return in.originalID
		}
	}
	return ""
}

// Visible returns the messages in a channel that everyone there sees, in
// the order they were made.
func (s *Server) Visible(channelID string) []Posted {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Posted
	for _, id := range s.order {
		if m := s.messages[id]; m.ChannelID == channelID && !m.Deleted && m.Flags&64 == 0 {
			out = append(out, *m)
		}
	}
	return out
}

// storeMessage records a created or edited message; flags of an existing
// message do not change (Discord keeps an ephemeral message ephemeral).
func (s *Server) storeMessage(id, channelID string, body map[string]any) *Posted {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		m = &Posted{ID: id, ChannelID: channelID}
		if f, ok := body["flags"].(float64); ok {
			m.Flags = int(f)
		}
		s.messages[id] = m
	}
	if !contains(s.order, id) {
		s.order = append(s.order, id)
	}
	if m.Body == nil {
		m.Body = map[string]any{}
	}
	for k, v := range body {
		if k != "flags" {
			m.Body[k] = v
		}
	}
	return m
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// deleteMessage marks a message deleted; false when it was unknown or
// deleted already.
func (s *Server) deleteMessage(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok || m.Deleted {
		return !ok // messages the fake never saw (users' own) can be deleted
	}
	m.Deleted = true
	return true
}
