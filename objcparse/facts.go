package objcparse

import (
	"go/token"
	"iter"
	"unsafe"
)

// Lang is the language of a source file, decided by its extension.
type Lang int

// Languages.
const (
	LangObjC   Lang = iota + 1 // .m
	LangHeader                 // .h (Objective-C or C or C++; see File.CPlusPlus)
	LangObjCpp                 // .mm: only the Objective-C parts are trusted
)

func (l Lang) String() string {
	switch l {
	case LangObjC:
		return "objc"
	case LangHeader:
		return "header"
	case LangObjCpp:
		return "objc++"
	}
	return "unknown"
}

// A File holds the facts extracted from one source file. It holds no syntax
// tree: trees are closed as soon as the facts are out.
type File struct {
	Path string // the path as given to Parse (used for display)
	Lang Lang
	Size int
	// Pos and End delimit the file in the FileSet it was parsed into.
	Pos, End token.Pos

	Imports   []*Import
	Classes   []*ClassDecl // @interface, @implementation, class extensions, categories
	Protocols []*Protocol
	Functions []*Function // C functions with bodies
	Globals   []*Var      // file-scope variable declarations (static or not)
	Typedefs  []*Var      // typedef names with the type they stand for (Init is nil)
	Comments  []*Comment
	Errors    []Range // byte ranges the parser could not read

	// MRC is set when the file shows that it is compiled without ARC: a
	// `#if __has_feature(objc_arc)` + `#error` guard, or `[super dealloc]`
	// (illegal under ARC). MRCReason says which and where. The driver may
	// decide either way from the build settings (an Xcode project, the
	// configuration); MRCReason then says so, for ARC too.
	MRC       bool
	MRCReason string
	// OwnMRC and OwnMRCReason are what the file itself shows, as parsed:
	// the driver starts from them on every load before applying the
	// build settings, so that a decision of an earlier load (a file
	// whose facts a long-lived process keeps) does not outlive a change
	// of the settings. Not encoded: decoding sets them from MRC, which
	// the cache stores as parsed.
	OwnMRC       bool
	OwnMRCReason string

	// CPlusPlus is set for .mm files and headers that contain C++: their
	// C/C++ function bodies are not extracted (the grammar reads C++ as C,
	// sometimes silently wrong), only the Objective-C declarations.
	CPlusPlus bool

	// ErrorBytes is the number of bytes inside ERROR or MISSING nodes.
	ErrorBytes int
	// Prepass lists what the pre-pass rewrote (for debugging and statistics).
	Prepass []string
}

// Range is a half-open source range.
type Range struct{ Pos, End token.Pos }

// An Import is an #import, #include or @import.
type Import struct {
	Path   string // "Foo.h", "UIKit/UIKit.h", "UIKit" for @import
	Quoted bool   // "..." rather than <...> or @import
	Pos    token.Pos
}

// A Comment is one comment (line or block), text including delimiters.
type Comment struct {
	Pos, End token.Pos
	Text     string
	// OwnLine is set when only white space precedes the comment on its line.
	OwnLine bool
}

// DeclKind says which kind of class declaration a ClassDecl is.
type DeclKind int

// Class declaration kinds.
const (
	DeclInterface      DeclKind = iota + 1 // @interface C : S
	DeclExtension                          // @interface C ()
	DeclCategory                           // @interface C (Cat)
	DeclImplementation                     // @implementation C
	DeclCategoryImpl                       // @implementation C (Cat)
)

func (k DeclKind) String() string {
	switch k {
	case DeclInterface:
		return "interface"
	case DeclExtension:
		return "extension"
	case DeclCategory:
		return "category"
	case DeclImplementation:
		return "implementation"
	case DeclCategoryImpl:
		return "category implementation"
	}
	return "unknown"
}

// A ClassDecl is one @interface or @implementation block.
type ClassDecl struct {
	Kind       DeclKind
	Name       string
	Category   string   // category name (DeclCategory, DeclCategoryImpl)
	Super      string   // superclass, if written
	Protocols  []string // adopted protocols
	Ivars      []*Ivar
	Properties []*Property
	Synthesize []*Synthesize // @synthesize pairs and @dynamic names
	Methods    []*Method     // declarations (interface) or definitions (implementation)
	Pos, End   token.Pos
	File       *File
}

// A Protocol is an @protocol declaration with a body.
type Protocol struct {
	Name       string
	Protocols  []string // protocols it adopts
	Properties []*Property
	Methods    []*Method
	Pos, End   token.Pos
	File       *File
}

