// Package setterrace is the pass that finds writes to a property or an
// instance variable of self that can run at the same time as another write
// to the same storage of the same object (SEMANTICS §6): the setter of a
// nonatomic strong or copy property, or a direct store to a strong object
// ivar under ARC, in a block that the concurrency pass shows to run
// concurrently — with other invocations of itself (dispatched in a loop on
// a concurrent queue, dispatch_apply, a concurrent enumeration), with a
// block elsewhere in the class that writes the same storage on a queue
// that does not exclude it, or, for a block on a concurrent queue, with a
// write whose thread is not known. Such a setter releases the old value
// without a lock, so two threads can release the same object.
//
// The concurrentsetter, concurrentsettertagged and concurrentsetterconstant
// rules report its races by the kind of the value written.
package setterrace

import (
	"fmt"
	"go/token"
	"reflect"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/concurrency"
)

// Analyzer is the setterrace pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Name:       "setterrace",
	Doc:        "setterrace: finds concurrent writes to nonatomic object properties and object ivars",
	Run:        run,
	Requires:   []*analyzer.Analyzer{concurrency.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result lists the racing writes in the linted files, by class and
// storage (the driver sorts the findings).
type Result struct {
	Races []*Race
}

// A Race is one write that can run at the same time as another write to
// the same storage of the same object.
type Race struct {
	Write *Write
	// Other is the competing write; nil when the write races with other
	// invocations of itself (Write.Run.Many).
	Other *Write
	// Value is the kind of the value written (SEMANTICS §6).
	Value model.ValueClass
	// Declared is the declaration of the property (the one that says
	// nonatomic) or of the ivar; NoPos when unknown.
	Declared token.Pos
	// HeapOther is a competing write that stores a heap (or unknown)
	// value, of kind HeapValue, when Value itself is tagged or constant:
	// this write can release that value, so it can crash after all.
	HeapOther *Write
	HeapValue model.ValueClass
}

// A Write is one store to a property or ivar of self in an instance
// method, inside a block or not.
type Write struct {
	Body  *concurrency.Body
	Class string
	// Key is the property name, or the ivar name when no property is
	// backed by the ivar.
	Key string
	// Ivar is the ivar as written for a direct store (`_name`,
	// `self->_name`); "" for a setter (`self.name = …`, `[self setName:…]`).
	Ivar string
	// Sel is the selector of a setter send (`[self setName:…]`), "" otherwise.
	Sel string
	// Expr is the assignment or the setter send; Value the value stored.
	Expr  *objcparse.Expr
	Value *objcparse.Expr
	Scope int
	// Run is where the write executes (nil when unknown).
	Run *concurrency.Run
	// Lock names the lock held around the write, "" when none.
	Lock string
	// eligible is set when the write can over-release: see eligible().
	eligible bool
	// private is set for a write outside any block in an initializer or
	// -dealloc, where no other thread can see the object yet or any more.
	private  bool
	ctx      objcparse.Context
	declared token.Pos
}

func run(pass *analyzer.Pass) (any, error) {
	conc := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
	linted := map[*objcparse.File]bool{}
	for _, f := range pass.Files {
		linted[f] = true
	}
	res := &Result{}
	for _, class := range pass.Index.ClassNames() {
		groups := map[string][]*Write{}
		var keys []string
		for _, b := range conc.Methods(class) {
			// One body at a time: a panic is reported at that body and the
			// others go on.
			pass.Guard(b.Facts.Pos, func() {
				if b.Method.ClassMethod {
					return
				}
				for _, w := range writes(pass.Index, conc, b) {
					if groups[w.Key] == nil {
						keys = append(keys, w.Key)
					}
					groups[w.Key] = append(groups[w.Key], w)
				}
			})
		}
		facts := newClassFacts(pass.Index, conc, class)
		for _, k := range keys {
			for _, w := range groups[k] {
				// One write at a time: a panic is reported at that write and the
				// others go on.
				pass.Guard(w.Expr.Pos, func() {
					if !linted[w.Body.File] || !w.eligible || w.Lock != "" || w.Run == nil {
						return
					}
					if r := race(w, groups[k], facts); r != nil {
						res.Races = append(res.Races, r)
					}
				})
			}
		}
	}
	return res, nil
}

// race decides whether w races, and with what: other invocations of its
// own block, a write in a block that runs concurrently with it, or — when
// w runs on a concurrent queue — a write whose thread is not known (outside
// any block, or in a block handed to an API the analysis does not model),
// which can run at any time, except in an initializer or -dealloc.
//
// The value kind is this write's (SEMANTICS §6: with tagged or constant
// values alone the race does not crash). When a competing write stores a
// heap value, this write can release it: HeapOther names it.
func race(w *Write, group []*Write, facts *classFacts) *Race {
	r := &Race{Write: w, Declared: w.declared, Value: w.class()}
	var rivals []*Write
	for _, o := range group {
		if o != w && o.Run != nil && !facts.apart(w, o) && concurrency.Concurrent(w.Run, w.Expr.Pos, o.Run, o.Expr.Pos) {
			rivals = append(rivals, o)
		}
	}
	if w.Run.Shared() {
		for _, o := range group {
			if o != w && o.Run == nil && !o.private && !facts.apart(w, o) && !happensBefore(o, w) && !facts.onlyFrom(o.Body, w.Run) {
				rivals = append(rivals, o)
			}
		}
	}
	if !w.Run.Many && len(rivals) == 0 {
		return nil
	}
	if !w.Run.Many {
		r.Other = rivals[0]
	}
	if !r.Value.IsRefcounted() {
		for _, o := range rivals {
			if v := o.class(); v.IsRefcounted() {
				r.HeapOther, r.HeapValue = o, v
				break
			}
		}
	}
	return r
}

// classFacts are what race needs to know about the class of a group of
// writes: the sends of its methods, by selector, with the Run each send
// executes in (built on first use, for onlyFrom), and the files of its
// @implementations (for apart).
type classFacts struct {
	ix     *analyzer.Index
	conc   *concurrency.Result
	class  string
	sites  map[string][]*concurrency.Run
	byName map[string]bool // selectors named with @selector(…)
	// impls are the files with an @implementation of the class (not a
	// category), when there are several: copies of one class in
	// different places of the tree (an app and its extension, a stray
	// old copy), which are different classes to the compiler.
	impls map[*objcparse.File]bool
}

func newClassFacts(ix *analyzer.Index, conc *concurrency.Result, class string) *classFacts {
	f := &classFacts{ix: ix, conc: conc, class: class}
	if cls := ix.Class(class); cls != nil {
		impls := map[*objcparse.File]bool{}
		for _, d := range cls.DeclsOf(objcparse.DeclImplementation) {
			impls[d.File] = true
		}
		if len(impls) > 1 {
			f.impls = impls
		}
	}
	return f
}

// apart reports whether two writes are in two different @implementations
// of the class name (ISSUE "A project model that matches the compiler's
// view": one name, two classes): their objects are never the same one.
func (c *classFacts) apart(a, b *Write) bool {
	fa, fb := a.Body.File, b.Body.File
	return c != nil && fa != fb && c.impls[fa] && c.impls[fb]
}

// onlyFrom reports whether the method of body b runs only inside run, on
// its thread: a method the class does not declare in an interface,
// category or protocol (so only its implementation calls it), which the
// class never names with @selector(…), and whose every send in the
// class's methods is made by code running in run, which does not run
// several times at once. A write in it is then sequential with run's own
// writes (the thread of a callee is its caller's).
func (c *classFacts) onlyFrom(b *concurrency.Body, run *concurrency.Run) bool {
	if c == nil || run == nil || run.Many || b == nil || b.Method == nil || b.Class != c.class {
		return false
	}
	sel := b.Method.Selector
	if cls := c.ix.Class(c.class); cls == nil || declaresMethod(cls, sel, b.Method.ClassMethod) {
		return false
	}
	if c.sites == nil {
		c.sites, c.byName = map[string][]*concurrency.Run{}, map[string]bool{}
		for _, ob := range c.conc.Methods(c.class) {
			for _, s := range ob.Facts.Sends {
				c.sites[s.Selector()] = append(c.sites[s.Selector()], ob.Context(s.Scope))
			}
			ob.Facts.SelectorLiterals(c.byName)
		}
	}
	sites := c.sites[sel]
	if len(sites) == 0 || c.byName[sel] {
		return false
	}
	for _, r := range sites {
		if r != run {
			return false
		}
	}
	return true
}

// declaresMethod reports whether an interface, category or protocol
// declaration of cls (not its implementation) declares the method.
func declaresMethod(cls *analyzer.Class, sel string, classMethod bool) bool {
	for _, d := range cls.DeclsOf(objcparse.DeclInterface, objcparse.DeclCategory, objcparse.DeclExtension) {
		for _, m := range d.Methods {
			if m.Selector == sel && m.ClassMethod == classMethod {
				return true
			}
		}
	}
	return false
}

// class classifies the value the write stores.
func (w *Write) class() model.ValueClass {
	return model.ClassifyValue(w.Value, model.ValueEnv{Value: w.Body.SingleValue, TypeOf: w.Body.TypeOf})
}

// happensBefore reports whether o is a write in the body of the method that
// submits w's block, before the submission and not in a loop: in one call
// of the method it runs before the block exists.
func happensBefore(o, w *Write) bool {
	return o.Body == w.Body && o.Scope < 0 && o.ctx&objcparse.InLoop == 0 && o.Expr.Pos < w.Run.Submission()
}

// writes returns the stores to properties and ivars of self inside the
// blocks of b.
func writes(ix *analyzer.Index, conc *concurrency.Result, b *concurrency.Body) []*Write {
	aliases := selfAliases(b.Facts)
	var out []*Write
	private := model.IsInitSelector(b.Method.Selector) || b.Method.Selector == "dealloc"
	add := func(w *Write, ctx objcparse.Context) {
		w.Body, w.Class = b, b.Class
		w.private = private && w.Scope < 0
		w.ctx = ctx
		w.Run = b.Context(w.Scope)
		w.Lock, _ = b.Protected(w.Scope, w.Expr.Pos, ctx)
		w.eligible, w.declared = eligible(ix, conc, w)
		out = append(out, w)
	}
	for _, a := range b.Facts.Assigns {
		if a.Expr.Name != "=" {
			continue
		}
		t := asSelf(a.Target(), aliases)
		key, ok := b.Storage.SelfKey(t)
		if !ok || t.Kind == objcparse.ExprMessage {
			continue
		}
		w := &Write{Key: key, Expr: a.Expr, Value: a.Value(), Scope: a.Scope}
		if t.Kind != objcparse.ExprMember {
			w.Ivar = t.Name
		}
		add(w, a.Context)
	}
	for _, s := range b.Facts.Sends {
		if s.Expr.NumArgs() != 1 {
			continue
		}
		recv := asSelf(s.Expr.X(), aliases)
		if !recv.IsIdent("self") {
			continue
		}
		if key, ok := setterProperty(ix, b.Class, s.Selector()); ok {
			add(&Write{Key: key, Sel: s.Selector(), Expr: s.Expr, Value: s.Expr.Arg(0), Scope: s.Scope}, s.Context)
		}
	}
	return out
}

// setterProperty returns the property of class whose setter is sel.
func setterProperty(ix *analyzer.Index, class, sel string) (string, bool) {
	if !strings.HasPrefix(sel, "set") || strings.Count(sel, ":") != 1 || !strings.HasSuffix(sel, ":") || len(sel) < 5 {
		return "", false
	}
	name := strings.TrimSuffix(sel[3:], ":")
	name = strings.ToLower(name[:1]) + name[1:]
	if len(ix.Properties(class, name)) > 0 {
		return name, true
	}
	return "", false
}

// selfAliases returns the local variables that hold self: `__weak
// typeof(self) weakSelf = self;`, `__strong typeof(weakSelf) strongSelf =
// weakSelf;`.
func selfAliases(body *objcparse.Body) map[string]bool {
	// Most bodies have no alias: the map is made for the first one.
	var aliases map[string]bool
	is := func(name string) bool { return name == "self" || aliases[name] }
	for changed := true; changed; {
		changed = false
		for _, v := range body.Locals {
			if init := v.Init.Unparen(); init != nil && init.Kind == objcparse.ExprIdent && is(init.Name) && !is(v.Name) {
				if aliases == nil {
					aliases = map[string]bool{"self": true}
				}
				aliases[v.Name], changed = true, true
			}
		}
	}
	return aliases
}

// asSelf rewrites alias.p, alias->_p and the receiver alias to self.
func asSelf(e *objcparse.Expr, aliases map[string]bool) *objcparse.Expr {
	e = e.Unparen()
	if e == nil {
		return e
	}
	switch e.Kind {
	case objcparse.ExprIdent:
		if e.Name != "self" && aliases[e.Name] {
			return objcparse.NewIdent("self", e.Pos, e.End())
		}
	case objcparse.ExprMember, objcparse.ExprArrow:
		if x := e.X().Unparen(); x != nil && x.Kind == objcparse.ExprIdent && x.Name != "self" && aliases[x.Name] {
			self := &objcparse.ExprNode{Kind: objcparse.ExprIdent, Name: "self", Pos: x.Pos, End: x.End()}
			return objcparse.NewExpr(&objcparse.ExprNode{Kind: e.Kind, Name: e.Name, Pos: e.Pos, End: e.End(), X: self})
		}
	}
	return e
}

// eligible decides whether the write can over-release the old value when
// it races (SEMANTICS §6), and returns the declaration to point at:
//
//   - a setter of a property that is nonatomic (from every declaration:
//     header, class extension, protocol), strong/retain or copy, and
//     synthesized (not @dynamic, not a category property, not a protocol
//     property without @synthesize, no hand-written setter in the class or
//     a project superclass), and for a send, sel is its setter;
//   - a direct store under ARC to an object ivar that is strong (declared
//     without qualifier, or synthesized for a strong or copy property).
//     Under MRC a store to an ivar does not retain or release.
func eligible(ix *analyzer.Index, conc *concurrency.Result, w *Write) (bool, token.Pos) {
	mem := model.FileMemory(w.Body.File)
	decls := ix.Properties(w.Class, w.Key)
	info, hasProp := model.EffectiveProperty(decls, mem)
	if w.Ivar != "" {
		if mem == model.MRC {
			return false, token.NoPos
		}
		if iv := ix.Ivar(w.Class, w.Ivar); iv != nil {
			return model.IvarOwnership(iv.Type, mem).IsOwning(), iv.Pos
		}
		if hasProp {
			return info.Own.IsOwning(), info.Decl.Pos
		}
		return false, token.NoPos
	}
	if !hasProp || info.Atomic || !info.Own.IsOwning() || info.CategoryOnly || w.Sel != "" && w.Sel != info.Setter {
		return false, token.NoPos
	}
	chain := append([]string{w.Class}, ix.Superclasses(w.Class)...)
	synth := synthesizes(ix, chain, w.Key)
	if synth < 0 || info.FromProtocol && synth == 0 {
		return false, token.NoPos
	}
	for _, c := range chain {
		for _, m := range conc.Methods(c) {
			if !m.Method.ClassMethod && m.Method.Selector == info.Setter {
				return false, token.NoPos // a hand-written setter may lock
			}
		}
	}
	pos := info.Decl.Pos
	for _, d := range decls {
		if d.HasAttr("nonatomic") {
			pos = d.Pos
			break
		}
	}
	return true, pos
}

// synthesizes returns 1 when the nearest implementation in chain (a class
// and its superclasses) that mentions prop writes `@synthesize prop`, -1
// for `@dynamic prop`, 0 when none does.
func synthesizes(ix *analyzer.Index, chain []string, prop string) int {
	for _, class := range chain {
		c := ix.Class(class)
		if c == nil {
			continue
		}
		for _, d := range c.DeclsOf(objcparse.DeclImplementation) {
			for _, s := range d.Synthesize {
				if s.Property == prop {
					if s.Dynamic {
						return -1
					}
					return 1
				}
			}
		}
	}
	return 0
}

// Subject names what is written: "nonatomic property nameStr of
// DiagnosticsViewController", "instance variable _cache of ImageStore".
func (r *Race) Subject() string {
	w := r.Write
	if w.Ivar != "" {
		s := "instance variable " + w.Ivar
		if w.Ivar != w.Key && strings.TrimPrefix(w.Ivar, "_") == w.Key {
			s += " (property " + w.Key + ")"
		}
		return s + " of " + w.Class
	}
	return "nonatomic property " + w.Key + " of " + w.Class
}

// Source says why the write runs concurrently: "dispatch_async on the
// global concurrent queue inside a loop", or the other write.
func (r *Race) Source() string {
	w := r.Write
	if r.Other == nil {
		return w.Run.Describe() + " " + w.Run.Why
	}
	o := r.Other
	where := "in " + o.Body.Where
	if o.Body == w.Body {
		where = "in the same method"
	}
	if w.Run.Op != "" && w.Run.Op == o.Run.Op {
		return fmt.Sprintf("%s adds it to an NSBlockOperation that runs all its blocks concurrently, and its %s block writes it too", w.Run.API, o.Run.API)
	}
	other := "on the thread of its caller, which objcleak does not know"
	switch {
	case o.Run != nil:
		other = o.Run.Describe()
	case o.Scope >= 0:
		other = "in a block whose thread objcleak does not know"
	}
	s := fmt.Sprintf("%s, concurrently with another write %s (%s)", w.Run.Describe(), where, other)
	if o.Run != nil && w.Run.Queue.Kind == model.QueueSerial && o.Run.Queue.Kind == model.QueueSerial {
		s += "; two different serial queues run at the same time"
	}
	return s
}

// ValueText says what the value is: "a heap object (contains non-ASCII
// character '正')".
func (r *Race) ValueText() string { return valueText(r.Value) }

func valueText(v model.ValueClass) string {
	switch v.Kind {
	case model.KindHeap:
		return "a heap object (" + v.Reason + ")"
	case model.KindTagged:
		return "a tagged pointer (" + v.Reason + ")"
	case model.KindConstant:
		return "a constant (" + v.Reason + ")"
	}
	return "of unknown kind (" + v.Reason + "), so it may be a heap object"
}

// Fix says how to make the writes safe.
func (r *Race) Fix() string {
	if r.Write.Ivar != "" {
		return "store it through the setter of an atomic property, or make the writes on one serial queue, under one lock or in @synchronized"
	}
	return "declare " + r.Write.Key + " atomic, or make the writes on one serial queue, under one lock or in @synchronized"
}

// Diagnostic builds the finding. consequence says what the race does with
// a value of this kind ("two threads can release the same old value: an
// over-release crash in objc_release").
func (r *Race) Diagnostic(consequence string) analyzer.Diagnostic {
	w := r.Write
	d := analyzer.Diagnostic{
		Pos: w.Expr.Pos, End: w.Expr.End(),
		Message: r.Subject() + " is written from blocks that run at the same time",
		Details: fmt.Sprintf("%s; the value is %s: %s; %s", r.Source(), r.ValueText(), consequence, r.Fix()),
	}
	if h := r.HeapOther; h != nil {
		what := "a heap object (" + r.HeapValue.Reason + ")"
		if r.HeapValue.Kind != model.KindHeap {
			what = "a value that may be a heap object (" + r.HeapValue.Reason + ")"
		}
		d.Details += fmt.Sprintf("; note that another concurrent write in %s stores %s, which this write can release, so it can crash already", h.Body.Where, what)
		d.Related = append(d.Related, analyzer.Related{Pos: h.Expr.Pos, End: h.Expr.End(), Message: "the concurrent write of a heap value"})
	}
	if r.Declared.IsValid() {
		what := "declared nonatomic here"
		if w.Ivar != "" {
			what = "declared here"
		}
		d.Related = append(d.Related, analyzer.Related{Pos: r.Declared, Message: w.Key + " " + what})
	}
	if q := w.Run.Queue; q.Created.IsValid() && (q.Created < w.Run.Pos || q.Created >= w.Run.End) {
		verb, _, _ := strings.Cut(q.Origin, " ")
		d.Related = append(d.Related, analyzer.Related{Pos: q.Created, Message: "queue " + q.Expr + " " + verb + " here (" + q.Why + ")"})
	}
	if o := r.Other; o != nil {
		msg := "the other write"
		if o.Run != nil {
			msg += ", " + o.Run.Describe()
		}
		d.Related = append(d.Related, analyzer.Related{Pos: o.Expr.Pos, End: o.Expr.End(), Message: msg})
	}
	return d
}

// Report reports, for the rule running pass, every race whose value is of
// one of kinds, with the consequence its rule states. A panic while
// describing one race is reported at its write, and the others go on.
func Report(pass *analyzer.Pass, consequence string, kinds ...model.ValueKind) {
	res := pass.ResultOf[Analyzer].(*Result)
	for _, r := range res.Races {
		pass.Guard(r.Write.Expr.Pos, func() {
			for _, k := range kinds {
				if r.Value.Kind == k {
					pass.Report(r.Diagnostic(consequence))
				}
			}
		})
	}
}
