package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// RewriteTransport sends every request to Base (scheme, host and an optional
// path prefix) instead of the host discordgo put in the URL. discordgo's
// endpoint strings are computed once at package init, so reassigning them
// does not move a session; rewriting at the transport does, both for a fake
// Discord in tests and for a nirn-proxy style REST proxy in production.
type RewriteTransport struct {
	Base *url.URL
	// Next carries the rewritten request; nil means http.DefaultTransport.
	Next http.RoundTripper
}

// NewRewriteTransport parses apiURL (e.g. "http://127.0.0.1:8080") into a
// RewriteTransport over next.
func NewRewriteTransport(apiURL string, next http.RoundTripper) (*RewriteTransport, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, fmt.Errorf("bot: parse api url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("bot: api url %q: want http(s)://host[:port]", apiURL)
	}
	return &RewriteTransport{Base: u, Next: next}, nil
}

// RoundTrip rewrites the request's scheme and host (and prefixes the base
// path) and passes it on. The original request is not modified.
func (t *RewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.Base.Scheme
	r.URL.Host = t.Base.Host
	if p := strings.TrimSuffix(t.Base.Path, "/"); p != "" {
		r.URL.Path = p + r.URL.Path
		if r.URL.RawPath != "" {
			r.URL.RawPath = p + r.URL.RawPath
		}
	}
	r.Host = t.Base.Host
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(r)
}