// A Type describes the written type of a property, ivar, variable or parameter.
type Type struct {
	Text string // normalized spelling, e.g. "NSString *", "id<Foo>", "void (^)(void)"
	Name string // the base type name: "NSString", "id", "int", "dispatch_queue_t"
	// Object is true for Objective-C object pointers (`T *` with T a class
	// name, `id`, `id<P>`, `instancetype`, `Class`) and block pointers.
	Object bool
	// Block is set for a block pointer written as such (`void (^)(void)`);
	// a typedef name of a block type is resolved through File.Typedefs.
	Block bool
	// extra holds what few declarations write (qualifiers, typeof), shared
	// between equal ones; nil when there is none. Types are everywhere in
	// the facts (every parameter, local and return type), so this keeps
	// them at 48 bytes.
	extra *typeExtra
}

type typeExtra struct {
	qualifiers []string
	typeOf     string
}

// Qualifiers returns the qualifiers written on the declaration: "__weak",
// "__strong", "__unsafe_unretained", "__autoreleasing", "__block",
// "const", ... The slice must not be modified.
func (t Type) Qualifiers() []string {
	if t.extra == nil {
		return nil
	}
	return t.extra.qualifiers
}

// Typeof returns the argument of typeof/__typeof/__typeof__ when the type
// is written that way (e.g. "self"), else "".
func (t Type) Typeof() string {
	if t.extra == nil {
		return ""
	}
	return t.extra.typeOf
}

// WithQualifiers returns t with the qualifiers q (which it keeps).
func (t Type) WithQualifiers(q []string) Type {
	return t.with(q, t.Typeof())
}

// WithTypeof returns t written as typeof(arg).
func (t Type) WithTypeof(arg string) Type {
	return t.with(t.Qualifiers(), arg)
}

func (t Type) with(q []string, typeOf string) Type {
	t.extra = nil
	if len(q) > 0 || typeOf != "" {
		t.extra = &typeExtra{qualifiers: q, typeOf: typeOf}
	}
	return t
}

// HasQualifier reports whether q was written on the declaration.
func (t Type) HasQualifier(q string) bool {
	for _, x := range t.Qualifiers() {
		if x == q {
			return true
		}
	}
	return false
}

// A Property is an @property declaration.
type Property struct {
	Name  string
	Type  Type
	Attrs []string // attributes as written: "nonatomic", "strong", "getter=isOn", ...
	Pos   token.Pos
	// Owner is the class, extension, category or protocol declaring it.
	Class    *ClassDecl
	Protocol *Protocol
}

// HasAttr reports whether the attribute a (e.g. "nonatomic") was written.
func (p *Property) HasAttr(a string) bool {
	for _, x := range p.Attrs {
		if x == a {
			return true
		}
	}
	return false
}

// An Ivar is an instance variable declared in braces.
type Ivar struct {
	Name  string
	Type  Type
	Pos   token.Pos
	Class *ClassDecl
}

// A Synthesize is one name in @synthesize or @dynamic.
type Synthesize struct {
	Property string
	Ivar     string // the ivar after '=', or "" when not written
	Dynamic  bool
	Pos      token.Pos
}

// A Param is a method, function or block parameter.
type Param struct {
	Name string
	Type Type
	// NoEscape is set when NS_NOESCAPE or __attribute__((noescape)) was written.
	NoEscape bool
}

// A Method is a method declaration or definition.
type Method struct {
	Selector string // "initWithFrame:style:"
	Return   Type
	Params   []Param
	Pos, End token.Pos
	// Body is nil for a declaration, or for a definition whose body could
	// not be read.
	Body  *Body
	Class *ClassDecl
	// ClassMethod is set for + methods (rather than -).
	ClassMethod bool
	// HasError is set when a parse error lies inside the method; Body then
	// holds only what could be extracted.
	HasError bool
}

// A Function is a C function definition.
type Function struct {
	Name     string
	Static   bool
	Params   []Param
	Pos, End token.Pos
	Body     *Body
	HasError bool
}

// A Var is a declared variable: a local, a block-local, a file-scope global
// or a function-local static.
type Var struct {
	Name   string
	Type   Type
	Static bool
	Init   *Expr // initializer, or nil
	Pos    token.Pos
	// End is where the variable goes out of scope: the end of the
	// compound statement (or of the loop whose header) declares it;
	// token.NoPos when unknown (the end of the body).
	End   token.Pos
	Scope int // index in Body.Blocks of the enclosing block literal; -1 for the body itself
}

// ExprKind classifies an expression.
type ExprKind uint8

