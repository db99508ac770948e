package objcparse

import (
	"go/token"
	"strings"
	"time"
)

// maxDepth bounds the recursion of the extractor over pathological input
// (thousands of nested blocks or parentheses). Deeper subtrees are reported
// as an unreadable range instead.
const maxDepth = 400

// extractor turns a syntax tree into facts. It visits declarations and
// bodies, never the whole tree blindly.
type extractor struct {
	src      []byte // the text that was parsed (same length as the original)
	base     int    // token.File base
	f        *File
	cpp      bool    // .mm: skip C/C++ function bodies
	noEscape []int   // byte offsets of NS_NOESCAPE blanked by the pre-pass
	macros   *Macros // the project's #defines, may be nil
	// arcMention caches whether the source mentions objc_arc (0 not yet
	// known, 1 no, 2 yes).
	arcMention int8

	// strs interns strings (the parser's, kept from file to file):
	// identifiers and selectors repeat thousands of times, and the facts
	// live until the lint ends.
	strs map[string]string
	// extras interns the qualifiers of types (the parser's).
	extras map[string]*typeExtra
	// arena holds the expressions of the file until they are laid out
	// (the parser's, reused from file to file).
	arena *exprArena
	// scratch is a reusable buffer for building strings.
	scratch []byte
	// uses holds the identifier uses of the bodies being extracted until
	// each is done (see bodyExtractor.placeUses).
	uses []scopedUse
	// useTab holds the names of the file's uses.
	useTab *useTable

	depth   int
	tooDeep bool

	// deadline ends the extraction of a file over its parse budget (zero:
	// none); steps counts the nodes visited, to look at the clock now and
	// then. overBudget is set once the deadline has passed: every children
	// call returns at once after that.
	deadline   time.Time
	steps      int
	overBudget bool
}

// budgetCheckSteps is how many nodes the extractor visits between looks
// at the clock.
const budgetCheckSteps = 1 << 12

func (x *extractor) pos(n *fnode) token.Pos { return token.Pos(x.base + int(n.StartByte())) }
func (x *extractor) end(n *fnode) token.Pos { return token.Pos(x.base + int(n.EndByte())) }
func (x *extractor) text(n *fnode) string {
	s, e := n.StartByte(), n.EndByte()
	if int(e) > len(x.src) || s > e {
		return ""
	}
	return x.intern(x.src[s:e])
}

// bytes returns the text of n, valid until the source is dropped.
func (x *extractor) bytes(n *fnode) []byte {
	s, e := n.StartByte(), n.EndByte()
	if int(e) > len(x.src) || s > e {
		return nil
	}
	return x.src[s:e]
}

// node returns a new expression node.
func (x *extractor) node(k ExprKind, pos, end token.Pos) *ExprNode {
	n := x.arena.node()
	n.Kind, n.Pos, n.End = k, pos, end
	return n
}

// intern returns b as a string, the same string for equal bytes.
func (x *extractor) intern(b []byte) string {
	if s, ok := x.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	x.strs[s] = s
	return s
}

// children calls fn for every child of n with its field name, checking
// the time budget as it goes.
func (x *extractor) children(n *fnode, fn func(i int, c *fnode, field string)) {
	if x.overBudget {
		return
	}
	i := 0
	for c := n.firstChild(); c != nil; c = c.nextSibling() {
		if x.steps++; x.steps%budgetCheckSteps == 0 && !x.deadline.IsZero() && time.Now().After(x.deadline) {
			x.overBudget = true
		}
		if x.overBudget {
			return
		}
		fn(i, c, c.fieldName())
		i++
	}
}

