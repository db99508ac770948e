// Package captures is the pass that resolves what every block literal
// captures and how (SEMANTICS §2): self directly, self through an ivar or
// a property, outer variables (strongly, weakly, unretained, or by
// reference for __block), and which variables are weak or strong aliases
// of self (the weak/strong dance, @weakify/@strongify). The retain-cycle,
// weak-self and observer rules build on its result.
package captures

import (
	"go/token"
	"reflect"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// Analyzer is the captures pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Requires: []*analyzer.Analyzer{storage.Analyzer, summaries.Analyzer},
	Name:     "captures",
	Doc:      "captures: resolves what each block literal captures and how",
	Options: []analyzer.OptionDoc{
		{Name: OptWeakifyMacros, Type: analyzer.OptionStrings,
			Doc: "project macros used like @weakify: NAME(self) before a block makes the block capture a weak alias of self"},
		{Name: OptStrongifyMacros, Type: analyzer.OptionStrings,
			Doc: "project macros used like @strongify: NAME(self) inside a block makes the uses of self after it a strong local"},
	},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// The pass's options (Analyzer.Options): names of a project's own
// weakify/strongify macros, written as calls (`FOO_WEAKIFY(self);`), that
// behave like libextobjc's @weakify(self) and @strongify(self).
const (
	OptWeakifyMacros   = "weakify-macros"
	OptStrongifyMacros = "strongify-macros"
)

// Result holds the analysis of every block literal in the linted files.
type Result struct {
	// Bodies lists every analyzed body (methods and functions), in file order.
	Bodies []*Body
	// Storage are the bodies' storage contexts (the storage pass's
	// result), for rules that look at other bodies of a class.
	Storage *storage.Contexts
	// Summaries are the method summaries (the summaries pass's result;
	// nil when it did not run).
	Summaries *summaries.Result
	blocks    map[*objcparse.Block]*Block
}

// Block returns the analysis of a block literal, or nil.
func (r *Result) Block(b *objcparse.Block) *Block { return r.blocks[b] }

// Body is one method or function body and its blocks.
type Body struct {
	File   *objcparse.File
	Class  string            // "" for C functions
	Method *objcparse.Method // nil for C functions
	Body   *objcparse.Body
	Mem    model.Memory
	// Macros are the body's @weakify/@strongify-like macro uses: those the
	// parser recognizes and calls of the configured project macros.
	Macros []*objcparse.Macro
	// Aliases are the body's variables that stand for self (weakSelf,
	// strongSelf, @weakify's self_weak_), by name.
	Aliases map[string]*Alias
	Blocks  []*Block
	// Storage resolves where values of this body go.
	Storage *storage.Context

	names *macroNames
	sums  *summaries.Result // nil when the pass did not run
}

// Where names the body as messages do: "-init", "+shared", "f()".
func (b *Body) Where() string {
	if b.Method == nil {
		return "this function"
	}
	if b.Method.ClassMethod {
		return "+" + b.Method.Selector
	}
	return "-" + b.Method.Selector
}

// SelfIsObject reports whether self is an instance in this body (not the
// class, as in class methods, and not absent, as in C functions).
func (b *Body) SelfIsObject() bool { return b.Method != nil && !b.Method.ClassMethod }

// AliasKind says how a variable relates to self.
type AliasKind int

// Alias kinds.
const (
	// WeakSelf is a __weak (or __unsafe_unretained) variable initialized
	// from self: `__weak typeof(self) weakSelf = self;`, or @weakify(self).
	WeakSelf AliasKind = iota + 1
	// StrongSelf is a strong variable initialized from a weak alias,
	// normally inside a block: `__strong typeof(weakSelf) strongSelf = weakSelf;`,
	// or @strongify(self) (which shadows self).
	StrongSelf
	// FakeWeakSelf is a variable named like a weak alias (weakSelf,
	// wself, weak_self, …) that is not declared weak: capturing it
	// captures self strongly.
	FakeWeakSelf
)

// Alias is a variable that stands for self.
type Alias struct {
	Name string
	Kind AliasKind
	Var  *objcparse.Var // nil for macro-declared aliases
	// Scope is the block index declaring it (-1: the body itself).
	Scope int
	Pos   token.Pos
	// Macro is set when @weakify/@strongify (or a look-alike) declared it.
	Macro string
}

// CaptureKind classifies one capture.
type CaptureKind int

// Capture kinds.
const (
	// CaptureSelf: the block uses self or super.
	CaptureSelf CaptureKind = iota + 1
	// CaptureIvar: the block uses an ivar (bare or via self->), which
	// captures self.
	CaptureIvar
	// CaptureVar: the block uses an outer local variable or parameter.
	CaptureVar
)

// Capture is one thing a block captures.
type Capture struct {
	Name string // "self", "_items", "weakSelf", "manager"
	Kind CaptureKind
	// Own is how the block holds it (model.CaptureOwnership); for
	// CaptureSelf and CaptureIvar it is strong.
	Own model.Ownership
	// ByRef is set for __block variables.
	ByRef bool
	// Var is the captured variable's declaration (CaptureVar); its Type
	// may be zero for parameters of methods.
	Var *objcparse.Var
	// Alias is set when the captured variable stands for self.
	Alias *Alias
	// Pos is the first use inside the block (or a nested block).
	Pos token.Pos
}

// Block is the analysis of one block literal.
type Block struct {
	Block    *objcparse.Block
	Body     *Body
	Captures []Capture
}

// SelfStrong returns the first capture that keeps self alive: self, an
// ivar, or a strong alias of self (a fake weakSelf, or a strongSelf
// captured from an enclosing block). It returns false when self is not an
// object in this body.
func (b *Block) SelfStrong() (Capture, bool) {
	if !b.Body.SelfIsObject() {
		return Capture{}, false
	}
	for _, c := range b.Captures {
		switch {
		case c.Kind == CaptureSelf || c.Kind == CaptureIvar:
			return c, true
		case c.Alias != nil && c.Own.IsOwning():
			return c, true
		}
	}
	return Capture{}, false
}

// Direct reports whether the use behind c lies in the block itself rather
// than in a block nested in it (which captures it on its own).
func (b *Block) Direct(c Capture) bool {
	for _, u := range b.Block.Uses.All() {
		if u.Pos == c.Pos {
			return true
		}
	}
	return false
}

// WeakSelf returns the first capture of a weak alias of self.
func (b *Block) WeakSelf() (Capture, bool) {
	for _, c := range b.Captures {
		if c.Alias != nil && c.Alias.Kind == WeakSelf {
			return c, true
		}
	}
	return Capture{}, false
}

// macroNames are the weakify and strongify macro names of one run: the
// built-in ones and the configured project macros (calls).
type macroNames struct {
	weakify, strongify map[string]bool
	// calls are the configured names, recognized in calls.
	calls map[string]bool
}

// isWeakify and isStrongify say whether a macro (or a call taken for one)
// is a weakify or strongify macro: built in, configured, or a project
// look-alike (model.MacroLookalike).
func (n *macroNames) isWeakify(name string) bool {
	w, _ := model.MacroLookalike(name)
	return n.weakify[name] || w
}

func (n *macroNames) isStrongify(name string) bool {
	_, s := model.MacroLookalike(name)
	return n.strongify[name] || s
}

func newMacroNames(pass *analyzer.Pass) *macroNames {
	n := &macroNames{weakify: map[string]bool{}, strongify: map[string]bool{}, calls: map[string]bool{}}
	for k := range model.WeakifyMacros {
		n.weakify[k] = true
	}
	for k := range model.StrongifyMacros {
		n.strongify[k] = true
	}
	for _, k := range pass.StringsOption(OptWeakifyMacros) {
		n.weakify[k], n.calls[k] = true, true
	}
	for _, k := range pass.StringsOption(OptStrongifyMacros) {
		n.strongify[k], n.calls[k] = true, true
	}
	return n
}

// macros returns body's macro uses: the parser's, and the calls of the
// configured project macros as if they were macros (arguments as written).
func (n *macroNames) macros(body *objcparse.Body) []*objcparse.Macro {
	out := append([]*objcparse.Macro(nil), body.Macros...)
	for _, c := range body.Calls {
		weak, strong := model.MacroLookalike(c.Name())
		if !n.calls[c.Name()] && !weak && !strong {
			continue
		}
		m := &objcparse.Macro{Name: c.Name(), Scope: c.Scope, Pos: c.Expr.Pos}
		for _, a := range c.Expr.Args() {
			if a := a.Unparen(); a != nil && a.Kind == objcparse.ExprIdent {
				m.Args = append(m.Args, a.Name)
			}
		}
		out = append(out, m)
	}
	return out
}

func run(pass *analyzer.Pass) (any, error) {
	cs, _ := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	res := &Result{blocks: map[*objcparse.Block]*Block{}, Storage: cs}
	names := newMacroNames(pass)
	sums, _ := pass.ResultOf[summaries.Analyzer].(*summaries.Result)
	res.Summaries = sums
	pass.ForEachFile(func(f *objcparse.File) {
		mem := model.FileMemory(f)
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body != nil {
					res.add(analyze(pass.Index, cs, sums, names, f, cd.Name, m, m.Body, m.Params, mem))
				}
			}
		}
		for _, fn := range f.Functions {
			if fn.Body != nil {
				res.add(analyze(pass.Index, cs, sums, names, f, "", nil, fn.Body, fn.Params, mem))
			}
		}
	})
	return res, nil
}

