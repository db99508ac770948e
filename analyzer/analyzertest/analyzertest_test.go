package analyzertest

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// toy reports every [x leak] send, with one related location and a
// two-step flow, so that every feature of the harness can be exercised.
var toy = &analyzer.Analyzer{
	Name:     "toy",
	Doc:      "toy: reports leak sends\n\nFor the harness tests.",
	Severity: analyzer.SeverityWarning,
	Run: func(pass *analyzer.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, c := range f.Classes {
				for _, m := range c.Methods {
					if m.Body == nil {
						continue
					}
					for _, s := range m.Body.Sends {
						if s.Selector() != "leak" {
							continue
						}
						pass.Report(analyzer.Diagnostic{
							Pos:     s.Expr.Pos,
							Message: "leak via " + s.Expr.X().Name,
							Related: []analyzer.Related{{Pos: m.Pos, Message: "declared here"}},
							Flow:    []analyzer.Step{{Pos: m.Pos, Message: "first"}, {Pos: s.Expr.Pos, Message: "second"}},
						})
					}
				}
			}
		}
		return nil, nil
	},
}

// recorder is a Testing that records failures instead of failing.
type recorder struct {
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = true
	r.Errorf(format, args...)
}

func TestPass(t *testing.T) {
	rec := &recorder{}
	Run(rec, filepath.Join("testdata", "pass"), toy)
	if len(rec.errors) > 0 {
		t.Errorf("a fixture whose expectations are all met failed:\n%s", strings.Join(rec.errors, "\n"))
	}
}

func TestFail(t *testing.T) {
	rec := &recorder{}
	Run(rec, filepath.Join("testdata", "fail"), toy)
	want := []string{
		"b.m:4:5: unexpected diagnostic: leak via self",
		"b.m:6:5: unexpected diagnostic: leak via other",
		`b.m:7:5: diagnostic "leak via self" has no related location matching "nothing like this" (related: 3:1 "declared here")`,
		`b.m:8:5: diagnostic "leak via self" has no flow step matching "first" in order (flow: "first" -> "second")`,
		`b.m:5: no diagnostic was reported matching "leak"`,
		`b.m:6: no diagnostic was reported matching "leak via self"`,
	}
	var got []string
	for _, e := range rec.errors {
		got = append(got, filepath.Base(e))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("harness failures:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func TestParseErrorInFixture(t *testing.T) {
	rec := &recorder{}
	Run(rec, filepath.Join("testdata", "parseerror"), toy)
	found := false
	for _, e := range rec.errors {
		if strings.Contains(e, "fixture has a parse error") {
			found = true
		}
	}
	if !found {
		t.Errorf("a fixture with a parse error did not fail the test; failures: %q", rec.errors)
	}
}

func TestMalformedWant(t *testing.T) {
	for _, tc := range []struct{ line, err string }{
		{`x; // want leak`, "malformed want comment"},
		{`x; // want "("`, "bad pattern"},
		{`x; // want related:"x"`, "must follow a message pattern"},
	} {
		_, err := parseWants("f.m", []byte(tc.line))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("parseWants(%q) error = %v, want %q", tc.line, err, tc.err)
		}
	}
}

func TestWantSyntax(t *testing.T) {
	ws, err := parseWants("f.m", []byte("a\nb; // want +2 \"x\" `y\\d` related:\"r\" flow:`f`\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].line != 4 || ws[1].line != 4 || ws[0].rx.String() != "x" || ws[1].rx.String() != `y\d` ||
		len(ws[1].related) != 1 || len(ws[1].flow) != 1 || len(ws[0].related) != 0 {
		t.Errorf("parsed %+v", ws)
	}
}

func TestRunTxtar(t *testing.T) {
	rec := &recorder{}
	RunTxtar(rec, []string{filepath.Join("testdata", "case.txtar")}, toy)
	want := []string{`case.txtar: B.m:3:5: unexpected diagnostic: leak via self`}
	if !reflect.DeepEqual(rec.errors, want) {
		t.Errorf("txtar failures = %q, want %q", rec.errors, want)
	}
}
