package objcparse

import (
	"bytes"
	"go/token"
	"strconv"
	"strings"
)

// bodyExtractor flattens a method, function or block body into events.
type bodyExtractor struct {
	*extractor
	b *Body
	// usesFrom is where this body's identifier uses start in the
	// extractor's uses buffer, or -1 when they go to the Body directly
	// (initializers of globals).
	usesFrom int
	// ends are the ends of the compound statements being extracted,
	// innermost last: where the variables declared in them go out of
	// scope.
	ends []token.Pos
}

// scopeEnd returns the end of the innermost compound statement being
// extracted (token.NoPos outside any).
func (bx *bodyExtractor) scopeEnd() token.Pos {
	if len(bx.ends) == 0 {
		return token.NoPos
	}
	return bx.ends[len(bx.ends)-1]
}

// A scopedUse is an identifier use waiting for its body to be done.
type scopedUse struct {
	use   Use
	scope int
}

// body extracts the facts of a compound statement.
func (x *extractor) body(n *fnode, params []Param) *Body {
	bx := &bodyExtractor{extractor: x, b: &Body{Pos: x.pos(n), End: x.end(n)}, usesFrom: len(x.uses)}
	bx.stmt(n, -1, 0)
	b := bx.b
	bx.placeUses()
	// The facts live until the lint ends: give back what append's
	// doubling left unused in the biggest slices.
	b.Sends = trim(b.Sends)
	b.Locals = trim(b.Locals)
	b.Assigns = trim(b.Assigns)
	b.Calls = trim(b.Calls)
	return b
}

// placeUses moves the body's uses from the extractor's buffer to the body
// and its blocks, each in a slice of exactly its length.
func (bx *bodyExtractor) placeUses() {
	uses := bx.uses[bx.usesFrom:]
	counts := make([]int, len(bx.b.Blocks)+1) // [0]: the body itself
	for _, u := range uses {
		counts[u.scope+1]++
	}
	dst := func(scope int) *Uses {
		if scope < 0 {
			return &bx.b.Uses
		}
		return &bx.b.Blocks[scope].Uses
	}
	if bx.useTab == nil {
		bx.useTab = newUseTable(bx.f.Pos)
	}
	for i, n := range counts {
		*dst(i - 1) = bx.useTab.make(n)
	}
	for _, u := range uses {
		dst(u.scope).add(u.use)
	}
	bx.uses = bx.uses[:bx.usesFrom]
}

