package mixedselfweakself_test

import (
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/mixedselfweakself"
)

func TestMixedSelfWeakSelf(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "mixedselfweakself"), mixedselfweakself.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "mixedselfweakself", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, mixedselfweakself.Analyzer)
}