// topLevel extracts the declarations in a translation unit or a container
// (preprocessor conditionals, extern "C" blocks, ERROR nodes).
func (x *extractor) topLevel(n *fnode) {
	var lastImpl *ClassDecl // for methods recovered outside their @implementation
	x.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kPreprocInclude:
			x.include(c)
		case kModuleImport:
			x.moduleImport(c)
		case kClassInterface:
			x.f.Classes = append(x.f.Classes, x.classInterface(c))
		case kClassImplementation:
			lastImpl = x.classImplementation(c)
			x.f.Classes = append(x.f.Classes, lastImpl)
		case kProtocolDeclaration:
			x.f.Protocols = append(x.f.Protocols, x.protocol(c))
		case kFunctionDefinition:
			if fn := x.function(c); fn != nil {
				x.f.Functions = append(x.f.Functions, fn)
			}
		case kDeclaration:
			x.f.Globals = append(x.f.Globals, x.declaration(c, nil, -1, 0)...)
		case kTypeDefinition:
			x.f.Typedefs = append(x.f.Typedefs, x.declaration(c, nil, -1, 0)...)
		case kMethodDefinition:
			// A method whose @implementation header was lost in an error:
			// keep it, attached to the last implementation seen.
			if lastImpl != nil {
				m := x.method(c, lastImpl)
				lastImpl.Methods = append(lastImpl.Methods, m)
			}
		case kPreprocIf, kPreprocIfdef, kPreprocElse, kPreprocElif, kPreprocElifdef,
			kLinkageSpecification, kDeclarationList, kError:
			x.topLevel(c)
		}
	})
}

func (x *extractor) include(n *fnode) {
	p := n.ChildByFieldName("path")
	if p == nil {
		return
	}
	t := x.text(p)
	imp := &Import{Pos: x.pos(n)}
	switch {
	case strings.HasPrefix(t, `"`):
		imp.Path, imp.Quoted = strings.Trim(t, `"`), true
	case strings.HasPrefix(t, "<"):
		imp.Path = strings.Trim(t, "<>")
	default:
		return
	}
	x.f.Imports = append(x.f.Imports, imp)
}

func (x *extractor) moduleImport(n *fnode) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(x.text(n)), "@import"), ";"))
	if t != "" {
		x.f.Imports = append(x.f.Imports, &Import{Path: t, Pos: x.pos(n)})
	}
}

// classHeader reads the name, superclass, category and protocols shared by
// class_interface and class_implementation.
func (x *extractor) classHeader(n *fnode, d *ClassDecl) (body []*fnode) {
	sawParen, sawColon := false, false
	x.children(n, func(_ int, c *fnode, field string) {
		switch field {
		case "superclass":
			d.Super = x.text(c)
			return
		case "category":
			d.Category = x.text(c)
			return
		}
		switch kindOf(c) {
		case kIdentifier, kTypeIdentifier:
			if d.Name == "" {
				d.Name = x.text(c)
			}
		case kParameterizedArguments, kProtocolReferenceList:
			if sawParen || sawColon || d.Kind == DeclImplementation {
				d.Protocols = append(d.Protocols, x.typeNames(c)...)
			}
		case kAnon:
			switch c.Type() {
			case "(":
				sawParen = true
			case ":":
				sawColon = true
			}
		default:
			body = append(body, c)
		}
	})
	return body
}

// typeNames returns the type names listed in a protocol list.
func (x *extractor) typeNames(n *fnode) []string {
	var out []string
	x.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kTypeName, kTypeIdentifier, kIdentifier:
			out = append(out, strings.TrimSpace(x.text(c)))
		}
	})
	return out
}

func (x *extractor) classInterface(n *fnode) *ClassDecl {
	d := &ClassDecl{Kind: DeclInterface, Pos: x.pos(n), End: x.end(n), File: x.f}
	// An extension has "(" ")" and no category field.
	hasParen := false
	x.children(n, func(_ int, c *fnode, _ string) {
		if kindOf(c) == kAnon && c.Type() == "(" {
			hasParen = true
		}
	})
	body := x.classHeader(n, d)
	if d.Category != "" {
		d.Kind = DeclCategory
	} else if hasParen {
		d.Kind = DeclExtension
	}
	x.classBody(body, d, nil)
	return d
}

