package corpus

import (
	"fmt"
	"strings"
)

// HTML reading: h1–h6 make the heading tree; script, style, nav, noscript,
// template, svg and the <title> text are dropped from the body, and so are header and footer unless they
// sit inside an article, main or section (where they belong to the text).
// The title is the first h1, else <title>. Language comes from <html lang>,
// the URL from the canonical link or og:url, the publisher from
// og:site_name, the date from the usual date meta tags.

var (
	droppedTags = map[string]bool{"title": true, "script": true, "style": true, "nav": true, "noscript": true, "template": true, "svg": true}
	pageChrome  = map[string]bool{"header": true, "footer": true}
	contentTags = map[string]bool{"article": true, "main": true, "section": true}
	blockTags   = map[string]bool{
		"p": true, "div": true, "section": true, "article": true, "main": true, "aside": true,
		"blockquote": true, "pre": true, "table": true, "tr": true, "dl": true, "dt": true, "dd": true,
		"figure": true, "figcaption": true, "address": true, "hr": true, "form": true, "fieldset": true,
		"header": true, "footer": true, "body": true, "caption": true,
	}
	headingRanks = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
	dateMetas    = []string{"date", "dc.date", "dcterms.date", "article:published_time", "dc.date.issued", "citation_publication_date"}
)

// readHTML reads an HTML page.
func readHTML(text, fallbackTitle string) (Document, error) {
	root, err := parseHTML(text)
	if err != nil {
		return Document{}, fmt.Errorf("parse HTML: %w", err)
	}
	if isEURLex(root) {
		doc := readEURLex(root, fallbackTitle)
		doc.Format = "eurlex-html"
		return doc, nil
	}
	toks := flattenHTML(root)
	doc := htmlMeta(toks)
	if h1 := firstHTMLH1(toks); h1 != "" {
		doc.Title = h1
	}
	if doc.Title == "" {
		doc.Title = fallbackTitle
	}
	b := htmlBuilder{out: newOutline(doc.Title)}
	for _, t := range toks {
		b.token(t)
	}
	b.flush()
	doc.Sections = b.out.sections()
	doc.Format = "html"
	return doc, nil
}

// htmlMeta reads the <title>, lang, canonical URL, publisher and date.
func htmlMeta(toks []htmlTok) Document {
	var doc Document
	metas := map[string]string{}
	for i, t := range toks {
		if t.kind != htmlStart {
			continue
		}
		switch t.name {
		case "html":
			doc.Language = strings.TrimSpace(t.attrs["lang"])
		case "title":
			if i+1 < len(toks) && toks[i+1].kind == htmlText && doc.Title == "" {
				doc.Title = collapse(toks[i+1].text)
			}
		case "link":
			if strings.EqualFold(t.attrs["rel"], "canonical") {
				doc.URL = strings.TrimSpace(t.attrs["href"])
			}
		case "meta":
			key := strings.ToLower(t.attrs["name"] + t.attrs["property"] + t.attrs["http-equiv"])
			if _, ok := metas[key]; !ok {
				metas[key] = strings.TrimSpace(t.attrs["content"])
			}
		}
	}
	if doc.URL == "" {
		doc.URL = metas["og:url"]
	}
	doc.Publisher = metas["og:site_name"]
	if doc.Language == "" {
		doc.Language = metaLanguage(metas)
	}
	for _, k := range dateMetas {
		if d := parseDate(metas[k]); d != "" {
			doc.Date = d
			break
		}
	}
	return doc
}

// firstHTMLH1 returns the text of the first h1 outside dropped elements.
func firstHTMLH1(toks []htmlTok) string {
	var b htmlBuilder
	for i, t := range toks {
		b.track(t)
		if t.kind != htmlStart || t.name != "h1" || b.drop > 0 {
			continue
		}
		var sb strings.Builder
		for _, u := range toks[i+1:] {
			if u.kind == htmlEnd && headingRanks[u.name] > 0 {
				break
			}
			if u.kind == htmlText {
				sb.WriteString(u.text)
			}
		}
		if h := collapse(sb.String()); h != "" {
			return h
		}
	}
	return ""
}

// collapse joins runs of white space into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// languageMetas name the meta tags that give a page's language.
var languageMetas = []string{"language", "content-language", "dc.language", "dcterms.language", "wt.z_usr_lan"}

// metaLanguage is the page language from its meta tags, lower case, ""
// when none gives one. "en-GB" stays "en-gb"; callers want the primary tag.
func metaLanguage(metas map[string]string) string {
	for _, k := range languageMetas {
		if v := strings.TrimSpace(metas[k]); v != "" {
			v, _, _ = strings.Cut(v, ",")
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}
