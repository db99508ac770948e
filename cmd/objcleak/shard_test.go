package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/format/sarifcheck"
	"github.com/objcleak/objcleak/internal/gencorpus"
)

// lintSARIF lints dir with --root root and the extra flags and returns the
// SARIF log.
func lintSARIF(t *testing.T, root, dir, out string, extra ...string) []byte {
	t.Helper()
	args := append([]string{"lint", "-q", "--format", "sarif", "--output", out, "--root", root}, extra...)
	code, _, errs := objcleak(t, append(args, dir)...)
	if code != exitOK && code != exitFindings {
		t.Fatalf("objcleak %s: exit code %d\n%s", strings.Join(args, " "), code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func automationID(t *testing.T, data []byte) (string, bool) {
	t.Helper()
	var doc struct {
		Runs []struct {
			AutomationDetails *struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Runs) != 1 {
		t.Fatalf("not a SARIF log with one run: %v", err)
	}
	if doc.Runs[0].AutomationDetails == nil {
		return "", false
	}
	return doc.Runs[0].AutomationDetails.ID, true
}

func validSARIF(t *testing.T, what string, data []byte) {
	t.Helper()
	if err := sarifcheck.ValidateSARIF(data, filepath.Join("..", "..", "testdata", "sarif-schema-2.1.0.json")); err != nil {
		t.Errorf("%s: %v", what, err)
	}
	if err := sarifcheck.NoNulls(data); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// firstDiff describes the first line where two documents differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, gl, wl)
		}
	}
	return "no difference"
}

// checkShardsMergeToWhole lints dir whole and in n = 1, 2, 3, 5 shards
// and checks that `objcleak sarif merge` of the shards' SARIF is the
// unsharded SARIF, byte for byte.
func checkShardsMergeToWhole(t *testing.T, root, dir string) {
	tmp := t.TempDir()
	whole := lintSARIF(t, root, dir, filepath.Join(tmp, "whole.sarif"))
	validSARIF(t, "unsharded log", whole)
	if _, ok := automationID(t, whole); ok {
		t.Error("an unsharded run has automationDetails")
	}
	if bytes.Count(whole, []byte(`"ruleId"`)) == 0 {
		t.Fatal("the unsharded run has no findings: the test would prove nothing")
	}
	for _, n := range []int{1, 2, 3, 5} {
		var files []string
		ids := map[string]bool{}
		nonEmpty := 0
		for i := 1; i <= n; i++ {
			out := filepath.Join(tmp, fmt.Sprintf("shard-%d-of-%d.sarif", i, n))
			data := lintSARIF(t, root, dir, out, "--shard", fmt.Sprintf("%d/%d", i, n))
			validSARIF(t, out, data)
			id, ok := automationID(t, data)
			switch {
			case n == 1:
				if !bytes.Equal(data, whole) {
					t.Errorf("--shard 1/1 differs from no --shard: %s", firstDiff(data, whole))
				}
			case !ok || id != fmt.Sprintf("objcleak/shard-%d-of-%d/", i, n):
				t.Errorf("shard %d/%d: automationDetails.id = %q (present %v), want objcleak/shard-%d-of-%d/", i, n, id, ok, i, n)
			case ids[id]:
				t.Errorf("shard %d/%d: automationDetails.id %q is not distinct", i, n, id)
			}
			ids[id] = true
			if bytes.Contains(data, []byte(`"ruleId"`)) {
				nonEmpty++
			}
			files = append(files, out)
		}
		if n > 1 && nonEmpty < 2 {
			t.Errorf("n=%d: only %d shards have findings: the test would prove little", n, nonEmpty)
		}
		merged := filepath.Join(tmp, fmt.Sprintf("merged-%d.sarif", n))
		code, _, errs := objcleak(t, append([]string{"sarif", "merge", "-o", merged}, files...)...)
		if code != exitOK {
			t.Fatalf("sarif merge of %d shards: exit code %d\n%s", n, code, errs)
		}
		if !strings.Contains(errs, "0 duplicates dropped") {
			t.Errorf("sarif merge of %d shards: summary %q: the shards overlap", n, errs)
		}
		data, err := os.ReadFile(merged)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, whole) {
			t.Errorf("merging %d shards does not give the unsharded SARIF: %s", n, firstDiff(data, whole))
		}
		validSARIF(t, merged, data)
	}
}

func TestShardsMergeToWholeDemoApp(t *testing.T) {
	checkShardsMergeToWhole(t, "../..", demoApp)
}

// TestShardsMergeToWholeGeneratedCorpus runs the check on the generated
// corpus: modules of classes whose cross-class references (properties
// declared in headers, implementations in .m files) span shards. At
// 40 000 lines it has class-level retain cycles between classes
// implemented in different shards' files, which a shard finds only
// because it knows the other shards' implementations (see
// analyzer/shard.go).
func TestShardsMergeToWholeGeneratedCorpus(t *testing.T) {
	lines := 40000
	if testing.Short() {
		lines = 10000
	}
	dir := t.TempDir()
	if _, err := gencorpus.Write(dir, lines); err != nil {
		t.Fatal(err)
	}
	checkShardsMergeToWhole(t, dir, dir)
}

// TestShardsMergeToWholeOtherRoot runs the same check with the root
// somewhere else, so that shard assignment rests on other relative paths.
func TestShardsMergeToWholeOtherRoot(t *testing.T) {
	checkShardsMergeToWhole(t, demoApp, demoApp)
}

func TestShardFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		shard, want string
	}{
		{"0/3", `--shard: invalid shard "0/3": the shard number must be between 1 and 3`},
		{"4/3", `--shard: invalid shard "4/3": the shard number must be between 1 and 3`},
		{"x/y", `--shard: invalid shard "x/y": want i/n with whole numbers`},
		{"2", `--shard: invalid shard "2": want i/n`},
		{"1/0", `--shard: invalid shard "1/0": the number of shards must be at least 1`},
		{"", ""},
	} {
		code, _, errs := objcleak(t, "lint", "-q", "--format", "sarif", "--shard", tc.shard, demoApp)
		if tc.want == "" {
			if code != exitFindings {
				t.Errorf("--shard %q: exit code %d, want %d\n%s", tc.shard, code, exitFindings, errs)
			}
			continue
		}
		if code != exitError || !strings.Contains(errs, tc.want) {
			t.Errorf("--shard %q: exit code %d, stderr %q; want %d and %q", tc.shard, code, errs, exitError, tc.want)
		}
	}
	code, _, errs := objcleak(t, "lint", "--shard", "1/2", "--stdin-filename", "a.m")
	if code != exitError || !strings.Contains(errs, "--shard") {
		t.Errorf("--shard with --stdin-filename: exit code %d, stderr %q", code, errs)
	}
}