// classBody extracts ivars, properties and methods from the members of an
// interface (or protocol, when p is not nil).
func (x *extractor) classBody(members []*fnode, d *ClassDecl, p *Protocol) {
	for _, c := range members {
		switch kindOf(c) {
		case kInstanceVariables:
			if d != nil {
				x.ivars(c, d)
			}
		case kPropertyDeclaration:
			props := x.property(c)
			for _, pr := range props {
				pr.Class, pr.Protocol = d, p
			}
			if d != nil {
				d.Properties = append(d.Properties, props...)
			} else if p != nil {
				p.Properties = append(p.Properties, props...)
			}
		case kMethodDeclaration:
			m := x.methodSignature(c)
			if d != nil {
				m.Class = d
				d.Methods = append(d.Methods, m)
			} else if p != nil {
				p.Methods = append(p.Methods, m)
			}
		case kPreprocIf, kPreprocIfdef, kPreprocElse, kPreprocElif, kPreprocElifdef, kError, kQualifiedProtocolInterfaceDeclaration:
			var inner []*fnode
			x.children(c, func(_ int, cc *fnode, _ string) { inner = append(inner, cc) })
			x.classBody(inner, d, p)
		}
	}
}

func (x *extractor) ivars(n *fnode, d *ClassDecl) {
	x.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kInstanceVariable:
			x.children(c, func(_ int, sd *fnode, _ string) {
				if kindOf(sd) != kStructDeclaration {
					return
				}
				for _, nd := range x.structDeclaration(sd) {
					d.Ivars = append(d.Ivars, &Ivar{Name: nd.name, Type: nd.typ, Pos: nd.pos, Class: d})
				}
			})
		case kPreprocIf, kPreprocIfdef, kPreprocElse, kPreprocElif, kError:
			x.ivars(c, d)
		}
	})
}

type namedDecl struct {
	name string
	typ  Type
	pos  token.Pos
}

// structDeclaration reads `T *a, *b;` as used by ivars and properties.
func (x *extractor) structDeclaration(n *fnode) []namedDecl {
	var spec typeSpec
	var decls []*fnode
	x.children(n, func(_ int, c *fnode, _ string) {
		if kindOf(c) == kStructDeclarator {
			decls = append(decls, c)
			return
		}
		spec.add(x, c)
	})
	var out []namedDecl
	for _, d := range decls {
		t := spec.typ()
		var inner *fnode
		x.children(d, func(_ int, c *fnode, _ string) {
			if c.IsNamed() && inner == nil {
				inner = c
			}
		})
		if inner == nil {
			continue
		}
		name, np := x.declarator(inner, &t)
		if name != "" {
			out = append(out, namedDecl{name: name, typ: t.finish(x), pos: np})
		}
	}
	return out
}

func (x *extractor) property(n *fnode) []*Property {
	var attrs []string
	var out []*Property
	x.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kPropertyAttributesDeclaration:
			x.children(c, func(_ int, a *fnode, _ string) {
				if kindOf(a) == kPropertyAttribute {
					attrs = append(attrs, x.propertyAttribute(strings.Join(strings.Fields(x.text(a)), "")))
				}
			})
		case kStructDeclaration:
			for _, nd := range x.structDeclaration(c) {
				out = append(out, &Property{Name: nd.name, Type: nd.typ, Attrs: attrs, Pos: nd.pos})
			}
		}
	})
	return out
}

// ownershipAttributes are the property attributes a project macro may
// stand for (`#define weak_delegate weak`).
var ownershipAttributes = map[string]bool{
	"weak": true, "strong": true, "copy": true, "retain": true, "assign": true, "unsafe_unretained": true,
	"atomic": true, "nonatomic": true, "readonly": true, "readwrite": true,
}

