// Package sessions is the pass that finds every place the project creates
// a URL session or a session manager (SEMANTICS §5), where the new object is
// stored, and whether and where it is invalidated. The sessionleak and
// sessionperrequest rules report from its result.
package sessions

import (
	"go/token"
	"reflect"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// Analyzer is the sessions pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Requires: []*analyzer.Analyzer{storage.Analyzer},
	Name:     "sessions",
	Doc:      "sessions: finds session and session-manager creations, their storage and invalidation",
	Options: []analyzer.OptionDoc{
		{Name: OptSessionManagers, Type: analyzer.OptionStrings,
			Doc: "classes that, like AFURLSessionManager, own an NSURLSession with themselves as its delegate; their subclasses count too"},
	},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// OptSessionManagers is the pass's option (Analyzer.Options) naming extra
// session manager classes, added to model.SessionManagerClasses.
const OptSessionManagers = "session-managers"

// Result lists the creation sites in the linted files, in file order.
type Result struct {
	Sites []*Site
}

// A Site is one creation of a session or session manager.
type Site struct {
	Creation model.SessionCreation
	File     *objcparse.File
	// Class is the class whose method creates it ("" in a C function).
	Class string
	// Where names the creating method or function: "-init", "+shared", "fetch()".
	Where       string
	ClassMethod bool
	Place       storage.Place
	// InLoop is set when the creation runs once per loop iteration.
	InLoop bool
	// Invalidated is set when the stored object is invalidated somewhere
	// that counts (for Instance storage: any method of the class; for Local
	// and Inline: the creating body, including its completion blocks).
	Invalidated bool
	// DeallocOnly is set when the only invalidation is in -dealloc but the
	// session's delegate is self, so -dealloc can never run.
	DeallocOnly token.Pos
	// NilledInDealloc is where -dealloc sets the storage to nil, which does
	// not invalidate anything (SEMANTICS §5); NoPos if it does not.
	NilledInDealloc token.Pos
	// ReleasedInDealloc is where an MRC -dealloc releases the storage,
	// which does not invalidate anything either; NoPos if it does not.
	ReleasedInDealloc token.Pos
	// OwnerOnce is set when the owning class is created once per process
	// (a singleton or the application delegate) and the creation runs once
	// per owner (while it is set up, or guarded by a condition: `if
	// (!_session) _session = …`), so one manager per instance is one
	// manager in all. A creation that replaces the stored one on every
	// call leaks one per call whatever the owner.
	OwnerOnce bool
	// guarded is set when the creation is inside an if/switch/?: branch
	// (a lazy `if (!_session)` among others).
	guarded bool
	// Declared is the declaration of the property or ivar it is stored in.
	Declared token.Pos
}

func run(pass *analyzer.Pass) (any, error) {
	res := &Result{}
	ix := pass.Index
	cs, _ := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	managers := append(append([]string(nil), model.SessionManagerClasses...), pass.StringsOption(OptSessionManagers)...)
	// One manager per instance of an owner made once per process (a
	// singleton, the application delegate, an object one keeps from
	// set-up) is one manager in all.
	onceOf := func(cls *analyzer.Class) bool {
		_, forever := cs.ProcessLifetime(ix, cls.Name)
		return forever
	}
	pass.ForEachFile(func(f *objcparse.File) {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body == nil {
					continue
				}
				sc := cs.For(ix, f, cd.Name, m, m.Body, m.Params)
				res.Sites = append(res.Sites, sites(cs, sc, managers, onceOf, cd.Name, methodName(m), m.ClassMethod)...)
			}
		}
		for _, fn := range f.Functions {
			if fn.Body == nil {
				continue
			}
			sc := cs.For(ix, f, "", nil, fn.Body, fn.Params)
			res.Sites = append(res.Sites, sites(cs, sc, managers, onceOf, "", fn.Name+"()", false)...)
		}
	})
	return res, nil
}

func methodName(m *objcparse.Method) string {
	if m.ClassMethod {
		return "+" + m.Selector
	}
	return "-" + m.Selector
}

// sites finds the creations in one body and completes them; managers are
// the session manager classes (model.SessionManagerClasses and the
// configured ones).
func sites(cs *storage.Contexts, sc *storage.Context, managers []string, onceOf func(*analyzer.Class) bool, class, where string, classMethod bool) []*Site {
	var out []*Site
	self := ""
	if classMethod {
		self = class
	}
	for _, s := range sc.Body.Sends {
		c, ok := model.SessionCreatedAmong(s.Expr, self, sc.Index.IsKindOfAny, managers)
		if !ok {
			continue
		}
		st := &Site{Creation: c, File: sc.File, Class: class, Where: where, ClassMethod: classMethod,
			InLoop: s.Context&objcparse.InLoop != 0, guarded: s.Context&objcparse.InCondition != 0}
		st.Place = sc.Of(s.Expr, s.Scope)
		if c.Kind == model.SessionWithDelegate && c.Delegate.IsIdent("self") && !classMethod && invalidatedByDelegate(sc.Index, class) {
			// The class, the session's delegate, invalidates the session
			// its callbacks are called for when the task ends.
			st.Invalidated = true
			out = append(out, st)
			continue
		}
		switch st.Place.Kind {
		case storage.Local:
			st.Invalidated = invalidatedLocal(sc, c.Kind, st.Place.Key)
		case storage.Inline:
			st.Invalidated = invalidatedInline(sc, c)
		case storage.Instance:
			completeInstance(cs, sc, st, onceOf)
		}
		out = append(out, st)
	}
	return out
}

