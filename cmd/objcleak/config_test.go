package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer/config"
	"github.com/objcleak/objcleak/rules"
)

var configFixtures = filepath.Join("..", "..", "testdata", "config")

// fixture returns testdata/config/name with the class name Cache renamed
// to class (projects with several copies need distinct class names).
func fixture(t *testing.T, name, class string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(configFixtures, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "Cache", class)
}

// project builds a project in a temporary directory: files maps a path to
// its contents, or to "@name" to copy testdata/config/name.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if src, ok := strings.CutPrefix(text, "@"); ok {
			text = fixture(t, src, "Cache")
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// findings returns the error, warning and note lines of text output
// (not the notes attached to findings), without their messages.
func findings(out string) []string {
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, ": retain cycle"); i > 0 {
			line = line[:i] + " [retaincycle]"
		} else if i := strings.Index(line, ": RKNetworkClient"); i > 0 {
			line = line[:i] + " [sessionleak]"
		} else {
			continue
		}
		got = append(got, line)
	}
	return got
}

func lintIn(t *testing.T, dir string, args ...string) (int, []string, string) {
	t.Helper()
	t.Setenv("GITHUB_ACTIONS", "")
	code, out, errs := objcleak(t, append([]string{"lint", "--quiet"}, args...)...)
	return code, findings(out), errs
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestConfigDiscovery: the file is found by walking up from the first
// path, the --stdin-filename path or the current directory; its directory
// is the root; --config and --no-config override.
func TestConfigDiscovery(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml":         "version: 1\nrules:\n  retaincycle:\n    severity: warning\n",
		"Sources/Feed/Cycles.m": "@Cycles.m",
		"other.yml":             "version: 1\nrules:\n  retaincycle: {severity: note}\n",
	})
	feed := filepath.Join(dir, "Sources", "Feed")
	warn := []string{
		"Sources/Feed/Cycles.m:15:39: warning [retaincycle]",
		"Sources/Feed/Cycles.m:31:5: warning [retaincycle]",
		"Sources/Feed/Cycles.m:37:5: warning [retaincycle]",
	}
	// The severity override shows in the output; paths are relative to
	// the file's directory.
	if code, got, errs := lintIn(t, dir, feed); code != exitFindings || !equal(got, warn) {
		t.Errorf("walking up from a directory: exit %d\n got %q\nwant %q\n%s", code, got, warn, errs)
	}
	if code, got, errs := lintIn(t, dir, filepath.Join(feed, "Cycles.m")); code != exitFindings || !equal(got, warn) {
		t.Errorf("walking up from a file: exit %d %q\n%s", code, got, errs)
	}
	// --config replaces the file found; --root replaces its directory.
	code, got, errs := lintIn(t, dir, "--config", filepath.Join(dir, "other.yml"), "--root", feed, "--fail-on", "error", feed)
	if want := []string{"Cycles.m:31:5: note [retaincycle]"}; code != exitOK || len(got) != 3 || got[1] != want[0] {
		t.Errorf("--config: exit %d %q\n%s", code, got, errs)
	}
	// --no-config: default severities, paths relative to the current directory.
	chdir(t, dir)
	if code, got, errs := lintIn(t, dir, "--no-config", "Sources"); code != exitFindings || len(got) != 3 || got[0] != "Sources/Feed/Cycles.m:15:39: error [retaincycle]" {
		t.Errorf("--no-config: exit %d %q\n%s", code, got, errs)
	}
	// No path: walk up from the current directory.
	chdir(t, feed)
	if code, got, errs := lintIn(t, dir); code != exitFindings || !equal(got, warn) {
		t.Errorf("no path: exit %d %q\n%s", code, got, errs)
	}
	// --stdin-filename: walk up from that path, which need not exist.
	src, err := os.ReadFile(filepath.Join(feed, "Cycles.m"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code = run([]string{"lint", "--quiet", "--stdin-filename", filepath.Join(feed, "New", "Buffer.m")}, strings.NewReader(string(src)), &out, &errb)
	if got := findings(out.String()); code != exitFindings || len(got) != 3 || got[1] != "Sources/Feed/New/Buffer.m:31:5: warning [retaincycle]" {
		t.Errorf("--stdin-filename: exit %d %q\n%s", code, got, errb.String())
	}
	if code, _, errs := objcleak(t, "lint", "--config", "x.yml", "--no-config", feed); code != exitError || !strings.Contains(errs, "--config and --no-config exclude each other") {
		t.Errorf("--config with --no-config: exit %d %s", code, errs)
	}
	if code, _, errs := objcleak(t, "lint", "--config", filepath.Join(dir, "missing.yml"), feed); code != exitError || !strings.Contains(errs, "missing.yml") {
		t.Errorf("missing --config file: exit %d %s", code, errs)
	}
}

// TestConfigErrors: a bad file stops the run with exit status 2 and says
// where and what.
func TestConfigErrors(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml": "version: 1\nrules:\n  retaincycles: off\n  retaincycle:\n    options:\n      maxlen: 2\n",
		"A.m":           "@Cycles.m",
	})
	code, out, errs := objcleak(t, "lint", dir)
	file := filepath.Join(dir, ".objcleak.yml")
	want := "objcleak: " + file + `:3:3: unknown rule "retaincycles" (rules: ` + strings.Join(sortedNames(), ", ") + ")\n" +
		file + `:6:7: unknown option "maxlen" for rule retaincycle (options: classes, maxlength)` + "\n"
	if code != exitError || out != "" || errs != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errs, want)
	}
}

