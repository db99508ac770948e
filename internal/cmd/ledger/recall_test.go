package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLineRange(t *testing.T) {
	for in, want := range map[string][2]int{"12": {12, 12}, "3-9": {3, 9}, " 4-4 ": {4, 4}} {
		if got, err := lineRange(in); err != nil || got != want {
			t.Errorf("lineRange(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "a-b", "9-3", "0", "-2"} {
		if _, err := lineRange(in); err == nil {
			t.Errorf("lineRange(%q) accepted", in)
		}
	}
}

// TestRecallTree: the tree at a commit holds the sources of that commit
// and not its symlinks or other files; readRecall reads the set's lines.
func TestRecallTree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	mirrors := t.TempDir()
	work := filepath.Join(mirrors, "acme+app", "work")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", work, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(work, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q")
	write("App/Feed.m", "buggy\n")
	write("App/README.md", "not a source\n")
	if err := os.Symlink("Feed.m", filepath.Join(work, "App", "Link.m")); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-qm", "bug")
	parent := git("rev-parse", "HEAD")
	write("App/Feed.m", "fixed\n")
	git("commit", "-qam", "fix")
	fix := git("rev-parse", "HEAD")
	// The mirror is the bare git directory at owner+name/repo.
	if out, err := exec.Command("git", "clone", "-q", "--bare", work, filepath.Join(mirrors, "acme+app", "repo")).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	cache := t.TempDir()
	dir, err := recallTree(mirrors, cache, "acme/app", parent)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "App", "Feed.m")); err != nil || string(b) != "buggy\n" {
		t.Errorf("Feed.m at the parent = %q, %v", b, err)
	}
	for _, absent := range []string{"App/README.md", "App/Link.m"} {
		if _, err := os.Lstat(filepath.Join(dir, absent)); err == nil {
			t.Errorf("%s extracted", absent)
		}
	}
	set := filepath.Join(t.TempDir(), "recall.tsv")
	line := strings.Join([]string{"acme/app", fix, parent, "App/Feed.m", "1", "App/Feed.m", "1-1", "retaincycle,strongdelegate", "block", "high", "a block kept by self"}, "\t")
	if err := os.WriteFile(set, []byte("project\tfix\n"+line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bugs, err := readRecall(set)
	if err != nil || len(bugs) != 1 {
		t.Fatalf("readRecall = %v, %v", bugs, err)
	}
	if b := bugs[0]; b.Parent != parent || b.ParentLines != [2]int{1, 1} || len(b.Rules) != 2 || b.Rules[1] != "strongdelegate" {
		t.Errorf("bug = %+v", b)
	}
}

func TestExpected(t *testing.T) {
	for _, tc := range []struct {
		rules []string
		rule  string
		want  bool
	}{
		{[]string{"sessionperrequest"}, "sessionleak", true},
		{[]string{"strongdelegate"}, "retaincycle", true},
		{[]string{"timerleak"}, "timerleak", true},
		{[]string{"timerleak"}, "retaincycle", false},
		{[]string{"retaincycle"}, "sessionleak", false},
	} {
		if got := expected(tc.rules, tc.rule); got != tc.want {
			t.Errorf("expected(%v, %s) = %v, want %v", tc.rules, tc.rule, got, tc.want)
		}
	}
}
