package answer

import (
	"crypto/sha256"
	"sync"
)

// rewriteCacheSize bounds the rewrites kept in memory.
const rewriteCacheSize = 1024

// rewriteCache keeps recent rewrites keyed by a digest of the masked
// question, so no question text stays in memory, and forgets the oldest
// beyond rewriteCacheSize.
type rewriteCache struct {
	mu    sync.Mutex
	m     map[[32]byte]string
	order [][32]byte
}

func newRewriteCache() *rewriteCache {
	return &rewriteCache{m: map[[32]byte]string{}}
}

func (c *rewriteCache) get(question string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[sha256.Sum256([]byte(question))]
	return v, ok
}

func (c *rewriteCache) put(question, rewrite string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := sha256.Sum256([]byte(question))
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) >= rewriteCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = rewrite
	c.order = append(c.order, k)
}