func sortedNames() []string {
	var out []string
	for _, a := range sortedRules() {
		out = append(out, a.Name)
	}
	return out
}

// TestConfigRules: rules turned off in the file, --enable and --disable.
func TestConfigRules(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml": "version: 1\nrules:\n  retaincycle: off\n",
		"A.m":           "@Cycles.m",
	})
	if code, got, errs := lintIn(t, dir, dir); code != exitOK || len(got) != 0 {
		t.Errorf("retaincycle: off: exit %d %q\n%s", code, got, errs)
	}
	if code, got, errs := lintIn(t, dir, "--enable", "retaincycle", dir); code != exitFindings || len(got) != 3 {
		t.Errorf("--enable overrides the file: exit %d %q\n%s", code, got, errs)
	}
	if code, got, errs := lintIn(t, dir, "--enable", "retaincycle", "--disable", "retaincycle", dir); code != exitOK || len(got) != 0 {
		t.Errorf("--disable comes last: exit %d %q\n%s", code, got, errs)
	}
}

// TestConfigExcludes: excludes win, also over files named on the command
// line unless --force-exclusion=false; includes narrow; --exclude adds.
func TestConfigExcludes(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml":          "version: 1\ninclude: [\"App/**\"]\nexclude: [\"Generated\", \"*.pb.m\"]\n",
		"App/Feed/Cycles.m":      "@Cycles.m",
		"App/Generated/Cycles.m": "@Cycles.m",
		"App/Model/Model.pb.m":   "@Cycles.m",
		"Tests/Cycles.m":         "@Cycles.m",
		"App/Settings/Cycles.m":  "@Cycles.m",
		"Example/Cycles.m":       "@Cycles.m",
	})
	files := func(got []string) []string {
		seen := map[string]bool{}
		var out []string
		for _, g := range got {
			f, _, _ := strings.Cut(g, ":")
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
		return out
	}
	if _, got, errs := lintIn(t, dir, dir); !equal(files(got), []string{"App/Feed/Cycles.m", "App/Settings/Cycles.m"}) {
		t.Errorf("include and exclude: %q\n%s", files(got), errs)
	}
	if _, got, errs := lintIn(t, dir, "--exclude", "Settings", dir); !equal(files(got), []string{"App/Feed/Cycles.m"}) {
		t.Errorf("--exclude adds: %q\n%s", files(got), errs)
	}
	if _, got, errs := lintIn(t, dir, "--tests", "--include", "Tests/**", dir); !equal(files(got), []string{"Tests/Cycles.m"}) {
		t.Errorf("--include replaces: %q\n%s", files(got), errs)
	}
	// Without --tests, findings in test code are dropped.
	if _, got, errs := lintIn(t, dir, "--include", "Tests/**", dir); len(got) != 0 {
		t.Errorf("test code without --tests: %q\n%s", files(got), errs)
	}
	// Without --samples (or samples: true), findings in sample code too.
	if _, got, errs := lintIn(t, dir, "--include", "Example/**", dir); len(got) != 0 {
		t.Errorf("sample code without --samples: %q\n%s", files(got), errs)
	}
	if _, got, errs := lintIn(t, dir, "--samples", "--include", "Example/**", dir); !equal(files(got), []string{"Example/Cycles.m"}) {
		t.Errorf("--samples: %q\n%s", files(got), errs)
	}
	named := filepath.Join(dir, "App", "Generated", "Cycles.m")
	if code, got, errs := lintIn(t, dir, named); code != exitOK || len(got) != 0 {
		t.Errorf("an excluded file named explicitly: exit %d %q\n%s", code, got, errs)
	}
	if _, got, errs := lintIn(t, dir, "--force-exclusion=false", named); !equal(files(got), []string{"App/Generated/Cycles.m"}) {
		t.Errorf("--force-exclusion=false: %q\n%s", files(got), errs)
	}
}