// Expression kinds. Anything not listed is ExprOther, with Args holding the
// sub-expressions that were extracted.
const (
	ExprOther     ExprKind = iota
	ExprIdent              // Name; also self, super, nil, YES, NO, class names
	ExprMember             // X.Name (dot syntax: property access or struct field)
	ExprArrow              // X->Name
	ExprMessage            // [X sel:args...]: Name is the selector, X the receiver (nil for super? no: ExprIdent "super")
	ExprCall               // Name(args...) when the callee is an identifier; X otherwise
	ExprBlock              // ^{...}: Block is the index into Body.Blocks
	ExprString             // @"..." (ObjC) or "..." (C; CString set): Name holds the decoded contents
	ExprNumber             // numeric literal, Name holds the text
	ExprBoxed              // @(X) or @123 / @YES: X is the boxed expression (nil for @literal: Name holds it)
	ExprArray              // @[...]: Args
	ExprDict               // @{...}: Args alternate key, value
	ExprSelector           // @selector(Name)
	ExprCast               // (T)X: Name holds the type text
	ExprAssign             // X = Args[0] (also +=, ...: Name holds the operator)
	ExprUnary              // Name is the operator, X the operand (&x, !x, *x, x++ ...)
	ExprBinary             // Name is the operator, Args the operands
	ExprCond               // Args: cond, then, else
	ExprSubscript          // X[Args[0]]
)

// An Expr is one node of a compact expression tree. It holds positions,
// never syntax nodes.
//
// Expressions are the bulk of the facts (one per identifier, literal and
// operator in every body), so they are stored compactly: the expressions
// of a file live in one array (its slab), 40 bytes each, holding no
// pointer but Name. An expression finds its operand X and its arguments
// by their offsets in the slab; the arguments of one expression are
// adjacent. An Expr is therefore only ever used through the *Expr the
// facts hand out: a copy of the struct has no children (go vet's
// copylocks check reports copies). Analyzers that synthesize an
// expression use NewExpr or NewIdent.
type Expr struct {
	// noCopy makes go vet report copies of an Expr (a copy has no
	// children: X and Arg look for them next to the original).
	_ noCopy
	// Name is the identifier, selector, operator, literal text or type
	// text, depending on Kind (see the ExprKind constants).
	Name string
	Pos  token.Pos
	Kind ExprKind
	// CString is set on an ExprString that is a C string literal.
	CString bool
	nargs   uint16 // number of arguments
	size    uint32 // End() - Pos
	x       int32  // slab offset of X from this expression; 0 when X is nil
	args    int32  // slab offset of the first argument; ExprBlock: the block index
}

// noCopy is go vet's copylocks marker (as in package sync): a struct
// holding one must not be copied after first use.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// exprNil is the kind of a slab entry standing for a nil argument.
const exprNil ExprKind = 255

// exprSize is the size of an Expr in its slab.
const exprSize = unsafe.Sizeof(Expr{})

// MaxArgs is the most arguments an expression keeps; an expression with
// more (a generated array literal, say) keeps the first MaxArgs.
const MaxArgs = 1<<16 - 1

// at returns the expression off entries after e in e's slab. Offsets are
// checked when a slab is built or decoded: they stay inside the slab.
func (e *Expr) at(off int32) *Expr {
	return (*Expr)(unsafe.Add(unsafe.Pointer(e), uintptr(off)*exprSize))
}

// X returns the operand: the receiver of a message, the base of a member
// access, the callee of a call through an expression, the target of an
// assignment, ... (see the ExprKind constants), or nil.
func (e *Expr) X() *Expr {
	if e == nil || e.x <= 0 {
		return nil
	}
	return e.at(e.x)
}

// End returns the position just after e.
func (e *Expr) End() token.Pos {
	if e == nil {
		return token.NoPos
	}
	return e.Pos + token.Pos(e.size)
}

// NumArgs returns the number of arguments (nil ones included).
func (e *Expr) NumArgs() int {
	if e == nil || e.Kind == ExprBlock {
		return 0
	}
	return int(e.nargs)
}

// Arg returns argument i, or nil when there is none (or it could not be
// read).
func (e *Expr) Arg(i int) *Expr {
	if i < 0 || i >= e.NumArgs() || e.args <= 0 {
		return nil
	}
	a := e.at(e.args + int32(i))
	if a.Kind == exprNil {
		return nil
	}
	return a
}

// Args iterates over the arguments with their indexes (nil ones included):
//
//	for i, a := range e.Args() { ... }
func (e *Expr) Args() iter.Seq2[int, *Expr] {
	return func(yield func(int, *Expr) bool) {
		for i, n := 0, e.NumArgs(); i < n; i++ {
			if !yield(i, e.Arg(i)) {
				return
			}
		}
	}
}

// ArgList returns the arguments (nil ones included) in a new slice.
func (e *Expr) ArgList() []*Expr {
	out := make([]*Expr, e.NumArgs())
	for i := range out {
		out[i] = e.Arg(i)
	}
	return out
}

// Block returns the index in Body.Blocks of an ExprBlock's literal, or -1
// for other kinds.
func (e *Expr) Block() int {
	if e == nil || e.Kind != ExprBlock {
		return -1
	}
	return int(e.args)
}

