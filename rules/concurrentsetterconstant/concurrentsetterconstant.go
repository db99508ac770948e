// Package concurrentsetterconstant defines the concurrentsetterconstant
// rule: the concurrentsetter race when the value written is a constant (a
// string literal, @YES, nil), which retain and release ignore: a data race
// without a crash (SEMANTICS §6).
package concurrentsetterconstant

import (
	_ "embed"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/setterrace"
)

//go:embed doc.md
var doc string

// Analyzer is the concurrentsetterconstant rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "concurrentsetterconstant",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/concurrentsetterconstant/doc.md",
	Severity: analyzer.SeverityNote,
	Tags:     []string{"concurrency", "data-race"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{setterrace.Analyzer},
	Run:      run,
}

// consequence is what a concurrent write of a constant does.
const consequence = "retain and release ignore it, so this value is never over-released, but the unsynchronized writes are a data race " +
	"(and any concurrent write of a heap value to the same storage turns it into an over-release)"

func run(pass *analyzer.Pass) (any, error) {
	setterrace.Report(pass, consequence, model.KindConstant)
	return nil, nil
}
