package captures

import (
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// Retention returns how long the block literal blk is kept by what it is
// handed to, and whether that is known: passed directly to an API
// (model.FunctionArgUse, model.SelectorArgUse), or put in a local block
// variable that is only called or passed to such APIs (the longest of
// those uses). A block stored by assignment, or used otherwise, returns
// false.
func (b *Body) Retention(blk *Block) (model.Retention, bool) {
	lit := blk.Block.Expr
	if r, ok := b.argRetention(lit); ok {
		return r, true
	}
	for _, v := range b.Body.Locals {
		if v.Init.Unparen() != lit {
			continue
		}
		return b.variableRetention(v)
	}
	return model.RetainUnknown, false
}

// callUse is how the C function name keeps its argument i: as its
// visible definition shows (summaries), else as the model says.
func (b *Body) callUse(name string, i int) model.Retention {
	if f := b.sums.Function(name); f != nil {
		r, _ := f.Param(i) // the body decides, unknown included
		return r
	}
	return model.FunctionArgUse(name, i).Retention
}

// sendUse is how the method the send e reaches keeps its argument i: as
// the project's definition shows when there is one (summaries: evidence
// from a body beats the selector's name, and a body the summary cannot
// follow is unknown, not a guess), else as the model's table and name
// heuristics say.
func (b *Body) sendUse(e *objcparse.Expr, i int) model.Retention {
	class, classMethod := b.sums.ReceiverClass(b.File, b.Class, b.Method, b.Body, e.X())
	if r, ok := b.sums.Send(class, classMethod, e, i); ok {
		return r
	}
	return b.sums.ModelUse(class, e.Name, i).Retention
}

// argRetention says how the API that e is an argument of keeps it.
func (b *Body) argRetention(e *objcparse.Expr) (model.Retention, bool) {
	for _, c := range b.Body.Calls {
		for i, a := range c.Expr.Args() {
			if a.Unparen() == e {
				return b.callUse(c.Name(), i), true
			}
		}
	}
	for _, s := range b.Body.Sends {
		for i, a := range s.Expr.Args() {
			if a.Unparen() == e {
				return b.sendUse(s.Expr, i), true
			}
		}
	}
	return model.RetainUnknown, false
}

// variableRetention follows a local block variable: calling it runs the
// block (non-escaping); passing it on keeps it as the API says; anything
// else (assignment, return, capture by a nested block, a message to it)
// is unknown.
func (b *Body) variableRetention(v *objcparse.Var) (model.Retention, bool) {
	var uses objcparse.Uses // uses in the declaring scope itself
	if v.Scope < 0 {
		uses = b.Body.Uses
	} else if v.Scope < len(b.Body.Blocks) {
		uses = b.Body.Blocks[v.Scope].Uses
	}
	for _, blk := range b.Body.Blocks {
		if blk.Index == v.Scope {
			continue
		}
		for _, u := range blk.Uses.All() {
			if u.Name == v.Name {
				return model.RetainUnknown, false // captured by another block
			}
		}
	}
	longest := model.RetainNone
	accounted := 0
	for _, c := range b.Body.Calls {
		if c.Name() == v.Name {
			accounted++ // called: runs now
		}
		for i, a := range c.Expr.Args() {
			if a.IsIdent(v.Name) {
				accounted++
				r := b.callUse(c.Name(), i)
				if r == model.RetainUnknown || r == model.RetainStored {
					return r, r == model.RetainStored
				}
				longest = max(longest, r)
			}
		}
	}
	for _, s := range b.Body.Sends {
		for i, a := range s.Expr.Args() {
			if a.IsIdent(v.Name) {
				accounted++
				r := b.sendUse(s.Expr, i)
				if r == model.RetainUnknown || r == model.RetainStored {
					return r, r == model.RetainStored
				}
				longest = max(longest, r)
			}
		}
	}
	n := 0
	for _, u := range uses.All() {
		if u.Name == v.Name && u.Pos > v.Pos {
			n++
		}
	}
	if n != accounted {
		return model.RetainUnknown, false
	}
	return longest, true
}

// LetGo reports whether the block literal blk is known to be kept at most
// until it has run (dispatch_async, enumeration, a one-shot completion):
// what it captures is held only until then.
func (b *Body) LetGo(blk *Block) bool {
	r, ok := b.Retention(blk)
	return ok && (r == model.RetainNone || r == model.RetainUntilRun)
}

// Kept reports whether the block literal blk is known to be kept beyond
// its run: handed to an API or a project method that stores it (by the
// model's table, or a method summary), or assigned to a property, an
// ivar or a global. Unknown APIs do not count: what a block they are
// given captures is not known to live long.
func (b *Body) Kept(blk *Block) bool {
	if r, ok := b.Retention(blk); ok {
		return r == model.RetainStored && !b.keptByFreshReceiver(blk.Block.Expr)
	}
	if b.Storage == nil {
		return false
	}
	lit := blk.Block.Expr
	for _, a := range b.Body.Assigns {
		if a.Value().Unparen() != lit {
			continue
		}
		// A property of any object (strongSelf.onDone = ^{…}) keeps it as
		// long as that object lives; so do an ivar and a global.
		switch t := a.Target().Unparen(); {
		case t == nil:
		case t.Kind == objcparse.ExprMember, t.Kind == objcparse.ExprArrow:
			// ...except an object this body makes and neither self nor
			// a global keeps (`vc.onSend = ^{…}; [self presentViewController:vc …]`):
			// the block lives as long as that object, which goes when it
			// is dismissed or dropped.
			return !b.freshAndLetGo(t.X(), a.Scope)
		default:
			switch b.Storage.Of(lit, blk.Block.Parent).Kind {
			case storage.Instance, storage.Shared:
				return true
			}
		}
	}
	return false
}

// keeperOf finds the object that keeps the block literal lit: the new
// object of an initializer it is handed to (isNew: keeper is that send),
// the receiver of a method it is handed to, or the object whose property
// or ivar it is assigned to (a reference of self: the reference itself).
// ok is false when it is none of these.
func (b *Body) keeperOf(lit *objcparse.Expr) (keeper *objcparse.Expr, scope int, isNew, ok bool) {
	for _, s := range b.Body.Sends {
		for _, a := range s.Expr.Args() {
			if a.Unparen() != lit {
				continue
			}
			if b.newObject(s.Expr) {
				return s.Expr, s.Scope, true, true
			}
			return s.Receiver(), s.Scope, false, true
		}
	}
	for _, a := range b.Body.Assigns {
		if a.Value().Unparen() != lit {
			continue
		}
		t := a.Target().Unparen()
		switch {
		case t == nil:
		case t.Kind == objcparse.ExprMember || t.Kind == objcparse.ExprArrow:
			return t.X(), a.Scope, false, true
		default:
			if _, isSelf := b.Storage.SelfKey(t); isSelf {
				return t, a.Scope, false, true
			}
		}
		return nil, 0, false, false
	}
	return nil, 0, false, false
}

// KeptBySelf reports whether the object that keeps the block literal blk
// is self or one self keeps (selfKeeps): it is handed to a method of such
// an object (`[self.view configBlankPage:… reload:^{…}]`, `[_list
// setOnPick:^{…}]`), to the initializer of an object self then keeps, or
// assigned to a property or ivar of one (`self.header.onTap = ^{…}`,
// `_onDone = ^{…}`). Whether that object keeps it is Kept's question;
// this one says whose lifetime the block follows, when only self's makes
// it a leak.
func (b *Body) KeptBySelf(blk *Block) bool {
	_, kept, _ := b.keeperKeptBySelf(blk)
	return kept
}

// keeperKeptBySelf finds blk's keeper k (keeperOf, nil when there is
// none) and says whether self keeps it; known is false when there is no
// keeper, and, for a keeper other than a new object, when it is not kept
// by self (the caller asks otherObject).
func (b *Body) keeperKeptBySelf(blk *Block) (k *objcparse.Expr, kept, known bool) {
	if b.Storage == nil {
		return nil, false, false
	}
	k, scope, isNew, ok := b.keeperOf(blk.Block.Expr)
	switch {
	case !ok:
		return nil, false, false
	case isNew:
		// `[[Item alloc] initWithTitle:… handler:^{…}]`: the new item
		// keeps it, and self keeps the item or not.
		return k, b.keeps(b.Storage.Of(b.Storage.PassThrough(k), scope), 0, selfOnly), true
	}
	if b.selfKeeps(k, 0, selfOnly) {
		return k, true, true
	}
	return k, false, false
}

// KeptByOther reports whether the object that keeps the block literal blk
// is known to be one self does not keep: an object this method makes and
// does not hand to self (a menu it shows, a view it returns), a class
// (a class method's registry), or an object a class method returns
// (`[[Account current] signInWithResult:^{…}]`). A parameter, an element
// of a collection, another object's property are not known either way.
func (b *Body) KeptByOther(blk *Block) bool {
	k, kept, known := b.keeperKeptBySelf(blk)
	if known {
		return !kept
	}
	return k != nil && b.otherObject(k)
}

// otherObject reports whether e is known to denote an object self does
// not keep (KeptByOther).
func (b *Body) otherObject(e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil || b.selfKeeps(e, 0, selfOnly) {
		return false
	}
	if b.classValue(e) {
		return true
	}
	switch e.Kind {
	case objcparse.ExprMessage:
		return e.NumArgs() == 0 && b.classValue(e.X())
	case objcparse.ExprIdent:
		for _, v := range b.Body.Locals {
			if v.Name != e.Name || v.Init == nil || v.Static {
				continue
			}
			if b.newObject(v.Init) {
				return !b.keeps(b.Storage.Of(v.Init, v.Scope), 0, selfOnly)
			}
			init := v.Init.Unparen()
			return init.Kind == objcparse.ExprMessage && init.NumArgs() == 0 && b.classValue(init.X())
		}
	}
	return false
}

// classValue reports whether e denotes a class (the receiver of a class
// method).
func (b *Body) classValue(e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprIdent || e.Name == "self" || e.Name == "super" {
		return false
	}
	_, classMethod := b.sums.ReceiverClass(b.File, b.Class, b.Method, b.Body, e)
	return classMethod
}

// KeptByShared reports whether the block literal blk is handed to a
// method of a shared instance (`[[Hub sharedHub] listen:^{…}]`, a
// receiver read like a shared accessor: model.SharedAccessor): one that
// lives as long as the process, so what it keeps for good lives that
// long too.
func (b *Body) KeptByShared(blk *Block) bool {
	lit := blk.Block.Expr
	for _, s := range b.Body.Sends {
		for _, a := range s.Expr.Args() {
			if a.Unparen() != lit {
				continue
			}
			r := s.Receiver().Unparen()
			return r != nil && r.Kind == objcparse.ExprMessage && r.NumArgs() == 0 && model.SharedAccessor(r.Name, "id", "")
		}
	}
	return false
}

// keptByFreshReceiver reports whether the block literal lit is kept only
// by an object this body makes and lets go (storage.Context.Of: neither
// self, a global nor the caller keeps it), so that it lives as long as
// that object and self does not keep it:
//   - handed to a project method that stores it in its receiver
//     (`self.completion = completion;`) sent to such an object (a request
//     object started and dropped, `[menu addItemWithTitle:… action:^{…}]`);
//   - handed to the initializer of an object made inline and dropped
//     (`[[[Alert alloc] initWithMessage:… confirm:^{…}] show]`);
//   - handed to a class factory that keeps it only in the new object it
//     returns (summaries.Result.KeptByResult), whose result is dropped
//     (`[Alert presentWithTitle:… completion:^{…}]`).
func (b *Body) keptByFreshReceiver(lit *objcparse.Expr) bool {
	for _, s := range b.Body.Sends {
		for i, a := range s.Expr.Args() {
			if a.Unparen() != lit {
				continue
			}
			if _, ok := model.AllocatedClass(s.Expr, b.Class); ok {
				return b.freshAndLetGo(s.Expr, s.Scope)
			}
			class, classMethod := b.sums.ReceiverClass(b.File, b.Class, b.Method, b.Body, s.Expr.X())
			switch {
			case class == "":
				return false
			case classMethod:
				return b.sums.KeptByResult(class, s.Expr.Name, i) && b.freshAndLetGo(s.Expr, s.Scope)
			case len(b.sums.StoredIn(class, s.Expr.Name, i)) == 0:
				return false
			}
			return b.freshAndLetGo(s.Expr.X(), s.Scope)
		}
	}
	return false
}

// newObject reports whether the send e makes a new object: `[C new]`, an
// initializer of `[C alloc]`, or a class factory of a project class
// (summaries.Result.Factory), with any retain/autorelease around it
// (MRC).
func (b *Body) newObject(e *objcparse.Expr) bool {
	e = e.Unparen()
	for e != nil && e.Kind == objcparse.ExprMessage && e.NumArgs() == 0 && (e.Name == "autorelease" || e.Name == "retain") {
		e = e.X().Unparen()
	}
	if e == nil || e.Kind != objcparse.ExprMessage {
		return false
	}
	if _, ok := model.AllocatedClass(e, b.Class); ok {
		return true
	}
	inClassMethod := b.Method != nil && b.Method.ClassMethod
	_, ok := b.sums.Factory(b.Class, inClassMethod, e)
	return ok
}

// freshAndLetGo reports whether e, or the object at the end of a
// property path from it (`vc.header.onClose`), is a new object (newObject)
// this body makes, inline or in a local variable assigned once, and
// stores neither in self, a global nor its result (storage.Context.Of).
func (b *Body) freshAndLetGo(e *objcparse.Expr, scope int) bool {
	e = e.Unparen()
	// vc.header.onClose: what the fresh vc holds goes with it.
	for e != nil && (e.Kind == objcparse.ExprMember || e.Kind == objcparse.ExprArrow) {
		e = e.X().Unparen()
	}
	if e == nil {
		return false
	}
	if e.Kind == objcparse.ExprMessage {
		if !b.newObject(e) {
			return false
		}
		return !b.keeps(b.Storage.Of(b.Storage.PassThrough(e), scope), 0, anyone)
	}
	if e.Kind != objcparse.ExprIdent {
		return false
	}
	var v *objcparse.Var
	for _, l := range b.Body.Locals {
		if l.Name == e.Name && l.Pos < e.Pos {
			v = l // the nearest declaration before the use
		}
	}
	if v == nil || v.Static || v.Init == nil || !b.newObject(v.Init) {
		return false
	}
	for _, a := range b.Body.Assigns {
		if t := a.Target().Unparen(); t != nil && t.IsIdent(v.Name) && a.Expr.Pos > v.Pos {
			return false // reassigned: which object the block lands in is not followed
		}
	}
	return !b.keeps(b.Storage.Of(v.Init, v.Scope), 0, anyone)
}

// keeper says whose keeping counts for keeps and selfKeeps.
type keeper int

const (
	// anyone: self, a global or the caller (the value outlives the call).
	anyone keeper = iota
	// selfOnly: self, or an object self keeps.
	selfOnly
)

// keeps reports whether a value that went to p outlives the call: self,
// a global or the caller keeps it (with selfOnly: self), or it is handed to
// a collection or a view that self keeps (`[self.view addSubview:v]`,
// `[items addObject:v]` where self then keeps items or a copy of it:
// model.CopiesElements). depth bounds the locals and copies followed.
func (b *Body) keeps(p storage.Place, depth int, who keeper) bool {
	switch p.Kind {
	case storage.Instance:
		return true
	case storage.Shared, storage.Returned:
		return who == anyone
	case storage.Unknown:
		if p.Expr == nil || depth > 2 {
			return false
		}
		for _, s := range b.Body.Sends {
			for i, a := range s.Expr.Args() {
				if a.Unparen() != p.Expr.Unparen() {
					continue
				}
				sel := s.Selector()
				if i == 0 && model.CopiesElements(sel) {
					// [NSArray arrayWithArray:items]: the copy holds the elements.
					return b.keeps(b.Storage.Of(s.Expr, s.Scope), depth+1, who)
				}
				if model.CollectionStoreArg(sel) != i && (i != 0 || !model.AddsSubview(sel) && sel != "addChildViewController:") {
					return false
				}
				return b.selfKeeps(s.Receiver(), depth, who)
			}
		}
	}
	return false
}

// selfKeeps reports whether the object e denotes is self (or a variable
// standing for it: weakSelf, strongSelf), a reference of self or an object
// at the end of a path from one (`self.view`, `_items`,
// `self.header.stack`), or a local variable whose object self (with
// anyone: or a global, or the caller) keeps.
func (b *Body) selfKeeps(e *objcparse.Expr, depth int, who keeper) bool {
	for e = e.Unparen(); e != nil; e = e.X().Unparen() {
		if _, ok := b.Storage.SelfKey(e); ok || e.IsIdent("self") {
			return true
		}
		if e.Kind == objcparse.ExprIdent && b.Aliases[e.Name] != nil {
			return true // weakSelf, strongSelf: self
		}
		switch {
		case e.Kind == objcparse.ExprMember, e.Kind == objcparse.ExprArrow:
			continue
		case e.Kind == objcparse.ExprMessage && e.NumArgs() == 0:
			continue // a getter (`[self view]`)
		case e.Kind == objcparse.ExprIdent:
			for _, v := range b.Body.Locals {
				if v.Name == e.Name && v.Init != nil && !v.Static {
					return b.keeps(b.Storage.Of(v.Init, v.Scope), depth+1, who)
				}
			}
		}
		return false
	}
	return false
}

// Enclosing returns the block literal of body around blk, or nil.
func (r *Result) Enclosing(body *Body, blk *Block) *Block {
	if p := blk.Block.Parent; p >= 0 && p < len(body.Body.Blocks) {
		return r.Block(body.Body.Blocks[p])
	}
	return nil
}
