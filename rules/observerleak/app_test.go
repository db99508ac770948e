package observerleak_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/observerleak"
)

// TestDemoApp checks that the demo app, which has no leaking observer,
// gets no observerleak finding.
func TestDemoApp(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "App")
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: []*analyzer.Analyzer{observerleak.Analyzer}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files == 0 {
		t.Fatal("no files linted")
	}
	for _, d := range res.Diagnostics {
		t.Errorf("%s: unexpected %s", res.Fset.Position(d.Pos), d.Message)
	}
}
