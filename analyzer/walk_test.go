package analyzer_test

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// parseRule stands for the parse rule (rules/parse cannot be imported
// here): the driver reports unreadable files under its name when it runs.
var parseRule = &analyzer.Analyzer{Name: analyzer.ParseRuleName, Doc: "parse: x\n\ny", Severity: analyzer.SeverityNote,
	Run: func(*analyzer.Pass) (any, error) { return nil, nil }}

// lintCfg runs the driver with cfg (Analyzers: sends and parseRule when
// unset) and renders findings as "file:line: rule: message", file relative
// to the root.
func lintCfg(t *testing.T, cfg *analyzer.Config) []string {
	t.Helper()
	if cfg.Analyzers == nil {
		cfg.Analyzers = []*analyzer.Analyzer{sends, parseRule}
	}
	res, err := analyzer.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diagnostics {
		p := res.Fset.Position(d.Pos)
		out = append(out, fmt.Sprintf("%s:%d: %s: %s", res.RelPath(p.Filename), p.Line, d.Rule, d.Message))
	}
	return out
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("symbolic links not supported:", err)
	}
}

// TestSymlinksOutsideRoot: links whose target lies outside the root are
// reported and not read, unless FollowSymlinks is set.
func TestSymlinksOutsideRoot(t *testing.T) {
	outside := writeTree(t, map[string]string{
		"Secret.m":     fmt.Sprintf(impl, "Secret"),
		"Lib/Other.m":  fmt.Sprintf(impl, "Other"),
		"Lib/Other2.h": "@interface Other2 : NSObject\n@end\n",
	})
	dir := writeTree(t, map[string]string{
		"App/A.m":      fmt.Sprintf(impl, "A"),
		"App/Inner.m":  fmt.Sprintf(impl, "Inner"),
		"Shared/Sh.m":  fmt.Sprintf(impl, "Sh"),
		"App/Plain.mm": fmt.Sprintf(impl, "Plain"),
	})
	symlink(t, filepath.Join(outside, "Secret.m"), filepath.Join(dir, "App", "Evil.m"))
	symlink(t, filepath.Join(outside, "Lib"), filepath.Join(dir, "App", "Lib"))
	symlink(t, "Inner.m", filepath.Join(dir, "App", "InnerLink.m"))            // inside the root: read
	symlink(t, filepath.Join("..", "Shared"), filepath.Join(dir, "App", "Sh")) // inside the root, outside the linted path
	symlink(t, "..", filepath.Join(dir, "App", "Up"))                          // the root, above the linted path
	symlink(t, ".", filepath.Join(dir, "App", "Self"))                         // a loop: linted anyway, silent

	app := filepath.Join(dir, "App")
	got := lintCfg(t, &analyzer.Config{Paths: []string{app}, Root: dir})
	want := []string{
		"App/A.m:3: sends: leak in A",
		"App/Evil.m:1: parse: App/Evil.m: symbolic link to a file outside the root (not followed without --follow-symlinks); the file was not analyzed",
		"App/Inner.m:3: sends: leak in Inner",
		"App/InnerLink.m:3: sends: leak in Inner",
		"App/Lib:1: parse: App/Lib: symbolic link to a directory outside the root (not followed without --follow-symlinks); the files below it were not analyzed",
		"App/Plain.mm:3: sends: leak in Plain",
		"App/Sh:1: parse: App/Sh: symbolic link to a directory outside the linted paths (not followed without --follow-symlinks); the files below it were not analyzed",
		"App/Up:1: parse: App/Up: symbolic link to a directory outside the linted paths (not followed without --follow-symlinks); the files below it were not analyzed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("without --follow-symlinks:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}

	got = lintCfg(t, &analyzer.Config{Paths: []string{app}, Root: dir, FollowSymlinks: true})
	want = []string{
		"App/A.m:3: sends: leak in A",
		"App/Evil.m:3: sends: leak in Secret",
		"App/Inner.m:3: sends: leak in Inner",
		"App/InnerLink.m:3: sends: leak in Inner",
		"App/Lib/Other.m:3: sends: leak in Other",
		"App/Plain.mm:3: sends: leak in Plain",
		"App/Sh/Sh.m:3: sends: leak in Sh",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with --follow-symlinks:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}

	// A named link is held to the same rule.
	got = lintCfg(t, &analyzer.Config{Paths: []string{filepath.Join(app, "Evil.m")}, Root: dir})
	if len(got) != 1 || !strings.Contains(got[0], "App/Evil.m:1: parse: App/Evil.m: symbolic link to a file outside the root (not followed without --follow-symlinks)") {
		t.Errorf("named link: %q", got)
	}
	got = lintCfg(t, &analyzer.Config{Paths: []string{filepath.Join(app, "Lib")}, Root: dir})
	if len(got) != 1 || !strings.Contains(got[0], "App/Lib:1: parse: App/Lib: symbolic link to a directory outside the root (not followed without --follow-symlinks)") {
		t.Errorf("named link to a directory: %q", got)
	}
	got = lintCfg(t, &analyzer.Config{Paths: []string{filepath.Join(app, "Lib")}, Root: dir, FollowSymlinks: true})
	if want := []string{"App/Lib/Other.m:3: sends: leak in Other"}; !reflect.DeepEqual(got, want) {
		t.Errorf("named link to a directory, followed: %q, want %q", got, want)
	}
	// A named link to a directory inside the root is walked.
	got = lintCfg(t, &analyzer.Config{Paths: []string{filepath.Join(app, "Sh")}, Root: dir})
	if want := []string{"App/Sh/Sh.m:3: sends: leak in Sh"}; !reflect.DeepEqual(got, want) {
		t.Errorf("named link to a directory in the root: %q, want %q", got, want)
	}
}

