package sessionperrequest_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/sessionperrequest"
)

func TestSessionPerRequest(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "sessionperrequest"), sessionperrequest.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "sessionperrequest", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, sessionperrequest.Analyzer)
}