// Unparen returns e with parentheses and casts removed (parentheses are
// not represented; casts are skipped).
func (e *Expr) Unparen() *Expr {
	for e != nil && e.Kind == ExprCast && e.X() != nil {
		e = e.X()
	}
	return e
}

// IsIdent reports whether e is the identifier name (after removing casts).
func (e *Expr) IsIdent(name string) bool {
	e = e.Unparen()
	return e != nil && e.Kind == ExprIdent && e.Name == name
}

// Context flags describe where an event happens inside a body.
type Context uint32

// Context flags.
const (
	InLoop         Context = 1 << iota // inside for/while/do (within the current block literal)
	InSynchronized                     // inside @synchronized
	InCondition                        // inside an if/switch/?: branch
)

// A Block is a block literal inside a body.
type Block struct {
	Index    int
	Parent   int // enclosing block's index, or -1 for the body itself
	Params   []Param
	Pos, End token.Pos
	// Uses are the identifiers read or written inside this block literal
	// (not counting nested blocks), in source order, with where they occur.
	// Members (x.p) record their base identifier; self->x records "self".
	Uses Uses
	// Expr is the ExprBlock expression for this literal.
	Expr *Expr
}

// A Use is one occurrence of an identifier.
type Use struct {
	Name string
	Pos  token.Pos
}

// A Send is one message send anywhere in a body (nested sends included).
type Send struct {
	Expr    *Expr // ExprMessage
	Scope   int   // enclosing block index, or -1
	Context Context
}

// Receiver returns the receiver expression.
func (s *Send) Receiver() *Expr { return s.Expr.X() }

// Selector returns the full selector, e.g. "GET:parameters:success:failure:".
func (s *Send) Selector() string { return s.Expr.Name }

// A Call is one C function call (dispatch_async, objc_setAssociatedObject, ...).
type Call struct {
	Expr    *Expr // ExprCall
	Scope   int
	Context Context
}

// Name returns the called function's name, or "" for calls through an expression.
func (c *Call) Name() string { return c.Expr.Name }

// An Assign is an assignment `Target = Value` (also compound operators).
type Assign struct {
	Expr    *Expr // ExprAssign: X is the target, Args[0] the value
	Scope   int
	Context Context
}

// Target returns the assigned-to expression.
func (a *Assign) Target() *Expr { return a.Expr.X() }

// Value returns the assigned value.
func (a *Assign) Value() *Expr { return a.Expr.Arg(0) }

// A Return is a return statement.
type Return struct {
	Value *Expr // nil for a bare return
	Scope int
	Pos   token.Pos
}

// A Macro is a statement-like macro that matters to the analysis:
// @weakify(self), @strongify(self), weakify(self), @onExit ...
type Macro struct {
	Name  string // "weakify", "strongify", "unsafeify", ...
	Args  []string
	At    bool // written with a leading @
	Scope int
	Pos   token.Pos
}

// A Body holds the facts of a method, function or block body, flattened:
// every event records the index of its enclosing block literal (-1 for the
// body itself).
type Body struct {
	Pos, End token.Pos
	Blocks   []*Block
	Locals   []*Var
	Sends    []*Send
	Calls    []*Call
	Assigns  []*Assign
	Returns  []*Return
	Macros   []*Macro
	// Uses are identifier occurrences outside any block literal.
	Uses Uses
}

// BlockChain returns the indexes of the block literals enclosing scope,
// innermost first (scope itself included), ending before -1.
func (b *Body) BlockChain(scope int) []int {
	var out []int
	for scope >= 0 && scope < len(b.Blocks) {
		out = append(out, scope)
		scope = b.Blocks[scope].Parent
	}
	return out
}

// HeaderError reports whether a parse error begins in the header of d:
// after `@interface`/`@implementation` and before its first member (or
// its end). The name, kind and superclass read from such a header may be
// artifacts of the error: `@interface NSArray+Foo () { id _x; }` reads as
// a primary interface of NSArray.
func (d *ClassDecl) HeaderError() bool {
	if d.File == nil || len(d.File.Errors) == 0 {
		return false
	}
	end := d.End
	first := func(p token.Pos) {
		if p.IsValid() && p < end {
			end = p
		}
	}
	for _, iv := range d.Ivars {
		first(iv.Pos)
	}
	for _, p := range d.Properties {
		first(p.Pos)
	}
	for _, m := range d.Methods {
		first(m.Pos)
	}
	for _, s := range d.Synthesize {
		first(s.Pos)
	}
	for _, r := range d.File.Errors {
		if r.Pos > d.Pos && r.Pos < end {
			return true
		}
	}
	return false
}
