package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthTimeout bounds a health check: a container's HEALTHCHECK must get
// an answer quickly, or a clear failure.
const healthTimeout = 3 * time.Second

// runHealth checks a running pactbot serve's /healthz, for a container's
// HEALTHCHECK (the image has no shell, curl or wget): exit 0 when it
// answers 200, else a message naming the address and exit 1.
func runHealth(ctx context.Context, a *app, args []string) error {
	fs := a.flags("health", "[--url URL]")
	url := fs.String("url", "", "health `URL` to check (default: http://<http.listen>/healthz)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	target := *url
	if target == "" {
		target = healthURL(a.cfg.HTTP.Listen)
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("%w: --url %q: %v", errUsage, target, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: not reachable: %w", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", target, resp.Status, body)
	}
	fmt.Fprintf(a.stdout, "ok: %s\n", target)
	return nil
}

// healthURL is the /healthz URL of a listen address; a wildcard host
// (0.0.0.0, [::], empty) is checked on loopback.
func healthURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen + "/healthz"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
