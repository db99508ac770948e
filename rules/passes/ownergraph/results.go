package ownergraph

import (
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// NewKeyPrefix starts the node keys of objects made inline by an
// initializer or a class factory of a project class (`[rows addObject:
// [Row rowWithAction:^{…}]]`, `return [[Item alloc] initWithHandler:h];`):
// the new object holds what its initializer keeps, wherever it goes.
const NewKeyPrefix = "new:"

// newObject reports whether the send e makes a new object: an initializer
// of `[C alloc]` (summaries.AllocReceiver) or a class factory of a project
// class (summaries.Result.Factory, which also names the factory's class).
func (bb *bodyBuilder) newObject(e *objcparse.Expr) (class, factory string, ok bool) {
	inClassMethod := bb.cb.Method != nil && bb.cb.Method.ClassMethod
	if class, ok = summaries.AllocReceiver(bb.b.ix, bb.cb.Class, inClassMethod, e.X()); ok && model.IsInitSelector(e.Name) {
		return class, "", true
	}
	if class, ok = bb.b.caps.Summaries.Factory(bb.cb.Class, inClassMethod, e); ok {
		return class, class, true
	}
	return "", "", false
}

// newNode returns the node of the object the send e makes inline.
func (bb *bodyBuilder) newNode(e *objcparse.Expr, class string) model.NodeID {
	id, _ := bb.b.addNode(model.NodeObject, NewKeyPrefix+itoa(e.Pos), "new "+class, e.Pos, NodeInfo{Class: class, Owner: -1, Body: bb.cb})
	return id
}

// inlineNew returns the node of the object a send makes (newObject) when
// its value is not assigned to a reference or a variable (created finds
// those).
func (bb *bodyBuilder) inlineNew(e *objcparse.Expr) (model.NodeID, bool) {
	if e == nil || e.Kind != objcparse.ExprMessage || e.NumArgs() == 0 {
		return 0, false
	}
	if id, ok := bb.b.g.Lookup(NewKeyPrefix + itoa(e.Pos)); ok {
		return id, true
	}
	class, _, ok := bb.newObject(e)
	if !ok {
		return 0, false
	}
	if bb.assignedValues == nil {
		bb.assignedValues = map[*objcparse.Expr]bool{}
		for _, a := range bb.cb.Body.Assigns {
			bb.assignedValues[a.Value().Unparen()] = true
		}
		for _, v := range bb.cb.Body.Locals {
			bb.assignedValues[v.Init.Unparen()] = true
		}
	}
	if bb.assignedValues[e] {
		return 0, false
	}
	return bb.newNode(e, class), true
}

// returnStore is a reference of self assigned the result of a project
// method sent to self (`_rows = [self defaultRows];`), resolved once every
// body is built: the reference holds what that method returns.
type returnStore struct {
	owner         model.NodeID
	name, keyName string
	ivar          bool
	class, sel    string
	stmt          *objcparse.Expr
	body          *captures.Body
}

// recordReturns keeps the fresh objects the body's own return statements
// (outside block literals) stand for, by class and selector, for
// returnStores.
func (bb *bodyBuilder) recordReturns() {
	m := bb.cb.Method
	if m == nil || m.ClassMethod || bb.cb.Class == "" || !m.Return.Object {
		return
	}
	for _, r := range bb.cb.Body.Returns {
		if r.Scope != -1 || r.Value == nil {
			continue
		}
		switch v := r.Value.Unparen(); {
		case v == nil:
			continue
		case v.Kind == objcparse.ExprMember, v.Kind == objcparse.ExprMessage && v.NumArgs() == 0 && v.Name != "autorelease" && v.Name != "copy":
			continue // a getter's value: the caller's own, never fresh
		}
		for _, v := range bb.values(r.Value, -1) {
			if bb.fresh(v) {
				k := refKey{class: bb.cb.Class, name: m.Selector}
				bb.b.returns[k] = append(bb.b.returns[k], v)
			}
		}
	}
}

// fresh reports whether a node is an object the body makes: a block, a
// collection literal, an object made inline, or a local variable whose
// value a message creates (`NSMutableArray *rows = [NSMutableArray
// array];`, `Row *row = [[Row alloc] init];`). A parameter, self or one of
// self's references returned is not: the caller already holds it.
func (bb *bodyBuilder) fresh(id model.NodeID) bool {
	n, info := bb.b.g.Node(id), bb.b.res.nodes[id]
	switch n.Kind {
	case model.NodeBlock:
		return true
	case model.NodeObject:
		return info.Owner < 0 && (strings.HasPrefix(n.Key, LiteralKeyPrefix) || strings.HasPrefix(n.Key, NewKeyPrefix))
	case model.NodeLocal:
		if info.Var == nil || !info.Var.Pos.IsValid() || info.Body != bb.cb {
			return false
		}
		init := info.Var.Init.Unparen()
		return init != nil && init.Kind == objcparse.ExprMessage
	}
	return false
}

// resolveReturnStores adds the edges of references assigned the result of
// a project method of self: the fresh objects its definition returns.
func (b *builder) resolveReturnStores() {
	for _, rs := range b.returnStores {
		// The nearest definition: the class's own, or a superclass's.
		for _, c := range b.chain(rs.class) {
			if vals := b.returns[refKey{class: c.Name, name: rs.sel}]; len(vals) > 0 {
				b.storeNodes(rs.owner, rs.name, rs.ivar, rs.keyName, vals, false, rs.stmt, rs.body)
				break
			}
		}
	}
}
