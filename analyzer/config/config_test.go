package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/config"
)

func noop(*analyzer.Pass) (any, error) { return nil, nil }

// Analyzers shaped like the real ones: two rules, one with options, both
// requiring a pass with a global option.
var (
	macros = &analyzer.Analyzer{Name: "macros", Doc: "macros: pass", Run: noop, Options: []analyzer.OptionDoc{
		{Name: "weakify-macros", Type: analyzer.OptionStrings, Doc: "weakify look-alikes"},
	}}
	cycle = &analyzer.Analyzer{Name: "cycle", Doc: "cycle: cycles\n\nBody.", Severity: analyzer.SeverityError, Run: noop,
		Requires: []*analyzer.Analyzer{macros}, Options: []analyzer.OptionDoc{
			{Name: "maxlength", Type: analyzer.OptionInt, Default: 10, Doc: "longest cycle"},
			{Name: "classes", Type: analyzer.OptionBool, Default: true, Doc: "class cycles"},
		}}
	leak = &analyzer.Analyzer{Name: "leak", Doc: "leak: leaks\n\nBody.", Severity: analyzer.SeverityWarning, Run: noop,
		Requires: []*analyzer.Analyzer{macros}}
	all = []*analyzer.Analyzer{cycle, leak}
)

func parse(t *testing.T, text string) (*config.File, error) {
	t.Helper()
	return config.Parse("proj/.objcleak.yml", []byte(text), all)
}

func TestParse(t *testing.T) {
	f, err := parse(t, `version: 1
include: [Sources]
exclude:
  - "Pods/**"
  - "*.pb.h"
header-paths: [Shared/Headers]
rules:
  leak: off
  cycle:
    severity: warning
    options:
      maxlength: 4
      classes: false
options:
  weakify-macros: [FOO_WEAKIFY]
arc:
  - {path: "Legacy/**", arc: false}
  - path: Legacy/Modern
    arc: true
`)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Include, []string{"Sources"}) || !reflect.DeepEqual(f.Exclude, []string{"Pods/**", "*.pb.h"}) ||
		!reflect.DeepEqual(f.HeaderPaths, []string{"Shared/Headers"}) {
		t.Errorf("include %q exclude %q header-paths %q", f.Include, f.Exclude, f.HeaderPaths)
	}
	if r := f.Rules["leak"]; r == nil || r.Enabled == nil || *r.Enabled {
		t.Errorf("leak: off not read: %+v", r)
	}
	c := f.Rules["cycle"]
	if c == nil || c.Enabled != nil || c.Severity != analyzer.SeverityWarning || !reflect.DeepEqual(c.Options, map[string]any{"maxlength": 4, "classes": false}) {
		t.Errorf("cycle = %+v", c)
	}
	if want := map[string]map[string]any{"macros": {"weakify-macros": []string{"FOO_WEAKIFY"}}}; !reflect.DeepEqual(f.Options, want) {
		t.Errorf("options = %#v, want %#v", f.Options, want)
	}
	if want := []config.ARCEntry{{Path: "Legacy/**", ARC: false}, {Path: "Legacy/Modern", ARC: true}}; !reflect.DeepEqual(f.ARC, want) {
		t.Errorf("arc = %+v", f.ARC)
	}
}

