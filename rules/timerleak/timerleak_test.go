package timerleak_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/timerleak"
)

func TestTimerLeak(t *testing.T) {
	if err := analyzer.Validate([]*analyzer.Analyzer{timerleak.Analyzer}); err != nil {
		t.Fatal(err)
	}
	if d := analyzer.ParseDoc(timerleak.Analyzer.Doc); d.Summary == "" || !strings.Contains(d.Body, "## How to fix") {
		t.Errorf("doc needs a summary and a How to fix section")
	}
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "timerleak"), timerleak.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "timerleak", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, timerleak.Analyzer)
}
