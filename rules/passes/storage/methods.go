package storage

import (
	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
)

// InstanceMethods calls fn with a Context for every instance method body
// that can run on an instance of class: the methods of its
// implementations and category implementations, in every file of the
// project, and those of its superclasses within the project.
func (cs *Contexts) InstanceMethods(ix *analyzer.Index, class string, fn func(mc *Context)) {
	for _, name := range append([]string{class}, ix.Superclasses(class)...) {
		cls := ix.Class(name)
		if cls == nil {
			continue
		}
		for _, d := range cls.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, m := range d.Methods {
				if m.Body == nil || m.ClassMethod {
					continue
				}
				fn(cs.For(ix, d.File, name, m, m.Body, m.Params))
			}
		}
	}
}

// Holds reports whether e denotes the storage p in this body: for
// Instance, the same property or ivar of self (self.p, _p, [self p],
// self->_p) or a local variable initialized from it; for Local and Shared,
// the variable named p.Key.
func (c *Context) Holds(e *objcparse.Expr, p Place) bool {
	e = e.Unparen()
	if e == nil || p.Key == "" {
		return false
	}
	switch p.Kind {
	case Instance:
		if key, ok := c.SelfKey(e); ok {
			return key == p.Key
		}
		if e.Kind == objcparse.ExprIdent {
			for _, v := range c.Body.Locals {
				if v.Name == e.Name && v.Init != nil && v.Pos < e.Pos {
					if key, ok := c.SelfKey(v.Init); ok && key == p.Key {
						return true
					}
				}
			}
		}
	case Local, Shared:
		return e.IsIdent(p.Key)
	}
	return false
}

// Dropped reports whether the value e is discarded: no expression,
// assignment, declaration or return of the body contains it (a cast to
// void does not count). Of reports Inline both for such expression
// statements and for values inside literals, conditionals or operators
// (`@[[center addObserverForName:…]]`); Dropped tells them apart.
func (c *Context) Dropped(e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil {
		return false
	}
	var found bool
	var walk func(x *objcparse.Expr, root bool)
	walk = func(x *objcparse.Expr, root bool) {
		if x == nil || found {
			return
		}
		if x == e && !root {
			found = true
			return
		}
		if x.Kind == objcparse.ExprCast && x.Name == "void" && x.X().Unparen() == e {
			return
		}
		walk(x.X(), false)
		for _, a := range x.Args() {
			walk(a, false)
		}
	}
	for _, s := range c.Body.Sends {
		walk(s.Expr, true)
	}
	for _, cl := range c.Body.Calls {
		walk(cl.Expr, true)
	}
	for _, a := range c.Body.Assigns {
		walk(a.Expr, false)
	}
	for _, v := range c.Body.Locals {
		walk(v.Init, false)
	}
	for _, r := range c.Body.Returns {
		walk(r.Value, false)
	}
	return !found
}

// PassThrough returns the outermost `[[e retain] autorelease]`-style send
// around e (MRC code), or e itself: retain and autorelease return their
// receiver, so where that send goes is where e goes.
func (c *Context) PassThrough(e *objcparse.Expr) *objcparse.Expr {
	e = e.Unparen()
	for changed := true; changed; {
		changed = false
		for _, s := range c.Body.Sends {
			switch s.Selector() {
			case "retain", "autorelease":
				if s.Expr.X().Unparen() == e && e != nil {
					e, changed = s.Expr, true
				}
			}
		}
	}
	return e
}

// ProcessLifetime reports whether instances of class live as long as the
// process, so that keeping one alive longer leaks nothing: the class
// adopts an application-delegate protocol (model.ProcessLifetimeProtocols),
// or one of its class methods keeps `[[C alloc] init…]`, `[C new]` (or
// `self` for C) in static storage or creates it inside dispatch_once (a
// singleton accessor). Unlike the sessions pass it does not require that
// nothing else creates instances: a class with a shared instance is
// taken to be used through it. It returns the reason in words.
func (cs *Contexts) ProcessLifetime(ix *analyzer.Index, class string) (string, bool) {
	cls := ix.Class(class)
	if cls == nil {
		return "", false
	}
	for _, p := range cls.Protocols() {
		if model.ProcessLifetimeProtocols[p] {
			return "the application delegate", true
		}
	}
	for _, d := range cls.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
		for _, m := range d.Methods {
			if m.Body == nil || !m.ClassMethod {
				continue
			}
			c := cs.For(ix, d.File, class, m, m.Body, m.Params)
			for _, s := range m.Body.Sends {
				// In a class method of class, self is class.
				if cls, ok := model.AllocatedClass(s.Expr, class); ok && cls == class && c.Of(s.Expr, s.Scope).Kind == Shared {
					return "a singleton (+" + m.Selector + ")", true
				}
			}
		}
	}
	return "", false
}
