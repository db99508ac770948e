package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cacheEntries lists the entry files below a cache directory.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".tmp-") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestFactsCache: a second run reads every file's facts from the cache and
// prints byte-identical output; corrupt, truncated and hostile entries are
// ignored and rewritten; --no-cache writes nothing.
func TestFactsCache(t *testing.T) {
	dir := t.TempDir()
	lint := func(extra ...string) string {
		t.Helper()
		args := append([]string{"lint", "-q", "--format", "sarif", "--cache-dir", dir}, extra...)
		code, out, errs := objcleak(t, append(args, "../../testdata/App")...)
		if code != 1 {
			t.Fatalf("exit %d, want 1; stderr:\n%s", code, errs)
		}
		return out
	}
	cold := lint()
	entries := cacheEntries(t, dir)
	if len(entries) < 20 {
		t.Fatalf("%d cache entries after a run over the demo app, want one per file", len(entries))
	}
	if warm := lint(); warm != cold {
		t.Fatal("output differs when facts come from the cache")
	}
	_, _, summary := objcleak(t, "lint", "--cache-dir", dir, "../../testdata/App")
	if !strings.Contains(summary, "facts of 22 files and the findings from the cache (nothing changed)") {
		t.Errorf("summary of a warm run = %q, want every file and the findings from the cache", summary)
	}
	// Other rules: the facts are reused, the findings are not.
	_, _, summary = objcleak(t, "lint", "--cache-dir", dir, "--disable", "sessionperrequest", "../../testdata/App")
	if !strings.Contains(summary, "facts of 22 files from the cache") || strings.Contains(summary, "findings from the cache") {
		t.Errorf("summary with other rules = %q, want facts but not findings from the cache", summary)
	}
	if uncached := lint("--no-cache"); uncached != cold {
		t.Fatal("output differs without the cache")
	}

	// Damage every entry in a different way: the run must not notice.
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(outside, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		var err error
		switch i % 4 {
		case 0: // truncated
			var b []byte
			if b, err = os.ReadFile(e); err == nil {
				err = os.WriteFile(e, b[:len(b)/2], 0o600)
			}
		case 1: // one flipped byte (the checksum catches it)
			var b []byte
			if b, err = os.ReadFile(e); err == nil {
				b[len(b)-1] ^= 0x40
				err = os.WriteFile(e, b, 0o600)
			}
		case 2: // garbage
			err = os.WriteFile(e, bytes.Repeat([]byte{0xff}, 100), 0o600)
		case 3: // a symbolic link planted in the cache
			if err = os.Remove(e); err == nil {
				err = os.Symlink(outside, e)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if damaged := lint(); damaged != cold {
		t.Fatal("output differs after the cache entries were damaged")
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me" {
		t.Fatalf("the cache wrote through a symbolic link: the link's target now holds %q", b)
	}
	for _, e := range entries {
		st, err := os.Lstat(e)
		if err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s was not rewritten as a regular file: %v", e, err)
		}
	}

	empty := t.TempDir()
	objcleak(t, "lint", "-q", "--no-cache", "--cache-dir", empty, "../../testdata/App")
	if n := len(cacheEntries(t, empty)); n != 0 {
		t.Errorf("--no-cache wrote %d entries", n)
	}
}

// TestFactsCacheConcurrentRuns: runs sharing a cache directory at the same
// time all succeed with the same output, whoever writes an entry first.
func TestFactsCacheConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	outs := make([]string, 4)
	for i := range outs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var out, errb bytes.Buffer
			if code := run([]string{"lint", "-q", "--format", "json", "--cache-dir", dir, "../../testdata/App"}, nil, &out, &errb); code != 1 {
				t.Errorf("run %d: exit %d: %s", i, code, errb.String())
			}
			outs[i] = out.String()
		}(i)
	}
	wg.Wait()
	for i := range outs {
		if outs[i] != outs[0] {
			t.Errorf("run %d printed other findings than run 0", i)
		}
	}
	var tmp int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			tmp++
		}
		return nil
	})
	if tmp > 0 {
		t.Errorf("%d temporary files left in the cache", tmp)
	}
}

