package baseline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// leak reports every comment "// LEAK: message" at the comment, with that
// message: a rule whose findings a test places and words at will.
var leak = &analyzer.Analyzer{
	Name:     "leak",
	Doc:      "leak: test rule\n\nReports LEAK comments.",
	Severity: analyzer.SeverityWarning,
	Comments: true,
	Run: func(p *analyzer.Pass) (any, error) {
		for _, f := range p.Files {
			for _, c := range f.Comments {
				if _, msg, ok := strings.Cut(c.Text, "LEAK:"); ok {
					p.Reportf(c.Pos, "%s", strings.TrimSpace(msg))
				}
			}
		}
		return nil, nil
	},
}

// other is a second rule that reports nothing.
var other = &analyzer.Analyzer{
	Name:     "other",
	Doc:      "other: test rule\n\nReports nothing.",
	Severity: analyzer.SeverityWarning,
	Run:      func(*analyzer.Pass) (any, error) { return nil, nil },
}

// writeFiles writes name → content below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lint runs the leak rule (and others) on dir, with dir as the root.
func lint(t *testing.T, dir string, rules ...*analyzer.Analyzer) *analyzer.Result {
	t.Helper()
	if len(rules) == 0 {
		rules = []*analyzer.Analyzer{leak}
	}
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: rules})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// findings lists the diagnostics of res as "path:line: message".
func findings(res *analyzer.Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		p := res.Fset.Position(d.Pos)
		out = append(out, res.RelPath(p.Filename)+":"+strconv.Itoa(p.Line)+": "+d.Message)
	}
	return out
}

const feedM = `@implementation Feed
- (void)load {
    self.a = [Manager new]; // LEAK: manager a
    self.b = [Manager new]; // LEAK: manager b
}
@end
`

