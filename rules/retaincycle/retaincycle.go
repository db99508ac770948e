// Package retaincycle defines the retaincycle rule: cycles of owning
// references in the project's ownership graph (SEMANTICS §1, §2, §8) —
// blocks kept by the object they capture, objects that keep each other
// through strong properties, associated objects, dispatch source handlers
// and observer blocks — reported once per cause, at the statement a
// developer would change, with the whole path in Flow. The cycles pass
// finds them and leaves out the cycles that are broken by design or that
// only involve objects living as long as the process.
package retaincycle

import (
	_ "embed"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/passes/cycles"
)

//go:embed doc.md
var doc string

// Analyzer is the retaincycle rule.
var Analyzer = &analyzer.Analyzer{
	Name:     cycles.ReportingRule, // "retaincycle"
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/retaincycle/doc.md",
	Severity: analyzer.SeverityError,
	Tags:     []string{"memory", "leak", "retain-cycle", "blocks"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{cycles.Analyzer},
	Options: []analyzer.OptionDoc{
		{Name: optMaxLength, Type: analyzer.OptionInt, Default: cycles.DefaultMaxLength,
			Doc: "the longest cycle reported, in references (10 as in FBRetainCycleDetector; 0 or less: no bound)"},
		{Name: optClasses, Type: analyzer.OptionBool, Default: cycles.DefaultClasses,
			Doc: "also report cycles between classes found from the declared types of strong properties"},
	},
	Run: run,
}

// The rule's options (Analyzer.Options).
const (
	optMaxLength = "maxlength"
	optClasses   = "classes"
)

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[cycles.Analyzer].(*cycles.Result)
	findings := res.Findings
	if maxLen, classes := pass.IntOption(optMaxLength), pass.BoolOption(optClasses); maxLen != cycles.DefaultMaxLength || classes != cycles.DefaultClasses {
		findings = res.Find(pass.Guard, maxLen, classes)
	}
	for _, f := range findings {
		pass.Report(f.Diag)
	}
	return nil, nil
}
