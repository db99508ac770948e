package analyzer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/objcleak/objcleak/analyzer"
)

func TestFileCacheReusesUnchangedFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"App/Feed.m": "#import \"Feed.h\"\n@implementation Feed\n- (void)run {\n    [self leak];\n}\n@end\n",
		"App/Feed.h": "@interface Feed : NSObject\n@end\n",
	})
	feed := filepath.Join(dir, "App", "Feed.m")
	cache := analyzer.NewFileCache()
	load := func(buf string) *analyzer.Project {
		t.Helper()
		pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{feed}, Root: dir, Cache: cache,
			Overlay: map[string][]byte{feed: []byte(buf)}})
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
	src, _ := os.ReadFile(feed)
	a := load(string(src))
	b := load("// edited\n" + string(src))
	header := func(pr *analyzer.Project) any { return pr.Index.Class("Feed").DeclsOf(1)[0].File }
	if header(a) != header(b) {
		t.Error("the unchanged header was parsed again")
	}
	if a.Files[0] == b.Files[0] {
		t.Error("the edited buffer was not parsed again")
	}
	c := load(string(src))
	if c.Files[0] == b.Files[0] {
		t.Error("the buffer changed back, but the cached facts of the edit were used")
	}
	// Findings are the same with and without the cache.
	run := func(cache *analyzer.FileCache) []string {
		res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{feed}, Root: dir, Cache: cache, Analyzers: []*analyzer.Analyzer{sends}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range res.Diagnostics {
			p := res.Fset.Position(d.Pos)
			out = append(out, fmt.Sprintf("%s:%d:%d %s", filepath.Base(p.Filename), p.Line, p.Column, d.Message))
		}
		return out
	}
	if x, y := run(nil), run(cache); !reflect.DeepEqual(x, y) || len(x) != 1 {
		t.Errorf("findings without cache %q, with cache %q", x, y)
	}
}

// BenchmarkCachedRelint measures re-linting an edited buffer whose headers
// are cached, as the LSP server does on every change. Set
// OBJCLEAK_BENCH_FILE to a .m file of a real project.
func BenchmarkCachedRelint(b *testing.B) {
	file := os.Getenv("OBJCLEAK_BENCH_FILE")
	if file == "" {
		b.Skip("set OBJCLEAK_BENCH_FILE to a .m file of a real project")
	}
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	cache := analyzer.NewFileCache()
	cfg := func(i int) *analyzer.Config {
		return &analyzer.Config{Paths: []string{file}, Root: os.Getenv("OBJCLEAK_BENCH_ROOT"), Cache: cache, Analyzers: []*analyzer.Analyzer{sends},
			Overlay: map[string][]byte{file: append([]byte(fmt.Sprintf("// edit %d\n", i)), src...)}}
	}
	start := time.Now()
	if _, err := analyzer.Run(context.Background(), cfg(-1)); err != nil {
		b.Fatal(err)
	}
	b.Logf("first run (cold cache): %v", time.Since(start))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := analyzer.Run(context.Background(), cfg(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDiskCacheTrim: entries no run used for two weeks are removed, at
// most once a day; a hit keeps an entry alive.
func TestDiskCacheTrim(t *testing.T) {
	root := t.TempDir()
	c, err := analyzer.OpenDiskCache(root)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-30 * 24 * time.Hour)
	mk := func(name string) string {
		p := filepath.Join(c.Dir(), "ab", name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
		return p
	}
	stale, fresh := mk("stale"), mk("fresh")
	now := time.Now()
	os.Chtimes(fresh, now, now)
	// A trim ran less than a day ago: nothing happens.
	if _, err := analyzer.OpenDiskCache(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Fatal("trimmed twice in a day")
	}
	// Make the last trim two days old.
	stamp := filepath.Join(c.Dir(), "trim.txt")
	if err := os.WriteFile(stamp, []byte(fmt.Sprint(now.Add(-48*time.Hour).Unix())), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := analyzer.OpenDiskCache(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an entry unused for 30 days was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a recently used entry was removed")
	}
}

// TestFileCacheForgetsEarlierSettings: the memory model a load takes from
// the build settings (an Xcode project here) is not kept by the cached
// facts of an unchanged file once the settings change.
func TestFileCacheForgetsEarlierSettings(t *testing.T) {
	pbxproj, err := os.ReadFile(filepath.Join("testdata", "App.pbxproj"))
	if err != nil {
		t.Fatal(err)
	}
	dir := writeTree(t, map[string]string{
		"App/Owner.m":                   "@implementation Owner\n@end\n",
		"App.xcodeproj/project.pbxproj": string(pbxproj),
	})
	owner := filepath.Join(dir, "App", "Owner.m")
	project := filepath.Join(dir, "App.xcodeproj", "project.pbxproj")
	cache := analyzer.NewFileCache()
	mrc := func(projectText string) (bool, string) {
		t.Helper()
		pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Cache: cache,
			Overlay: map[string][]byte{project: []byte(projectText)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range pr.Files {
			if f.Path == owner {
				return f.MRC, f.MRCReason
			}
		}
		t.Fatal("Owner.m not loaded")
		return false, ""
	}
	flagged := strings.Replace(string(pbxproj), `fileRef = F001 /* Owner.m */; };`, `fileRef = F001 /* Owner.m */; settings = {COMPILER_FLAGS = "-fno-objc-arc"; }; };`, 1)
	if m, why := mrc(flagged); !m {
		t.Fatalf("with -fno-objc-arc: MRC %v (%s), want MRC", m, why)
	}
	if m, why := mrc(string(pbxproj)); m || !strings.Contains(why, "with ARC") {
		t.Errorf("flag removed: MRC %v (%s), want ARC from the project", m, why)
	}
	if m, why := mrc("// no project\n"); m || why != "" {
		t.Errorf("project gone: MRC %v (%q), want the file's own ARC", m, why)
	}
}
