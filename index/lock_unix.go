//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// fileLock is an advisory lock (flock) on a file. Builders hold it
// exclusively while writing a build; open indexes hold it shared, so that a
// build in use is never removed.
type fileLock struct {
	f *os.File
}

// tryLock takes the lock without waiting; it returns ErrLocked when another
// holder prevents it.
func tryLock(path string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil && !exclusive {
		// A read-only data directory (a read-only mount, another user's
		// files) still serves: a shared lock needs only a readable file.
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, fmt.Errorf("index: open lock %s: %w", path, err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("index: lock %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("index: lock %s: %w", path, err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}