// trim returns s in an array of its length when more than an eighth of
// its capacity is unused.
func trim[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// enter guards recursion depth; callers must call leave when it returns true.
func (x *extractor) enter() bool {
	if x.depth >= maxDepth {
		x.tooDeep = true
		return false
	}
	x.depth++
	return true
}

func (x *extractor) leave() { x.depth-- }

// stmt extracts one statement (or any node, treated as statements).
func (bx *bodyExtractor) stmt(n *fnode, scope int, ctx Context) {
	if !bx.enter() {
		return
	}
	defer bx.leave()
	switch kindOf(n) {
	case kCompoundStatement, kTryStatement, kCatchClause, kFinallyClause, kLabeledStatement,
		kAttributedStatement, kCaseStatement, kElseClause, kPreprocIf, kPreprocIfdef, kPreprocElse,
		kPreprocElif, kPreprocElifdef, kError:
		if kindOf(n) == kCompoundStatement {
			bx.ends = append(bx.ends, bx.end(n))
			defer func() { bx.ends = bx.ends[:len(bx.ends)-1] }()
		}
		bx.children(n, func(_ int, c *fnode, field string) {
			if field == "value" && kindOf(n) == kCaseStatement {
				return
			}
			if c.IsNamed() {
				bx.stmt(c, scope, ctx)
			}
		})
	case kDeclaration:
		vs := bx.declaration(n, bx, scope, ctx)
		for _, v := range vs {
			v.End = bx.scopeEnd()
		}
		bx.b.Locals = append(bx.b.Locals, vs...)
	case kExpressionStatement:
		bx.children(n, func(_ int, c *fnode, _ string) {
			if c.IsNamed() {
				bx.expr(c, scope, ctx)
			}
		})
	case kIfStatement:
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "condition":
				bx.expr(c, scope, ctx)
			case "consequence", "alternative":
				bx.stmt(c, scope, ctx|InCondition)
			}
		})
	case kSwitchStatement:
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "condition":
				bx.expr(c, scope, ctx)
			case "body":
				bx.stmt(c, scope, ctx|InCondition)
			}
		})
	case kForStatement, kWhileStatement, kDoStatement:
		bx.loop(n, scope, ctx|InLoop)
	case kSynchronizedStatement:
		bx.children(n, func(_ int, c *fnode, _ string) {
			switch kindOf(c) {
			case kCompoundStatement:
				bx.stmt(c, scope, ctx|InSynchronized)
			case kAnon:
			default:
				bx.expr(c, scope, ctx)
			}
		})
	case kReturnStatement:
		r := &Return{Scope: scope, Pos: bx.pos(n)}
		bx.children(n, func(_ int, c *fnode, _ string) {
			if c.IsNamed() && r.Value == nil {
				r.Value = bx.expr(c, scope, ctx).placeholder()
			}
		})
		bx.b.Returns = append(bx.b.Returns, r)
	case kBreakStatement, kContinueStatement, kGotoStatement, kComment, kAnon,
		kPreprocDef, kPreprocFunctionDef, kPreprocCall, kPreprocInclude, kTypeDefinition:
	case kFunctionDefinition:
		// Nested functions do not exist in C; this is error recovery.
	default:
		bx.expr(n, scope, ctx)
	}
}

// loop extracts for/while/do statements, including `for (T *x in xs)`.
func (bx *bodyExtractor) loop(n *fnode, scope int, ctx Context) {
	var spec typeSpec
	inFast := false
	bx.children(n, func(_ int, c *fnode, field string) {
		k := kindOf(c)
		switch {
		case k == kAnon:
			if c.Type() == "in" {
				inFast = true
			}
		case k == kDeclaration:
			vs := bx.declaration(c, bx, scope, ctx)
			for _, v := range vs {
				v.End = bx.end(n) // declared in the loop's header: in scope to the loop's end
			}
			bx.b.Locals = append(bx.b.Locals, vs...)
		case field == "type" || k == kTypeQualifier:
			spec.add(bx.extractor, c)
		case (k == kPointerDeclarator || k == kIdentifier) && field != "condition" && !inFast && spec.name != "":
			t := spec.typ()
			name, p := bx.declarator(c, &t)
			if name != "" {
				bx.b.Locals = append(bx.b.Locals, &Var{Name: name, Type: t.finish(bx.extractor), Pos: p, End: bx.end(n), Scope: scope})
			}
		case field == "body" || k == kCompoundStatement || k == kExpressionStatement || isStatement(k):
			bx.stmt(c, scope, ctx)
		default:
			if c.IsNamed() {
				bx.expr(c, scope, ctx)
			}
		}
	})
}

func isStatement(k kind) bool {
	switch k {
	case kIfStatement, kForStatement, kWhileStatement, kDoStatement, kReturnStatement, kSwitchStatement,
		kSynchronizedStatement, kTryStatement, kBreakStatement, kContinueStatement:
		return true
	}
	return false
}

