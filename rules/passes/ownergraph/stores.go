package ownergraph

import (
	"go/token"
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// assign adds the edges of `target = value`.
func (bb *bodyBuilder) assign(a *objcparse.Assign) {
	if !isPlainAssign(a) {
		return
	}
	t := a.Target().Unparen()
	if t == nil {
		return
	}
	bb.recordAssign(a, t)
	if t.Kind == objcparse.ExprSubscript {
		// self.handlers[key] = block: an element of the collection.
		if coll, ok := bb.denote(t.X(), a.Scope); ok {
			for _, v := range bb.values(a.Value(), a.Scope) {
				bb.b.elements = append(bb.b.elements, &deferredElement{coll: coll, val: v, expr: a.Expr, body: bb.cb})
			}
		}
		return
	}
	if t.Kind == objcparse.ExprIdent {
		// A __block variable can hold a block that captures the variable
		// itself: build its node so the self-loop is in the graph.
		if key, v, ok := bb.lookupVar(t.Name, a.Scope, t.Pos); ok && v.Type.HasQualifier("__block") {
			bb.varNode(key, v, lastDef)
		}
	}
	v := a.Value().Unparen()
	registers := v != nil && v.Kind == objcparse.ExprMessage && bb.b.mayKeep(v.Name, v)
	if v == nil || !denotable(v) && v.Kind != objcparse.ExprCond && !bb.b.createsKeeper(v) && !registers {
		return // a new object, a number, a string: nothing owned yet
	}
	owner, name, ivar, keyName, ok := bb.slotTarget(t, a.Scope)
	if !ok {
		return
	}
	if registers {
		// self.token = [realm addNotificationBlock:^{…}]: the token
		// stands for the registration.
		bb.b.tokens[v] = bb.slot(owner, name, ivar, keyName)
	}
	if v.Kind == objcparse.ExprMessage && v.X().IsIdent("self") && owner == bb.self && bb.self >= 0 &&
		bb.cb.Method != nil && !bb.cb.Method.ClassMethod && v.Name != bb.cb.Method.Selector {
		// _rows = [self defaultRows]: the reference holds what the
		// method returns, once every body is built.
		bb.b.returnStores = append(bb.b.returnStores, &returnStore{owner: owner, name: name, ivar: ivar, keyName: keyName,
			class: bb.cb.Class, sel: v.Name, stmt: a.Expr, body: bb.cb})
	}
	bb.store(owner, name, ivar, keyName, a.Value(), a.Expr, a.Scope)
}

// store adds the edges of storing value into reference name of owner (an
// assignment or a property's setter), at statement stmt.
func (bb *bodyBuilder) store(owner model.NodeID, name string, ivar bool, keyName string, value, stmt *objcparse.Expr, scope int) {
	b := bb.b
	v := value.Unparen()
	if v != nil && v.Kind == objcparse.ExprMessage {
		if bb.b.keeper(v) {
			// self.timer = [NSTimer scheduledTimer…target:self…]: the
			// object in self.timer keeps its target.
			bb.returnedRefs(bb.slot(owner, name, ivar, keyName), v, scope)
		}
		if owned, known := pointerCollectionCreation(v); known {
			b.pointerOwned[b.g.Node(owner).Key+"."+keyName] = owned
		}
	}
	bb.b.storeNodes(owner, name, ivar, keyName, bb.values(value, scope), retainedByHand(value), stmt, bb.cb)
}

// storeNodes adds the edges of storing the objects vals into reference
// name of owner at statement stmt of body (byHand: the value is retained
// or copied by hand, which an MRC ivar store needs to own it).
func (b *builder) storeNodes(owner model.NodeID, name string, ivar bool, keyName string, vals []model.NodeID, byHand bool, stmt *objcparse.Expr, body *captures.Body) {
	r := b.reference(b.res.nodes[owner].Class, name, ivar)
	var slotID model.NodeID = -1
	if id, ok := b.g.Lookup(b.g.Node(owner).Key + "." + keyName); ok {
		slotID = id
	}
	for _, val := range vals {
		if val == slotID {
			continue // the reference's own edge stands for it
		}
		own, assumed := r.own, false
		if ivar && r.mem == model.MRC {
			// SEMANTICS §1: under MRC an ivar assignment retains nothing;
			// the code owns the object only if it retained it by hand.
			own = model.OwnUnretained
			if byHand && r.own != model.OwnWeak {
				own = model.OwnStrong
			}
		}
		if !r.found {
			if !b.blockish(val) {
				continue
			}
			// A block stored in a property of a class the project does not
			// declare: block properties are copy, unless the framework
			// class lets the block go once it has run (NSOperation's
			// completionBlock).
			if b.caps.Summaries.ModelUse(b.res.nodes[owner].Class, model.DefaultSetter(name), 0).Retention == model.RetainUntilRun {
				continue
			}
			own, assumed = model.OwnCopy, true
		}
		if !own.IsOwning() {
			continue
		}
		kind := edgeKind(own, ivar)
		label := refLabel(name, kind)
		if assumed {
			label = name + " (block property, assumed copy)"
		}
		b.addEdge(model.Edge{From: owner, To: val, Kind: kind, Label: label, Pos: stmt.Pos, Decl: r.decl},
			EdgeInfo{Name: name, Own: own, Body: body, Expr: stmt, Assumed: assumed, key: keyName})
	}
}

// createsKeeper reports whether e creates an object that keeps some of its
// arguments (a timer, an observer token) or a pointer collection whose
// ownership must be recorded.
func (b *builder) createsKeeper(e *objcparse.Expr) bool {
	if e.Kind != objcparse.ExprMessage {
		return false
	}
	if b.keeper(e) {
		return true
	}
	_, known := pointerCollectionCreation(e)
	return known
}

// keeper reports whether the message e returns an object that keeps some
// of its arguments: a timer or display link (model.TimerCreated), or one of
// model.ReturnedRefs.
func (b *builder) keeper(e *objcparse.Expr) bool {
	if len(model.ReturnedRefs(e.Name)) > 0 {
		return true
	}
	tc, ok := model.TimerCreated(e, b.ix.IsKindOfAny)
	return ok && tc.Kind.Lasting()
}

// retainedByHand reports whether an MRC value is retained by the
// expression itself: [x copy], [x retain], Block_copy(x), [[X alloc] init…], [X new].
func retainedByHand(e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil {
		return false
	}
	switch e.Kind {
	case objcparse.ExprMessage:
		switch e.Name {
		case "copy", "retain", "mutableCopy", "new":
			return true
		}
		if x := e.X().Unparen(); x != nil && x.Kind == objcparse.ExprMessage && x.Name == "alloc" && strings.HasPrefix(e.Name, "init") {
			return true
		}
	case objcparse.ExprCall:
		return e.Name == "Block_copy"
	}
	return false
}

// pointerCollectionCreation recognizes [NSHashTable weakObjectsHashTable],
// [[NSMapTable alloc] initWithKeyOptions:… valueOptions:…] and the like.
func pointerCollectionCreation(e *objcparse.Expr) (owned, known bool) {
	recv := e.X().Unparen()
	if recv != nil && recv.Kind == objcparse.ExprMessage && recv.Name == "alloc" {
		recv = recv.X().Unparen()
	}
	if recv == nil || recv.Kind != objcparse.ExprIdent || !model.IsPointerCollection(recv.Name) {
		return false, false
	}
	var opts []string
	var walk func(x *objcparse.Expr)
	walk = func(x *objcparse.Expr) {
		if x == nil {
			return
		}
		if x.Kind == objcparse.ExprIdent {
			opts = append(opts, x.Name)
		}
		walk(x.X())
		for _, a := range x.Args() {
			walk(a)
		}
	}
	for _, a := range e.Args() {
		walk(a)
	}
	return model.PointerCollectionOwnsValues(e.Name, opts)
}

// returnedRefs adds the edges from the object created by msg (held in
// holder) to the arguments it keeps: a timer's target, an observer
// token's block.
func (bb *bodyBuilder) returnedRefs(holder model.NodeID, msg *objcparse.Expr, scope int) {
	add := func(arg *objcparse.Expr, name string, kind model.EdgeKind) {
		for _, val := range bb.values(arg, scope) {
			bb.b.addEdge(model.Edge{From: holder, To: val, Kind: kind, Label: name + " (" + string(kind) + ")", Pos: msg.Pos},
				EdgeInfo{Name: name, Own: model.OwnStrong, Body: bb.cb, Expr: msg, Via: methodName(msg.Name)})
		}
	}
	if tc, ok := model.TimerCreated(msg, bb.b.ix.IsKindOfAny); ok && tc.Kind.Lasting() {
		// SEMANTICS §4: a timer keeps its target and user info, or its
		// block, until it is invalidated.
		add(tc.Target, "target", model.EdgeTimerTarget)
		add(tc.UserInfo, "userInfo", model.EdgeTimerTarget)
		add(tc.Block, "block", model.EdgeTimerBlock)
	}
	kws := model.SelectorKeywords(msg.Name)
	for _, rr := range model.ReturnedRefs(msg.Name) {
		if rr.Arg < msg.NumArgs() && rr.Arg < len(kws) {
			add(msg.Arg(rr.Arg), kws[rr.Arg], rr.Kind)
		}
	}
}

func methodName(sel string) string { return "-" + sel }

// send adds the edges of a message send: a property setter, a collection
// mutation, or an argument the method keeps.
func (bb *bodyBuilder) send(s *objcparse.Send) {
	e := s.Expr
	sel := e.Name
	bb.recordSendRelease(s)
	if e.NumArgs() == 0 && model.CancelsRegistration(sel) && !bb.inDealloc() {
		bb.cancel(s.Receiver(), s.Scope, e.Pos)
		return
	}
	// Only sends that may keep an argument matter: setters, collection
	// mutations, methods the project defines, and methods the model says
	// keep a block.
	if !bb.b.mayKeep(sel, e) {
		return
	}
	owner, ok := bb.denote(s.Receiver(), s.Scope)
	factory := ""
	if !ok {
		// `[[C alloc] initWith…:x]` or `[C cWith…:x]`: the arguments go to
		// the new object, which is wherever the expression is stored.
		owner, factory, ok = bb.created(s)
		if !ok {
			return
		}
	}
	class := bb.b.res.nodes[owner].Class
	if s.Receiver().IsIdent("super") && class != "" {
		if c := bb.b.ix.Class(class); c != nil && c.Super != "" {
			class = c.Super
		}
	}
	// [x setFoo:v] for a declared property foo.
	if name, ok := bb.b.setterOf(class, e); ok {
		bb.store(owner, name, false, name, e.Arg(0), e, s.Scope)
		return
	}
	// A collection mutation on a Foundation collection (or an unknown
	// receiver); a project class that defines the method (a weak set
	// wrapper) is followed like any other method.
	if model.CollectionStoreArg(sel) >= 0 {
		if m, _ := bb.b.methodDef(class, sel); m == nil {
			bb.collectionStore(owner, sel, e, s.Scope)
			return
		}
	}
	for i, a := range e.Args() {
		vals := bb.values(a, s.Scope)
		if len(vals) == 0 {
			continue
		}
		bb.b.calls = append(bb.b.calls, &deferredCall{owner: owner, class: class, sel: sel, arg: i, vals: vals, expr: e, body: bb.cb, factory: factory})
	}
}

// created returns the node of the object an initializer or a class
// factory of a project class makes — the reference or local variable the
// send's result is assigned to — and, for a factory, its class.
func (bb *bodyBuilder) created(s *objcparse.Send) (model.NodeID, string, bool) {
	e := s.Expr
	class, factory, ok := bb.newObject(e)
	if !ok {
		return 0, "", false
	}
	for _, a := range bb.cb.Body.Assigns {
		if a.Value().Unparen() == e {
			// A local variable holds the new object from the
			// assignment on (its new definition).
			if t := a.Target().Unparen(); t != nil && t.Kind == objcparse.ExprIdent && isPlainAssign(a) {
				if key, lv, ok := bb.lookupVar(t.Name, a.Scope, t.Pos); ok {
					return bb.varNode(key, lv, a.Expr.End()+1), factory, true
				}
			}
			if id, ok := bb.denote(a.Target(), a.Scope); ok {
				return id, factory, true
			}
			return 0, "", false
		}
	}
	for _, v := range bb.cb.Body.Locals {
		if v.Init.Unparen() == e {
			if key, lv, ok := bb.lookupVar(v.Name, v.Scope, e.End()); ok {
				return bb.varNode(key, lv, e.Pos), factory, true
			}
		}
	}
	// Made inline (an argument, an element, a returned value): a node of
	// its own.
	return bb.newNode(e, class), factory, true
}

// setterOf returns the property of class whose setter the one-argument
// send e is (`[x setFoo:v]` for a declared property foo).
func (b *builder) setterOf(class string, e *objcparse.Expr) (string, bool) {
	if e.NumArgs() != 1 {
		return "", false
	}
	return b.setterNamed(class, e.Name)
}

// setterNamed returns the property of class whose setter is sel.
func (b *builder) setterNamed(class, sel string) (string, bool) {
	if !strings.HasPrefix(sel, "set") || len(sel) <= 4 || strings.Count(sel, ":") != 1 {
		return "", false
	}
	name := strings.ToLower(sel[3:4]) + strings.TrimSuffix(sel[4:], ":")
	if r := b.reference(class, name, false); r.found && r.setter == sel {
		return name, true
	}
	return "", false
}

// mayKeep is a cheap filter on a message send: can it keep one of its
// arguments?
func (b *builder) mayKeep(sel string, e *objcparse.Expr) bool {
	candidate := false
	for i, a := range e.Args() {
		a = a.Unparen()
		if a == nil || !(denotable(a) || a.Kind == objcparse.ExprCond) {
			continue
		}
		// A project method or class factory (`[C cWithHandler:h]` with
		// h a block variable) is summarized.
		if a.Kind == objcparse.ExprBlock || a.Kind == objcparse.ExprCond || b.selectors[sel] || b.factorySels[sel] || model.CollectionStoreArg(sel) == i {
			return true
		}
		candidate = true
	}
	if !candidate {
		return false
	}
	if strings.HasPrefix(sel, "set") && e.NumArgs() == 1 {
		return true // a property setter, or a block variable passed to a setter-like method
	}
	keeps, ok := b.keeps[sel]
	if !ok {
		for i := range e.NumArgs() {
			if model.SelectorArgUse(sel, i).Retention == model.RetainStored {
				keeps = true
			}
		}
		b.keeps[sel] = keeps
	}
	return keeps
}

// collectionStore records the element stored by a collection mutation
// (addObject:, setObject:forKey:, …).
func (bb *bodyBuilder) collectionStore(coll model.NodeID, sel string, e *objcparse.Expr, scope int) {
	i := model.CollectionStoreArg(sel)
	if i < 0 || i >= e.NumArgs() {
		return
	}
	for _, v := range bb.values(e.Arg(i), scope) {
		bb.b.elements = append(bb.b.elements, &deferredElement{coll: coll, val: v, expr: e, body: bb.cb})
	}
}

// call adds the edges of a C function call: associated objects and
// dispatch source handlers.
func (bb *bodyBuilder) call(c *objcparse.Call) {
	e := c.Expr
	name := c.Name()
	if (name == "dispatch_source_cancel" || name == "dispatch_cancel") && e.NumArgs() == 1 && !bb.inDealloc() {
		bb.cancel(e.Arg(0), c.Scope, e.Pos)
		return
	}
	if name == "objc_setAssociatedObject" && e.NumArgs() == 4 {
		policy := e.Arg(3).Unparen()
		if policy == nil || policy.Kind != objcparse.ExprIdent || !model.AssociationRetains(policy.Name) {
			return
		}
		holder, ok := bb.denote(e.Arg(0), c.Scope)
		if !ok {
			return
		}
		for _, v := range bb.values(e.Arg(2), c.Scope) {
			bb.b.addEdge(model.Edge{From: holder, To: v, Kind: model.EdgeAssociated, Label: "associated object (" + policy.Name + ")", Pos: e.Pos},
				EdgeInfo{Name: "associated object", Own: model.OwnStrong, Body: bb.cb, Expr: e})
		}
		return
	}
	for i, a := range e.Args() {
		use := model.FunctionArgUse(name, i)
		if use.Retention != model.RetainStored || use.Holder < 0 || use.Holder >= e.NumArgs() {
			continue
		}
		holder, ok := bb.denote(e.Arg(use.Holder), c.Scope)
		if !ok {
			continue
		}
		what := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(name, "dispatch_source_set_"), "_handler"), "_", " ") + " handler"
		for _, v := range bb.values(a, c.Scope) {
			bb.b.addEdge(model.Edge{From: holder, To: v, Kind: use.Kind, Label: what + " (" + string(use.Kind) + ")", Pos: e.Pos},
				EdgeInfo{Name: what, Own: model.OwnStrong, Body: bb.cb, Expr: e, Via: name + "()"})
		}
	}
}

