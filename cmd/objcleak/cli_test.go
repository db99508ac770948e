package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer/format/sarifcheck"
)

const demoApp = "../../testdata/App"

// objcleak runs the CLI in-process and returns its exit code and output.
func objcleak(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLintDemoApp(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	code, out, errs := objcleak(t, "lint", demoApp)
	if code != exitFindings {
		t.Fatalf("exit code = %d, want %d\nstderr: %s", code, exitFindings, errs)
	}
	for _, want := range []string{
		"FeedAPIClient.m:27:24: error: AFHTTPSessionManager created in -initWithFeedType: and stored in self.manager is never invalidated",
		"ProfileViewController.m:145:37: error: AFHTTPSessionManager created per call in -uploadAvatar:",
		"PhotoDetailViewController.m:139:33: error: PHSessionManager (a subclass of AFHTTPSessionManager) created per call in -reportPhoto:reason:",
		"ImageDownloader.m:26:24: error: NSURLSession with a delegate created in -init",
		"ProfileViewController.m:104:29: note: NSURLSession created per call in -refreshFollowerCount [sessionperrequest]",
		"ProfileViewController.m:104:29: note: each session has its own connection pool",
		"FeedAPIClient.m:39:5: note: set to nil here",
		"DiagnosticsViewController.m:52:13: warning: nonatomic property nameStr of DiagnosticsViewController is written from blocks that run at the same time [concurrentsettertagged]",
		"DiagnosticsViewController.m:52:13: note: dispatch_async on the global concurrent queue inside a loop; the value is a tagged pointer (3 ASCII characters fit in a tagged pointer)",
		"DiagnosticsViewController.m:64:13: error: nonatomic property nameStr of DiagnosticsViewController is written from blocks that run at the same time [concurrentsetter]",
		"DiagnosticsViewController.m:64:13: note: dispatch_async on the global concurrent queue inside a loop; the value is a heap object (contains non-ASCII character '正'): two threads can release the same old value",
		"DiagnosticsViewController.m:11:39: note: nameStr declared nonatomic here",
		"FeedViewController.m:59:5: error: retain cycle: FeedViewController → refreshCompletion (copy property) → block → self (captured)",
		"FeedViewController.m:65:5: error: retain cycle: FeedViewController → pageHandler (copy property) → block → self (captured via ivar _items)",
		"ProfileViewController.m:65:5: error: retain cycle: ProfileViewController → featuredCell (strong property) → onLike (copy property) → block → self (captured)",
		"PhotoDetailViewController.m:76:18: error: repeating scheduled NSTimer with target self (created in -viewDidLoad, stored in self.timer) is invalidated only in -dealloc",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\noutput:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[parse]") {
		t.Errorf("the demo app must parse cleanly:\n%s", out)
	}
	if !strings.Contains(errs, "objcleak: 11 findings (9 errors, 1 warning, 1 note) in 22 files") {
		t.Errorf("summary = %q", errs)
	}
}

func TestLintDemoAppSARIFIsSchemaValid(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.sarif")
	code, _, errs := objcleak(t, "lint", "--format", "sarif", "--output", out, "--root", "../..", demoApp)
	if code != exitFindings {
		t.Fatalf("exit code = %d\n%s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifcheck.ValidateSARIF(data, filepath.Join("..", "..", "testdata", "sarif-schema-2.1.0.json")); err != nil {
		t.Fatalf("SARIF output is not valid: %v", err)
	}
	if err := sarifcheck.NoNulls(data); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				CodeFlows []json.RawMessage `json:"codeFlows"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if len(run.Results) != 11 {
		t.Errorf("%d results, want 11", len(run.Results))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d names %s, result is %s", r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID, r.RuleID)
		}
		if r.RuleID == "retaincycle" && len(r.CodeFlows) == 0 {
			t.Errorf("a retaincycle result has no code flow")
		}
		loc := r.Locations[0].PhysicalLocation.ArtifactLocation
		if !strings.HasPrefix(loc.URI, "testdata/App/PhotoHub/") || loc.URIBaseID != "%SRCROOT%" {
			t.Errorf("location %+v is not relative to the repository root", loc)
		}
	}
}

func TestLintJSONAndGitHub(t *testing.T) {
	code, out, _ := objcleak(t, "lint", "-q", "--format", "json", demoApp)
	var doc struct {
		Diagnostics []struct{ Rule string } `json:"diagnostics"`
	}
	if code != exitFindings || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Diagnostics) != 11 {
		t.Errorf("json: code %d, %d diagnostics\n%s", code, len(doc.Diagnostics), out)
	}
	t.Setenv("GITHUB_ACTIONS", "true")
	_, out, _ = objcleak(t, "lint", "-q", demoApp)
	if !strings.HasPrefix(out, "::error file=testdata/App/") && !strings.Contains(out, "::error file=") {
		t.Errorf("GITHUB_ACTIONS=true did not select github annotations:\n%s", out)
	}
}

func TestExitCodes(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := t.TempDir()
	clean := filepath.Join(dir, "Clean.m")
	if err := os.WriteFile(clean, []byte("@implementation Clean\n- (void)run {\n}\n@end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	perCall := filepath.Join(dir, "Note.m")
	if err := os.WriteFile(perCall, []byte("@implementation N\n- (void)run {\n    [[[NSURLSession sessionWithConfiguration:c] dataTaskWithURL:u] resume];\n}\n@end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"lint", clean}, exitOK, ""},
		{[]string{clean}, exitOK, ""}, // lint is the default command
		{[]string{"lint", perCall}, exitOK, ""},
		{[]string{"lint", "--fail-on", "note", perCall}, exitFindings, ""},
		{[]string{"lint", "--disable", "sessionperrequest", "--fail-on", "note", perCall}, exitOK, ""},
		{[]string{"lint", "--enable", "sessionleak", "--fail-on", "note", perCall}, exitOK, ""},
		{[]string{"lint", filepath.Join(dir, "missing")}, exitError, "missing: no such file or directory"},
		{[]string{"lint", "--format", "xml", clean}, exitError, `unknown format "xml" (formats: text, json, sarif, github)`},
		{[]string{"lint", "--enable", "nosuch", clean}, exitError, `unknown rule "nosuch"`},
		{[]string{"lint", "--fail-on", "fatal", clean}, exitError, "--fail-on: unknown severity"},
		{[]string{"lint", "--bogus", clean}, exitError, "unknown flag: --bogus"},
		{[]string{"lint", "--output", filepath.Join(dir, "no", "such", "dir", "x"), clean}, exitError, "cannot write output"},
		{[]string{"explain", "nosuch"}, exitError, `unknown rule "nosuch"`},
	} {
		code, _, errs := objcleak(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("objcleak %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.err)
		}
	}
}

func TestRulesExplainVersion(t *testing.T) {
	code, out, _ := objcleak(t, "rules")
	if code != 0 || !strings.Contains(out, "sessionleak") || !strings.Contains(out, "error") || !strings.Contains(out, "sessionperrequest") {
		t.Errorf("rules: %d\n%s", code, out)
	}
	code, out, _ = objcleak(t, "explain", "sessionleak")
	if code != 0 || !strings.Contains(out, "sessionleak: URL session manager") || !strings.Contains(out, "## How to fix") || !strings.Contains(out, "objcleak:ignore sessionleak") {
		t.Errorf("explain: %d\n%s", code, out)
	}
	code, out, _ = objcleak(t, "version")
	if code != 0 || !strings.HasPrefix(out, "objcleak ") || !strings.Contains(out, "tree-sitter-objc") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestDeterministicOutput lints the demo app with every rule at different
// parallelism and expects byte-identical SARIF.
func TestDeterministicOutput(t *testing.T) {
	var outs []string
	for _, jobs := range []string{"1", "4", "2"} {
		code, out, errs := objcleak(t, "lint", "-q", "-j", jobs, "--format", "sarif", demoApp)
		if code != exitFindings {
			t.Fatalf("-j %s: exit %d: %s", jobs, code, errs)
		}
		outs = append(outs, out)
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Fatalf("run %d differs from run 0", i)
		}
	}
}

func TestStdinFilenameAndExclude(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	app := filepath.Join(demoApp, "PhotoHub", "Networking", "FeedAPIClient.m")
	src, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	// The unsaved buffer differs from the file on disk: the finding moves
	// down by the two lines inserted at the top.
	buf := "// unsaved\n// edit\n" + string(src)
	var out, errb bytes.Buffer
	code := run([]string{"lint", "--stdin-filename", app}, strings.NewReader(buf), &out, &errb)
	if code != exitFindings || !strings.Contains(out.String(), "FeedAPIClient.m:29:24: error: AFHTTPSessionManager created in -initWithFeedType:") {
		t.Errorf("stdin: exit %d\n%s%s", code, out.String(), errb.String())
	}
	// The header of the buffer's class is still known (single-file mode).
	if !strings.Contains(out.String(), "FeedAPIClient.h:24:53: note: declared here") {
		t.Errorf("stdin: the sibling header was not indexed:\n%s", out.String())
	}
	if code, _, errs := objcleak(t, "lint", "--stdin-filename", app, app); code != exitError || !strings.Contains(errs, "do not name paths too") {
		t.Errorf("stdin with paths: exit %d %q", code, errs)
	}
	// Excludes win over explicitly named files unless --force-exclusion=false.
	if code, out, _ := objcleak(t, "lint", "--root", "../..", "--exclude", "testdata/App/PhotoHub/Networking", app); code != exitOK || out != "" {
		t.Errorf("excluded named file: exit %d\n%s", code, out)
	}
	if code, _, _ := objcleak(t, "lint", "--root", "../..", "--exclude", "testdata/App/PhotoHub/Networking", "--force-exclusion=false", app); code != exitFindings {
		t.Errorf("--force-exclusion=false: exit %d", code)
	}
	if code, out, _ := objcleak(t, "lint", "-q", "--root", "../..", "--exclude", "**/Controllers/**", "--exclude", "**/Networking/**", demoApp); code != exitOK || out != "" {
		t.Errorf("exclude dirs of the demo app: exit %d\n%s", code, out)
	}
}
