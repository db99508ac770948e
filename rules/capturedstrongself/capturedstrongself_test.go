package capturedstrongself_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/capturedstrongself"
)

func TestCapturedStrongSelf(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "capturedstrongself"), capturedstrongself.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "capturedstrongself", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, capturedstrongself.Analyzer)
}