// cancel records that the object x stands for is cancelled at pos.
func (bb *bodyBuilder) cancel(x *objcparse.Expr, scope int, pos token.Pos) {
	if n, ok := bb.denote(x, scope); ok && !bb.b.res.nodes[n].Cancelled.IsValid() {
		bb.b.res.nodes[n].Cancelled = pos
	}
}

// inDealloc reports whether the body is -dealloc, which never runs while
// a cycle keeps the object alive.
func (bb *bodyBuilder) inDealloc() bool {
	return bb.cb.Method != nil && !bb.cb.Method.ClassMethod && bb.cb.Method.Selector == "dealloc"
}

// deferredElement is a store into a collection, resolved once every body
// is seen (a pointer collection's creation may come later).
type deferredElement struct {
	coll, val model.NodeID
	expr      *objcparse.Expr
	body      *captures.Body
}

// resolveCollections adds the element edges of collections that own their
// elements: every collection except NSHashTable, NSMapTable and
// NSPointerArray, which own them only when created so (SEMANTICS §3).
func (b *builder) resolveCollections() {
	for _, de := range b.elements {
		cn := b.g.Node(de.coll)
		if model.IsPointerCollection(b.res.nodes[de.coll].Class) && !b.pointerOwned[cn.Key] {
			continue
		}
		b.addEdge(model.Edge{From: de.coll, To: de.val, Kind: model.EdgeElement, Label: "element (" + string(model.EdgeElement) + ")", Pos: de.expr.Pos},
			EdgeInfo{Name: "element", Own: model.OwnStrong, Body: de.body, Expr: de.expr})
	}
}

