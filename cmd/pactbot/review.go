package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"pactbot/curated"
	"pactbot/review"
)

// reviewSub is one `pactbot review` subcommand.
type reviewSub struct {
	run     func(ctx context.Context, a *app, args []string) error
	summary string
}

func reviewSubs() map[string]reviewSub {
	return map[string]reviewSub{
		"list":    {runReviewList, "list recorded answers, newest first"},
		"show":    {runReviewShow, "show one answer in full, with its votes and audit trail"},
		"approve": {runReviewApprove, "approve an answer"},
		"reject":  {runReviewReject, "reject an answer, with a reason"},
		"correct": {runReviewCorrect, "replace an answer's text; it becomes a curated answer"},
		"reopen":  {runReviewReopen, "take back a decision, so that the answer can be decided again"},
		"export":  {runReviewExport, "write the record as JSON Lines or CSV to stdout"},
		"purge":   {runReviewPurge, "apply review.retention now (--dry-run: only count)"},
		"stats":   {runReviewStats, "answered, grounded, helpful, moderation shares, coverage gaps"},
		"curated": {runReviewCurated, "curated answers: list, check (mark stale), reapprove ID, retire ID"},
	}
}

var reviewOrder = []string{"list", "show", "approve", "reject", "correct", "reopen", "export", "purge", "stats", "curated"}

func runReview(ctx context.Context, a *app, args []string) error {
	subs := reviewSubs()
	if len(args) > 0 {
		if sub, ok := subs[args[0]]; ok {
			return sub.run(ctx, a, args[1:])
		}
	}
	fmt.Fprintln(a.stderr, "usage: pactbot review COMMAND [flags] [args]\n\ncommands:")
	for _, name := range reviewOrder {
		fmt.Fprintf(a.stderr, "  %-8s %s\n", name, subs[name].summary)
	}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		return errFlagHelp
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: a review command is required", errUsage)
	}
	return fmt.Errorf("%w: unknown review command %q", errUsage, args[0])
}

func runReviewList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review list", "[--status STATUS] [--since DATE|DURATION] [--limit N] [--needs-attention] [--json]")
	attention := fs.Bool("needs-attention", false, "only answers that need a moderator: reported, held past "+
		"their 15-minute token, or whose curated answer's documents changed")
	status := fs.String("status", "", "only answers with this `STATUS`: pending, published, approved, rejected or corrected")
	since := fs.String("since", "", "only answers since `DATE` (2006-01-02 or RFC 3339) or DURATION ago (36h, 7d)")
	limit := fs.Int("limit", 50, "show at most `N` answers (0: all)")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	f := review.Filter{Status: *status, Limit: *limit}
	if f.Limit <= 0 {
		f.Limit = -1
	}
	var err error
	if f.Since, err = parseSince(*since, time.Now()); err != nil {
		return err
	}
	if f.Status != "" && !slices.Contains(reviewStatuses, f.Status) {
		return fmt.Errorf("%w: --status %q: want one of %s", errUsage, f.Status, strings.Join(reviewStatuses, ", "))
	}
	if *attention {
		return runNeedsAttention(ctx, a, *asJSON)
	}
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		recs, err := st.List(ctx, f)
		if err != nil {
			return err
		}
		rows := make([]review.ExportRow, len(recs))
		for i, r := range recs {
			v, err := st.Votes(ctx, r.ID)
			if err != nil {
				return err
			}
			rows[i] = review.ExportRow{Record: *r, Votes: v}
		}
		if *asJSON {
			return writeJSON(a.stdout, map[string]any{"count": len(rows), "answers": rows})
		}
		return writeReviewList(termw(a.stdout), rows)
	})
}

var reviewStatuses = []string{review.StatusPending, review.StatusPublished, review.StatusApproved,
	review.StatusRejected, review.StatusCorrected}

func runReviewShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review show", "ID [--json]")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	id, err := parseReviewID(a, fs, args)
	if err != nil {
		return err
	}
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		rec, err := st.Get(ctx, id)
		if err != nil {
			return reviewErr(err, "answer", id)
		}
		votes, err := st.Votes(ctx, id)
		if err != nil {
			return err
		}
		audit, err := st.Audit(ctx, id)
		if err != nil {
			return err
		}
		cur, err := curatedFrom(ctx, st, id)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(a.stdout, map[string]any{"answer": rec, "votes": votes, "audit": nonNilSlice(audit),
				"curated": nonNilSlice(cur)})
		}
		writeReviewShow(termw(a.stdout), rec, votes, audit, cur)
		return nil
	})
}

// curatedFrom returns the curated answers made from one answer.
func curatedFrom(ctx context.Context, st review.Store, id int64) ([]*review.Curated, error) {
	all, err := st.ListCurated(ctx)
	if err != nil {
		return nil, err
	}
	var out []*review.Curated
	for _, c := range all {
		if c.SourceAnswerID == id {
			out = append(out, c)
		}
	}
	return out, nil
}

func runReviewApprove(ctx context.Context, a *app, args []string) error {
	return runDecision(ctx, a, args, decisionSpec{cmd: "approve", noun: "answer"},
		func(wf *review.Workflow, id int64, mod, _ string) (review.Outcome, error) {
			return wf.Approve(ctx, id, mod)
		})
}

func runReviewReject(ctx context.Context, a *app, args []string) error {
	return runDecision(ctx, a, args, decisionSpec{cmd: "reject", noun: "answer", textFlag: "reason",
		textHelp: "why the answer is rejected (kept in the audit log; personal data masked)"},
		func(wf *review.Workflow, id int64, mod, reason string) (review.Outcome, error) {
			return wf.Reject(ctx, id, mod, reason)
		})
}

func runReviewCorrect(ctx context.Context, a *app, args []string) error {
	var question *string
	d := decisionSpec{cmd: "correct", noun: "answer", textFlag: "text",
		textHelp: "the corrected answer, with the [n] markers of the answer's sources; it replaces the public " +
			"one and becomes a curated answer",
		flags: func(fs *flag.FlagSet) {
			question = fs.String("question", "", "the question the curated answer serves, when the asker's "+
				"wording should not be kept (default: the recorded question)")
		}}
	return runDecision(ctx, a, args, d, func(wf *review.Workflow, id int64, mod, text string) (review.Outcome, error) {
		return wf.Correct(ctx, id, mod, text, review.CorrectOptions{Question: *question})
	})
}

func runReviewReopen(ctx context.Context, a *app, args []string) error {
	var reason *string
	d := decisionSpec{cmd: "reopen", noun: "answer", flags: func(fs *flag.FlagSet) {
		reason = fs.String("reason", "", "why the decision is reopened (kept in the audit log)")
	}}
	return runDecision(ctx, a, args, d, func(wf *review.Workflow, id int64, mod, _ string) (review.Outcome, error) {
		return wf.Reopen(ctx, id, mod, *reason)
	})
}

// decisionSpec describes a moderator action on one answer or curated answer.
type decisionSpec struct {
	cmd, noun string
	// textFlag names the required text flag, if any ("reason", "text").
	textFlag, textHelp string
	// flags, when set, adds the command's own flags.
	flags func(fs *flag.FlagSet)
}

