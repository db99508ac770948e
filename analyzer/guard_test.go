package analyzer_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

// crashOn panics on files whose name contains "Crash" and otherwise
// reports like sends; it goes through Pass.ForEachFile.
var crashOn = &analyzer.Analyzer{
	Name:     "crashy",
	Doc:      "crashy: panics on some files\n\nFor driver tests.",
	Severity: analyzer.SeverityWarning,
	Run: func(pass *analyzer.Pass) (any, error) {
		pass.ForEachFile(func(f *objcparse.File) {
			if strings.Contains(f.Path, "Crash") {
				var m map[string]int
				m["boom"]++ // a nil map write: a runtime panic, as a real bug would be
			}
			for _, c := range f.Classes {
				pass.Reportf(c.Pos, "class %s", c.Name)
			}
		})
		return nil, nil
	},
}

// crashPass is a pass (no findings) that panics on one file; the rule that
// requires it still runs on what it computed for the other files.
var crashPass = &analyzer.Analyzer{
	Name: "crashpass",
	Run: func(pass *analyzer.Pass) (any, error) {
		var names []string
		pass.ForEachFile(func(f *objcparse.File) {
			if strings.Contains(f.Path, "Crash") {
				panic(fmt.Sprintf("cannot handle %s\nsecond line", f.Classes[0].Name))
			}
			names = append(names, f.Classes[0].Name)
		})
		return names, nil
	},
}

var usesPass = &analyzer.Analyzer{
	Name:     "usespass",
	Doc:      "usespass: reports the classes the pass saw\n\nFor driver tests.",
	Severity: analyzer.SeverityNote,
	Requires: []*analyzer.Analyzer{crashPass},
	Run: func(pass *analyzer.Pass) (any, error) {
		pass.ForEachFile(func(f *objcparse.File) {
			for _, n := range pass.ResultOf[crashPass].([]string) {
				if n == f.Classes[0].Name {
					pass.Reportf(f.Classes[0].Pos, "seen %s", n)
				}
			}
		})
		return nil, nil
	},
}

// TestPanicInOneFile: a panic while one rule looks at one file becomes an
// internal-error diagnostic at that file, naming the rule, the file, the
// panic and where it happened; the rule goes on with the other files, and
// the other rules run.
func TestPanicInOneFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"A.m":       fmt.Sprintf(impl, "A"),
		"Crash.m":   fmt.Sprintf(impl, "Crash"),
		"Sub/Z.m":   fmt.Sprintf(impl, "Z"),
		"Sub/ZZ.mm": fmt.Sprintf(impl, "ZZ"),
	})
	got := lint(t, dir, 2, crashOn, sends, usesPass)
	want := []*regexp.Regexp{
		regexp.MustCompile(`^A\.m:1: crashy: class A$`),
		regexp.MustCompile(`^A\.m:1: usespass: seen A$`),
		regexp.MustCompile(`^A\.m:3: sends: leak in A$`),
		regexp.MustCompile(`^Crash\.m:1: internal: internal error in crashy on Crash\.m: panic: assignment to entry in nil map ` +
			`\(at analyzer_test\.init\.func\d+\.1 \(guard_test\.go:\d+\)\); findings in this file may be missing; please report it at https://github\.com/objcleak/objcleak/issues$`),
		regexp.MustCompile(`^Crash\.m:1: internal: internal error in pass crashpass on Crash\.m: panic: cannot handle Crash … ` +
			`\(at analyzer_test\.init\.func\d+\.1 \(guard_test\.go:\d+\)\); findings in this file may be missing; please report it at https://github\.com/objcleak/objcleak/issues$`),
		regexp.MustCompile(`^Crash\.m:3: sends: leak in Crash$`),
		regexp.MustCompile(`^Sub/Z\.m:1: crashy: class Z$`),
		regexp.MustCompile(`^Sub/Z\.m:1: usespass: seen Z$`),
		regexp.MustCompile(`^Sub/Z\.m:3: sends: leak in Z$`),
		regexp.MustCompile(`^Sub/ZZ\.mm:1: crashy: class ZZ$`),
		regexp.MustCompile(`^Sub/ZZ\.mm:1: usespass: seen ZZ$`),
		regexp.MustCompile(`^Sub/ZZ\.mm:3: sends: leak in ZZ$`),
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, rx := range want {
		if !rx.MatchString(got[i]) {
			t.Errorf("finding %d = %q\nwant match for %s", i, got[i], rx)
		}
	}
}

// TestPanicOutsideFiles: a panic outside a per-file loop costs the whole
// rule; the message says so, on one line.
func TestPanicOutsideFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{"A.m": fmt.Sprintf(impl, "A")})
	got := lint(t, dir, 1, panics, sends)
	rx := regexp.MustCompile(`^A\.m:1: internal: internal error in panics: panic: boom \(at analyzer_test\.init\.func\d+ \(driver_test\.go:\d+\)\); its findings \(and those of the rules that need it\) are missing; please report it at https://github\.com/objcleak/objcleak/issues$`)
	if len(got) != 2 || !rx.MatchString(got[0]) || got[1] != "A.m:3: sends: leak in A" {
		t.Errorf("findings = %q", got)
	}
}
