package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"pactbot/index"
	"pactbot/safetext"
)

func runSearch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("search", `[--json] [--top N] "query" | --queries FILE`)
	asJSON := fs.Bool("json", false, "print JSON on stdout (one object per query, JSON Lines with --queries)")
	top := fs.Int("top", 0, "return `N` passages (default: index.top_k)")
	queries := fs.String("queries", "", "read one query per line from `FILE` (- for stdin)")
	explain := fs.Bool("explain", false, "also print how each search was served: retrievers, why vectors were not used, each passage's BM25 and vector ranks (stderr)")
	mode := fs.String("mode", "hybrid", "retrievers: `hybrid` (BM25 and vectors, fused), bm25 or vector")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if (query == "") == (*queries == "") {
		fs.Usage()
		return fmt.Errorf("%w: give a query or --queries FILE, not both", errUsage)
	}
	var qs []string
	if *queries != "" {
		if qs, err = readQueries(*queries); err != nil {
			return err
		}
	} else {
		qs = []string{query}
	}
	if err := checkTop(*top); err != nil {
		return err
	}
	m := index.Mode(*mode)
	if m != index.ModeHybrid && m != index.ModeBM25 && m != index.ModeVector {
		return fmt.Errorf("%w: --mode %q: want hybrid, bm25 or vector", errUsage, *mode)
	}
	k := a.cfg.Index.TopK
	if *top > 0 {
		k = *top
	}
	a.quickOpen = true
	ix, _, err := a.openIndexWarn(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	for _, q := range qs {
		res, err := ix.SearchWith(ctx, q, k, index.SearchOptions{Mode: m})
		if err != nil {
			return fmt.Errorf("search %q: %w", q, err)
		}
		if res.Hits == nil {
			res.Hits = []index.Hit{}
		}
		if *explain {
			writeRetrieval(termw(a.stderr), res.Query, res.Retrieval, res.Coverage, res.Hits)
		}
		if *asJSON {
			err = writeJSON(a.stdout, res)
		} else {
			err = writeHits(a.stdout, res, len(qs) > 1, a.stdoutTTY)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func readQueries(path string) ([]string, error) {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open queries: %w", err)
		}
		defer f.Close()
		r = f
	}
	var qs []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" && !strings.HasPrefix(q, "#") {
			qs = append(qs, q)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read queries %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%w: %s holds no queries", errUsage, path)
	}
	return qs, nil
}

var markTags = regexp.MustCompile(`</?mark>`)

// writeHits prints the hits for a terminal: matched words bold when bold
// (stdout is a terminal), plain otherwise.
func writeHits(w io.Writer, res index.Result, header, bold bool) error {
	var b strings.Builder
	if header {
		fmt.Fprintf(&b, "## %s\n", safetext.Terminal(res.Query))
	}
	if len(res.Hits) == 0 {
		b.WriteString("no passages found\n")
	}
	for _, h := range res.Hits {
		fmt.Fprintf(&b, "%d. [%.4g] %s%s\n", h.Rank, h.Score, safetext.Terminal(sourceLabel(h.Title, h.Path, h.Section)), rankNote(h))
		text := h.Highlight
		if text == "" {
			text = h.Text
		}
		// The documents' text is cleaned before the bold is added.
		text = safetext.Terminal(text)
		text = markTags.ReplaceAllStringFunc(text, func(tag string) string {
			switch {
			case !bold:
				return ""
			case tag == "<mark>":
				return "\x1b[1m"
			default:
				return "\x1b[0m"
			}
		})
		fmt.Fprintf(&b, "   %s\n", strings.Join(strings.Fields(text), " "))
	}
	fmt.Fprintf(&b, "coverage %.2f\n", res.Coverage)
	if header {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rankNote is " (bm25 #2, vector #1)" for a fused hit, "" for a hit of
// one retriever alone.
func rankNote(h index.Hit) string {
	if h.VectorRank == 0 {
		return ""
	}
	bm := "-"
	if h.BM25Rank > 0 {
		bm = fmt.Sprintf("#%d", h.BM25Rank)
	}
	return fmt.Sprintf(" (bm25 %s, vector #%d, similarity %.3f)", bm, h.VectorRank, h.Similarity)
}

// writeRetrieval explains how a search was served.
func writeRetrieval(w io.Writer, query string, r index.Retrieval, coverage float64, hits []index.Hit) {
	fmt.Fprintf(w, "query: %s\nretrieval: %s", query, r.Mode)
	if r.VectorError != "" {
		fmt.Fprintf(w, " (vectors not used: %s)", r.VectorError)
	}
	if r.BestSimilarity > 0 {
		fmt.Fprintf(w, ", best similarity %.3f", r.BestSimilarity)
	}
	fmt.Fprintf(w, ", coverage %.2f\n", coverage)
	for _, h := range hits {
		bm, vec := "-", "-"
		if h.BM25Rank > 0 {
			bm = fmt.Sprint(h.BM25Rank)
		}
		if h.VectorRank > 0 {
			vec = fmt.Sprint(h.VectorRank)
		}
		fmt.Fprintf(w, "  %d. bm25 %s, vector %s: %s (%s)\n", h.Rank, bm, vec, sourceLabel(h.Title, h.Path, h.Section), h.ID)
	}
}

// maxTop is the most passages --top may ask for.
const maxTop = 50

// checkTop validates --top: 0 (the configured index.top_k) or 1..maxTop.
func checkTop(top int) error {
	if top < 0 || top > maxTop {
		return fmt.Errorf("%w: --top %d: must lie in 1..%d", errUsage, top, maxTop)
	}
	return nil
}
