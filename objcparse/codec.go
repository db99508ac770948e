package objcparse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"go/token"
	"slices"
	"sync"
)

// CodecVersion identifies the binary form written by EncodeFile. It changes
// whenever the facts or their encoding change, so that facts cached by an
// older objcleak are never read as if they were current (2: IBOutlet is a
// qualifier, not the type name; 3: retain/release sends mark a file MRC;
// 4: a local variable's End, where it goes out of scope).
const CodecVersion = 4

// EncodeFile returns a compact binary form of f's facts for an on-disk
// cache. Positions are stored relative to the file, so DecodeFile can place
// the facts in any FileSet; strings are stored once per file; pointers that
// the facts share (a Send's expression inside an enclosing expression, a
// Block's literal) are stored once and stay shared after decoding; the
// back-pointers (Property.Class, Method.Class, ClassDecl.File, ...) are
// rebuilt from containment. Path is not stored: the same contents at
// another path decode to the same facts.
func EncodeFile(f *File) []byte { return newEncoder(f).encode(f) }

func newEncoder(f *File) *encoder {
	return &encoder{base: int(f.Pos), strs: map[string]int{}, exprs: map[*Expr]int{}}
}

func (e *encoder) encode(f *File) []byte {
	e.buf = make([]byte, 0, 256+f.Size/2)
	e.file(f)
	// The header says how many expressions follow, so that the decoder
	// allocates them in one slab.
	out := binary.AppendUvarint(make([]byte, 0, len(e.buf)+2*binary.MaxVarintLen64), CodecVersion)
	out = binary.AppendUvarint(out, uint64(len(e.exprs)))
	return append(out, e.buf...)
}

// DecodeFile reads facts written by EncodeFile for the file path whose
// contents are src, registering the file in fset. It returns an error, and
// never panics, when data is not a well-formed encoding of a file of
// len(src) bytes.
func DecodeFile(data []byte, fset *token.FileSet, path string, src []byte) (f *File, err error) {
	arena := arenas.Get().(*exprArena)
	defer arenas.Put(arena)
	return decodeFile(data, fset, path, src, arena, nil, map[string]*typeExtra{})
}

// Decode is DecodeFile with the parser's buffers, and the strings interned
// in the parser's table: facts read from the cache take no more memory
// than facts parsed.
func (p *Parser) Decode(data []byte, fset *token.FileSet, path string, src []byte) (*File, error) {
	p.resetTables()
	return decodeFile(data, fset, path, src, &p.arena, p.strs, p.extras)
}

func decodeFile(data []byte, fset *token.FileSet, path string, src []byte, arena *exprArena, intern map[string]string, extras map[string]*typeExtra) (f *File, err error) {
	tf := fset.AddFile(path, -1, len(src))
	d := &decoder{data: data, size: len(src), base: tf.Base(), intern: intern, extras: extras}
	defer func() {
		// The decoder checks every length and index; this is the last
		// line of defence against a hostile cache entry.
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("corrupt facts: %v", r)
		}
	}()
	if d.uvarint() != CodecVersion {
		return nil, errors.New("facts written by another version")
	}
	// Every expression takes several bytes: a count beyond the data is
	// corrupt, and one within it cannot allocate much.
	n := d.len()
	if d.err != nil {
		return nil, d.err
	}
	d.nexpr = n
	d.arena = arena
	defer d.arena.reset(maxArenaKept)
	f = d.file()
	if d.err != nil {
		return nil, d.err
	}
	d.arena.layoutFile(f)
	d.useTab.done()
	if d.off != len(d.data) {
		return nil, errors.New("corrupt facts: trailing bytes")
	}
	SetLines(tf, src)
	f.Path = path
	f.Pos, f.End = token.Pos(tf.Base()), token.Pos(tf.Base()+len(src))
	return f, nil
}

// encoder writes varints into buf.
type encoder struct {
	buf   []byte
	base  int
	strs  map[string]int
	exprs map[*Expr]int
}

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) int(v int)     { e.buf = binary.AppendVarint(e.buf, int64(v)) }
func (e *encoder) len(n int)     { e.uint(uint64(n)) }

