package discordtest

import (
	"net/http"
	"strings"
	"time"
)

// respond answers one REST call the way Discord would for the endpoints the
// bot uses; anything else gets Discord's 404 shape.
func (s *Server) respond(r *http.Request, c Call) (int, []byte) {
	seg := strings.Split(strings.Trim(strings.TrimPrefix(c.Path, "/api/v9"), "/"), "/")
	n := len(seg)
	switch {
	case c.Method == http.MethodGet && c.Path == "/api/v9/gateway":
		return http.StatusOK, mustJSON(map[string]any{"url": s.gatewayURL()})
	case c.Method == http.MethodGet && c.Path == "/api/v9/gateway/bot":
		return http.StatusOK, mustJSON(map[string]any{
			"url": s.gatewayURL(), "shards": 1,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
		})
	case c.Method == http.MethodGet && c.Path == "/api/v9/users/@me":
		return http.StatusOK, mustJSON(botUser())
	case c.Method == http.MethodPut && seg[0] == "applications" && seg[n-1] == "commands":
		return s.overwriteCommands(c)
	case c.Method == http.MethodPost && seg[0] == "interactions" && n == 4 && seg[3] == "callback":
		return s.callback(c, seg[1], seg[2])
	case seg[0] == "webhooks" && n >= 3:
		return s.webhook(c, seg)
	case seg[0] == "channels" && n >= 2:
		return s.channel(c, seg)
	case c.Method == http.MethodPost && c.Path == "/api/v9/users/@me/channels":
		return http.StatusOK, mustJSON(s.dmChannel(c.Body))
	}
	return http.StatusNotFound, mustJSON(map[string]any{"message": "404: Not Found", "code": 0})
}

func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"
}

func botUser() map[string]any {
	return map[string]any{"id": BotUserID, "username": "pactbot", "discriminator": "0000", "bot": true, "avatar": nil}
}

func (s *Server) overwriteCommands(c Call) (int, []byte) {
	var cmds []map[string]any
	if err := c.Decode(&cmds); err != nil {
		return http.StatusBadRequest, mustJSON(map[string]any{"message": "Invalid Form Body", "code": 50035})
	}
	for _, cmd := range cmds {
		cmd["id"] = s.newID()
		cmd["application_id"] = AppID
		cmd["version"] = s.newID()
	}
	return http.StatusOK, mustJSON(cmds)
}

// webhook serves interaction follow-ups and edits of the original response:
// /webhooks/{app}/{token}[/messages/{id}], under the token rules of
// interactions.go.
func (s *Server) webhook(c Call, seg []string) (int, []byte) {
	in, status, body := s.liveToken(seg[2])
	if in == nil {
		return status, body
	}
	switch {
	case c.Method == http.MethodPost && len(seg) == 3:
		s.mu.Lock()
		edit := in.pendingDefer && !in.deleted
		in.pendingDefer = false
		s.mu.Unlock()
		if edit {
			// The first follow-up after a deferral is the deferred message.
			return http.StatusOK, s.message(in.channelID, in.originalID, c.Body)
		}
		return http.StatusOK, s.message(in.channelID, s.newID(), c.Body)
	case len(seg) == 5 && seg[3] == "messages":
		id := seg[4]
		if id == "@original" {
			s.mu.Lock()
			id = in.originalID
			in.pendingDefer = false
			s.mu.Unlock()
		}
		m, ok := s.Message(id)
		if id == "" || !ok || m.Deleted {
			return apiError(http.StatusNotFound, 10008, "Unknown Message")
		}
		switch c.Method {
		case http.MethodPatch:
			return http.StatusOK, s.message(m.ChannelID, id, c.Body)
		case http.MethodGet:
			return http.StatusOK, s.message(m.ChannelID, id, nil)
		case http.MethodDelete:
			s.mu.Lock()
			if id == in.originalID {
				in.deleted = true
			}
			s.mu.Unlock()
			s.deleteMessage(id)
			return http.StatusNoContent, nil
		}
	}
	return apiError(http.StatusNotFound, 10015, "Unknown Webhook")
}

