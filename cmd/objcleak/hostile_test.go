package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules"
)

// hostileTree writes a project of bad inputs (and, with good, a file with a
// warning) below a new directory, and a file outside it that links point
// to. It returns the project directory.
func hostileTree(t *testing.T, good bool) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "proj")
	files := map[string]string{
		"Binary.m":             "\x00\x01\x02\xff",
		"Empty.m":              "",
		"Latin1.m":             "// caf\xe9\n@implementation L\n- (void)run { NSLog(@\"\xff\"); }\n@end\n",
		"Deep.m":               "@implementation D\n- (void)run { x = " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + "; }\n@end\n",
		"Dir.m/Inner.m":        "@implementation Inner\n@end\n",
		"My Dir/Ünï 文件 😀.h":    "@interface U : NSObject\n@end\n",
		"../outside/Secret.h":  warningHeader("Secret"),
		"../outside/Lib/Lib.m": "@implementation Lib\n@end\n",
	}
	if good {
		files["Good.h"] = warningHeader("Good")
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"Loop1.m":  "Loop2.m",
		"Loop2.m":  "Loop1.m",
		"Secret.h": filepath.Join(base, "outside", "Secret.h"),
		"Lib":      filepath.Join(base, "outside", "Lib"),
		"Self":     ".",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("symbolic links not supported:", err)
		}
	}
	if err := mkfifo(filepath.Join(dir, "Pipe.m")); err != nil {
		t.Skip("named pipes not supported:", err)
	}
	return dir
}

// TestHostileTreeExitCodes: bad inputs are notes of the parse rule, so
// they alone exit 0; the run goes on and a real finding exits 1; nothing
// is an error of the tool (2).
func TestHostileTreeExitCodes(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := hostileTree(t, false)
	code, out, errs := objcleak(t, "lint", "--root", dir, dir)
	if code != exitOK {
		t.Errorf("notes only: exit %d, want %d\n%s%s", code, exitOK, out, errs)
	}
	for _, want := range []string{
		"Binary.m:1:1: note: Binary.m: binary file (contains NUL bytes); the file was not analyzed [parse]",
		"Deep.m:1:1: note: could not parse",
		"Lib:1:1: note: Lib: symbolic link to a directory outside the root (not followed without --follow-symlinks); the files below it were not analyzed [parse]",
		"Loop1.m:1:1: note: Loop1.m: symbolic link loop (the link leads back to itself); the file was not analyzed [parse]",
		"Pipe.m:1:1: note: Pipe.m: not a regular file (a named pipe); the file was not analyzed [parse]",
		"Secret.h:1:1: note: Secret.h: symbolic link to a file outside the root (not followed without --follow-symlinks); the file was not analyzed [parse]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "Latin1.m") || strings.Contains(out, "Empty.m") || strings.Contains(out, "Inner.m") || strings.Contains(out, "Self") {
		t.Errorf("a readable file, or a link into the linted tree, was reported:\n%s", out)
	}
	if !strings.Contains(errs, "objcleak: 7 findings (7 notes) in 10 files") {
		t.Errorf("summary: %s", errs)
	}

	// Following the links reads the outside file, which has a warning.
	code, out, errs = objcleak(t, "lint", "--root", dir, "--follow-symlinks", dir)
	if code != exitFindings || !strings.Contains(out, "Secret.h:8:") || !strings.Contains(out, "sets the strong Secret.delegate") {
		t.Errorf("--follow-symlinks: exit %d\n%s%s", code, out, errs)
	}

	dir = hostileTree(t, true)
	if code, out, errs := objcleak(t, "lint", "-q", "--root", dir, dir); code != exitFindings || !strings.Contains(out, "Good.h:8:") {
		t.Errorf("with a warning: exit %d, want %d\n%s%s", code, exitFindings, out, errs)
	}
	if code, out, errs := objcleak(t, "lint", "-q", "--fail-on", "error", "--root", dir, dir); code != exitOK {
		t.Errorf("--fail-on error: exit %d, want %d\n%s%s", code, exitOK, out, errs)
	}
}

// TestParseTimeoutFlag: --parse-timeout sets the per-file budget; a file
// over it is a note of the parse rule.
func TestParseTimeoutFlag(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "A.h"), []byte(warningHeader("A")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := objcleak(t, "lint", "-q", "--parse-timeout", "1ns", dir)
	if code != exitOK || !strings.Contains(out, "A.h:1:1: note: A.h: parse time budget exceeded (1ns); the file was not analyzed (--parse-timeout raises the limit) [parse]") {
		t.Errorf("--parse-timeout 1ns: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := objcleak(t, "lint", "-q", "--parse-timeout", "1m", dir); code != exitFindings {
		t.Errorf("--parse-timeout 1m: exit %d\n%s%s", code, out, errs)
	}
	for _, v := range []string{"0", "-1s", "soon"} {
		if code, _, errs := objcleak(t, "lint", "--parse-timeout", v, dir); code != exitError || !strings.Contains(errs, "parse-timeout") {
			t.Errorf("--parse-timeout %s: exit %d, want %d\n%s", v, code, exitError, errs)
		}
	}
}

// TestOutputPathsStayInRoot: in every format, every path is relative to
// the root and does not leave it, also for files reached through links
// (--follow-symlinks) and when the named paths lie outside the current
// directory (no --root: the root is their nearest common directory).
func TestOutputPathsStayInRoot(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := hostileTree(t, true)
	for _, args := range [][]string{
		{"--root", dir, dir},
		{"--root", dir, "--follow-symlinks", dir},
		{dir}, // outside the current directory, no --root
		{filepath.Join(dir, "Good.h"), filepath.Join(dir, "My Dir")},
	} {
		for _, f := range []string{"text", "json", "sarif", "github"} {
			code, out, errs := objcleak(t, append([]string{"lint", "-q", "--format", f}, args...)...)
			if code != exitFindings {
				t.Fatalf("lint --format %s %q: exit %d\n%s", f, args, code, errs)
			}
			paths := outputPaths(t, f, out)
			if len(paths) == 0 {
				t.Errorf("--format %s %q: no paths found in\n%s", f, args, out)
			}
			for _, p := range paths {
				if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") || strings.Contains(p, "file:") {
					t.Errorf("--format %s %q: path %q is not below the root", f, args, p)
				}
			}
		}
	}
}

