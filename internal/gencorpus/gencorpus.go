// Package gencorpus writes a deterministic, generated Objective-C project
// for benchmarks and tests: modules in subdirectories, a .h/.m pair per
// class (and some .mm), class hierarchies, properties with every attribute
// mix, class extensions with ivars, protocols, categories, NS_ENUMs, C
// functions, blocks with the weak/strong dance (written out and through
// @weakify-like macros defined in a project header), dispatch queues,
// timers, notification observers, KVO, URL sessions and AFNetworking
// session managers.
//
// Most of the code is correct. A small, deterministic fraction carries the
// bugs objcleak's rules look for (retain cycles, timers that keep their
// target alive, strong delegates, leaked sessions, block observers never
// removed, concurrent nonatomic setters), so a lint of the corpus has work
// to do. No code is taken from real projects.
//
// The same line count always gives byte-identical files.
package gencorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Stats describes a written corpus.
type Stats struct {
	Files, Lines int
	Bytes        int64
}

// A File is one file of the corpus.
type File struct {
	Path string // slash-separated, relative to the corpus root
	Data []byte
}

// Files returns the files Write writes for lines, in a fixed order,
// without writing them.
func Files(lines int) []File {
	g := generate(lines)
	out := make([]File, len(g.files))
	for i, f := range g.files {
		out[i] = File{Path: f.path, Data: f.data}
	}
	return out
}

// Write writes a corpus of about lines lines into dir (created if missing)
// and returns what it wrote. The same lines value always gives
// byte-identical files. Files already in dir are left alone (or
// overwritten when the corpus has a file of the same name).
func Write(dir string, lines int) (Stats, error) {
	files := generate(lines).files
	var st Stats
	dirs := map[string]bool{}
	for _, f := range files {
		d := filepath.Join(dir, filepath.FromSlash(pathDir(f.path)))
		if !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return Stats{}, fmt.Errorf("gencorpus: %w", err)
			}
			dirs[d] = true
		}
		st.Files++
		st.Lines += f.lines
		st.Bytes += int64(len(f.data))
	}
	// Writing thousands of small files is dominated by system calls: a few
	// writers overlap them.
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan *file)
	)
	for w := 0; w < min(4, runtime.GOMAXPROCS(0)+1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.path)), f.data, 0o644); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("gencorpus: %w", err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return Stats{}, firstErr
	}
	return st, nil
}

func pathDir(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return "."
}

// A file is one generated source file.
type file struct {
	path  string // slash-separated, relative to the corpus root
	data  []byte
	lines int
	bugs  []bug // injected bugs, by line
}

// A bug is a deliberately injected finding: the rule expected to report it
// and the 1-based line it is reported at.
type bug struct {
	rule string
	line int
}

// rng is splitmix64: tiny, fast and the same on every platform.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [a, b].
func (r *rng) between(a, b int) int { return a + r.intn(b-a+1) }

// chance reports true with probability perMille/1000.
func (r *rng) chance(perMille int) bool { return r.intn(1000) < perMille }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// pickN returns n distinct elements of xs (n ≤ len(xs)), in xs order.
func pickN[T any](r *rng, xs []T, n int) []T {
	idx := make([]bool, len(xs))
	for k := 0; k < n && k < len(xs); {
		i := r.intn(len(xs))
		if !idx[i] {
			idx[i] = true
			k++
		}
	}
	var out []T
	for i, ok := range idx {
		if ok {
			out = append(out, xs[i])
		}
	}
	return out
}
