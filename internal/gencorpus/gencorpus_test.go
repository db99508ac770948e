package gencorpus

import (
	"bytes"
	"context"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules"
)

// readTree returns every file below dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sa, err := Write(a, 10000)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Write(b, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Errorf("stats differ: %+v vs %+v", sa, sb)
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) || len(ta) != sa.Files {
		t.Fatalf("file counts differ: %d, %d, stats %d", len(ta), len(tb), sa.Files)
	}
	var total int64
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two writes", name)
		}
		total += int64(len(data))
	}
	if total != sa.Bytes {
		t.Errorf("stats say %d bytes, files hold %d", sa.Bytes, total)
	}
}

func TestSizes(t *testing.T) {
	for _, want := range []int{10000, 100000} {
		if want > 10000 && testing.Short() {
			continue
		}
		g := generate(want)
		total := 0
		exts := map[string]int{}
		for _, f := range g.files {
			total += f.lines
			exts[filepath.Ext(f.path)]++
			if f.lines < 100 || f.lines > 1500 {
				t.Errorf("%s: %d lines, want 100 to 1500", f.path, f.lines)
			}
			if n := bytes.Count(f.data, []byte("\n")); n != f.lines {
				t.Errorf("%s: counted %d lines, holds %d", f.path, f.lines, n)
			}
		}
		if total < want*9/10 || total > want*11/10 {
			t.Errorf("generate(%d) wrote %d lines, want within 10%%", want, total)
		}
		t.Logf("%d lines: %d files %v", total, len(g.files), exts)
	}
}

// testLines is the corpus size of TestParses and TestFindings: 10k lines,
// or OBJCLEAK_GENCORPUS_LINES (to check a larger corpus after changing
// the generator).
func testLines(t *testing.T) int {
	if s := os.Getenv("OBJCLEAK_GENCORPUS_LINES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("OBJCLEAK_GENCORPUS_LINES=%q: want a positive number", s)
		}
		return n
	}
	return 10000
}

// TestParses checks that every file of the 10k corpus parses without a
// parse error.
func TestParses(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, testLines(t)); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	macros := objcparse.NewMacros()
	var names []string
	for name, src := range files {
		macros.Scan(src)
		names = append(names, name)
	}
	sort.Strings(names)
	p := objcparse.NewParser()
	defer p.Close()
	fset := token.NewFileSet()
	bad := 0
	for _, name := range names {
		src := files[name]
		f, err := p.Parse(fset, name, src, objcparse.Options{Macros: macros})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, r := range f.Errors {
			bad++
			if bad > 20 {
				break
			}
			pos := fset.Position(r.Pos)
			line := strings.Split(string(src), "\n")[pos.Line-1]
			t.Errorf("%s: parse error: %q", pos, strings.TrimSpace(line))
		}
	}
}

// lint runs every rule over dir.
func lint(t testing.TB, dir string) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: rules.All})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestFindings checks that the rules have work to do on the 10k corpus,
// and logs how the findings compare with the injected bugs.
func TestFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("lints a generated corpus")
	}
	dir := t.TempDir()
	n := testLines(t)
	g := generate(n)
	if _, err := Write(dir, n); err != nil {
		t.Fatal(err)
	}
	res := lint(t, dir)
	byRule := map[string]int{}
	found := map[string]bool{}
	for _, d := range res.Diagnostics {
		byRule[d.Rule]++
		pos := res.Fset.Position(d.Pos)
		rel, _ := filepath.Rel(dir, pos.Filename)
		found[fmt.Sprintf("%s:%d:%s", filepath.ToSlash(rel), pos.Line, d.Rule)] = true
	}
	t.Logf("%d findings by rule: %v", len(res.Diagnostics), byRule)
	if len(byRule) < 4 {
		t.Errorf("findings from %d rules (%v), want at least 4", len(byRule), byRule)
	}
	if byRule["parse"] > 0 {
		t.Errorf("%d parse findings, want none", byRule["parse"])
	}
	injected := map[string]bool{}
	for _, f := range g.files {
		for _, b := range f.bugs {
			injected[fmt.Sprintf("%s:%d:%s", f.path, b.line, b.rule)] = true
		}
	}
	// The rules find every injected bug and nothing else today; the log
	// shows where that changes. Only a drift that loses most of them fails:
	// the corpus would then no longer give the rules work.
	missed, extra := diff(injected, found), diff(found, injected)
	t.Logf("%d injected bugs, %d missed, %d findings not injected", len(injected), len(missed), len(extra))
	if len(missed) > len(injected)/2 {
		t.Errorf("the rules find %d of %d injected bugs", len(injected)-len(missed), len(injected))
	}
	for _, k := range missed {
		t.Logf("missed: %s", k)
	}
	for _, k := range extra {
		t.Logf("extra:  %s", k)
	}
}

func diff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