func TestSARIFMergeErrors(t *testing.T) {
	tmp := t.TempDir()
	s1 := lintSARIF(t, "../..", demoApp, filepath.Join(tmp, "s1.sarif"), "--shard", "1/3")
	bad := filepath.Join(tmp, "bad.sarif")
	if err := os.WriteFile(bad, []byte(`{"version": "2.1.0", "runs": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(tmp, "other.sarif")
	if err := os.WriteFile(other, bytes.Replace(s1, []byte(`"name": "objcleak"`), []byte(`"name": "otherlint"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	s1p := filepath.Join(tmp, "s1.sarif")
	missing := filepath.Join(tmp, "missing.sarif")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "sarif merge needs the SARIF files to merge"},
		{[]string{missing}, missing + ": cannot read: no such file or directory"},
		{[]string{s1p, bad}, bad + ": not valid JSON"},
		{[]string{s1p, other}, other + ": made by otherlint"},
		{[]string{s1p}, "missing shards 2, 3 of 3"},
	} {
		code, out, errs := objcleak(t, append([]string{"sarif", "merge"}, tc.args...)...)
		if code != exitError || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("sarif merge %v: exit code %d, stderr %q, stdout %d bytes; want %d and %q", tc.args, code, errs, len(out), exitError, tc.want)
		}
	}
	code, out, errs := objcleak(t, "sarif", "merge", "--allow-partial", s1p)
	if code != exitOK || !strings.Contains(errs, "warning: missing shards 2, 3 of 3") || !strings.HasPrefix(out, "{") {
		t.Errorf("sarif merge --allow-partial: exit code %d, stderr %q", code, errs)
	}
	validSARIF(t, "partial merge", []byte(out))

	code, out, _ = objcleak(t, "sarif", "merge", "--help")
	if code != exitOK || !strings.Contains(out, "objcleak sarif merge -o objcleak.sarif shard-1.sarif shard-2.sarif") {
		t.Errorf("sarif merge --help: exit code %d, output:\n%s", code, out)
	}
}