// TestSymlinkLoopWithFollow: following links cannot loop or lint a file
// twice through two links to one directory.
func TestSymlinkLoopWithFollow(t *testing.T) {
	outside := writeTree(t, map[string]string{"X/X.m": fmt.Sprintf(impl, "X")})
	dir := writeTree(t, map[string]string{"A/A.m": fmt.Sprintf(impl, "A")})
	symlink(t, dir, filepath.Join(dir, "A", "loop"))
	symlink(t, outside, filepath.Join(dir, "A", "out1"))
	symlink(t, outside, filepath.Join(dir, "A", "out2"))
	symlink(t, filepath.Join(dir, "A"), filepath.Join(outside, "X", "back")) // out → in → out …
	symlink(t, "self.m", filepath.Join(dir, "A", "self.m"))
	got := lintCfg(t, &analyzer.Config{Paths: []string{dir}, Root: dir, FollowSymlinks: true})
	want := []string{
		"A/A.m:3: sends: leak in A",
		"A/out1/X/X.m:3: sends: leak in X",
		"A/self.m:1: parse: A/self.m: symbolic link loop (the link leads back to itself); the file was not analyzed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestSpecialFiles: a named pipe, socket or device named like a source file
// is reported, never opened (opening a pipe blocks).
func TestSpecialFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{"A.m": fmt.Sprintf(impl, "A")})
	if err := mkfifo(filepath.Join(dir, "Pipe.m")); err != nil {
		t.Skip("named pipes not supported:", err)
	}
	symlink(t, "Pipe.m", filepath.Join(dir, "PipeLink.h"))
	got := lintCfg(t, &analyzer.Config{Paths: []string{dir}, Root: dir})
	want := []string{
		"A.m:3: sends: leak in A",
		"Pipe.m:1: parse: Pipe.m: not a regular file (a named pipe); the file was not analyzed",
		"PipeLink.h:1: parse: PipeLink.h: symbolic link to a named pipe; the file was not analyzed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestFileChangesMidRun: files deleted or replaced (by a directory, a pipe,
// a link out of the root, a dangling link) between discovery and parsing
// are reported; the run goes on. The Progress callback, called after each
// file is parsed, makes the change deterministic with one worker.
func TestFileChangesMidRun(t *testing.T) {
	outside := writeTree(t, map[string]string{"Secret.m": fmt.Sprintf(impl, "Secret")})
	names := []string{"A.m", "B.m", "C.m", "D.m", "E.m", "F.m", "G.m"}
	files := map[string]string{}
	for _, n := range names {
		files[n] = fmt.Sprintf(impl, strings.TrimSuffix(n, ".m"))
	}
	dir := writeTree(t, files)
	p := func(n string) string { return filepath.Join(dir, n) }
	changes := map[int]func() error{
		1: func() error { return os.Remove(p("B.m")) },
		2: func() error { os.Remove(p("C.m")); return os.Mkdir(p("C.m"), 0o755) },
		3: func() error { os.Remove(p("D.m")); return mkfifo(p("D.m")) },
		4: func() error { os.Remove(p("E.m")); return os.Symlink(filepath.Join(outside, "Secret.m"), p("E.m")) },
		5: func() error { os.Remove(p("F.m")); return os.Symlink("nowhere.m", p("F.m")) },
	}
	if os.Getuid() != 0 {
		// Root reads a file whatever its mode; elsewhere make G unreadable.
		changes[6] = func() error { return os.Chmod(p("G.m"), 0) }
	}
	cfg := &analyzer.Config{Paths: []string{dir}, Root: dir, Jobs: 1, Progress: func(done, total int) {
		// done files are parsed; change the next one before it is read.
		if change := changes[done]; change != nil {
			if err := change(); err != nil {
				t.Errorf("changing file %d: %v", done, err)
			}
		}
	}}
	got := lintCfg(t, cfg)
	want := []string{
		"A.m:3: sends: leak in A",
		"B.m:1: parse: B.m: cannot read: no such file or directory; the file was not analyzed",
		"C.m:1: parse: C.m: cannot read: is a directory; the file was not analyzed",
		"D.m:1: parse: D.m: cannot read: not a regular file (a named pipe); the file was not analyzed",
		"E.m:1: parse: E.m: cannot read: symbolic link to a file outside the root (not followed without --follow-symlinks); the file was not analyzed",
		"F.m:1: parse: F.m: cannot read: broken symbolic link (no such file or directory); the file was not analyzed",
		"G.m:3: sends: leak in G",
	}
	if os.Getuid() != 0 {
		want[6] = "G.m:1: parse: G.m: cannot read: permission denied; the file was not analyzed"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestRootContainsEveryPath: output paths never leave the root. A path
// outside an explicit root is an input error; without a root, the root is
// the current directory or, when a path lies outside it, the nearest
// directory holding every path.
func TestRootContainsEveryPath(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Proj/App/A.m":     fmt.Sprintf(impl, "A"),
		"Other/B.m":        fmt.Sprintf(impl, "B"),
		"Proj/Headers/H.h": "@interface H : NSObject\n@end\n",
	})
	proj := filepath.Join(dir, "Proj")
	for _, tc := range []struct {
		cfg  analyzer.Config
		path string // named in the error
	}{
		{analyzer.Config{Paths: []string{filepath.Join(dir, "Other")}, Root: proj}, filepath.Join(dir, "Other")},
		{analyzer.Config{Paths: []string{filepath.Join(proj, "App"), filepath.Join(dir, "Other", "B.m")}, Root: proj}, filepath.Join(dir, "Other", "B.m")},
		{analyzer.Config{Paths: []string{filepath.Join(proj, "App", "A.m")}, Root: proj, HeaderPaths: []string{"../Other"}}, "../Other"},
		{analyzer.Config{Paths: []string{filepath.Join(proj, "App", "A.m")}, Root: proj, HeaderPaths: []string{dir}}, dir},
	} {
		tc.cfg.Analyzers = []*analyzer.Analyzer{sends}
		_, err := analyzer.Run(context.Background(), &tc.cfg)
		var ie *analyzer.InputError
		if !errors.As(err, &ie) || ie.Path != tc.path || !strings.Contains(err.Error(), "outside the root "+proj) {
			t.Errorf("Run(paths %q, header paths %q, root %s) error = %v; want an InputError for %s", tc.cfg.Paths, tc.cfg.HeaderPaths, tc.cfg.Root, err, tc.path)
		}
	}

	// No root: the nearest common directory of the paths.
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{filepath.Join(proj, "App"), filepath.Join(dir, "Other")}, Analyzers: []*analyzer.Analyzer{sends}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Root != dir {
		t.Errorf("default root = %s, want %s", res.Root, dir)
	}
	var paths []string
	for _, d := range res.Diagnostics {
		paths = append(paths, res.RelPath(res.Fset.Position(d.Pos).Filename))
	}
	if want := []string{"Other/B.m", "Proj/App/A.m"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("paths = %q, want %q", paths, want)
	}
}

// TestImportsStayInRoot: in single-file mode a quoted import cannot make
// objcleak read a header outside the root.
func TestImportsStayInRoot(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Secret/S.h":       "@interface S : NSObject\n@property (nonatomic, strong) id delegate;\n@end\n",
		"Proj/App/A.m":     "#import \"../../Secret/S.h\"\n#import \"/etc/hostname\"\n#import \"Local.h\"\n" + fmt.Sprintf(impl, "A"),
		"Proj/App/Local.h": "@interface L : NSObject\n@end\n",
	})
	proj := filepath.Join(dir, "Proj")
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{filepath.Join(proj, "App", "A.m")}, Root: proj})
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	pr.Fset.Iterate(func(f *token.File) bool {
		read = append(read, f.Name())
		return true
	})
	sort.Strings(read)
	if want := []string{filepath.Join(proj, "App", "A.m"), filepath.Join(proj, "App", "Local.h")}; !reflect.DeepEqual(read, want) {
		t.Errorf("read %q, want %q (nothing outside the root %s)", read, want, proj)
	}
}

