package objcparse

import (
	"go/token"
	"iter"
	"unsafe"
)

// An ExprNode is an expression under construction: a tree with pointers,
// which NewExpr (and, for a whole file, the extractor and the decoder) lays
// out into a slab of compact Exprs.
type ExprNode struct {
	// ref is the placeholder handed out for this node until the layout:
	// the first field, so that a *Expr pointing to it converts back.
	ref Expr

	Kind    ExprKind
	CString bool
	Block   int32 // ExprBlock: index into Body.Blocks
	Name    string
	X       *ExprNode
	Args    []*ExprNode
	Pos     token.Pos
	End     token.Pos

	parent *ExprNode
	out    *Expr // where the layout put the node
	refd   bool  // an expression field of the facts refers to it
	root   bool  // counted as the root of a tree to lay out
}

// NewExpr lays out the tree n in a new slab and returns its root.
func NewExpr(n *ExprNode) *Expr {
	if n == nil {
		return nil
	}
	var a exprArena
	slab := make([]Expr, a.countTree(n))
	a.layoutTree(n, slab)
	return n.out
}

// NewIdent returns a new identifier expression.
func NewIdent(name string, pos, end token.Pos) *Expr {
	return NewExpr(&ExprNode{Kind: ExprIdent, Name: name, Pos: pos, End: end})
}

// placeholder returns the *Expr that stands for n until the layout (nil
// for nil).
func (n *ExprNode) placeholder() *Expr {
	if n == nil {
		return nil
	}
	return &n.ref
}

// isIdent is Expr.IsIdent for a node.
func (n *ExprNode) isIdent(name string) bool {
	for n != nil && n.Kind == ExprCast && n.X != nil {
		n = n.X
	}
	return n != nil && n.Kind == ExprIdent && n.Name == name
}

// nodeOf returns the node whose placeholder p is.
func nodeOf(p *Expr) *ExprNode { return (*ExprNode)(unsafe.Pointer(p)) }

// kids returns the number of slab entries n's children take: X (when not
// nil) and every argument (nil ones included), at most MaxArgs of them.
func (n *ExprNode) kids() (hasX bool, nargs int) {
	if n.Kind == ExprBlock {
		return n.X != nil, 0
	}
	return n.X != nil, min(len(n.Args), MaxArgs)
}

// countTree returns the number of slab entries the tree n takes.
func (ar *exprArena) countTree(n *ExprNode) int {
	total := 0
	stack := append(ar.stack[:0], n)
	defer func() { ar.stack = stack[:0] }()
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		total++
		hasX, nargs := c.kids()
		if hasX {
			stack = append(stack, c.X)
		}
		for _, a := range c.Args[:nargs] {
			if a == nil {
				total++
			} else {
				stack = append(stack, a)
			}
		}
	}
	return total
}

// layoutTree lays out the tree n at the start of slab, breadth first so
// that the children of every node (X, then the arguments) are adjacent and
// come after it, and records in each node where it went. slab must have
// countTree(n) entries.
func (ar *exprArena) layoutTree(n *ExprNode, slab []Expr) {
	queue := append(ar.queue[:0], n)
	defer func() { clear(queue); ar.queue = queue[:0] }()
	put(&slab[0], n)
	next := 1
	for qi := 0; qi < len(queue); qi++ {
		c := queue[qi]
		e := c.out
		self := int32(indexIn(slab, e))
		hasX, nargs := c.kids()
		if hasX {
			e.x = int32(next) - self
			put(&slab[next], c.X)
			queue = append(queue, c.X)
			next++
		}
		if nargs > 0 {
			e.args, e.nargs = int32(next)-self, uint16(nargs)
			for _, a := range c.Args[:nargs] {
				if a == nil {
					slab[next] = Expr{Kind: exprNil}
				} else {
					put(&slab[next], a)
					queue = append(queue, a)
				}
				next++
			}
		}
	}
}

// indexIn returns the index of e in slab, which holds it.
func indexIn(slab []Expr, e *Expr) int {
	return int((uintptr(unsafe.Pointer(e)) - uintptr(unsafe.Pointer(&slab[0]))) / exprSize)
}

// put stores the scalar fields of n in e and records e as n's place.
func put(e *Expr, n *ExprNode) {
	size := n.End - n.Pos
	if n.End < n.Pos {
		size = 0
	}
	*e = Expr{Name: n.Name, Pos: n.Pos, Kind: n.Kind, CString: n.CString, size: uint32(min(int(size), 1<<32-1))}
	if n.Kind == ExprBlock {
		e.args = n.Block
	}
	n.out = e
}

// An exprArena hands out ExprNodes for one file at a time and lays them out
// when the file is done. Nodes live in fixed chunks, so pointers to them
// stay valid, and are reused from file to file.
type exprArena struct {
	chunks [][]ExprNode
	n      int // nodes handed out for the current file
	// Buffers of the layout, reused.
	stack, queue, roots []*ExprNode
	sizes               []int
}

const arenaChunk = 1024

// node returns a zeroed node.
func (a *exprArena) node() *ExprNode {
	c, i := a.n/arenaChunk, a.n%arenaChunk
	if c == len(a.chunks) {
		a.chunks = append(a.chunks, make([]ExprNode, arenaChunk))
	}
	a.n++
	n := &a.chunks[c][i]
	args := n.Args[:0]
	clear(args[:cap(args)])
	*n = ExprNode{Args: args}
	return n
}

