package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

func TestFormatted(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"markdown link", "See [the Pact](https://evil.example/x) now", "See the Pact (`https://evil.example/x`) now"},
		{"link in angle brackets", "[here](<https://a.eu>)", "here (`https://a.eu`)"},
		{"bare URL", "go to https://x.eu/a?b=1 today", "go to `https://x.eu/a?b=1` today"},
		{"www", "www.example.com", "`www.example.com`"},
		{"everyone", "hi @everyone and @here", "hi `@everyone` and `@here`"},
		{"here as a prefix", "@hereafter", "`@here`after"},
		{"fullwidth", "＠everyone", "`@everyone`"},
		{"Cyrillic look-alike", "@еvеryone", "`@everyone`"},
		{"user, role, channel, command", "<@123> <@!4> <@&5> <#6> </ask:7>", "`<@123>` `<@!4>` `<@&5>` `<#6>` `</ask:7>`"},
		{"zero width inside a mention", "@\u200beveryone", "`@everyone`"},
		{"bidi and BOM", "abc\u202edef\u2066g\ufeff\u061c", "abcdefg"},
		{"tags smuggling", "ok\U000E0041\U000E0042", "ok"},
		{"controls", "a\x00b\x1bc\r\nd\te", "abc\nd\te"},
		{"backticks cannot close a span", "`https://x.eu`", "'`https://x.eu`'"},
		{"formatting stays", "**bold** and [1] and - a list", "**bold** and [1] and - a list"},
		{"Persian joiner kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"joiner next to ASCII dropped", "a\u200db", "ab"},
		{"pieces of a link", "[x](y)", "x (y)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Formatted(tt.in)
			assert.Equal(t, tt.want, got)
			assertSafe(t, got)
		})
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"markdown escaped", "# **Approved** > by mod", `\# \*\*Approved\*\* \> by mod`},
		{"link", "[click](https://evil.example)", "click \\(`https://evil.example`\\)"},
		{"mention", "ping <@123> @everyone", "ping `<@123>` `@everyone`"},
		{"spoiler and underline", "||x|| __y__", `\|\|x\|\| \_\_y\_\_`},
		{"plain words unchanged", "Can I work in Germany?", "Can I work in Germany?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Plain(tt.in)
			assert.Equal(t, tt.want, got)
			assertSafe(t, got)
		})
	}
}

func TestTerminal(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"colour", "\x1b[31mred\x1b[0m", "red"},
		{"OSC title with BEL", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS", "x\x1bPq#0\x1b\\y", "xy"},
		{"carriage return overwrite", "fake\rreal", "fakereal"},
		{"backspace", "ab\bc", "abc"},
		{"C1 CSI", "a\u009b31mb", "a31mb"},
		{"bidi", "a\u202eb", "ab"},
		{"lone ESC at end", "end\x1b", "end"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"newlines and tabs kept", "a\n\tb", "a\n\tb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Terminal(tt.in)
			assert.Equal(t, tt.want, got)
			assert.False(t, strings.ContainsAny(got, "\x1b\r\b\x07"), got)
			for _, r := range got {
				assert.False(t, Control(r) || Invisible(r), "%q in %q", r, got)
			}
		})
	}
}

// assertSafe checks the promise of Formatted and Plain, reading the text
// as Discord does: outside code spans there is no URL, no Markdown link,
// no mention or look-alike of one; nowhere is there a control or
// invisible character, nor a joiner next to ASCII.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	if msg := unsafeReason(s); msg != "" {
		t.Fatalf("%s in %q", msg, s)
	}
}

func unsafeReason(s string) string {
	if strings.Count(s, "`")%2 != 0 {
		return "unpaired backtick"
	}
	var outside strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 0 {
			outside.WriteString(part)
			outside.WriteByte(' ')
		}
	}
	out := strings.ToLower(norm.NFKC.String(outside.String()))
	var skel strings.Builder
	for _, r := range out {
		skel.WriteRune(skeleton(r))
	}
	for _, bad := range []string{"://", "www.", "@everyone", "@here", "<@", "<#", "</", "](", "＠"} {
		if strings.Contains(skel.String(), bad) {
			return "live " + bad
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if Control(r) || Invisible(r) {
			return "control or invisible character"
		}
		if joiner(r) && (i == 0 || i == len(rs)-1 || rs[i-1] < utf8.RuneSelf || rs[i+1] < utf8.RuneSelf) {
			return "joiner next to ASCII"
		}
	}
	return ""
}

// FuzzNeutralise checks, for any input, that Formatted and Plain output is
// safe by assertSafe and that Terminal leaves no control character.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"[a](https://b.eu) @everyone <@1>", "＠ｅｖｅｒｙｏｎｅ ｈｔｔｐｓ：／／ｘ", "`x` https://a`b",
		"@\u200deveryone \x1b[31m\u202e", "[[x](y)](https://z)", "ｗｗｗ．ｘ．ｅｕ", "@еvеryone @һere", "a\u200c\u200db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{Formatted, Plain} {
			if msg := unsafeReason(fn(s)); msg != "" {
				t.Fatalf("%s in %q from %q", msg, fn(s), s)
			}
		}
		for _, r := range Terminal(s) {
			if Control(r) || Invisible(r) || r == 0x1b {
				t.Fatalf("%q left in Terminal(%q)", r, s)
			}
		}
	})
}
