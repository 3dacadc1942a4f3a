package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// sharedEnv names the directory of the shared test data when it is not
// ../shared next to the repository.
const sharedEnv = "PACTBOT_SHARED"

// sharedDir is where CI keeps the test corpora (corpora/, seed/) and the
// shared dev set (eval/): $PACTBOT_SHARED, else ../shared next to the
// repository. Every test that needs it goes through here and fails,
// naming the path, when it is absent: a gate that skips is no gate.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := sharedPath(os.Getenv)
	if _, err := os.Stat(filepath.Join(dir, "corpora")); err != nil {
		t.Fatalf("shared test data not found: %s/corpora is missing (set %s to the directory holding corpora/, seed/ and eval/): %v",
			dir, sharedEnv, err)
	}
	return dir
}

// sharedPath is $PACTBOT_SHARED, or ../shared seen from the repository
// root (this package is one level down).
func sharedPath(getenv func(string) string) string {
	if dir := getenv(sharedEnv); dir != "" {
		return strings.TrimSuffix(dir, "/")
	}
	return filepath.Join("..", "..", "shared")
}

func TestSharedPath(t *testing.T) {
	tests := []struct {
		env, want string
	}{
		{"", filepath.Join("..", "..", "shared")},
		{"/data/shared/", "/data/shared"},
		{"/data/shared", "/data/shared"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			got := sharedPath(func(k string) string {
				if k == sharedEnv {
					return tt.env
				}
				return ""
			})
			assert.Equal(t, tt.want, got)
		})
	}
}

// fatalRecorder keeps what Fatalf was called with instead of stopping.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }

func TestSharedDirMissingFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	t.Setenv(sharedEnv, missing)
	rec := &fatalRecorder{TB: t}
	sharedDir(rec)
	assert.Contains(t, rec.msg, missing+"/corpora is missing")
	assert.Contains(t, rec.msg, sharedEnv)
}
