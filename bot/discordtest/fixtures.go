package discordtest

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed testdata/*.json
var fixtures embed.FS

// Fixture returns a payload kept in testdata/ (real Discord shapes),
// decoded as a generic JSON object.
func Fixture(name string) (map[string]any, error) {
	raw, err := fixtures.ReadFile("testdata/" + name)
	if err != nil {
		return nil, fmt.Errorf("discordtest: read fixture %s: %w", name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("discordtest: decode fixture %s: %w", name, err)
	}
	return m, nil
}

// Interaction describes who asks what, where; zero fields keep the
// fixture's values.
type Interaction struct {
	ID        string
	UserID    string
	ChannelID string
	// GuildID "-" makes it a DM interaction (no guild, no member, a user).
	GuildID string
	// Roles, when not nil, replaces the member's role ids.
	Roles []string
	// Permissions, when set, replaces the member's permissions (a decimal
	// bit set, as Discord sends it).
	Permissions string
	// AppPermissions, when set, replaces what the bot may do in the channel.
	AppPermissions string
}

// Token is the interaction token the fixtures derive from an interaction id.
func Token(interactionID string) string { return "tok-" + interactionID }

// SlashCommand returns an INTERACTION_CREATE payload for the command name
// with string options, built from testdata/interaction_ask.json.
func SlashCommand(in Interaction, name string, options map[string]string) []byte {
	m := mustFixture("interaction_ask.json")
	data := m["data"].(map[string]any)
	data["name"] = name
	opts := []any{}
	for k, v := range options {
		opts = append(opts, map[string]any{"name": k, "type": 3, "value": v})
	}
	data["options"] = opts
	return mustJSON(applyInteraction(m, in))
}

// Button returns an INTERACTION_CREATE payload for a click on the button
// with customID, built from testdata/interaction_button.json.
func Button(in Interaction, customID string) []byte {
	m := mustFixture("interaction_button.json")
	m["data"].(map[string]any)["custom_id"] = customID
	return mustJSON(applyInteraction(m, in))
}

// ModalSubmit returns an INTERACTION_CREATE payload for a modal with
// customID submitted with the given text input values (custom id → value),
// built from testdata/interaction_modal.json.
func ModalSubmit(in Interaction, customID string, values map[string]string) []byte {
	m := mustFixture("interaction_modal.json")
	data := m["data"].(map[string]any)
	data["custom_id"] = customID
	rows := []any{}
	n := 0
	for k, v := range values {
		n += 2
		rows = append(rows, map[string]any{"type": 1, "id": n - 1, "components": []any{
			map[string]any{"type": 4, "id": n, "custom_id": k, "value": v},
		}})
	}
	data["components"] = rows
	return mustJSON(applyInteraction(m, in))
}

func applyInteraction(m map[string]any, in Interaction) map[string]any {
	if in.ID != "" {
		m["id"] = in.ID
		m["token"] = Token(in.ID)
	}
	if in.AppPermissions != "" {
		m["app_permissions"] = in.AppPermissions
	}
	member := m["member"].(map[string]any)
	if in.Roles != nil {
		member["roles"] = in.Roles
	}
	if in.Permissions != "" {
		member["permissions"] = in.Permissions
	}
	if in.UserID != "" {
		member["user"].(map[string]any)["id"] = in.UserID
	}
	if in.ChannelID != "" {
		m["channel_id"] = in.ChannelID
		m["channel"].(map[string]any)["id"] = in.ChannelID
	}
	switch in.GuildID {
	case "":
	case "-":
		delete(m, "guild_id")
		delete(m, "guild")
		delete(m, "member")
		m["user"] = member["user"]
		m["context"] = 1
	default:
		m["guild_id"] = in.GuildID
	}
	return m
}

// Message describes a MESSAGE_CREATE; zero fields keep the fixture's values.
type Message struct {
	ID        string
	AuthorID  string
	ChannelID string
	// GuildID "-" makes it a direct message.
	GuildID string
	Content string
	// MentionBot adds the bot to the mentions array, as Discord does when
	// the content contains <@bot id>.
	MentionBot bool
}

// MessageCreate returns a MESSAGE_CREATE payload built from
// testdata/message_mention.json.
func MessageCreate(msg Message) []byte {
	m := mustFixture("message_mention.json")
	if msg.ID != "" {
		m["id"] = msg.ID
	}
	if msg.AuthorID != "" {
		m["author"].(map[string]any)["id"] = msg.AuthorID
	}
	if msg.ChannelID != "" {
		m["channel_id"] = msg.ChannelID
	}
	if msg.Content != "" {
		m["content"] = msg.Content
	}
	if !msg.MentionBot {
		m["mentions"] = []any{}
	}
	if msg.GuildID == "-" {
		delete(m, "guild_id")
		delete(m, "member")
	} else if msg.GuildID != "" {
		m["guild_id"] = msg.GuildID
	}
	return mustJSON(m)
}

func mustFixture(name string) map[string]any {
	m, err := Fixture(name)
	if err != nil {
		panic(err) // the fixtures are embedded; a failure is a broken build
	}
	return m
}