// declaration extracts the variables of a declaration. With bx nil it is a
// file-scope declaration and initializers are extracted without events.
func (x *extractor) declaration(n *fnode, bx *bodyExtractor, scope int, ctx Context) []*Var {
	var spec typeSpec
	var decls []*fnode
	x.children(n, func(_ int, c *fnode, field string) {
		if field == "declarator" {
			decls = append(decls, c)
			return
		}
		spec.add(x, c)
	})
	var out []*Var
	for _, d := range decls {
		t := spec.typ()
		var init *fnode
		if kindOf(d) == kInitDeclarator {
			init = d.ChildByFieldName("value")
			d = d.ChildByFieldName("declarator")
		}
		if d == nil {
			continue
		}
		// Function prototypes are not variables; block variables
		// (`void (^done)(void)`) are written as function declarators too.
		if kindOf(d) == kFunctionDeclarator && !x.isBlockDeclarator(d) {
			continue
		}
		name, p := x.declarator(d, &t)
		if name == "" {
			continue
		}
		v := &Var{Name: name, Type: t.finish(x), Static: spec.static, Pos: p, Scope: scope}
		if init != nil {
			if bx != nil {
				v.Init = bx.expr(init, scope, ctx).placeholder()
			} else {
				gx := &bodyExtractor{extractor: x, b: &Body{}, usesFrom: -1}
				v.Init = gx.expr(init, -1, 0).placeholder()
			}
		}
		out = append(out, v)
	}
	return out
}

// use records an identifier occurrence in scope.
func (bx *bodyExtractor) use(name string, n *fnode, scope int) {
	u := Use{Name: name, Pos: bx.pos(n)}
	if bx.usesFrom >= 0 {
		if scope < 0 || scope >= len(bx.b.Blocks) {
			scope = -1
		}
		bx.uses = append(bx.uses, scopedUse{u, scope})
		return
	}
	// An initializer of a global: its body is not kept.
}

