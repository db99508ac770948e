package baseline

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

func TestParseDiff(t *testing.T) {
	diff := `diff --git a/A.m b/A.m
index 1111111..2222222 100644
--- a/A.m
+++ b/A.m
@@ -3 +3 @@ - (void)load {
-    old();
+    new();
@@ -10,0 +11,2 @@
+++ b/looks-like-a-header
+@@ -1 +1 @@
@@ -20,2 +22,0 @@
-gone
-gone too
diff --git "a/D\303\251j\303\240 vu.m" "b/D\303\251j\303\240 vu.m"
new file mode 100644
--- /dev/null
+++ "b/D\303\251j\303\240 vu.m"
@@ -0,0 +1,3 @@
+a
+b
+c
\ No newline at end of file
diff --git a/Deleted.m b/Deleted.m
deleted file mode 100644
--- a/Deleted.m
+++ /dev/null
@@ -1 +0,0 @@
-x
`
	added := map[string][]lineRange{}
	if err := parseDiff([]byte(diff), added); err != nil {
		t.Fatal(err)
	}
	want := map[string][]lineRange{
		"A.m":       {{3, 4}, {11, 13}},
		"Déjà vu.m": {{1, 4}},
	}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("parseDiff = %v, want %v", added, want)
	}
	for _, bad := range []string{
		"+++ b/A.m\n@@ -1 +1 @@\n-x\n y\n",
		"+++ b/A.m\n@@ -1 +x @@\n",
		"+++ b/A.m\n@@ garbage\n",
		"+++ A.m\n",
		"+++ \"b/unterminated\n",
	} {
		if err := parseDiff([]byte(bad), map[string][]lineRange{}); err == nil {
			t.Errorf("parseDiff(%q) succeeded", bad)
		}
	}
}

func TestMergeRanges(t *testing.T) {
	got := mergeRanges([]lineRange{{10, 12}, {1, 3}, {3, 5}, {11, 20}, {30, 31}})
	if want := []lineRange{{1, 5}, {10, 20}, {30, 31}}; !reflect.DeepEqual(got, want) {
		t.Errorf("mergeRanges = %v, want %v", got, want)
	}
}

// gitRepo creates a git repository in a new temporary directory, isolated
// from the user's git configuration, and returns a function running git
// in it. It skips the test when git is not installed.
func gitRepo(t *testing.T) (dir string, run func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("LC_ALL", "C") // git's messages in English
	dir = t.TempDir()
	run = func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("init", "-q")
	return dir, run
}

func TestGitChanges(t *testing.T) {
	dir, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{
		"Src/A.m":    "1\n2\n3\n4\n5\n",
		"Src/B.m":    "1\n2\n",
		".gitignore": "Ignored.m\n",
	})
	git("add", ".")
	git("commit", "-q", "-m", "first")
	writeFiles(t, dir, map[string]string{
		"Src/A.m":   "0\n1\n2\nthree\n4\n", // line 1 added, line 4 changed, line 5 deleted
		"Src/New.m": "n\n",
		"Ignored.m": "i\n",
	})
	// Symbolic links in the path given (as /tmp on macOS) are resolved.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	files := []string{filepath.Join(link, "Src", "A.m"), filepath.Join(link, "Src", "B.m"), filepath.Join(link, "Src", "New.m"), filepath.Join(dir, "Ignored.m")}
	c, err := GitChanges(filepath.Join(link, "Src"), "HEAD", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		line int
		want bool
	}{
		{files[0], 1, true}, {files[0], 2, false}, {files[0], 3, false}, {files[0], 4, true}, {files[0], 5, false},
		{files[1], 1, false}, {files[1], 2, false},
		{files[2], 1, true}, {files[2], 7, true}, // untracked: every line
		{files[3], 1, false}, // ignored: neither tracked nor new
		{filepath.Join(t.TempDir(), "Outside.m"), 1, true},
	} {
		if got := c.Changed(tc.file, tc.line); got != tc.want {
			t.Errorf("Changed(%s, %d) = %v, want %v", tc.file, tc.line, got, tc.want)
		}
	}

	for _, tc := range []struct{ dir, rev, want string }{
		{dir, "nosuch", `unknown git revision "nosuch"`},
		{dir, "--output=x", "must not start with '-'"},
		{t.TempDir(), "HEAD", "is not in a git work tree: fatal: not a git repository"},
	} {
		_, err := GitChanges(tc.dir, tc.rev, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("GitChanges(%s, %s): %v; want %q", tc.dir, tc.rev, err, tc.want)
		}
	}
}

// TestFilterChanged lints a git work tree: only the findings on lines
// changed since the commit, and those of untracked files, remain.
func TestFilterChanged(t *testing.T) {
	dir, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"App/Feed.m": feedM})
	git("add", ".")
	git("commit", "-q", "-m", "first")
	edited := strings.Replace(feedM, "@end\n", "- (void)more {\n    self.c = [Manager new]; // LEAK: manager c\n}\n@end\n", 1)
	edited = "// header\n" + edited
	writeFiles(t, dir, map[string]string{"App/Feed.m": edited, "App/New.m": feedM})
	res := lint(t, dir)
	// A finding without a position cannot be placed: it is kept.
	res.Diagnostics = append(res.Diagnostics, analyzer.Diagnostic{Rule: "leak", Message: "nowhere"})
	n, err := FilterChanged(res, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"App/Feed.m:8: manager c", "App/New.m:3: manager a", "App/New.m:4: manager b", ":0: nowhere"}
	if got := findings(res); !reflect.DeepEqual(got, want) || n != 2 {
		t.Errorf("FilterChanged: removed %d, kept %q; want 2 removed, %q", n, got, want)
	}
}
