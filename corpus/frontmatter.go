package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatterKeys are the keys read into a Document; other keys are allowed
// and ignored.
var frontMatterKeys = map[string]bool{
	"title": true, "full_title": true, "publisher": true, "date": true,
	"language": true, "lang": true, "url": true, "celex": true, "licence": true,
}

// yamlLineRe finds the line number in a yaml.v3 error message.
var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// splitFrontMatter separates YAML front matter ("---" on the first line, up
// to the next "---" or "..." line) from the body. It returns the YAML text,
// and the body. With no front matter, fm is empty and the body is all of
// text.
func splitFrontMatter(text string) (fm string, body string, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t\r") != "---" {
		return "", text, nil
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		t := strings.TrimRight(l, " \t\r\n")
		if t == "---" || t == "..." {
			return strings.Join(lines[:i], ""), strings.Join(lines[i+1:], ""), nil
		}
	}
	return "", "", &DocError{Line: 1, Err: fmt.Errorf("%w: no closing --- line", ErrFrontMatter)}
}

// applyFrontMatter parses the YAML between the --- lines (which starts on
// file line 2) into doc. Errors carry the file line.
func applyFrontMatter(fm string, doc *Document) error {
	if strings.TrimSpace(fm) == "" {
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &root); err != nil {
		line, msg := yamlErrorLine(err)
		return &DocError{Line: line + 1, Err: fmt.Errorf("%w: %s", ErrFrontMatter, msg)}
	}
	if len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return &DocError{Line: m.Line + 1, Err: fmt.Errorf("%w: want key: value pairs", ErrFrontMatter)}
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !frontMatterKeys[k.Value] {
			continue
		}
		if seen[k.Value] || (k.Value == "lang" && seen["language"]) || (k.Value == "language" && seen["lang"]) {
			return &DocError{Line: k.Line + 1, Err: fmt.Errorf("%w: key %q given twice", ErrFrontMatter, k.Value)}
		}
		seen[k.Value] = true
		if v.Kind != yaml.ScalarNode {
			return &DocError{Line: v.Line + 1, Err: fmt.Errorf("%w: %s: want a single value", ErrFrontMatter, k.Value)}
		}
		setMeta(doc, k.Value, strings.TrimSpace(v.Value))
	}
	return nil
}

// setMeta stores one front matter value in the matching Document field.
func setMeta(doc *Document, key, value string) {
	switch key {
	case "title":
		doc.Title = value
	case "publisher":
		doc.Publisher = value
	case "date":
		doc.Date = value
	case "language", "lang":
		doc.Language = value
	case "url":
		doc.URL = value
	case "full_title":
		doc.FullTitle = value
	case "celex":
		doc.CELEX = value
	case "licence":
		doc.Licence = value
	}
}

// yamlErrorLine splits a yaml.v3 error into the 1-based line it names (0
// when it names none) and the message without the "yaml: line N:" prefix.
// yaml.v3 reports parser errors ("did not find expected …") with a 0-based
// line and scanner errors with a 1-based one; this evens them out.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			if strings.HasPrefix(m[2], "did not find expected") {
				n++
			}
			return n, m[2]
		}
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}