// paramKey identifies a parameter of a method definition.
// paramsAt is a method definition whose body was built, with the
// position of the body: its parameters' node keys are spelled out only
// for the few parameters a call reaches.
type paramsAt struct {
	m    *objcparse.Method
	body token.Pos
}

// key returns the node key of parameter i (lookupVar's key "P"+name, at
// no definition).
func (p paramsAt) key(i int) string { return localKey(p.body, "P"+p.m.Params[i].Name, -1) }

// deferredCall is an argument passed to a method, resolved once every
// body is seen: a project method keeps it when its definition stores the
// parameter into self (directly or through another such call); other
// methods keep block arguments by the model's API table.
type deferredCall struct {
	owner model.NodeID
	class string
	sel   string
	arg   int
	vals  []model.NodeID
	expr  *objcparse.Expr
	body  *captures.Body
	done  bool
	// summary is how the method's summary keeps the argument, asked
	// once (resolveCalls goes round several times).
	summary                  model.Retention
	summarized, summaryKnown bool
	// factory is the class whose class method made the owner (`[C
	// cWithHandler:h]`): the factory's summary says what the new object
	// keeps.
	factory string
}

// resolveCalls adds the edges of arguments kept by the methods they are
// passed to. Project methods are followed to a fixed point, so a
// parameter passed on to another method that stores it counts too.
func (b *builder) resolveCalls() {
	incoming := map[model.NodeID][]int{}
	seen := 0
	for round := 0; round < 8; round++ {
		for ; seen < b.g.NumEdges(); seen++ {
			e := b.g.Edge(seen)
			incoming[e.To] = append(incoming[e.To], seen)
		}
		changed := false
		for _, dc := range b.calls {
			if dc.done {
				continue
			}
			if dc.factory != "" {
				dc.done = true
				if r, ok := b.caps.Summaries.Send(dc.factory, true, dc.expr, dc.arg); ok && r == model.RetainStored {
					for _, v := range dc.vals {
						b.addCallEdge(dc, v, model.EdgeStoredArgument, "+["+dc.factory+" "+dc.sel+"]")
					}
				}
				continue
			}
			m, defClass := b.methodDef(dc.class, dc.sel)
			pa, analyzed := b.params[refKey{class: defClass, name: dc.sel}]
			analyzed = analyzed && dc.arg < len(pa.m.Params)
			if m == nil || !analyzed {
				dc.done = true
				use := b.declaredUse(dc.class, dc.sel, dc.arg)
				if use.Retention != model.RetainStored {
					continue
				}
				for _, v := range dc.vals {
					if b.blockish(v) {
						b.addCallEdge(dc, v, use.Kind, methodName(dc.sel))
					}
				}
				continue
			}
			if m.Params[dc.arg].NoEscape {
				dc.done = true
				continue
			}
			if !dc.summarized {
				dc.summary, dc.summaryKnown = b.caps.Summaries.Send(defClass, false, dc.expr, dc.arg)
				dc.summaryKnown = dc.summaryKnown && dc.summary != model.RetainUnknown
				dc.summarized = true
			}
			if r := dc.summary; dc.summaryKnown {
				// The body's summary decides for a block argument: one
				// the method runs, or keeps only until it has run (stores
				// and clears once done), makes no lasting edge; one it
				// stores is followed below, whatever the selector says.
				if r != model.RetainStored {
					dc.done = true
					continue
				}
			} else if u := model.SelectorArgUse(dc.sel, dc.arg); u.Retention == model.RetainUntilRun || u.Retention == model.RetainNone {
				// A completion handler the method keeps until the work is
				// done (`-reloadWithCompletion:` queuing its argument) is
				// released when it has run: no lasting edge (SEMANTICS §7).
				dc.done = true
				continue
			}
			pid, used := b.g.Lookup(pa.key(dc.arg))
			if !used {
				dc.done = true // the method never uses the parameter as an object
				continue
			}
			if !b.retained(pid, defClass, incoming) {
				continue // maybe later, when a call it makes is resolved
			}
			dc.done = true
			changed = true
			// The reference the method stores the argument in: releasing
			// it (`_target = nil` elsewhere) releases this edge.
			var key string
			if keys := b.caps.Summaries.StoredIn(defClass, dc.sel, dc.arg); len(keys) == 1 {
				key = keys[0]
			}
			var kept ref
			if key != "" && !strings.HasSuffix(key, summaries.ElementsSuffix) {
				if kept = b.reference(defClass, key, false); !kept.found {
					kept = b.reference(defClass, key, true)
				}
			}
			for _, v := range dc.vals {
				b.addCallEdge(dc, v, model.EdgeStoredArgument, "-["+defClass+" "+dc.sel+"]")
				info := b.res.edges[len(b.res.edges)-1]
				info.key = key
				if kept.found && kept.own.IsOwning() {
					info.KeptIn, info.KeptDecl, info.KeptOwn = key, kept.decl, kept.own
				}
			}
		}
		if !changed {
			return
		}
	}
}

