package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// sessionLine makes a sessionperrequest finding (a note) in the method it
// stands in.
const sessionLine = "    [[[NSURLSession sessionWithConfiguration:c] dataTaskWithURL:u] resume];\n"

// method returns an Objective-C method named name whose body is lines.
func method(name string, lines ...string) string {
	return "- (void)" + name + " {\n" + strings.Join(lines, "") + "}\n"
}

// class returns an implementation of class name with the given methods.
func class(name string, methods ...string) string {
	return "@implementation " + name + "\n" + strings.Join(methods, "") + "@end\n"
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lintWith lints root (as the root) with every rule, then parses args with
// the flags addBaselineFlags adds (and -q) and calls applyBaseline, as
// `objcleak lint` does between the analysis and the output. It returns the
// remaining findings as "path:line: method", standard error and the error.
func lintWith(t *testing.T, root string, args ...string) (found []string, stderr string, err error) {
	t.Helper()
	var o baselineOptions
	f := pflag.NewFlagSet("lint", pflag.ContinueOnError)
	f.BoolP("quiet", "q", false, "")
	addBaselineFlags(f, &o)
	if err := f.Parse(args); err != nil {
		t.Fatal(err)
	}
	res, rerr := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{root}, Root: root, Analyzers: rules.All, KnownRules: rules.Names()})
	if rerr != nil {
		t.Fatal(rerr)
	}
	var errb bytes.Buffer
	err = applyBaseline(o, res, &errb)
	for _, d := range res.Diagnostics {
		p := res.Fset.Position(d.Pos)
		// The message names the method: "NSURLSession created per call in -run: …".
		_, m, _ := strings.Cut(d.Message, " in -")
		m, _, _ = strings.Cut(m, ":")
		found = append(found, res.RelPath(p.Filename)+":"+strconv.Itoa(p.Line)+": "+m)
	}
	return found, errb.String(), err
}

func exitCodeOf(err error) int {
	var ec *exitCodeError
	if errors.As(err, &ec) {
		return ec.code
	}
	if err != nil {
		return -1
	}
	return exitOK
}

func TestBaselineFlags(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "Sources", "Feed.m")
	write(t, src, class("Feed", method("load", sessionLine), method("reload", sessionLine, sessionLine)))
	bl := filepath.Join(dir, "objcleak-baseline.json")

	found, errs, err := lintWith(t, dir, "--write-baseline", bl)
	if err != nil || len(found) != 0 || !strings.Contains(errs, "objcleak: wrote 3 findings to baseline "+bl+"; lint with --baseline "+bl) {
		t.Fatalf("--write-baseline: %v, findings %q, stderr %q; want none left and a note", err, found, errs)
	}
	var doc struct {
		Kind, FingerprintScheme string
		Version                 int
		Tool                    struct{ Name, Version string }
		Findings                []struct {
			Rule, Path, Fingerprint, Message string
			Line                             int
		}
	}
	data, err := os.ReadFile(bl)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Kind != "objcleak-baseline" || doc.Version != 1 || doc.FingerprintScheme != analyzer.FingerprintKey || doc.Tool.Name != "objcleak" || doc.Tool.Version == "" ||
		len(doc.Findings) != 3 || doc.Findings[0].Path != "Sources/Feed.m" || doc.Findings[0].Line != 3 || doc.Findings[0].Rule != "sessionperrequest" ||
		!strings.HasSuffix(doc.Findings[0].Message, " -load") || len(doc.Findings[0].Fingerprint) != 32 {
		t.Errorf("baseline file:\n%s", data)
	}

	// Nothing changed: everything is hidden.
	found, errs, err = lintWith(t, dir, "--baseline", bl)
	if err != nil || len(found) != 0 || !strings.Contains(errs, "objcleak: baseline "+bl+" hid 3 findings\n") {
		t.Errorf("--baseline: %v, findings %q, stderr %q", err, found, errs)
	}
	// -q silences the counts.
	if _, errs, _ = lintWith(t, dir, "-q", "--baseline", bl); errs != "" {
		t.Errorf("-q --baseline: stderr %q", errs)
	}

	// Lines inserted above the findings move them; a new method adds one
	// finding, the only one reported.
	write(t, src, "#import \"Feed.h\"\n\n"+class("Feed", method("setUp", "    [self log];\n"), method("load", sessionLine), method("reload", sessionLine, sessionLine), method("fresh", sessionLine)))
	found, errs, err = lintWith(t, dir, "--baseline", bl)
	if want := []string{"Sources/Feed.m:15: fresh"}; err != nil || !reflect.DeepEqual(found, want) || !strings.Contains(errs, "hid 3 findings\n") {
		t.Errorf("shifted: %v, findings %q, stderr %q; want %q", err, found, errs, want)
	}

	// Fixing two findings leaves two stale entries.
	write(t, src, class("Feed", method("load", sessionLine)))
	found, errs, err = lintWith(t, dir, "--baseline", bl)
	if err != nil || len(found) != 0 || !strings.Contains(errs, "hid 1 finding\n") ||
		!strings.Contains(errs, "objcleak: 2 entries in baseline "+bl+" matched no finding (fixed, or changed beyond recognition); run with --write-baseline "+bl+" to drop them\n") {
		t.Errorf("stale: %v, findings %q, stderr %q", err, found, errs)
	}
}

func TestBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "A.m"), class("A", method("load", sessionLine)))
	corrupt := filepath.Join(dir, "corrupt.json")
	write(t, corrupt, `{"kind": "objcleak-baseline", "version": 1, "findings": [`)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--baseline", filepath.Join(dir, "missing.json")}, exitError, "baseline " + filepath.Join(dir, "missing.json") + ": no such file or directory"},
		{[]string{"--baseline", corrupt}, exitError, "baseline " + corrupt + ": not a valid baseline: unexpected EOF"},
		{[]string{"--write-baseline", filepath.Join(dir, "no", "dir", "b.json")}, exitError, "baseline " + filepath.Join(dir, "no", "dir", "b.json") + ": cannot write"},
		{[]string{"--write-baseline", "b.json", "--baseline", "b.json"}, exitError, "do not combine it with --baseline"},
		{[]string{"--write-baseline", "b.json", "--new"}, exitError, "do not combine it with --baseline, --new-from-rev or --new"},
		{[]string{"--new", "--new-from-rev", "main"}, exitError, "--new means --new-from-rev HEAD"},
	} {
		_, _, err := lintWith(t, dir, tc.args...)
		if code := exitCodeOf(err); code != tc.code || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: exit %d, error %v; want %d and %q", strings.Join(tc.args, " "), code, err, tc.code, tc.want)
		}
	}
}

// gitInit creates a git repository in dir, isolated from the user's git
// configuration, and returns a function running git there. It skips the
// test when git is not installed.
func gitInit(t *testing.T, dir string) func(args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("LC_ALL", "C") // git's messages in English
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	return git
}

