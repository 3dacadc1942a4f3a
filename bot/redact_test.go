package bot

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactDiscord(t *testing.T) {
	const itok = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldHRva2VuZm9yaW50ZXJhY3Rpb24"
	const btok = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"
	tests := []struct {
		in, want string
	}{
		{`Patch "https://discord.com/api/v9/webhooks/1600000000000000001/` + itok + `/messages/@original": dial tcp: i/o timeout`,
			`Patch "https://discord.com/api/v9/webhooks/1600000000000000001/[redacted]/messages/@original": dial tcp: i/o timeout`},
		{`Post "https://discord.com/api/v9/interactions/1600000000000000002/` + itok + `/callback": EOF`,
			`Post "https://discord.com/api/v9/interactions/1600000000000000002/[redacted]/callback": EOF`},
		{`HTTP 401 Unauthorized, {"message": "401: Unauthorized", "code": 0, "token": "` + btok + `"}`,
			`HTTP 401 Unauthorized, {"message": "401: Unauthorized", "code": 0, "token": "[redacted]"}`},
		{`Authorization: Bot ` + btok, `Authorization: Bot [redacted]`},
		{`HTTP 403 Forbidden, {"message": "Missing Permissions", "code": 50013}`,
			`HTTP 403 Forbidden, {"message": "Missing Permissions", "code": 50013}`},
		{`HTTP 404 Not Found, {"message": "Unknown Channel", "code": 10003} channels/820000000000000001`,
			`HTTP 404 Not Found, {"message": "Unknown Channel", "code": 10003} channels/820000000000000001`},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, redactDiscord(tc.in))
	}
}
