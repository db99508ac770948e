package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// TestRulesAreDocumentedAndTested fails when a rule lacks documentation,
// fixtures, or a test that runs them.
func TestRulesAreDocumentedAndTested(t *testing.T) {
	if err := analyzer.Validate(rules.All); err != nil {
		t.Fatal(err)
	}
	for _, a := range rules.All {
		d := analyzer.ParseDoc(a.Doc)
		if d.Summary == "" || !strings.Contains(d.Body, "## ") {
			t.Errorf("%s: doc needs a summary paragraph and at least one ## section", a.Name)
		}
		if !strings.HasPrefix(a.URL, "https://") {
			t.Errorf("%s: URL %q", a.Name, a.URL)
		}
		if a.Since == "" || len(a.Tags) == 0 {
			t.Errorf("%s: Since and Tags must be set", a.Name)
		}
		if a == analyzer.Suppression {
			continue // a framework rule, tested in package analyzer
		}
		src := filepath.Join("..", "testdata", "src", a.Name)
		entries, err := os.ReadDir(src)
		if err != nil || len(entries) == 0 {
			t.Errorf("%s: no fixtures in %s", a.Name, src)
		}
		wants := 0
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(src, e.Name()))
			wants += strings.Count(string(b), "// want")
		}
		if wants == 0 {
			t.Errorf("%s: fixtures in %s expect no finding: add positive cases", a.Name, src)
		}
		if txt, _ := filepath.Glob(filepath.Join("..", "testdata", "txtar", a.Name, "*.txtar")); len(txt) == 0 {
			t.Errorf("%s: no multi-file txtar scenario in testdata/txtar/%s", a.Name, a.Name)
		}
		if tests, _ := filepath.Glob(filepath.Join(a.Name, "*_test.go")); len(tests) == 0 {
			t.Errorf("%s: no test in rules/%s", a.Name, a.Name)
		}
	}
}