func (e *encoder) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// pos stores a position as 0 (NoPos) or 1 + its offset in the file.
func (e *encoder) pos(p token.Pos) {
	if p == token.NoPos {
		e.uint(0)
		return
	}
	e.uint(uint64(int(p)-e.base) + 1)
}

// str stores a string as 1 + its index in the file's table when it was
// seen before, else 0, its length and its bytes.
func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uint(uint64(i) + 1)
		return
	}
	e.strs[s] = len(e.strs)
	e.uint(0)
	e.len(len(s))
	e.buf = append(e.buf, s...)
}

func (e *encoder) strings(ss []string) {
	e.len(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) file(f *File) {
	e.uint(uint64(f.Lang))
	e.len(f.Size)
	e.len(len(f.Imports))
	for _, im := range f.Imports {
		e.str(im.Path)
		e.bool(im.Quoted)
		e.pos(im.Pos)
	}
	e.len(len(f.Classes))
	for _, c := range f.Classes {
		e.class(c)
	}
	e.len(len(f.Protocols))
	for _, p := range f.Protocols {
		e.str(p.Name)
		e.strings(p.Protocols)
		e.properties(p.Properties)
		e.methods(p.Methods)
		e.pos(p.Pos)
		e.pos(p.End)
	}
	e.len(len(f.Functions))
	for _, fn := range f.Functions {
		e.str(fn.Name)
		e.bool(fn.Static)
		e.params(fn.Params)
		e.pos(fn.Pos)
		e.pos(fn.End)
		e.body(fn.Body)
		e.bool(fn.HasError)
	}
	e.vars(f.Globals)
	e.vars(f.Typedefs)
	e.len(len(f.Comments))
	for _, c := range f.Comments {
		e.pos(c.Pos)
		e.pos(c.End)
		e.str(c.Text)
		e.bool(c.OwnLine)
	}
	e.len(len(f.Errors))
	for _, r := range f.Errors {
		e.pos(r.Pos)
		e.pos(r.End)
	}
	e.bool(f.MRC)
	e.str(f.MRCReason)
	e.bool(f.CPlusPlus)
	e.len(f.ErrorBytes)
	e.strings(f.Prepass)
}

func (e *encoder) class(c *ClassDecl) {
	e.uint(uint64(c.Kind))
	e.str(c.Name)
	e.str(c.Category)
	e.str(c.Super)
	e.strings(c.Protocols)
	e.len(len(c.Ivars))
	for _, iv := range c.Ivars {
		e.str(iv.Name)
		e.typ(&iv.Type)
		e.pos(iv.Pos)
	}
	e.properties(c.Properties)
	e.len(len(c.Synthesize))
	for _, s := range c.Synthesize {
		e.str(s.Property)
		e.str(s.Ivar)
		e.bool(s.Dynamic)
		e.pos(s.Pos)
	}
	e.methods(c.Methods)
	e.pos(c.Pos)
	e.pos(c.End)
}

func (e *encoder) properties(ps []*Property) {
	e.len(len(ps))
	for _, p := range ps {
		e.str(p.Name)
		e.typ(&p.Type)
		e.strings(p.Attrs)
		e.pos(p.Pos)
	}
}

func (e *encoder) methods(ms []*Method) {
	e.len(len(ms))
	for _, m := range ms {
		e.str(m.Selector)
		e.bool(m.ClassMethod)
		e.typ(&m.Return)
		e.params(m.Params)
		e.pos(m.Pos)
		e.pos(m.End)
		e.body(m.Body)
		e.bool(m.HasError)
	}
}

func (e *encoder) typ(t *Type) {
	e.str(t.Text)
	e.str(t.Name)
	e.bool(t.Object)
	e.bool(t.Block)
	e.strings(t.Qualifiers())
	e.str(t.Typeof())
}

func (e *encoder) params(ps []Param) {
	e.len(len(ps))
	for i := range ps {
		e.str(ps[i].Name)
		e.typ(&ps[i].Type)
		e.bool(ps[i].NoEscape)
	}
}

func (e *encoder) vars(vs []*Var) {
	e.len(len(vs))
	for _, v := range vs {
		e.str(v.Name)
		e.typ(&v.Type)
		e.bool(v.Static)
		e.expr(v.Init)
		e.pos(v.Pos)
		e.pos(v.End)
		e.int(v.Scope)
	}
}

// expr stores nil as 0, an expression stored before as 1 + its index, and
// a new one as 2 followed by its fields.
func (e *encoder) expr(x *Expr) {
	if x == nil {
		e.uint(0)
		return
	}
	if i, ok := e.exprs[x]; ok {
		e.uint(1)
		e.len(i)
		return
	}
	e.exprs[x] = len(e.exprs)
	e.uint(2)
	e.uint(uint64(x.Kind))
	e.bool(x.CString)
	e.int(max(x.Block(), 0))
	e.str(x.Name)
	e.expr(x.X())
	e.len(x.NumArgs())
	for _, a := range x.Args() {
		e.expr(a)
	}
	e.pos(x.Pos)
	e.pos(x.End())
}

func (e *encoder) uses(us Uses) {
	e.len(us.Len())
	for _, u := range us.All() {
		e.str(u.Name)
		e.pos(u.Pos)
	}
}

// encodeEvents writes sends, calls or assignments: each an expression, a
// scope and a context.
func encodeEvents[T any](e *encoder, evs []*T, parts func(*T) (*Expr, int, Context)) {
	e.len(len(evs))
	for _, ev := range evs {
		x, scope, ctx := parts(ev)
		e.expr(x)
		e.int(scope)
		e.uint(uint64(ctx))
	}
}

func (e *encoder) body(b *Body) {
	if b == nil {
		e.bool(false)
		return
	}
	e.bool(true)
	e.pos(b.Pos)
	e.pos(b.End)
	e.len(len(b.Blocks))
	for _, bl := range b.Blocks {
		e.int(bl.Index)
		e.int(bl.Parent)
		e.params(bl.Params)
		e.pos(bl.Pos)
		e.pos(bl.End)
		e.uses(bl.Uses)
		e.expr(bl.Expr)
	}
	e.vars(b.Locals)
	encodeEvents(e, b.Sends, func(s *Send) (*Expr, int, Context) { return s.Expr, s.Scope, s.Context })
	encodeEvents(e, b.Calls, func(c *Call) (*Expr, int, Context) { return c.Expr, c.Scope, c.Context })
	encodeEvents(e, b.Assigns, func(a *Assign) (*Expr, int, Context) { return a.Expr, a.Scope, a.Context })
	e.len(len(b.Returns))
	for _, r := range b.Returns {
		e.expr(r.Value)
		e.int(r.Scope)
		e.pos(r.Pos)
	}
	e.len(len(b.Macros))
	for _, m := range b.Macros {
		e.str(m.Name)
		e.strings(m.Args)
		e.bool(m.At)
		e.int(m.Scope)
		e.pos(m.Pos)
	}
	e.uses(b.Uses)
}

// decoder reads what encoder wrote. Errors are sticky: after the first,
// every read returns zero values, and counts are bounded by the bytes left
// so that a hostile length cannot allocate much.
type decoder struct {
	data []byte
	off  int
	size int // the file's size: positions must lie in [0, size]
	base int // the file's base in the FileSet
	err  error
	strs []string
	// The file's expressions, built as nodes and laid out at the end:
	// nodes in the order they were read, how many were announced, and
	// which are complete (an expression may not contain itself).
	intern map[string]string     // the parser's string table, or nil
	extras map[string]*typeExtra // type extras, shared as in the extractor
	useTab *useTable             // the names of the file's uses
	arena  *exprArena
	nodes  []*ExprNode
	done   []bool
	nexpr  int // how many were announced
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("corrupt facts at byte %d: "+format, append([]any{d.off}, args...)...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.off:])
	if n <= 0 || v < -1<<31 || v > 1<<31 {
		d.fail("bad varint")
		return 0
	}
	d.off += n
	return int(v)
}

