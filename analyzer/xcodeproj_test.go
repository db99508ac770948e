package analyzer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestXcodeProjectARC(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "App.pbxproj"))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.FromSlash("/src/proj")
	path := filepath.Join(root, "App.xcodeproj", "project.pbxproj")
	p, err := parsePBXProj(path, src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	reasons := map[string]string{}
	for f, d := range p.arcDecisions() {
		rel, _ := filepath.Rel(root, f)
		got[filepath.ToSlash(rel)] = d.mrc
		reasons[filepath.ToSlash(rel)] = d.reason
	}
	want := map[string]bool{
		"App/Owner.m":      false, // the project's CLANG_ENABLE_OBJC_ARC = YES
		"App/Recognizer.m": true,  // COMPILER_FLAGS -fno-objc-arc
		"App/Tracker.m":    false,
		"Shared/Pointer.m": true, // target Shared: CLANG_ENABLE_OBJC_ARC = NO (SOURCE_ROOT path)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for f, frag := range map[string]string{
		"App/Owner.m":      "App.xcodeproj builds target App with ARC (CLANG_ENABLE_OBJC_ARC = YES in the project's build settings)",
		"App/Recognizer.m": "App.xcodeproj compiles it with -fno-objc-arc (target App)",
		"Shared/Pointer.m": "builds target Shared without ARC (CLANG_ENABLE_OBJC_ARC = NO in its build settings)",
	} {
		if !strings.Contains(reasons[f], frag) {
			t.Errorf("%s: reason %q, want it to contain %q", f, reasons[f], frag)
		}
	}
	if _, err := parsePBXProj(path, []byte("{ objects = {}; }")); err == nil {
		t.Error("a project without a root object: want an error")
	}
}

func TestXcodeProjectConflicts(t *testing.T) {
	// Two projects compile one file, with and without ARC: neither
	// decides; an unreadable project is a problem, not a failure.
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "App.pbxproj"))
	if err != nil {
		t.Fatal(err)
	}
	mrc := strings.Replace(string(src), `B001 /* Owner.m in Sources */ = {isa = PBXBuildFile; fileRef = F001 /* Owner.m */; };`,
		`B001 /* Owner.m in Sources */ = {isa = PBXBuildFile; fileRef = F001 /* Owner.m */; settings = {COMPILER_FLAGS = "-fno-objc-arc"; }; };`, 1)
	write := func(rel, text string) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("A.xcodeproj/project.pbxproj", string(src))
	b := write("B.xcodeproj/project.pbxproj", mrc)
	c := write("C.xcodeproj/project.pbxproj", "{ not a plist")
	var sources []source
	for _, p := range []string{a, b, c} {
		sources = append(sources, source{path: p, macrosOnly: true, settings: true})
	}
	got, problems := readXcodeProjects(sources, DefaultMaxFileSize, nil)
	if _, ok := got[filepath.Join(dir, "App", "Owner.m")]; ok {
		t.Errorf("Owner.m decided %+v; want undecided (the projects disagree)", got[filepath.Join(dir, "App", "Owner.m")])
	}
	if d, ok := got[filepath.Join(dir, "App", "Recognizer.m")]; !ok || !d.mrc {
		t.Errorf("Recognizer.m: %+v, %v; want MRC", d, ok)
	}
	if len(problems) != 1 || !strings.HasPrefix(problems[0], c+": ") {
		t.Errorf("problems %q; want one for %s", problems, c)
	}
}
