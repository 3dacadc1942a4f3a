package corpus

import (
	"strings"

	"golang.org/x/net/html"
)

// HTML is parsed by golang.org/x/net/html (the HTML5 parsing algorithm:
// it never fails, it closes what the page leaves open, and it decodes
// entities). The generic reader walks the tree as a stream of start tags,
// text and end tags; the EUR-Lex reader (eurlex.go) walks it by class.

type htmlTokKind int

const (
	htmlText htmlTokKind = iota
	htmlStart
	htmlEnd
)

// htmlTok is one event of the walk; name is lower case, text is decoded.
type htmlTok struct {
	kind  htmlTokKind
	name  string
	attrs map[string]string
	text  string
}

// parseHTML parses s into a document tree.
func parseHTML(s string) (*html.Node, error) {
	return html.Parse(strings.NewReader(s))
}

// flattenHTML lists the tree's elements and text in document order.
// Comments and the doctype are left out.
func flattenHTML(root *html.Node) []htmlTok {
	var toks []htmlTok
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if n.Data != "" {
				toks = append(toks, htmlTok{kind: htmlText, text: n.Data})
			}
			return
		case html.ElementNode:
			attrs := make(map[string]string, len(n.Attr))
			for _, a := range n.Attr {
				if _, ok := attrs[a.Key]; !ok {
					attrs[a.Key] = a.Val
				}
			}
			toks = append(toks, htmlTok{kind: htmlStart, name: n.Data, attrs: attrs})
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			toks = append(toks, htmlTok{kind: htmlEnd, name: n.Data})
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return toks
}

// attr returns the value of n's attribute key, "" when absent.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether element n carries one of the classes.
func hasClass(n *html.Node, classes ...string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		for _, want := range classes {
			if c == want {
				return true
			}
		}
	}
	return false
}

// nodeText is the collapsed text of n and its descendants.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "template":
				return
			case "br", "p", "div", "td", "th", "li":
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return collapse(b.String())
}

// findFirst returns the first node below n (n included) for which ok holds.
func findFirst(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, ok); f != nil {
			return f
		}
	}
	return nil
}
