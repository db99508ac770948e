package analyzer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/objcleak/objcleak/analyzer"
)

// TestCachedHeaderIndex: in single-file mode the index of header names is
// cached, and adding a header anywhere (a new directory included) is seen
// by the next run.
func TestCachedHeaderIndex(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"App/X.m":   "#import \"Foo.h\"\n#import \"Bar.h\"\n#import \"Baz.h\"\n@implementation X\n@end\n",
		"Lib/Foo.h": "@interface Foo : NSObject\n@end\n",
	})
	cache, err := analyzer.OpenDiskCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	known := func(names ...string) {
		t.Helper()
		pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{filepath.Join(dir, "App", "X.m")}, Root: dir, DiskCache: cache})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"Foo", "Bar", "Baz"} {
			want := false
			for _, k := range names {
				want = want || k == n
			}
			if got := pr.Index.Class(n) != nil; got != want {
				t.Errorf("class %s known = %v, want %v", n, got, want)
			}
		}
	}
	known("Foo")
	known("Foo") // from the cached index
	// Directory times can be coarse: make sure they move.
	later := time.Now().Add(2 * time.Second)
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(filepath.Dir(p), later, later)
		os.Chtimes(dir, later, later)
	}
	write("New/Bar.h", "@interface Bar : NSObject\n@end\n")
	known("Foo", "Bar")
	later = later.Add(2 * time.Second)
	write("Lib/Baz.h", "@interface Baz : NSObject\n@end\n")
	known("Foo", "Bar", "Baz")
}
