package main

import (
	"io"

	"pactbot/safetext"
)

// terminalWriter passes everything written through safetext.Terminal:
// escape sequences, control characters (but newline and tab) and
// invisible characters are stripped. Human-mode output goes through it,
// because most of what it shows did not come from pactbot: answers (the
// model's, a moderator's), passages and titles (the documents'),
// questions (citizens', from the answer record). JSON output does not:
// encoding/json escapes control characters itself.
type terminalWriter struct{ w io.Writer }

// termw wraps w in a terminalWriter.
func termw(w io.Writer) io.Writer {
	if t, ok := w.(terminalWriter); ok {
		return t
	}
	return terminalWriter{w}
}

// Write writes p cleaned; it reports len(p) written when the cleaned text
// was, so that fmt and tabwriter do not see a short write.
func (t terminalWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, safetext.Terminal(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
