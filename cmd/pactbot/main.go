// Command pactbot answers questions on EU migration and asylum policy from
// official documents, with citations: at the command line (ask, search,
// index, eval, review) and as a Discord bot (serve).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv, term.IsTerminal(int(os.Stderr.Fd())), term.IsTerminal(int(os.Stdout.Fd())))
	stop()
	os.Exit(code)
}

// command runs one subcommand with its own arguments.
type command struct {
	run     func(ctx context.Context, a *app, args []string) error
	summary string
}

func commands() map[string]command {
	return map[string]command{
		"ask":     {runAsk, "answer a question from the documents, with citations"},
		"search":  {runSearch, "show the ranked passages for a query (or --queries FILE)"},
		"index":   {runIndex, "build or refresh the index"},
		"corpus":  {runCorpus, "corpus fetch CELEX: download an act's EUR-Lex HTML page into the corpus directory"},
		"eval":    {runEval, "retrieval and answer checks over a question file"},
		"serve":   {runServe, "run the Discord bot and the /healthz and /metrics endpoint"},
		"review":  {runReview, "moderate recorded answers: list, show, approve, reject, correct, export, purge, stats"},
		"version": {runVersion, "print the module version and the VCS revision it was built from"},
		"health":  {runHealth, "check a running serve's /healthz (for a container HEALTHCHECK)"},
	}
}

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// run is main without the process: a test can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, stderrTTY, stdoutTTY bool) int {
	a := &app{stdout: stdout, stderr: stderr, getenv: getenv, stderrTTY: stderrTTY, stdoutTTY: stdoutTTY}
	name, rest, err := a.global.parseLeading(args)
	cmds := commands()
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout, cmds)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "pactbot: %v\n", err)
		return 2
	}
	cmd, ok := cmds[name]
	if !ok {
		if name == "help" {
			printUsage(stdout, cmds)
			return 0
		}
		if name != "" {
			fmt.Fprintf(stderr, "pactbot: unknown command %q\n\n", name)
		}
		printUsage(stderr, cmds)
		return 2
	}
	if err := cmd.run(ctx, a, rest); err != nil {
		if errors.Is(err, errUsage) || errors.Is(err, errFlagHelp) {
			if errors.Is(err, errFlagHelp) {
				return 0
			}
			fmt.Fprintf(termw(stderr), "pactbot %s: %s\n", name, strings.TrimPrefix(err.Error(), name+": "))
			return 2
		}
		fmt.Fprintf(termw(stderr), "pactbot %s: %s\n", name, strings.TrimPrefix(err.Error(), name+": "))
		return 1
	}
	return 0
}

func printUsage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: pactbot [--config FILE] [--corpus DIR] [--data DIR] COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, name := range []string{"ask", "search", "index", "corpus", "eval", "serve", "review", "health", "version"} {
		if c, ok := cmds[name]; ok {
			fmt.Fprintf(w, "  %-7s %s\n", name, c.summary)
		}
	}
	fmt.Fprintln(w, "\nRun 'pactbot COMMAND -h' for a command's flags.")
}

// runVersion prints the module version and the VCS revision, time and
// state the binary was built from (go build records them; `go run` and
// tests record none).
func runVersion(_ context.Context, a *app, args []string) error {
	fs := a.flags("version", "")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, versionString())
	return nil
}

func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "pactbot (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " (modified)"
			}
		}
	}
	if rev == "" {
		return fmt.Sprintf("pactbot %s, %s, no VCS revision recorded", v, bi.GoVersion)
	}
	return fmt.Sprintf("pactbot %s, revision %s%s, %s, %s", v, rev, dirty, when, bi.GoVersion)
}