// each calls fn for every node handed out for the current file.
func (a *exprArena) each(fn func(*ExprNode)) {
	for i := 0; i < a.n; i++ {
		fn(&a.chunks[i/arenaChunk][i%arenaChunk])
	}
}

// reset makes every node available again, keeping at most max nodes'
// worth of chunks (a huge file's do not stay with the parser).
func (a *exprArena) reset(max int) {
	a.n = 0
	if keep := max / arenaChunk; len(a.chunks) > keep {
		clear(a.chunks[keep:])
		a.chunks = a.chunks[:keep]
	}
}

// exprRefs calls fn for every field of f that holds an expression:
// initializers of globals and locals, block literals, sends, calls,
// assignments and returns, in a fixed order.
func exprRefs(f *File, fn func(**Expr)) {
	for _, v := range f.Globals {
		fn(&v.Init)
	}
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			m.Body.exprRefs(fn)
		}
	}
	for _, fd := range f.Functions {
		fd.Body.exprRefs(fn)
	}
}

// exprRefs calls fn for every field of b that holds an expression, in a
// fixed order.
func (b *Body) exprRefs(fn func(**Expr)) {
	if b == nil {
		return
	}
	for _, bl := range b.Blocks {
		fn(&bl.Expr)
	}
	for _, v := range b.Locals {
		fn(&v.Init)
	}
	for _, s := range b.Sends {
		fn(&s.Expr)
	}
	for _, c := range b.Calls {
		fn(&c.Expr)
	}
	for _, a := range b.Assigns {
		fn(&a.Expr)
	}
	for _, r := range b.Returns {
		fn(&r.Value)
	}
}

// Exprs iterates over the expressions the body's facts hold: block
// literals, initializers of locals, sends, calls, assignments and returns.
// Each is the root of a tree or lies inside another one (a send inside a
// send), so a walk of every tree from here meets some expressions twice.
func (b *Body) Exprs() iter.Seq[*Expr] {
	return func(yield func(*Expr) bool) {
		stop := false
		b.exprRefs(func(p **Expr) {
			if !stop && *p != nil && !yield(*p) {
				stop = true
			}
		})
	}
}

// layoutFile replaces every placeholder in f's expression fields (handed
// out by the arena's nodes) by the node's place in one new slab holding
// the trees the expression fields reach. What no field reaches (the
// comparison around a message in the condition of an if, say) is left
// out.
func (a *exprArena) layoutFile(f *File) {
	a.each(func(n *ExprNode) {
		if n.X != nil {
			n.X.parent = n
		}
		for _, c := range n.Args {
			if c != nil {
				c.parent = n
			}
		}
	})
	// The trees to lay out are those of the referenced nodes that have no
	// referenced ancestor. (The extractor's trees are acyclic, and the
	// decoder's are checked to be.)
	exprRefs(f, func(p **Expr) {
		if *p != nil {
			nodeOf(*p).refd = true
		}
	})
	roots, sizes := a.roots[:0], a.sizes[:0]
	defer func() {
		clear(roots)
		a.roots, a.sizes = roots[:0], sizes[:0]
	}()
	total := 0
	exprRefs(f, func(p **Expr) {
		if *p == nil {
			return
		}
		r := nodeOf(*p)
		for a := r.parent; a != nil; a = a.parent {
			if a.refd {
				r = a
			}
		}
		if !r.root {
			r.root = true
			roots = append(roots, r)
			sizes = append(sizes, a.countTree(r))
			total += sizes[len(sizes)-1]
		}
	})
	if total == 0 {
		return
	}
	slab := make([]Expr, total)
	off := 0
	for i, r := range roots {
		n := sizes[i]
		a.layoutTree(r, slab[off:off+n:off+n])
		off += n
	}
	exprRefs(f, func(p **Expr) {
		if *p != nil {
			*p = nodeOf(*p).out
		}
	})
}

// Node returns a copy of the tree e as nodes, to build a new expression
// around it with NewExpr.
func (e *Expr) Node() *ExprNode {
	if e == nil {
		return nil
	}
	n := &ExprNode{Kind: e.Kind, CString: e.CString, Name: e.Name, Pos: e.Pos, End: e.End(), X: e.X().Node()}
	if e.Kind == ExprBlock {
		n.Block = int32(e.Block())
	}
	for _, a := range e.Args() {
		n.Args = append(n.Args, a.Node())
	}
	return n
}

// NamedSelectors adds to out the selectors the body sends (every send is
// one of its Sends) and those it names with @selector(…).
func (b *Body) NamedSelectors(out map[string]bool) {
	for e := range b.Exprs() {
		if e.Kind == ExprMessage {
			out[e.Name] = true
		}
	}
	b.SelectorLiterals(out)
}

// SelectorLiterals adds to out the selectors the body names with
// @selector(…) (a target-action pair, performSelector:, a timer's
// selector): methods it may have called by name. The walk stops at sends,
// calls and blocks, which are facts of their own, so that no expression is
// visited twice.
func (b *Body) SelectorLiterals(out map[string]bool) {
	var walk func(e *Expr, root bool)
	walk = func(e *Expr, root bool) {
		if e == nil {
			return
		}
		switch e.Kind {
		case ExprSelector:
			out[e.Name] = true
			return
		case ExprMessage, ExprCall, ExprBlock:
			if !root {
				return
			}
		}
		walk(e.X(), false)
		for _, a := range e.Args() {
			walk(a, false)
		}
	}
	for e := range b.Exprs() {
		walk(e, true)
	}
}
