package review

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pactbot/cite"
)

// Docs is the corpus a front end serves, as curation needs it.
type Docs struct {
	// Corpus is the corpus fingerprint (corpus.Corpus.Fingerprint).
	Corpus string
	// Fingerprints maps each document id to its fingerprint
	// (curated.DocFingerprints).
	Fingerprints map[string]string
}

// Errors a moderator can cause, for front ends to branch on (errors.Is).
var (
	// ErrPurged: the answer's texts were removed (retention, forget-me).
	ErrPurged = errors.New("review: the answer's texts were removed")
	// ErrBadMarkers: a correction cites [n] markers the answer has no
	// source for; errors.As with *MarkerError gives them.
	ErrBadMarkers = errors.New("review: correction cites sources the answer does not have")
	// ErrCitesMissing: a curated answer cites a document that is no longer
	// in the corpus, so it cannot be re-approved.
	ErrCitesMissing = errors.New("review: cited documents are no longer in the corpus")
	// ErrRetired: a retired curated answer is never served again.
	ErrRetired = errors.New("review: curated answer is retired")
	// ErrOtherCorpus: the corpus given is not the one the bot serves;
	// errors.As with *CorpusMismatchError gives both.
	ErrOtherCorpus = errors.New("review: not the corpus the bot serves")
	// ErrNoDocs: the action needs the documents and the workflow has none.
	ErrNoDocs = errors.New("review: no documents to check curated answers against")
)

// MarkerError reports the [n] markers of a correction that point to no
// source of the answer.
type MarkerError struct {
	AnswerID int64
	Unknown  []int
	Sources  []int
}

// Error names the bad markers and the sources there are.
func (e *MarkerError) Error() string {
	have := "the answer has no sources, so the correction cannot cite any"
	if len(e.Sources) > 0 {
		have = "the answer's sources are " + markerList(e.Sources)
	}
	return fmt.Sprintf("the correction of answer %d cites %s, but %s; keep the markers of the original answer "+
		"or remove the ones that point nowhere", e.AnswerID, markerList(e.Unknown), have)
}

// Is makes errors.Is(err, ErrBadMarkers) true.
func (e *MarkerError) Is(target error) bool { return target == ErrBadMarkers }

func markerList(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "[" + strconv.Itoa(n) + "]"
	}
	return strings.Join(parts, ", ")
}

// CorpusMismatchError says which corpus the bot serves and which was given.
type CorpusMismatchError struct {
	Served, Given string
	// ServedAt is when the bot recorded its corpus (zero when the
	// reference came from the curated answers themselves).
	ServedAt time.Time
}

// Error explains the mismatch with short fingerprints.
func (e *CorpusMismatchError) Error() string {
	since := ""
	if !e.ServedAt.IsZero() {
		since = " (recorded " + e.ServedAt.UTC().Format("2006-01-02 15:04 MST") + ")"
	}
	return fmt.Sprintf("these documents (corpus %s) are not the ones the bot serves (corpus %s%s): checking curated "+
		"answers against them would mark answers stale that are not; use the bot's --corpus and config, or say "+
		"that the documents changed on purpose", short(e.Given), short(e.Served), since)
}

// Is makes errors.Is(err, ErrOtherCorpus) true.
func (e *CorpusMismatchError) Is(target error) bool { return target == ErrOtherCorpus }

func short(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}

// Step is something a front end must still do after an action, on its
// side (Discord messages, the curated matcher): the record is already
// changed when a Workflow method returns.
type Step string

// Steps, in the order a front end should take them.
const (
	// StepPublish posts the held answer (its correction, if corrected).
	StepPublish Step = "publish"
	// StepReplace replaces the public answer with the correction.
	StepReplace Step = "replace"
	// StepTakeDown replaces the public answer with a removal notice.
	StepTakeDown Step = "take_down"
	// StepWithdraw tells, where the held notice is, that the answer will
	// not be published.
	StepWithdraw Step = "withdraw"
	// StepTellAsker tells the asker privately, with the reason.
	StepTellAsker Step = "tell_asker"
	// StepDeleteMessages deletes the messages and threads in Cleanups.
	StepDeleteMessages Step = "delete_messages"
	// StepReloadCurated reloads the curated answers served.
	StepReloadCurated Step = "reload_curated"
	// StepRefreshReview redraws what moderators see (review message,
	// stale notice).
	StepRefreshReview Step = "refresh_review"
)