// runDecision parses `ID [--as NAME] [--<textFlag> TEXT] [--json]`, then
// runs the workflow action as the pseudonymised CLI moderator and prints
// what it did.
func runDecision(ctx context.Context, a *app, args []string, d decisionSpec,
	decide func(wf *review.Workflow, id int64, moderator, text string) (review.Outcome, error)) error {
	usage := "ID [--as NAME]"
	if d.textFlag != "" {
		usage += " --" + d.textFlag + " TEXT"
	}
	fs := a.flags("review "+d.cmd, usage+" [--json]")
	as := fs.String("as", "", "act as moderator `NAME` (default $USER); recorded pseudonymised")
	asJSON := fs.Bool("json", false, "print the outcome as one JSON object on stdout")
	text := new(string)
	if d.textFlag != "" {
		text = fs.String(d.textFlag, "", d.textHelp)
	}
	if d.flags != nil {
		d.flags(fs)
	}
	id, err := parseReviewID(a, fs, args)
	if err != nil {
		return err
	}
	value := strings.TrimSpace(*text)
	if d.textFlag != "" && value == "" {
		return fmt.Errorf("%w: --%s is required", errUsage, d.textFlag)
	}
	name := strings.TrimSpace(*as)
	if name == "" {
		name = strings.TrimSpace(a.getenv("USER"))
	}
	if name == "" {
		return fmt.Errorf("%w: say who you are with --as NAME ($USER is not set)", errUsage)
	}
	return withReviewStore(a, func(st review.Store, p *review.Pseudonymizer) error {
		mod := "cli:" + p.UserID(name)
		out, err := decide(a.workflow(st), id, mod, value)
		if err != nil {
			return reviewErr(err, d.noun, id)
		}
		if *asJSON {
			return writeJSON(a.stdout, out)
		}
		fmt.Fprintf(termw(a.stdout), "%s by %s\n", out.Summary(), mod)
		for _, w := range out.Warnings {
			fmt.Fprintf(termw(a.stderr), "warning: %s\n", w)
		}
		if len(out.Steps) > 0 && out.Steps[0] != review.StepRefreshReview {
			fmt.Fprintf(a.stdout, "still to do on Discord: %s; a running bot does it within seconds\n", stepList(out.Steps))
		} else {
			fmt.Fprintln(a.stdout, "a running bot picks the change up from the record")
		}
		return nil
	})
}

// stepList names what a front end must still do, for people.
func stepList(steps []review.Step) string {
	names := map[review.Step]string{
		review.StepPublish: "publish the answer", review.StepReplace: "replace the public answer",
		review.StepTakeDown: "take the public answer down", review.StepWithdraw: "tell the asker it will not be published",
		review.StepTellAsker: "tell the asker", review.StepDeleteMessages: "delete the messages",
		review.StepReloadCurated: "reload curated answers", review.StepRefreshReview: "update the review message",
	}
	out := make([]string, 0, len(steps))
	for _, s := range steps {
		out = append(out, names[s])
	}
	return strings.Join(out, ", ")
}

// workflow is the moderation workflow over st, with the configured
// documents (loaded only when an action needs them).
func (a *app) workflow(st review.Store) *review.Workflow {
	return review.NewWorkflow(st, func() (review.Docs, error) {
		c, _, err := a.loadCorpus()
		if c == nil {
			return review.Docs{}, err
		}
		return review.Docs{Corpus: c.Fingerprint, Fingerprints: curated.DocFingerprints(c)}, nil
	})
}

// runNeedsAttention lists the answers a moderator should look at.
func runNeedsAttention(ctx context.Context, a *app, asJSON bool) error {
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		list, err := st.NeedsAttention(ctx, time.Now(), heldTokenLife)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, map[string]any{"count": len(list), "answers": nonNilSlice(list)})
		}
		if len(list) == 0 {
			fmt.Fprintln(a.stdout, "nothing needs attention")
			return nil
		}
		tw := tabwriter.NewWriter(termw(a.stdout), 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tRECORDED (UTC)\tSTATUS\tWHY\tQUESTION")
		for _, at := range list {
			r := at.Record
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.ID, r.CreatedAt.UTC().Format("2006-01-02 15:04"), r.Status,
				strings.Join(at.Reasons, ", "), truncate(questionOf(r), listQuestionRunes))
		}
		tw.Flush()
		fmt.Fprintf(a.stdout, "\n%s need attention. Decide with pactbot review approve|reject|correct ID; "+
			"stale curated answers: pactbot review curated\n", plural(len(list), "answer"))
		return nil
	})
}