// invalidatedByDelegate reports whether class (or a superclass in the
// project) has an NSURLSession delegate callback that invalidates the
// session it is called for (model.SessionDelegateCallback).
func invalidatedByDelegate(ix *analyzer.Index, class string) bool {
	for _, cn := range append([]string{class}, ix.Superclasses(class)...) {
		c := ix.Class(cn)
		if c == nil {
			continue
		}
		for _, d := range c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, m := range d.Methods {
				if m.Body == nil || m.ClassMethod || !model.SessionDelegateCallback(m.Selector) || len(m.Params) == 0 {
					continue
				}
				for _, s := range m.Body.Sends {
					if h, ok := model.Invalidates(model.SessionWithDelegate, s.Expr); ok && h.IsIdent(m.Params[0].Name) {
						return true
					}
				}
			}
		}
	}
	return false
}

// invalidatedLocal reports whether the body (or a block in it) invalidates
// the session held by the local variable name.
func invalidatedLocal(sc *storage.Context, k model.SessionKind, name string) bool {
	for _, s := range sc.Body.Sends {
		if h, ok := model.Invalidates(k, s.Expr); ok && h.IsIdent(name) {
			return true
		}
	}
	return false
}

// invalidatedInline reports whether an inline creation is itself the
// receiver of an invalidation (rare, but then nothing leaks).
func invalidatedInline(sc *storage.Context, c model.SessionCreation) bool {
	for _, s := range sc.Body.Sends {
		if h, ok := model.Invalidates(c.Kind, s.Expr); ok && h == c.Expr {
			return true
		}
	}
	return false
}

// completeInstance looks at every method of the class for invalidation of
// the property or ivar, for a nil assignment in -dealloc, and at whether
// the class is created once per process.
func completeInstance(cs *storage.Contexts, sc *storage.Context, st *Site, onceOf func(*analyzer.Class) bool) {
	cls := sc.Index.Class(st.Class)
	if cls == nil {
		return
	}
	delegateIsSelf := st.Creation.Kind == model.SessionWithDelegate && st.Creation.Delegate.IsIdent("self")
	for _, d := range cls.Decls {
		for _, p := range d.Properties {
			if p.Name == st.Place.Key && !st.Declared.IsValid() {
				st.Declared = p.Pos
			}
		}
		for _, iv := range d.Ivars {
			if iv.Name == st.Place.Key && !st.Declared.IsValid() {
				st.Declared = iv.Pos
			}
		}
	}
	for _, d := range cls.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
		for _, m := range d.Methods {
			if m.Body == nil || m.ClassMethod {
				continue
			}
			mc := cs.For(sc.Index, d.File, st.Class, m, m.Body, m.Params)
			dealloc := m.Selector == "dealloc"
			for _, s := range m.Body.Sends {
				h, ok := model.Invalidates(st.Creation.Kind, s.Expr)
				if !ok {
					continue
				}
				if key, ok := mc.SelfKey(h); ok && key == st.Place.Key {
					if dealloc && delegateIsSelf {
						st.DeallocOnly = s.Expr.Pos
						continue
					}
					st.Invalidated = true
				}
			}
			if dealloc {
				for _, a := range m.Body.Assigns {
					if key, ok := mc.SelfKey(a.Target()); ok && key == st.Place.Key && model.IsNil(a.Value()) {
						st.NilledInDealloc = a.Expr.Pos
					}
				}
				for _, s := range m.Body.Sends {
					if s.Selector() == "release" || s.Selector() == "autorelease" {
						if key, ok := mc.SelfKey(s.Expr.X()); ok && key == st.Place.Key {
							st.ReleasedInDealloc = s.Expr.Pos
						}
					}
					if s.Expr.NumArgs() == 1 && model.IsNil(s.Expr.Arg(0)) && s.Expr.X().IsIdent("self") &&
						s.Selector() == setterFor(st.Place.Key) {
						st.NilledInDealloc = s.Expr.Pos
					}
				}
			}
		}
	}
	if st.Invalidated {
		st.DeallocOnly = token.NoPos
	}
	st.OwnerOnce = onceOf(cls) && (st.guarded || sc.SetupOnly())
}

func setterFor(prop string) string {
	if prop == "" {
		return ""
	}
	return "set" + strings.ToUpper(prop[:1]) + prop[1:] + ":"
}
