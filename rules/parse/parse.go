// Package parse defines the parse rule: it reports the ranges the parser
// could not read, so that nothing is skipped silently. Files that could not
// be read at all are reported under the same rule by the driver.
package parse

import (
	_ "embed"
	"fmt"
	"go/token"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

//go:embed doc.md
var doc string

// Analyzer is the parse rule.
var Analyzer = &analyzer.Analyzer{
	Name:     analyzer.ParseRuleName,
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/parse/doc.md",
	Severity: analyzer.SeverityNote,
	Tags:     []string{"parser"},
	Since:    "0.1.0",
	Run:      run,
}

// mergeLines joins error ranges whose lines are at most this far apart.
const mergeLines = 3

func run(pass *analyzer.Pass) (any, error) {
	pass.ForEachFile(func(f *objcparse.File) {
		var start, end token.Pos
		flush := func() {
			if !start.IsValid() {
				return
			}
			a, b := pass.Fset.Position(start), pass.Fset.Position(end)
			where := fmt.Sprintf("line %d", a.Line)
			if b.Line > a.Line {
				where = fmt.Sprintf("lines %d-%d", a.Line, b.Line)
			}
			pass.Report(analyzer.Diagnostic{Pos: start, End: end,
				Message: fmt.Sprintf("could not parse %s; findings in this range may be missing", where)})
		}
		for _, r := range f.Errors {
			if f.CPlusPlus && !inObjC(f, r) {
				// C++ regions of .mm files and C++ headers are not analyzed
				// at all (PARSING.md: the grammar reads C++ as C), so an
				// error there hides nothing.
				continue
			}
			if start.IsValid() && pass.Fset.Position(r.Pos).Line <= pass.Fset.Position(end).Line+mergeLines {
				if r.End > end {
					end = r.End
				}
				continue
			}
			flush()
			start, end = r.Pos, r.End
		}
		flush()
	})
	return nil, nil
}

// inObjC reports whether r overlaps an Objective-C declaration of f.
func inObjC(f *objcparse.File, r objcparse.Range) bool {
	for _, c := range f.Classes {
		if r.Pos < c.End && c.Pos < r.End {
			return true
		}
	}
	for _, p := range f.Protocols {
		if r.Pos < p.End && p.Pos < r.End {
			return true
		}
	}
	return false
}
