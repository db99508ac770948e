package analyzer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// sends reports every [x leak] send; it stands in for a real rule.
var sends = &analyzer.Analyzer{
	Name:     "sends",
	Doc:      "sends: reports leak sends\n\nFor driver tests.",
	Severity: analyzer.SeverityWarning,
	Run: func(pass *analyzer.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, c := range f.Classes {
				for _, m := range c.Methods {
					if m.Body == nil {
						continue
					}
					for _, s := range m.Body.Sends {
						if s.Selector() == "leak" {
							pass.Reportf(s.Expr.Pos, "leak in %s", c.Name)
						}
					}
				}
			}
		}
		return nil, nil
	},
}

var panics = &analyzer.Analyzer{
	Name:     "panics",
	Doc:      "panics: always panics\n\nFor driver tests.",
	Severity: analyzer.SeverityError,
	Run:      func(*analyzer.Pass) (any, error) { panic("boom") },
}

// writeTree creates files (name → content) below a new temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lint runs the driver and renders findings as "file:line: rule: message".
func lint(t *testing.T, dir string, jobs int, as ...*analyzer.Analyzer) []string {
	t.Helper()
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Jobs: jobs, Analyzers: as})
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

const impl = "@implementation %s\n- (void)run {\n    [self leak];\n}\n@end\n"

func TestDiscoverSkipsDependencyDirs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"App/A.m":                fmt.Sprintf(impl, "A"),
		"App/A.h":                "@interface A : NSObject\n@end\n",
		"App/notes.txt":          "not source",
		"Pods/AFNetworking/X.m":  fmt.Sprintf(impl, "X"),
		"Carthage/Checkouts/Y.m": fmt.Sprintf(impl, "Y"),
		"build/Z.m":              fmt.Sprintf(impl, "Z"),
		"DerivedData/W.m":        fmt.Sprintf(impl, "W"),
		".git/V.m":               fmt.Sprintf(impl, "V"),
		"App/Sub/B.mm":           fmt.Sprintf(impl, "B"),
	})
	got, err := analyzer.Discover([]string{dir}, analyzer.DefaultSkipDirs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(dir, got[i])
		got[i] = filepath.ToSlash(got[i])
	}
	want := []string{"App/A.h", "App/A.m", "App/Sub/B.mm"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Discover = %q, want %q", got, want)
	}
	// A skipped directory named explicitly is linted.
	got, err = analyzer.Discover([]string{filepath.Join(dir, "Pods")}, analyzer.DefaultSkipDirs)
	if err != nil || len(got) != 1 {
		t.Errorf("Discover(Pods) = %q, %v; want the one file", got, err)
	}
}

func TestInputErrors(t *testing.T) {
	dir := writeTree(t, map[string]string{"notes.txt": "x"})
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing"), "no such file or directory"},
		{filepath.Join(dir, "notes.txt"), "not an Objective-C source file"},
	} {
		_, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{tc.path}, Analyzers: []*analyzer.Analyzer{sends}})
		var ie *analyzer.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("Run(%s) error = %v, want an InputError naming the path and %q", tc.path, err, tc.want)
		}
	}
}

func TestSuppression(t *testing.T) {
	dir := writeTree(t, map[string]string{"A.m": `@implementation A
- (void)run {
    [self leak]; // objcleak:ignore sends -- measured: this one is fine
    // objcleak:ignore sends -- the line above form
    [self leak];
    [self leak]; // objcleak:ignore sends
    [self leak]; // objcleak:ignore nosuchrule -- typo
    [self fine]; // objcleak:ignore sends -- nothing to suppress here
    [self leak]; /* objcleak:ignore sends -- block comment form */
}
@end
`})
	got := lint(t, dir, 1, sends, analyzer.Suppression)
	want := []string{
		"A.m:6: suppression: objcleak:ignore has no reason; add one after `--`, e.g. `// objcleak:ignore sends -- why this is fine`",
		`A.m:7: sends: leak in A`,
		`A.m:7: suppression: objcleak:ignore names unknown rule "nosuchrule" (known rules: sends, suppression)`,
		"A.m:8: suppression: objcleak:ignore for sends suppresses nothing here; remove it",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestPanickingAnalyzerIsReported(t *testing.T) {
	dir := writeTree(t, map[string]string{"A.m": fmt.Sprintf(impl, "A")})
	got := lint(t, dir, 1, panics, sends)
	if len(got) != 2 || !strings.Contains(got[0], "internal: internal error in panics: panic: boom") || got[1] != "A.m:3: sends: leak in A" {
		t.Errorf("findings = %q; want the internal error and the other rule's finding", got)
	}
}

func TestBadFilesAreReportedNotFatal(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Binary.m": "\x00\x01\x02binary",
		"Good.m":   fmt.Sprintf(impl, "Good"),
		"Empty.m":  "",
		"Bad.m":    "@implementation Bad\n- (void)run {\n    [self leak\n}\n@end\n",
		"Utf8.m":   "@implementation U\n- (void)run {\n    NSString *s = @\"\xff\xfe\";\n    [self leak];\n}\n@end\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "Dir.m"), 0o755); err != nil {
		t.Fatal(err)
	}
	parseRule := &analyzer.Analyzer{Name: analyzer.ParseRuleName, Doc: "parse: x\n\ny", Severity: analyzer.SeverityNote,
		Run: func(*analyzer.Pass) (any, error) { return nil, nil }}
	got := strings.Join(lint(t, dir, 2, sends, parseRule), "\n")
	for _, want := range []string{
		"Binary.m:1: parse: ",
		"binary file (contains NUL bytes); the file was not analyzed",
		"Good.m:3: sends: leak in Good",
		"Utf8.m:4: sends: leak in U",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings do not contain %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Dir.m") {
		t.Errorf("a directory named Dir.m was treated as a file:\n%s", got)
	}
}

func TestSymlinkLoopTerminates(t *testing.T) {
	dir := writeTree(t, map[string]string{"A/A.m": fmt.Sprintf(impl, "A")})
	if err := os.Symlink(dir, filepath.Join(dir, "A", "loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	got := lint(t, dir, 1, sends)
	if len(got) != 1 {
		t.Errorf("findings = %q, want one (the loop is not followed)", got)
	}
}

// TestDeterministic lints the same tree with different parallelism and
// expects byte-identical results.
func TestDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("Dir%d/C%d.m", i%5, i)] = fmt.Sprintf(impl, fmt.Sprintf("C%d", i))
	}
	dir := writeTree(t, files)
	var outs [][]byte
	for _, jobs := range []int{1, 2, 8, 1} {
		var b bytes.Buffer
		for _, l := range lint(t, dir, jobs, sends) {
			b.WriteString(l + "\n")
		}
		outs = append(outs, b.Bytes())
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Fatalf("run %d differs from run 0:\n%s\n---\n%s", i, outs[i], outs[0])
		}
	}
	if n := bytes.Count(outs[0], []byte("\n")); n != 40 {
		t.Errorf("got %d findings, want 40", n)
	}
}

