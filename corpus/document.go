package corpus

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"pactbot/lang"
)

// readerVersion changes whenever a reader's output changes for the same
// bytes, so that the fingerprint (and with it the index) changes too.
const readerVersion = "readers-2"

// Formats describes the document formats the readers understand; it is
// quoted in errors and warnings so a user knows what to give.
const Formats = "Markdown (.md, .markdown: # headings), HTML (.html, .htm: h1–h6, or EUR-Lex pages by their classes), plain text (.txt: headings inferred from the layout), PDF (.pdf: Official Journal acts by article, other PDFs as plain text)"

// structureWarningBytes is the size above which a document that comes out
// as one section gets a "no structure found" warning.
const structureWarningBytes = 4096

// binaryKinds names binary formats by extension.
var binaryKinds = map[string]string{
	".doc": "Word document", ".docx": "Word document", ".odt": "OpenDocument text",
	".rtf": "RTF document", ".epub": "EPUB book", ".xls": "spreadsheet", ".xlsx": "spreadsheet",
	".ods": "spreadsheet", ".ppt": "presentation", ".pptx": "presentation",
	".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image",
	".webp": "WebP image", ".tif": "TIFF image", ".tiff": "TIFF image", ".svg": "SVG image",
	".zip": "zip archive", ".gz": "gzip archive", ".tar": "tar archive", ".7z": "7-Zip archive",
}

// ReadDocument reads one document from its bytes. The reader is chosen by
// the extension of name: .md and .markdown (YAML front matter, ATX and
// setext headings), .txt (headings inferred from layout) and .html/.htm
// (EUR-Lex pages by their classes, other pages by h1–h6). A PDF (by
// extension or by its %PDF- signature) and other binary formats are named
// in the error, never reported as bad UTF-8. The ID is the base name
// without extension; File is name. A document that shows no title of its
// own is titled by its ID; its Language is the one it declares, else the
// one detected from its text. Errors are *DocError values naming name and,
// when known, the line.
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
	// Binary formats are routed before the UTF-8 check.
	switch {
	case ext == ".pdf" || bytes.HasPrefix(data, []byte("%PDF-")):
		doc, err := readPDF(data, id)
		if err != nil {
			return fail(err)
		}
		doc.ID, doc.File, doc.Format = id, name, "pdf"
		if !hasText(doc.Sections) {
			return fail(ErrEmpty)
		}
		finish(&doc, len(data))
		return doc, nil
	case binaryKinds[ext] != "":
		return fail(fmt.Errorf("%w: %s; pactbot reads %s", ErrBinary, binaryKinds[ext], Formats))
	}
	text, err := decodeText(data)
	if err != nil {
		return fail(err)
	}
	var doc Document
	switch ext {
	case ".md", ".markdown":
		doc, err = readMarkdown(text, id)
		doc.Format = "markdown"
	case ".txt":
		doc, err = readText(text, id)
		doc.Format = "text"
	case ".html", ".htm":
		doc, err = readHTML(text, id)
	default:
		return fail(fmt.Errorf("%w %q; pactbot reads %s", ErrUnsupported, ext, Formats))
	}
	if err != nil {
		return fail(err)
	}
	doc.ID, doc.File = id, name
	if !hasText(doc.Sections) {
		return fail(ErrEmpty)
	}
	finish(&doc, len(data))
	return doc, nil
}

// finish sets the language when the document declares none and warns
// about a long document that came out as one section.
func finish(doc *Document, size int) {
	doc.Language = primaryLanguage(doc.Language)
	if doc.Language == "" {
		doc.Language = detectLanguage(doc.Sections)
	}
	if len(doc.Sections) == 1 && size > structureWarningBytes {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf(
			"no structure found: %d KB came out as one section, so answers can only cite the whole document; pactbot reads %s",
			size/1024, Formats))
	}
}

// languageSample is how much text language detection reads.
const languageSample = 4000

// detectLanguage guesses the language of the sections' text with package
// lang; "" when the text shows no letters.
func detectLanguage(sections []Section) string {
	var b strings.Builder
	for _, s := range sections {
		if b.Len() >= languageSample {
			break
		}
		b.WriteString(s.Text)
		b.WriteString("\n")
	}
	sample := b.String()
	if len(sample) > languageSample {
		cut := languageSample
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	return lang.Detect(sample).Code
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
