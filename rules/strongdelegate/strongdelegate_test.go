package strongdelegate_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/strongdelegate"
)

func TestStrongDelegate(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "strongdelegate"), strongdelegate.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "strongdelegate", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, strongdelegate.Analyzer)
}