func (b *builder) addCallEdge(dc *deferredCall, v model.NodeID, kind model.EdgeKind, via string) {
	token, ok := b.tokens[dc.expr]
	if !ok {
		token = -1
	}
	b.addEdge(model.Edge{From: dc.owner, To: v, Kind: kind, Label: "passed to " + via + " (" + string(kind) + ")", Pos: dc.expr.Pos},
		EdgeInfo{Name: dc.sel, Own: model.OwnStrong, Body: dc.body, Expr: dc.expr, Via: via, Token: token})
}

// retained reports whether parameter node pid of a method of class is
// stored into self: an edge into it from self or from an object self owns.
func (b *builder) retained(pid model.NodeID, class string, incoming map[model.NodeID][]int) bool {
	self, ok := b.g.Lookup("instance:" + class)
	if !ok {
		return false
	}
	for _, ei := range incoming[pid] {
		if k := b.g.Edge(ei).Kind; k == model.EdgeTimerTarget || k == model.EdgeTimerBlock || k == model.EdgeCapture {
			continue // a timer lets go when it fires or is invalidated (timerleak's business)
		}
		for n, depth := b.g.Edge(ei).From, 0; depth < 16; depth++ {
			if n == self {
				return true
			}
			info := b.res.nodes[n]
			if b.g.Node(n).Kind != model.NodeObject || info.Owner < 0 {
				break
			}
			n = info.Owner
		}
	}
	return false
}

