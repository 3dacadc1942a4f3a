package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pactbot/corpus"
	"pactbot/index"
)

// indexReport is the `pactbot index --json` contract.
type indexReport struct {
	Documents   []indexDocument  `json:"documents"`
	Skipped     []corpus.Skipped `json:"skipped"`
	Sections    int              `json:"sections"`
	Passages    int              `json:"passages"`
	Seconds     float64          `json:"seconds"`
	Fingerprint string           `json:"fingerprint"`
}

// indexDocument is one indexed document in the report.
type indexDocument struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Language string   `json:"language"`
	Format   string   `json:"format"`
	Sections int      `json:"sections"`
	Passages int      `json:"passages"`
	Warnings []string `json:"warnings"`
}

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := a.flags("index", "[--rebuild] [--json]")
	rebuild := fs.Bool("rebuild", false, "rebuild even when the index is up to date")
	asJSON := fs.Bool("json", false, "print one JSON object: documents, skipped files, totals, fingerprint")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	a.requireVectors = true
	ix, c, loadErr, err := a.openIndex(ctx, *rebuild)
	if err != nil {
		return err
	}
	defer ix.Close()
	st := ix.Stats()
	rep := newIndexReport(c, loadErr, a.cfg.Index.PassageWords)
	rep.Sections, rep.Passages, rep.Seconds, rep.Fingerprint = st.Sections, st.Passages, st.BuildTime.Seconds(), ix.Fingerprint()
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("write index report: %w", err)
		}
	} else {
		state := "up to date"
		if st.Built {
			state = "built"
		}
		out := termw(a.stdout)
		fmt.Fprintf(out, "index %s: %d documents, %d sections, %d passages, %.2f seconds\n",
			state, st.Documents, st.Sections, st.Passages, st.BuildTime.Seconds())
		for _, d := range rep.Documents {
			fmt.Fprintf(out, "  %s (%s, %s): %d sections, %d passages: %s\n", d.ID, d.Format, orUnknown(d.Language), d.Sections, d.Passages, d.Title)
			for _, w := range d.Warnings {
				fmt.Fprintf(out, "    warning: %s\n", w)
			}
		}
		for _, s := range rep.Skipped {
			fmt.Fprintf(out, "  skipped %s: %s\n", s.Path, s.Reason)
		}
		if st.Vectors > 0 {
			fmt.Fprintf(out, "vectors: %d of %d dimensions (%s), %d embedded by this build, the rest from the cache\n",
				st.Vectors, st.VectorDimensions, a.cfg.Embeddings.Model, st.Embedded)
		}
		fmt.Fprintf(out, "fingerprint %s\n", ix.Fingerprint())
	}
	if loadErr != nil {
		return fmt.Errorf("some documents could not be read and were left out:\n%w", loadErr)
	}
	return nil
}

// newIndexReport lists the loaded documents (passages counted as the index
// cuts them) and every file left out: the skipped ones and, with the error
// as the reason, the ones that could not be read.
func newIndexReport(c *corpus.Corpus, loadErr error, passageWords int) indexReport {
	rep := indexReport{Documents: []indexDocument{}, Skipped: []corpus.Skipped{}}
	for _, d := range c.Documents {
		warnings := d.Warnings
		if warnings == nil {
			warnings = []string{}
		}
		rep.Documents = append(rep.Documents, indexDocument{
			ID: d.ID, Title: d.Title, Language: d.Language, Format: d.Format,
			Sections: len(d.Sections), Passages: len(index.Chunk(d, passageWords)), Warnings: warnings,
		})
	}
	rep.Skipped = append(rep.Skipped, c.Skipped...)
	var le *corpus.LoadError
	if errors.As(loadErr, &le) {
		for _, p := range le.Problems {
			rep.Skipped = append(rep.Skipped, corpus.Skipped{Path: p.File, Reason: p.Unwrap().Error()})
		}
	}
	return rep
}

// orUnknown is s, or "language unknown" when s is empty.
func orUnknown(s string) string {
	if s == "" {
		return "language unknown"
	}
	return s
}
