// Package summaries is the pass that summarizes, for every method and C
// function whose body the project shows, how long it keeps each block it
// is given (ISSUE "Trust on real code" §1, SEMANTICS §7): not at all
// (it calls the block before returning), until the block has run (it
// hands it to dispatch_async or to a one-shot completion), or for as long
// as an object lives (it stores it in a property, an ivar, a collection,
// a global or a registration).
//
// Summaries are computed bottom-up over the project's calls, to a fixed
// point: a method that passes its block on to another project method
// keeps it as long as that method does, recursion included. The rules see
// them through the passes that decide how long a block argument lives
// (captures.Body.Retention, the ownership graph): evidence from a visible
// body wins over the guesses model.SelectorArgUse makes from selector
// names (a `completion:` block that the method stores in a property is
// stored).
package summaries

import (
	"reflect"
	"strings"
	"sync"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// Analyzer is the summaries pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Name:       "summaries",
	Doc:        "summaries: how long each project method and function keeps the blocks it is given",
	Requires:   []*analyzer.Analyzer{storage.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// A Method is the summary of one method or function definition.
type Method struct {
	Class    string            // "" for C functions
	Method   *objcparse.Method // nil for C functions
	Function *objcparse.Function
	// Params says, for each parameter, how long the body keeps it; only
	// block parameters are summarized (RetainUnknown for the others).
	Params []model.Retention
	// Stores names, for each parameter of an instance method, the
	// references of self its body assigns the parameter to (`_target =
	// target;`, `self.target = target;`), as storage.Context.SelfKey
	// names them; nil for none.
	Stores [][]string

	file *objcparse.File
	body *objcparse.Body
}

// Result holds the summaries of the project's definitions.
type Result struct {
	ix        *analyzer.Index
	cs        *storage.Contexts    // the storage pass's contexts (nil: made anew)
	methods   map[defKey][]*Method // instance and class methods by (class, selector)
	bySel     map[string][]*Method // instance methods by selector, every class
	functions map[string]*Method   // C functions by name
	all       []*Method
	blockType map[string]bool // typedef names of block types
	cleared   map[string]bool // "Class.name": references of self some method sets to nil
	chains    sync.Map        // class → []string: the class and its superclasses

	calledOnce sync.Once
	called     map[string]bool // selectors sent or named by @selector, and C functions called
	setters    map[string][]Setter
}

// A Setter is a project method `-setX:` whose body stores its argument
// into a reference of self (Key, as storage.Context.SelfKey names it):
// calling it with nil releases that reference.
type Setter struct {
	Class string
	Key   string
}

// Setters returns the project's definitions of the one-argument
// selector sel that store their argument into a reference of self.
func (r *Result) Setters(sel string) []Setter {
	if r == nil {
		return nil
	}
	return r.setters[sel]
}

// collectStores finds, for every instance method, the references of self
// each parameter is assigned to (Method.Stores), and the setter-like
// definitions (see Setter): one-argument -setX: methods that assign their
// argument unconditionally, outside blocks.
func (r *Result) collectStores() {
	r.setters = map[string][]Setter{}
	for _, s := range r.all {
		m := s.Method
		if m == nil || m.ClassMethod || len(m.Params) == 0 {
			continue
		}
		_, setterName := model.SetterProperty(m.Selector)
		setterName = setterName && len(m.Params) == 1
		var c *storage.Context // made on the first store of a parameter
		// store records that parameter v is kept in the reference of self
		// that coll denotes (with suffix: its elements); it returns the key.
		// A coll of nil stands for the property prop (a setter sent to
		// self).
		store := func(coll, v *objcparse.Expr, suffix string, prop ...string) (int, string, bool) {
			v = v.Unparen()
			if v == nil || v.Kind != objcparse.ExprIdent {
				return 0, "", false
			}
			for i, p := range m.Params {
				if p.Name != v.Name {
					continue
				}
				if c == nil {
					c = r.cs.For(r.ix, s.file, s.Class, m, s.body, m.Params)
				}
				key, ok := "", false
				if coll != nil {
					key, ok = c.SelfKey(coll)
				} else if len(prop) == 1 {
					key, ok = prop[0], true
				}
				if !ok {
					return 0, "", false
				}
				if s.Stores == nil {
					s.Stores = make([][]string, len(m.Params))
				}
				s.Stores[i] = append(s.Stores[i], key+suffix)
				return i, key, true
			}
			return 0, "", false
		}
		for _, a := range s.body.Assigns {
			if a.Scope >= 0 {
				continue // in a block: runs some other time
			}
			t := a.Target().Unparen()
			if t != nil && t.Kind == objcparse.ExprSubscript {
				store(t.X(), a.Value(), ElementsSuffix) // _byID[k] = p
				continue
			}
			i, key, ok := store(t, a.Value(), "")
			// Only on one branch, nil may store something else.
			if ok && setterName && a.Context&objcparse.InCondition == 0 && len(s.Stores[i]) == 1 {
				r.setters[m.Selector] = append(r.setters[m.Selector], Setter{Class: s.Class, Key: key})
			}
		}
		// [_sessions addObject:p], [self.byID setObject:p forKey:k];
		// [self setTarget:p], a setter of self, keeps p in the property.
		for _, snd := range s.body.Sends {
			if snd.Scope >= 0 {
				continue
			}
			if i := model.CollectionStoreArg(snd.Selector()); i >= 0 && i < snd.Expr.NumArgs() {
				store(snd.Receiver(), snd.Expr.Arg(i), ElementsSuffix)
			} else if prop, ok := model.SetterProperty(snd.Selector()); ok && snd.Expr.NumArgs() == 1 && snd.Receiver().IsIdent("self") && snd.Selector() != m.Selector {
				store(nil, snd.Expr.Arg(0), "", prop)
			}
		}
	}
}

// ElementsSuffix ends a Stores key naming the elements of a collection
// of self ("sessions.[]"), as the ownership graph names them.
const ElementsSuffix = ".[]"

// StoredIn returns the references of self that the project's definition
// of instance method sel in class (or the nearest superclass defining it)
// assigns its argument i to.
func (r *Result) StoredIn(class, sel string, i int) []string {
	if r == nil {
		return nil
	}
	for _, c := range r.chain(class) {
		for _, d := range r.methods[defKey{c, sel, false}] {
			if i < len(d.Stores) {
				return d.Stores[i]
			}
			return nil
		}
	}
	return nil
}

type defKey struct {
	class, sel  string
	classMethod bool
}

// maxRounds bounds the fixed point (each round can only raise a
// summary); past it, whatever is not known to be stored is unknown.
const maxRounds = 32

func run(pass *analyzer.Pass) (any, error) {
	cs, _ := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	return Build(pass.Index, cs), nil
}

// Build summarizes every definition in the index, with the storage
// pass's contexts (nil: new ones). Passes use the result of the Analyzer;
// Build is for tests and tools.
func Build(ix *analyzer.Index, cs *storage.Contexts) *Result {
	r := &Result{ix: ix, cs: cs, methods: map[defKey][]*Method{}, bySel: map[string][]*Method{},
		functions: map[string]*Method{}, blockType: map[string]bool{"dispatch_block_t": true}}
	for _, f := range ix.Files {
		for _, t := range f.Typedefs {
			if t.Type.Block {
				r.blockType[t.Name] = true
			}
		}
	}
	for _, f := range ix.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body == nil || len(m.Params) == 0 {
					continue // nothing handed to it to keep
				}
				s := r.newSummary(f, m.Body, m.Params)
				s.Class, s.Method = cd.Name, m
				k := defKey{cd.Name, m.Selector, m.ClassMethod}
				r.methods[k] = append(r.methods[k], s)
				if !m.ClassMethod {
					r.bySel[m.Selector] = append(r.bySel[m.Selector], s)
				}
			}
		}
		for _, fn := range f.Functions {
			if fn.Body == nil || len(fn.Params) == 0 {
				continue
			}
			s := r.newSummary(f, fn.Body, fn.Params)
			s.Function = fn
			if _, dup := r.functions[fn.Name]; !dup {
				r.functions[fn.Name] = s // static functions of two files: the first
			}
		}
	}
	r.cleared = r.collectCleared()
	r.collectStores()
	// The block parameters to summarize: most methods have none.
	type blockParam struct {
		s    *Method
		i    int
		name string
	}
	var todo []blockParam
	for _, s := range r.all {
		for i, p := range s.params() {
			if r.isBlock(p.Type) {
				todo = append(todo, blockParam{s, i, p.Name})
			}
		}
	}
	// Optimistic start (nothing kept), raised round by round.
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, bp := range todo {
			got := r.paramRetention(bp.s, bp.name)
			if rank(got) > rank(bp.s.Params[bp.i]) {
				bp.s.Params[bp.i] = got
				changed = true
			}
		}
		if !changed {
			return r
		}
	}
	for _, bp := range todo {
		if rank(bp.s.Params[bp.i]) < rank(model.RetainUnknown) {
			bp.s.Params[bp.i] = model.RetainUnknown
		}
	}
	return r
}

