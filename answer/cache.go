package answer

import (
	"container/list"
	"strings"
	"sync"
	"time"
)

// Cache keeps generated answers so a repeated question costs no tokens.
// It is an LRU bounded by size, whose entries expire after ttl. It is safe
// for concurrent use.
type Cache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // front = most recent
	items map[string]*list.Element
}

type cacheEntry struct {
	key     string
	answer  Answer
	expires time.Time
}

// NewCache returns a cache of at most size answers kept for ttl. A size
// of 0 disables caching. now may be nil (time.Now).
func NewCache(size int, ttl time.Duration, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{size: size, ttl: ttl, now: now, order: list.New(), items: map[string]*list.Element{}}
}

// CacheKey is the normalised question with what makes an answer differ:
// the index, the prompt version and the model.
func CacheKey(question, indexFingerprint, promptVersion, model string) string {
	norm := strings.Join(words(question), " ")
	return strings.Join([]string{norm, indexFingerprint, promptVersion, model}, "\x00")
}

// Get returns the cached answer for key, if fresh.
func (c *Cache) Get(key string) (Answer, bool) {
	if c == nil || c.size == 0 {
		return Answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return Answer{}, false
	}
	e := el.Value.(*cacheEntry)
	if c.ttl > 0 && c.now().After(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return Answer{}, false
	}
	c.order.MoveToFront(el)
	return e.answer, true
}

// Put stores an answer under key, evicting the least recently used.
func (c *Cache) Put(key string, a Answer) {
	if c == nil || c.size == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, answer: a, expires: c.now().Add(c.ttl)})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}