// heldTokenLife is how long Discord lets the bot answer through an
// interaction: a held answer older than that can only be posted as a new
// message.
const heldTokenLife = 15 * time.Minute

func runReviewExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review export", "[--format jsonl|csv] [--since DATE|DURATION]")
	format := fs.String("format", review.FormatJSONL, "`FORMAT`: jsonl or csv")
	since := fs.String("since", "", "only answers since `DATE` or DURATION ago")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *format != review.FormatJSONL && *format != review.FormatCSV {
		return fmt.Errorf("%w: --format %q: want jsonl or csv", errUsage, *format)
	}
	from, err := parseSince(*since, time.Now())
	if err != nil {
		return err
	}
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		return st.Export(ctx, a.stdout, *format, from)
	})
}

func runReviewPurge(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review purge", "[--dry-run] [--json]")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	dry := fs.Bool("dry-run", false, "count what would be purged, change nothing")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	retention := a.cfg.Review.Retention
	cutoff := time.Now().Add(-retention).UTC()
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		res, err := a.workflow(st).Purge(ctx, cutoff, *dry)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(a.stdout, map[string]any{"older_than": cutoff, "retention": retention.String(), "purged": res})
		}
		verb := "purged"
		if *dry {
			verb = "dry run, nothing changed: would purge"
		}
		fmt.Fprintf(a.stdout, "retention %s: %s what was recorded before %s\n", humanDuration(retention), verb, cutoff.Format(timeLayout))
		fmt.Fprintf(a.stdout, "  answers  %d  (question, answer, correction, reason and user id removed; counts kept)\n", res.Answers)
		fmt.Fprintf(a.stdout, "  votes    %d  (unlinked from their users; still counted)\n", res.Votes)
		fmt.Fprintf(a.stdout, "  audit    %d  (details such as reasons and corrected texts removed)\n", res.Events)
		fmt.Fprintf(a.stdout, "  curated  %d  (curated answers unlinked from their askers; still served)\n", res.Curated)
		fmt.Fprintf(a.stdout, "  threads  %d  (named after questions; queued for the bot to remove)\n", res.Cleanups)
		return nil
	})
}

func runReviewStats(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review stats", "[--since DATE|DURATION] [--json]")
	since := fs.String("since", "", "only answers since `DATE` or DURATION ago")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	from, err := parseSince(*since, time.Now())
	if err != nil {
		return err
	}
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		s, err := st.Stats(ctx, from)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(a.stdout, s)
		}
		writeReviewStats(termw(a.stdout), s)
		return nil
	})
}

// runReviewCurated lists the curated answers, marks those whose cited
// documents changed stale (check), or re-approves or retires one.
func runReviewCurated(ctx context.Context, a *app, args []string) error {
	action := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		action, args = args[0], args[1:]
	}
	switch action {
	case "list", "check":
		return runCuratedList(ctx, a, args, action == "check")
	case "reapprove":
		return runDecision(ctx, a, args, decisionSpec{cmd: "curated reapprove", noun: "curated answer"},
			func(wf *review.Workflow, id int64, mod, _ string) (review.Outcome, error) {
				return wf.Reapprove(ctx, id, mod)
			})
	case "retire":
		return runDecision(ctx, a, args, decisionSpec{cmd: "curated retire", noun: "curated answer"},
			func(wf *review.Workflow, id int64, mod, _ string) (review.Outcome, error) {
				return wf.Retire(ctx, id, mod)
			})
	}
	return fmt.Errorf("%w: unknown action %q (want list, check, reapprove ID or retire ID)", errUsage, action)
}

