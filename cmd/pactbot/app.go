package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/index"
	"pactbot/llm"
	"pactbot/prompts"
)

// errFlagHelp is returned after -h printed a command's flags.
var errFlagHelp = errors.New("help shown")

// globalFlags are accepted by every command, before or after its name.
type globalFlags struct {
	config, corpus, data string
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.config, "config", g.config, "config `FILE` (YAML); none means defaults")
	fs.StringVar(&g.corpus, "corpus", g.corpus, "read documents from `DIR` instead of the embedded ones")
	fs.StringVar(&g.data, "data", g.data, "data `DIR` for the index and the answer record")
}

// parseLeading reads global flags that come before the command name.
func (g *globalFlags) parseLeading(args []string) (string, []string, error) {
	fs := flag.NewFlagSet("pactbot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		return "", nil, err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return "", nil, nil
	}
	return rest[0], rest[1:], nil
}

// app is what every command shares: output streams, environment, flags
// and the configuration they resolve to.
type app struct {
	stdout, stderr       io.Writer
	getenv               func(string) string
	stderrTTY, stdoutTTY bool
	global               globalFlags
	cfg                  config.Config
}

// flags returns a FlagSet for a command with the global flags on it.
func (a *app) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	a.global.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "usage: pactbot %s %s\n\nflags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a command's flags, allowing flags after positional
// arguments ("ask 'question' --json"), then loads the configuration.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errFlagHelp
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	cfg, err := config.Load(a.global.config, a.getenv)
	if err != nil {
		return nil, err
	}
	if a.global.corpus != "" {
		cfg.Corpus.Dir = a.global.corpus
	}
	if a.global.data != "" {
		cfg.DataDir = a.global.data
	}
	a.cfg = cfg
	return positional, nil
}

// loadCorpus reads the configured documents and glossary. Bad documents
// are reported on stderr and returned as err alongside the good ones.
func (a *app) loadCorpus() (*corpus.Corpus, corpus.Glossary, error) {
	var c *corpus.Corpus
	var err error
	if a.cfg.Corpus.Dir != "" {
		c, err = corpus.LoadDir(a.cfg.Corpus.Dir)
	} else {
		c, err = corpus.Load(corpus.Embedded())
	}
	if c == nil || len(c.Documents) == 0 {
		if err == nil {
			err = errors.New("no documents")
		}
		return nil, nil, err
	}
	gloss, gerr := corpus.DefaultGlossary()
	if gerr != nil {
		return nil, nil, gerr
	}
	if a.cfg.Index.Glossary != "" {
		extra, gerr := corpus.LoadGlossaryFile(a.cfg.Index.Glossary)
		if gerr != nil {
			return nil, nil, gerr
		}
		gloss = append(gloss, extra...)
	}
	return c, gloss, err
}

// openIndex loads the corpus and opens its index, building it when it is
// missing or stale. Bad documents are left out and reported in badDocs.
func (a *app) openIndex(rebuild bool) (ix *index.Index, c *corpus.Corpus, badDocs, err error) {
	c, gloss, badDocs := a.loadCorpus()
	if c == nil {
		return nil, nil, nil, badDocs
	}
	opts := index.Options{PassageWords: a.cfg.Index.PassageWords, Glossary: gloss, Rebuild: rebuild}
	if a.stderrTTY {
		opts.Progress = progressPrinter(a.stderr)
	}
	if err := os.MkdirAll(a.cfg.DataDir, 0o755); err != nil {
		return nil, nil, nil, fmt.Errorf("create data dir %s: %w", a.cfg.DataDir, err)
	}
	ix, err = index.Open(filepath.Clean(a.cfg.DataDir), c, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	return ix, c, badDocs, nil
}

// openIndexWarn is openIndex for commands that answer anyway: bad
// documents are a warning on stderr.
func (a *app) openIndexWarn() (*index.Index, *corpus.Corpus, error) {
	ix, c, badDocs, err := a.openIndex(false)
	if badDocs != nil && err == nil {
		fmt.Fprintf(a.stderr, "warning: documents left out: %v\n", badDocs)
	}
	return ix, c, err
}

// progressPrinter draws a one-line progress counter for long builds.
func progressPrinter(w io.Writer) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total < 2000 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		fmt.Fprintf(w, "\rindexing: %d/%d passages (%d%%)", done, total, pct)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

// engine builds the answer engine over an open index: extractive, or
// generative when an LLM is configured.
func (a *app) engine(ix *index.Index, c *corpus.Corpus) (*answer.Engine, error) {
	eng := answer.NewEngine(ix, answer.Options{
		TopK:        a.cfg.Index.TopK,
		MaxPassages: a.cfg.Answer.MaxPassages,
		MinCoverage: a.cfg.Answer.MinCoverage,
		Topics:      topics(c),
	})
	if !a.cfg.LLM.Enabled() {
		return eng, nil
	}
	l := a.cfg.LLM
	client, err := llm.New(llm.Config{
		BaseURL: l.BaseURL, Model: l.Model, APIKey: l.APIKey, Timeout: l.Timeout,
		MaxTokens: l.MaxTokens, Temperature: l.Temperature, MaxRetries: l.MaxRetries,
		Azure: l.AzureAPIVersion != "", AzureAPIVersion: l.AzureAPIVersion,
	})
	if err != nil {
		return nil, err
	}
	set, err := prompts.Load(a.cfg.Prompts.Dir)
	if err != nil {
		return nil, err
	}
	return eng.WithGenerator(answer.GenOptions{
		Generator: client, Prompts: set, Model: l.Model,
		MaxTokens: l.MaxTokens, Temperature: l.Temperature,
		PromptBudget:     a.cfg.Answer.PromptBudget,
		MarkUncited:      a.cfg.Answer.OnUncited == "mark",
		Cache:            answer.NewCache(a.cfg.Cache.Size, a.cfg.Cache.TTL, nil),
		IndexFingerprint: ix.Fingerprint(),
	}), nil
}

// topics names what the corpus covers: each document's top-level
// sections, or its title when it has none.
func topics(c *corpus.Corpus) []string {
	var out []string
	for _, d := range c.Documents {
		var secs []string
		for _, s := range d.Sections {
			if s.Level == 2 && len(secs) < 6 && !strings.EqualFold(s.Heading, "Recitals") {
				secs = append(secs, strings.ToLower(s.Heading[:1])+s.Heading[1:])
			}
		}
		if len(secs) == 0 || len(c.Documents) > 3 {
			out = append(out, d.Title)
			continue
		}
		out = append(out, secs...)
	}
	if len(out) > 12 {
		out = append(out[:12], "and more")
	}
	return out
}
