package ownergraph

import (
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
)

// bodyBuilder adds the statement edges of one method or function body.
type bodyBuilder struct {
	b    *builder
	cb   *captures.Body
	self model.NodeID // -1 when self is not an object (class methods, functions)
	// vars caches the node each variable denotes, by variable key and
	// reaching definition.
	vars      map[varDef]model.NodeID
	resolving map[varDef]bool
	defsOf    map[string][]def
	selfKeys  map[string]string
	pending   []pendingBlock
	// assignedValues are the values of the body's assignments and
	// variable initializers (see inlineNew), made on first use.
	assignedValues map[*objcparse.Expr]bool
}

// body adds the edges created by one body.
func (b *builder) body(cb *captures.Body) {
	// One bodyBuilder serves every body (bodies are built one at a
	// time): its maps are emptied, not made again.
	bb := b.bb
	if bb == nil {
		bb = &bodyBuilder{b: b, vars: map[varDef]model.NodeID{}, resolving: map[varDef]bool{}, defsOf: map[string][]def{}, selfKeys: map[string]string{}}
		b.bb = bb
	}
	clear(bb.vars)
	clear(bb.resolving)
	clear(bb.defsOf)
	clear(bb.selfKeys)
	bb.cb, bb.self, bb.pending, bb.assignedValues = cb, -1, bb.pending[:0], nil
	if cb.SelfIsObject() && cb.Class != "" {
		bb.self = b.instance(cb.Class)
	}
	if cb.Method != nil && !cb.Method.ClassMethod && cb.Class != "" {
		// The parameters' nodes are made when the body uses them; a
		// parameter without a node is not stored anywhere.
		b.params[refKey{class: cb.Class, name: cb.Method.Selector}] = paramsAt{cb.Method, cb.Body.Pos}
	}
	for _, a := range cb.Body.Assigns {
		bb.assign(a)
	}
	for _, v := range cb.Body.Locals {
		init := v.Init.Unparen()
		if init == nil || init.Kind != objcparse.ExprMessage {
			continue
		}
		// A timer or observer token kept in a local keeps its target or block.
		if b.keeper(init) {
			bb.returnedRefs(bb.varNode("L"+itoa(v.Pos), v, v.Pos+1), init, v.Scope)
		}
		// A registration's token kept in a local (and maybe invalidated).
		if b.mayKeep(init.Name, init) {
			b.tokens[init] = bb.varNode("L"+itoa(v.Pos), v, v.Pos+1)
		}
	}
	for _, s := range cb.Body.Sends {
		bb.send(s)
	}
	for _, c := range cb.Body.Calls {
		bb.call(c)
	}
	bb.listViews()
	bb.recordReturns()
	for len(bb.pending) > 0 {
		p := bb.pending[0]
		bb.pending = bb.pending[1:]
		bb.captureEdges(p.id, p.block)
	}
}

// localKey is the node key of variable key (see lookupVar) of the body at
// body, at its definition def.
func localKey(body token.Pos, key string, def int) string {
	return "local:" + itoa(body) + ":" + key + "#" + strconv.Itoa(def)
}

// varDef is a variable of a body (its key) at one of its definitions.
type varDef struct {
	key string
	def int
	// stale marks a use after the reference of self the definition
	// copied was assigned again (staleAlias).
	stale bool
}

// pendingBlock is a block node whose capture edges are still to be added.
type pendingBlock struct {
	id    model.NodeID
	block *captures.Block
}

// lookupVar resolves an identifier used at pos in scope to a local
// variable, a parameter of an enclosing block literal, or a parameter of
// the method or function. key identifies the variable within the body.
func (bb *bodyBuilder) lookupVar(name string, scope int, pos token.Pos) (key string, v *objcparse.Var, ok bool) {
	body := bb.cb.Body
	chain := body.BlockChain(scope)
	encloses := func(s int) bool {
		if s < 0 {
			return true
		}
		for _, c := range chain {
			if c == s {
				return true
			}
		}
		return false
	}
	var best *objcparse.Var
	for _, l := range body.Locals {
		// In scope at pos: declared before it, in an enclosing block
		// literal, and not in a compound statement that ended before it
		// (an inner `entry` of a loop body does not shadow the outer one
		// after the loop).
		inScope := !pos.IsValid() || l.Pos <= pos && (!l.End.IsValid() || pos < l.End)
		if l.Name == name && inScope && encloses(l.Scope) && (best == nil || l.Pos > best.Pos) {
			best = l
		}
	}
	for _, s := range chain { // innermost first
		blk := body.Blocks[s]
		for _, p := range blk.Params {
			if p.Name == name && (best == nil || best.Pos < blk.Pos) {
				return "B" + strconv.Itoa(s) + ":" + name, &objcparse.Var{Name: name, Type: p.Type, Scope: s, Pos: blk.Pos}, true
			}
		}
	}
	if best != nil {
		return "L" + itoa(best.Pos), best, true
	}
	for _, p := range bb.cb.Storage.Params {
		if p.Name == name {
			return "P" + name, &objcparse.Var{Name: name, Type: p.Type, Scope: -1}, true
		}
	}
	return "", nil, false
}

