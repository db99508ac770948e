package storage

import (
	"go/token"
	"sort"
	"strings"

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

// SetupOnly reports whether the instance method of c's body runs only
// while its object is set up: a set-up method itself (model.SetupOnce:
// an initializer, -viewDidLoad, launch), or a private method (declared in
// no header) that the class's own methods send to self only from such
// methods (`-commonInit`, called by each initializer), following such
// helpers a few levels.
func (c *Context) SetupOnly() bool {
	if !c.InstanceMethod() {
		return false
	}
	cs := c.contexts
	if cs == nil {
		return (&Contexts{}).setupOnlyIn(c.Index, c.Class, c.Method.Selector, 0)
	}
	key := [2]string{c.Class, c.Method.Selector}
	if v, ok := cs.setupOnly.Load(key); ok {
		return v.(bool)
	}
	ok := cs.setupOnlyIn(c.Index, c.Class, c.Method.Selector, 0)
	cs.setupOnly.Store(key, ok)
	return ok
}

func (cs *Contexts) setupOnlyIn(ix *analyzer.Index, class, sel string, depth int) bool {
	if model.SetupOnce(sel) {
		return true
	}
	if depth >= 3 || declaredInHeader(ix, class, sel) {
		return false
	}
	sent, ok := false, true
	cs.InstanceMethods(ix, class, func(mc *Context) {
		if !ok || mc.Method.Selector == sel {
			return
		}
		for _, snd := range mc.Body.Sends {
			if snd.Expr.Name != sel || !snd.Expr.X().IsIdent("self") {
				continue
			}
			sent = true
			if !cs.setupOnlyIn(ix, class, mc.Method.Selector, depth+1) {
				ok = false
				return
			}
		}
	})
	return sent && ok
}

// declaredInHeader reports whether class or a superclass declares the
// instance method sel in a header (its callers may be anywhere), or in a
// protocol (the frameworks or other classes may call it).
func declaredInHeader(ix *analyzer.Index, class, sel string) bool {
	for _, name := range append([]string{class}, ix.Superclasses(class)...) {
		cls := ix.Class(name)
		if cls == nil {
			continue
		}
		for _, d := range cls.DeclsOf(objcparse.DeclInterface, objcparse.DeclCategory, objcparse.DeclExtension) {
			if d.File == nil || d.File.Lang != objcparse.LangHeader {
				continue
			}
			for _, m := range d.Methods {
				if m.Selector == sel && !m.ClassMethod {
					return true
				}
			}
		}
	}
	return false
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
		// weakSelf.key, strongSelf.key, strongSelf->_key: the same
		// storage of self.
		if e.Kind == objcparse.ExprMember && c.selfAlias(e.X(), 0) {
			return e.Name == p.Key
		}
		if e.Kind == objcparse.ExprArrow && c.selfAlias(e.X(), 0) {
			return c.ivarKey(e.Name) == p.Key
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

// selfAlias reports whether e is a local that stands for self: initialized
// from self or from another such local (weakSelf, strongSelf).
func (c *Context) selfAlias(e *objcparse.Expr, depth int) bool {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprIdent || depth > 4 || !c.InstanceMethod() {
		return false
	}
	for _, v := range c.Body.Locals {
		if v.Name == e.Name && v.Init != nil && v.Pos < e.Pos {
			init := v.Init.Unparen()
			return init.IsIdent("self") || c.selfAlias(init, depth+1)
		}
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

// Reasons ProcessLifetime gives.
const (
	// AppDelegate is the reason for the application delegate: it lives as
	// long as the process, but it is one object, so its own leaks are
	// real once.
	AppDelegate = "the application delegate"
	// TestCase is the reason for XCTest test cases: the test suite keeps
	// every test case object until the run ends.
	TestCase = "a test case (XCTest keeps every test case until the run ends)"
)

// ProcessLifetime reports whether instances of class live as long as the
// process, so that keeping one alive longer leaks nothing, and why, in
// words:
//   - the class adopts an application-delegate protocol
//     (model.ProcessLifetimeProtocols): AppDelegate;
//   - it is a test case (model.TestCaseClasses): TestCase;
//   - it is a singleton: one of its class methods keeps `[[C alloc]
//     init…]`, `[C new]` (or `self` for C) in static storage or creates it
//     inside dispatch_once, and every other allocation of C in the project
//     is held by a process-lifetime object too (a class with a shared
//     instance that other code also creates is not a singleton);
//   - every allocation of C in the project is stored in a property or
//     ivar of a process-lifetime object while it is set up, or lazily
//     (`if (!_x)`), not anew on every call of some method (a view
//     controller the application delegate creates and keeps), or made
//     by main.
//
// It is safe for concurrent use.
func (cs *Contexts) ProcessLifetime(ix *analyzer.Index, class string) (string, bool) {
	if cs == nil {
		return (&Contexts{}).processLifetime(ix, class, 0)
	}
	cs.lifeMu.Lock()
	defer cs.lifeMu.Unlock()
	return cs.processLifetime(ix, class, 0)
}

// maxLifetimeDepth bounds the chain of owners ProcessLifetime follows.
const maxLifetimeDepth = 4

type lifetimeAnswer struct {
	why string
	ok  bool
}

func (cs *Contexts) processLifetime(ix *analyzer.Index, class string, depth int) (string, bool) {
	if a, ok := cs.lifetimes[class]; ok {
		return a.why, a.ok
	}
	if cs.lifetimes == nil {
		cs.lifetimes = map[string]lifetimeAnswer{}
	}
	// A class reached again while its answer is computed is not taken to
	// be process-lifetime on that path.
	cs.lifetimes[class] = lifetimeAnswer{}
	why, ok := cs.computeLifetime(ix, class, depth)
	cs.lifetimes[class] = lifetimeAnswer{why, ok}
	return why, ok
}

func (cs *Contexts) computeLifetime(ix *analyzer.Index, class string, depth int) (string, bool) {
	cls := ix.Class(class)
	if cls == nil {
		return "", false
	}
	for _, p := range cls.Protocols() {
		if model.ProcessLifetimeProtocols[p] {
			return AppDelegate, true
		}
	}
	if _, ok := ix.IsKindOfAny(class, model.TestCaseClasses); ok {
		return TestCase, true
	}
	if nib, ok := ix.MainNibObject(class); ok && loadSegues(nib.Segues) {
		if strings.HasSuffix(strings.ToLower(nib.Nib), ".storyboard") {
			return "a root controller of the main storyboard " + nib.Nib + ", which the application's window keeps for the whole run", true
		}
		return "made by the main nib " + nib.Nib + ", which the application loads at launch and keeps for the whole run", true
	}
	if why, ok := cs.allocSingleton(ix, cls, class); ok {
		return why, true
	}
	singleton := ""
	bodies := false
	for _, d := range cls.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
		for _, m := range d.Methods {
			bodies = bodies || m.Body != nil
			if m.Body == nil || !m.ClassMethod || singleton != "" {
				continue
			}
			c := cs.For(ix, d.File, class, m, m.Body, m.Params)
			for _, s := range m.Body.Sends {
				// In a class method of class, self is class.
				if cls, ok := model.AllocatedClass(s.Expr, class); ok && cls == class {
					if pl := c.Of(s.Expr, s.Scope); pl.Kind == Shared {
						singleton = "a singleton (+" + m.Selector + ")"
						if pl.Expr != nil && pl.Expr.Kind == objcparse.ExprMessage && model.CollectionStoreArg(pl.Expr.Name) >= 0 {
							singleton = "interned: +" + m.Selector + " keeps every instance it makes in the process-wide table " + pl.Key
						}
						break
					}
				}
			}
		}
	}
	if !bodies {
		// The implementation is not visible (another shard's file): the
		// header's shared accessor is the evidence.
		for _, d := range cls.DeclsOf(objcparse.DeclInterface, objcparse.DeclCategory, objcparse.DeclExtension) {
			for _, m := range d.Methods {
				if m.ClassMethod && model.SharedAccessor(m.Selector, m.Return.Name, class) {
					singleton = "a singleton (+" + m.Selector + ")"
				}
			}
		}
	}
	// Every other allocation must be held by a process-lifetime object.
	sites := cs.allocations(ix)[class]
	if singleton == "" && len(sites) == 0 {
		if why, ok := cs.subclassesLive(ix, class, depth); ok {
			return why, true
		}
		return cs.heldWhenLoaded(ix, class, depth)
	}
	byMain := 0
	for _, site := range sites {
		if site.c.Class == class && site.c.Method != nil && site.c.Method.ClassMethod {
			if singleton != "" {
				continue // the shared accessor, or a class method beside it
			}
			return "", false // a factory: instances are made per call
		}
		if site.c.inMain() {
			byMain++
			continue // made once, by main (a daemon's or a helper tool's one object)
		}
		if depth >= maxLifetimeDepth || site.c.Class == "" || site.c.Method == nil {
			return "", false
		}
		pl := site.c.Of(site.expr, site.scope)
		if pl.Kind == Shared {
			continue // kept in static storage (another class's shared accessor): one object
		}
		if pl.Kind == Returned {
			// Made by a factory method of another object: every caller
			// must keep the result in a process-lifetime object.
			if !cs.callersKeep(ix, site.c.Method.Selector, depth) {
				return "", false
			}
			continue
		}
		if site.c.Method.ClassMethod {
			return "", false
		}
		if pl.Kind != Instance && pl.Kind != Shared && !site.keptBySelfOnce() && !site.c.SetupOnly() {
			// Handed somewhere else; only made once when the maker is a
			// process-lifetime object being set up (`[self.window
			// addSubview:[FPSLabel new]]` at launch).
			return "", false
		}
		if pl.Kind == Instance && !site.c.SetupOnly() && !site.guarded() {
			// Kept in a property of the maker, but made anew whenever
			// the method runs (`self.detail = [Detail new]` per tap):
			// each earlier one on a cycle leaks.
			return "", false
		}
		if _, ok := cs.processLifetime(ix, site.c.Class, depth+1); !ok {
			return "", false
		}
	}
	if singleton != "" {
		return singleton, true
	}
	if byMain == len(sites) {
		return "made once, by main", true
	}
	return "held by a process-lifetime object", true
}

// loadSegues reports whether every custom segue on a main storyboard's
// way to a root controller runs once when its container loads
// (model.LoadSegues).
func loadSegues(segues []string) bool {
	for _, s := range segues {
		if !model.LoadSegues[s] {
			return false
		}
	}
	return true
}

// inMain reports whether c is the body of the C function main, which
// runs once per process: what it makes and keeps (in a global, or in a
// local while it runs the run loop) lives as long as the process.
func (c *Context) inMain() bool {
	if c.Method != nil || c.Class != "" || c.File == nil {
		return false
	}
	for _, f := range c.File.Functions {
		if f.Name == "main" && f.Body == c.Body {
			return true
		}
	}
	return false
}

// allocSingleton recognizes the classic singleton that overrides
// +allocWithZone: (or +alloc) to keep the object [super allocWithZone:…]
// makes in static storage and hand out that one: whoever allocates the
// class gets the one object, so it lives as long as the process.
func (cs *Contexts) allocSingleton(ix *analyzer.Index, cls *analyzer.Class, class string) (string, bool) {
	for _, d := range cls.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
		for _, m := range d.Methods {
			if m.Body == nil || !m.ClassMethod || (m.Selector != "allocWithZone:" && m.Selector != "alloc") {
				continue
			}
			c := cs.For(ix, d.File, class, m, m.Body, m.Params)
			for _, s := range m.Body.Sends {
				if (s.Expr.Name == "allocWithZone:" || s.Expr.Name == "alloc") && s.Expr.X().IsIdent("super") && c.Of(s.Expr, s.Scope).Kind == Shared {
					return "a singleton (+" + m.Selector + " hands out one instance kept in static storage)", true
				}
			}
		}
	}
	return "", false
}

// callersKeep reports whether every send of sel in the project keeps its
// result in a property or ivar of a process-lifetime object (or in
// static storage), and there is at least one.
func (cs *Contexts) callersKeep(ix *analyzer.Index, sel string, depth int) bool {
	sites := cs.sendSites(ix)[sel]
	if len(sites) == 0 || len(sites) > 8 {
		return false
	}
	for _, site := range sites {
		pl := site.c.Of(site.expr, site.scope)
		switch {
		case pl.Kind == Shared:
		case pl.Kind == Instance && site.c.SetupOnly():
			if _, ok := cs.processLifetime(ix, site.c.Class, depth+1); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// subclassesLive decides for a class the project never makes itself but
// whose subclasses it makes in code (a base class holding the shared
// behaviour of a macOS and an iOS controller): its instances live as long
// as the process when every subclass does, and at least one is made in
// code.
func (cs *Contexts) subclassesLive(ix *analyzer.Index, class string, depth int) (string, bool) {
	if depth >= maxLifetimeDepth {
		return "", false
	}
	made := false
	for _, sub := range cs.descendants(ix, class) {
		made = made || len(cs.allocations(ix)[sub]) > 0
		if _, ok := cs.processLifetime(ix, sub, depth+1); !ok {
			return "", false
		}
	}
	if !made {
		return "", false
	}
	return "every instance is one of its subclasses, which live as long as the process", true
}

// descendants returns the project's subclasses of class, transitively,
// nearest first.
func (cs *Contexts) descendants(ix *analyzer.Index, class string) []string {
	cs.indexTypes(ix)
	var out []string
	seen := map[string]bool{class: true}
	for queue := []string{class}; len(queue) > 0; queue = queue[1:] {
		for _, sub := range cs.subclasses[queue[0]] {
			if !seen[sub] {
				seen[sub] = true
				out = append(out, sub)
				queue = append(queue, sub)
			}
		}
	}
	return out
}

// heldWhenLoaded decides for a class the project never allocates (a view
// controller a storyboard, a nib or Swift code makes, kept in an outlet
// or a property): it lives as long as the process when the references the
// project declares to it or to its subclasses, at least one, all belong to
// process-lifetime objects, and the project allocates none of its
// subclasses either.
func (cs *Contexts) heldWhenLoaded(ix *analyzer.Index, class string, depth int) (string, bool) {
	if depth >= maxLifetimeDepth {
		return "", false
	}
	family := map[string]bool{class: true}
	for _, sub := range cs.descendants(ix, class) {
		if len(cs.allocations(ix)[sub]) > 0 {
			return "", false // instances of a subclass are made in code
		}
		family[sub] = true
	}
	holders := map[string][]string{} // holding class → its references
	for name := range family {
		for _, r := range cs.typeRefs[name] {
			holders[r.holder] = append(holders[r.holder], r.ref)
		}
	}
	if len(holders) == 0 {
		return "", false
	}
	names := make([]string, 0, len(holders))
	for h := range holders {
		names = append(names, h)
	}
	sort.Strings(names) // the answers cached on the way do not depend on map order
	for _, h := range names {
		if family[h] {
			return "", false
		}
		if _, ok := cs.processLifetime(ix, h, depth+1); !ok {
			return "", false
		}
		if !cs.setOnlyOnce(ix, h, holders[h]) {
			return "", false // may hold a new object each time (a segue's destination)
		}
	}
	return "held by a process-lifetime object (made by a storyboard, a nib or code outside the project)", true
}

// typedRef is a strong property or ivar of holder declared with a class
// type.
type typedRef struct{ holder, ref string }

// indexTypes builds, once, the project's direct subclasses by class and
// its strong references by declared class (for heldWhenLoaded).
func (cs *Contexts) indexTypes(ix *analyzer.Index) {
	if cs.typeRefs != nil {
		return
	}
	cs.typeRefs, cs.subclasses = map[string][]typedRef{}, map[string][]string{}
	for _, name := range ix.ClassNames() {
		if c := ix.Class(name); c != nil && c.Super != "" && c.Super != name {
			cs.subclasses[c.Super] = append(cs.subclasses[c.Super], name)
		}
	}
	for _, f := range ix.Files {
		for _, cd := range f.Classes {
			for _, p := range cd.Properties {
				if p.Type.Name != "" && !p.HasAttr("weak") && !p.HasAttr("assign") && !p.HasAttr("unsafe_unretained") {
					cs.typeRefs[p.Type.Name] = append(cs.typeRefs[p.Type.Name], typedRef{cd.Name, p.Name})
				}
			}
			for _, iv := range cd.Ivars {
				if iv.Type.Name != "" {
					cs.typeRefs[iv.Type.Name] = append(cs.typeRefs[iv.Type.Name], typedRef{cd.Name, iv.Name})
				}
			}
		}
	}
}

// setOnlyOnce reports whether the code of class assigns the references
// refs (property or ivar names) only while the object is set up
// (model.SetupOnce: initializers, -awakeFromNib, -viewDidLoad, launch), or
// never (a nib outlet), apart from clearing them.
func (cs *Contexts) setOnlyOnce(ix *analyzer.Index, class string, refs []string) bool {
	names := map[string]bool{}
	for _, r := range refs {
		names[r] = true
		names[strings.TrimPrefix(r, "_")] = true
	}
	ok := true
	cs.InstanceMethods(ix, class, func(c *Context) {
		if !ok || c.SetupOnly() {
			return
		}
		for _, a := range c.Body.Assigns {
			if key, self := c.SelfKey(a.Target()); self && names[key] && !a.Value().IsIdent("nil") {
				ok = false
				return
			}
		}
		for _, snd := range c.Body.Sends {
			if name, setter := c.setterKey(snd); setter && names[name] && snd.Expr.NumArgs() == 1 && !snd.Expr.Arg(0).IsIdent("nil") {
				ok = false
				return
			}
		}
	})
	return ok
}

// sendSites returns the project's message sends of the selectors of its
// own methods that return objects (the factories), by selector, built
// once.
func (cs *Contexts) sendSites(ix *analyzer.Index) map[string][]allocSite {
	if cs.sends != nil {
		return cs.sends
	}
	cs.sends = map[string][]allocSite{}
	// Only the selectors of the project's methods that return an object
	// can be factories whose callers matter.
	factories := map[string]bool{}
	for _, f := range ix.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body != nil && m.Return.Object {
					factories[m.Selector] = true
				}
			}
		}
	}
	cs.eachBody(ix, func(c *Context) {
		for _, s := range c.Body.Sends {
			if sel := s.Selector(); factories[sel] {
				cs.sends[sel] = append(cs.sends[sel], allocSite{c, s.Expr, s.Scope, s.Context})
			}
		}
	})
	return cs.sends
}

// eachBody calls fn with the Context of every body of the project.
func (cs *Contexts) eachBody(ix *analyzer.Index, fn func(c *Context)) {
	for _, f := range ix.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body != nil {
					fn(cs.For(ix, f, cd.Name, m, m.Body, m.Params))
				}
			}
		}
		for _, fn2 := range f.Functions {
			if fn2.Body != nil {
				fn(cs.For(ix, f, "", nil, fn2.Body, fn2.Params))
			}
		}
	}
}

