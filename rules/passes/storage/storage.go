// Package storage answers, for the rules, where an object created in a
// method body ends up: a static or global (shared), the receiver's own
// property or ivar (one per instance), a local variable (one per call),
// nowhere (used inline and dropped), or somewhere the analysis cannot follow.
//
// Its pass (Analyzer) makes one Context per body, shared by the passes
// and rules that use it on the values they care about; a Context needs
// only the Index and the body facts.
package storage

import (
	"strings"
	"sync"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
)

// Kind classifies where a value is stored.
type Kind int

// Storage kinds.
const (
	// Unknown: the value is passed to code the analysis does not follow
	// (an argument, another object's property, a collection).
	Unknown Kind = iota
	// Shared: a static or global variable, or created inside dispatch_once:
	// one object for the process.
	Shared
	// Instance: a property or ivar of self: one object per instance.
	Instance
	// Local: a local variable that does not escape the method: one object per call.
	Local
	// Inline: used directly (e.g. as a message receiver) and dropped: one per call.
	Inline
	// Returned: returned to the caller, who owns the decision.
	Returned
)

func (k Kind) String() string {
	switch k {
	case Shared:
		return "shared"
	case Instance:
		return "instance"
	case Local:
		return "local"
	case Inline:
		return "inline"
	case Returned:
		return "returned"
	}
	return "unknown"
}

// Place is where one value went.
type Place struct {
	Kind Kind
	// Key names the storage: the property name (or the ivar name when no
	// property is backed by it) for Instance, the variable name for Local
	// and Shared variables.
	Key string
	// Expr is the expression that wrote it (the assignment target or the
	// declared variable's initializer); nil for Inline.
	Expr *objcparse.Expr
}

// Context is the body a value lives in, with what is needed to resolve names.
// It builds an index lazily, once, and is safe for concurrent use (rules
// run in parallel and share the contexts of the passes they require).
type Context struct {
	Index  *analyzer.Index
	File   *objcparse.File
	Class  string // "" for C functions
	Method *objcparse.Method
	Body   *objcparse.Body
	Params []objcparse.Param

	contexts  *Contexts // the shared contexts this one belongs to, or nil
	usersOnce sync.Once
	users     map[*objcparse.Expr]user
}

// user is the event that consumes an expression first: an
// *objcparse.Assign, *objcparse.Var (a local's initializer),
// *objcparse.Return, *objcparse.Send (as receiver, arg < 0, or argument
// arg) or *objcparse.Call (argument arg).
type user struct {
	event any
	arg   int
}

// NewContext prepares the lookups for a body. The index of who consumes
// which expression is built on first use (most bodies never need it).
func NewContext(ix *analyzer.Index, f *objcparse.File, class string, m *objcparse.Method, body *objcparse.Body, params []objcparse.Param) *Context {
	return &Context{Index: ix, File: f, Class: class, Method: m, Body: body, Params: params}
}

// firstUser returns the first event that consumes e (assignments, then
// initializers, returns, sends and calls, each in source order).
func (c *Context) firstUser(e *objcparse.Expr) (user, bool) {
	c.usersOnce.Do(c.indexUsers)
	u, ok := c.users[e.Unparen()]
	return u, ok
}

func (c *Context) indexUsers() {
	c.users = map[*objcparse.Expr]user{}
	add := func(e *objcparse.Expr, u user) {
		if e = e.Unparen(); e != nil {
			if _, seen := c.users[e]; !seen {
				c.users[e] = u
			}
		}
	}
	body := c.Body
	for _, a := range body.Assigns {
		add(a.Value(), user{event: a})
	}
	for _, v := range body.Locals {
		if v.Init != nil {
			add(v.Init, user{event: v})
		}
	}
	for _, r := range body.Returns {
		if r.Value != nil {
			add(r.Value, user{event: r})
		}
	}
	for _, s := range body.Sends {
		add(s.Expr.X(), user{event: s, arg: -1})
		for i, a := range s.Expr.Args() {
			add(a, user{event: s, arg: i})
		}
	}
	for _, cl := range body.Calls {
		for i, a := range cl.Expr.Args() {
			add(a, user{event: cl, arg: i})
		}
	}
}

// Conditional reports whether the statement that consumes e (assigns it,
// or hands it to a send or a call) lies inside an if/switch/?: branch of
// its block.
func (c *Context) Conditional(e *objcparse.Expr) bool {
	u, ok := c.firstUser(e)
	if !ok {
		return false
	}
	var ctx objcparse.Context
	switch ev := u.event.(type) {
	case *objcparse.Assign:
		ctx = ev.Context
	case *objcparse.Send:
		ctx = ev.Context
	case *objcparse.Call:
		ctx = ev.Context
	}
	return ctx&objcparse.InCondition != 0
}

// InstanceMethod reports whether the body is an instance method (where
// self is an object, not the class).
func (c *Context) InstanceMethod() bool { return c.Method != nil && !c.Method.ClassMethod }