func TestValidate(t *testing.T) {
	bad := []*analyzer.Analyzer{
		{Name: "Bad-Name", Doc: "Bad-Name: x\n\ny", Severity: analyzer.SeverityNote, Run: sends.Run},
		{Name: "nodoc", Severity: analyzer.SeverityNote, Run: sends.Run},
		{Name: "norun", Doc: "norun: x\n\ny", Severity: analyzer.SeverityNote},
	}
	err := analyzer.Validate(bad)
	for _, want := range []string{`"Bad-Name": name must match`, `"nodoc": Doc must start with`, `"norun" has no Run`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error %v does not mention %q", err, want)
		}
	}
	a := &analyzer.Analyzer{Name: "a", Run: sends.Run}
	b := &analyzer.Analyzer{Name: "b", Run: sends.Run, Requires: []*analyzer.Analyzer{a}}
	a.Requires = []*analyzer.Analyzer{b}
	if err := analyzer.Validate([]*analyzer.Analyzer{a}); err == nil || !strings.Contains(err.Error(), "cycle in Requires: a -> b -> a") {
		t.Errorf("Validate did not report the Requires cycle: %v", err)
	}
	if err := analyzer.Validate([]*analyzer.Analyzer{sends, analyzer.Suppression}); err != nil {
		t.Errorf("Validate(valid) = %v", err)
	}
}

func TestRequiresRunOnceAndInOrder(t *testing.T) {
	// Independent analyzers run in parallel: "one" and "two" may run in
	// either order, but each once and both after "base".
	var mu sync.Mutex
	var order []string
	record := func(name string) {
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
	}
	base := &analyzer.Analyzer{Name: "base", Run: func(*analyzer.Pass) (any, error) { record("base"); return 42, nil }}
	mk := func(name string) *analyzer.Analyzer {
		return &analyzer.Analyzer{Name: name, Doc: name + ": x\n\ny", Severity: analyzer.SeverityNote, Requires: []*analyzer.Analyzer{base},
			Run: func(p *analyzer.Pass) (any, error) {
				if p.ResultOf[base] != 42 {
					t.Errorf("%s: ResultOf[base] = %v", name, p.ResultOf[base])
				}
				record(name)
				return nil, nil
			}}
	}
	dir := writeTree(t, map[string]string{"A.m": fmt.Sprintf(impl, "A")})
	lint(t, dir, 1, mk("one"), mk("two"))
	if len(order) != 3 || order[0] != "base" || !(order[1] == "one" && order[2] == "two" || order[1] == "two" && order[2] == "one") {
		t.Errorf("run order = %q", order)
	}
}

// TestBeforeAnalysis: the hook runs once the facts are loaded, before the
// first analyzer; what it returns runs after the last. A run answered by
// the findings cache analyzes nothing and calls neither.
func TestBeforeAnalysis(t *testing.T) {
	dir := writeTree(t, map[string]string{"A.m": fmt.Sprintf(impl, "A")})
	cache, err := analyzer.OpenDiskCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []string
	record := func(e string) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	rule := &analyzer.Analyzer{Name: "rec", Doc: "rec: records\n\nFor driver tests.", Severity: analyzer.SeverityNote,
		Run: func(p *analyzer.Pass) (any, error) {
			if len(p.Files) == 0 {
				t.Error("the analyzer ran without facts")
			}
			record("run")
			return nil, nil
		}}
	cfg := &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: []*analyzer.Analyzer{rule}, DiskCache: cache,
		BeforeAnalysis: func() func() {
			record("before")
			return func() { record("done") }
		}}
	for run := 0; run < 2; run++ {
		if _, err := analyzer.Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(events, " "); got != "before run done" {
		t.Errorf("events over two runs (the second from the findings cache) = %q, want %q", got, "before run done")
	}
}