// len reads a count; every counted item takes at least one byte.
func (d *decoder) len() int {
	v := d.uvarint()
	if v > uint64(len(d.data)-d.off) {
		d.fail("count %d exceeds the data", v)
		return 0
	}
	return int(v)
}

// num reads a non-negative number bounded by max.
func (d *decoder) num(max int) int {
	v := d.uvarint()
	if v > uint64(max) {
		d.fail("value %d out of range", v)
		return 0
	}
	return int(v)
}

func (d *decoder) bool() bool { return d.num(1) == 1 }

// pos reads a position and places it in the file's FileSet range.
func (d *decoder) pos() token.Pos {
	v := d.num(d.size + 1)
	if v == 0 {
		return token.NoPos
	}
	return token.Pos(d.base + v - 1)
}

func (d *decoder) str() string {
	if i := d.uvarint(); i > 0 {
		if i > uint64(len(d.strs)) {
			d.fail("string index %d out of range", i)
			return ""
		}
		return d.strs[i-1]
	}
	n := d.len()
	if d.err != nil {
		return ""
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	s, ok := d.intern[string(b)]
	if !ok {
		s = string(b)
		if d.intern != nil {
			d.intern[s] = s
		}
	}
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) strings() []string {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) file() *File {
	f := &File{}
	f.Lang = Lang(d.num(int(LangObjCpp)))
	f.Size = d.num(d.size)
	if f.Size != d.size {
		d.fail("facts are for a file of %d bytes, not %d", f.Size, d.size)
	}
	if n := d.len(); n > 0 {
		f.Imports = make([]*Import, n)
		for i := range f.Imports {
			f.Imports[i] = &Import{Path: d.str(), Quoted: d.bool(), Pos: d.pos()}
		}
	}
	if n := d.len(); n > 0 {
		f.Classes = make([]*ClassDecl, n)
		for i := range f.Classes {
			c := d.class()
			c.File = f
			f.Classes[i] = c
		}
	}
	if n := d.len(); n > 0 {
		f.Protocols = make([]*Protocol, n)
		for i := range f.Protocols {
			p := &Protocol{Name: d.str(), Protocols: d.strings(), File: f}
			p.Properties = d.properties(nil, p)
			p.Methods = d.methods(nil)
			p.Pos, p.End = d.pos(), d.pos()
			f.Protocols[i] = p
		}
	}
	if n := d.len(); n > 0 {
		f.Functions = make([]*Function, n)
		for i := range f.Functions {
			fn := &Function{Name: d.str(), Static: d.bool(), Params: d.params()}
			fn.Pos, fn.End = d.pos(), d.pos()
			fn.Body = d.body()
			fn.HasError = d.bool()
			f.Functions[i] = fn
		}
	}
	f.Globals = d.vars()
	f.Typedefs = d.vars()
	if n := d.len(); n > 0 {
		f.Comments = make([]*Comment, n)
		for i := range f.Comments {
			f.Comments[i] = &Comment{Pos: d.pos(), End: d.pos(), Text: d.str(), OwnLine: d.bool()}
		}
	}
	if n := d.len(); n > 0 {
		f.Errors = make([]Range, n)
		for i := range f.Errors {
			f.Errors[i] = Range{Pos: d.pos(), End: d.pos()}
		}
	}
	f.MRC = d.bool()
	f.MRCReason = d.str()
	f.OwnMRC, f.OwnMRCReason = f.MRC, f.MRCReason
	f.CPlusPlus = d.bool()
	f.ErrorBytes = d.num(d.size)
	f.Prepass = d.strings()
	return f
}

func (d *decoder) class() *ClassDecl {
	c := &ClassDecl{Kind: DeclKind(d.num(int(DeclCategoryImpl))), Name: d.str(), Category: d.str(), Super: d.str(), Protocols: d.strings()}
	if n := d.len(); n > 0 {
		c.Ivars = make([]*Ivar, n)
		for i := range c.Ivars {
			iv := &Ivar{Name: d.str(), Class: c}
			d.typ(&iv.Type)
			iv.Pos = d.pos()
			c.Ivars[i] = iv
		}
	}
	c.Properties = d.properties(c, nil)
	if n := d.len(); n > 0 {
		c.Synthesize = make([]*Synthesize, n)
		for i := range c.Synthesize {
			c.Synthesize[i] = &Synthesize{Property: d.str(), Ivar: d.str(), Dynamic: d.bool(), Pos: d.pos()}
		}
	}
	c.Methods = d.methods(c)
	c.Pos, c.End = d.pos(), d.pos()
	return c
}

func (d *decoder) properties(c *ClassDecl, p *Protocol) []*Property {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]*Property, n)
	for i := range out {
		pr := &Property{Name: d.str(), Class: c, Protocol: p}
		d.typ(&pr.Type)
		pr.Attrs = d.strings()
		pr.Pos = d.pos()
		out[i] = pr
	}
	return out
}

