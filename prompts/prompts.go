// Package prompts owns the prompt templates and their rendering: the
// grounded-answer prompt and the cross-language query rewrite prompt, kept
// as text/template files in templates/, embedded in the binary and
// overridable file by file from a directory. Each template carries a
// version string that is recorded with every answer. It also owns the
// context budget: estimating tokens and choosing, in rank order, the
// passages that fit. It does not decide what to retrieve, call a model or
// check citations (see package answer).
package prompts

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"
)

//go:embed templates/*.tmpl
var embedded embed.FS

// Template file names. A prompts directory may override any of them.
const (
	AnswerFile  = "answer.tmpl"
	RewriteFile = "rewrite.tmpl"
)

// versionLine is the required first line of every template file.
var versionLine = regexp.MustCompile(`^\{\{-?\s*/\*\s*version:\s*([A-Za-z0-9._-]+)\s*\*/\s*-?\}\}`)

// Passage is one numbered passage given to the model.
type Passage struct {
	// N is the number the answer cites as [N].
	N int
	// Source names where the passage comes from: "Document › Section".
	Source string
	Text   string
}

// Rendered is a prompt ready to send as a system and a user message.
type Rendered struct {
	System  string
	User    string
	Version string
}

// Tokens is the estimated size of the prompt in tokens.
func (r Rendered) Tokens() int {
	return EstimateTokens(r.System) + EstimateTokens(r.User)
}

// Set is a loaded set of templates. It is immutable and safe for
// concurrent use.
type Set struct {
	answer  *prompt
	rewrite *prompt
}

// prompt is one template file: a "system" and a "user" template.
type prompt struct {
	file    string
	version string
	tmpl    *template.Template
}

// Load reads the embedded templates and, when dir is not empty, replaces
// each by the same-named file in dir. A file in dir that names no known
// template is an error, so that a typo does not go unnoticed.
func Load(dir string) (*Set, error) {
	sources := map[string][]byte{}
	for _, name := range []string{AnswerFile, RewriteFile} {
		b, err := embedded.ReadFile("templates/" + name)
		if err != nil {
			return nil, fmt.Errorf("prompts: read embedded %s: %w", name, err)
		}
		sources[name] = b
	}
	if dir != "" {
		if err := readOverrides(dir, sources); err != nil {
			return nil, err
		}
	}
	answer, err := parse(AnswerFile, sources[AnswerFile], answerSample())
	if err != nil {
		return nil, err
	}
	rewrite, err := parse(RewriteFile, sources[RewriteFile], rewriteData{Question: "q"})
	if err != nil {
		return nil, err
	}
	return &Set{answer: answer, rewrite: rewrite}, nil
}

// readOverrides replaces entries of sources by the .tmpl files of dir.
func readOverrides(dir string, sources map[string][]byte) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("prompts: read dir %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || filepath.Ext(name) != ".tmpl" {
			continue
		}
		if _, ok := sources[name]; !ok {
			return fmt.Errorf("prompts: %s: unknown template %s (known: %s)",
				dir, name, strings.Join(known(sources), ", "))
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("prompts: read %s: %w", name, err)
		}
		sources[name] = b
	}
	return nil
}

func known(sources map[string][]byte) []string {
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// parse reads one template file and renders it once with sample data, so
// that a broken override fails at start-up rather than on a question.
func parse(file string, src []byte, sample any) (*prompt, error) {
	m := versionLine.FindSubmatch(src)
	if m == nil {
		return nil, fmt.Errorf("prompts: %s: first line must be {{/* version: NAME */}}", file)
	}
	t, err := template.New(file).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("prompts: parse %s: %w", file, err)
	}
	p := &prompt{file: file, version: string(m[1]), tmpl: t}
	for _, part := range []string{"system", "user"} {
		if t.Lookup(part) == nil {
			return nil, fmt.Errorf("prompts: %s: no {{define %q}} template", file, part)
		}
	}
	if _, err := p.render(sample); err != nil {
		return nil, err
	}
	return p, nil
}

// render executes the system and user templates with data.
func (p *prompt) render(data any) (Rendered, error) {
	var sys, user bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&sys, "system", data); err != nil {
		return Rendered{}, fmt.Errorf("prompts: render %s system: %w", p.file, err)
	}
	if err := p.tmpl.ExecuteTemplate(&user, "user", data); err != nil {
		return Rendered{}, fmt.Errorf("prompts: render %s user: %w", p.file, err)
	}
	return Rendered{
		System:  strings.TrimSpace(sys.String()),
		User:    strings.TrimSpace(user.String()),
		Version: p.version,
	}, nil
}

// answerData is what the answer template sees; every string is escaped.
type answerData struct {
	Question string
	Passages []Passage
}

// rewriteData is what the rewrite template sees.
type rewriteData struct {
	Question string
}

func answerSample() answerData {
	return answerData{Question: "q", Passages: []Passage{{N: 1, Source: "d › s", Text: "t"}}}
}

// ErrEmptyQuestion is returned when there is nothing to ask.
var ErrEmptyQuestion = errors.New("prompts: empty question")

// Answer renders the grounded-answer prompt. The passages keep their order
// and numbers; their text, their source and the question are escaped so
// that nothing in them can close the block it sits in.
func (s *Set) Answer(question string, passages []Passage) (Rendered, error) {
	if strings.TrimSpace(question) == "" {
		return Rendered{}, ErrEmptyQuestion
	}
	data := answerData{Question: escapeText(question), Passages: make([]Passage, len(passages))}
	for i, p := range passages {
		data.Passages[i] = Passage{N: p.N, Source: escapeAttr(p.Source), Text: escapeText(p.Text)}
	}
	return s.answer.render(data)
}

// Rewrite renders the prompt that turns a question in any language into
// one line of English search terms. Read the model's output with
// ParseRewrite.
func (s *Set) Rewrite(question string) (Rendered, error) {
	if strings.TrimSpace(question) == "" {
		return Rendered{}, ErrEmptyQuestion
	}
	return s.rewrite.render(rewriteData{Question: escapeText(question)})
}

// AnswerVersion is the version of the answer template, for cache keys and
// the record of an answer.
func (s *Set) AnswerVersion() string { return s.answer.version }

// Version is the version recorded with a generated answer: that of the
// answer template (AnswerVersion).
func (s *Set) Version() string { return s.answer.version }

// RewriteVersion is the version of the rewrite template.
func (s *Set) RewriteVersion() string { return s.rewrite.version }

// Embedded returns the embedded template files, e.g. to copy them into a
// prompts directory as a starting point for overrides.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "templates")
	if err != nil {
		return embedded // unreachable: the directory is embedded
	}
	return sub
}
