package main

import (
	"context"
	"fmt"
)

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := a.flags("index", "[--rebuild]")
	rebuild := fs.Bool("rebuild", false, "rebuild even when the index is up to date")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	a.requireVectors = true
	ix, _, loadErr, err := a.openIndex(ctx, *rebuild)
	if err != nil {
		return err
	}
	defer ix.Close()
	st := ix.Stats()
	state := "up to date"
	if st.Built {
		state = "built"
	}
	fmt.Fprintf(a.stdout, "index %s: %d documents, %d sections, %d passages, %.2f seconds\n",
		state, st.Documents, st.Sections, st.Passages, st.BuildTime.Seconds())
	if st.Vectors > 0 {
		fmt.Fprintf(a.stdout, "vectors: %d of %d dimensions (%s), %d embedded by this build, the rest from the cache\n",
			st.Vectors, st.VectorDimensions, a.cfg.Embeddings.Model, st.Embedded)
	}
	fmt.Fprintf(a.stdout, "fingerprint %s\n", ix.Fingerprint())
	if loadErr != nil {
		return fmt.Errorf("some documents could not be read and were left out:\n%w", loadErr)
	}
	return nil
}
