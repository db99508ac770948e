package concurrentsetter_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/concurrentsetter"
)

func TestConcurrentSetter(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "concurrentsetter"), concurrentsetter.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "concurrentsetter", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, concurrentsetter.Analyzer)
}