func (r *Result) newSummary(f *objcparse.File, body *objcparse.Body, params []objcparse.Param) *Method {
	s := &Method{file: f, body: body, Params: make([]model.Retention, len(params))}
	for i, p := range params {
		if r.isBlock(p.Type) {
			s.Params[i] = model.RetainNone
		}
	}
	r.all = append(r.all, s)
	return s
}

func (s *Method) params() []objcparse.Param {
	if s.Method != nil {
		return s.Method.Params
	}
	return s.Function.Params
}

// isBlock reports whether t is a block type (written as one, or through a
// typedef of one).
func (r *Result) isBlock(t objcparse.Type) bool {
	return t.Block || r.blockType[t.Name]
}

// Called reports whether the project calls sel anywhere: a message send
// of that selector or an @selector(…) naming it in any body, or, for a C
// function name, a call of it.
func (r *Result) Called(sel string) bool {
	if r == nil {
		return true
	}
	r.calledOnce.Do(func() {
		r.called = map[string]bool{}
		add := func(body *objcparse.Body) {
			body.NamedSelectors(r.called)
			for _, c := range body.Calls {
				r.called[c.Name()] = true
			}
		}
		for _, f := range r.ix.Files {
			for _, cd := range f.Classes {
				for _, m := range cd.Methods {
					if m.Body != nil {
						add(m.Body)
					}
				}
			}
			for _, fn := range f.Functions {
				if fn.Body != nil {
					add(fn.Body)
				}
			}
		}
	})
	return r.called[sel]
}