// A def is a definition of a variable: its initializer or a plain
// assignment, in source order.
type def struct {
	pos   token.Pos
	value *objcparse.Expr
	scope int
}

// lastDef asks varNode for the variable's last definition in the body,
// whatever the use: a __block variable is shared by reference, so a block
// sees every value it is given.
const lastDef = token.Pos(-1)

// defs returns the definitions of a variable, by position.
func (bb *bodyBuilder) defs(key string, v *objcparse.Var) []def {
	if ds, ok := bb.defsOf[key]; ok {
		return ds
	}
	var ds []def
	if strings.HasPrefix(key, "L") && v.Init != nil {
		ds = append(ds, def{v.Pos, v.Init, v.Scope})
	}
	for _, a := range bb.cb.Body.Assigns {
		if isPlainAssign(a) && bb.isVar(a.Target(), a.Scope, key) {
			// The assignment takes effect once its value is evaluated:
			// `handle = [[Wrapper alloc] initWithHandle:handle]` wraps the
			// previous value.
			ds = append(ds, def{a.Expr.End(), a.Value(), a.Scope})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].pos < ds[j].pos })
	bb.defsOf[key] = ds
	return ds
}

// isVar reports whether e is the identifier of the variable key.
func (bb *bodyBuilder) isVar(e *objcparse.Expr, scope int, key string) bool {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprIdent {
		return false
	}
	k, _, ok := bb.lookupVar(e.Name, scope, e.Pos)
	return ok && k == key
}

// reaching returns the index of the definition in effect at pos (the last
// one before it in source order; flow-insensitive within branches and
// loops), or -1 when none precedes it (a parameter's incoming value).
func reaching(ds []def, pos token.Pos) int {
	if pos == lastDef {
		return len(ds) - 1
	}
	d := -1
	for i, x := range ds {
		if x.pos < pos {
			d = i
		}
	}
	return d
}

// varNode returns the node a variable denotes where it is used (at pos):
// what its reaching definition denotes, the reference of self that value
// is later stored into, or a node of its own for that definition.
func (bb *bodyBuilder) varNode(key string, v *objcparse.Var, pos token.Pos) model.NodeID {
	ds := bb.defs(key, v)
	d := reaching(ds, pos)
	stale := bb.staleAlias(ds, d, pos)
	ck := varDef{key, d, stale}
	if id, ok := bb.vars[ck]; ok {
		return id
	}
	if !stale && !bb.resolving[ck] {
		bb.resolving[ck] = true
		id, ok := bb.aliasOf(ds, d)
		delete(bb.resolving, ck)
		if ok {
			bb.vars[ck] = id
			return id
		}
	}
	class := ""
	if v.Type.Object && v.Type.Name != "id" {
		class = v.Type.Name
	}
	id, _ := bb.b.addNode(model.NodeLocal, localKey(bb.cb.Body.Pos, key, d), v.Name, v.Pos, NodeInfo{Class: class, Body: bb.cb, Var: v})
	if !bb.resolving[ck] {
		bb.vars[ck] = id
	}
	return id
}

// staleAlias reports whether definition d of a variable copies a
// reference of self (`previous = _current;`) that the body assigns again
// between the definition and pos (`_current = [NSMutableDictionary new];
// previous[name] = _current;`): at pos the variable holds the object the
// reference held before, not the reference's new one, so it is no alias
// of the reference there (flow-insensitive within branches and loops,
// like reaching; an assignment in a block literal that does not contain
// pos runs some other time and does not count).
func (bb *bodyBuilder) staleAlias(ds []def, d int, pos token.Pos) bool {
	if d < 0 || pos == lastDef || bb.self < 0 {
		return false
	}
	v := ds[d].value.Unparen()
	if v == nil {
		return false
	}
	key, ok := bb.selfKey(v)
	if !ok {
		return false
	}
	for _, a := range bb.cb.Body.Assigns {
		if a.Expr.Pos <= ds[d].pos || a.Expr.Pos >= pos || !isPlainAssign(a) || bb.inOtherBlock(a.Expr.Pos, pos) {
			continue
		}
		if t := a.Target().Unparen(); t != nil {
			if k, ok := bb.selfKey(t); ok && k == key {
				return true
			}
		}
	}
	return false
}

