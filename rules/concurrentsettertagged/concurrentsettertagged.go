// Package concurrentsettertagged defines the concurrentsettertagged rule:
// the concurrentsetter race when every value written is a tagged pointer,
// so retain and release do nothing and the code appears to work — a latent
// crash that testing does not show (SEMANTICS §6).
package concurrentsettertagged

import (
	_ "embed"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/setterrace"
)

//go:embed doc.md
var doc string

// Analyzer is the concurrentsettertagged rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "concurrentsettertagged",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/concurrentsettertagged/doc.md",
	Severity: analyzer.SeverityWarning,
	Tags:     []string{"memory", "concurrency", "latent-crash"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{setterrace.Analyzer},
	Run:      run,
}

// consequence is what a concurrent write of a tagged pointer does.
const consequence = "retain and release do nothing on it, so the race does not crash in testing, but it is a latent over-release crash: " +
	"as soon as a longer or non-ASCII value is stored, two threads can release the same old value"

func run(pass *analyzer.Pass) (any, error) {
	setterrace.Report(pass, consequence, model.KindTagged)
	return nil, nil
}
