// Package rules lists objcleak's rules. Each rule is a sub-package
// exporting an Analyzer; shared building blocks live in rules/passes.
package rules

import (
	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/capturedstrongself"
	"github.com/objcleak/objcleak/rules/concurrentsetter"
	"github.com/objcleak/objcleak/rules/concurrentsetterconstant"
	"github.com/objcleak/objcleak/rules/concurrentsettertagged"
	"github.com/objcleak/objcleak/rules/mixedselfweakself"
	"github.com/objcleak/objcleak/rules/observerleak"
	"github.com/objcleak/objcleak/rules/parse"
	"github.com/objcleak/objcleak/rules/retaincycle"
	"github.com/objcleak/objcleak/rules/sessionleak"
	"github.com/objcleak/objcleak/rules/sessionperrequest"
	"github.com/objcleak/objcleak/rules/strongdelegate"
	"github.com/objcleak/objcleak/rules/timerleak"
)

// All is every rule, in the order `objcleak rules` lists them. It is an
// explicit list: there is no init() registration.
var All = []*analyzer.Analyzer{
	retaincycle.Analyzer,
	timerleak.Analyzer,
	strongdelegate.Analyzer,
	capturedstrongself.Analyzer,
	mixedselfweakself.Analyzer,
	observerleak.Analyzer,
	sessionleak.Analyzer,
	sessionperrequest.Analyzer,
	concurrentsetter.Analyzer,
	concurrentsettertagged.Analyzer,
	concurrentsetterconstant.Analyzer,
	parse.Analyzer,
	analyzer.Suppression,
}

// Names returns the ids of all rules.
func Names() []string {
	var out []string
	for _, a := range All {
		out = append(out, a.Name)
	}
	return out
}

// Lookup returns the rule named name, or nil.
func Lookup(name string) *analyzer.Analyzer {
	for _, a := range All {
		if a.Name == name {
			return a
		}
	}
	return nil
}