// TestFindingsCacheSeesEdits: after an edit the findings are computed
// again (the edited file's facts too), and they match an uncached run.
func TestFindingsCacheSeesEdits(t *testing.T) {
	cache, app := t.TempDir(), filepath.Join(t.TempDir(), "App")
	if err := copyDir("../../testdata/App", app); err != nil {
		t.Fatal(err)
	}
	lint := func(extra ...string) (string, string) {
		t.Helper()
		_, out, errs := objcleak(t, append([]string{"lint", "--format", "json", "--root", app, "--cache-dir", cache}, append(extra, app)...)...)
		return out, errs
	}
	lint()
	before, _ := lint()
	// Fix one of the demo app's leaks: a session made per call.
	var victim string
	filepath.WalkDir(app, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".m") && victim == "" {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "sessionWithConfiguration:") {
				victim = p
			}
		}
		return nil
	})
	if victim == "" {
		t.Fatal("no file of the demo app creates a session")
	}
	b, _ := os.ReadFile(victim)
	if err := os.WriteFile(victim, append([]byte("// edited\n"), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	after, summary := lint()
	if strings.Contains(summary, "findings from the cache") {
		t.Fatalf("findings came from the cache after an edit: %s", summary)
	}
	uncached, _ := lint("--no-cache")
	if after != uncached || after == before {
		t.Errorf("findings after the edit differ from an uncached run (or did not move):\n%s", after)
	}
}

// copyDir copies the regular files below src to dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

func TestCacheCommand(t *testing.T) {
	dir := t.TempDir()
	objcleak(t, "lint", "-q", "--cache-dir", dir, "../../testdata/App")
	code, out, errs := objcleak(t, "cache", "dir", "--cache-dir", dir)
	if code != 0 || strings.TrimSpace(out) != dir {
		t.Fatalf("cache dir: exit %d, %q %s", code, out, errs)
	}
	code, out, errs = objcleak(t, "cache", "clean", "--cache-dir", dir)
	if code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("cache clean: exit %d, %q %s", code, out, errs)
	}
	if n := len(cacheEntries(t, dir)); n != 0 {
		t.Errorf("%d entries left after clean", n)
	}
}

// TestTimeoutsAreCached: a file that ran out of its parse budget is not
// parsed again with the same budget (the note is the same, from the
// cache); a larger budget tries again.
func TestTimeoutsAreCached(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "A.h"), []byte("@interface A : NSObject\n@end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	note := "A.h:1:1: note: A.h: parse time budget exceeded (1ns); the file was not analyzed (--parse-timeout raises the limit) [parse]"
	for i, want := range []string{"", "facts of 1 file from the cache"} {
		// Other rules on the second run: the findings are computed again,
		// the timeout comes from the cache.
		_, out, errs := objcleak(t, "lint", "--cache-dir", cache, "--parse-timeout", "1ns", "--disable", strings.Repeat("sessionleak", i), dir)
		if !strings.Contains(out, note) {
			t.Fatalf("run %d: %s%s", i, out, errs)
		}
		if want != "" && !strings.Contains(errs, want) {
			t.Errorf("run %d: summary %q, want the timeout from the cache", i, errs)
		}
	}
	if _, out, _ := objcleak(t, "lint", "--cache-dir", cache, "--parse-timeout", "1m", dir); strings.Contains(out, "budget") {
		t.Errorf("a larger budget used the cached timeout:\n%s", out)
	}
}

// TestUnsavedBuffersAreNotCached: an editor's buffer (--stdin-filename)
// changes with every keystroke; its facts and findings are not written to
// the cache, while the headers it imports are.
func TestUnsavedBuffersAreNotCached(t *testing.T) {
	cache := t.TempDir()
	app, err := filepath.Abs("../../testdata/App")
	if err != nil {
		t.Fatal(err)
	}
	var name string
	filepath.WalkDir(app, func(p string, d fs.DirEntry, err error) error {
		if err == nil && name == "" && strings.HasSuffix(p, ".m") {
			name = p
		}
		return nil
	})
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	counts := []int{}
	for i := 0; i < 3; i++ {
		var out, errb bytes.Buffer
		buf := string(src) + strings.Repeat("\n// typing", i)
		run([]string{"lint", "-q", "--root", app, "--cache-dir", cache, "--stdin-filename", name}, strings.NewReader(buf), &out, &errb)
		counts = append(counts, len(cacheEntries(t, cache)))
	}
	if counts[0] == 0 || counts[1] != counts[0] || counts[2] != counts[0] {
		t.Errorf("cache entries after each buffer version: %v; want the headers' once, nothing per version", counts)
	}
}
