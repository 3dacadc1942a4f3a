// Command gencorpus writes a synthetic benchmark corpus (bench.Generate) as
// Markdown files, so that the CLI can be timed on it:
//
//	go run ./bench/cmd/gencorpus -passages 100000 -out /tmp/synth100k
//	pactbot --corpus /tmp/synth100k --data /tmp/synthdata index
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"pactbot/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	seed := fs.Int64("seed", 2024, "generator seed (the benchmarks use 2024)")
	passages := fs.Int("passages", 10000, "number of passages")
	out := fs.String("out", "", "output `DIR` (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || *passages <= 0 {
		return fmt.Errorf("need -out DIR and -passages > 0")
	}
	c, err := bench.Generate(*seed, *passages)
	if err != nil {
		return err
	}
	if err := bench.WriteCorpus(*out, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d documents, %d passages, fingerprint %s, in %s\n",
		len(c.Documents), *passages, c.Fingerprint[:12], *out)
	return nil
}