// inOtherBlock reports whether at lies in a block literal that does not
// also contain pos: code that runs some other time, not on the way from
// the body's start to pos.
func (bb *bodyBuilder) inOtherBlock(at, pos token.Pos) bool {
	for _, blk := range bb.cb.Body.Blocks {
		if blk.Pos <= at && at < blk.End && !(blk.Pos <= pos && pos < blk.End) {
			return true
		}
	}
	return false
}

// aliasOf finds what a variable's value (definition d) stands for: what
// the defining expression denotes (`PhotoCell *cell = self.cell;`). A value
// stored somewhere later is not an alias of that place: the store is an
// edge of its own, and the place may hold a different object before.
func (bb *bodyBuilder) aliasOf(ds []def, d int) (model.NodeID, bool) {
	if d >= 0 {
		return bb.denote(ds[d].value, ds[d].scope)
	}
	return 0, false
}

func isPlainAssign(a *objcparse.Assign) bool {
	return a.Expr.Name == "" || a.Expr.Name == "="
}

// denote returns the node an expression stands for, if any.
func (bb *bodyBuilder) denote(e *objcparse.Expr, scope int) (model.NodeID, bool) {
	e = e.Unparen()
	if e == nil {
		return 0, false
	}
	switch e.Kind {
	case objcparse.ExprIdent:
		if e.Name == "self" || e.Name == "super" {
			return bb.self, bb.self >= 0
		}
		if bb.self >= 0 && bb.cb.Aliases[e.Name] != nil {
			if a := bb.cb.Aliases[e.Name]; a.Var == nil || a.Var.Pos <= e.Pos {
				return bb.self, true
			}
		}
		if key, v, ok := bb.lookupVar(e.Name, scope, e.Pos); ok {
			return bb.varNode(key, v, e.Pos), true
		}
		if bb.self >= 0 {
			if key, ok := bb.selfKey(e); ok {
				return bb.slot(bb.self, e.Name, true, key), true
			}
		}
	case objcparse.ExprMember, objcparse.ExprArrow:
		if owner, name, ivar, keyName, ok := bb.slotTarget(e, scope); ok {
			return bb.slot(owner, name, ivar, keyName), true
		}
	case objcparse.ExprMessage:
		if e.NumArgs() != 0 || strings.Contains(e.Name, ":") {
			// A new object made inline by a project initializer or
			// factory.
			return bb.inlineNew(e)
		}
		switch e.Name {
		case "retain", "autorelease":
			return bb.denote(e.X(), scope)
		case "copy", "mutableCopy":
			// Copying a block keeps the same captures; copying a
			// collection literal holds the same elements; copying another
			// object makes a new one.
			if x := e.X().Unparen(); x != nil && (x.Kind == objcparse.ExprArray || x.Kind == objcparse.ExprDict) {
				return bb.denote(x, scope)
			}
			if id, ok := bb.denote(e.X(), scope); ok && e.Name == "copy" && bb.b.blockish(id) {
				return id, true
			}
			return 0, false
		}
		owner, ok := bb.denote(e.X(), scope)
		if !ok {
			return 0, false
		}
		if r := bb.b.reference(bb.b.res.nodes[owner].Class, e.Name, false); r.found {
			keyName := e.Name
			return bb.slot(owner, e.Name, false, keyName), true
		}
	case objcparse.ExprCall:
		if e.Name == "Block_copy" && e.NumArgs() == 1 {
			return bb.denote(e.Arg(0), scope)
		}
	case objcparse.ExprBlock:
		return bb.blockNode(e.Block())
	case objcparse.ExprArray, objcparse.ExprDict:
		return bb.literalNode(e, scope)
	}
	return 0, false
}

// LiteralKeyPrefix starts the node keys of collection literals.
const LiteralKeyPrefix = "literal:"