// TestParseBudget: a file over the parse budget is reported and not
// analyzed; the others are.
func TestParseBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString(fmt.Sprintf(impl, "Slow"))
	for b.Len() < 256<<10 {
		b.WriteString("static int x = 1; ")
	}
	dir := writeTree(t, map[string]string{"Slow.m": b.String(), "Fast.m": fmt.Sprintf(impl, "Fast")})
	// A nanosecond: every file is over budget.
	got := lintCfg(t, &analyzer.Config{Paths: []string{dir}, Root: dir, ParseBudget: 1})
	want := []string{
		"Fast.m:1: parse: Fast.m: parse time budget exceeded (1ns); the file was not analyzed (--parse-timeout raises the limit)",
		"Slow.m:1: parse: Slow.m: parse time budget exceeded (1ns); the file was not analyzed (--parse-timeout raises the limit)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	// The default budget parses both.
	got = lintCfg(t, &analyzer.Config{Paths: []string{dir}, Root: dir})
	want = []string{"Fast.m:3: sends: leak in Fast", "Slow.m:3: sends: leak in Slow"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// mkfifo makes a named pipe at path with the mkfifo command (there is no
// portable system call; where the command is missing, tests skip).
func mkfifo(path string) error {
	return exec.Command("mkfifo", path).Run()
}