func runCuratedList(ctx context.Context, a *app, args []string, check bool) error {
	fs := a.flags("review curated", "[list|check [--new-corpus]] [--json]")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	newCorpus := fs.Bool("new-corpus", false, "check: the documents changed on purpose; check against them "+
		"even though the bot recorded another corpus, and make them the reference")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return withReviewStore(a, func(st review.Store, _ *review.Pseudonymizer) error {
		var stale []*review.Curated
		if check {
			var err error
			stale, err = a.workflow(st).CheckCurated(ctx, review.CheckOptions{NewCorpus: *newCorpus})
			if errors.Is(err, review.ErrOtherCorpus) {
				return fmt.Errorf("%w; nothing was marked stale (--new-corpus if the documents changed on purpose)", err)
			}
			if err != nil {
				return err
			}
		}
		all, err := st.ListCurated(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(a.stdout, map[string]any{"curated": nonNilSlice(all), "newly_stale": nonNilSlice(stale)})
		}
		if check {
			fmt.Fprintf(a.stdout, "%s newly marked stale: the documents they cite changed\n\n", plural(len(stale), "curated answer"))
		}
		writeCuratedList(termw(a.stdout), all)
		return nil
	})
}

// withReviewStore opens the answer record and the user pseudonymizer for fn.
// The record must exist: moderators read what the bot wrote, and a
// command run in the wrong directory must say where it looked instead of
// creating an empty record (and a new user secret) there.
func withReviewStore(a *app, fn func(review.Store, *review.Pseudonymizer) error) error {
	path := a.reviewDBPath()
	if _, err := os.Stat(path); err != nil {
		abs, _ := filepath.Abs(path)
		return fmt.Errorf("no answer record at %s: run review where pactbot serve keeps its data (--data DIR, or review.db in the config)", abs)
	}
	st, p, err := a.openServeStore()
	if err != nil {
		return err
	}
	err = fn(st, p)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// parseReviewID parses the flags and the one positional answer id.
func parseReviewID(a *app, fs *flag.FlagSet, args []string) (int64, error) {
	pos, err := a.parse(fs, args)
	if err != nil {
		return 0, err
	}
	if len(pos) != 1 {
		fs.Usage()
		return 0, fmt.Errorf("%w: one answer ID is required", errUsage)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%w: %q is not an answer ID (a number, as in `review list`)", errUsage, pos[0])
	}
	return id, nil
}

// reviewErr turns the store's errors a moderator can cause into plain ones.
func reviewErr(err error, noun string, id int64) error {
	var already *review.AlreadyDecidedError
	switch {
	case errors.As(err, &already):
		d := already.First
		msg := fmt.Sprintf("%s %d was already %s", noun, id, d.Status)
		if d.ModeratorHash != "" {
			msg += " by " + d.ModeratorHash
		}
		if !d.At.IsZero() {
			msg += " at " + d.At.UTC().Format(timeLayout)
		}
		return errors.New(msg + "; nothing changed")
	case errors.Is(err, review.ErrBadMarkers), errors.Is(err, review.ErrCitesMissing), errors.Is(err, review.ErrRetired),
		errors.Is(err, review.ErrPurged), errors.Is(err, review.ErrNoDocs):
		return fmt.Errorf("%s; nothing changed", strings.TrimPrefix(err.Error(), "review: "))
	case errors.Is(err, review.ErrNotDecided):
		return fmt.Errorf("%s %d has no decision to reopen", noun, id)
	case errors.Is(err, review.ErrNotFound):
		if noun == "answer" {
			return fmt.Errorf("no answer with ID %d (see `pactbot review list`)", id)
		}
		return fmt.Errorf("no %s with ID %d (see `pactbot review curated`)", noun, id)
	}
	return err
}

// parseSince reads a date (2006-01-02, UTC midnight), an RFC 3339 time, or
// a duration back from now (36h, 90m, 7d). Empty means no limit.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%w: --since %q: want a date (2024-03-01), an RFC 3339 time, or a duration (36h, 7d)", errUsage, s)
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// timeLayout is how the review commands show times (always UTC).
const timeLayout = "2006-01-02 15:04 MST"

// listQuestionRunes is where `review list` cuts questions.
const listQuestionRunes = 60

func writeReviewList(w io.Writer, rows []review.ExportRow) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no answers match")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRECORDED (UTC)\tSTATUS\tMODE\tGROUNDED\tFEEDBACK\tQUESTION")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.CreatedAt.UTC().Format("2006-01-02 15:04"),
			r.Status, r.Mode, yesNo(r.Grounded), feedback(r.Votes), truncate(questionOf(&r.Record), listQuestionRunes))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s, newest first. Feedback: +helpful -not helpful !reported. "+
		"Full text: pactbot review show ID\n", plural(len(rows), "answer"))
	return err
}

