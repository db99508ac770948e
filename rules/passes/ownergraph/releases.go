package ownergraph

import (
	"go/token"
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// A slotWrite is one write of a reference of an object: a release (the
// reference set to nil, an element removed from the collection) or a
// store of another value.
type slotWrite struct {
	pos     token.Pos
	body    *captures.Body
	release bool
	// invoked marks a release of a reference of self by a body that also
	// calls the block the reference holds, or messages the object it
	// holds (invokes): the class runs the callback once and lets it go,
	// so a cycle through it is broken when it runs, whoever stored it.
	invoked bool
}

// elementsKey is the reference name standing for a collection's elements.
const elementsKey = "[]"

// recordWrite records a write of reference keyName of owner at pos, by
// the node's key and, for objects other than self, by the owner's class
// (`self.child.parent = nil` releases the parent of some Child).
func (bb *bodyBuilder) recordWrite(owner model.NodeID, keyName string, pos token.Pos, release bool) {
	b := bb.b
	w := slotWrite{pos: pos, body: bb.cb, release: release}
	if release && owner == bb.self && keyName != elementsKey {
		w.invoked = bb.invokes(keyName)
	}
	k := b.g.Node(owner).Key + "." + keyName
	b.writes[k] = append(b.writes[k], w)
	// By class only for a property or ivar of a class the project defines:
	// `[someArray removeAllObjects]` says nothing about other arrays.
	if class := b.res.nodes[owner].Class; class != "" && keyName != elementsKey && b.g.Node(owner).Kind != model.NodeInstance && b.defines(class) {
		ck := class + "." + keyName
		b.classWrites[ck] = append(b.classWrites[ck], w)
	}
}

// recordAssign records the write of a plain assignment to a reference:
// a release (`self.p = nil`, `x.delegate = nil`, `self.items[key] = nil`)
// or a store into a reference of self (`_timer = [NSTimer …]`). Stores
// into other objects' references are not recorded: finding their node
// would add nodes to the graph for every assignment.
func (bb *bodyBuilder) recordAssign(a *objcparse.Assign, t *objcparse.Expr) {
	release := model.IsNil(a.Value())
	if t.Kind == objcparse.ExprSubscript {
		if release {
			if coll, ok := bb.denote(t.X(), a.Scope); ok {
				bb.recordWrite(coll, elementsKey, a.Expr.Pos, true)
			}
		}
		return
	}
	if t.Kind == objcparse.ExprIdent {
		if _, _, isVar := bb.lookupVar(t.Name, a.Scope, t.Pos); isVar {
			return
		}
	}
	if !release {
		if bb.self >= 0 {
			if key, ok := bb.selfKey(t); ok {
				bb.recordWrite(bb.self, key, a.Expr.Pos, false)
			}
		}
		return
	}
	if owner, _, _, keyName, ok := bb.slotTarget(t, a.Scope); ok {
		bb.recordWrite(owner, keyName, a.Expr.Pos, true)
	}
}

// recordSendRelease records the releases a message send makes: a
// collection removal (`[self.handlers removeObject:h]`) or a setter given
// nil (`[self setCompletion:nil]`).
func (bb *bodyBuilder) recordSendRelease(s *objcparse.Send) {
	e := s.Expr
	switch {
	case model.CollectionRemoval(e.Name):
		if coll, ok := bb.denote(s.Receiver(), s.Scope); ok {
			bb.recordWrite(coll, elementsKey, e.Pos, true)
		}
	case e.NumArgs() == 1 && model.IsNil(e.Arg(0)):
		bb.recordSetterNil(s, e.Name)
	default:
		// [self performSelector:@selector(setRetainedSelf:) withObject:nil
		// afterDelay:0]: the setter, given nil, a little later.
		if sel, ok := model.PerformedSetterNil(e); ok {
			bb.recordSetterNil(s, sel)
		}
	}
}

// recordSetterNil records the release the setter sel given nil makes when
// sent to the receiver of s (`[self setCompletion:nil]`, or the same
// through -performSelector:withObject:).
func (bb *bodyBuilder) recordSetterNil(s *objcparse.Send, sel string) {
	e := s.Expr
	if owner, ok := bb.denote(s.Receiver(), s.Scope); ok {
		if name, ok := bb.b.setterNamed(bb.b.res.nodes[owner].Class, sel); ok {
			bb.recordWrite(owner, name, e.Pos, true)
			return
		}
	}
	// A project method -setX: that stores its argument (a setter
	// written by hand), on a receiver of any class: it releases that
	// reference of every class defining it.
	if bb.inDealloc() {
		return
	}
	setters := bb.b.caps.Summaries.Setters(sel)
	recvClass := ""
	if owner, ok := bb.denote(s.Receiver(), s.Scope); ok {
		recvClass = bb.b.res.nodes[owner].Class
	}
	protocols := bb.receiverProtocols(s.Receiver())
	for _, st := range setters {
		switch {
		case recvClass != "":
			// A receiver of a known class: that class's setter (or an
			// override's, or an inherited one's).
			if !bb.b.ix.IsSubclassOf(recvClass, st.Class) && !bb.b.ix.IsSubclassOf(st.Class, recvClass) {
				continue
			}
		case len(protocols) > 0:
			// id<P>: the classes that adopt P.
			if !bb.b.adopts(st.Class, protocols) {
				continue
			}
		case len(setters) > 1:
			continue // an untyped receiver: only a setter no other class defines
		}
		ck := st.Class + "." + st.Key
		bb.b.classWrites[ck] = append(bb.b.classWrites[ck], slotWrite{pos: e.Pos, body: bb.cb, release: true})
	}
}

// receiverProtocols returns the protocols of a receiver declared `id<P>`
// (a local or a parameter), or nil.
func (bb *bodyBuilder) receiverProtocols(recv *objcparse.Expr) []string {
	recv = recv.Unparen()
	if recv == nil || recv.Kind != objcparse.ExprIdent {
		return nil
	}
	var t objcparse.Type
	found := false
	for _, v := range bb.cb.Body.Locals {
		if v.Name == recv.Name && v.Pos < recv.Pos {
			t, found = v.Type, true
		}
	}
	if !found {
		for _, p := range bb.cb.Storage.Params {
			if p.Name == recv.Name {
				t, found = p.Type, true
			}
		}
	}
	if !found || t.Name != "id" {
		return nil
	}
	return typeArgs(t.Text)
}

// adopts reports whether class conforms to one of protocols (computeAdopters).
func (b *builder) adopts(class string, protocols []string) bool {
	for _, p := range protocols {
		for _, c := range b.adopters[p] {
			if c == class {
				return true
			}
		}
	}
	return false
}

// resolveReleases marks the edges whose reference is released on a path
// other than -dealloc (EdgeInfo.Released):
//   - in the body that creates the edge, after it (`a.b = b; … a.b = nil;`);
//   - in another method that can run — one the project sends, declares in
//     a header or a protocol, or that the frameworks call
//     (model.FrameworkInvoked) — and that does not store a new value into
//     the reference after releasing it (re-creating it is no release);
//   - for an object of a class, also by code releasing that reference of
//     another object of the class (`self.child.parent = nil`).
//
// A release in -dealloc is none: a cycle keeps -dealloc from running.
func (b *builder) resolveReleases() {
	if len(b.writes) == 0 && len(b.classWrites) == 0 {
		return
	}
	for ei, info := range b.res.edges {
		e := b.g.Edge(ei)
		keyName := info.key
		switch e.Kind {
		case model.EdgeStrongProperty, model.EdgeCopyProperty, model.EdgeStrongIvar:
		case model.EdgeStoredArgument:
			// A project method that stores its argument in a reference
			// of the receiver (key set by resolveCalls).
		case model.EdgeElement:
			keyName = elementsKey
		default:
			continue
		}
		if keyName == "" {
			continue
		}
		owner := b.g.Node(e.From)
		released := func(list []slotWrite) bool {
			p, ok := b.releasedIn(list, info.Body, e.Pos)
			info.Released = p
			return ok
		}
		if released(b.writes[owner.Key+"."+keyName]) ||
			// A to-many reference between classes: removing the element
			// releases it too.
			info.Elements && released(b.writes[owner.Key+"."+keyName+"."+elementsKey]) {
			continue
		}
		class := b.res.nodes[e.From].Class
		if class == "" || keyName == elementsKey || !b.defines(class) {
			continue
		}
		for _, c := range b.chain(class) {
			// self's reference written in a superclass's methods, and the
			// reference written on other objects of the class.
			if owner.Kind == model.NodeInstance && c.Name != class && released(b.writes["instance:"+c.Name+"."+keyName]) ||
				released(b.classWrites[c.Name+"."+keyName]) {
				break
			}
			// Another object's callback that its class clears when it
			// calls it (`if (self.completion) self.completion(done);
			// self.completion = nil;`): a one-shot callback, broken by
			// design once it runs.
			if owner.Kind != model.NodeInstance && released(invokedOnly(b.writes["instance:"+c.Name+"."+keyName])) {
				break
			}
			// A project method kept the argument in a collection of its
			// receiver (-registerSession: adding to _sessions); a method of
			// the class that removes elements from it, and that the
			// project calls (-deregisterSession:), lets it go. Not in a
			// tree of one class (a node adding itself to its parent's
			// children): removing one child leaves the cycles below it.
			if e.Kind == model.EdgeStoredArgument && owner.Kind != model.NodeInstance && strings.HasSuffix(keyName, summaries.ElementsSuffix) &&
				b.res.nodes[e.To].Class != class &&
				released(b.calledOnly(b.writes["instance:"+c.Name+"."+keyName])) {
				break
			}
		}
	}
}

// releasedIn returns the first write of list that releases a reference
// stored by body at pos (see resolveReleases).
func (b *builder) releasedIn(list []slotWrite, body *captures.Body, pos token.Pos) (token.Pos, bool) {
	for _, w := range list {
		if !w.release {
			continue
		}
		if w.body == body && body != nil {
			if runsLater(body, w.pos) || w.pos > pos && !restoredAfter(list, w) {
				// In a block that runs later, the release follows every
				// store of the body, whatever their order in the text.
				return w.pos, true
			}
			continue
		}
		if !b.canRun(w.body) || restoredAfter(list, w) {
			continue
		}
		return w.pos, true
	}
	return token.NoPos, false
}

// runsLater reports whether pos is inside a block literal of body that
// does not run before its statement completes (dispatched, stored, or
// handed to code that calls it back): a release there happens after the
// statements that follow the block (`_pending = block;` after a block
// that sets `_pending = nil` when it runs).
func runsLater(body *captures.Body, pos token.Pos) bool {
	for _, blk := range body.Blocks {
		if blk.Block.Pos <= pos && pos < blk.Block.End {
			if r, ok := body.Retention(blk); ok && r == model.RetainNone {
				continue // run before the statement completes; an enclosing one may not be
			}
			return true
		}
	}
	return false
}

// invokedOnly keeps the releases that call the released block too
// (slotWrite.invoked).
func invokedOnly(list []slotWrite) []slotWrite {
	var out []slotWrite
	for _, w := range list {
		if w.invoked {
			out = append(out, w)
		}
	}
	return out
}

// invokes reports whether the body calls back what self's reference key
// holds: the block, directly (`self.completion(ok)`, `_completion(ok)`),
// through a local copied from it (`void (^done)(void) = self.completion;
// self.completion = nil; done();`), or by sending self a message whose
// implementation in self's class or a superclass calls it directly
// (`[self callProgressBlock]`); or the object, by messaging it
// (`[_target taskRunnerDidFinish:self]`).
func (bb *bodyBuilder) invokes(key string) bool {
	body := bb.cb.Body
	for _, c := range body.Calls {
		if bb.callsSelfKey(c, key) {
			return true
		}
	}
	for _, s := range body.Sends {
		recv := s.Expr.X().Unparen()
		if recv.IsIdent("self") {
			// A helper of self's class that calls the block.
			for _, cls := range bb.b.chain(bb.cb.Class) {
				if bb.b.invokersOf()[invoker{cls.Name, key, s.Expr.Name}] {
					return true
				}
			}
		} else if k, ok := bb.cb.Storage.SelfKey(recv); ok && k == key {
			// The object itself called back (`[_target taskRunner:self
			// finishedWithStatus:…]; [self setTarget:nil];`).
			return true
		}
	}
	return false
}

// callsSelfKey reports whether call c calls the block held by self's
// reference key, directly or through a local whose initializer reads it.
func (bb *bodyBuilder) callsSelfKey(c *objcparse.Call, key string) bool {
	fn := callee(c)
	if fn == nil {
		return false
	}
	if fn.Kind == objcparse.ExprIdent {
		if _, v, isVar := bb.lookupVar(fn.Name, c.Scope, fn.Pos); isVar {
			if v == nil || v.Init == nil {
				return false
			}
			fn = v.Init
		}
	}
	k, ok := bb.cb.Storage.SelfKey(fn.Unparen())
	return ok && k == key
}

// An invoker is a method of a class whose body calls the block held by
// one of self's references.
type invoker struct{ class, key, selector string }

// invokersOf returns, made on first use, the instance methods whose
// bodies call a block self holds, with the reference (for invokes).
func (b *builder) invokersOf() map[invoker]bool {
	if b.invokers != nil {
		return b.invokers
	}
	b.invokers = map[invoker]bool{}
	for _, cb := range b.caps.Bodies {
		if cb.Method == nil || cb.Method.ClassMethod || cb.Class == "" {
			continue
		}
		for _, c := range cb.Body.Calls {
			if fn := callee(c); fn != nil {
				if k, ok := cb.Storage.SelfKey(fn.Unparen()); ok {
					b.invokers[invoker{cb.Class, k, cb.Method.Selector}] = true
				}
			}
		}
	}
	return b.invokers
}

// callee returns what call c calls: the expression, or an identifier for
// a named callee (`_completion(ok)` calls the ivar); nil when neither.
func callee(c *objcparse.Call) *objcparse.Expr {
	if x := c.Expr.X(); x != nil {
		return x
	}
	if c.Name() == "" {
		return nil
	}
	return &objcparse.Expr{Kind: objcparse.ExprIdent, Name: c.Name(), Pos: c.Expr.Pos}
}

// calledOnly keeps the writes made in methods that the project sends
// somewhere (explicit API its callers use, not only callbacks the
// frameworks make for some objects of the class).
func (b *builder) calledOnly(list []slotWrite) []slotWrite {
	var out []slotWrite
	for _, w := range list {
		if m := w.body.Method; m != nil && b.caps.Summaries.Called(m.Selector) {
			out = append(out, w)
		}
	}
	return out
}

// restoredAfter reports whether the body of release w stores a new value
// into the reference after releasing it.
func restoredAfter(list []slotWrite, w slotWrite) bool {
	for _, o := range list {
		if !o.release && o.body == w.body && o.pos > w.pos {
			return true
		}
	}
	return false
}

// canRun reports whether a body runs while the object is alive: not
// -dealloc (or -finalize), and for a method, one that the frameworks call
// (model.FrameworkInvoked), that the project declares in a header or a
// protocol (its callers may be anywhere, in code not linted too), or that
// its own file sends or names with @selector (a private method, which
// only its file can call without a declaration). Only headers and the
// method's own file decide, so a sharded run decides the same.
func (b *builder) canRun(cb *captures.Body) bool {
	m := cb.Method
	if m == nil {
		return true
	}
	if !m.ClassMethod && (m.Selector == "dealloc" || m.Selector == "finalize") {
		return false
	}
	if model.FrameworkInvoked(m.Selector) {
		return true
	}
	if b.declaredSels == nil {
		b.declaredSels = b.collectDeclaredSelectors()
	}
	if b.declaredSels[m.Selector] {
		return true
	}
	return b.fileSelectors(cb.Storage.File)[m.Selector]
}

// collectDeclaredSelectors returns the selectors the project declares in
// headers and in protocols.
func (b *builder) collectDeclaredSelectors() map[string]bool {
	out := map[string]bool{}
	for _, f := range b.ix.Files {
		if f.Lang == objcparse.LangHeader {
			for _, cd := range f.Classes {
				for _, m := range cd.Methods {
					out[m.Selector] = true
				}
			}
		}
		for _, p := range f.Protocols {
			for _, m := range p.Methods {
				out[m.Selector] = true
			}
		}
	}
	return out
}

// fileSelectors returns the selectors file f sends or names with
// @selector(…). The table of every file is made on first use, in one pass
// over the bodies.
func (b *builder) fileSelectors(f *objcparse.File) map[string]bool {
	if b.sentSels == nil {
		b.sentSels = map[*objcparse.File]map[string]bool{}
		for _, cb := range b.caps.Bodies {
			out := b.sentSels[cb.Storage.File]
			if out == nil {
				out = map[string]bool{}
				b.sentSels[cb.Storage.File] = out
			}
			cb.Body.NamedSelectors(out)
		}
	}
	return b.sentSels[f]
}
