package sessionleak_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/sessionleak"
)

func TestSessionLeak(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "sessionleak"), sessionleak.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "sessionleak", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, sessionleak.Analyzer)
}