// keptBySelfOnce reports whether the allocation is assigned, while the
// object is set up (model.SetupOnce), to a property of an object self
// holds (`self.window.rootViewController = [[C alloc] init]` in the
// application delegate's launch method).
func (site allocSite) keptBySelfOnce() bool {
	c := site.c
	if !c.SetupOnly() {
		return false
	}
	for _, a := range c.Body.Assigns {
		if a.Value().Unparen() != site.expr {
			continue
		}
		t := a.Target().Unparen()
		for depth := 0; t != nil && t.Kind == objcparse.ExprMember && depth < 4; depth++ {
			t = t.X().Unparen()
		}
		return t.IsIdent("self")
	}
	return false
}

// guarded reports whether the allocation is made inside an if/switch/?:
// branch (a lazy `if (!_x) _x = [X new];` among others).
func (site allocSite) guarded() bool { return site.ctx&objcparse.InCondition != 0 }

// allocSite is an allocation `[[C alloc] init…]` or `[C new]` in a body.
type allocSite struct {
	c     *Context
	expr  *objcparse.Expr
	scope int
	ctx   objcparse.Context // the send's
}

// allocations returns the allocations of the project by class, built once.
func (cs *Contexts) allocations(ix *analyzer.Index) map[string][]allocSite {
	if cs.allocs != nil {
		return cs.allocs
	}
	cs.allocs = map[string][]allocSite{}
	cs.eachBody(ix, func(c *Context) {
		if _, test := ix.IsKindOfAny(c.Class, model.TestCaseClasses); test && c.Class != "" {
			return // a test makes its own instances; the app's lifetime is what matters
		}
		for _, s := range c.Body.Sends {
			if cls, ok := model.AllocatedClass(s.Expr, c.Class); ok {
				cs.allocs[cls] = append(cs.allocs[cls], allocSite{c, s.Expr, s.Scope, s.Context})
			}
		}
	})
	return cs.allocs
}

