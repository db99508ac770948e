package analyzer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPanicWhileParsing: a panic while parsing one file is an internal
// error at that file (even when the parse rule is off); the other files
// are analyzed.
func TestPanicWhileParsing(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"A.m", "Crash.m"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("@implementation X\n@end\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parseHook = func(path string) {
		if strings.HasSuffix(path, "Crash.m") {
			var m map[string]int
			m["boom"]++
		}
	}
	defer func() { parseHook = nil }()
	res, err := Run(context.Background(), &Config{Paths: []string{dir}, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 2 || len(res.Diagnostics) != 1 {
		t.Fatalf("files %d, diagnostics %+v; want 2 files and one internal error", res.Files, res.Diagnostics)
	}
	d := res.Diagnostics[0]
	msg := "internal error while parsing Crash.m: panic: assignment to entry in nil map (at "
	if d.Rule != InternalRuleName || d.Severity != SeverityError || !strings.HasPrefix(d.Message, msg) || strings.Contains(d.Message, "\n") {
		t.Errorf("diagnostic %+v, want one line starting %q", d, msg)
	}
	if got := res.Fset.Position(d.Pos).Filename; filepath.Base(got) != "Crash.m" {
		t.Errorf("reported at %q", got)
	}
}