// chain returns class and its superclasses in the project, nearest
// first, made once per class (the pass's result is read concurrently).
func (r *Result) chain(class string) []string {
	if c, ok := r.chains.Load(class); ok {
		return c.([]string)
	}
	c := append([]string{class}, r.ix.Superclasses(class)...)
	r.chains.Store(class, c)
	return c
}

// rank orders retentions for the fixed point: what a body shows it keeps
// (stored) outranks what it does not show (unknown), which outranks
// keeping the block until it has run, which outranks not keeping it.
func rank(r model.Retention) int {
	switch r {
	case model.RetainNone:
		return 0
	case model.RetainUntilRun:
		return 1
	case model.RetainUnknown:
		return 2
	}
	return 3
}

// join is the longer of two retentions, by rank.
func join(a, b model.Retention) model.Retention {
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// Param returns how the definition keeps its parameter i, and whether the
// summary knows (a block parameter of a visible body).
func (s *Method) Param(i int) (model.Retention, bool) {
	if s == nil || i < 0 || i >= len(s.Params) {
		return model.RetainUnknown, false
	}
	r := s.Params[i]
	return r, r != model.RetainUnknown
}

// Function returns the summary of the project's C function name, or nil.
func (r *Result) Function(name string) *Method {
	if r == nil {
		return nil
	}
	return r.functions[name]
}

// Send returns how the project method that the message send e reaches
// keeps argument i, and whether the project defines that method: then the
// answer is its body's (RetainUnknown when the body does something the
// summary does not follow), and the caller must not fall back to guesses
// from the selector's name. class is the receiver's class when known (""
// when not); classMethod says the receiver is a class. With no class,
// the project's definitions of the selector in every class answer
// together (unknown unless they agree).
func (r *Result) Send(class string, classMethod bool, e *objcparse.Expr, i int) (model.Retention, bool) {
	if r == nil || e == nil || e.Kind != objcparse.ExprMessage {
		return model.RetainUnknown, false
	}
	sel := e.Name
	if class != "" {
		// A known class: its definition or an inherited one. A framework
		// class, or a project class that only inherits the method from
		// one (a synthesized setter), has no summary.
		if r.ix.Class(class) == nil {
			return model.RetainUnknown, false
		}
		return r.definedIn(class, sel, classMethod, i)
	}
	if classMethod || len(r.bySel[sel]) == 0 {
		return model.RetainUnknown, false
	}
	return agree(r.bySel[sel], i), true
}

// Stops reports whether the project defines the instance method sel on
// class (a framework class such as NSTimer, in a category) with a body
// that sends one of stoppers to self: `-[NSTimer invalidateTimer]` whose
// body is `[self invalidate]` stops the timer it is sent to.
func (r *Result) Stops(class, sel string, stoppers []string) bool {
	if r == nil {
		return false
	}
	m := r.ix.InstanceMethod(class, sel)
	if m == nil {
		return false
	}
	for _, snd := range m.Body.Sends {
		if !snd.Expr.X().IsIdent("self") {
			continue
		}
		for _, s := range stoppers {
			if snd.Selector() == s {
				return true
			}
		}
	}
	return false
}

// defined is how the instance method sel that class defines or inherits
// from a project class keeps its argument i; ok is false when no project
// class in its chain defines it.
func (r *Result) defined(class, sel string, i int) (model.Retention, bool) {
	if class == "" || r.ix.Class(class) == nil {
		return model.RetainUnknown, false
	}
	return r.definedIn(class, sel, false, i)
}

func (r *Result) definedIn(class, sel string, classMethod bool, i int) (model.Retention, bool) {
	for _, c := range r.chain(class) {
		if defs := r.methods[defKey{c, sel, classMethod}]; len(defs) > 0 {
			return agree(defs, i), true
		}
	}
	return model.RetainUnknown, false
}

// agree returns the retention every definition gives argument i, or
// RetainUnknown when they do not all know and agree.
func agree(defs []*Method, i int) model.Retention {
	first, ok := defs[0].Param(i)
	if !ok {
		return model.RetainUnknown
	}
	for _, d := range defs[1:] {
		if r, ok := d.Param(i); !ok || r != first {
			return model.RetainUnknown
		}
	}
	return first
}

// paramRetention is how the body of s keeps its parameter name, from
// every place the parameter goes.
func (r *Result) paramRetention(s *Method, name string) model.Retention {
	body := s.body
	for _, v := range body.Locals {
		if v.Name == name {
			return model.RetainUnknown // shadowed somewhere: not followed
		}
	}
	out := model.RetainNone
	for _, c := range body.Calls {
		if c.Name() == name {
			out = join(out, r.scoped(s, model.RetainNone, c.Scope))
		}
		for i, a := range c.Expr.Args() {
			if a.IsIdent(name) {
				out = join(out, r.scoped(s, r.callArg(c.Name(), i), c.Scope))
			}
		}
	}
	for _, snd := range body.Sends {
		if snd.Receiver().IsIdent(name) {
			out = join(out, r.scoped(s, r.receiverUse(s, snd), snd.Scope))
		}
		for i, a := range snd.Expr.Args() {
			if a.IsIdent(name) {
				out = join(out, r.scoped(s, r.sendArg(s, snd.Expr, i), snd.Scope))
			}
		}
	}
	for _, a := range body.Assigns {
		if a.Value().IsIdent(name) {
			out = join(out, r.scoped(s, r.assigned(s, a.Target()), a.Scope))
		}
	}
	for _, v := range body.Locals {
		if v.Init.IsIdent(name) {
			out = join(out, model.RetainUnknown) // an alias: not followed
		}
	}
	for _, ret := range body.Returns {
		if ret.Value.IsIdent(name) {
			out = join(out, model.RetainUnknown) // the caller decides
		}
	}
	// Uses inside a block literal that no event above accounts for
	// (`if (completion)` inside it) are captures: the block keeps the
	// parameter as long as it lives.
	for _, blk := range body.Blocks {
		for _, u := range blk.Uses.All() {
			if u.Name == name {
				out = join(out, r.scoped(s, model.RetainNone, blk.Index))
				break
			}
		}
	}
	return out
}

// scoped is the retention of a use at scope: a use inside a block literal
// lasts as long as that block (and the blocks around it) is kept.
func (r *Result) scoped(s *Method, use model.Retention, scope int) model.Retention {
	for depth := 0; scope >= 0 && scope < len(s.body.Blocks) && depth < 16; depth++ {
		blk := s.body.Blocks[scope]
		use = join(use, r.literal(s, blk.Expr))
		scope = blk.Parent
	}
	return use
}

// literal is how long the body keeps the block literal e: as the API or
// project method it is passed to keeps it, as the storage it is assigned
// to, or unknown.
func (r *Result) literal(s *Method, e *objcparse.Expr) model.Retention {
	for _, c := range s.body.Calls {
		for i, a := range c.Expr.Args() {
			if a.Unparen() == e {
				return r.callArg(c.Name(), i)
			}
		}
	}
	for _, snd := range s.body.Sends {
		for i, a := range snd.Expr.Args() {
			if a.Unparen() == e {
				return r.sendArg(s, snd.Expr, i)
			}
		}
	}
	for _, a := range s.body.Assigns {
		if a.Value().Unparen() == e {
			return r.assigned(s, a.Target())
		}
	}
	return model.RetainUnknown
}

// receiverUse is what a message to the block parameter does with it:
// copy, retain and autorelease return it, so it is kept as their result
// is (`_handler = [handler copy];`); any other message (-invoke) does not
// keep it.
func (r *Result) receiverUse(s *Method, snd *objcparse.Send) model.Retention {
	switch snd.Selector() {
	case "copy", "retain", "autorelease":
		return r.resultUse(s, snd.Expr, 0)
	}
	return model.RetainNone
}

// resultUse is how long the body keeps the value of expression e (a
// copy of a block parameter): as the reference of self it is assigned to
// (`_handler = [handler copy];`). A copy handed on — added to a queue of
// pending callbacks, put in a dictionary until a reply comes — is not
// followed: such copies are mostly let go once the work is done, which
// the summary cannot see, so they stay unknown (and the callee's name
// decides, as before).
func (r *Result) resultUse(s *Method, e *objcparse.Expr, depth int) model.Retention {
	if depth > 4 {
		return model.RetainUnknown
	}
	for _, a := range s.body.Assigns {
		if a.Value().Unparen() == e {
			return r.assigned(s, a.Target())
		}
	}
	for _, snd := range s.body.Sends {
		if snd.Receiver().Unparen() == e {
			switch snd.Selector() {
			case "copy", "retain", "autorelease":
				return r.resultUse(s, snd.Expr, depth+1)
			}
			return model.RetainNone
		}
	}
	return model.RetainUnknown
}

// callArg is how the C function name keeps its argument i: the project's
// definition when it has one, else the model's table.
func (r *Result) callArg(name string, i int) model.Retention {
	if f := r.functions[name]; f != nil && i < len(f.Params) {
		return f.Params[i]
	}
	if name == "objc_setAssociatedObject" && i == 2 {
		return model.RetainStored
	}
	return model.FunctionArgUse(name, i).Retention
}

// sendArg is how the method a send reaches keeps its argument i: the
// project's definition when it has one, else the model's table and
// selector-name heuristics.
func (r *Result) sendArg(s *Method, e *objcparse.Expr, i int) model.Retention {
	class, classMethod := r.ReceiverClass(s.file, s.Class, s.Method, s.body, e.X())
	if ret, ok := r.Send(class, classMethod, e, i); ok {
		return ret
	}
	if model.CollectionStoreArg(e.Name) == i {
		if key, ok := r.selfRef(s, e.X()); ok {
			// [_pending addObject:block]: kept until the collection is
			// emptied or dropped, when some method does that.
			return r.selfStore(s.Class, key)
		}
		return model.RetainStored
	}
	return r.ModelUse(class, e.Name, i).Retention
}

// selfRef returns the name of the reference of self that e reads (`_x`,
// `self.x`, `self->x`) in an instance method of s
// (storage.Context.SelfKey).
func (r *Result) selfRef(s *Method, e *objcparse.Expr) (string, bool) {
	if s.Method == nil || s.Method.ClassMethod || s.Class == "" {
		return "", false
	}
	return r.cs.For(r.ix, s.file, s.Class, s.Method, s.body, s.Method.Params).SelfKey(e)
}

// ModelUse is how a method the project does not define keeps argument i
// of a send of sel to a receiver of class ("" when unknown): as the
// model's table of framework classes says when the class is, or inherits
// from, one of them (NSOperation's completion block lives until the
// operation finishes), else as its selector table and name heuristics
// say.
func (r *Result) ModelUse(class, sel string, i int) model.ArgUse {
	if r != nil && class != "" {
		kindOf := func(bases []string) bool {
			_, ok := r.ix.IsKindOfAny(class, bases)
			return ok
		}
		if u, ok := model.ClassArgUse(kindOf, sel, i); ok {
			return u
		}
	}
	return model.SelectorArgUse(sel, i)
}

// assigned is how long a value assigned to target is kept: for as long
// as self (its property or ivar), the process (a global), or unknown (a
// local, another object).
func (r *Result) assigned(s *Method, target *objcparse.Expr) model.Retention {
	target = target.Unparen()
	if target == nil {
		return model.RetainUnknown
	}
	switch target.Kind {
	case objcparse.ExprMember, objcparse.ExprArrow:
		if !target.X().IsIdent("self") {
			// A class factory that makes an object, stores the argument
			// in one of its owning references and returns it
			// (`info.didSelect = block; return info;`): the new object,
			// which is the factory's result, keeps it.
			if x := target.X().Unparen(); x != nil && x.Kind == objcparse.ExprIdent && s.Method != nil && s.Method.ClassMethod {
				if class, ok := r.returnsFresh(s, x.Name); ok && r.owningRef(class, target.Name, target.Kind == objcparse.ExprArrow) {
					return model.RetainStored
				}
			}
			break
		}
		if target.Kind == objcparse.ExprMember && s.Method != nil && !s.Method.ClassMethod {
			// self.x = v calls -setX:: a hand-written one decides, and a
			// framework class's documented setter (NSOperation's
			// completionBlock) wins over "as long as self".
			setter := model.DefaultSetter(target.Name)
			if ret, ok := r.defined(s.Class, setter, 0); ok && s.Method.Selector != setter {
				return ret
			}
			if len(r.ix.Properties(s.Class, target.Name)) == 0 {
				if u := r.ModelUse(s.Class, setter, 0); u.Retention == model.RetainUntilRun {
					return u.Retention
				}
			}
		}
		return r.selfStore(s.Class, target.Name)
	case objcparse.ExprIdent:
		for _, v := range s.body.Locals {
			if v.Name == target.Name {
				return model.RetainUnknown
			}
		}
		for _, p := range s.params() {
			if p.Name == target.Name {
				return model.RetainUnknown
			}
		}
		// An ivar or a global.
		if s.Class != "" && s.Method != nil && !s.Method.ClassMethod && r.ix.Ivar(s.Class, target.Name) != nil {
			return r.selfStore(s.Class, target.Name)
		}
		return model.RetainStored
	}
	return model.RetainUnknown
}

// KeptByResult reports whether the project's definition of class method
// sel of class (or of the nearest superclass defining it) keeps its
// argument i only in the new object it makes and returns (`alert.done =
// done; return alert;`): the argument lives as long as the result, so
// a caller that lets the result go lets the argument go too.
func (r *Result) KeptByResult(class, sel string, i int) bool {
	return r.keptByResult(class, sel, i, 0)
}

// maxForwards bounds the chain of convenience class methods
// keptByResult follows (`+alertWithTitle:done:` returning `[self
// alertWithTitle:… style:… done:done]`).
const maxForwards = 4

func (r *Result) keptByResult(class, sel string, i, depth int) bool {
	if r == nil || depth > maxForwards {
		return false
	}
	for _, c := range r.chain(class) {
		for _, d := range r.methods[defKey{c, sel, true}] {
			ps := d.params()
			if i >= len(ps) {
				return false
			}
			inResult := false
			// A convenience factory that hands the argument to another
			// class method of the class and returns what it returns.
			forwards := map[*objcparse.Expr]bool{}
			for _, ret := range d.body.Returns {
				v := ret.Value.Unparen()
				if ret.Scope != -1 || v == nil || v.Kind != objcparse.ExprMessage || !v.X().IsIdent("self") {
					continue
				}
				for j, a := range v.Args() {
					if a.IsIdent(ps[i].Name) {
						if !r.keptByResult(c, v.Name, j, depth+1) {
							return false
						}
						forwards[v], inResult = true, true
					}
				}
			}
			// Handed to any other method or function: kept who knows where.
			for _, snd := range d.body.Sends {
				for _, a := range snd.Expr.Args() {
					if a.IsIdent(ps[i].Name) && !forwards[snd.Expr] {
						return false
					}
				}
			}
			for _, cl := range d.body.Calls {
				for _, a := range cl.Expr.Args() {
					if a.IsIdent(ps[i].Name) {
						return false
					}
				}
			}
			for _, a := range d.body.Assigns {
				if a.Scope >= 0 || !a.Value().IsIdent(ps[i].Name) {
					continue
				}
				t := a.Target().Unparen()
				if t == nil || (t.Kind != objcparse.ExprMember && t.Kind != objcparse.ExprArrow) {
					return false // kept somewhere else too (a global)
				}
				x := t.X().Unparen()
				if x == nil || x.Kind != objcparse.ExprIdent {
					return false
				}
				if _, ok := r.returnsFresh(d, x.Name); !ok {
					return false
				}
				inResult = true
			}
			return inResult
		}
	}
	return false
}

// returnsFresh reports whether the body of s makes a new object in its
// local variable name (`[[C alloc] init…]`, `[C new]`) and returns that
// variable, and returns the object's class.
func (r *Result) returnsFresh(s *Method, name string) (string, bool) {
	class := ""
	for _, v := range s.body.Locals {
		if v.Name == name {
			if class != "" {
				return "", false // two variables of the name: not followed
			}
			c, ok := model.AllocatedClass(v.Init, s.Class)
			if !ok {
				return "", false
			}
			class = c
		}
	}
	if class == "" {
		return "", false
	}
	for _, ret := range s.body.Returns {
		if ret.Scope == -1 && ret.Value.IsIdent(name) {
			return class, true
		}
	}
	return "", false
}

// owningRef reports whether the property (or, with ivar, the ivar) name
// of the project class is declared strong or copy.
func (r *Result) owningRef(class, name string, ivar bool) bool {
	if ivar {
		iv := r.ix.Ivar(class, name)
		return iv != nil && !iv.Type.HasQualifier("__weak") && !iv.Type.HasQualifier("__unsafe_unretained")
	}
	props := r.ix.Properties(class, name)
	if len(props) == 0 {
		return false
	}
	info, ok := model.EffectiveProperty(props, model.ARC)
	return ok && info.Own.IsOwning()
}

// selfStore is how long a block stored in reference key of self is kept:
// until it has run when some method of the class clears that reference
// (`self.completion = nil`, `_completion = nil`, `[self setCompletion:nil]`
// — the pattern of a callback kept while work is pending), else stored.
func (r *Result) selfStore(class, key string) model.Retention {
	k := strings.TrimPrefix(key, "_")
	for _, c := range r.chain(class) {
		if r.cleared[c+"."+k] {
			return model.RetainUntilRun
		}
	}
	return model.RetainStored
}

// collectCleared finds the references of self that instance methods
// other than -dealloc set to nil, as "Class.name" (ivars without their
// leading underscore).
func (r *Result) collectCleared() map[string]bool {
	out := map[string]bool{}
	for _, f := range r.ix.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body != nil && !m.ClassMethod && m.Selector != "dealloc" {
					r.cleared1(out, cd.Name, m.Body)
				}
			}
		}
	}
	return out
}