// InOnce reports whether scope lies inside a block passed to dispatch_once.
func (c *Context) InOnce(scope int) bool {
	for _, b := range c.Body.BlockChain(scope) {
		for _, cl := range c.Body.Calls {
			if !model.OnceCalls[cl.Name()] {
				continue
			}
			for _, a := range cl.Expr.Args() {
				if a = a.Unparen(); a != nil && a.Kind == objcparse.ExprBlock && a.Block() == b {
					return true
				}
			}
		}
	}
	return false
}

// Of returns where the value e (created in scope) is stored. A value put in
// a local variable is followed through that variable once.
func (c *Context) Of(e *objcparse.Expr, scope int) Place {
	if c.InOnce(scope) {
		return Place{Kind: Shared, Expr: e}
	}
	p := c.direct(e)
	if p.Kind == Local {
		return c.followLocal(p)
	}
	return p
}

// direct classifies the first consumer of e.
func (c *Context) direct(e *objcparse.Expr) Place {
	u, ok := c.firstUser(e)
	if !ok {
		return Place{Kind: Inline}
	}
	switch ev := u.event.(type) {
	case *objcparse.Assign:
		return c.target(ev.Target(), ev.Scope)
	case *objcparse.Var:
		if ev.Static {
			return Place{Kind: Shared, Key: ev.Name, Expr: ev.Init}
		}
		return Place{Kind: Local, Key: ev.Name, Expr: ev.Init}
	case *objcparse.Return:
		return Place{Kind: Returned, Expr: ev.Value}
	case *objcparse.Send:
		if u.arg < 0 {
			return Place{Kind: Inline}
		}
		// [self setFoo:value] stores into self's property foo.
		if key, ok := c.setterKey(ev); ok && u.arg == 0 {
			return Place{Kind: Instance, Key: key, Expr: ev.Expr}
		}
		if key, ok := c.sharedCollection(ev, u.arg); ok {
			return Place{Kind: Shared, Key: key, Expr: ev.Expr}
		}
		return Place{Kind: Unknown, Expr: e.Unparen()}
	}
	return Place{Kind: Unknown}
}

// sharedCollection recognizes argument i of s as an element stored into a
// collection in static or global storage (`[typesByName setObject:type
// forKey:name]` with `static NSMutableDictionary *typesByName;`): one
// table for the process, which keeps its elements (an interning cache).
// It returns the variable's name.
func (c *Context) sharedCollection(s *objcparse.Send, i int) (string, bool) {
	if model.CollectionStoreArg(s.Selector()) != i {
		return "", false
	}
	r := s.Receiver().Unparen()
	if r == nil || r.Kind != objcparse.ExprIdent {
		return "", false
	}
	if v := c.local(r.Name); v != nil {
		return r.Name, v.Static
	}
	return r.Name, c.global(r.Name)
}

// setterKey recognizes `[self setFoo:x]` and returns "foo".
func (c *Context) setterKey(s *objcparse.Send) (string, bool) {
	if !c.InstanceMethod() || !s.Expr.X().IsIdent("self") {
		return "", false
	}
	return model.SetterProperty(s.Selector())
}

// target classifies an assignment target.
func (c *Context) target(t *objcparse.Expr, scope int) Place {
	t = t.Unparen()
	if key, ok := c.SelfKey(t); ok {
		return Place{Kind: Instance, Key: key, Expr: t}
	}
	if t.Kind == objcparse.ExprIdent {
		if v := c.local(t.Name); v != nil {
			if v.Static {
				return Place{Kind: Shared, Key: v.Name, Expr: t}
			}
			return Place{Kind: Local, Key: v.Name, Expr: t}
		}
		if c.global(t.Name) {
			return Place{Kind: Shared, Key: t.Name, Expr: t}
		}
	}
	return Place{Kind: Unknown, Expr: t}
}

// followLocal follows a value stored in a local variable: stored again into
// self or a static, returned, passed away, or kept local.
func (c *Context) followLocal(p Place) Place {
	name := p.Key
	for _, a := range c.Body.Assigns {
		if !a.Value().IsIdent(name) {
			continue
		}
		switch q := c.target(a.Target(), a.Scope); q.Kind {
		case Instance, Shared, Unknown:
			if q.Kind == Unknown && a.Target().Unparen().Kind == objcparse.ExprIdent {
				continue // another local alias: keep following the original
			}
			return q
		}
	}
	// Kept in a process-wide table (and perhaps returned too: an
	// interning factory): one object for the process.
	for _, s := range c.Body.Sends {
		for i, a := range s.Expr.Args() {
			if a.IsIdent(name) {
				if key, ok := c.sharedCollection(s, i); ok {
					return Place{Kind: Shared, Key: key, Expr: s.Expr}
				}
			}
		}
	}
	for _, r := range c.Body.Returns {
		if r.Value.IsIdent(name) {
			return Place{Kind: Returned, Key: name, Expr: r.Value}
		}
	}
	for _, s := range c.Body.Sends {
		for i, a := range s.Expr.Args() {
			if a.IsIdent(name) {
				if key, ok := c.setterKey(s); ok && i == 0 {
					return Place{Kind: Instance, Key: key, Expr: s.Expr}
				}
				return Place{Kind: Unknown, Key: name, Expr: a}
			}
		}
	}
	for _, cl := range c.Body.Calls {
		for _, a := range cl.Expr.Args() {
			if a.IsIdent(name) {
				return Place{Kind: Unknown, Key: name, Expr: a}
			}
		}
	}
	return p
}

