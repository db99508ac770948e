// Package concurrentsetter defines the concurrentsetter rule: a nonatomic
// object property or a strong object ivar written from blocks that run at
// the same time with a heap (or unknown) value, an over-release crash
// (SEMANTICS §6).
package concurrentsetter

import (
	_ "embed"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/setterrace"
)

//go:embed doc.md
var doc string

// Analyzer is the concurrentsetter rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "concurrentsetter",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/concurrentsetter/doc.md",
	Severity: analyzer.SeverityError,
	Tags:     []string{"memory", "concurrency", "crash"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{setterrace.Analyzer},
	Run:      run,
}

// consequence is what a concurrent write of a heap object does.
const consequence = "two threads can release the same old value, an over-release crash (EXC_BAD_ACCESS in objc_release)"

func run(pass *analyzer.Pass) (any, error) {
	setterrace.Report(pass, consequence, model.KindHeap, model.KindUnknown)
	return nil, nil
}
