package analyzer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, rel string
		want         bool
	}{
		{"Vendor", "Vendor/A.m", true},
		{"Vendor/", "Vendor/Sub/A.m", true},
		{"Vendor/**", "Vendor/Sub/A.m", true},
		{"Vendor", "App/Vendor/A.m", true}, // no slash: any depth
		{"App/Vendor", "Vendor/A.m", false},
		{"*.pb.h", "Proto/Gen/Foo.pb.h", true},
		{"*.pb.h", "Proto/Gen/Foo.h", false},
		{"App/**/Tests/*.m", "App/Tests/A.m", true},
		{"App/**/Tests/*.m", "App/X/Y/Tests/A.m", true},
		{"App/**/Tests/*.m", "App/X/Y/Tests/Sub/A.m", false},
		{"App/*.m", "App/Sub/A.m", false},
		{"./App/A.m", "App/A.m", true},
		{"[", "A.m", false}, // malformed pattern matches nothing
	} {
		if got := analyzer.MatchGlob(tc.pattern, tc.rel); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.pattern, tc.rel, got, tc.want)
		}
	}
}

func TestExcludeIncludeAndOverlay(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"App/A.m":        fmt.Sprintf(impl, "A"),
		"App/Vendor/V.m": fmt.Sprintf(impl, "V"),
		"Tests/T.m":      fmt.Sprintf(impl, "T"),
	})
	run := func(cfg *analyzer.Config) []string {
		t.Helper()
		cfg.Root, cfg.Analyzers = dir, []*analyzer.Analyzer{sends}
		res, err := analyzer.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range res.Diagnostics {
			out = append(out, res.RelPath(res.Fset.Position(d.Pos).Filename))
		}
		return out
	}
	if got := run(&analyzer.Config{Paths: []string{dir}, Exclude: []string{"Vendor"}, Tests: true}); strings.Join(got, ",") != "App/A.m,Tests/T.m" {
		t.Errorf("exclude Vendor: %q", got)
	}
	if got := run(&analyzer.Config{Paths: []string{dir}, Include: []string{"App/**"}, Exclude: []string{"Vendor"}}); strings.Join(got, ",") != "App/A.m" {
		t.Errorf("include App, exclude Vendor: %q", got)
	}
	named := filepath.Join(dir, "App", "Vendor", "V.m")
	if got := run(&analyzer.Config{Paths: []string{named}, Exclude: []string{"Vendor"}}); len(got) != 0 {
		t.Errorf("an excluded file named explicitly must stay excluded: %q", got)
	}
	if got := run(&analyzer.Config{Paths: []string{named}, Exclude: []string{"Vendor"}, KeepExplicit: true}); len(got) != 1 {
		t.Errorf("KeepExplicit: %q", got)
	}
	// An unsaved buffer replaces the file and need not exist on disk.
	buf := filepath.Join(dir, "App", "New.m")
	got := run(&analyzer.Config{Paths: []string{buf}, Overlay: map[string][]byte{buf: []byte(fmt.Sprintf(impl, "New"))}})
	if strings.Join(got, ",") != "App/New.m" {
		t.Errorf("overlay: %q", got)
	}
}

func TestSingleFileModeIndexesImportedHeaders(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"App/Feed.m":            "#import \"Feed.h\"\n#import \"Model.h\"\n@implementation Feed\n- (void)run {\n    [self leak];\n}\n@end\n",
		"App/Feed.h":            "#import \"Base.h\"\n@interface Feed : Base\n@end\n",
		"App/Sub/Base.h":        "@interface Base : NSObject\n@property (nonatomic, strong) id thing;\n@end\n",
		"App/Models/Model.h":    "@interface Model : NSObject\n@end\n",
		"App/Unrelated.h":       "@interface Unrelated : NSObject\n@end\n",
		"App/Unrelated.m":       fmt.Sprintf(impl, "Unrelated"),
		"Pods/Lib/Model.h":      "@interface PodModel : NSObject\n@end\n",
		"App/Models/Model.m":    fmt.Sprintf(impl, "Model"),
		"App/Sub/Base.m":        fmt.Sprintf(impl, "Base"),
		"App/Sub/NotImported.h": "@interface NotImported : NSObject\n@end\n",
	})
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{filepath.Join(dir, "App", "Feed.m")}, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Files) != 1 || pr.Sources != 1 {
		t.Fatalf("linted %d files, want only Feed.m", len(pr.Files))
	}
	for _, c := range []string{"Feed", "Base", "Model"} {
		if pr.Index.Class(c) == nil || len(pr.Index.Class(c).Decls) == 0 {
			t.Errorf("class %s from an imported header is not indexed", c)
		}
	}
	for _, c := range []string{"Unrelated", "NotImported", "PodModel"} {
		if pr.Index.Class(c) != nil {
			t.Errorf("class %s should not be indexed in single-file mode", c)
		}
	}
	if got := pr.Index.Superclasses("Feed"); len(got) != 2 || got[0] != "Base" {
		t.Errorf("Superclasses(Feed) = %q", got)
	}
}

func TestMRCOverride(t *testing.T) {
	dir := writeTree(t, map[string]string{"Legacy/L.m": fmt.Sprintf(impl, "L"), "New/N.m": fmt.Sprintf(impl, "N")})
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir,
		MRC: func(rel string) (bool, bool) { return true, strings.HasPrefix(rel, "Legacy/") }})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pr.Files {
		want := strings.Contains(filepath.ToSlash(f.Path), "/Legacy/")
		if f.MRC != want {
			t.Errorf("%s: MRC = %v, want %v", f.Path, f.MRC, want)
		}
	}
}
