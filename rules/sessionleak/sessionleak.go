// Package sessionleak defines the sessionleak rule: URL session managers and
// NSURLSessions with a delegate that are created per instance or per call
// and never invalidated (SEMANTICS §5).
package sessionleak

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/sessions"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

//go:embed doc.md
var doc string

// Analyzer is the sessionleak rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "sessionleak",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/sessionleak/doc.md",
	Severity: analyzer.SeverityError,
	Tags:     []string{"memory", "leak", "networking"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{sessions.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[sessions.Analyzer].(*sessions.Result)
	for _, s := range res.Sites {
		// One creation at a time: a panic is reported at that creation and
		// the others go on.
		pass.Guard(s.Creation.Expr.Pos, func() {
			if !s.Creation.Kind.Leaks() || s.Invalidated {
				return
			}
			var d analyzer.Diagnostic
			switch s.Place.Kind {
			case storage.Instance:
				if s.OwnerOnce {
					return
				}
				d = instanceLeak(s)
			case storage.Local, storage.Inline:
				d = perCallLeak(s)
			default:
				return // shared, returned, or passed where we cannot follow
			}
			d.Pos, d.End = s.Creation.Expr.Pos, s.Creation.Expr.End()
			pass.Report(d)
		})
	}
	return nil, nil
}

// what names the created object and what keeps it alive.
func what(s *sessions.Site) (noun, why string) {
	switch s.Creation.Kind {
	case model.SessionManager:
		noun = s.Creation.Class
		if s.Creation.Class != s.Creation.Base {
			noun += " (a subclass of " + s.Creation.Base + ")"
		}
		return noun, "its NSURLSession retains the manager as delegate until the session is invalidated"
	default:
		return "NSURLSession with a delegate", "the session retains its delegate until it is invalidated"
	}
}

func fix(s *sessions.Site, holder string) string {
	if s.Creation.Kind == model.SessionManager {
		return fmt.Sprintf("share one manager (static + dispatch_once) or call [%s invalidateSessionCancelingTasks:YES resetSession:NO] when done", holder)
	}
	return fmt.Sprintf("call [%s finishTasksAndInvalidate] when its owner is done with it", holder)
}

func instanceLeak(s *sessions.Site) analyzer.Diagnostic {
	noun, why := what(s)
	holder := "self." + s.Place.Key
	if strings.HasPrefix(s.Place.Key, "_") {
		holder = s.Place.Key
	}
	msg := fmt.Sprintf("%s created in %s and stored in %s is never invalidated", noun, s.Where, holder)
	details := fmt.Sprintf("%s, so every %s instance leaks one; %s", why, s.Class, fix(s, holder))
	d := analyzer.Diagnostic{}
	if s.NilledInDealloc.IsValid() {
		details += "; setting it to nil in -dealloc does not invalidate the session"
		d.Related = append(d.Related, analyzer.Related{Pos: s.NilledInDealloc, Message: "set to nil here, which releases only this reference"})
	}
	if s.ReleasedInDealloc.IsValid() {
		details += "; releasing it in -dealloc does not invalidate the session"
		d.Related = append(d.Related, analyzer.Related{Pos: s.ReleasedInDealloc, Message: "released here, which releases only this reference"})
	}
	if s.DeallocOnly.IsValid() {
		details += "; the invalidation in -dealloc never runs because the session keeps its delegate (self) alive"
		d.Related = append(d.Related, analyzer.Related{Pos: s.DeallocOnly, Message: "invalidated only in -dealloc, which cannot run while the session retains self"})
	}
	if s.Declared.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: s.Declared, Message: "declared here"})
	}
	d.Message, d.Details = msg, details
	return d
}

func perCallLeak(s *sessions.Site) analyzer.Diagnostic {
	noun, why := what(s)
	per := "call"
	if s.InLoop {
		per = "loop iteration"
	}
	holder := s.Place.Key
	if s.Place.Kind == storage.Inline {
		holder = "it"
		if s.Creation.Kind == model.SessionManager {
			holder = "manager"
		} else {
			holder = "session"
		}
	}
	return analyzer.Diagnostic{
		Message: fmt.Sprintf("%s created per %s in %s is never invalidated", noun, per, s.Where),
		Details: fmt.Sprintf("%s, so each %s leaks one; %s", why, per, fix(s, holder)),
	}
}