// Actions of the workflow, as Outcome.Action.
const (
	ActionApprove   = "approve"
	ActionReject    = "reject"
	ActionCorrect   = "correct"
	ActionReopen    = "reopen"
	ActionReapprove = "reapprove"
	ActionRetire    = "retire"
	ActionForget    = "forget"
)

// Outcome is what a moderation action did in the record, and what the
// front end must still do so that what people see matches it.
type Outcome struct {
	Action string `json:"action"`
	// AnswerID and CuratedID name what was acted on or made.
	AnswerID  int64 `json:"answer_id,omitempty"`
	CuratedID int64 `json:"curated_id,omitempty"`
	// Before and After are the status around the action.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Moderator is who acted (pseudonymous id).
	Moderator string `json:"moderator,omitempty"`
	// Record is the answer as stored after the action (answer actions).
	Record *Record `json:"-"`
	// Curated is the curated answer made or changed, if any.
	Curated *Curated `json:"curated,omitempty"`
	// CuratedSkipped says why a correction made no curated answer.
	CuratedSkipped string `json:"curated_skipped,omitempty"`
	// RetiredCurated are curated answers retired by a reopened correction.
	RetiredCurated []int64 `json:"retired_curated,omitempty"`
	// Forgot counts what Forget removed.
	Forgot *ForgetResult `json:"forgot,omitempty"`
	// Warnings are things the moderator should know that did not stop the
	// action.
	Warnings []string `json:"warnings,omitempty"`
	// Steps are what the front end must still do, in order.
	Steps []Step `json:"steps"`
}

// Has reports whether the front end must take step.
func (o Outcome) Has(step Step) bool {
	for _, s := range o.Steps {
		if s == step {
			return true
		}
	}
	return false
}

// Summary says in one sentence what happened in the record, for a
// moderator: "answer 3 corrected; curated answer 2 made from it".
func (o Outcome) Summary() string {
	var b strings.Builder
	switch o.Action {
	case ActionReapprove, ActionRetire:
		fmt.Fprintf(&b, "curated answer %d %s", o.CuratedID, pastTense(o.Action))
	case ActionForget:
		f := o.Forgot
		if f == nil {
			f = &ForgetResult{}
		}
		fmt.Fprintf(&b, "forgot %d answers and %d votes; deleted %d curated answers made from the questions; "+
			"%d messages and threads to delete", f.Answers, f.Votes, f.Curated, len(f.Cleanups))
	default:
		fmt.Fprintf(&b, "answer %d %s", o.AnswerID, pastTense(o.Action))
		if o.Action == ActionReopen {
			fmt.Fprintf(&b, " (was %s, now %s)", o.Before, o.After)
		}
	}
	if o.Action == ActionCorrect {
		if o.CuratedID != 0 {
			fmt.Fprintf(&b, "; curated answer %d made from it", o.CuratedID)
		} else if o.CuratedSkipped != "" {
			b.WriteString("; no curated answer made: " + o.CuratedSkipped)
		}
	}
	if len(o.RetiredCurated) > 0 {
		fmt.Fprintf(&b, "; curated answers retired: %s", idList(o.RetiredCurated))
	}
	return b.String()
}

func pastTense(action string) string {
	switch action {
	case ActionApprove:
		return "approved"
	case ActionReject:
		return "rejected"
	case ActionCorrect:
		return "corrected"
	case ActionReopen:
		return "reopened"
	case ActionReapprove:
		return "re-approved"
	case ActionRetire:
		return "retired"
	}
	return action
}

func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// Workflow is the one implementation of every moderation action, used by
// the bot and the CLI alike: approve, reject, correct (and curate),
// reopen, re-approve and retire curated answers, check them against the
// documents, forget a user and apply retention. It checks what a
// moderator may do, changes the record, and returns an Outcome saying
// what changed and what the front end must still do; it never talks to
// Discord.
type Workflow struct {
	store Store
	docs  func() (Docs, error)
}