// methodDef returns the project's definition of instance method sel for
// class (or the nearest superclass defining it) and the defining class.
func (b *builder) methodDef(class, sel string) (*objcparse.Method, string) {
	if class == "" || !b.selectors[sel] {
		return nil, ""
	}
	k := refKey{class: class, name: sel}
	if d, ok := b.defs[k]; ok {
		return d.m, d.class
	}
	m, cn := b.findMethodDef(class, sel)
	b.defs[k] = methodAt{m, cn}
	return m, cn
}

type methodAt struct {
	m     *objcparse.Method
	class string
}

func (b *builder) findMethodDef(class, sel string) (*objcparse.Method, string) {
	for _, c := range b.chain(class) {
		for _, d := range c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, m := range d.Methods {
				if m.Selector == sel && !m.ClassMethod && m.Body != nil && len(m.Params) == len(model.SelectorKeywords(sel)) {
					return m, c.Name
				}
			}
		}
	}
	return nil, ""
}

// declaredUse returns how a method the project does not define keeps its
// argument: NS_NOESCAPE on a project declaration makes it non-escaping;
// otherwise the model's API table and name heuristics decide.
func (b *builder) declaredUse(class, sel string, arg int) model.ArgUse {
	if class != "" {
		for _, c := range b.chain(class) {
			for _, d := range c.Decls {
				for _, m := range d.Methods {
					if m.Selector == sel && !m.ClassMethod && arg < len(m.Params) && m.Params[arg].NoEscape {
						return model.ArgUse{Retention: model.RetainNone, Holder: -1}
					}
				}
			}
		}
	}
	return b.caps.Summaries.ModelUse(class, sel, arg)
}

// blockish reports whether a node is a block: a block literal, or a
// variable of block type (written as a block pointer or through a typedef
// of one).
func (b *builder) blockish(id model.NodeID) bool {
	info := b.res.nodes[id]
	switch b.g.Node(id).Kind {
	case model.NodeBlock:
		return true
	case model.NodeLocal:
		return info.Var != nil && (info.Var.Type.Block || b.blockTypedef(info.Var.Type.Name))
	}
	return false
}

// blockTypedef reports whether name is a typedef of a block type in the
// project, or libdispatch's dispatch_block_t.
func (b *builder) blockTypedef(name string) bool {
	if name == "" {
		return false
	}
	if b.blockTypes == nil {
		b.blockTypes = map[string]bool{"dispatch_block_t": true}
		for _, f := range b.ix.Files {
			for _, t := range f.Typedefs {
				if t.Type.Block {
					b.blockTypes[t.Name] = true
				}
			}
		}
	}
	return b.blockTypes[name]
}