// expr extracts an expression and records its events.
func (bx *bodyExtractor) expr(n *fnode, scope int, ctx Context) *ExprNode {
	if n == nil {
		return nil
	}
	if !bx.enter() {
		return bx.node(ExprOther, bx.pos(n), bx.end(n))
	}
	defer bx.leave()
	e := bx.node(ExprOther, bx.pos(n), bx.end(n))
	switch kindOf(n) {
	case kIdentifier:
		e.Kind, e.Name = ExprIdent, bx.text(n)
		bx.use(e.Name, n, scope)
	case kTrue, kFalse, kNull:
		e.Kind, e.Name = ExprIdent, bx.text(n)
	case kParenthesizedExpression:
		var inner *ExprNode
		bx.children(n, func(_ int, c *fnode, _ string) {
			if c.IsNamed() && kindOf(c) != kComment && inner == nil {
				inner = bx.expr(c, scope, ctx)
			}
		})
		if inner != nil {
			return inner
		}
		e.Kind = ExprOther
	case kFieldExpression:
		e.Kind = ExprMember
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "argument":
				e.X = bx.expr(c, scope, ctx)
			case "field":
				e.Name = bx.text(c)
			case "operator":
				if bx.text(c) == "->" {
					e.Kind = ExprArrow
				}
			}
		})
	case kMessageExpression:
		bx.message(n, e, scope, ctx)
	case kCallExpression:
		bx.call(n, e, scope, ctx, false)
	case kAtExpression:
		bx.atExpr(n, e, scope, ctx)
	case kBlockLiteral:
		bx.block(n, e, scope, ctx)
	case kAssignmentExpression:
		e.Kind = ExprAssign
		var value *ExprNode
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "left":
				e.X = bx.expr(c, scope, ctx)
			case "right":
				value = bx.expr(c, scope, ctx)
			case "operator":
				e.Name = bx.text(c)
			}
		})
		if e.X != nil && value != nil {
			e.Args = append(e.Args, value)
			bx.b.Assigns = append(bx.b.Assigns, &Assign{Expr: e.placeholder(), Scope: scope, Context: ctx})
		}
	case kStringLiteral, kConcatenatedString:
		e.Kind = ExprString
		e.Name, e.CString = bx.stringValue(n)
	case kNumberLiteral, kCharLiteral:
		e.Kind, e.Name = ExprNumber, bx.text(n)
	case kArrayLiteral:
		e.Kind = ExprArray
		e.Args = bx.namedArgs(n, scope, ctx, e.Args)
	case kDictionaryLiteral:
		e.Kind = ExprDict
		bx.children(n, func(_ int, c *fnode, _ string) {
			if kindOf(c) == kDictionaryPair {
				e.Args = bx.namedArgs(c, scope, ctx, e.Args)
			}
		})
	case kSelectorExpression:
		e.Kind = ExprSelector
		t := bx.text(n)
		if i := strings.IndexByte(t, '('); i >= 0 {
			e.Name = strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(t[i+1:]), ")")), "")
		}
	case kCastExpression:
		e.Kind = ExprCast
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "type":
				e.Name = strings.Join(strings.Fields(bx.text(c)), " ")
			case "value":
				e.X = bx.expr(c, scope, ctx)
			}
		})
	case kUnaryExpression, kPointerExpression, kUpdateExpression:
		e.Kind = ExprUnary
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "operator":
				e.Name = bx.text(c)
			case "argument":
				e.X = bx.expr(c, scope, ctx)
			}
		})
	case kBinaryExpression:
		e.Kind = ExprBinary
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "operator":
				e.Name = bx.text(c)
			case "left", "right":
				e.Args = append(e.Args, bx.expr(c, scope, ctx))
			}
		})
	case kConditionalExpression:
		e.Kind = ExprCond
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "condition":
				e.Args = append(e.Args, bx.expr(c, scope, ctx))
			case "consequence", "alternative":
				e.Args = append(e.Args, bx.expr(c, scope, ctx|InCondition))
			}
		})
	case kSubscriptExpression:
		e.Kind = ExprSubscript
		bx.children(n, func(_ int, c *fnode, field string) {
			switch field {
			case "argument":
				e.X = bx.expr(c, scope, ctx)
			case "index", "indices":
				e.Args = append(e.Args, bx.expr(c, scope, ctx))
			default:
				if c.IsNamed() && kindOf(c) != kComment {
					e.Args = append(e.Args, bx.expr(c, scope, ctx))
				}
			}
		})
	case kCompoundStatement:
		// GNU statement expression ({ ... }) or error recovery.
		bx.stmt(n, scope, ctx)
	case kTypeIdentifier:
		// A class name used as a message receiver or similar.
		e.Kind, e.Name = ExprIdent, bx.text(n)
	case kComment:
		return nil
	default:
		e.Kind = ExprOther
		bx.children(n, func(_ int, c *fnode, field string) {
			if !c.IsNamed() || kindOf(c) == kComment {
				return
			}
			switch kindOf(c) {
			case kTypeDescriptor, kTypeIdentifier, kPrimitiveType, kFieldIdentifier, kStringContent, kEscapeSequence:
				return
			}
			if kindOf(c) == kDeclaration || isStatement(kindOf(c)) || kindOf(c) == kExpressionStatement {
				bx.stmt(c, scope, ctx)
				return
			}
			if a := bx.expr(c, scope, ctx); a != nil {
				e.Args = append(e.Args, a)
			}
		})
	}
	return e
}

func (bx *bodyExtractor) namedArgs(n *fnode, scope int, ctx Context, out []*ExprNode) []*ExprNode {
	bx.children(n, func(_ int, c *fnode, _ string) {
		if c.IsNamed() && kindOf(c) != kComment {
			if a := bx.expr(c, scope, ctx); a != nil {
				out = append(out, a)
			}
		}
	})
	return out
}

