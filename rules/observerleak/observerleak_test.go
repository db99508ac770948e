package observerleak_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/observerleak"
)

func TestObserverLeak(t *testing.T) {
	if err := analyzer.Validate([]*analyzer.Analyzer{observerleak.Analyzer}); err != nil {
		t.Fatal(err)
	}
	if d := analyzer.ParseDoc(observerleak.Analyzer.Doc); d.Summary == "" || !strings.Contains(d.Body, "## How to fix") {
		t.Errorf("doc needs a summary and a How to fix section")
	}
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "observerleak"), observerleak.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "observerleak", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, observerleak.Analyzer)
}
