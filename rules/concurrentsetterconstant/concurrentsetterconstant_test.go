package concurrentsetterconstant_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/concurrentsetterconstant"
)

func TestConcurrentSetterConstant(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "concurrentsetterconstant"), concurrentsetterconstant.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "concurrentsetterconstant", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, concurrentsetterconstant.Analyzer)
}