// NewWorkflow returns the workflow over st. docs gives the corpus served
// (nil: curated answers are recorded without fingerprints and cannot be
// checked or re-approved).
func NewWorkflow(st Store, docs func() (Docs, error)) *Workflow {
	return &Workflow{store: st, docs: docs}
}

// Store returns the record the workflow acts on.
func (w *Workflow) Store() Store { return w.store }

// undecided loads an answer a moderator may still decide on.
func (w *Workflow) undecided(ctx context.Context, id int64) (*Record, error) {
	rec, err := w.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status != StatusPending && rec.Status != StatusPublished {
		return nil, &AlreadyDecidedError{AnswerID: id, First: Decision{Status: rec.Status,
			ModeratorHash: rec.ModeratorHash, At: rec.DecidedAt, Reason: rec.Reason, CorrectedText: rec.CorrectedText}}
	}
	return rec, nil
}

// Approve approves an answer; a held one must then be published.
func (w *Workflow) Approve(ctx context.Context, id int64, moderator string) (Outcome, error) {
	rec, err := w.undecided(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	if err := w.store.Approve(ctx, id, moderator); err != nil {
		return Outcome{}, err
	}
	o := Outcome{Action: ActionApprove, AnswerID: id, Before: rec.Status, After: StatusApproved, Moderator: moderator}
	if rec.Status == StatusPending {
		o.Steps = append(o.Steps, StepPublish)
	}
	return w.finish(ctx, o)
}

// Reject rejects an answer with a reason shown to the asker: the public
// answer is taken down (or the held one withdrawn) and the asker told.
func (w *Workflow) Reject(ctx context.Context, id int64, moderator, reason string) (Outcome, error) {
	rec, err := w.undecided(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	if err := w.store.Reject(ctx, id, moderator, reason); err != nil {
		return Outcome{}, err
	}
	o := Outcome{Action: ActionReject, AnswerID: id, Before: rec.Status, After: StatusRejected, Moderator: moderator}
	if rec.Status == StatusPending {
		o.Steps = append(o.Steps, StepWithdraw, StepTellAsker)
	} else {
		o.Steps = append(o.Steps, StepTakeDown, StepTellAsker)
	}
	return w.finish(ctx, o)
}

// CorrectOptions change how a correction is curated.
type CorrectOptions struct {
	// Question is the question the curated answer serves, when the
	// asker's wording should not be kept; empty: the recorded question.
	Question string
}

// Correct replaces an answer's text with the moderator's and, in the same
// transaction, makes it a curated answer with the original citations and
// the fingerprints of the documents they cite. Its [n] markers must point
// to the answer's sources (*MarkerError otherwise, and nothing changes).
// When no curated answer can be made (the question was removed, or a
// cited document is not in the corpus), the correction still applies and
// Outcome.CuratedSkipped says why; when making it fails, nothing changes.
func (w *Workflow) Correct(ctx context.Context, id int64, moderator, text string, opts CorrectOptions) (Outcome, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Outcome{}, fmt.Errorf("review: correct answer %d: empty text", id)
	}
	rec, err := w.undecided(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	if bad := cite.Unknown(text, rec.Citations); len(bad) > 0 {
		sources := make([]int, len(rec.Citations))
		for i, c := range rec.Citations {
			sources[i] = c.N
		}
		return Outcome{}, &MarkerError{AnswerID: id, Unknown: bad, Sources: sources}
	}
	o := Outcome{Action: ActionCorrect, AnswerID: id, Before: rec.Status, After: StatusCorrected, Moderator: moderator}
	cur, err := w.curatedFor(rec, opts, &o)
	if err != nil {
		return Outcome{}, err
	}
	if o.CuratedID, err = w.store.CorrectAndCurate(ctx, id, moderator, text, cur); err != nil {
		return Outcome{}, err
	}
	if rec.Status == StatusPending {
		o.Steps = append(o.Steps, StepPublish)
	} else {
		o.Steps = append(o.Steps, StepReplace)
	}
	if o.CuratedID != 0 {
		o.Steps = append(o.Steps, StepReloadCurated)
		if o.Curated, err = w.store.GetCurated(ctx, o.CuratedID); err != nil {
			return o, err
		}
	}
	return w.finish(ctx, o)
}

// curatedFor builds the curated answer a correction of rec makes, or nil
// with o.CuratedSkipped set.
func (w *Workflow) curatedFor(rec *Record, opts CorrectOptions, o *Outcome) (*Curated, error) {
	question := strings.TrimSpace(opts.Question)
	if question == "" {
		question = strings.TrimSpace(rec.Question)
	}
	if question == "" {
		o.CuratedSkipped = "the question was removed (retention); give one to serve"
		return nil, nil
	}
	c := &Curated{Question: question, Citations: rec.Citations}
	if w.docs == nil {
		o.Warnings = append(o.Warnings, "no documents given: the curated answer will not be checked when they change")
		return c, nil
	}
	docs, err := w.docs()
	if err != nil {
		return nil, fmt.Errorf("review: correct answer %d: load documents: %w", rec.ID, err)
	}
	fps, missing := CitedFingerprints(rec.Citations, docs.Fingerprints)
	if len(missing) > 0 {
		o.CuratedSkipped = "it cites documents that are not in the corpus: " + strings.Join(missing, ", ")
		return nil, nil
	}
	c.DocFingerprints, c.CorpusFingerprint = fps, docs.Corpus
	return c, nil
}

// CitedFingerprints returns the fingerprints (from all, document id →
// fingerprint) of the documents that cites refer to, and the ids of cited
// documents that all does not know.
func CitedFingerprints(cites []cite.Citation, all map[string]string) (fps map[string]string, missing []string) {
	fps = map[string]string{}
	seen := map[string]bool{}
	for _, c := range cites {
		if seen[c.DocID] || c.DocID == "" {
			continue
		}
		seen[c.DocID] = true
		fp, ok := all[c.DocID]
		if !ok {
			missing = append(missing, c.DocID)
			continue
		}
		fps[c.DocID] = fp
	}
	return fps, missing
}

// Reopen takes back a decision so that a moderator can decide again (see
// SQLite.Reopen); curated answers made from a reopened correction are
// retired.
func (w *Workflow) Reopen(ctx context.Context, id int64, moderator, reason string) (Outcome, error) {
	r, err := w.store.Reopen(ctx, id, moderator, reason)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Action: ActionReopen, AnswerID: id, Before: r.Before, After: r.After, Moderator: moderator,
		RetiredCurated: r.RetiredCurated}
	if len(r.RetiredCurated) > 0 {
		o.Steps = append(o.Steps, StepReloadCurated)
	}
	return w.finish(ctx, o)
}

// finish adds the review refresh and loads the answer as it now is.
func (w *Workflow) finish(ctx context.Context, o Outcome) (Outcome, error) {
	o.Steps = append(o.Steps, StepRefreshReview)
	if o.AnswerID == 0 {
		return o, nil
	}
	rec, err := w.store.Get(ctx, o.AnswerID)
	if err != nil {
		return o, err
	}
	o.Record = rec
	return o, nil
}

// Reapprove serves a stale curated answer again after a moderator checked
// it against the current documents, recording their fingerprints. It
// refuses when a cited document is no longer in the corpus
// (ErrCitesMissing: retire it instead) or the answer is retired.
func (w *Workflow) Reapprove(ctx context.Context, curatedID int64, moderator string) (Outcome, error) {
	c, err := w.store.GetCurated(ctx, curatedID)
	if err != nil {
		return Outcome{}, err
	}
	if c.Status == CuratedRetired {
		return Outcome{}, fmt.Errorf("curated answer %d: %w", curatedID, ErrRetired)
	}
	if w.docs == nil {
		return Outcome{}, fmt.Errorf("curated answer %d: %w", curatedID, ErrNoDocs)
	}
	docs, err := w.docs()
	if err != nil {
		return Outcome{}, fmt.Errorf("review: reapprove curated %d: load documents: %w", curatedID, err)
	}
	fps, missing := CitedFingerprints(c.Citations, docs.Fingerprints)
	if len(missing) > 0 {
		return Outcome{}, fmt.Errorf("curated answer %d cites %s: %w; retire it instead", curatedID,
			strings.Join(missing, ", "), ErrCitesMissing)
	}
	if err := w.store.ReapproveCurated(ctx, curatedID, moderator, fps, docs.Corpus); err != nil {
		return Outcome{}, err
	}
	return w.curatedOutcome(ctx, ActionReapprove, c, moderator)
}

// Retire stops a curated answer from being served, for good.
func (w *Workflow) Retire(ctx context.Context, curatedID int64, moderator string) (Outcome, error) {
	c, err := w.store.GetCurated(ctx, curatedID)
	if err != nil {
		return Outcome{}, err
	}
	if err := w.store.RetireCurated(ctx, curatedID, moderator); err != nil {
		return Outcome{}, err
	}
	return w.curatedOutcome(ctx, ActionRetire, c, moderator)
}

func (w *Workflow) curatedOutcome(ctx context.Context, action string, before *Curated, moderator string) (Outcome, error) {
	after, err := w.store.GetCurated(ctx, before.ID)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Action: action, CuratedID: before.ID, AnswerID: before.SourceAnswerID, Before: before.Status,
		After: after.Status, Moderator: moderator, Curated: after,
		Steps: []Step{StepReloadCurated, StepRefreshReview}}, nil
}