// TestParseErrors checks the exact message of each kind of mistake.
func TestParseErrors(t *testing.T) {
	const file = "proj/.objcleak.yml"
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", "version: 1\nexcludes: [Pods]\n",
			file + `:2:1: unknown key "excludes" (valid keys: arc, exclude, header-paths, include, options, rules, samples, tests, version)`},
		{"unknown rule", "version: 1\nrules:\n  cycles: off\n",
			file + `:3:3: unknown rule "cycles" (rules: cycle, leak)`},
		{"unknown rule key", "version: 1\nrules:\n  cycle:\n    sevrity: error\n",
			file + `:4:5: unknown key "sevrity" in rules.cycle (valid keys: enabled, options, severity)`},
		{"bad severity", "version: 1\nrules:\n  cycle:\n    severity: fatal\n",
			file + `:4:15: rules.cycle.severity: unknown severity "fatal" (want note, warning or error)`},
		{"unknown option", "version: 1\nrules:\n  cycle:\n    options: {maxlen: 3}\n",
			file + `:4:15: unknown option "maxlen" for rule cycle (options: classes, maxlength)`},
		{"option of a rule without options", "version: 1\nrules:\n  leak:\n    options: {x: 1}\n",
			file + `:4:15: unknown option "x" for rule leak (it has no options)`},
		{"wrong option type", "version: 1\nrules:\n  cycle:\n    options:\n      maxlength: ten\n",
			file + `:5:18: rules.cycle.options.maxlength: want an integer, got "ten"`},
		{"wrong bool option", "version: 1\nrules:\n  cycle:\n    options:\n      classes: 1\n",
			file + `:5:16: rules.cycle.options.classes: want true or false, got 1`},
		{"unknown global option", "version: 1\noptions:\n  strongify: [X]\n",
			file + `:3:3: unknown option "strongify" in options (options: weakify-macros)`},
		{"rule option set globally", "version: 1\noptions:\n  maxlength: 3\n",
			file + `:3:3: unknown option "maxlength" in options (options: weakify-macros); maxlength is an option of rule cycle (rules: cycle: options: maxlength)`},
		{"global option type", "version: 1\noptions:\n  weakify-macros: FOO\n",
			file + `:3:19: options.weakify-macros: want a list of strings, got "FOO"`},
		{"bad rule value", "version: 1\nrules:\n  leak: maybe\n",
			file + `:3:9: rules.leak: want true, false, on, off or a mapping with the keys enabled, options, severity, got "maybe"`},
		{"bad enabled", "version: 1\nrules:\n  leak: {enabled: 2}\n",
			file + `:3:19: rules.leak.enabled: want true or false, got "2"`},
		{"missing version", "rules: {}\n", file + `:1:1: missing "version: 1"`},
		{"empty file", "# nothing\n", file + `:1: missing "version: 1" (the file is empty)`},
		{"wrong version", "version: 2\n", file + `:1:10: version: unsupported version 2 (want 1)`},
		{"not a mapping", "- a\n", file + `:1:1: want a mapping with the keys arc, exclude, header-paths, include, options, rules, samples, tests, version`},
		{"repeated key", "version: 1\nexclude: [a]\nexclude: [b]\n", file + `:3:1: key "exclude" repeated (first at line 2)`},
		{"bad glob", "version: 1\nexclude: [\"a/[\"]\n", file + `:2:11: exclude: bad glob "a/[": syntax error in pattern`},
		{"globs not a list", "version: 1\ninclude: Sources\n", file + `:2:10: include: want a list of strings, got "Sources"`},
		{"arc entry", "version: 1\narc:\n  - {path: Legacy}\n", file + `:3:5: arc[0]: missing key "arc"`},
		{"arc value", "version: 1\narc:\n  - {path: Legacy, arc: no-arc}\n", file + `:3:25: arc[0].arc: want true (ARC) or false (MRC), got "no-arc"`},
		{"arc key", "version: 1\narc:\n  - {glob: Legacy, arc: false}\n",
			file + `:3:6: unknown key "glob" in arc[0] (valid keys: arc, path)` + "\n" + file + `:3:5: arc[0]: missing key "path"`},
		{"arc not a list", "version: 1\narc: {path: x}\n", file + `:2:6: arc: want a list of {path: GLOB, arc: true|false} entries`},
		{"yaml syntax", "version: 1\nrules: [\n", file + `:2: invalid YAML: did not find expected node content`},
		{"two documents", "version: 1\n---\nversion: 1\n", file + `:2:1: more than one YAML document; a configuration is one mapping`},
	} {
		_, err := parse(t, tc.text)
		if err == nil {
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, err, tc.want)
		}
	}
}

