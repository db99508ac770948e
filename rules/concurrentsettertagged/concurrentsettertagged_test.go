package concurrentsettertagged_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/concurrentsettertagged"
)

func TestConcurrentSetterTagged(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "concurrentsettertagged"), concurrentsettertagged.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "concurrentsettertagged", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, concurrentsettertagged.Analyzer)
}
