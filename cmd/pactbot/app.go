package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

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
	// emb is the embeddings client, once made; requireVectors makes an
	// embedding failure while building fail the command (pactbot index)
	// instead of falling back to BM25.
	emb            *llm.Embedder
	requireVectors bool
	// buildProgress, when set (serve), receives the progress of an index
	// build instead of the terminal counter.
	buildProgress func(stage string, done, total int)
	// quickOpen lets openIndex open the index of an unchanged corpus
	// directory without loading it (ask, search, eval); summary is what
	// the commands need of the corpus, set by openIndex.
	quickOpen bool
	summary   *corpusSummary
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
	gloss, err := a.glossary()
	if err != nil {
		return nil, nil, err
	}
	c, err := a.loadDocuments()
	if c == nil {
		return nil, nil, err
	}
	return c, gloss, err
}

// loadDocuments reads the configured documents (--corpus, else the
// embedded ones). Bad documents are returned as err alongside the good
// ones; no document at all is a nil corpus.
func (a *app) loadDocuments() (*corpus.Corpus, error) {
	corpusLoads.Add(1)
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
		return nil, err
	}
	return c, err
}

// corpusLoads counts loadDocuments calls (tests check that the quick path
// loads nothing).
var corpusLoads atomic.Int64

// glossary is the shipped glossary followed by index.glossary's rules.
func (a *app) glossary() (corpus.Glossary, error) {
	gloss, err := corpus.DefaultGlossary()
	if err != nil {
		return nil, err
	}
	if a.cfg.Index.Glossary != "" {
		extra, err := corpus.LoadGlossaryFile(a.cfg.Index.Glossary)
		if err != nil {
			return nil, err
		}
		gloss = append(gloss, extra...)
	}
	return gloss, nil
}