func (r *Result) add(b *Body) {
	r.Bodies = append(r.Bodies, b)
	for _, blk := range b.Blocks {
		r.blocks[blk.Block] = blk
	}
}

// analyze resolves the captures of every block in one body.
func analyze(ix *analyzer.Index, cs *storage.Contexts, sums *summaries.Result, names *macroNames, f *objcparse.File, class string, m *objcparse.Method, body *objcparse.Body, params []objcparse.Param, mem model.Memory) *Body {
	b := &Body{File: f, Class: class, Method: m, Body: body, Mem: mem,
		Storage: cs.For(ix, f, class, m, body, params), Macros: names.macros(body), names: names, sums: sums}
	b.findAliases()
	for _, blk := range body.Blocks {
		b.Blocks = append(b.Blocks, b.captures(blk, params))
	}
	return b
}

// addAlias records a, making the map for the first alias (most bodies
// have none).
func (b *Body) addAlias(a *Alias) {
	if b.Aliases == nil {
		b.Aliases = map[string]*Alias{}
	}
	b.Aliases[a.Name] = a
}

// findAliases records the variables that stand for self.
func (b *Body) findAliases() {
	for _, v := range b.Body.Locals {
		init := v.Init.Unparen()
		weak := v.Type.HasQualifier("__weak") || v.Type.HasQualifier("__unsafe_unretained")
		switch {
		case weak && (init.IsIdent("self") || v.Type.Typeof() == "self"):
			b.addAlias(&Alias{Name: v.Name, Kind: WeakSelf, Var: v, Scope: v.Scope, Pos: v.Pos})
		case !weak && init != nil && init.Kind == objcparse.ExprIdent && b.isWeakAlias(init.Name):
			b.addAlias(&Alias{Name: v.Name, Kind: StrongSelf, Var: v, Scope: v.Scope, Pos: v.Pos})
		case !weak && model.LooksLikeWeakSelf(v.Name) && (init.IsIdent("self") || v.Type.Typeof() == "self"):
			b.addAlias(&Alias{Name: v.Name, Kind: FakeWeakSelf, Var: v, Scope: v.Scope, Pos: v.Pos})
		}
	}
	for _, mc := range b.Macros {
		if !b.names.isWeakify(mc.Name) {
			continue
		}
		for _, arg := range mc.Args {
			// @weakify(self) declares self_weak_, a weak alias of self
			// that blocks capture; @weakify(other) weakens other, which
			// says nothing about self.
			if arg == "self" {
				name := arg + "_weak_"
				b.addAlias(&Alias{Name: name, Kind: WeakSelf, Scope: mc.Scope, Pos: mc.Pos, Macro: mc.Name})
			}
		}
	}
}

