//go:build !linux

package index

import "io/fs"

// statOf is the source cache's view of a file. Outside Linux it has the
// size and modification time only (no change time or inode), so a file
// rewritten in place with both kept is only caught by the racy-entry rule.
func statOf(info fs.FileInfo) FileStat {
	return FileStat{Size: info.Size(), MTime: info.ModTime().UnixNano()}
}