// message extracts `[receiver key:arg key:arg]`.
func (bx *bodyExtractor) message(n *fnode, e *ExprNode, scope int, ctx Context) {
	e.Kind = ExprMessage
	bx.children(n, func(_ int, c *fnode, field string) {
		switch {
		case field == "receiver":
			e.X = bx.expr(c, scope, ctx)
		case field == "method", kindOf(c) == kAnon:
		case kindOf(c) == kComment:
		default:
			// An argument (or, in variadic sends, an extra argument after a comma).
			if a := bx.expr(c, scope, ctx); a != nil {
				e.Args = append(e.Args, a)
			}
		}
	})
	// The selector's pieces, in a second pass: the arguments above may
	// hold messages of their own.
	sel := bx.scratch[:0]
	bx.children(n, func(_ int, c *fnode, field string) {
		switch {
		case field == "method":
			sel = append(sel, bx.bytes(c)...)
		case kindOf(c) == kAnon && c.Type() == ":":
			sel = append(sel, ':')
		}
	})
	e.Name = bx.intern(sel)
	bx.scratch = sel[:0]
	bx.b.Sends = append(bx.b.Sends, &Send{Expr: e.placeholder(), Scope: scope, Context: ctx})
	// [super dealloc] is the reason given when the file has one (a
	// retain/release send found earlier gives way to it).
	if e.Name == "dealloc" && e.X.isIdent("super") && (!bx.f.MRC || strings.HasSuffix(bx.f.MRCReason, mrcSendReason)) {
		bx.f.MRC = true
		bx.f.MRCReason = "[super dealloc] at " + bx.lineOf(n)
	}
	if MRCSelectors[e.Name] && !bx.f.MRC && !bx.arcConditional() {
		// ARC rejects these sends; a file that writes them outside any
		// `__has_feature(objc_arc)` conditional is compiled without ARC.
		bx.f.MRC = true
		bx.f.MRCReason = "-" + e.Name + " sent at " + bx.lineOf(n) + mrcSendReason
	}
}

// mrcSendReason ends the MRCReason of a file marked MRC by a send.
const mrcSendReason = " (ARC rejects it)"

// MRCSelectors are the messages ARC rejects (retain, release,
// autorelease): code that sends them is compiled without ARC.
var MRCSelectors = map[string]bool{"retain": true, "release": true, "autorelease": true}

// arcConditional reports whether the file mentions objc_arc (a
// `__has_feature(objc_arc)` conditional): such a file may be written for
// both memory models, and its retain/release sends prove nothing.
func (x *extractor) arcConditional() bool {
	if x.arcMention == 0 {
		x.arcMention = 1
		if bytes.Contains(x.src, []byte("objc_arc")) {
			x.arcMention = 2
		}
	}
	return x.arcMention == 2
}

// weakifyMacros are statement macros from libextobjc/ReactiveObjC that
// declare weak or strong shadows of their arguments.
var weakifyMacros = map[string]bool{"weakify": true, "strongify": true, "unsafeify": true, "onExit": true}

// call extracts `f(args)`, and macro uses such as @weakify(self).
func (bx *bodyExtractor) call(n *fnode, e *ExprNode, scope int, ctx Context, at bool) {
	e.Kind = ExprCall
	bx.children(n, func(_ int, c *fnode, field string) {
		switch field {
		case "function":
			if kindOf(c) == kIdentifier {
				e.Name = bx.text(c)
				// Calling a block variable (`completion(x)`) uses it: a
				// block calling it captures it. Function names resolve to
				// no variable and are ignored by the consumers.
				if !weakifyMacros[e.Name] {
					bx.use(e.Name, c, scope)
				}
			} else {
				e.X = bx.expr(c, scope, ctx)
			}
		case "arguments":
			if weakifyMacros[e.Name] {
				m := &Macro{Name: e.Name, At: at, Scope: scope, Pos: e.Pos}
				bx.children(c, func(_ int, a *fnode, _ string) {
					if a.IsNamed() && kindOf(a) != kComment {
						m.Args = append(m.Args, strings.TrimSpace(bx.text(a)))
					}
				})
				bx.b.Macros = append(bx.b.Macros, m)
				return
			}
			e.Args = bx.namedArgs(c, scope, ctx, e.Args)
		}
	})
	if !weakifyMacros[e.Name] {
		bx.b.Calls = append(bx.b.Calls, &Call{Expr: e.placeholder(), Scope: scope, Context: ctx})
	}
}