func (d *decoder) methods(c *ClassDecl) []*Method {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]*Method, n)
	slab := make([]Method, n)
	for i := range out {
		m := &slab[i]
		m.Selector, m.ClassMethod, m.Class = d.str(), d.bool(), c
		d.typ(&m.Return)
		m.Params = d.params()
		m.Pos, m.End = d.pos(), d.pos()
		m.Body = d.body()
		m.HasError = d.bool()
		out[i] = m
	}
	return out
}

func (d *decoder) typ(t *Type) {
	t.Text, t.Name = d.str(), d.str()
	t.Object, t.Block = d.bool(), d.bool()
	q, typeOf := d.strings(), d.str()
	// Equal extras are shared, as the extractor shares them.
	t.extra = internExtra(d.extras, q, typeOf)
}

func (d *decoder) params() []Param {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]Param, n)
	for i := range out {
		out[i].Name = d.str()
		d.typ(&out[i].Type)
		out[i].NoEscape = d.bool()
	}
	return out
}

func (d *decoder) vars() []*Var {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]*Var, n)
	slab := make([]Var, n)
	for i := range out {
		v := &slab[i]
		v.Name = d.str()
		d.typ(&v.Type)
		v.Static = d.bool()
		v.Init = d.expr(0)
		v.Pos = d.pos()
		v.End = d.pos()
		v.Scope = d.int()
		out[i] = v
	}
	return out
}