func writeReviewShow(w io.Writer, r *review.Record, v review.VoteCounts, audit []review.Change, cur []*review.Curated) {
	fmt.Fprintf(w, "Answer %d · %s · recorded %s\n", r.ID, r.Status, r.CreatedAt.UTC().Format(timeLayout))
	mode := r.Mode
	if r.Model != "" {
		mode += " (" + r.Model + ")"
	}
	fmt.Fprintf(w, "Mode: %s · grounded: %s · top score: %.2f · latency: %s\n", mode, yesNo(r.Grounded), r.TopScore,
		latency(r.LatencyMS))
	if r.ChannelID != "" || r.MessageID != "" {
		fmt.Fprintf(w, "Discord: guild %s · channel %s · message %s\n", dash(r.GuildID), dash(r.ChannelID), dash(r.MessageID))
	}
	fmt.Fprintf(w, "Asker: %s\n", dash(r.UserHash))
	if r.PII {
		fmt.Fprintln(w, "Personal data: found and masked before storing")
	}
	section(w, "Question", questionOf(r))
	section(w, "Answer", dash(r.Answer))
	if len(r.Citations) > 0 {
		fmt.Fprintln(w, "\nSources:")
		for _, c := range r.Citations {
			fmt.Fprintf(w, "  [%d] %s%s\n", c.N, sourceLabel(c.Title, c.Path, c.Section), prefixed(" — ", c.URL))
		}
	}
	if !r.DecidedAt.IsZero() {
		fmt.Fprintf(w, "\nDecision: %s by %s at %s\n", r.Status, r.ModeratorHash, r.DecidedAt.UTC().Format(timeLayout))
		if r.Reason != "" {
			fmt.Fprintf(w, "  reason: %s\n", r.Reason)
		}
		if r.CorrectedText != "" {
			section(w, "Corrected text", r.CorrectedText)
		}
	}
	fmt.Fprintf(w, "\nFeedback: %d helpful, %d not helpful, %d reported\n", v.Helpful, v.NotHelpful, v.Report)
	for i, c := range cur {
		if i == 0 {
			fmt.Fprintln(w, "\nCurated answers made from it:")
		}
		fmt.Fprintf(w, "  #%d %s, by %s\n", c.ID, c.Status, c.Moderator)
	}
	writeAudit(w, audit)
}

func writeAudit(w io.Writer, audit []review.Change) {
	fmt.Fprintln(w, "\nAudit trail:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range audit {
		change := c.After
		if c.Before != "" && c.Before != c.After {
			change = c.Before + " → " + c.After
		}
		var detail []string
		for _, k := range slices.Sorted(maps.Keys(c.Detail)) {
			detail = append(detail, k+": "+truncate(c.Detail[k], 80))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", c.At.UTC().Format(timeLayout), c.Kind, change, dash(c.Actor),
			strings.Join(detail, "; "))
	}
	tw.Flush()
}

