package analyzer

import (
	"crypto/sha256"
	"go/token"
	"sync"

	"github.com/objcleak/objcleak/objcparse"
)

// FileCache keeps the facts of parsed files between runs of a long-lived
// process (the LSP server), so that re-linting a buffer does not re-parse
// the unchanged headers it imports. Facts are reused when a file's path and
// contents are unchanged; they hold positions in the cache's own FileSet,
// which every run using the cache shares. Safe for concurrent use.
type FileCache struct {
	mu      sync.Mutex
	fset    *token.FileSet
	entries map[string]cacheEntry
	parsed  int // files parsed into fset since the last reset
}

type cacheEntry struct {
	sum   [sha256.Size]byte
	file  *objcparse.File
	lines int
}

// maxCachedParses bounds the growth of the shared FileSet: every parse of a
// changed buffer adds a file to it, so after this many the cache starts
// afresh.
const maxCachedParses = 20000

// NewFileCache returns an empty cache.
func NewFileCache() *FileCache {
	return &FileCache{fset: token.NewFileSet(), entries: map[string]cacheEntry{}}
}

// fileSet returns the FileSet runs using the cache must parse into,
// starting afresh when it has grown too large.
func (c *FileCache) fileSet() *token.FileSet {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parsed > maxCachedParses {
		c.fset, c.entries, c.parsed = token.NewFileSet(), map[string]cacheEntry{}, 0
	}
	return c.fset
}

// get returns the cached facts of path when its contents have the sha256
// sum.
func (c *FileCache) get(path string, sum [sha256.Size]byte) (*objcparse.File, int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[path]
	if !ok || e.sum != sum {
		return nil, 0, false
	}
	return e.file, e.lines, true
}

// put records the facts of path, whose contents have the sha256 sum,
// parsed into fset; facts parsed into another FileSet (after a reset) are
// not kept.
func (c *FileCache) put(fset *token.FileSet, path string, sum [sha256.Size]byte, f *objcparse.File, lines int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parsed++
	if fset != c.fset {
		return
	}
	c.entries[path] = cacheEntry{sum: sum, file: f, lines: lines}
}