// roundTrip writes the baseline of dir's current findings and reads it back.
func roundTrip(t *testing.T, dir string) *File {
	t.Helper()
	name := filepath.Join(t.TempDir(), "baseline.json")
	if err := New(lint(t, dir), Tool{Name: "objcleak", Version: "test"}).WriteFile(name); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"App/Feed.m": feedM})
	res := lint(t, dir)
	b := New(res, Tool{Name: "objcleak", Version: "1.2.3"})
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind": "objcleak-baseline"`, `"version": 1`, `"fingerprintScheme": "` + analyzer.FingerprintKey + `"`,
		`"name": "objcleak"`, `"version": "1.2.3"`, `"path": "App/Feed.m"`, `"line": 3`, `"message": "manager a"`, `"rule": "leak"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("baseline lacks %s:\n%s", want, buf.String())
		}
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, b) {
		t.Errorf("round trip changed the baseline:\n got %+v\nwant %+v", got, b)
	}
	st := got.Apply(res)
	if len(res.Diagnostics) != 0 || st != (Stats{Hidden: 2}) {
		t.Errorf("after Apply: %v, stats %+v; want nothing left, 2 hidden", findings(res), st)
	}
	// An empty run writes an empty list, not null.
	buf.Reset()
	if err := New(&analyzer.Result{}, Tool{}).Encode(&buf); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("empty baseline: %v\n%s", err, buf.String())
	}
}

// TestLineShift: lines inserted above the findings move them, and the
// baseline still hides them; a new finding is reported.
func TestLineShift(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"App/Feed.m": feedM})
	b := roundTrip(t, dir)
	shifted := "#import \"Feed.h\"\n\n// A comment.\n" + strings.Replace(feedM, "- (void)load {\n", "- (void)load {\n    [self prepare];\n        [self   other];\n", 1)
	// Re-indenting a finding's line does not change its fingerprint.
	shifted = strings.Replace(shifted, "    self.b = ", "\tself.b  =  ", 1)
	shifted = strings.Replace(shifted, "@end\n", "- (void)more {\n    self.c = [Manager new]; // LEAK: manager c\n}\n@end\n", 1)
	writeFiles(t, dir, map[string]string{"App/Feed.m": shifted})
	res := lint(t, dir)
	st := b.Apply(res)
	if want := []string{"App/Feed.m:12: manager c"}; !reflect.DeepEqual(findings(res), want) {
		t.Errorf("findings = %q, want %q", findings(res), want)
	}
	if st != (Stats{Hidden: 2}) {
		t.Errorf("stats = %+v, want 2 hidden by fingerprint", st)
	}
}

// TestEditedLine: a finding whose line was edited no longer has its
// fingerprint. It is reported as new when its message changed too, or when
// the message is ambiguous; a unique message still matches.
func TestEditedLine(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"App/Feed.m": feedM})
	b := roundTrip(t, dir)

	// The code of line 3 changes, the message stays: matched by message.
	writeFiles(t, dir, map[string]string{"App/Feed.m": strings.Replace(feedM, "self.a = [Manager new];", "self.a = [[Manager alloc] init];", 1)})
	res := lint(t, dir)
	if st := b.Apply(res); len(res.Diagnostics) != 0 || st != (Stats{Hidden: 2, ByMessage: 1}) {
		t.Errorf("cosmetic edit: findings %q, stats %+v; want none, 2 hidden, 1 by message", findings(res), st)
	}

	// The line and the message change: a new finding, and a stale entry.
	writeFiles(t, dir, map[string]string{"App/Feed.m": strings.Replace(feedM, "self.a = [Manager new]; // LEAK: manager a", "self.a2 = [Manager new]; // LEAK: manager a2", 1)})
	res = lint(t, dir)
	st := b.Apply(res)
	if want := []string{"App/Feed.m:3: manager a2"}; !reflect.DeepEqual(findings(res), want) {
		t.Errorf("edited finding: findings %q, want %q", findings(res), want)
	}
	if st != (Stats{Hidden: 1, Stale: 1}) {
		t.Errorf("edited finding: stats %+v, want 1 hidden, 1 stale", st)
	}

	// Two edited findings with the same message: no unique match, both new.
	same := strings.ReplaceAll(feedM, "// LEAK: manager b", "// LEAK: manager a")
	writeFiles(t, dir, map[string]string{"App/Feed.m": same})
	b = roundTrip(t, dir)
	writeFiles(t, dir, map[string]string{"App/Feed.m": strings.ReplaceAll(same, "[Manager new]", "[Manager make]")})
	res = lint(t, dir)
	if st := b.Apply(res); len(res.Diagnostics) != 2 || st != (Stats{Stale: 2}) {
		t.Errorf("ambiguous message: findings %q, stats %+v; want both reported, 2 stale", findings(res), st)
	}
}

// TestDuplicateLines: identical lines get distinct fingerprints through the
// occurrence counter; each baseline entry hides one finding only.
func TestDuplicateLines(t *testing.T) {
	dir := t.TempDir()
	line := "    [self.items addObject:block]; // LEAK: block stored\n"
	writeFiles(t, dir, map[string]string{"A.m": "@implementation A\n- (void)run {\n" + line + line + "}\n@end\n"})
	b := roundTrip(t, dir)
	if len(b.Findings) != 2 || b.Findings[0].Fingerprint == b.Findings[1].Fingerprint {
		t.Fatalf("two identical lines: %+v; want two findings with different fingerprints", b.Findings)
	}
	// A third identical line: one new finding (the occurrence counter
	// gives the last one a fingerprint the baseline does not have).
	writeFiles(t, dir, map[string]string{"A.m": "@implementation A\n- (void)run {\n" + line + line + "    [self log];\n" + line + "}\n@end\n"})
	res := lint(t, dir)
	st := b.Apply(res)
	if want := []string{"A.m:6: block stored"}; !reflect.DeepEqual(findings(res), want) || st != (Stats{Hidden: 2}) {
		t.Errorf("findings %q, stats %+v; want %q and 2 hidden", findings(res), st, want)
	}
	// One of the two removed: the other is hidden, one entry is stale.
	writeFiles(t, dir, map[string]string{"A.m": "@implementation A\n- (void)run {\n" + line + "}\n@end\n"})
	res = lint(t, dir)
	if st := b.Apply(res); len(res.Diagnostics) != 0 || st != (Stats{Hidden: 1, Stale: 1}) {
		t.Errorf("one copy removed: findings %q, stats %+v; want none, 1 hidden, 1 stale", findings(res), st)
	}
}

// TestStale: entries count as stale only for rules that ran, in files that
// were linted or no longer exist.
func TestStale(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"A.m": feedM, "B.m": feedM, "C.m": feedM})
	b := roundTrip(t, dir)
	b.Findings = append(b.Findings, Finding{Rule: "other", Path: "Gone.m", Fingerprint: strings.Repeat("0", 32), Message: "x"})
	b.Findings = append(b.Findings, Finding{Rule: "norule", Path: "Gone.m", Fingerprint: strings.Repeat("1", 32), Message: "y"})
	// A.m fixed; B.m deleted; C.m exists but is not linted this time.
	writeFiles(t, dir, map[string]string{"A.m": "@implementation A\n@end\n"})
	if err := os.Remove(filepath.Join(dir, "B.m")); err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{filepath.Join(dir, "A.m")}, Root: dir, Analyzers: []*analyzer.Analyzer{leak, other}})
	if err != nil {
		t.Fatal(err)
	}
	// Stale: A.m's two (fixed), B.m's two (file deleted), other's Gone.m
	// entry; not C.m's (not linted) nor norule's (did not run).
	if st := b.Apply(res); st != (Stats{Stale: 5}) {
		t.Errorf("stats %+v, want 5 stale", st)
	}
}

func TestCorrupt(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"A.m": feedM})
	var good bytes.Buffer
	if err := New(lint(t, dir), Tool{Name: "objcleak"}).Encode(&good); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"empty", "", "empty file, not a baseline"},
		{"truncated", good.String()[:good.Len()/2], "not a valid baseline: unexpected EOF"},
		{"garbage", "<xml/>", "not a valid baseline: invalid character '<'"},
		{"trailing", good.String() + "{}", "data after the JSON document"},
		{"report", `{"version": 1, "diagnostics": []}`, `not an objcleak baseline (want "kind": "objcleak-baseline")`},
		{"version", strings.Replace(good.String(), `"version": 1,`, `"version": 2,`, 1), "baseline format version 2, this objcleak reads version 1"},
		{"scheme", strings.Replace(good.String(), analyzer.FingerprintKey, "objcleak/v0", 1), `fingerprints use scheme "objcleak/v0"`},
		{"fingerprint", strings.Replace(good.String(), `"fingerprint": "`, `"fingerprint": "X`, 1), "finding 1: fingerprint"},
		{"rule", strings.Replace(good.String(), `"rule": "leak"`, `"rule": ""`, 1), "finding 1: no rule"},
		{"type", strings.Replace(good.String(), `"line": 3`, `"line": "3"`, 1), "cannot unmarshal string"},
	} {
		name := filepath.Join(dir, tc.name+".json")
		writeFiles(t, dir, map[string]string{tc.name + ".json": tc.content})
		_, err := ReadFile(name)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "baseline "+name+": ") {
			t.Errorf("%s: error %v; want %q naming the file", tc.name, err, tc.want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.json")); err == nil || err.Error() != "baseline "+filepath.Join(dir, "missing.json")+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	// Unknown keys are ignored.
	extra := strings.Replace(good.String(), `"kind":`, `"comment": "adopted 2025", "kind":`, 1)
	if _, err := Decode(strings.NewReader(extra)); err != nil {
		t.Errorf("unknown key: %v", err)
	}
}

// TestWriteFileErrors: a baseline that cannot be written is an error naming
// the file, and leaves no temporary file behind.
func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	err := New(&analyzer.Result{}, Tool{}).WriteFile(filepath.Join(dir, "no", "such", "b.json"))
	if err == nil || !strings.Contains(err.Error(), "baseline "+filepath.Join(dir, "no", "such", "b.json")+": cannot write") {
		t.Errorf("error %v", err)
	}
	target := filepath.Join(dir, "isdir")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := New(&analyzer.Result{}, Tool{}).WriteFile(target); err == nil {
		t.Errorf("writing over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// crash panics: its internal error must never enter a baseline or be
// hidden by one.
var crash = &analyzer.Analyzer{
	Name:     "crash",
	Doc:      "crash: test rule\n\nPanics.",
	Severity: analyzer.SeverityWarning,
	Run:      func(*analyzer.Pass) (any, error) { panic("boom") },
}

func TestInternalErrorsAreNeverBaselined(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"App/Feed.m": feedM})
	res := lint(t, dir, leak, crash)
	b := New(res, Tool{Name: "objcleak", Version: "test"})
	for _, e := range b.Findings {
		if e.Rule == analyzer.InternalRuleName {
			t.Errorf("baseline holds an internal error: %+v", e)
		}
	}
	// A baseline that somehow holds it (hand-edited) hides it neither by
	// fingerprint nor by message.
	res = lint(t, dir, leak, crash)
	all := New(res, Tool{})
	fps := res.Fingerprints()
	for i, d := range res.Diagnostics {
		if d.Rule == analyzer.InternalRuleName {
			path, line := position(res, d)
			all.Findings = append(all.Findings, Finding{Rule: d.Rule, Path: path, Line: line, Fingerprint: fps[i], Message: d.Message})
		}
	}
	all.Apply(res)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != analyzer.InternalRuleName {
		t.Errorf("after the baseline: %q; want only the internal error", findings(res))
	}
}
