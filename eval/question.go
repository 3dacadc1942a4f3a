// Package eval owns the project's retrieval and answer checks: reading
// question files (YAML or JSON Lines) that name the document, article or
// section a good answer cites, running them through a Searcher and an
// optional Asker, and reporting recall@1/3/5, MRR, fact hits and refusal
// accuracy against thresholds for the CI gate. It does not build indexes or
// answers itself; callers pass them in.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Question is one check: a question as a citizen would ask it and what a
// good answer stands on.
type Question struct {
	// ID is unique within a file.
	ID string `yaml:"id" json:"id"`
	// Q is the question text.
	Q string `yaml:"q" json:"q"`
	// Doc is the expected document ID; required unless Covered is false.
	Doc string `yaml:"doc,omitempty" json:"doc,omitempty"`
	// Articles are article numbers ("16"); a passage is a gold hit when one
	// of its path elements is "Article 16" or starts with "Article 16:".
	Articles []string `yaml:"articles,omitempty" json:"articles,omitempty"`
	// Section is a heading matched, case-insensitively, against the
	// passage's path elements.
	Section string `yaml:"section,omitempty" json:"section,omitempty"`
	// Fact is a substring expected in the top passages or the answer,
	// compared ignoring case and runs of white space.
	Fact string `yaml:"fact,omitempty" json:"fact,omitempty"`
	// Covered is false for questions the sources do not cover, which
	// should be refused; nil means true.
	Covered *bool `yaml:"covered,omitempty" json:"covered,omitempty"`
	// Lang is the question's language as an ISO 639-1 code ("de");
	// empty means DefaultLang. Reports break the metrics down by it.
	Lang string `yaml:"lang,omitempty" json:"lang,omitempty"`
}

// DefaultLang is the language of a question that names none.
const DefaultLang = "en"

// Language is q's ISO 639-1 language code, DefaultLang when unset.
func (q Question) Language() string {
	if q.Lang == "" {
		return DefaultLang
	}
	return q.Lang
}

// IsCovered reports whether the sources are expected to answer q.
func (q Question) IsCovered() bool { return q.Covered == nil || *q.Covered }

// validate checks what Run relies on.
func (q Question) validate() error {
	switch {
	case strings.TrimSpace(q.ID) == "":
		return errors.New("missing id")
	case strings.TrimSpace(q.Q) == "":
		return fmt.Errorf("question %s: missing q", q.ID)
	case q.IsCovered() && q.Doc == "":
		return fmt.Errorf("question %s: missing doc (or covered: false)", q.ID)
	case !q.IsCovered() && (q.Doc != "" || len(q.Articles) > 0 || q.Section != ""):
		return fmt.Errorf("question %s: covered: false with an expected source", q.ID)
	case q.Lang != "" && !isLangCode(q.Lang):
		return fmt.Errorf("question %s: lang %q is not a lower-case ISO 639-1 code", q.ID, q.Lang)
	}
	return nil
}

// isLangCode reports whether s has the shape of an ISO 639-1 code: two
// lower-case letters. A typo such as "EN" or "eng" would otherwise split a
// language's questions over two report rows.
func isLangCode(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

// ReadFile reads questions from a YAML file (.yaml or .yml, a list of
// questions) or a JSON Lines file (.jsonl, one question per line). Errors
// name the file and the line of the bad question.
func ReadFile(path string) ([]Question, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: read questions: %w", err)
	}
	var qs []Question
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".yaml", ".yml":
		qs, err = parseYAML(path, data)
	case ".jsonl":
		qs, err = parseJSONL(path, data)
	default:
		return nil, fmt.Errorf("eval: %s: unknown question file type %q (want .yaml, .yml or .jsonl)", path, ext)
	}
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("eval: %s: no questions", path)
	}
	return qs, nil
}

// isQuestionKey reports whether k is a key a question may have; anything
// else is a typo that would silently drop an expectation.
func isQuestionKey(k string) bool {
	switch k {
	case "id", "q", "doc", "articles", "section", "fact", "covered", "lang":
		return true
	}
	return false
}

func parseYAML(path string, data []byte) ([]Question, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("eval: %s:%d: want a list of questions", path, list.Line)
	}
	seen := make(map[string]int)
	qs := make([]Question, 0, len(list.Content))
	for _, item := range list.Content {
		q, err := decodeYAMLQuestion(item)
		if err == nil {
			err = checkDuplicate(seen, q.ID, item.Line)
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", path, item.Line, err)
		}
		qs = append(qs, q)
	}
	return qs, nil
}

func decodeYAMLQuestion(n *yaml.Node) (Question, error) {
	var q Question
	if n.Kind != yaml.MappingNode {
		return q, errors.New("want a mapping with id and q")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !isQuestionKey(k) {
			return q, fmt.Errorf("unknown key %q", k)
		}
	}
	if err := n.Decode(&q); err != nil {
		return q, err
	}
	return q, q.validate()
}

func parseJSONL(path string, data []byte) ([]Question, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	seen := make(map[string]int)
	var qs []Question
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var q Question
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		err := dec.Decode(&q)
		if err == nil {
			err = q.validate()
		}
		if err == nil {
			err = checkDuplicate(seen, q.ID, line)
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", path, line, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read %s: %w", path, err)
	}
	return qs, nil
}

func checkDuplicate(seen map[string]int, id string, line int) error {
	if first, ok := seen[id]; ok {
		return fmt.Errorf("duplicate id %q (first on line %d)", id, first)
	}
	seen[id] = line
	return nil
}