// TestParseReportsAllErrors: every mistake is reported, in file order.
func TestParseReportsAllErrors(t *testing.T) {
	_, err := parse(t, "version: 1\nexcludes: []\nrules:\n  nosuch: off\n  cycle: {severity: loud}\n")
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], ":2:1:") || !strings.Contains(lines[1], ":4:3:") || !strings.Contains(lines[2], ":5:21:") {
		t.Errorf("errors:\n%v", err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "proj", config.FileName), "version: 1\n")
	write(t, filepath.Join(dir, "proj", "Sources", "Feed", "Feed.m"), "")
	write(t, filepath.Join(dir, "proj", "Sources", "Sub", config.FileName), "version: 1\n")
	if err := os.MkdirAll(filepath.Join(dir, "proj", "Sources", "Dir", config.FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	top := filepath.Join(dir, "proj", config.FileName)
	for _, tc := range []struct{ start, want string }{
		{filepath.Join(dir, "proj", "Sources", "Feed", "Feed.m"), top},
		{filepath.Join(dir, "proj", "Sources", "Feed"), top},
		{filepath.Join(dir, "proj", "Sources", "Feed", "Unsaved.m"), top}, // need not exist
		{filepath.Join(dir, "proj", "Sources", "New", "Dir", "X.m"), top},
		{filepath.Join(dir, "proj"), top},
		{filepath.Join(dir, "proj", "Sources", "Sub", "X.m"), filepath.Join(dir, "proj", "Sources", "Sub", config.FileName)},
		{filepath.Join(dir, "proj", "Sources", "Dir", "X.m"), top}, // a directory named .objcleak.yml is not a file
		{dir, ""},
	} {
		got, err := config.Find(tc.start)
		if err != nil || got != tc.want {
			t.Errorf("Find(%s) = %q, %v; want %q", tc.start, got, err, tc.want)
		}
	}
}

func TestFindRelative(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, config.FileName), "version: 1\n")
	write(t, filepath.Join(dir, "a", "b", "c.m"), "")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, start := range []string{"b/c.m", ".", ""} {
		if got, err := config.Find(start); err != nil || got != filepath.Join(dir, config.FileName) {
			t.Errorf("Find(%q) = %q, %v", start, got, err)
		}
	}
	// Below the current directory, a relative start gives a relative path.
	write(t, filepath.Join(dir, "a", "b", config.FileName), "version: 1\n")
	if got, err := config.Find("b/c.m"); err != nil || got != filepath.Join("b", config.FileName) {
		t.Errorf("Find(b/c.m) = %q, %v", got, err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, config.FileName)
	write(t, p, "version: 1\nrules: {cycle: {severity: note}}\n")
	f, err := config.Load(p, all)
	if err != nil || f.Rules["cycle"].Severity != analyzer.SeverityNote || f.Dir() != dir {
		t.Fatalf("Load = %+v, %v", f, err)
	}
	if _, err := config.Load(filepath.Join(dir, "missing.yml"), all); err == nil || !strings.Contains(err.Error(), "missing.yml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func mustParse(t *testing.T, path, text string) *config.File {
	t.Helper()
	f, err := config.Parse(path, []byte(text), all)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func names(as []*analyzer.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestResolvePrecedence(t *testing.T) {
	dir := t.TempDir()
	f := mustParse(t, filepath.Join(dir, config.FileName), `version: 1
include: [Sources]
exclude: [Pods]
header-paths: [Shared]
rules:
  leak: {enabled: false, severity: error}
  cycle: {options: {maxlength: 3}}
options:
  weakify-macros: [W]
arc:
  - {path: Legacy, arc: false}
samples: true
`)
	for _, tc := range []struct {
		name  string
		flags config.Flags
		rules []string
	}{
		{"file", config.Flags{}, []string{"cycle"}},
		{"--enable replaces the file's selection", config.Flags{Enable: []string{"leak"}}, []string{"leak"}},
		{"--disable comes last", config.Flags{Enable: []string{"leak", "cycle"}, Disable: []string{"cycle"}}, []string{"leak"}},
	} {
		s, err := config.Resolve(f, all, tc.flags)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(s.Analyzers); !reflect.DeepEqual(got, tc.rules) {
			t.Errorf("%s: rules %q, want %q", tc.name, got, tc.rules)
		}
	}

	s, err := config.Resolve(f, all, config.Flags{Exclude: []string{"Gen"}, HeaderPaths: []string{"More"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Root != dir {
		t.Errorf("root = %q, want the file's directory %q", s.Root, dir)
	}
	if !reflect.DeepEqual(s.Include, []string{"Sources"}) || !reflect.DeepEqual(s.Exclude, []string{"Pods", "Gen"}) {
		t.Errorf("include %q exclude %q", s.Include, s.Exclude)
	}
	if want := []string{filepath.Join(dir, "Shared"), "More"}; !reflect.DeepEqual(s.HeaderPaths, want) {
		t.Errorf("header paths %q, want %q", s.HeaderPaths, want)
	}
	if s.Severity["leak"] != analyzer.SeverityError || len(s.Severity) != 1 {
		t.Errorf("severity = %v", s.Severity)
	}
	want := map[string]map[string]any{"cycle": {"maxlength": 3}, "macros": {"weakify-macros": []string{"W"}}}
	if !reflect.DeepEqual(s.Options, want) {
		t.Errorf("options = %v, want %v", s.Options, want)
	}

	// --include replaces the file's includes; --root replaces the root.
	s, err = config.Resolve(f, all, config.Flags{Include: []string{"Tests"}, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Include, []string{"Tests"}) {
		t.Errorf("include %q, want only --include", s.Include)
	}

	cfg := &analyzer.Config{}
	s.Apply(cfg)
	if cfg.Root != dir || !cfg.Samples || cfg.Tests || !reflect.DeepEqual(cfg.Exclude, []string{"Pods"}) || cfg.MRC == nil || len(cfg.Analyzers) != 1 || cfg.Options["cycle"]["maxlength"] != 3 {
		t.Errorf("Apply: %+v", cfg)
	}
	if mrc, ok := cfg.MRC("Sources/Legacy/Old.m"); !ok || !mrc {
		t.Errorf("MRC(Sources/Legacy/Old.m) = %v, %v", mrc, ok)
	}
	if _, ok := cfg.MRC("Sources/New.m"); ok {
		t.Errorf("MRC(Sources/New.m) decided by the configuration")
	}

	if _, err := config.Resolve(f, all, config.Flags{Enable: []string{"nosuch"}}); err == nil || err.Error() != `unknown rule "nosuch" (rules: cycle, leak)` {
		t.Errorf("unknown rule in flags: %v", err)
	}
	s, err = config.Resolve(nil, all, config.Flags{})
	if err != nil || s.Root != "" || len(s.Analyzers) != 2 || s.Exclude != nil {
		t.Errorf("no file: %+v, %v", s, err)
	}
}

func TestMRCFirstMatchWins(t *testing.T) {
	f := mustParse(t, filepath.Join(t.TempDir(), config.FileName), `version: 1
arc:
  - {path: "Legacy/Modern/**", arc: true}
  - {path: "Legacy/**", arc: false}
`)
	s, err := config.Resolve(f, all, config.Flags{})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{"Legacy/Old.m": true, "Legacy/Modern/New.m": false} {
		if mrc, ok := s.MRC(rel); !ok || mrc != want {
			t.Errorf("MRC(%s) = %v, %v; want %v", rel, mrc, ok, want)
		}
	}
}

// TestResolveRebase: with --root above the file's directory, the file's
// globs still mean what they say relative to the file.
func TestResolveRebase(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "apps", "ios")
	f := mustParse(t, filepath.Join(sub, config.FileName), `version: 1
include: ["Sources/**"]
exclude: ["*.pb.h", "/Vendor/"]
arc: [{path: "Legacy/**", arc: false}]
`)
	s, err := config.Resolve(f, all, config.Flags{Root: dir, Exclude: []string{"Gen/**"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"apps/ios/Sources/**"}; !reflect.DeepEqual(s.Include, want) {
		t.Errorf("include = %q, want %q", s.Include, want)
	}
	if want := []string{"apps/ios/**/*.pb.h", "apps/ios/**/Vendor", "Gen/**"}; !reflect.DeepEqual(s.Exclude, want) {
		t.Errorf("exclude = %q, want %q", s.Exclude, want)
	}
	for rel, want := range map[string]bool{"apps/ios/Vendor/x/A.m": true, "apps/ios/Sources/M.pb.h": true, "Vendor/A.m": false, "x.pb.h": false} {
		if got := analyzer.MatchGlob(s.Exclude[0], rel) || analyzer.MatchGlob(s.Exclude[1], rel); got != want {
			t.Errorf("excluded(%s) = %v, want %v", rel, got, want)
		}
	}
	if mrc, ok := s.MRC("apps/ios/Legacy/Old.m"); !ok || !mrc {
		t.Errorf("MRC(apps/ios/Legacy/Old.m) = %v, %v", mrc, ok)
	}
	// A root below the file's directory cannot express its globs.
	_, err = config.Resolve(f, all, config.Flags{Root: filepath.Join(sub, "Sources")})
	if err == nil || !strings.Contains(err.Error(), "is not below --root") {
		t.Errorf("root below the file: %v", err)
	}
	// Without globs it does not matter.
	g := mustParse(t, filepath.Join(sub, config.FileName), "version: 1\n")
	if _, err := config.Resolve(g, all, config.Flags{Root: filepath.Join(sub, "Sources")}); err != nil {
		t.Errorf("root below a file without globs: %v", err)
	}
}

func TestDefaultParses(t *testing.T) {
	text := config.Default(all)
	f, err := config.Parse("default.yml", []byte(text), all)
	if err != nil {
		t.Fatalf("Default does not parse: %v\n%s", err, text)
	}
	s, err := config.Resolve(f, all, config.Flags{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Analyzers) != 2 || len(s.Exclude) != 0 || len(s.Include) != 0 || len(s.ARC) != 0 {
		t.Errorf("Default is not the defaults: %+v", s)
	}
	if !reflect.DeepEqual(f.Rules["cycle"].Options, map[string]any{"maxlength": 10, "classes": true}) || f.Rules["cycle"].Severity != analyzer.SeverityError {
		t.Errorf("cycle: %+v", f.Rules["cycle"])
	}
	for _, want := range []string{
		"  cycle:\n    enabled: true\n    severity: error\n    options:\n      # longest cycle\n      maxlength: 10\n",
		"  leak:\n    enabled: true\n    severity: warning\n",
		"  # weakify look-alikes (used by cycle, leak)\n  weakify-macros: []\n",
		"# exclude:\n#   - \"Pods/**\"\n#   - \"Carthage/**\"\n#   - \"**/Generated/**\"\n",
		"# arc:\n#   - path: \"Legacy/**\"\n#     arc: false\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Default lacks %q:\n%s", want, text)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, config.FileName)
	f := mustParse(t, path, "version: 1\nexclude: [Pods]\nrules:\n  cycle: {severity: warning, options: {classes: false}}\narc: [{path: Legacy, arc: false}]\n")
	s, err := config.Resolve(f, all, config.Flags{Disable: []string{"leak"}, Exclude: []string{"Gen"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# file: " + path + "\n",
		"# root: " + dir + " (the directory of " + path + "); globs are relative to it\n",
		"exclude:\n  - \"Pods\"  # " + path + "\n  - \"Gen\"  # --exclude\n",
		"include: []\n",
		"  - {path: \"Legacy\", arc: false}  # " + path + "\n",
		"  weakify-macros: []  # default\n",
		"  cycle:\n    enabled: true  # default\n    severity: warning  # " + path + " (default error)\n    options:\n      maxlength: 10  # default\n      classes: false  # " + path + "\n",
		"  leak:\n    enabled: false  # --disable\n    severity: warning  # default\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Write lacks %q:\n%s", want, out)
		}
	}
	// What Write prints is a valid configuration.
	if _, err := config.Parse("shown.yml", []byte(out), all); err != nil {
		t.Errorf("the output of Write does not parse: %v\n%s", err, out)
	}
}