// literalNode returns the node of a collection literal (@[…], @{…}) whose
// elements (a dictionary's values; its keys are copied) include objects of
// the graph, adding its element edges: the new array or dictionary keeps
// its elements (SEMANTICS §3), so `self.passes = @[pass]` with a block in
// pass, or `self.items = @[@{@"action": ^{ … self … }}]`, closes a cycle.
// A literal holding nothing the graph knows has no node.
func (bb *bodyBuilder) literalNode(e *objcparse.Expr, scope int) (model.NodeID, bool) {
	key := LiteralKeyPrefix + itoa(e.Pos)
	if id, ok := bb.b.g.Lookup(key); ok {
		return id, true
	}
	type element struct {
		node model.NodeID
		expr *objcparse.Expr
	}
	var elems []element
	mrc := bb.cb.File != nil && bb.cb.File.MRC
	for i, a := range e.Args() {
		if e.Kind == objcparse.ExprDict && i%2 == 0 {
			continue // a key: dictionaries copy their keys
		}
		if x := a.Unparen(); mrc && x != nil && x.Kind == objcparse.ExprBlock {
			// SEMANTICS §2: under MRC a block literal stays on the stack
			// (retaining nothing it captures) unless copied by hand.
			continue
		}
		for _, v := range bb.values(a, scope) {
			elems = append(elems, element{v, a})
		}
	}
	if len(elems) == 0 {
		return 0, false
	}
	class, label := "NSArray", "@[…]"
	if e.Kind == objcparse.ExprDict {
		class, label = "NSDictionary", "@{…}"
	}
	id, _ := bb.b.addNode(model.NodeObject, key, label, e.Pos, NodeInfo{Class: class, Owner: -1, Body: bb.cb})
	for _, el := range elems {
		bb.b.addEdge(model.Edge{From: id, To: el.node, Kind: model.EdgeElement, Label: "element (" + string(model.EdgeElement) + ")", Pos: el.expr.Pos},
			EdgeInfo{Name: "element", Own: model.OwnStrong, Body: bb.cb, Expr: e})
	}
	return id, true
}

// slotTarget splits a reference expression (x.p, x->_p, a bare ivar) into
// the node holding it and the reference's name. keyName is the name that
// identifies the reference among the owner's (a property and the ivar
// backing it share one).
func (bb *bodyBuilder) slotTarget(e *objcparse.Expr, scope int) (owner model.NodeID, name string, ivar bool, keyName string, ok bool) {
	e = e.Unparen()
	if e == nil {
		return 0, "", false, "", false
	}
	switch e.Kind {
	case objcparse.ExprIdent:
		if bb.self < 0 {
			return 0, "", false, "", false
		}
		if _, _, isVar := bb.lookupVar(e.Name, scope, e.Pos); isVar {
			return 0, "", false, "", false
		}
		if key, ok := bb.selfKey(e); ok {
			return bb.self, e.Name, true, key, true
		}
	case objcparse.ExprMember, objcparse.ExprArrow:
		o, ok := bb.denote(e.X(), scope)
		if !ok {
			return 0, "", false, "", false
		}
		ivar = e.Kind == objcparse.ExprArrow
		keyName = e.Name
		if o == bb.self && bb.self >= 0 && e.X().IsIdent("self") {
			if k, ok := bb.selfKey(e); ok {
				keyName = k
			}
		} else if ivar && o == bb.self {
			if p, ok := bb.b.propertyForIvar(bb.cb.Class, e.Name); ok {
				keyName = p
			}
		}
		return o, e.Name, ivar, keyName, true
	}
	return 0, "", false, "", false
}

// slot returns the node "the object in reference name of owner", adding
// the owning edge owner → object when the reference is strong or copy.
func (bb *bodyBuilder) slot(owner model.NodeID, name string, ivar bool, keyName string) model.NodeID {
	return bb.b.slot(owner, name, ivar, keyName)
}

func (b *builder) slot(owner model.NodeID, name string, ivar bool, keyName string) model.NodeID {
	on := b.g.Node(owner)
	key := on.Key + "." + keyName
	if id, ok := b.g.Lookup(key); ok {
		return id
	}
	r := b.reference(b.res.nodes[owner].Class, name, ivar)
	class := ""
	if r.typ.Object && r.typ.Name != "id" {
		class = r.typ.Name
	}
	label := on.Label + "." + keyName
	if on.Kind == model.NodeInstance {
		label = "self." + keyName
	}
	id, _ := b.addNode(model.NodeObject, key, label, r.decl, NodeInfo{Class: class, Owner: owner, Name: keyName})
	if r.found && r.own.IsOwning() {
		kind := edgeKind(r.own, ivar)
		b.addEdge(model.Edge{From: owner, To: id, Kind: kind, Label: refLabel(name, kind), Pos: r.decl, Decl: r.decl},
			EdgeInfo{Name: name, Own: r.own, key: keyName})
	}
	return id
}