// maxExprDepth bounds the nesting of a decoded expression (the extractor
// stops far earlier); it keeps a hostile entry from exhausting the stack.
const maxExprDepth = 10000

func (d *decoder) expr(depth int) *Expr {
	n := d.node(depth)
	if n == nil {
		return nil
	}
	return n.placeholder()
}

// node reads an expression: an operand or argument when depth > 0 (it
// must have no other parent), else the expression of an event, a block
// literal or an initializer (which may lie inside another expression).
func (d *decoder) node(depth int) *ExprNode {
	switch d.num(2) {
	case 0:
		return nil
	case 1:
		i := d.uvarint()
		if i >= uint64(len(d.nodes)) {
			d.fail("expression index %d out of range", i)
			return nil
		}
		n := d.nodes[i]
		if depth > 0 && (!d.done[i] || n.parent != nil) {
			d.fail("expression %d is shared or contains itself", i)
			return nil
		}
		return n
	}
	if depth > maxExprDepth {
		d.fail("expression nested too deeply")
		return nil
	}
	if len(d.nodes) >= d.nexpr {
		d.fail("more expressions than announced")
		return nil
	}
	x := d.arena.node()
	i := len(d.nodes)
	d.nodes = append(d.nodes, x)
	d.done = append(d.done, false)
	x.Kind = ExprKind(d.num(int(ExprSubscript)))
	x.CString = d.bool()
	x.Block = int32(d.int())
	x.Name = d.str()
	x.X = d.child(x, depth)
	if n := d.len(); n > 0 {
		x.Args = slices.Grow(x.Args, n)
		for range n {
			x.Args = append(x.Args, d.child(x, depth))
		}
	}
	x.Pos, x.End = d.pos(), d.pos()
	d.done[i] = true
	return x
}

// child reads an operand or argument of parent.
func (d *decoder) child(parent *ExprNode, depth int) *ExprNode {
	c := d.node(depth + 1)
	if c != nil {
		c.parent = parent
	}
	return c
}

// arenas recycles the decoders' expression arenas.
var arenas = sync.Pool{New: func() any { return new(exprArena) }}