// cleared1 adds to out the references of self that body (of an instance
// method of class) sets to nil.
func (r *Result) cleared1(out map[string]bool, class string, body *objcparse.Body) {
	// mark records t when it names a reference of self.
	mark := func(t *objcparse.Expr) {
		switch t = t.Unparen(); {
		case t == nil:
		case (t.Kind == objcparse.ExprMember || t.Kind == objcparse.ExprArrow) && t.X().IsIdent("self"),
			t.Kind == objcparse.ExprIdent && r.ix.Ivar(class, t.Name) != nil:
			out[class+"."+strings.TrimPrefix(t.Name, "_")] = true
		}
	}
	for _, a := range body.Assigns {
		if model.IsNil(a.Value()) {
			mark(a.Target())
		}
	}
	for _, snd := range body.Sends {
		if name, ok := model.SetterProperty(snd.Selector()); ok && snd.Receiver().IsIdent("self") && snd.Expr.NumArgs() == 1 && model.IsNil(snd.Expr.Arg(0)) {
			out[class+"."+name] = true
		}
		if model.CollectionEmptied(snd.Selector()) {
			mark(snd.Receiver()) // emptying a collection of self releases what it held
		}
	}
}

// ReceiverClass returns the class of a message's receiver in a body of
// class (method m, nil for C functions), as far as declarations tell:
// self and super, a class name (a class message), a local or parameter
// of a declared class type, a property of self, `[C alloc]`-made objects.
// classMethod says the receiver is a class.
func (r *Result) ReceiverClass(f *objcparse.File, class string, m *objcparse.Method, body *objcparse.Body, recv *objcparse.Expr) (string, bool) {
	recv = recv.Unparen()
	if r == nil || recv == nil {
		return "", false
	}
	inClassMethod := m != nil && m.ClassMethod
	switch recv.Kind {
	case objcparse.ExprIdent:
		switch recv.Name {
		case "self":
			return class, inClassMethod
		case "super":
			if c := r.ix.Class(class); c != nil {
				return c.Super, inClassMethod
			}
			return "", false
		}
		for _, v := range body.Locals {
			if v.Name == recv.Name && v.Pos < recv.Pos {
				return typeClass(v.Type), false
			}
		}
		if m != nil {
			for _, p := range m.Params {
				if p.Name == recv.Name {
					return typeClass(p.Type), false
				}
			}
		}
		if class != "" && !inClassMethod {
			if iv := r.ix.Ivar(class, recv.Name); iv != nil {
				return typeClass(iv.Type), false
			}
		}
		if r.ix.Class(recv.Name) != nil {
			return recv.Name, true
		}
	case objcparse.ExprMember:
		if recv.X().IsIdent("self") && class != "" && !inClassMethod {
			for _, p := range r.ix.Properties(class, recv.Name) {
				return typeClass(p.Type), false
			}
			return "", false
		}
		// A property path (`_cell.collectionView`, `self.header.titleView`):
		// the declared type of the property of the receiver's class.
		if owner, classRecv := r.ReceiverClass(f, class, m, body, recv.X()); owner != "" && !classRecv {
			for _, p := range r.ix.Properties(owner, recv.Name) {
				return typeClass(p.Type), false
			}
		}
	case objcparse.ExprMessage:
		if c, ok := model.AllocatedClass(recv, class); ok {
			return c, false
		}
		if c, ok := AllocReceiver(r.ix, class, inClassMethod, recv); ok {
			return c, false // [[C alloc] init…]: the init runs on a new C
		}
	}
	return "", false
}

