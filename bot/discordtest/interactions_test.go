package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// do sends one REST call to the fake and returns its status and decoded
// JSON answer.
func do(t *testing.T, srv *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+"/api/v9"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &m), string(raw))
	}
	return resp.StatusCode, m
}

// interact starts an interaction with a fresh snowflake id (no gateway
// session is needed: only the token's life starts).
func interact(t *testing.T, srv *Server, created time.Time) (id, hook string) {
	t.Helper()
	id = SnowflakeAt(created, 1)
	_ = srv.DispatchInteraction(SlashCommand(Interaction{ID: id}, "ask", nil)) // ErrNoGateway: no session
	return id, "/webhooks/" + AppID + "/" + Token(id)
}

func TestFollowUpAfterDeferral(t *testing.T) {
	srv := New(t)
	id, hook := interact(t, srv, srv.Now())
	st, _ := do(t, srv, "POST", "/interactions/"+id+"/"+Token(id)+"/callback", `{"type":5,"data":{"flags":64}}`)
	require.Equal(t, http.StatusNoContent, st)
	original := srv.OriginalOf(id)
	require.NotEmpty(t, original)

	st, first := do(t, srv, "POST", hook+"?wait=true", `{"content":"public?"}`)
	require.Equal(t, http.StatusOK, st)
	assert.Equal(t, original, first["id"], "the first follow-up edits the deferred message")
	assert.EqualValues(t, 64, first["flags"], "which stays ephemeral")
	m, _ := srv.Message(original)
	assert.False(t, m.Visible())

	st, second := do(t, srv, "POST", hook+"?wait=true", `{"content":"later"}`)
	require.Equal(t, http.StatusOK, st)
	assert.NotEqual(t, original, second["id"], "later follow-ups are new messages")
	assert.Nil(t, second["flags"])
	m, _ = srv.Message(second["id"].(string))
	assert.True(t, m.Visible())
}

func TestFollowUpAfterEditedDeferral(t *testing.T) {
	srv := New(t)
	id, hook := interact(t, srv, srv.Now())
	st, _ := do(t, srv, "POST", "/interactions/"+id+"/"+Token(id)+"/callback", `{"type":5,"data":{"flags":64}}`)
	require.Equal(t, http.StatusNoContent, st)
	st, _ = do(t, srv, "PATCH", hook+"/messages/@original", `{"content":"see below"}`)
	require.Equal(t, http.StatusOK, st)
	_, msg := do(t, srv, "POST", hook+"?wait=true", `{"content":"answer"}`)
	assert.NotEqual(t, srv.OriginalOf(id), msg["id"], "an edited deferral is no longer the follow-up's target")
	assert.Len(t, srv.Visible(ChannelID), 1)
}

func TestInteractionRules(t *testing.T) {
	tests := []struct {
		name   string
		run    func(t *testing.T, srv *Server) (int, map[string]any)
		status int
		code   float64
	}{
		{"second initial response", func(t *testing.T, srv *Server) (int, map[string]any) {
			id, _ := interact(t, srv, srv.Now())
			cb := "/interactions/" + id + "/" + Token(id) + "/callback"
			st, _ := do(t, srv, "POST", cb, `{"type":5}`)
			require.Equal(t, http.StatusNoContent, st)
			return do(t, srv, "POST", cb, `{"type":4,"data":{"content":"again"}}`)
		}, http.StatusBadRequest, 40060},
		{"initial response after 3 seconds", func(t *testing.T, srv *Server) (int, map[string]any) {
			id, _ := interact(t, srv, srv.Now())
			srv.Advance(AckWindow + time.Second)
			return do(t, srv, "POST", "/interactions/"+id+"/"+Token(id)+"/callback", `{"type":5}`)
		}, http.StatusNotFound, 10062},
		{"follow-up after 15 minutes", func(t *testing.T, srv *Server) (int, map[string]any) {
			id, hook := interact(t, srv, srv.Now())
			st, _ := do(t, srv, "POST", "/interactions/"+id+"/"+Token(id)+"/callback", `{"type":5}`)
			require.Equal(t, http.StatusNoContent, st)
			srv.Advance(TokenLife + time.Second)
			return do(t, srv, "POST", hook, `{"content":"late"}`)
		}, http.StatusUnauthorized, 50027},
		{"edit after 15 minutes", func(t *testing.T, srv *Server) (int, map[string]any) {
			id, hook := interact(t, srv, srv.Now())
			st, _ := do(t, srv, "POST", "/interactions/"+id+"/"+Token(id)+"/callback", `{"type":5}`)
			require.Equal(t, http.StatusNoContent, st)
			srv.Advance(TokenLife + time.Second)
			return do(t, srv, "PATCH", hook+"/messages/@original", `{"content":"late"}`)
		}, http.StatusUnauthorized, 50027},
		{"delete of an interaction created 15 minutes ago", func(t *testing.T, srv *Server) (int, map[string]any) {
			// The window starts at the snowflake's time, not at dispatch.
			id, hook := interact(t, srv, srv.Now().Add(-TokenLife+2*time.Second))
			srv.mu.Lock()
			srv.interactions[Token(id)].responded = true
			srv.mu.Unlock()
			srv.Advance(3 * time.Second)
			return do(t, srv, "DELETE", hook+"/messages/@original", ``)
		}, http.StatusUnauthorized, 50027},
		{"follow-up before any response", func(t *testing.T, srv *Server) (int, map[string]any) {
			_, hook := interact(t, srv, srv.Now())
			return do(t, srv, "POST", hook, `{"content":"early"}`)
		}, http.StatusNotFound, 10015},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, body := tt.run(t, New(t))
			assert.Equal(t, tt.status, st)
			assert.Equal(t, tt.code, body["code"])
		})
	}
}

func TestSnowflakeAt(t *testing.T) {
	at := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	got, ok := snowflakeTime(SnowflakeAt(at, 7))
	require.True(t, ok)
	assert.True(t, got.Equal(at))
}