// Removal is what the project does with the token of a block observer
// registration (`addObserverForName:object:queue:usingBlock:`) kept at a
// place.
type Removal struct {
	// Removed is set when a removeObserver: with the token runs where it
	// can: outside -dealloc (or -finalize).
	Removed bool
	// DeallocOnly is the first removal in -dealloc, which never runs
	// while the block retains self; NoPos when there is none.
	DeallocOnly token.Pos
	// RemovesSelf is the first removeObserver:self of the class, which
	// does not remove block observers; NoPos when there is none.
	RemovesSelf token.Pos
}

// ObserverRemoval looks for the removal of an observer token kept at
// place (a property or ivar of self: every instance method of the class;
// a local: this body), and for removeObserver:self in the class.
func (c *Context) ObserverRemoval(place Place) Removal {
	var r Removal
	check := func(mc *Context) {
		teardown := mc.Method != nil && model.TeardownOnlySelectors[mc.Method.Selector]
		for _, rs := range mc.Body.Sends {
			obs, ok := model.ObserverRemoves(rs.Expr)
			if !ok {
				continue
			}
			if obs.IsIdent("self") {
				if !r.RemovesSelf.IsValid() {
					r.RemovesSelf = rs.Expr.Pos
				}
				continue
			}
			switch {
			case place.Kind == Instance && mc.Holds(obs, place):
			case place.Kind == Local && mc.Body == c.Body && mc.Holds(obs, place):
			default:
				continue
			}
			if teardown {
				if !r.DeallocOnly.IsValid() {
					r.DeallocOnly = rs.Expr.Pos
				}
				continue
			}
			r.Removed = true
		}
	}
	switch place.Kind {
	case Local:
		check(c)
	default:
		if c.InstanceMethod() {
			c.InstanceMethods(c.Class, check)
		}
	}
	return r
}