// openIndex loads the corpus and opens its index, building it when it is
// missing or stale. Bad documents are left out and reported in badDocs.
//
// With a corpus directory and a.quickOpen set (ask, search, eval), an
// unchanged directory is recognised through the source cache in the data
// directory (each file's size, times and inode → its content digest) and
// its index opened by key without reading a document; the corpus returned
// then has each document's metadata but no sections, and a.summary has
// what the commands need of the rest. Any file that changed is read again,
// and a corpus that changed is loaded as before.
func (a *app) openIndex(ctx context.Context, rebuild bool) (ix *index.Index, c *corpus.Corpus, badDocs, err error) {
	gloss, err := a.glossary()
	if err != nil {
		return nil, nil, nil, err
	}
	opts := index.Options{PassageWords: a.cfg.Index.PassageWords, Glossary: gloss, Rebuild: rebuild, Context: ctx}
	if a.stderrTTY {
		opts.Progress = progressPrinter(a.stderr, "indexing")
		opts.EmbedProgress = progressPrinter(a.stderr, "embedding")
	}
	if a.buildProgress != nil {
		opts.Progress = func(done, total int) { a.buildProgress("indexing", done, total) }
		opts.EmbedProgress = func(done, total int) { a.buildProgress("embedding", done, total) }
	}
	if opts.Vectors, err = a.vectorOptions(); err != nil {
		return nil, nil, nil, err
	}
	if err := os.MkdirAll(a.cfg.DataDir, 0o755); err != nil {
		return nil, nil, nil, fmt.Errorf("create data dir %s: %w", a.cfg.DataDir, err)
	}
	dataDir := filepath.Clean(a.cfg.DataDir)
	var sources *index.SourceCache
	var state index.SourceState
	if a.cfg.Corpus.Dir != "" {
		sources = index.OpenSourceCache(dataDir)
		if state, err = sources.Scan(a.cfg.Corpus.Dir); err != nil {
			// LoadDir below reports what is wrong with the directory.
			sources = nil
		}
	}
	if sources != nil && a.quickOpen && !rebuild {
		var sum corpusSummary
		if key, ok := sources.Lookup(state, opts, &sum); ok {
			ix, err := index.OpenBuilt(dataDir, key, opts)
			if err == nil {
				if state.Read > 0 {
					// New digests of touched files: keep them. (A read-only
					// data directory keeps the old cache.)
					_ = sources.Save()
				}
				a.summary = &sum
				return ix, sum.corpus(), nil, nil
			}
			if errors.Is(err, index.ErrLocked) {
				return nil, nil, nil, err
			}
			// No usable build for the key: load and build below.
		}
	}
	c, badDocs = a.loadDocuments()
	if c == nil {
		return nil, nil, nil, badDocs
	}
	ix, err = index.Open(dataDir, c, opts)
	if err != nil && opts.Vectors != nil && errors.Is(err, index.ErrEmbedding) && !a.requireVectors {
		// The embedding server is down or refuses: answer from BM25 rather
		// than not at all, and say so. `pactbot index` fails instead.
		fmt.Fprintf(a.stderr, "warning: passage vectors unavailable, searching with BM25 only: %v\n", err)
		opts.Vectors = nil
		ix, err = index.Open(dataDir, c, opts)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	a.summary = summarize(c)
	if sources != nil && badDocs == nil {
		a.rememberCorpus(sources, state, opts, ix.Fingerprint())
	}
	return ix, c, badDocs, nil
}

// rememberCorpus records in the source cache that the corpus directory,
// as scanned before it was loaded, is indexed under key, provided no file
// changed while it was being loaded.
func (a *app) rememberCorpus(sources *index.SourceCache, before index.SourceState, opts index.Options, key string) {
	after, err := sources.Scan(a.cfg.Corpus.Dir)
	if err != nil || after.Digest != before.Digest {
		return
	}
	if sources.Remember(before, opts, key, a.summary) == nil {
		_ = sources.Save() // the cache only saves work: a read-only data directory is fine
	}
}

// vectorOptions returns the index's vector settings from the embeddings
// config, nil when none is configured.
func (a *app) vectorOptions() (*index.VectorOptions, error) {
	e := a.cfg.Embeddings
	if !e.Enabled() {
		return nil, nil
	}
	emb, err := a.embedder()
	if err != nil {
		return nil, err
	}
	return &index.VectorOptions{
		Embedder: emb, Model: e.Model, QueryPrefix: e.QueryPrefix, PassagePrefix: e.PassagePrefix,
		Dimensions: e.Dimensions, BatchSize: e.BatchSize,
	}, nil
}

// embedder is the configured embeddings client, made once.
func (a *app) embedder() (*llm.Embedder, error) {
	if a.emb != nil {
		return a.emb, nil
	}
	emb, err := llm.NewEmbedder(embedderConfig(a.cfg))
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	a.emb = emb
	return emb, nil
}

// openIndexWarn is openIndex for commands that answer anyway: bad
// documents are a warning on stderr.
func (a *app) openIndexWarn(ctx context.Context) (*index.Index, *corpus.Corpus, error) {
	ix, c, badDocs, err := a.openIndex(ctx, false)
	if badDocs != nil && err == nil {
		fmt.Fprintf(termw(a.stderr), "warning: documents left out: %v\n", badDocs)
	}
	return ix, c, err
}

// progressPrinter draws a one-line progress counter for long builds.
func progressPrinter(w io.Writer, what string) func(done, total int) {
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
		fmt.Fprintf(w, "\r%s: %d/%d passages (%d%%)", what, done, total, pct)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

// engine builds the answer engine over an open index: extractive, or
// generative when an LLM is configured.
func (a *app) engine(ix *index.Index, c *corpus.Corpus) (*answer.Engine, error) {
	opts := answer.OptionsFrom(a.cfg)
	opts.Topics = a.topics(c)
	eng := answer.NewEngine(ix, opts)
	if !a.cfg.LLM.Enabled() {
		return eng, nil
	}
	l := a.cfg.LLM
	client, err := llm.New(llmConfig(a.cfg))
	if err != nil {
		return nil, err
	}
	set, err := prompts.Load(a.cfg.Prompts.Dir)
	if err != nil {
		return nil, err
	}
	var verify answer.VerifyOptions
	if a.cfg.Embeddings.Enabled() {
		emb, err := a.embedder()
		if err != nil {
			return nil, err
		}
		verify.Similarity = embeddingSimilarity(emb, a.cfg.Embeddings.QueryPrefix, a.cfg.Embeddings.PassagePrefix)
	}
	return eng.WithGenerator(answer.GenOptions{
		Verify:    verify,
		Generator: client, Prompts: set, Model: l.Model,
		MaxTokens: l.MaxTokens, Temperature: l.Temperature,
		PromptBudget:     a.cfg.Answer.PromptBudget,
		MarkUncited:      a.cfg.Answer.OnUncited == "mark",
		Cache:            answer.NewCache(a.cfg.Cache.Size, a.cfg.Cache.TTL, nil),
		IndexFingerprint: ix.Fingerprint(),
	}), nil
}

// llmConfig is the chat client's configuration: config's values as they
// are (config holds the one set of defaults; a 0 there means 0).
func llmConfig(c config.Config) llm.Config {
	l := c.LLM
	return llm.Config{
		BaseURL: l.BaseURL, Model: l.Model, APIKey: l.APIKey, Timeout: l.Timeout,
		MaxTokens: l.MaxTokens, Temperature: l.Temperature, MaxRetries: l.MaxRetries,
		Azure: l.AzureAPIVersion != "", AzureAPIVersion: l.AzureAPIVersion,
	}
}

// embedderConfig is the embeddings client's configuration, config's
// values as they are.
func embedderConfig(c config.Config) llm.EmbedderConfig {
	e := c.Embeddings
	return llm.EmbedderConfig{
		BaseURL: e.BaseURL, APIKey: e.APIKey, Model: e.Model, Dimensions: e.Dimensions,
		BatchSize: e.BatchSize, Timeout: e.Timeout, MaxRetries: e.MaxRetries, InputType: e.InputType,
	}
}

// embeddingSimilarity is the cosine of a claim (embedded as a query) and
// a passage, for the citation verifier; false when the server fails.
func embeddingSimilarity(emb *llm.Embedder, queryPrefix, passagePrefix string) func(a, b string) (float64, bool) {
	return func(claim, passage string) (float64, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		qv, err := emb.Embed(ctx, []string{queryPrefix + claim}, index.InputQuery)
		if err != nil || len(qv) != 1 {
			return 0, false
		}
		pv, err := emb.Embed(ctx, []string{passagePrefix + passage}, index.InputPassage)
		if err != nil || len(pv) != 1 || len(pv[0]) != len(qv[0]) {
			return 0, false
		}
		var dot, na, nb float64
		for i := range qv[0] {
			x, y := float64(qv[0][i]), float64(pv[0][i])
			dot, na, nb = dot+x*y, na+x*x, nb+y*y
		}
		if na == 0 || nb == 0 {
			return 0, false
		}
		return dot / math.Sqrt(na*nb), true
	}
}

// zeroMeansZero passes a config value on to a package whose zero option
// still means "its default" (bot's GracePeriod, until bot takes explicit
// values as llm and answer do): config already holds the defaults
// (config.Default), so a 0 there was written by the user and means 0,
// which such a package takes as a negative value.
func zeroMeansZero[T int | float64 | time.Duration](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// lowerFirst lower-cases the first letter of s, whatever its byte length
// ("Överföring" → "överföring"; never half a letter).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// topics names what the corpus covers: each document's top-level
// sections, or its title when it has none.
func topics(c *corpus.Corpus) []string {
	var out []string
	for _, d := range c.Documents {
		var secs []string
		for _, s := range d.Sections {
			if s.Level == 2 && len(secs) < 6 && !strings.EqualFold(s.Heading, "Recitals") {
				secs = append(secs, lowerFirst(s.Heading))
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
