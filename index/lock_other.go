//go:build !unix

package index

import (
	"fmt"
	"os"
)

// fileLock is a placeholder where flock is not available: builds are still
// switched atomically, but a build directory in use by another process is
// not protected from removal.
type fileLock struct {
	f *os.File
}

func tryLock(path string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("index: open lock %s: %w", path, err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Close()
	l.f = nil
}