var (
	textPathRE   = regexp.MustCompile(`^(.+?):\d+:\d+: (error|warning|note): `)
	githubPathRE = regexp.MustCompile(`^::\w+ file=([^,]*),`)
)

// outputPaths returns the paths of every location in out, written in
// format f.
func outputPaths(t *testing.T, f, out string) []string {
	t.Helper()
	var paths []string
	switch f {
	case "text", "github":
		rx := textPathRE
		if f == "github" {
			rx = githubPathRE
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			if m := rx.FindStringSubmatch(sc.Text()); m != nil {
				paths = append(paths, m[1])
			} else if sc.Text() != "" {
				t.Errorf("--format %s: unexpected line %q", f, sc.Text())
			}
		}
	default:
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("--format %s: %v", f, err)
		}
		var walk func(key string, v any)
		walk = func(key string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if k == "originalUriBaseIds" || k == "root" {
						continue // the root itself, absolute by design
					}
					walk(k, x)
				}
			case []any:
				for _, x := range v {
					walk(key, x)
				}
			case string:
				if key == "path" || key == "uri" || key == "file" {
					paths = append(paths, v)
				}
			}
		}
		walk("", doc)
	}
	return paths
}

// TestInternalErrorExitCode: a rule that panics on one file yields an
// internal finding there (an error, so exit status 1 whatever --fail-on)
// and the other rules' findings; the output is complete, so the status is
// not 2.
func TestInternalErrorExitCode(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	crash := &analyzer.Analyzer{
		Name: "crashtest", Doc: "crashtest: panics on B.h\n\nA test rule.", Severity: analyzer.SeverityNote,
		Run: func(pass *analyzer.Pass) (any, error) {
			pass.ForEachFile(func(f *objcparse.File) {
				if filepath.Base(f.Path) == "B.h" {
					panic("crashtest: boom")
				}
			})
			return nil, nil
		},
	}
	saved := rules.All
	rules.All = append(append([]*analyzer.Analyzer(nil), rules.All...), crash)
	defer func() { rules.All = saved }()

	dir := t.TempDir()
	for name, text := range map[string]string{
		"A.h": warningHeader("A"),
		"B.h": "@interface B : NSObject\n@end\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := objcleak(t, "lint", "--fail-on", "error", "--root", dir, dir)
	if code != exitFindings {
		t.Errorf("exit %d, want %d\n%s%s", code, exitFindings, out, errs)
	}
	if !regexp.MustCompile(`(?m)^B\.h:1:1: error: internal error in crashtest on B\.h: panic: crashtest: boom \(at cmd/objcleak\.TestInternalErrorExitCode\.func1\.1 \(hostile_test\.go:\d+\)\); findings in this file may be missing; please report it at https://github\.com/objcleak/objcleak/issues \[internal\]$`).MatchString(out) {
		t.Errorf("no internal error for B.h in\n%s", out)
	}
	if !strings.Contains(out, "A.h:8:") || !strings.Contains(errs, "1 error") {
		t.Errorf("the other findings or the summary are missing:\n%s%s", out, errs)
	}
}

// TestNoNetworkNoExec: objcleak opens no network connection and runs no
// program from the linted tree. The binary's import graph has no HTTP,
// TLS or RPC client and no plugin loader; package net is there only
// because github.com/spf13/pflag parses IP-address flags with it, and
// os/exec only for `git`, which --new-from-rev runs (from PATH, with
// external diff drivers and text conversion off).
func TestNoNetworkNoExec(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	out, err := exec.Command(gocmd, "list", "-deps", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{"net/http", "net/rpc", "net/smtp", "crypto/tls", "plugin", "net/http/httptrace"}
	allowed := map[string][]string{
		"net":     {"github.com/spf13/pflag"},
		"os/exec": {"github.com/objcleak/objcleak/analyzer/baseline"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, f := range forbidden {
			if pkg == f {
				t.Errorf("objcleak depends on %s", f)
			}
		}
		for _, imp := range strings.Fields(imports) {
			if who, ok := allowed[imp]; ok && !contains(who, pkg) {
				t.Errorf("%s imports %s; only %s may (see the test's comment)", pkg, imp, strings.Join(who, ", "))
			}
		}
	}
}

// mkfifo makes a named pipe at path with the mkfifo command (there is no
// portable system call; where the command is missing, tests skip).
func mkfifo(path string) error {
	return exec.Command("mkfifo", path).Run()
}

// warningHeader returns a header with one strongdelegate warning, at line
// 8: a view controller sets itself as the strong delegate of a view.
func warningHeader(name string) string {
	return "@interface " + name + " : UIView\n@property (nonatomic, strong) id delegate;\n@end\n" +
		"@interface " + name + "Controller : UIViewController\n@end\n@implementation " + name + "Controller\n" +
		"- (void)show:(" + name + " *)v {\n    v.delegate = self;\n}\n@end\n"
}