// TestConfigARC: arc: false makes the files of a glob MRC, where an ivar
// assignment retains nothing (no cycle); the first matching entry wins.
func TestConfigARC(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml":        "version: 1\narc:\n  - {path: \"Legacy/Kept\", arc: true}\n  - {path: \"Legacy/**\", arc: false}\n",
		"Legacy/Cache.m":       fixture(t, "Memory/Legacy/Cache.m", "LegacyCache"),
		"Legacy/Kept/Cache.m":  fixture(t, "Memory/Legacy/Cache.m", "KeptCache"),
		"Modern/Cache.m":       fixture(t, "Memory/Legacy/Cache.m", "ModernCache"),
		"Legacy/Other/Cache.m": fixture(t, "Memory/Legacy/Cache.m", "OtherCache"),
	})
	want := []string{"Legacy/Kept/Cache.m:16:5: error [retaincycle]", "Modern/Cache.m:16:5: error [retaincycle]"}
	if _, got, errs := lintIn(t, dir, dir); !equal(got, want) {
		t.Errorf("arc: false:\n got %q\nwant %q\n%s", got, want, errs)
	}
	if _, got, errs := lintIn(t, dir, "--no-config", "--root", dir, dir); len(got) != 4 {
		t.Errorf("without the configuration every copy has the cycle: %q\n%s", got, errs)
	}
}

// TestConfigOptions: the real options change what rules report.
func TestConfigOptions(t *testing.T) {
	for _, tc := range []struct {
		name, fixture, config string
		before, after         []string
	}{
		{"retaincycle maxlength", "Cycles.m", "rules: {retaincycle: {options: {maxlength: 2}}}",
			[]string{"A.m:15:39: error [retaincycle]", "A.m:31:5: error [retaincycle]", "A.m:37:5: error [retaincycle]"},
			[]string{"A.m:15:39: error [retaincycle]", "A.m:31:5: error [retaincycle]"}},
		{"retaincycle classes", "Cycles.m", "rules: {retaincycle: {options: {classes: false}}}",
			[]string{"A.m:15:39: error [retaincycle]", "A.m:31:5: error [retaincycle]", "A.m:37:5: error [retaincycle]"},
			[]string{"A.m:31:5: error [retaincycle]", "A.m:37:5: error [retaincycle]"}},
		{"weakify and strongify macros", "Macros.m", "options: {weakify-macros: [KEEP_WEAK], strongify-macros: [KEEP_STRONG]}",
			[]string{"A.m:20:5: error [retaincycle]"}, nil},
		{"session managers", "Sessions.m", "options: {session-managers: [RKNetworkClient]}",
			nil, []string{"A.m:13:31: error [sessionleak]"}},
	} {
		dir := project(t, map[string]string{".objcleak.yml": "version: 1\n" + tc.config + "\n", "A.m": "@" + tc.fixture})
		if _, got, errs := lintIn(t, dir, "--no-config", "--root", dir, dir); !equal(got, tc.before) {
			t.Errorf("%s, without the option:\n got %q\nwant %q\n%s", tc.name, got, tc.before, errs)
		}
		if _, got, errs := lintIn(t, dir, dir); !equal(got, tc.after) {
			t.Errorf("%s, with the option:\n got %q\nwant %q\n%s", tc.name, got, tc.after, errs)
		}
	}
}

