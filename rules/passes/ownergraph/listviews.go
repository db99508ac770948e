package ownergraph

import (
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
)

// CellEdge is the EdgeInfo.Name of the model.EdgeViewHierarchy edges by
// which a list view keeps a cell (the others are a view controller keeping
// a view of its hierarchy).
const CellEdge = "cell"

// listViews adds the edges of the views a list view keeps (SEMANTICS §3,
// model/views.go): the cell a data-source method returns is kept by the
// list view passed as its first argument, and a dequeued or visible cell
// by the list view it came from. When that list view is self's own (the
// one table or collection view self keeps, or a weak outlet in self's
// view hierarchy), a block the cell keeps that captures self closes a
// cycle: self → table view → cell → block → self.
func (bb *bodyBuilder) listViews() {
	m := bb.cb.Method
	if bb.self < 0 || m == nil {
		return
	}
	kept := map[[2]model.NodeID]bool{}
	keep := func(holder, cell model.NodeID, at *objcparse.Expr) {
		if holder == cell || kept[[2]model.NodeID{holder, cell}] {
			return
		}
		kept[[2]model.NodeID{holder, cell}] = true
		bb.b.addEdge(model.Edge{From: holder, To: cell, Kind: model.EdgeViewHierarchy, Label: "cell (kept by the list view)", Pos: at.Pos},
			EdgeInfo{Name: CellEdge, Own: model.OwnStrong, Body: bb.cb, Expr: at})
	}
	for _, v := range bb.cb.Body.Locals {
		init := v.Init.Unparen()
		if init == nil || init.Kind != objcparse.ExprMessage || !model.KeptByReceiver(init.Name) {
			continue
		}
		if holder, ok := bb.listView(init.X(), v.Scope); ok {
			keep(holder, bb.varNode("L"+itoa(v.Pos), v, v.Pos+1), init)
		}
	}
	for _, a := range bb.cb.Body.Assigns {
		val := a.Value().Unparen()
		if !isPlainAssign(a) || val == nil || val.Kind != objcparse.ExprMessage || !model.KeptByReceiver(val.Name) {
			continue
		}
		t := a.Target().Unparen()
		if t == nil || t.Kind != objcparse.ExprIdent {
			continue
		}
		key, v, ok := bb.lookupVar(t.Name, a.Scope, t.Pos)
		if !ok {
			continue
		}
		if holder, ok := bb.listView(val.X(), a.Scope); ok {
			keep(holder, bb.varNode(key, v, a.Expr.End()+1), val)
		}
	}
	if !model.CellProvider(m.Selector) || m.ClassMethod || len(m.Params) == 0 {
		return
	}
	holder, ok := bb.ownList(m.Params[0].Type.Name)
	if !ok {
		return
	}
	for _, r := range bb.cb.Body.Returns {
		if r.Scope != -1 || r.Value == nil {
			continue
		}
		for _, v := range bb.values(r.Value, -1) {
			keep(holder, v, r.Value)
		}
	}
}

// listView returns the node of the list view an expression stands for: the
// list-view parameter of a data-source or delegate method (`tableView` in
// -tableView:didSelectRowAtIndexPath:) is self's own list view; any other
// expression denotes what it denotes.
func (bb *bodyBuilder) listView(e *objcparse.Expr, scope int) (model.NodeID, bool) {
	e = e.Unparen()
	if e == nil {
		return 0, false
	}
	if m := bb.cb.Method; m != nil && !m.ClassMethod && len(m.Params) > 0 && e.Kind == objcparse.ExprIdent && e.Name == m.Params[0].Name {
		family, ok := bb.b.listFamily(m.Params[0].Type.Name)
		if _, _, local := bb.lookupVar(e.Name, scope, e.Pos); local && ok && strings.HasPrefix(m.Selector, family+":") {
			return bb.ownList(m.Params[0].Type.Name)
		}
	}
	return bb.denote(e, scope)
}

// listFamily returns the kind of list view a class is (model.ListFamily):
// a subclass of one of model.ListViewClasses, or a class the project does
// not declare whose name ends like one (model.ListViewByName).
func (b *builder) listFamily(typeName string) (string, bool) {
	base, ok := b.ix.IsKindOfAny(typeName, model.ListViewClasses)
	if !ok && typeName != "" && b.ix.Class(typeName) == nil {
		base = model.ListViewByName(typeName)
	}
	if base == "" {
		return "", false
	}
	return model.ListFamily(base), true
}

// ownList returns the node of self's own list view of a list-view type:
// the one reference of self (property or ivar, of its class or a
// superclass) declared with that type or a subclass of it, or the list
// view of a UITableViewController or UICollectionViewController. The
// reference owns it when it is strong; a weak outlet of a view controller
// points into the controller's view hierarchy, which the controller keeps
// (an edge of kind model.EdgeViewHierarchy). Several candidates, or none:
// not known.
func (bb *bodyBuilder) ownList(typeName string) (model.NodeID, bool) {
	b := bb.b
	family, ok := b.listFamily(typeName)
	if !ok {
		return 0, false
	}
	class := bb.cb.Class
	type cand struct {
		name string
		ivar bool
	}
	seen := map[string]bool{}
	var cands []cand
	for _, c := range b.chain(class) {
		for _, d := range c.Decls {
			for _, p := range d.Properties {
				if f, ok := b.listFamily(p.Type.Name); ok && f == family && !seen[p.Name] {
					seen[p.Name], seen["_"+p.Name] = true, true
					cands = append(cands, cand{p.Name, false})
				}
			}
			for _, iv := range d.Ivars {
				if f, ok := b.listFamily(iv.Type.Name); ok && f == family && !seen[iv.Name] {
					seen[iv.Name] = true
					cands = append(cands, cand{iv.Name, true})
				}
			}
		}
	}
	if len(cands) == 0 {
		for ctrl, prop := range model.ListControllerViews {
			if _, ok := b.ix.IsKindOfAny(class, []string{ctrl}); ok && family == prop {
				id := bb.slot(bb.self, prop, false, prop)
				b.viewEdge(bb.self, id, prop+" (the controller's view)")
				return id, true
			}
		}
		return 0, false
	}
	if len(cands) > 1 {
		return 0, false // which one calls this method is not known
	}
	c := cands[0]
	r := b.reference(class, c.name, c.ivar)
	if !r.found {
		return 0, false
	}
	id := bb.slot(bb.self, c.name, c.ivar, c.name)
	if !r.own.IsOwning() {
		if _, vc := b.ix.IsKindOfAny(class, model.ViewControllerClasses); !vc || r.own != model.OwnWeak {
			return 0, false
		}
		b.viewEdge(bb.self, id, c.name+" (weak outlet, kept by the view hierarchy)")
	}
	return id, true
}

// viewEdge adds, once, the edge by which a view controller keeps a view of
// its view hierarchy.
func (b *builder) viewEdge(from, to model.NodeID, label string) {
	key := [2]model.NodeID{from, to}
	if b.viewEdges[key] {
		return
	}
	if b.viewEdges == nil {
		b.viewEdges = map[[2]model.NodeID]bool{}
	}
	b.viewEdges[key] = true
	b.addEdge(model.Edge{From: from, To: to, Kind: model.EdgeViewHierarchy, Label: label, Pos: b.g.Node(to).Pos},
		EdgeInfo{Name: b.res.nodes[to].Name, Own: model.OwnStrong})
}