func TestNewFromRev(t *testing.T) {
	dir := t.TempDir()
	git := gitInit(t, dir)
	src := filepath.Join(dir, "App", "Feed.m")
	write(t, src, class("Feed", method("load", sessionLine)))
	git("add", ".")
	git("commit", "-q", "-m", "first")
	git("tag", "v1")

	// An edit adds a finding; the finding on the unchanged line is filtered.
	write(t, src, class("Feed", method("load", sessionLine), method("added", sessionLine)))
	for _, tc := range []struct {
		args []string
		rev  string
	}{
		{[]string{"--new-from-rev", "HEAD"}, "HEAD"},
		{[]string{"--new"}, "HEAD"},
		{[]string{"--new-from-rev", "v1"}, "v1"},
	} {
		found, errs, err := lintWith(t, dir, tc.args...)
		if want := []string{"App/Feed.m:6: added"}; err != nil || !reflect.DeepEqual(found, want) {
			t.Errorf("%s: %v, findings %q; want %q", strings.Join(tc.args, " "), err, found, want)
		}
		if want := "objcleak: hid 1 finding on lines not changed since " + tc.rev + "\n"; !strings.Contains(errs, want) {
			t.Errorf("%s: stderr %q, want %q", strings.Join(tc.args, " "), errs, want)
		}
	}

	// Committed: nothing is new any more; an untracked file is new.
	git("commit", "-q", "-am", "second")
	write(t, filepath.Join(dir, "App", "Untracked.m"), class("U", method("go", sessionLine)))
	found, _, err := lintWith(t, dir, "--new")
	if want := []string{"App/Untracked.m:3: go"}; err != nil || !reflect.DeepEqual(found, want) {
		t.Errorf("after commit: %v, findings %q; want %q", err, found, want)
	}
	// Since the first commit, the added method is new again.
	found, _, err = lintWith(t, dir, "--new-from-rev", "v1")
	if want := []string{"App/Feed.m:6: added", "App/Untracked.m:3: go"}; err != nil || !reflect.DeepEqual(found, want) {
		t.Errorf("since v1: %v, findings %q; want %q", err, found, want)
	}

	// --baseline and --new-from-rev together: the baseline first.
	bl := filepath.Join(t.TempDir(), "b.json")
	if _, _, err := lintWith(t, dir, "--write-baseline", bl); err != nil {
		t.Fatal(err)
	}
	write(t, src, class("Feed", method("load", sessionLine), method("added", sessionLine), method("third", sessionLine)))
	found, errs, err := lintWith(t, dir, "--baseline", bl, "--new-from-rev", "v1")
	if want := []string{"App/Feed.m:9: third"}; err != nil || !reflect.DeepEqual(found, want) || !strings.Contains(errs, "hid 3 findings") {
		t.Errorf("--baseline with --new-from-rev: %v, findings %q, stderr %q; want %q", err, found, errs, want)
	}

	// Errors: an unknown revision, a directory outside any repository.
	_, _, err = lintWith(t, dir, "--new-from-rev", "nosuch")
	if exitCodeOf(err) != exitError || !strings.Contains(err.Error(), `--new-from-rev: unknown git revision "nosuch"`) || !strings.Contains(err.Error(), "fatal:") {
		t.Errorf("unknown revision: %v", err)
	}
	plain := t.TempDir()
	write(t, filepath.Join(plain, "A.m"), class("A", method("load", sessionLine)))
	_, _, err = lintWith(t, plain, "--new")
	if exitCodeOf(err) != exitError || !strings.Contains(err.Error(), "is not in a git work tree: fatal: not a git repository") {
		t.Errorf("not a repository: %v", err)
	}
}

// TestLintBaselineWired runs the flags through `objcleak lint` itself. It
// is skipped until the lint command registers them.
func TestLintBaselineWired(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	if newLintCmd(nil, nil).Flags().Lookup("baseline") == nil {
		t.Skip("lint does not call addBaselineFlags yet")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "A.m"), class("A", method("load", sessionLine)))
	bl := filepath.Join(dir, "b.json")
	if code, out, errs := objcleak(t, "lint", "--root", dir, "--fail-on", "note", "--write-baseline", bl, dir); code != exitOK || out != "" || !strings.Contains(errs, "wrote 1 finding") {
		t.Errorf("--write-baseline: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := objcleak(t, "lint", "--root", dir, "--fail-on", "note", "--baseline", bl, dir); code != exitOK || out != "" || !strings.Contains(errs, "hid 1 finding") {
		t.Errorf("--baseline: exit %d\n%s%s", code, out, errs)
	}
	write(t, filepath.Join(dir, "A.m"), class("A", method("load", sessionLine), method("more", sessionLine)))
	if code, out, _ := objcleak(t, "lint", "--root", dir, "--fail-on", "note", "--baseline", bl, dir); code != exitFindings || !strings.Contains(out, "A.m:6:7: note: NSURLSession created per call in -more [sessionperrequest]") || strings.Contains(out, "in -load [") {
		t.Errorf("--baseline with a new finding: exit %d\n%s", code, out)
	}
	if code, _, errs := objcleak(t, "lint", "--baseline", filepath.Join(dir, "missing.json"), dir); code != exitError || !strings.Contains(errs, "missing.json: no such file or directory") {
		t.Errorf("missing baseline: exit %d %q", code, errs)
	}
}