// channel serves /channels/{id}[/messages[/{id}[/threads]]|/typing],
// message edits and deletes included.
func (s *Server) channel(c Call, seg []string) (int, []byte) {
	channelID := seg[1]
	switch {
	case c.Method == http.MethodGet && len(seg) == 2:
		return http.StatusOK, mustJSON(s.channelObject(channelID))
	case c.Method == http.MethodDelete && len(seg) == 2:
		return s.deleteThread(channelID)
	case c.Method == http.MethodPatch && len(seg) == 2:
		return s.editThread(channelID, c.Body)
	case c.Method == http.MethodPost && len(seg) == 3 && seg[2] == "typing":
		return http.StatusNoContent, nil
	case c.Method == http.MethodPost && len(seg) == 3 && seg[2] == "messages":
		return http.StatusOK, s.message(channelID, s.newID(), c.Body)
	case c.Method == http.MethodPatch && len(seg) == 4 && seg[2] == "messages":
		return http.StatusOK, s.message(channelID, seg[3], c.Body)
	case c.Method == http.MethodDelete && len(seg) == 4 && seg[2] == "messages":
		if !s.deleteMessage(seg[3]) {
			return apiError(http.StatusNotFound, 10008, "Unknown Message")
		}
		return http.StatusNoContent, nil
	case c.Method == http.MethodPost && len(seg) == 5 && seg[4] == "threads":
		return http.StatusCreated, mustJSON(s.startThread(channelID, c.Body))
	}
	return http.StatusNotFound, mustJSON(map[string]any{"message": "Unknown Channel", "code": 10003})
}

// dmChannel opens (or reopens) the DM channel with a user: a fresh id per
// call, which is all the bot can tell.
func (s *Server) dmChannel(body map[string]any) map[string]any {
	recipient, _ := body["recipient_id"].(string)
	return map[string]any{"id": s.newID(), "type": 1, "recipients": []any{
		map[string]any{"id": recipient, "username": "someone", "discriminator": "0", "avatar": nil},
	}}
}

func (s *Server) channelObject(id string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if th, ok := s.threads[id]; ok {
		return th
	}
	return map[string]any{"id": id, "type": 0, "guild_id": GuildID, "name": "general"}
}

func (s *Server) startThread(parentID string, body map[string]any) map[string]any {
	name, _ := body["name"].(string)
	th := map[string]any{
		"id": s.newID(), "type": 11, "guild_id": GuildID, "parent_id": parentID,
		"name": name, "owner_id": BotUserID,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": body["auto_archive_duration"], "locked": false},
	}
	s.mu.Lock()
	s.threads[th["id"].(string)] = th
	s.mu.Unlock()
	return th
}

// deleteThread deletes a thread the fake started (DELETE /channels/{id});
// deleting any other channel is refused as the bot may not.
func (s *Server) deleteThread(id string) (int, []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	th, ok := s.threads[id]
	if !ok {
		return apiError(http.StatusForbidden, 50013, "Missing Permissions")
	}
	delete(s.threads, id)
	s.deletedThreads = append(s.deletedThreads, id)
	return http.StatusOK, mustJSON(th)
}

// editThread renames or archives a thread the fake started.
func (s *Server) editThread(id string, body map[string]any) (int, []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	th, ok := s.threads[id]
	if !ok {
		return apiError(http.StatusForbidden, 50013, "Missing Permissions")
	}
	if name, ok := body["name"].(string); ok {
		th["name"] = name
	}
	if a, ok := body["archived"].(bool); ok {
		th["thread_metadata"].(map[string]any)["archived"] = a
	}
	return http.StatusOK, mustJSON(th)
}

// Thread returns the fake's state of a thread it started (false once
// deleted or when unknown).
func (s *Server) Thread(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	th, ok := s.threads[id]
	return th, ok
}

// DeletedThreads returns the ids of the threads deleted so far.
func (s *Server) DeletedThreads() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.deletedThreads...)
}

// message stores a create or edit and builds the message object Discord
// returns for it; an edit keeps the message's flags.
func (s *Server) message(channelID, id string, body map[string]any) []byte {
	stored := s.storeMessage(id, channelID, body)
	s.mu.Lock()
	flags := stored.Flags
	s.mu.Unlock()
	m := map[string]any{
		"id": id, "channel_id": channelID, "type": 0, "author": botUser(),
		"timestamp": s.Now().UTC().Format(time.RFC3339Nano), "tts": false,
		"mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "components": []any{}, "pinned": false,
	}
	for _, k := range []string{"content", "embeds", "components"} {
		if v, ok := body[k]; ok && v != nil {
			m[k] = v
		}
	}
	if flags != 0 {
		m["flags"] = flags
	}
	return mustJSON(m)
}
