package bot_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot"
)

// commandsSchema compiles the request body of "Bulk Overwrite Guild
// Application Commands" from Discord's OpenAPI spec (testdata holds the
// schemas it needs, extracted from discord/discord-api-spec).
func commandsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/discord_openapi_commands.json")
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("discord.json", doc))
	sch, err := c.Compile("discord.json#/request")
	require.NoError(t, err)
	return sch
}

func TestCommandRegistrationFollowsTheSpec(t *testing.T) {
	sch := commandsSchema(t)
	for _, tt := range []struct {
		name     string
		dm       bool
		review   bool
		contexts []any
	}{
		{"guilds only", false, false, []any{0.0}},
		{"guilds and DMs, with moderation", true, true, []any{0.0, 1.0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := setup{configure: func(c *bot.Config) { c.DM = tt.dm }}
			if tt.review {
				s.review = reviewConfig(bot.ModePost)
			}
			h := startBotWith(t, s)
			put := h.srv.WaitFor(isCommandsPut, 3*time.Second)
			var body any
			require.NoError(t, json.Unmarshal(put.Raw, &body))
			require.NoError(t, sch.Validate(body), "the body Discord's spec describes")

			var cmds []map[string]any
			require.NoError(t, json.Unmarshal(put.Raw, &cmds))
			names := []string{}
			for _, c := range cmds {
				names = append(names, c["name"].(string))
				assert.NotContains(t, c, "dm_permission", "deprecated: contexts replace it")
				assert.Equal(t, tt.contexts, c["contexts"], c["name"])
				assert.Equal(t, []any{0.0}, c["integration_types"], "guild install")
			}
			assert.Equal(t, tt.review, strings.Contains(strings.Join(names, " "), "forget-me"))
			opt := cmds[0]["options"].([]any)[0].(map[string]any)
			assert.EqualValues(t, 300, opt["max_length"], "the harness's MaxQuestionChars")
		})
	}
}

// The schema check itself refuses what Discord would: a sanity check that
// the test above can fail.
func TestCommandsSchemaRefusesBadBodies(t *testing.T) {
	sch := commandsSchema(t)
	for _, raw := range []string{
		`[{"name":"ask","description":"x","contexts":[]}]`,
		`[{"name":"ask","description":"x","options":[{"type":3,"name":"question","description":"q","max_length":7000}]}]`,
		`[{"description":"no name"}]`,
		`[{"name":"ask","description":"x","integration_types":[5]}]`,
	} {
		var body any
		require.NoError(t, json.Unmarshal([]byte(raw), &body))
		assert.Error(t, sch.Validate(body), raw)
	}
}
