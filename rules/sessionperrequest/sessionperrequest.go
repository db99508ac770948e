// Package sessionperrequest defines the sessionperrequest rule: an
// NSURLSession without a delegate created per call (SEMANTICS §5).
package sessionperrequest

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/sessions"
	"github.com/objcleak/objcleak/rules/passes/storage"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

//go:embed doc.md
var doc string

// Analyzer is the sessionperrequest rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "sessionperrequest",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/sessionperrequest/doc.md",
	Severity: analyzer.SeverityNote,
	Tags:     []string{"performance", "networking"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{sessions.Analyzer, summaries.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[sessions.Analyzer].(*sessions.Result)
	sums := pass.ResultOf[summaries.Analyzer].(*summaries.Result)
	for _, s := range res.Sites {
		// One creation at a time: a panic is reported at that creation and
		// the others go on.
		pass.Guard(s.Creation.Expr.Pos, func() {
			if s.Creation.Kind != model.SessionPlain || s.Invalidated {
				return
			}
			if s.Place.Kind != storage.Local && s.Place.Kind != storage.Inline {
				return
			}
			if neverCalled(pass, sums, s) {
				return // dead code in a sample app: no call, no session
			}
			per := "call"
			if s.InLoop {
				per = "loop iteration"
			}
			pass.Report(analyzer.Diagnostic{
				Pos: s.Creation.Expr.Pos, End: s.Creation.Expr.End(),
				Message: fmt.Sprintf("NSURLSession created per %s in %s", per, s.Where),
				Details: "each session has its own connection pool and cache, so requests cannot reuse connections; use [NSURLSession sharedSession] or one session created once",
			})
		})
	}
	return nil, nil
}

// neverCalled reports whether the site is in sample code (an example or
// demo app, a complete program: its headers have no outside callers) in
// a method or function that nothing in the project calls, names with
// @selector or that the frameworks call: dead code makes no sessions.
func neverCalled(pass *analyzer.Pass, sums *summaries.Result, s *sessions.Site) bool {
	if s.File == nil || !analyzer.IsSamplePath(s.File.Path) {
		return false
	}
	name := strings.TrimLeft(s.Where, "-+")
	if strings.HasSuffix(name, "()") {
		name = strings.TrimSuffix(name, "()")
	} else if model.FrameworkInvoked(name) {
		return false
	}
	return !sums.Called(name)
}