// propertyAttribute resolves an attribute written through a project macro
// whose every definition is one known attribute; when definitions differ
// (per #if branch) the first is used, which is right for the common case
// of `weak` vs `unsafe_unretained` (both non-owning).
func (x *extractor) propertyAttribute(a string) string {
	if ownershipAttributes[a] || strings.ContainsRune(a, '=') {
		return a
	}
	alts := x.macros.IdentAliases(a)
	if len(alts) == 0 {
		return a
	}
	for _, alt := range alts {
		if !ownershipAttributes[alt] {
			return a
		}
	}
	return alts[0]
}

func (x *extractor) protocol(n *fnode) *Protocol {
	p := &Protocol{Pos: x.pos(n), End: x.end(n), File: x.f}
	var members []*fnode
	x.children(n, func(_ int, c *fnode, field string) {
		switch kindOf(c) {
		case kIdentifier, kTypeIdentifier:
			if p.Name == "" {
				p.Name = x.text(c)
			}
		case kProtocolReferenceList, kParameterizedArguments:
			p.Protocols = append(p.Protocols, x.typeNames(c)...)
		default:
			members = append(members, c)
		}
	})
	x.classBody(members, nil, p)
	return p
}

func (x *extractor) classImplementation(n *fnode) *ClassDecl {
	d := &ClassDecl{Kind: DeclImplementation, Pos: x.pos(n), End: x.end(n), File: x.f}
	body := x.classHeader(n, d)
	if d.Category != "" {
		d.Kind = DeclCategoryImpl
	}
	x.implBody(body, d)
	return d
}

func (x *extractor) implBody(members []*fnode, d *ClassDecl) {
	for _, c := range members {
		switch kindOf(c) {
		case kInstanceVariables:
			x.ivars(c, d)
		case kImplementationDefinition, kPreprocIf, kPreprocIfdef, kPreprocElse, kPreprocElif, kError:
			var inner []*fnode
			x.children(c, func(_ int, cc *fnode, _ string) { inner = append(inner, cc) })
			x.implBody(inner, d)
		case kMethodDefinition:
			d.Methods = append(d.Methods, x.method(c, d))
		case kPropertyImplementation:
			x.synthesize(c, d)
		case kDeclaration:
			x.f.Globals = append(x.f.Globals, x.declaration(c, nil, -1, 0)...)
		case kFunctionDefinition:
			if fn := x.function(c); fn != nil {
				x.f.Functions = append(x.f.Functions, fn)
			}
		}
	}
}

// synthesize reads `@synthesize a = _a, b;` (flat tokens) and `@dynamic c;`.
func (x *extractor) synthesize(n *fnode, d *ClassDecl) {
	dynamic := false
	var cur *Synthesize
	afterEq := false
	x.children(n, func(_ int, c *fnode, _ string) {
		switch kindOf(c) {
		case kIdentifier:
			if afterEq && cur != nil {
				cur.Ivar = x.text(c)
				afterEq = false
				return
			}
			cur = &Synthesize{Property: x.text(c), Dynamic: dynamic, Pos: x.pos(c)}
			d.Synthesize = append(d.Synthesize, cur)
		case kAnon:
			switch c.Type() {
			case "@dynamic":
				dynamic = true
			case "=":
				afterEq = true
			case ",":
				afterEq = false
			}
		}
	})
}

// methodSignature reads the selector, return type and parameters.
func (x *extractor) methodSignature(n *fnode) *Method {
	m := &Method{Pos: x.pos(n), End: x.end(n)}
	// Keywords are identifiers followed by a method_parameter; an
	// identifier after the last parameter is an attribute macro the
	// pre-pass did not know (e.g. NS_DESIGNATED_INITIALIZER).
	var kids []*fnode
	x.children(n, func(_ int, c *fnode, _ string) { kids = append(kids, c) })
	var sel strings.Builder
	unary := ""
	for i, c := range kids {
		switch kindOf(c) {
		case kMethodType:
			m.Return = x.methodType(c)
		case kIdentifier:
			if i+1 < len(kids) && kindOf(kids[i+1]) == kMethodParameter {
				sel.WriteString(x.text(c))
			} else if unary == "" {
				unary = x.text(c)
			}
		case kMethodParameter:
			sel.WriteString(":")
			var p Param
			x.children(c, func(_ int, pc *fnode, _ string) {
				switch kindOf(pc) {
				case kMethodType:
					p.Type = x.methodType(pc)
				case kIdentifier:
					p.Name = x.text(pc)
				}
			})
			p.NoEscape = x.noEscapeIn(c)
			m.Params = append(m.Params, p)
		case kAnon:
			if c.Type() == "+" {
				m.ClassMethod = true
			}
		}
	}
	m.Selector = sel.String()
	if len(m.Params) == 0 {
		m.Selector = unary
	}
	return m
}

