package objcleak_test

// This test keeps the import graph of DESIGN.md a DAG:
//
//	objcparse → {model, analyzer} → rules/passes → rules/* → cmd
//
// It reads the graph with `go list`, so it needs no build of the packages.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/objcleak/objcleak"

// Imports that only objcparse may use.
var treeSitterPrefixes = []string{
	"github.com/smacker/go-tree-sitter",
	"github.com/tree-sitter-grammars/",
}

type listedPackage struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Error        *struct{ Err string }
}

// listPackages runs `go list -e -json ./...` in the module root.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	statGoFiles(t)
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	cmd := exec.Command(gocmd, "list", "-e", "-json", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -e -json ./...: %v\n%s", err, stderr.Bytes())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		if p.Error != nil {
			// A package that does not compile still has its imports listed.
			t.Logf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// statGoFiles stats every Go file of the module. go test caches a passing
// result keyed on the files the test itself touches, and go list runs in
// another process; touching the sources here makes an edited import (or a
// new package) rerun the test instead of reusing a stale pass.
func statGoFiles(t *testing.T) {
	t.Helper()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("listing Go files: %v", err)
	}
}

// rel returns path relative to the module ("rules/sessionleak"), "." for
// the module itself, and ok=false for packages outside the module.
func rel(path string) (string, bool) {
	if path == module {
		return ".", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

// under reports whether the module-relative path p is dir or below it.
func under(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// ruleOf returns the rule package ("rules/sessionleak") that p is in, or ""
// when p is not in a rule package (rules itself, rules/passes/...).
func ruleOf(p string) string {
	r, ok := strings.CutPrefix(p, "rules/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(r, "/")
	if name == "passes" {
		return ""
	}
	return "rules/" + name
}

// checkImport returns why package from may not import imp (both
// module-relative), or "".
func checkImport(from, imp string) string {
	switch {
	case under(imp, "cmd") && !under(from, "cmd"):
		return "nothing imports cmd/..."
	case under(from, "objcparse"):
		if !under(imp, "objcparse") {
			return "objcparse imports no other objcleak package"
		}
	case under(from, "model"):
		if !under(imp, "objcparse") && !under(imp, "model") {
			return "model imports only objcparse of objcleak's packages"
		}
	case under(from, "analyzer"):
		if !under(imp, "objcparse") && !under(imp, "analyzer") {
			return "analyzer and its sub-packages import only objcparse and analyzer/... (never model, rules/...)"
		}
	case under(from, "rules/passes"):
		if !under(imp, "rules/passes") && !under(imp, "analyzer") && !under(imp, "model") && !under(imp, "objcparse") {
			return "rules/passes/... import only rules/passes/..., analyzer, model and objcparse (never a rule or rules)"
		}
	case ruleOf(from) != "":
		own := ruleOf(from)
		if !under(imp, own) && !under(imp, "rules/passes") && !under(imp, "analyzer") && !under(imp, "model") && !under(imp, "objcparse") {
			return "rule packages never import each other or rules; they may import rules/passes/..., analyzer, model and objcparse"
		}
	}
	return ""
}

// TestImportGraph asserts the package DAG of DESIGN.md on the non-test
// imports of every package of the module.
func TestImportGraph(t *testing.T) {
	pkgs := listPackages(t)
	seen := map[string]bool{}
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		seen[from] = true
		for _, imp := range p.Imports {
			to, ours := rel(imp)
			if !ours {
				continue
			}
			if why := checkImport(from, to); why != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
			}
		}
	}
	// Guard against a vacuous pass (go list listing nothing).
	for _, want := range []string{"objcparse", "model", "analyzer", "rules", "cmd/objcleak"} {
		if !seen[want] {
			t.Errorf("go list did not list %s/%s", module, want)
		}
	}
}

// TestImportsTreeSitterOnlyInObjcparse asserts that only objcparse (and its
// sub-packages) import tree-sitter or the grammar, and that nothing imports
// cmd/..., counting test imports too.
func TestImportsTreeSitterOnlyInObjcparse(t *testing.T) {
	for _, p := range listPackages(t) {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		all := map[string]string{}
		for _, imp := range p.XTestImports {
			all[imp] = " (external test)"
		}
		for _, imp := range p.TestImports {
			all[imp] = " (test)"
		}
		for _, imp := range p.Imports {
			all[imp] = ""
		}
		imps := make([]string, 0, len(all))
		for imp := range all {
			imps = append(imps, imp)
		}
		sort.Strings(imps)
		for _, imp := range imps {
			if !under(from, "objcparse") {
				for _, ts := range treeSitterPrefixes {
					if strings.HasPrefix(imp, ts) {
						t.Errorf("%s%s imports %s: only objcparse may import tree-sitter or the grammar", p.ImportPath, all[imp], imp)
					}
				}
			}
			if to, ours := rel(imp); ours && under(to, "cmd") && !under(from, "cmd") {
				t.Errorf("%s%s imports %s: nothing imports cmd/...", p.ImportPath, all[imp], imp)
			}
		}
	}
}

// TestImportRules tests the rules of TestImportGraph themselves.
func TestImportRules(t *testing.T) {
	for _, tc := range []struct {
		from, imp string
		ok        bool
	}{
		{"objcparse", "objcparse/internal/x", true},
		{"objcparse", "model", false},
		{"model", "objcparse", true},
		{"model", "analyzer", false},
		{"model", "rules", false},
		{"analyzer", "objcparse", true},
		{"analyzer/format", "analyzer", true},
		{"analyzer", "model", false},
		{"analyzer/analyzertest", "rules/sessionleak", false},
		{"analyzer", "rules/passes/sessions", false},
		{"rules/passes/sessions", "rules/passes/storage", true},
		{"rules/passes/sessions", "model", true},
		{"rules/passes/sessions", "rules/sessionleak", false},
		{"rules/sessionleak", "rules/passes/sessions", true},
		{"rules/sessionleak", "analyzer", true},
		{"rules/sessionleak", "model", true},
		{"rules/sessionleak", "objcparse", true},
		{"rules/sessionleak", "rules/sessionleak/internal/x", true},
		{"rules/sessionleak", "rules/sessionperrequest", false},
		{"rules/sessionleak", "rules", false},
		{"rules", "rules/sessionleak", true},
		{"rules", "cmd/objcleak", false},
		{"cmd/objcleak", "rules", true},
		{"cmd/objcleak", "cmd/objcleak/internal/x", true},
	} {
		why := checkImport(tc.from, tc.imp)
		if (why == "") != tc.ok {
			t.Errorf("checkImport(%q, %q) = %q, want allowed=%v", tc.from, tc.imp, why, tc.ok)
		}
	}
}