// weakified reports whether the body weakifies the variable arg.
func (b *Body) weakified(arg string) bool {
	for _, mc := range b.Macros {
		if b.names.isWeakify(mc.Name) {
			for _, a := range mc.Args {
				if a == arg {
					return true
				}
			}
		}
	}
	return false
}

func (b *Body) isWeakAlias(name string) bool {
	a := b.Aliases[name]
	return a != nil && a.Kind == WeakSelf
}

// captures resolves the uses of blk and of the blocks nested in it: a
// nested block's capture of an outer variable is a capture of blk too.
func (b *Body) captures(blk *objcparse.Block, params []objcparse.Param) *Block {
	out := &Block{Block: blk, Body: b}
	seen := map[string]bool{}
	// in[i] says whether block i is blk or nested in it. Parents come
	// before their children, so one pass fills it; a lookup per use and
	// per declaration keeps deeply nested blocks linear, not cubic.
	in := make([]bool, len(b.Body.Blocks))
	for i, nb := range b.Body.Blocks {
		in[i] = i == blk.Index || (nb.Parent >= 0 && nb.Parent < i && in[nb.Parent])
	}
	inside := func(scope int) bool { return scope >= 0 && scope < len(in) && in[scope] }
	for _, inner := range b.Body.Blocks {
		if !inside(inner.Index) {
			continue
		}
		for _, u := range inner.Uses.All() {
			if seen[u.Name] {
				continue
			}
			c, ok := b.resolve(u, blk, inside, params)
			if !ok {
				continue
			}
			seen[u.Name] = true
			out.Captures = append(out.Captures, c)
		}
	}
	// @strongify(x) inside the block reads x_weak_, declared by an
	// enclosing @weakify(x): the block captures that weak variable.
	for _, mc := range b.Macros {
		if !b.names.isStrongify(mc.Name) || !inside(mc.Scope) {
			continue
		}
		for _, arg := range mc.Args {
			name := arg + "_weak_"
			if seen[name] {
				continue
			}
			seen[name] = true
			var a *Alias
			if arg == "self" {
				if a = b.Aliases[name]; a == nil {
					a = &Alias{Name: name, Kind: WeakSelf, Scope: -1, Pos: mc.Pos, Macro: mc.Name}
				}
			}
			out.Captures = append(out.Captures, Capture{Name: name, Kind: CaptureVar, Own: model.OwnWeak, Alias: a, Pos: mc.Pos})
		}
	}
	return out
}