// CheckOptions say who checks the curated answers.
type CheckOptions struct {
	// Serving is set by the bot: its documents are the served corpus, and
	// are recorded as such.
	Serving bool
	// NewCorpus is a moderator saying the documents changed on purpose:
	// the check runs and they become the reference.
	NewCorpus bool
}

// CheckCurated marks stale the active curated answers whose cited
// documents changed, and returns them. Run by anyone but the bot, it
// first makes sure the documents are the bot's (the corpus fingerprint
// the bot recorded, else the one the newest curated answer was checked
// against) and refuses others with a *CorpusMismatchError, so that a
// check against the wrong directory cannot stop every curated answer.
func (w *Workflow) CheckCurated(ctx context.Context, opts CheckOptions) ([]*Curated, error) {
	if w.docs == nil {
		return nil, ErrNoDocs
	}
	docs, err := w.docs()
	if err != nil {
		return nil, fmt.Errorf("review: check curated: load documents: %w", err)
	}
	if !opts.Serving && !opts.NewCorpus {
		if err := w.sameCorpus(ctx, docs.Corpus); err != nil {
			return nil, err
		}
	}
	stale, err := w.store.CheckCurated(ctx, docs.Fingerprints)
	if err != nil {
		return nil, err
	}
	if (opts.Serving || opts.NewCorpus) && docs.Corpus != "" {
		if err := w.store.SetServedCorpus(ctx, docs.Corpus); err != nil {
			return stale, err
		}
	}
	return stale, nil
}