// Two classes for TestShardLimitationDocumented: A keeps a B in a property
// declared in A.h.
const (
	limitAh = "#import <Foundation/Foundation.h>\n@class B;\n@interface A : NSObject\n@property (nonatomic, strong) B *b;\n- (void)wire;\n@end\n"
	limitAm = "#import \"A.h\"\n#import \"B.h\"\n@implementation A\n- (void)wire {\n    self.b = [[B alloc] init];\n    %s\n}\n@end\n"
)

// retainCycles lints dir in n shards (n = 0: unsharded) and returns the
// retain cycle findings ("file:line:col: error [retaincycle]"), sorted.
func retainCycles(t *testing.T, dir string, n int) []string {
	t.Helper()
	var got []string
	for i := 1; i <= max(n, 1); i++ {
		args := []string{"lint", "-q", "--format", "text", "--root", dir}
		if n > 0 {
			args = append(args, "--shard", fmt.Sprintf("%d/%d", i, n))
		}
		_, out, _ := objcleak(t, append(args, dir)...)
		for _, f := range findings(out) {
			got = append(got, strings.TrimPrefix(f, dir+string(filepath.Separator)))
		}
	}
	sort.Strings(got)
	return got
}

// splitting returns the smallest n > 1 for which the files a and b are in
// different shards.
func splitting(a, b string) int {
	n := 2
	for analyzer.ShardOf(a, n) == analyzer.ShardOf(b, n) {
		n++
	}
	return n
}

// TestShardLimitationDocumented pins the examples of the README's
// limitation: a finding that moves in the merged shards, and one that is
// not added any more.
func TestShardLimitationDocumented(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	// Missing: -[B attach:], in B.m, stores its argument in a property
	// declared in B.m's class extension.
	missing := project(t, map[string]string{
		"A.h": limitAh,
		"A.m": fmt.Sprintf(limitAm, "[self.b attach:self];"),
		"B.h": "#import <Foundation/Foundation.h>\n@class A;\n@interface B : NSObject\n- (void)attach:(A *)a;\n@end\n",
		"B.m": "#import \"B.h\"\n@interface B ()\n@property (nonatomic, strong) A *owner;\n@end\n@implementation B\n- (void)attach:(A *)a {\n    self.owner = a;\n}\n@end\n",
	})
	// Unsharded, the statement in A.m shows the cycle, and the cycle
	// between classes through the same declarations is not reported
	// again; A.m's shard cannot see what attach: keeps, so the merged log
	// has the cycle between classes instead: the finding moves.
	whole := retainCycles(t, missing, 0)
	if strings.Join(whole, " ") != "A.m:6:5: error [retaincycle]" {
		t.Fatalf("unsharded: %v", whole)
	}
	if got := retainCycles(t, missing, splitting("A.m", "B.m")); strings.Join(got, " ") != "B.m:3:34: error [retaincycle]" {
		t.Errorf("A.m and B.m in different shards: %v, want only the cycle between classes (README: Sharding in CI)", got)
	}

	// Not added any more: the cycle between classes through properties
	// declared in headers, which the statement in A.m shows (and
	// subsumes) unsharded. B.h's shard sees no store into the back-pointer
	// owner (the only one is in A.m), and a back-pointer nothing assigns
	// closes no cycle: the merged log equals the unsharded one.
	added := project(t, map[string]string{
		"A.h": limitAh,
		"A.m": fmt.Sprintf(limitAm, "self.b.owner = self;"),
		"B.h": "#import <Foundation/Foundation.h>\n@class A;\n@interface B : NSObject\n@property (nonatomic, strong) A *owner;\n@end\n",
		"B.m": "#import \"B.h\"\n@implementation B\n@end\n",
	})
	whole = retainCycles(t, added, 0)
	if strings.Join(whole, " ") != "A.m:6:5: error [retaincycle]" {
		t.Fatalf("unsharded: %v", whole)
	}
	if got := retainCycles(t, added, splitting("A.m", "B.h")); strings.Join(got, " ") != "A.m:6:5: error [retaincycle]" {
		t.Errorf("A.m and B.h in different shards: %v, want the statement only, as unsharded (README: Sharding in CI)", got)
	}
}