func (d *decoder) uses() Uses {
	n := d.len()
	if d.useTab == nil {
		d.useTab = newUseTable(token.Pos(d.base))
	}
	out := d.useTab.make(n)
	for range n {
		u := Use{Name: d.str(), Pos: d.pos()}
		if !u.Pos.IsValid() {
			d.fail("use without a position")
			return Uses{}
		}
		out.add(u)
	}
	return out
}

// decodeEvents reads what encodeEvents wrote, making each event with mk,
// all of them in one array.
func decodeEvents[T any](d *decoder, mk func(*Expr, int, Context) T) []*T {
	n := d.len()
	if n == 0 {
		return nil
	}
	out, slab := make([]*T, n), make([]T, n)
	for i := range out {
		slab[i] = mk(d.expr(0), d.int(), Context(d.uvarint()))
		out[i] = &slab[i]
	}
	return out
}

func (d *decoder) body() *Body {
	if !d.bool() {
		return nil
	}
	b := &Body{Pos: d.pos(), End: d.pos()}
	if n := d.len(); n > 0 {
		b.Blocks = make([]*Block, n)
		for i := range b.Blocks {
			bl := &Block{Index: d.int(), Parent: d.int(), Params: d.params()}
			bl.Pos, bl.End = d.pos(), d.pos()
			bl.Uses = d.uses()
			bl.Expr = d.expr(0)
			b.Blocks[i] = bl
		}
	}
	b.Locals = d.vars()
	b.Sends = decodeEvents(d, func(x *Expr, scope int, ctx Context) Send { return Send{Expr: x, Scope: scope, Context: ctx} })
	b.Calls = decodeEvents(d, func(x *Expr, scope int, ctx Context) Call { return Call{Expr: x, Scope: scope, Context: ctx} })
	b.Assigns = decodeEvents(d, func(x *Expr, scope int, ctx Context) Assign { return Assign{Expr: x, Scope: scope, Context: ctx} })
	if n := d.len(); n > 0 {
		b.Returns = make([]*Return, n)
		for i := range b.Returns {
			b.Returns[i] = &Return{Value: d.expr(0), Scope: d.int(), Pos: d.pos()}
		}
	}
	if n := d.len(); n > 0 {
		b.Macros = make([]*Macro, n)
		for i := range b.Macros {
			b.Macros[i] = &Macro{Name: d.str(), Args: d.strings(), At: d.bool(), Scope: d.int(), Pos: d.pos()}
		}
	}
	b.Uses = d.uses()
	if d.err == nil {
		d.checkBody(b)
	}
	return b
}

// checkBody rejects indexes the rules would use to index slices: a block's
// index and parent and every event's scope must name a block of the body.
func (d *decoder) checkBody(b *Body) {
	n := len(b.Blocks)
	ok := func(scope int) bool { return scope >= -1 && scope < n }
	for i, bl := range b.Blocks {
		if bl.Index != i || !ok(bl.Parent) || bl.Parent >= i {
			d.fail("bad block index")
			return
		}
		if bl.Expr != nil && (nodeOf(bl.Expr).Kind != ExprBlock || int(nodeOf(bl.Expr).Block) != i) {
			d.fail("bad block expression")
			return
		}
	}
	for _, v := range b.Locals {
		if !ok(v.Scope) {
			d.fail("bad scope")
		}
	}
	for _, s := range b.Sends {
		if !ok(s.Scope) || s.Expr == nil || nodeOf(s.Expr).Kind != ExprMessage {
			d.fail("bad send")
		}
	}
	for _, c := range b.Calls {
		if !ok(c.Scope) || c.Expr == nil || nodeOf(c.Expr).Kind != ExprCall {
			d.fail("bad call")
		}
	}
	for _, a := range b.Assigns {
		if !ok(a.Scope) || a.Expr == nil || nodeOf(a.Expr).Kind != ExprAssign || len(nodeOf(a.Expr).Args) == 0 {
			d.fail("bad assignment")
		}
	}
	for _, r := range b.Returns {
		if !ok(r.Scope) {
			d.fail("bad scope")
		}
	}
	for _, m := range b.Macros {
		if !ok(m.Scope) {
			d.fail("bad scope")
		}
	}
}