func (w *Workflow) sameCorpus(ctx context.Context, given string) error {
	served, at, err := w.store.ServedCorpus(ctx)
	if err != nil {
		return err
	}
	if served == "" {
		all, err := w.store.ListCurated(ctx)
		if err != nil {
			return err
		}
		var newest time.Time
		for _, c := range all {
			if c.CorpusFingerprint != "" && !c.UpdatedAt.Before(newest) {
				served, newest = c.CorpusFingerprint, c.UpdatedAt
			}
		}
	}
	if served != "" && served != given {
		return &CorpusMismatchError{Served: served, Given: given, ServedAt: at}
	}
	return nil
}

// Forget removes everything stored about one user (see SQLite.Forget):
// the front end must then delete the messages and threads listed in
// Outcome.Forgot.Cleanups (also queued, see PendingCleanups) and reload
// the curated answers when some were deleted.
func (w *Workflow) Forget(ctx context.Context, userHash string) (Outcome, error) {
	res, err := w.store.Forget(ctx, userHash)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Action: ActionForget, Forgot: &res}
	if len(res.Cleanups) > 0 {
		o.Steps = append(o.Steps, StepDeleteMessages)
	}
	if res.Curated > 0 {
		o.Steps = append(o.Steps, StepReloadCurated)
	}
	o.Steps = append(o.Steps, StepRefreshReview)
	return o, nil
}

// Purge applies retention to what was recorded before olderThan (see
// SQLite.Purge); with dryRun it only counts.
func (w *Workflow) Purge(ctx context.Context, olderThan time.Time, dryRun bool) (PurgeResult, error) {
	if dryRun {
		return w.store.PurgeDryRun(ctx, olderThan)
	}
	return w.store.Purge(ctx, olderThan)
}
