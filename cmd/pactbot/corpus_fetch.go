package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"pactbot/corpus"
)

// eurlexBaseEnv overrides the EUR-Lex address `corpus fetch` downloads
// from (tests point it at a local server).
const eurlexBaseEnv = "PACTBOT_EURLEX_URL"

// defaultEURLexBase is where EUR-Lex serves an act's HTML text.
const defaultEURLexBase = "https://eur-lex.europa.eu"

// maxActBytes caps a downloaded page; the longest acts are a few MB.
const maxActBytes = 64 << 20

// celexRE is a CELEX number: sector, year, document type, number, and an
// optional suffix (corrigendum, annex), e.g. 32024R1351, 32013L0033,
// 32024R1351R(01).
var celexRE = regexp.MustCompile(`^[0-9CE][0-9]{4}[A-Z]{1,2}[0-9]{1,5}(?:[A-Z]{0,2}\([0-9]{2}\))?$`)

// euLanguages are the 24 official languages EUR-Lex publishes acts in.
var euLanguages = []string{"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"}

func runCorpus(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 && args[0] == "fetch" {
		return runCorpusFetch(ctx, a, args[1:])
	}
	fmt.Fprintln(a.stderr, "usage: pactbot corpus fetch CELEX [--lang xx] [--to DIR]\n\ncommands:\n  fetch    download an act's EUR-Lex HTML page into the corpus directory")
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		return errFlagHelp
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: a corpus command is required", errUsage)
	}
	return fmt.Errorf("%w: unknown corpus command %q", errUsage, args[0])
}

func runCorpusFetch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("corpus fetch", "CELEX [--lang xx] [--to DIR]")
	language := fs.String("lang", "en", "the act's `language`, one of the 24 EU languages (en, sv, de, fr…)")
	to := fs.String("to", "", "the corpus `DIR` to save into (default: --corpus)")
	timeout := fs.Duration("timeout", 60*time.Second, "give up on the download after this long")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: give one CELEX number, e.g. pactbot corpus fetch 32024L1346 --lang sv", errUsage)
	}
	celex := strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(pos[0])), "CELEX:"))
	if !celexRE.MatchString(celex) {
		return fmt.Errorf("%w: %q is not a CELEX number (e.g. 32024L1346: sector 3, year 2024, L for a directive, number 1346)", errUsage, pos[0])
	}
	lang := strings.ToLower(strings.TrimSpace(*language))
	if !slices.Contains(euLanguages, lang) {
		return fmt.Errorf("%w: --lang %q: want one of %s", errUsage, *language, strings.Join(euLanguages, " "))
	}
	dir := *to
	if dir == "" {
		dir = a.cfg.Corpus.Dir
	}
	if dir == "" {
		return fmt.Errorf("%w: say where to save the act: --to DIR (or --corpus DIR)", errUsage)
	}
	base := a.getenv(eurlexBaseEnv)
	if base == "" {
		base = defaultEURLexBase
	}
	pageURL := eurlexActURL(base, celex, lang)
	client := &http.Client{Timeout: *timeout}
	data, err := downloadAct(ctx, client, pageURL)
	if err != nil {
		return fmt.Errorf("corpus fetch %s: %w", celex, err)
	}
	name := fmt.Sprintf("eurlex-%s-%s.html", celex, lang)
	doc, err := corpus.ReadDocument(name, data)
	if err != nil {
		return fmt.Errorf("corpus fetch %s: the page from %s does not read as a document: %w", celex, pageURL, err)
	}
	if doc.Format != "eurlex-html" {
		return fmt.Errorf("corpus fetch %s: the page from %s is not an act's text (no EUR-Lex title or articles); check the CELEX number and that the act exists in %s", celex, pageURL, lang)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus fetch: create %s: %w", dir, err)
	}
	path := filepath.Join(dir, name)
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("corpus fetch: %w", err)
	}
	fmt.Fprintf(a.stdout, "saved %s: %s (%s, %d sections, %d KB)\n", path, doc.Title, doc.Language, len(doc.Sections), len(data)/1024)
	return nil
}

// eurlexActURL is the address of an act's HTML text on EUR-Lex.
func eurlexActURL(base, celex, lang string) string {
	return fmt.Sprintf("%s/legal-content/%s/TXT/HTML/?uri=%s", strings.TrimRight(base, "/"), strings.ToUpper(lang), url.QueryEscape("CELEX:"+celex))
}

// userAgent names pactbot and where it comes from, as EUR-Lex asks of
// automated clients.
func userAgent() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return "pactbot/" + v + " (EU migration law Q&A bot; corpus fetch of one act; Go net/http)"
}

// downloadAct GETs an act's page; anything but 200 with an HTML body is an
// error that names the status.
func downloadAct(ctx context.Context, client *http.Client, pageURL string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, fmt.Errorf("GET %s: timed out after %s", pageURL, client.Timeout)
		}
		return nil, fmt.Errorf("GET %s: %w", pageURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", pageURL, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "html") {
		return nil, fmt.Errorf("GET %s: got %s, want an HTML page", pageURL, ct)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxActBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: read: %w", pageURL, err)
	}
	if len(data) > maxActBytes {
		return nil, fmt.Errorf("GET %s: page larger than %d MB", pageURL, maxActBytes>>20)
	}
	return data, nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so a reader (or an interrupted fetch) never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
