package analyzer

import (
	"errors"
	"go/token"
	"regexp"
	"strings"
	"testing"
)

// fpResult builds a Result over one in-memory file and reports one
// diagnostic of rule at the first occurrence of each marker (searching
// after the previous one).
func fpResult(t *testing.T, name, src, rule string, markers ...string) *Result {
	t.Helper()
	fset := token.NewFileSet()
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	r := &Result{
		Root: "/proj",
		Fset: fset,
		ReadFile: func(filename string) ([]byte, error) {
			if filename != name {
				return nil, errors.New("no such file")
			}
			return []byte(src), nil
		},
	}
	from := 0
	for _, m := range markers {
		i := strings.Index(src[from:], m)
		if i < 0 {
			t.Fatalf("marker %q not found", m)
		}
		from += i
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Pos: tf.Pos(from), Rule: rule, Severity: SeverityError})
		from += len(m)
	}
	return r
}

func TestFingerprintFormat(t *testing.T) {
	fp := Fingerprint("retaincycle", "App/A.m", "  self.block = ^{ [self go]; };", 0)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(fp) {
		t.Fatalf("Fingerprint = %q, want 32 lower-case hex digits", fp)
	}
	if again := Fingerprint("retaincycle", "App/A.m", "  self.block = ^{ [self go]; };", 0); again != fp {
		t.Errorf("Fingerprint not deterministic: %q then %q", fp, again)
	}
}

func TestFingerprintDistinguishes(t *testing.T) {
	base := Fingerprint("retaincycle", "App/A.m", "x = y;", 0)
	for name, other := range map[string]string{
		"rule":       Fingerprint("timerleak", "App/A.m", "x = y;", 0),
		"path":       Fingerprint("retaincycle", "App/B.m", "x = y;", 0),
		"text":       Fingerprint("retaincycle", "App/A.m", "x = z;", 0),
		"occurrence": Fingerprint("retaincycle", "App/A.m", "x = y;", 1),
		// NUL separators keep field boundaries apart.
		"boundary": Fingerprint("retaincycleApp/A.m", "", "x = y;", 0),
	} {
		if other == base {
			t.Errorf("changing the %s does not change the fingerprint", name)
		}
	}
}

func TestFingerprintIgnoresWhitespace(t *testing.T) {
	a := Fingerprint("retaincycle", "A.m", "\tself.timer  =\t[NSTimer new];\r", 0)
	b := Fingerprint("retaincycle", "A.m", "    self.timer = [NSTimer new];", 0)
	if a != b {
		t.Errorf("re-indented line changes the fingerprint: %s vs %s", a, b)
	}
	if got, want := NormalizeLine("  a \t b\n"), "a b"; got != want {
		t.Errorf("NormalizeLine = %q, want %q", got, want)
	}
}

func TestFingerprintsStableUnderLineShift(t *testing.T) {
	const body = "@implementation A\n- (void)go {\n  self.t = [NSTimer scheduledTimerWithTimeInterval:1 target:self];\n}\n@end\n"
	before := fpResult(t, "/proj/App/A.m", body, "timerleak", "[NSTimer")
	after := fpResult(t, "/proj/App/A.m", "// unrelated\n// edits\n\n"+body, "timerleak", "[NSTimer")
	if p := after.Fset.Position(after.Diagnostics[0].Pos); p.Line != 6 {
		t.Fatalf("test setup: finding on line %d, want 6", p.Line)
	}
	fb, fa := before.Fingerprints(), after.Fingerprints()
	if fb[0] != fa[0] {
		t.Errorf("fingerprint changed after inserting lines above: %s -> %s", fb[0], fa[0])
	}
	want := Fingerprint("timerleak", "App/A.m", "  self.t = [NSTimer scheduledTimerWithTimeInterval:1 target:self];", 0)
	if fb[0] != want {
		t.Errorf("Fingerprints()[0] = %s, want Fingerprint of the finding's line %s", fb[0], want)
	}

	other := fpResult(t, "/proj/App/A.m", body, "retaincycle", "[NSTimer")
	if other.Fingerprints()[0] == fb[0] {
		t.Error("two rules at the same place have the same fingerprint")
	}
}

func TestFingerprintsOccurrences(t *testing.T) {
	const src = "a();\nx = y;\nb();\nx = y;\n"
	r := fpResult(t, "/proj/A.m", src, "retaincycle", "x = y;", "x = y;")
	fps := r.Fingerprints()
	if fps[0] == fps[1] {
		t.Fatal("identical lines got identical fingerprints")
	}
	if fps[0] != Fingerprint("retaincycle", "A.m", "x = y;", 0) || fps[1] != Fingerprint("retaincycle", "A.m", "x = y;", 1) {
		t.Errorf("occurrences not numbered 0, 1 in order: %v", fps)
	}
}

func TestFingerprintsWithoutSource(t *testing.T) {
	r := fpResult(t, "/proj/A.m", "x = y;\n", "retaincycle", "x = y;")
	r.ReadFile = nil
	if got, want := r.Fingerprints()[0], Fingerprint("retaincycle", "A.m", "", 0); got != want {
		t.Errorf("without ReadFile: %s, want %s", got, want)
	}
	r.ReadFile = func(string) ([]byte, error) { return nil, errors.New("gone") }
	if got, want := r.Fingerprints()[0], Fingerprint("retaincycle", "A.m", "", 0); got != want {
		t.Errorf("with failing ReadFile: %s, want %s", got, want)
	}
	r.Diagnostics[0].Pos = token.NoPos
	if got, want := r.Fingerprints()[0], Fingerprint("retaincycle", "", "", 0); got != want {
		t.Errorf("without position: %s, want %s", got, want)
	}
	var nilResult *Result
	if nilResult.Fingerprints() != nil {
		t.Error("nil Result has fingerprints")
	}
}
