package corpus

import (
	"html"
	"strings"
)

// A small HTML tokenizer: enough of the HTML syntax to read documents
// (comments, doctype, CDATA, quoted attributes that contain ">", raw-text
// elements such as script and style), without adding a module dependency.
// It never fails: what it cannot parse as markup it reads as text.

type htmlTokKind int

const (
	htmlText htmlTokKind = iota
	htmlStart
	htmlEnd
)

// htmlTok is one token; name is lower case, text is entity-decoded.
type htmlTok struct {
	kind  htmlTokKind
	name  string
	attrs map[string]string
	text  string
}

// rawTextTags hold text up to their end tag, never markup.
var rawTextTags = map[string]bool{"script": true, "style": true, "title": true, "textarea": true, "xmp": true}

// tokenizeHTML splits s into tokens.
func tokenizeHTML(s string) []htmlTok {
	var toks []htmlTok
	text := func(t string) {
		if t != "" {
			toks = append(toks, htmlTok{kind: htmlText, text: html.UnescapeString(t)})
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			text(s[i:])
			break
		}
		text(s[i : i+j])
		i += j
		switch rest := s[i:]; {
		case strings.HasPrefix(rest, "<!--"):
			i += skipPast(rest, 4, "-->")
		case strings.HasPrefix(rest, "<![CDATA["):
			end := skipPast(rest, 9, "]]>")
			text(strings.TrimSuffix(rest[9:end], "]]>"))
			i += end
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			i += skipPast(rest, 2, ">")
		case strings.HasPrefix(rest, "</") && len(rest) > 2 && isASCIILetter(rest[2]):
			name, _ := tagName(rest[2:])
			toks = append(toks, htmlTok{kind: htmlEnd, name: name})
			i += skipPast(rest, 2, ">")
		case len(rest) > 1 && isASCIILetter(rest[1]):
			tok, n := startTag(rest)
			toks = append(toks, tok)
			i += n
			if rawTextTags[tok.name] {
				end := indexFold(s[i:], "</"+tok.name)
				if end < 0 {
					end = len(s) - i
				}
				if tok.name == "title" || tok.name == "textarea" {
					text(s[i : i+end])
				}
				i += end
			}
		default:
			text("<")
			i++
		}
	}
	return toks
}

// skipPast returns the offset just past the first end after from, or
// len(s) when there is none.
func skipPast(s string, from int, end string) int {
	if k := strings.Index(s[from:], end); k >= 0 {
		return from + k + len(end)
	}
	return len(s)
}

// startTag parses "<name attr=value …>" at the start of s and returns the
// token and its length.
func startTag(s string) (htmlTok, int) {
	name, n := tagName(s[1:])
	tok := htmlTok{kind: htmlStart, name: name, attrs: map[string]string{}}
	i := 1 + n
	for i < len(s) {
		for i < len(s) && (isHTMLSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) || s[i] == '>' {
			return tok, min(i+1, len(s))
		}
		k := i
		for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		key := strings.ToLower(s[k:i])
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			tok.attrs[key] = ""
			continue
		}
		val, n := attrValue(s[i+1:])
		tok.attrs[key] = html.UnescapeString(val)
		i += 1 + n
	}
	return tok, len(s)
}

// attrValue reads a quoted or unquoted attribute value after "=".
func attrValue(s string) (string, int) {
	i := 0
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		q := s[i]
		if k := strings.IndexByte(s[i+1:], q); k >= 0 {
			return s[i+1 : i+1+k], i + 2 + k
		}
		return s[i+1:], len(s)
	}
	k := i
	for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
		i++
	}
	return s[k:i], i
}

// tagName reads a tag name and returns it lower-cased with its length.
func tagName(s string) (string, int) {
	i := 0
	for i < len(s) && (isASCIILetter(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == ':') {
		i++
	}
	return strings.ToLower(s[:i]), i
}

// indexFold is a case-insensitive strings.Index for an ASCII needle.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