// noEscapeIn reports whether NS_NOESCAPE or __attribute__((noescape)) was
// written inside n (the pre-pass blanks the macro but records where).
func (x *extractor) noEscapeIn(n *fnode) bool {
	s, e := n.StartByte(), n.EndByte()
	for _, off := range x.noEscape {
		if uint32(off) >= s && uint32(off) < e {
			return true
		}
	}
	t := x.text(n)
	return strings.Contains(t, "NS_NOESCAPE") || strings.Contains(t, "noescape")
}

func (x *extractor) methodType(n *fnode) Type {
	var spec typeSpec
	x.children(n, func(_ int, c *fnode, _ string) {
		if kindOf(c) == kTypeName {
			x.children(c, func(_ int, tc *fnode, _ string) {
				if isAbstractDeclarator(kindOf(tc)) {
					spec.abstract(x, tc)
				} else {
					spec.add(x, tc)
				}
			})
		}
	})
	t := spec.typ()
	return t.finish(x)
}

func (x *extractor) method(n *fnode, d *ClassDecl) *Method {
	m := x.methodSignature(n)
	m.Class = d
	m.HasError = n.HasError()
	x.children(n, func(_ int, c *fnode, _ string) {
		if kindOf(c) == kCompoundStatement {
			m.Body = x.body(c, m.Params)
		}
	})
	return m
}

func (x *extractor) function(n *fnode) *Function {
	if x.cpp {
		// SEMANTICS/PARSING: C++ regions of .mm files are not trusted.
		return nil
	}
	fn := &Function{Pos: x.pos(n), End: x.end(n), HasError: n.HasError()}
	var body *fnode
	x.children(n, func(_ int, c *fnode, field string) {
		switch {
		case field == "declarator":
			d := c
			for d != nil && kindOf(d) != kFunctionDeclarator {
				d = d.ChildByFieldName("declarator")
			}
			if d == nil {
				return
			}
			if name := d.ChildByFieldName("declarator"); name != nil {
				fn.Name = x.text(name)
			}
			if pl := d.ChildByFieldName("parameters"); pl != nil {
				fn.Params = x.params(pl)
			}
		case field == "body":
			body = c
		case kindOf(c) == kStorageClassSpecifier:
			if x.text(c) == "static" {
				fn.Static = true
			}
		}
	})
	if body != nil {
		fn.Body = x.body(body, fn.Params)
	}
	return fn
}

func (x *extractor) params(n *fnode) []Param {
	var out []Param
	x.children(n, func(_ int, c *fnode, _ string) {
		if kindOf(c) != kParameterDeclaration {
			return
		}
		var spec typeSpec
		var p Param
		x.children(c, func(_ int, pc *fnode, field string) {
			if field == "declarator" {
				t := spec.typ()
				if isAbstractDeclarator(kindOf(pc)) {
					spec.abstract(x, pc)
					t = spec.typ()
				} else {
					p.Name, _ = x.declarator(pc, &t)
				}
				p.Type = t.finish(x)
				return
			}
			spec.add(x, pc)
		})
		if p.Type.Text == "" {
			t := spec.typ()
			p.Type = t.finish(x)
		}
		p.NoEscape = x.noEscapeIn(c)
		out = append(out, p)
	})
	return out
}