func TestConfigInit(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := objcleak(t, "config", "init", dir)
	file := filepath.Join(dir, config.FileName)
	if code != exitOK || out != "wrote "+file+"\n" {
		t.Fatalf("config init: exit %d, %q %q", code, out, errs)
	}
	f, err := config.Load(file, rules.All)
	if err != nil {
		t.Fatalf("the written file is not valid: %v", err)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range rules.All {
		r := f.Rules[a.Name]
		if r == nil || r.Severity != a.Severity || r.Enabled == nil || !*r.Enabled || len(r.Options) != len(a.Options) {
			t.Errorf("rule %s: %+v", a.Name, r)
		}
	}
	for _, want := range []string{"      maxlength: 10\n", "      classes: true\n", "  weakify-macros: []\n", "  strongify-macros: []\n",
		"  session-managers: []\n", "#   - \"Pods/**\"\n", "#   - \"Carthage/**\"\n", "#   - \"**/Generated/**\"\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the default file lacks %q", want)
		}
	}
	if code, _, errs := objcleak(t, "config", "init", dir); code != exitError || !strings.Contains(errs, "already exists; use --force to overwrite it") {
		t.Errorf("config init over an existing file: exit %d %s", code, errs)
	}
	if err := os.WriteFile(file, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := objcleak(t, "config", "init", "--force", dir); code != exitOK {
		t.Errorf("config init --force: exit %d %s", code, errs)
	}
	if b, _ := os.ReadFile(file); string(b) != string(text) {
		t.Errorf("--force did not rewrite the file")
	}
	if code, _, _ := objcleak(t, "config", "init", filepath.Join(dir, "missing")); code != exitError {
		t.Errorf("config init into a missing directory: exit %d", code)
	}
	if code, _, _ := objcleak(t, "config", "frobnicate"); code != exitError {
		t.Errorf("unknown config sub-command: exit %d", code)
	}
}

func TestConfigShow(t *testing.T) {
	dir := project(t, map[string]string{
		".objcleak.yml": "version: 1\nrules: {retaincycle: {severity: warning}}\noptions: {weakify-macros: [KEEP_WEAK]}\n",
		"Sources/A.m":   "@Cycles.m",
	})
	file := filepath.Join(dir, config.FileName)
	code, out, errs := objcleak(t, "config", "show", "--disable", "parse", "--exclude", "Gen", filepath.Join(dir, "Sources"))
	if code != exitOK {
		t.Fatalf("config show: exit %d %s", code, errs)
	}
	for _, want := range []string{
		"# file: " + file + "\n",
		"exclude:\n  - \"Gen\"  # --exclude\n",
		"  weakify-macros: [\"KEEP_WEAK\"]  # " + file + "\n",
		"  retaincycle:\n    enabled: true  # default\n    severity: warning  # " + file + " (default error)\n",
		"  parse:\n    enabled: false  # --disable\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ := objcleak(t, "config", "show", "--no-config", dir); code != exitOK || !strings.Contains(out, "# file: none") {
		t.Errorf("config show --no-config: exit %d\n%s", code, out)
	}
}

// TestReadmeConfigExample: the sample file in the README's Configuration
// section is valid.
func TestReadmeConfigExample(t *testing.T) {
	readme := readText(t, readmePath)
	_, section, ok := strings.Cut(readme, "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no Configuration section")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the Configuration section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	if _, err := config.Parse("README.md example", []byte(block), rules.All); err != nil {
		t.Errorf("the README's example configuration is not valid: %v", err)
	}
}