func writeReviewStats(w io.Writer, s review.Stats) {
	if s.Since.IsZero() {
		fmt.Fprintln(w, "Answers, all time")
	} else {
		fmt.Fprintf(w, "Answers since %s\n", s.Since.UTC().Format(timeLayout))
	}
	if s.Answered == 0 {
		fmt.Fprintln(w, "  no answers recorded in this period")
		return
	}
	rated := s.Votes.Helpful + s.Votes.NotHelpful
	rows := [][3]string{
		{"answered", strconv.Itoa(s.Answered), ""},
		{"grounded", strconv.Itoa(s.Grounded), pctOf(s.GroundedPct, s.Answered) + " of answered"},
		{"helpful", strconv.Itoa(s.Votes.Helpful), pctOf(s.HelpfulPct, rated) + fmt.Sprintf(" of %d rated; %d reported", rated, s.Votes.Report)},
		{"reviewed", strconv.Itoa(s.Reviewed), fmt.Sprintf("approved %s · rejected %s · corrected %s",
			pctOf(s.ApprovedPct, s.Reviewed), pctOf(s.RejectedPct, s.Reviewed), pctOf(s.CorrectedPct, s.Reviewed))},
		{"awaiting review", strconv.Itoa(s.Pending), "pending"},
		{"median latency", latency(s.MedianLatencyMS), ""},
		{"personal data", strconv.Itoa(s.PII), "answers with personal data masked"},
	}
	for _, r := range rows {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %-16s %8s  %s", r[0], r[1], r[2]), " "))
	}
	fmt.Fprintln(w, "\nCoverage gaps: add documents that answer these")
	writeGaps(w, "Not answered (the sources did not cover them):", s.TopUnanswered)
	writeGaps(w, "Marked not helpful or reported:", s.TopNotHelpful)
}

func writeCuratedList(w io.Writer, all []*review.Curated) {
	if len(all) == 0 {
		fmt.Fprintln(w, "no curated answers yet: `pactbot review correct ID --text TEXT` makes one")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tUPDATED (UTC)\tFROM\tCITES\tQUESTION")
	for _, c := range all {
		docs := slices.Sorted(maps.Keys(c.DocFingerprints))
		from := "-"
		if c.SourceAnswerID != 0 {
			from = "answer " + strconv.FormatInt(c.SourceAnswerID, 10)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Status, c.UpdatedAt.UTC().Format("2006-01-02 15:04"),
			from, dash(strings.Join(docs, ", ")), truncate(c.Question, listQuestionRunes))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nOnly active answers are served. Stale ones wait for `pactbot review curated reapprove ID` "+
		"(after checking them against the changed documents) or `retire ID`.")
}

func writeGaps(w io.Writer, title string, qs []review.QuestionCount) {
	fmt.Fprintf(w, "  %s\n", title)
	if len(qs) == 0 {
		fmt.Fprintln(w, "    none")
		return
	}
	for _, q := range qs {
		fmt.Fprintf(w, "    %3d×  %s  (answer %d)\n", q.Count, truncate(q.Question, 70), q.LastAnswerID)
	}
}

// questionOf is the question as a moderator should see it: the text, or
// why it is gone.
func questionOf(r *review.Record) string {
	if r.Question == "" && !r.PurgedAt.IsZero() {
		return "(removed " + r.PurgedAt.UTC().Format("2006-01-02") + ": retention or forget-me)"
	}
	return r.Question
}

func section(w io.Writer, title, text string) {
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

// truncate collapses whitespace (a tab or newline would break a column)
// and cuts s to n runes with an ellipsis.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

func feedback(v review.VoteCounts) string {
	if v == (review.VoteCounts{}) {
		return "-"
	}
	return fmt.Sprintf("+%d -%d !%d", v.Helpful, v.NotHelpful, v.Report)
}

func latency(ms int64) string {
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return fmt.Sprintf("%.1f s", float64(ms)/1000)
}

func pctOf(p float64, whole int) string {
	if whole == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func humanDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// plural is "1 answer", "2 answers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