// values returns the nodes an assigned or passed value may stand for
// (both branches of a conditional).
func (bb *bodyBuilder) values(e *objcparse.Expr, scope int) []model.NodeID {
	e = e.Unparen()
	if e == nil {
		return nil
	}
	switch {
	case e.Kind == objcparse.ExprCond && e.NumArgs() == 3:
		return append(bb.values(e.Arg(1), scope), bb.values(e.Arg(2), scope)...)
	case e.Kind == objcparse.ExprCond && e.NumArgs() == 2, e.Kind == objcparse.ExprBinary && e.Name == "?:":
		var out []model.NodeID
		for _, a := range e.Args() {
			out = append(out, bb.values(a, scope)...)
		}
		return out
	}
	if !denotable(e) {
		return nil
	}
	if id, ok := bb.denote(e, scope); ok {
		return []model.NodeID{id}
	}
	return nil
}

// denotable is a cheap filter: only these expressions can stand for a node.
func denotable(e *objcparse.Expr) bool {
	switch e.Kind {
	case objcparse.ExprIdent, objcparse.ExprMember, objcparse.ExprArrow, objcparse.ExprBlock, objcparse.ExprArray, objcparse.ExprDict:
		return true
	case objcparse.ExprMessage:
		if e.NumArgs() == 0 {
			return true // a getter
		}
		// A new object made inline (inlineNew): an initializer of
		// [C alloc] or a class method.
		x := e.X().Unparen()
		return x != nil && (x.Kind == objcparse.ExprMessage && x.Name == "alloc" ||
			x.Kind == objcparse.ExprIdent && x.Name != "" && (x.Name[0] >= 'A' && x.Name[0] <= 'Z' || x.Name == "self"))
	case objcparse.ExprCall:
		return e.Name == "Block_copy"
	}
	return false
}

// blockNode returns the node of block literal idx, adding its capture
// edges the first time.
func (bb *bodyBuilder) blockNode(idx int) (model.NodeID, bool) {
	if idx < 0 || idx >= len(bb.cb.Body.Blocks) {
		return 0, false
	}
	blk := bb.cb.Body.Blocks[idx]
	cbk := bb.b.caps.Block(blk)
	if cbk == nil {
		return 0, false
	}
	id, isNew := bb.b.addNode(model.NodeBlock, "block:"+itoa(blk.Pos), "block", blk.Pos, NodeInfo{Block: cbk, Body: bb.cb})
	if isNew {
		// Captures are added once the current statement is done: a
		// variable the block captures may still be resolving to this block.
		bb.pending = append(bb.pending, pendingBlock{id, cbk})
	}
	return id, true
}

// captureEdges adds the block's strong captures (SEMANTICS §2): self
// (directly, through an ivar, through a strong alias), and strong outer
// variables (__block ones only under ARC: model.CaptureOwnership).
func (bb *bodyBuilder) captureEdges(id model.NodeID, cbk *captures.Block) {
	if c, ok := cbk.SelfStrong(); ok && bb.self >= 0 {
		c := c
		label := captureLabel(c)
		if c.Kind == captures.CaptureSelf {
			switch spelled := bb.selfSpelling(c.Pos); {
			case spelled == "super":
				label = "self (captured via super)"
			case spelled != "":
				label = "self (captured via ivar " + spelled + ")"
			}
		}
		bb.b.addEdge(model.Edge{From: id, To: bb.self, Kind: model.EdgeCapture, Label: label, Pos: c.Pos},
			EdgeInfo{Name: c.Name, Own: model.OwnStrong, Body: bb.cb, Capture: &c, Block: cbk})
	}
	blk := cbk.Block
	for _, c := range append(cbk.Captures, bb.calledVars(cbk)...) {
		if c.Kind != captures.CaptureVar || c.Alias != nil || !c.Own.IsOwning() {
			continue
		}
		key, v, ok := bb.lookupVar(c.Name, blk.Parent, blk.Pos)
		if !ok || v.Static {
			continue // a static is referenced in place, not captured
		}
		at := blk.Pos // a copy of the value when the block is created
		if c.ByRef {
			at = lastDef
		}
		to := bb.varNode(key, v, at)
		if to == id && !c.ByRef {
			continue // captured by copy before the variable was assigned the block
		}
		label := c.Name + " (captured)"
		switch {
		case to == bb.self:
			label = "self (captured through " + c.Name + ")"
		case c.ByRef:
			label = c.Name + " (captured __block variable)"
		}
		c := c
		bb.b.addEdge(model.Edge{From: id, To: to, Kind: model.EdgeCapture, Label: label, Pos: c.Pos},
			EdgeInfo{Name: c.Name, Own: c.Own, Body: bb.cb, Capture: &c, Block: cbk})
	}
}

