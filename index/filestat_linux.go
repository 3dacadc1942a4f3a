//go:build linux

package index

import (
	"io/fs"
	"syscall"
)

// statOf is the source cache's view of a file: size, modification and
// change times, inode and device.
func statOf(info fs.FileInfo) FileStat {
	s := FileStat{Size: info.Size(), MTime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		s.CTime = st.Ctim.Nano()
		s.Inode, s.Device = uint64(st.Ino), uint64(st.Dev) //nolint:unconvert // widths differ by platform
	}
	return s
}