// AllocReceiver returns the class of `[C alloc]` (or `[self alloc]` in a
// class method of class): the receiver of an initializer.
func AllocReceiver(ix *analyzer.Index, class string, inClassMethod bool, e *objcparse.Expr) (string, bool) {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprMessage || e.Name != "alloc" {
		return "", false
	}
	x := e.X().Unparen()
	switch {
	case x.IsIdent("self") && inClassMethod && class != "":
		return class, true
	case x != nil && x.Kind == objcparse.ExprIdent && ix.Class(x.Name) != nil:
		return x.Name, true
	}
	return "", false
}

// Factory reports whether the message send e is a class factory of a
// project class: a class method of a class the project declares, sent to
// the class by name (or to self in one of its class methods), declared
// (in an interface or an implementation of the class or a superclass) to
// return an object (instancetype, id or the class), and not named like
// the accessor of a shared instance (model.SharedAccessor). It returns
// the class.
func (r *Result) Factory(class string, inClassMethod bool, e *objcparse.Expr) (string, bool) {
	if r == nil || e == nil || e.Kind != objcparse.ExprMessage {
		return "", false
	}
	x := e.X().Unparen()
	c := ""
	switch {
	case x.IsIdent("self") && inClassMethod:
		c = class
	case x != nil && x.Kind == objcparse.ExprIdent && r.ix.Class(x.Name) != nil:
		c = x.Name
	}
	if c == "" {
		return "", false
	}
	for _, k := range r.chain(c) {
		cls := r.ix.Class(k)
		if cls == nil {
			continue
		}
		for _, d := range cls.Decls {
			for _, m := range d.Methods {
				if !m.ClassMethod || m.Selector != e.Name {
					continue
				}
				if t := m.Return; t.Name == "instancetype" || t.Name == k || t.Name == c || t.Name == "id" {
					return c, !model.SharedAccessor(e.Name, t.Name, k)
				}
			}
		}
	}
	return "", false
}

// typeClass is the class an object type names ("" for id and non-objects).
func typeClass(t objcparse.Type) string {
	if !t.Object || t.Name == "id" || t.Name == "instancetype" || strings.HasPrefix(t.Name, "id<") {
		return ""
	}
	return t.Name
}
