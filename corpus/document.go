package corpus

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// readerVersion changes whenever a reader's output changes for the same
// bytes, so that the fingerprint (and with it the index) changes too.
const readerVersion = "readers-2"

// ReadDocument reads one document from its bytes. The reader is chosen by
// the extension of name: .md and .markdown (YAML front matter, ATX
// headings), .txt (headings inferred from layout) and .html/.htm. The ID
// is the base name without extension; File is name. A document that shows
// no title of its own is titled by its ID. Errors are *DocError
// values naming name and, when known, the line.
func ReadDocument(name string, data []byte) (Document, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	ext := strings.ToLower(path.Ext(base))
	id := strings.TrimSuffix(base, path.Ext(base))
	fail := func(err error) (Document, error) {
		if de, ok := err.(*DocError); ok {
			de.File = name
			return Document{}, de
		}
		return Document{}, &DocError{File: name, Err: err}
	}
	text, err := decodeText(data)
	if err != nil {
		return fail(err)
	}
	var doc Document
	switch ext {
	case ".md", ".markdown":
		doc, err = readMarkdown(text, id)
	case ".txt":
		doc, err = readText(text, id)
	case ".html", ".htm":
		doc, err = readHTML(text, id)
	default:
		return fail(fmt.Errorf("%w %q", ErrUnsupported, ext))
	}
	if err != nil {
		return fail(err)
	}
	doc.ID, doc.File = id, name
	if !hasText(doc.Sections) {
		return fail(ErrEmpty)
	}
	return doc, nil
}

// decodeText checks that data is UTF-8 text and returns it without a byte
// order mark.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return "", &DocError{Line: lineAt(data, i), Err: fmt.Errorf("%w: bad byte 0x%02x", ErrNotUTF8, data[i])}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", &DocError{Line: lineAt(data, i), Err: fmt.Errorf("%w: NUL byte", ErrNotText)}
	}
	return string(data), nil
}

// lineAt returns the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// hasText reports whether any section has body text.
func hasText(sections []Section) bool {
	for _, s := range sections {
		if strings.TrimSpace(s.Text) != "" {
			return true
		}
	}
	return false
}