// captureLabel names a capture of self.
func captureLabel(c captures.Capture) string {
	switch {
	case c.Kind == captures.CaptureIvar:
		return "self (captured via ivar " + c.Name + ")"
	case c.Kind == captures.CaptureSelf && c.Name == "super":
		return "self (captured via super)"
	case c.Alias != nil && c.Alias.Kind == captures.FakeWeakSelf:
		return "self (captured through " + c.Name + ", which is not weak)"
	case c.Alias != nil && c.Alias.Macro != "":
		return "self (captured after @" + c.Alias.Macro + "(self) in an enclosing block)"
	case c.Alias != nil:
		return "self (captured through " + c.Name + ")"
	}
	return "self (captured)"
}

// selfSpelling says how a use of self at pos is written when it is not
// plain self: "super", or the ivar name of `self->_ivar`. It returns "" for
// plain self.
func (bb *bodyBuilder) selfSpelling(pos token.Pos) string {
	for _, blk := range bb.cb.Body.Blocks {
		for _, u := range blk.Uses.All() {
			if u.Pos == pos && u.Name == "super" {
				return "super"
			}
		}
	}
	found := ""
	var walk func(e *objcparse.Expr)
	walk = func(e *objcparse.Expr) {
		if e == nil || found != "" {
			return
		}
		if e.Kind == objcparse.ExprArrow && e.X() != nil && e.X().Pos == pos && e.X().IsIdent("self") {
			found = e.Name
			return
		}
		walk(e.X())
		for _, a := range e.Args() {
			walk(a)
		}
	}
	for e := range bb.cb.Body.Exprs() {
		if walk(e); found != "" {
			break
		}
	}
	return found
}

// calledVars returns the outer variables a block calls as functions
// (`completion(data)`, `countdown(n - 1)`): the parser records the callee
// of a call through a block variable as a call, not as a use, so the
// captures pass does not list them. Each is a capture like a use.
func (bb *bodyBuilder) calledVars(cbk *captures.Block) []captures.Capture {
	blk := cbk.Block
	var out []captures.Capture
	seen := map[string]bool{}
	for _, c := range cbk.Captures {
		seen[c.Name] = true
	}
	for _, call := range bb.cb.Body.Calls {
		name := call.Name()
		if name == "" || seen[name] || !bb.inside(call.Scope, blk.Index) {
			continue
		}
		_, v, ok := bb.lookupVar(name, call.Scope, call.Expr.Pos)
		if !ok || (v.Scope >= 0 && bb.inside(v.Scope, blk.Index)) || (v.Pos.IsValid() && v.Pos > blk.Pos) {
			continue // declared inside the block: not captured
		}
		seen[name] = true
		out = append(out, captures.Capture{Name: name, Kind: captures.CaptureVar, Var: v, Pos: call.Expr.Pos,
			ByRef: v.Type.HasQualifier("__block"), Own: model.CaptureOwnership(v.Type, bb.cb.Mem)})
	}
	return out
}

// inside reports whether scope is blk or nested in it.
func (bb *bodyBuilder) inside(scope, blk int) bool {
	for _, s := range bb.cb.Body.BlockChain(scope) {
		if s == blk {
			return true
		}
	}
	return false
}

// selfKey is storage.Context.SelfKey, cached for bare identifiers (the
// lookup walks the class's declarations).
func (bb *bodyBuilder) selfKey(e *objcparse.Expr) (string, bool) {
	if e.Kind != objcparse.ExprIdent {
		return bb.cb.Storage.SelfKey(e)
	}
	if k, ok := bb.selfKeys[e.Name]; ok {
		return k, k != ""
	}
	k, ok := bb.cb.Storage.SelfKey(e)
	if !ok {
		k = ""
	}
	bb.selfKeys[e.Name] = k
	return k, ok
}
