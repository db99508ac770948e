package ownergraph

import (
	"go/token"
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
)

// A slotWrite is one write of a reference of an object: a release (the
// reference set to nil, an element removed from the collection) or a
// store of another value.
type slotWrite struct {
	pos     token.Pos
	body    *captures.Body
	release bool
}

// elementsKey is the reference name standing for a collection's elements.
const elementsKey = "[]"

// recordWrite records a write of reference keyName of owner at pos, by
// the node's key and, for objects other than self, by the owner's class
// (`self.child.parent = nil` releases the parent of some Child).
func (bb *bodyBuilder) recordWrite(owner model.NodeID, keyName string, pos token.Pos, release bool) {
	b := bb.b
	w := slotWrite{pos: pos, body: bb.cb, release: release}
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
	sel := e.Name
	switch {
	case model.CollectionRemoval(sel):
		if coll, ok := bb.denote(s.Receiver(), s.Scope); ok {
			bb.recordWrite(coll, elementsKey, e.Pos, true)
		}
	case e.NumArgs() == 1 && strings.HasPrefix(sel, "set") && len(sel) > 4 && model.IsNil(e.Arg(0)):
		owner, ok := bb.denote(s.Receiver(), s.Scope)
		if !ok {
			return
		}
		name := strings.ToLower(sel[3:4]) + strings.TrimSuffix(sel[4:], ":")
		if r := bb.b.reference(bb.b.res.nodes[owner].Class, name, false); r.found && r.setter == sel {
			bb.recordWrite(owner, name, e.Pos, true)
		}
	}
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
		case model.EdgeElement:
			keyName = elementsKey
		default:
			continue
		}
		if keyName == "" {
			continue
		}
		owner := b.g.Node(e.From)
		keys := []string{owner.Key + "." + keyName}
		if info.Elements {
			// A to-many reference between classes: removing the element
			// releases it too.
			keys = append(keys, owner.Key+"."+keyName+"."+elementsKey)
		}
		var classes []string
		if class := b.res.nodes[e.From].Class; class != "" && keyName != elementsKey && b.defines(class) {
			for _, c := range b.chain(class) {
				classes = append(classes, c.Name)
				if owner.Kind == model.NodeInstance && c.Name != class {
					keys = append(keys, "instance:"+c.Name+"."+keyName)
				}
			}
		}
		var ws [][]slotWrite
		for _, k := range keys {
			ws = append(ws, b.writes[k])
		}
		for _, c := range classes {
			ws = append(ws, b.classWrites[c+"."+keyName])
		}
		for _, list := range ws {
			if p, ok := b.releasedIn(list, info.Body, e.Pos); ok {
				info.Released = p
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
			if w.pos > pos && !restoredAfter(list, w) {
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
		header := strings.HasSuffix(f.Path, ".h") || strings.HasSuffix(f.Path, ".hh") || strings.HasSuffix(f.Path, ".hpp")
		if header {
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
// @selector(…), computed once per file.
func (b *builder) fileSelectors(f *objcparse.File) map[string]bool {
	if out, ok := b.sentSels[f]; ok {
		return out
	}
	out := map[string]bool{}
	var walk func(e *objcparse.Expr)
	walk = func(e *objcparse.Expr) {
		if e == nil {
			return
		}
		if e.Kind == objcparse.ExprSelector || e.Kind == objcparse.ExprMessage {
			out[e.Name] = true
		}
		walk(e.X())
		for _, a := range e.Args() {
			walk(a)
		}
	}
	for _, cb := range b.caps.Bodies {
		if cb.Storage.File == f {
			for e := range cb.Body.Exprs() {
				walk(e)
			}
		}
	}
	b.sentSels[f] = out
	return out
}
