package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors. Every error returned by Generate matches exactly one of
// them with errors.Is, so callers can branch without parsing messages.
var (
	// ErrUnavailable: the server could not be reached or answered 5xx,
	// even after retries.
	ErrUnavailable = errors.New("llm: unavailable")
	// ErrRateLimited: the server answered 429 and kept doing so past the
	// retries (or asked to wait longer than the deadline allows).
	ErrRateLimited = errors.New("llm: rate limited")
	// ErrTimeout: the call did not finish within its deadline.
	ErrTimeout = errors.New("llm: deadline exceeded")
	// ErrCanceled: the caller canceled the call.
	ErrCanceled = errors.New("llm: call canceled")
	// ErrAuth: the server refused the credentials (401/403).
	ErrAuth = errors.New("llm: authentication failed")
	// ErrRejected: the server refused the request itself (400, 404, 422,
	// a content filter); retrying the same request cannot help.
	ErrRejected = errors.New("llm: request rejected")
	// ErrBadResponse: the server answered, but with something unusable: no
	// choices, empty text, or a body that is not the OpenAI format.
	ErrBadResponse = errors.New("llm: unusable response")
)

// Error is the error Generate returns. Its message is for logs (with the
// API key redacted); Reason is what may be shown to a citizen.
type Error struct {
	// Kind is one of the package's sentinel errors.
	Kind error
	// Status is the HTTP status of the last attempt, 0 when there was none.
	Status int
	// Attempts is how many requests were sent.
	Attempts int
	msg      string
	cause    error
}

// Error returns a log-safe description: kind, status, attempts and the
// redacted cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (status %d)", e.Status)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.msg != "" {
		b.WriteString(": ")
		b.WriteString(e.msg)
	}
	return b.String()
}

// Unwrap exposes the kind and, for context errors, the context error, so
// errors.Is(err, context.DeadlineExceeded) keeps working. The raw cause is
// not exposed: its text may carry what redaction removed.
func (e *Error) Unwrap() []error {
	errs := []error{e.Kind}
	if errors.Is(e.cause, context.DeadlineExceeded) {
		errs = append(errs, context.DeadlineExceeded)
	}
	if errors.Is(e.cause, context.Canceled) {
		errs = append(errs, context.Canceled)
	}
	return errs
}

// Reason is a short sentence safe to show to a citizen: it never contains
// server text, URLs or credentials.
func (e *Error) Reason() string {
	switch e.Kind {
	case ErrUnavailable:
		return "The language model service is unavailable right now."
	case ErrRateLimited:
		return "The language model service is busy right now."
	case ErrTimeout:
		return "The language model took too long to answer."
	case ErrCanceled:
		return "The request was canceled."
	case ErrAuth:
		return "The language model service is not configured correctly."
	case ErrRejected:
		return "The language model service could not handle this request."
	case ErrBadResponse:
		return "The language model returned an unusable answer."
	}
	return "The language model service failed."
}

// Reason returns the user-facing sentence for any error returned by this
// package, and a generic sentence for other errors.
func Reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason()
	}
	return "The language model service failed."
}

// maxCauseLen bounds the cause text kept in an error: servers sometimes
// answer with whole HTML pages.
const maxCauseLen = 300

// skPattern matches OpenAI-style secret keys, also partially masked ones
// that OpenAI echoes in its 401 message.
var skPattern = regexp.MustCompile(`sk-[A-Za-z0-9_\-*.]{4,}`)

// redact removes the key (and anything that looks like a secret key) from
// text meant for logs, and shortens it.
func redact(text, key string) string {
	if key != "" {
		text = strings.ReplaceAll(text, key, "[redacted]")
	}
	text = skPattern.ReplaceAllString(text, "[redacted]")
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > maxCauseLen {
		cut := maxCauseLen
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// failure describes one failed attempt.
type failure struct {
	kind      error
	status    int
	retryable bool
	cause     error
}

// classify sorts the error of one attempt. ctx is the attempt's context:
// when it is done, the context decides, whatever the transport reported.
func classify(ctx context.Context, err error) failure {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			return failure{kind: ErrTimeout, cause: ctxErr}
		}
		return failure{kind: ErrCanceled, cause: ctxErr}
	}
	if status := httpStatus(err); status != 0 {
		return classifyStatus(status, err)
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr),
		errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		return failure{kind: ErrBadResponse, cause: err}
	case errors.Is(err, openai.ErrChatCompletionInvalidModel),
		errors.Is(err, openai.ErrChatCompletionStreamNotSupported):
		return failure{kind: ErrRejected, cause: err}
	}
	// Connection refused, reset, EOF mid-body: the network or the server
	// failed, and another attempt may succeed.
	return failure{kind: ErrUnavailable, retryable: true, cause: err}
}

func classifyStatus(status int, err error) failure {
	f := failure{status: status, cause: err}
	switch {
	case status == http.StatusTooManyRequests:
		f.kind, f.retryable = ErrRateLimited, true
	case status >= 500, status == http.StatusRequestTimeout:
		f.kind, f.retryable = ErrUnavailable, true
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		f.kind = ErrAuth
	default:
		f.kind = ErrRejected
	}
	return f
}

// httpStatus digs the HTTP status out of go-openai's error types.
func httpStatus(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// newError builds the returned error from the last failure.
func newError(f failure, attempts int, key string) *Error {
	e := &Error{Kind: f.kind, Status: f.status, Attempts: attempts, cause: f.cause}
	if f.cause != nil {
		e.msg = redact(f.cause.Error(), key)
	}
	return e
}

// badResponse is an ErrBadResponse for a response that parsed but is empty.
func badResponse(what string, attempts int) *Error {
	return &Error{Kind: ErrBadResponse, Attempts: attempts, msg: what}
}
