// Package benchcorpus gives objcleak's benchmarks the project they run on:
//
//   - by default a generated corpus (package gencorpus) of 10,000 lines;
//   - OBJCLEAK_BENCH_LINES=N: a generated corpus of about N lines
//     (100000, 1000000, ...); 0 or "off" turns the generated corpus off;
//   - OBJCLEAK_BENCH_DIR=DIR: the .h, .m and .mm files below DIR, e.g. a
//     real project kept outside the repository
//     (OBJCLEAK_BENCH_DIR=/work/corpus/gnachman+iTerm2).
//
// Benchmarks are skipped in -short mode and when no corpus is wanted.
//
// A generated corpus is written once into the system temp directory,
// under objcleak-bench/gen-<lines>-<content hash>, and reused by later
// runs and by every package's benchmarks; a corpus of the same size from
// an older generator is removed when a new one is written.
//
//	go test -run '^$' -bench . ./objcparse ./analyzer ./rules
//	OBJCLEAK_BENCH_LINES=1000000 go test -run '^$' -bench 'Load|Run' -benchtime 3x ./analyzer
package benchcorpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/objcleak/objcleak/internal/gencorpus"
)

// DefaultLines is the size of the generated corpus when
// OBJCLEAK_BENCH_LINES is not set.
const DefaultLines = 10000

// A File is a source file of the corpus.
type File struct {
	Path string // path as found (below Dir)
	Data []byte
}

var (
	once    sync.Once
	dir     string
	dirErr  error
	skipWhy string
)

// Dir returns the directory of the benchmark corpus, writing a generated
// one on first use. It skips tb in -short mode or when no corpus is
// wanted.
func Dir(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("benchmark corpus not used in -short mode")
	}
	once.Do(func() { dir, skipWhy, dirErr = resolve() })
	if skipWhy != "" {
		tb.Skip(skipWhy)
	}
	if dirErr != nil {
		tb.Fatal(dirErr)
	}
	return dir
}

func resolve() (string, string, error) {
	if d := os.Getenv("OBJCLEAK_BENCH_DIR"); d != "" {
		st, err := os.Stat(d)
		if err != nil {
			return "", "", fmt.Errorf("OBJCLEAK_BENCH_DIR: %w", err)
		}
		if !st.IsDir() {
			return "", "", fmt.Errorf("OBJCLEAK_BENCH_DIR=%s is not a directory", d)
		}
		return d, "", nil
	}
	lines := DefaultLines
	if s := os.Getenv("OBJCLEAK_BENCH_LINES"); s != "" {
		if s == "off" {
			return "", "OBJCLEAK_BENCH_LINES=off: no benchmark corpus", nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return "", "", fmt.Errorf("OBJCLEAK_BENCH_LINES=%q: want a number of lines", s)
		}
		if n == 0 {
			return "", "OBJCLEAK_BENCH_LINES=0: no benchmark corpus", nil
		}
		lines = n
	}
	d, err := Generated(lines)
	return d, "", err
}

// Generated returns the directory of a generated corpus of about lines
// lines in the system temp directory, writing it unless an identical one
// is there.
func Generated(lines int) (string, error) {
	files := gencorpus.Files(lines)
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.Path, len(f.Data))
		h.Write(f.Data)
	}
	sum := hex.EncodeToString(h.Sum(nil))[:16]
	parent := filepath.Join(os.TempDir(), "objcleak-bench")
	name := fmt.Sprintf("gen-%d-%s", lines, sum)
	final := filepath.Join(parent, name)
	if st, err := os.Stat(final); err == nil && st.IsDir() {
		return final, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("benchmark corpus: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "tmp-")
	if err != nil {
		return "", fmt.Errorf("benchmark corpus: %w", err)
	}
	if _, err := gencorpus.Write(tmp, lines); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	// Renaming a complete directory into place is atomic: a concurrent
	// run either sees it whole or writes its own and loses the race.
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		if st, serr := os.Stat(final); serr == nil && st.IsDir() {
			return final, nil
		}
		return "", fmt.Errorf("benchmark corpus: %w", err)
	}
	// Corpora of this size from older generators are of no further use.
	prefix := fmt.Sprintf("gen-%d-", lines)
	if entries, err := os.ReadDir(parent); err == nil {
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), prefix) && e.Name() != name {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
		}
	}
	return final, nil
}

// skipDirs are the directories objcleak does not descend into by default
// (analyzer.DefaultSkipDirs).
var skipDirs = map[string]bool{"Pods": true, "Carthage": true, "build": true, "DerivedData": true, ".git": true, ".build": true, "node_modules": true}

// Sources returns the .h, .m and .mm files below Dir (sorted by path,
// skipping the directories objcleak skips and symbolic links), and the
// .pch prefix headers separately: they only define macros.
func Sources(tb testing.TB) (files, prefix []File) {
	tb.Helper()
	root := Dir(tb)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(path))
		switch ext {
		case ".h", ".m", ".mm", ".pch":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if ext == ".pch" {
			prefix = append(prefix, File{Path: path, Data: data})
		} else {
			files = append(files, File{Path: path, Data: data})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Skipf("no .h, .m or .mm files below %s", root)
	}
	return files, prefix
}

// Lines counts the lines of files as objcleak does (a last line without
// a newline counts).
func Lines(files []File) int {
	n := 0
	for _, f := range files {
		n += bytes.Count(f.Data, []byte{'\n'})
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			n++
		}
	}
	return n
}

// Bytes is the total size of files.
func Bytes(files []File) int64 {
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	return n
}
