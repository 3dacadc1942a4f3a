// Package shareddata finds the shared test data (corpora/, seed/, eval/)
// that tests read from outside the repository: $PACTBOT_SHARED, else the
// shared folder beside the checkout. A test that needs it fails, naming
// the path, when it is missing: a test that skips in CI proves nothing.
package shareddata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Env names the directory of the shared test data when it is not the
// shared folder beside the checkout.
const Env = "PACTBOT_SHARED"

// Dir returns the shared test data directory joined with elems, and fails
// t when that path does not exist.
func Dir(t testing.TB, elems ...string) string {
	t.Helper()
	root := os.Getenv(Env)
	if root == "" {
		root = filepath.Join(moduleRoot(), "..", "shared")
	}
	p := filepath.Join(append([]string{strings.TrimSuffix(root, "/")}, elems...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared test data not found: %s (set %s to the directory holding corpora/, seed/ and eval/): %v", p, Env, err)
	}
	return p
}

// moduleRoot is the nearest directory above the working directory (a
// package's, under go test) holding go.mod.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