// resolve decides what the use u (inside block `in`, itself inside or
// equal to blk) captures for blk.
func (b *Body) resolve(u objcparse.Use, blk *objcparse.Block, inside func(int) bool, params []objcparse.Param) (Capture, bool) {
	name := u.Name
	// A variable declared in blk or in a block nested in it (or their
	// parameters) is not captured by blk.
	for _, v := range b.Body.Locals {
		if v.Name == name && inside(v.Scope) && v.Pos < u.Pos {
			return Capture{}, false
		}
	}
	for _, nb := range b.Body.Blocks {
		if inside(nb.Index) && declares(nb.Params, name) {
			return Capture{}, false
		}
	}
	if name != "self" && name != "super" && b.strongifiedInside(name, inside, u.Pos) {
		// @strongify(x) declared a strong local x in the block; the block
		// captured x_weak_ (the weak variable @weakify(x) made) instead.
		return Capture{}, false
	}
	if name == "self" || name == "super" {
		if b.strongifiedInside("self", inside, u.Pos) {
			// @strongify(self) shadowed self with a strong local of the
			// block; the block captured self_weak_ instead.
			return Capture{}, false
		}
		if !b.SelfIsObject() {
			return Capture{}, false
		}
		if mc := b.strongifiedOutside(blk, u.Pos); mc != nil {
			// An enclosing block's @strongify(self) made self a strong
			// local of that block: this block captures that local.
			a := &Alias{Name: "self", Kind: StrongSelf, Scope: mc.Scope, Pos: mc.Pos, Macro: mc.Name}
			return Capture{Name: "self", Kind: CaptureVar, Own: model.OwnStrong, Alias: a, Pos: u.Pos}, true
		}
		return Capture{Name: "self", Kind: CaptureSelf, Own: model.OwnStrong, Pos: u.Pos}, true
	}
	// An outer variable: the nearest declaration before the block.
	var outer *objcparse.Var
	for _, v := range b.Body.Locals {
		if v.Name == name && !inside(v.Scope) && v.Pos < blk.Pos && enclosing(b.Body, v.Scope, blk) {
			outer = v
		}
	}
	if outer == nil {
		for _, p := range params {
			if p.Name == name {
				outer = &objcparse.Var{Name: p.Name, Type: p.Type, Scope: -1}
			}
		}
	}
	if outer == nil {
		for _, ob := range b.Body.Blocks {
			if !inside(ob.Index) && enclosing(b.Body, ob.Index, blk) && ob.Index != blk.Index && declares(ob.Params, name) {
				for _, p := range ob.Params {
					if p.Name == name {
						outer = &objcparse.Var{Name: p.Name, Type: p.Type, Scope: ob.Index}
					}
				}
			}
		}
	}
	if outer != nil && outer.Static {
		// A static local is not captured: the block refers to its storage.
		return Capture{}, false
	}
	if outer != nil && !outer.Type.HasQualifier("__block") && outer.Init != nil && blk.Pos >= outer.Init.Pos && blk.Pos < outer.Init.End() {
		// `T *x = [[T alloc] initWithHandler:^{ … x … }];`: the block is
		// made while x is initialized and copies its value then, which is
		// nil (clang: "variable is uninitialized when captured by block").
		return Capture{}, false
	}
	if outer != nil {
		c := Capture{Name: name, Kind: CaptureVar, Var: outer, Pos: u.Pos, ByRef: outer.Type.HasQualifier("__block"),
			Own: model.CaptureOwnership(outer.Type, b.Mem)}
		if a := b.Aliases[name]; a != nil && a.Var == outer {
			c.Alias = a
		}
		if c.Own == model.OwnNone && c.Alias == nil {
			return Capture{}, false
		}
		if c.Alias != nil && c.Own == model.OwnNone {
			// typeof(self)-typed aliases are objects even when the type
			// text does not say so.
			c.Own = model.CaptureOwnership(objcparse.Type{Object: true}.WithQualifiers(outer.Type.Qualifiers()), b.Mem)
		}
		return c, true
	}
	if a := b.Aliases[name]; a != nil && a.Macro != "" {
		return Capture{Name: name, Kind: CaptureVar, Own: model.OwnWeak, Alias: a, Pos: u.Pos}, true
	}
	if strings.HasSuffix(name, "_weak_") && b.weakified(strings.TrimSuffix(name, "_weak_")) {
		// @weakify(x) for an x other than self: a weak variable.
		return Capture{Name: name, Kind: CaptureVar, Own: model.OwnWeak, Pos: u.Pos}, true
	}
	// An ivar used bare captures self.
	if b.SelfIsObject() && b.Class != "" {
		if key, ok := b.Storage.SelfKey(&objcparse.Expr{Kind: objcparse.ExprIdent, Name: name}); ok && key != "" {
			return Capture{Name: name, Kind: CaptureIvar, Own: model.OwnStrong, Pos: u.Pos}, true
		}
	}
	return Capture{}, false
}

