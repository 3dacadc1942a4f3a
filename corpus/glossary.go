package corpus

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseGlossary parses a glossary: a YAML list of rules, each a mapping
// with "synonyms" (a non-empty list of terms), optionally "input" (a list
// of terms) and optionally "languages" (ISO 639-1 codes, a list or one
// code: the languages of the documents the rule is for; without it, the
// rule is English). Parsing is strict: an unknown or repeated key, an empty
// or non-string term, or a rule with no synonyms is an error naming name
// and the line. A file with no rules (only comments) is an empty glossary.
func ParseGlossary(name string, data []byte) (Glossary, error) {
	fail := func(line int, format string, args ...any) (Glossary, error) {
		return nil, &DocError{File: name, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrGlossary}, args...)...)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := yamlErrorLine(err)
		return fail(line, "%s", msg)
	}
	if len(root.Content) == 0 {
		return Glossary{}, nil
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return fail(list.Line, "want a list of rules")
	}
	g := make(Glossary, 0, len(list.Content))
	for i, item := range list.Content {
		rule, err := parseRule(item)
		if err != nil {
			err.File = name
			err.Err = fmt.Errorf("%w: rule %d: %w", ErrGlossary, i+1, err.Err)
			return nil, err
		}
		g = append(g, rule)
	}
	return g, nil
}

// parseRule reads one {input, synonyms} mapping.
func parseRule(n *yaml.Node) (SynonymRule, *DocError) {
	var rule SynonymRule
	if n.Kind != yaml.MappingNode {
		return rule, &DocError{Line: n.Line, Err: fmt.Errorf("want a mapping with input and synonyms")}
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			return rule, &DocError{Line: k.Line, Err: fmt.Errorf("key %q given twice", k.Value)}
		}
		seen[k.Value] = true
		if k.Value == "languages" {
			langs, err := parseLanguages(v)
			if err != nil {
				return rule, err
			}
			rule.Languages = langs
			continue
		}
		if k.Value != "input" && k.Value != "synonyms" {
			return rule, &DocError{Line: k.Line, Err: fmt.Errorf("unknown key %q (want input, synonyms, languages)", k.Value)}
		}
		terms, err := parseTerms(k.Value, v)
		if err != nil {
			return rule, err
		}
		if k.Value == "input" {
			rule.Input = terms
		} else {
			rule.Synonyms = terms
		}
	}
	if len(rule.Synonyms) == 0 {
		return rule, &DocError{Line: n.Line, Err: fmt.Errorf("synonyms: empty")}
	}
	if !seen["input"] && len(rule.Synonyms) < 2 {
		return rule, &DocError{Line: n.Line, Err: fmt.Errorf("synonyms: a rule without input needs two terms or more")}
	}
	return rule, nil
}

// parseTerms reads a list of non-empty string terms.
func parseTerms(key string, v *yaml.Node) ([]string, *DocError) {
	if v.Kind != yaml.SequenceNode {
		return nil, &DocError{Line: v.Line, Err: fmt.Errorf("%s: want a list of terms", key)}
	}
	if len(v.Content) == 0 {
		return nil, &DocError{Line: v.Line, Err: fmt.Errorf("%s: empty", key)}
	}
	terms := make([]string, 0, len(v.Content))
	for _, t := range v.Content {
		term := strings.Join(strings.Fields(t.Value), " ")
		if t.Kind != yaml.ScalarNode || t.Tag == "!!null" || term == "" {
			return nil, &DocError{Line: t.Line, Err: fmt.Errorf("%s: want a non-empty term", key)}
		}
		terms = append(terms, term)
	}
	return terms, nil
}

// parseLanguages reads a rule's languages: one ISO 639-1 code or a
// non-empty list of them, lower case ("sv", "de").
func parseLanguages(v *yaml.Node) ([]string, *DocError) {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
		if len(items) == 0 {
			return nil, &DocError{Line: v.Line, Err: fmt.Errorf("languages: empty")}
		}
	}
	var out []string
	for _, n := range items {
		code := strings.TrimSpace(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || !isLanguageCode(code) {
			return nil, &DocError{Line: n.Line, Err: fmt.Errorf("languages: want ISO 639-1 codes such as en or sv, got %q", n.Value)}
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out, nil
}

// isLanguageCode reports whether s is two lower-case ASCII letters.
func isLanguageCode(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

// LoadGlossaryFile reads and parses a glossary file.
func LoadGlossaryFile(path string) (Glossary, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: read glossary %s: %w", path, err)
	}
	return ParseGlossary(path, data)
}
