package timerleak_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/timerleak"
)

// TestDemoApp checks the demo app's timer bug (#6 in testdata/App/README.md)
// and nothing else: the FeedViewController timer invalidated in
// -viewWillDisappear: and the target-action sites are fine.
func TestDemoApp(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "App")
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: []*analyzer.Analyzer{timerleak.Analyzer}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		p := res.Fset.Position(d.Pos)
		got = append(got, filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line))
		if filepath.Base(p.Filename) == "PhotoDetailViewController.m" && p.Line == 76 {
			if !strings.Contains(d.Message, "invalidated only in -dealloc") || len(d.Related) == 0 ||
				res.Fset.Position(d.Related[0].Pos).Line != 40 {
				t.Errorf("bug 6: message or related location wrong: %s %+v", d.Message, d.Related)
			}
		}
	}
	if strings.Join(got, " ") != "PhotoDetailViewController.m:76" {
		t.Errorf("findings %v, want exactly PhotoDetailViewController.m:76", got)
	}
}