// local returns the body's local variable or parameter named name.
func (c *Context) local(name string) *objcparse.Var {
	for _, v := range c.Body.Locals {
		if v.Name == name {
			return v
		}
	}
	for _, p := range c.Params {
		if p.Name == name {
			return &objcparse.Var{Name: p.Name, Type: p.Type, Scope: -1}
		}
	}
	for _, b := range c.Body.Blocks {
		for _, p := range b.Params {
			if p.Name == name {
				return &objcparse.Var{Name: p.Name, Type: p.Type, Scope: b.Index}
			}
		}
	}
	return nil
}

func (c *Context) global(name string) bool {
	for _, g := range c.File.Globals {
		if g.Name == name {
			return true
		}
	}
	return false
}

// SelfKey returns the storage key when e denotes a property or ivar of self:
// self.p, [self p], self->_p, or a bare ivar name. The key is the property
// name when the ivar backs a property.
func (c *Context) SelfKey(e *objcparse.Expr) (string, bool) {
	e = e.Unparen()
	if e == nil || !c.InstanceMethod() {
		return "", false
	}
	switch e.Kind {
	case objcparse.ExprMember:
		if e.X().IsIdent("self") {
			return e.Name, true
		}
	case objcparse.ExprMessage:
		if e.X().IsIdent("self") && !strings.Contains(e.Name, ":") && e.NumArgs() == 0 {
			return e.Name, true
		}
	case objcparse.ExprArrow:
		if e.X().IsIdent("self") {
			return c.ivarKey(e.Name), true
		}
	case objcparse.ExprIdent:
		if c.local(e.Name) != nil || c.global(e.Name) {
			return "", false
		}
		if c.isIvar(e.Name) {
			return c.ivarKey(e.Name), true
		}
	}
	return "", false
}

// isIvar reports whether name is an ivar of the class: declared in braces
// (here or in a superclass in the project) or synthesized for a property.
func (c *Context) isIvar(name string) bool {
	if c.Class == "" {
		return false
	}
	if c.Index.Ivar(c.Class, name) != nil {
		return true
	}
	_, ok := c.propertyForIvar(name)
	return ok
}

// ivarKey maps an ivar name to the property it backs, if any.
func (c *Context) ivarKey(ivar string) string {
	if p, ok := c.propertyForIvar(ivar); ok {
		return p
	}
	return ivar
}

func (c *Context) propertyForIvar(ivar string) (string, bool) {
	cls := c.Index.Class(c.Class)
	if cls == nil {
		return "", false
	}
	return PropertyForIvar([]*analyzer.Class{cls}, ivar)
}

// PropertyForIvar returns the property whose synthesized ivar is ivar,
// looking through classes in order (a class, or a class and its project
// superclasses, nearest first). Properties are matched with
// model.SynthesizedIvar against the implementations' @synthesize lists,
// including properties from protocols, which only an explicit @synthesize
// backs with an ivar.
func PropertyForIvar(classes []*analyzer.Class, ivar string) (string, bool) {
	for _, c := range classes {
		var synth []*objcparse.Synthesize
		for _, d := range c.DeclsOf(objcparse.DeclImplementation) {
			synth = append(synth, d.Synthesize...)
		}
		for _, d := range c.Decls {
			for _, p := range d.Properties {
				if iv, ok := model.SynthesizedIvar(p.Name, synth); ok && iv == ivar {
					return p.Name, true
				}
			}
		}
		for _, s := range synth {
			if iv, ok := model.SynthesizedIvar(s.Property, synth); ok && iv == ivar {
				return s.Property, true
			}
		}
	}
	return "", false
}

// BackingIvar returns the ivar that class (or the nearest project
// superclass declaring the property) declares itself behind property prop:
// the one its @synthesize names, else _prop (model.SynthesizedIvar); nil
// when the class declares none (the compiler synthesizes it, or the
// property is @dynamic).
func BackingIvar(ix *analyzer.Index, class, prop string) *objcparse.Ivar {
	for _, cn := range append([]string{class}, ix.Superclasses(class)...) {
		c := ix.Class(cn)
		if c == nil {
			continue
		}
		var synth []*objcparse.Synthesize
		for _, d := range c.DeclsOf(objcparse.DeclImplementation) {
			synth = append(synth, d.Synthesize...)
		}
		name, ok := model.SynthesizedIvar(prop, synth)
		if !ok {
			return nil
		}
		for _, d := range c.Decls {
			for _, iv := range d.Ivars {
				if iv.Name == name {
					return iv
				}
			}
		}
	}
	return nil
}
