package analyzer

import (
	"go/token"
	"path/filepath"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// testCaseClasses are the test-case base classes of XCTest and OCUnit
// (the same list as model.TestCaseClasses, which analyzer may not import).
var testCaseClasses = []string{"XCTestCase", "SenTestCase"}

// IsTestPath reports whether a path (slash- or OS-separated, relative to
// the root) is test code by the conventions of Xcode projects and pods: a
// directory named Tests, Test, Specs or Spec, or ending in one of them
// (AppTests, UnitTests, iTerm2XCTests, KiwiSpecs), a directory named
// fixtures or Fixtures (the scenarios and stubs end-to-end tests drive,
// as bugsnag's features/fixtures), or a file whose base
// name ends in Tests, Test or Spec (LoginTests.m, ParserSpec.m).
func IsTestPath(path string) bool {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i, p := range parts {
		if i == len(parts)-1 {
			p = strings.TrimSuffix(p, filepath.Ext(p))
		} else if p == "fixtures" || p == "Fixtures" {
			return true // test fixtures: scenarios, stubs and apps end-to-end tests drive
		}
		for _, suffix := range []string{"Tests", "Test", "Specs", "Spec", "tests", "test"} {
			if p == suffix || strings.HasSuffix(p, suffix) && len(p) > len(suffix) && !lowerBefore(p, suffix) {
				return true
			}
		}
	}
	return false
}

// lowerBefore rejects lower-case suffix matches inside a word: "latest"
// and "contest" do not end in "test" as a word, while "unit-tests" and
// "ui_test" do. Capitalized suffixes (AppTests) are words by camel case.
func lowerBefore(p, suffix string) bool {
	if suffix[0] >= 'A' && suffix[0] <= 'Z' {
		return false
	}
	c := p[len(p)-len(suffix)-1]
	return c != '-' && c != '_' && c != '.' && c != ' '
}

// testFiles returns the linted files that are test code: by path
// (IsTestPath, relative to root) or because they implement a subclass of
// XCTestCase.
func testFiles(root string, files []*objcparse.File, ix *Index) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		if IsTestPath(relTo(root, f.Path)) {
			out[f.Path] = true
			continue
		}
		for _, cd := range f.Classes {
			if cd.Kind != objcparse.DeclImplementation {
				continue
			}
			if _, ok := ix.IsKindOfAny(cd.Name, testCaseClasses); ok {
				out[f.Path] = true
				break
			}
		}
	}
	return out
}

// sampleFiles returns the linted files that are sample code (IsSamplePath,
// relative to root).
func sampleFiles(root string, files []*objcparse.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		if IsSamplePath(relTo(root, f.Path)) {
			out[f.Path] = true
		}
	}
	return out
}

// dropFindingsIn removes the findings of rules in the files of tests (test
// code unless Config.Tests, sample code unless Config.Samples), keeping
// parse problems and internal errors.
func dropFindingsIn(fset *token.FileSet, tests map[string]bool, diags []Diagnostic) []Diagnostic {
	if len(tests) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if d.Rule == InternalRuleName || d.Rule == ParseRuleName || !tests[fset.Position(d.Pos).Filename] {
			out = append(out, d)
		}
	}
	return out
}

// IsSamplePath reports whether a path (slash- or OS-separated) is sample
// code: a directory named Example(s), Sample(s) or Demo(s), in any case,
// or starting with one of them (examples_extra) or ending in one of them
// (FLEXample is not; MyAppDemo, Chameleon Demo are). Sample apps are
// complete programs: what their headers declare has no callers outside.
func IsSamplePath(path string) bool {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for _, p := range parts[:len(parts)-1] {
		l := strings.ToLower(p)
		for _, w := range []string{"example", "sample", "demo"} {
			if l == w || l == w+"s" || strings.HasPrefix(l, w+"s_") || strings.HasPrefix(l, w+"_") ||
				strings.HasSuffix(p, " "+upperWord(w)) || strings.HasSuffix(p, upperWord(w)) && len(p) > len(w) ||
				strings.HasSuffix(p, upperWord(w)+"s") && len(p) > len(w)+1 {
				return true
			}
		}
	}
	return false
}

// upperWord capitalizes an ASCII word.
func upperWord(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