// strongifiedInside reports whether a @strongify(name) inside the block
// (or a block nested in it that contains the use) precedes the use at pos.
func (b *Body) strongifiedInside(name string, inside func(int) bool, pos token.Pos) bool {
	for _, mc := range b.Macros {
		if b.names.isStrongify(mc.Name) && inside(mc.Scope) && mc.Pos < pos {
			for _, a := range mc.Args {
				if a == name {
					return true
				}
			}
		}
	}
	return false
}

// strongifiedOutside returns the @strongify(self) of a block enclosing blk
// that precedes the use at pos, or nil.
func (b *Body) strongifiedOutside(blk *objcparse.Block, pos token.Pos) *objcparse.Macro {
	for _, mc := range b.Macros {
		if !b.names.isStrongify(mc.Name) || mc.Scope < 0 || mc.Pos >= pos || !enclosing(b.Body, mc.Scope, blk) {
			continue
		}
		for _, a := range mc.Args {
			if a == "self" {
				return mc
			}
		}
	}
	return nil
}

// enclosing reports whether scope encloses blk (scope -1 is the body).
func enclosing(body *objcparse.Body, scope int, blk *objcparse.Block) bool {
	if scope < 0 {
		return true
	}
	for _, s := range body.BlockChain(blk.Parent) {
		if s == scope {
			return true
		}
	}
	return false
}

func declares(ps []objcparse.Param, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}