// atExpr extracts @(x), @42, @YES and @weakify(...).
func (bx *bodyExtractor) atExpr(n *fnode, e *ExprNode, scope int, ctx Context) {
	e.Kind = ExprBoxed
	bx.children(n, func(_ int, c *fnode, _ string) {
		if !c.IsNamed() || kindOf(c) == kComment {
			return
		}
		switch kindOf(c) {
		case kCallExpression:
			bx.call(c, e, scope, ctx, true)
			if weakifyMacros[e.Name] {
				e.Kind = ExprOther
			}
		case kNumberLiteral, kTrue, kFalse:
			e.Name = bx.text(c)
		case kIdentifier:
			switch t := bx.text(c); t {
			case "YES", "NO", "true", "false":
				e.Name = t
			default:
				e.X = bx.expr(c, scope, ctx)
			}
		default:
			e.X = bx.expr(c, scope, ctx)
		}
	})
}

// block extracts a block literal as a new scope.
func (bx *bodyExtractor) block(n *fnode, e *ExprNode, scope int, ctx Context) {
	blk := &Block{Index: len(bx.b.Blocks), Parent: scope, Pos: e.Pos, End: e.End, Expr: e.placeholder()}
	bx.b.Blocks = append(bx.b.Blocks, blk)
	e.Kind, e.Block = ExprBlock, int32(blk.Index)
	bx.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kParameterList:
			blk.Params = bx.params(c)
		case kTypeName:
			bx.children(c, func(_ int, tc *fnode, _ string) {
				// `^RetType (params) {...}`: parameters hide in the declarator.
				var find func(d *fnode)
				find = func(d *fnode) {
					if d == nil {
						return
					}
					if pl := d.ChildByFieldName("parameters"); pl != nil && blk.Params == nil {
						blk.Params = bx.params(pl)
					}
					if next := d.ChildByFieldName("declarator"); next != nil {
						find(next)
					}
				}
				if isAbstractDeclarator(kindOf(tc)) {
					find(tc)
				}
			})
		case kCompoundStatement:
			// Loop and condition context do not carry into the block body:
			// the block runs later, once per call.
			bx.stmt(c, blk.Index, 0)
		}
	})
}

// stringValue decodes a string literal (or concatenation) and says whether
// it is a C string.
func (bx *bodyExtractor) stringValue(n *fnode) (string, bool) {
	// Literals repeat (keys, notification names): the value is interned.
	// Nothing below extracts an expression, so the scratch buffer is free.
	b := bx.scratch[:0]
	cstring := true
	var visit func(s *fnode)
	visit = func(s *fnode) {
		bx.children(s, func(_ int, c *fnode, _ string) {
			switch kindOf(c) {
			case kStringLiteral:
				visit(c)
			case kStringContent:
				b = append(b, bx.bytes(c)...)
			case kEscapeSequence:
				b = append(b, unescape(bx.text(c))...)
			case kAnon:
				if c.Type() == "@" {
					cstring = false
				}
			}
		})
	}
	visit(n)
	v := bx.intern(b)
	bx.scratch = b[:0]
	return v, cstring
}

func unescape(s string) string {
	switch s {
	case `\n`:
		return "\n"
	case `\t`:
		return "\t"
	case `\"`:
		return `"`
	case `\\`:
		return `\`
	case `\'`:
		return "'"
	case `\0`:
		return "\x00"
	}
	return s
}

func (x *extractor) lineOf(n *fnode) string {
	return "line " + strconv.Itoa(int(n.StartPoint().Row)+1)
}

// isBlockDeclarator reports whether a function declarator declares a block
// pointer: `(^name)(params)`.
func (x *extractor) isBlockDeclarator(d *fnode) bool {
	inner := d.ChildByFieldName("declarator")
	for inner != nil && kindOf(inner) == kParenthesizedDeclarator {
		var next *fnode
		x.children(inner, func(_ int, c *fnode, _ string) {
			if c.IsNamed() && next == nil {
				next = c
			}
		})
		inner = next
	}
	return inner != nil && kindOf(inner) == kBlockPointerDeclarator
}
