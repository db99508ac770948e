package objcparse

import (
	"bytes"
	"go/token"
	"strings"
)

// typeSpec accumulates the parts of a declaration's type: specifiers and
// qualifiers first, then what the declarator adds.
type typeSpec struct {
	name       string   // base type name
	parts      []string // spelling of specifiers
	qualifiers []string
	typeOf     string
	pointers   int
	block      bool
	static     bool
	generic    string // "<...>" protocol/generic arguments of id or a class
}

// ownershipQualifiers are the qualifier spellings that matter to the
// analysis; others (const, nullability) are kept in Text only.
var qualifierWords = map[string]bool{
	"__weak": true, "__strong": true, "__unsafe_unretained": true, "__autoreleasing": true,
	"__block": true, "const": true, "volatile": true, "__kindof": true,
	"_Nullable": true, "_Nonnull": true, "__nullable": true, "__nonnull": true,
	"nullable": true, "nonnull": true, "_Null_unspecified": true, "__unused": true,
	// Interface Builder markers: `IBOutlet UIButton *_button;` is a UIButton.
	"IBOutlet": true, "IBInspectable": true,
}

func (s *typeSpec) add(x *extractor, n *fnode) {
	switch kindOf(n) {
	case kTypeQualifier, kAttributeSpecifier, kAttribute:
		q := strings.TrimSpace(x.text(n))
		s.qualifiers = append(s.qualifiers, q)
	case kStorageClassSpecifier:
		if x.text(n) == "static" {
			s.static = true
		}
	case kTypeIdentifier, kPrimitiveType, kSizedTypeSpecifier:
		t := strings.Join(strings.Fields(x.text(n)), " ")
		if s.name == "" && !qualifierWords[t] {
			s.name = t
		} else if qualifierWords[t] {
			s.qualifiers = append(s.qualifiers, t)
		}
		s.parts = append(s.parts, t)
	case kTypedefedSpecifier: // id, SEL, Class, BOOL...: the grammar's built-in typedefs
		if s.name == "" {
			t := strings.Join(strings.Fields(x.text(n)), "")
			base, args, _ := strings.Cut(t, "<")
			s.name = base
			if s.name == "" {
				s.name = "id"
			}
			if args != "" {
				s.generic = "<" + args
			}
		}
		s.parts = append(s.parts, strings.Join(strings.Fields(x.text(n)), ""))
	case kGenericSpecifier:
		t := strings.Join(strings.Fields(x.text(n)), " ")
		base, args, _ := strings.Cut(t, "<")
		if s.name == "" {
			s.name = strings.TrimSpace(base)
			if args != "" {
				s.generic = "<" + args
			}
		}
		s.parts = append(s.parts, t)
	case kTypeofSpecifier:
		t := x.text(n)
		if i := strings.IndexByte(t, '('); i >= 0 {
			s.typeOf = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t[i+1:]), ")"))
		}
		if s.name == "" {
			s.name = "typeof"
		}
		s.parts = append(s.parts, strings.Join(strings.Fields(t), " "))
	case kMacroTypeSpecifier:
		// A project macro spelling a qualified typeof of its argument
		// (`ORKWeakTypeOf(self)` for `__weak __typeof(self)`).
		t := strings.Join(strings.Fields(x.text(n)), " ")
		if name, arg, ok := strings.Cut(t, "("); ok && strings.HasSuffix(arg, ")") {
			if quals, ok := x.macros.TypeofQualifiers(strings.TrimSpace(name)); ok {
				s.qualifiers = append(s.qualifiers, quals...)
				s.typeOf = strings.TrimSpace(strings.TrimSuffix(arg, ")"))
				if s.name == "" {
					s.name = "typeof"
				}
				s.parts = append(s.parts, t)
				return
			}
		}
		if len(t) > 60 {
			t = t[:60]
		}
		if s.name == "" {
			s.name = t
		}
		s.parts = append(s.parts, t)
	case kStructSpecifier, kUnionSpecifier, kEnumSpecifier:
		t := strings.Join(strings.Fields(x.text(n)), " ")
		if len(t) > 60 {
			t = t[:60]
		}
		if s.name == "" {
			s.name = t
		}
		s.parts = append(s.parts, t)
	case kProtocolQualifier:
		s.qualifiers = append(s.qualifiers, x.text(n))
	}
}

// abstract applies an abstract declarator (as in method types `(NSString *)`).
func (s *typeSpec) abstract(x *extractor, n *fnode) {
	for n != nil {
		switch kindOf(n) {
		case kAbstractPointerDeclarator:
			s.pointers++
		case kAbstractBlockPointerDeclarator:
			s.block = true
		}
		var next *fnode
		x.children(n, func(_ int, c *fnode, field string) {
			switch kindOf(c) {
			case kTypeQualifier:
				s.qualifiers = append(s.qualifiers, x.text(c))
			case kParameterList:
				// A block's parameters may hold the block pointer (`void (^)(int)`).
				if next == nil {
					x.children(c, func(_ int, pc *fnode, _ string) {
						if kindOf(pc) == kParameterDeclaration && strings.Contains(x.text(pc), "^") && !strings.Contains(x.text(pc), "(") {
							s.block = true
						}
					})
				}
			default:
				if next == nil && isAbstractDeclarator(kindOf(c)) {
					next = c
				}
			}
		})
		n = next
	}
}

func isAbstractDeclarator(k kind) bool {
	switch k {
	case kAbstractPointerDeclarator, kAbstractBlockPointerDeclarator, kAbstractFunctionDeclarator,
		kAbstractArrayDeclarator, kAbstractParenthesizedDeclarator:
		return true
	}
	return false
}

// declarator walks a (non-abstract) declarator, applying pointers, blocks
// and qualifiers to t, and returns the declared name and its position.
func (x *extractor) declarator(n *fnode, t *typeSpec) (string, token.Pos) {
	for depth := 0; n != nil && depth < 64; depth++ {
		switch kindOf(n) {
		case kIdentifier, kFieldIdentifier, kTypeIdentifier:
			return x.text(n), x.pos(n)
		case kPointerDeclarator:
			t.pointers++
		case kBlockPointerDeclarator:
			t.block = true
		case kArrayDeclarator:
			t.pointers = 0 // arrays of objects: treat as non-owning C storage
			t.name = "[]"
		}
		var next *fnode
		x.children(n, func(_ int, c *fnode, field string) {
			switch {
			case kindOf(c) == kTypeQualifier:
				t.qualifiers = append(t.qualifiers, strings.TrimSpace(x.text(c)))
			case field == "declarator" && next == nil:
				next = c
			case next == nil && isDeclarator(kindOf(c)):
				next = c
			}
		})
		n = next
	}
	return "", token.NoPos
}

func isDeclarator(k kind) bool {
	switch k {
	case kIdentifier, kFieldIdentifier, kTypeIdentifier, kPointerDeclarator, kBlockPointerDeclarator,
		kFunctionDeclarator, kParenthesizedDeclarator, kArrayDeclarator, kAttributedDeclarator, kInitDeclarator:
		return true
	}
	return false
}

// nonObjectPointees are capitalized C types that are not Objective-C objects
// even behind a pointer.
var nonObjectPointees = map[string]bool{
	"CGPoint": true, "CGSize": true, "CGRect": true, "CGFloat": true, "NSRange": true, "NSZone": true,
	"BOOL": true, "FILE": true, "NSInteger": true, "NSUInteger": true, "UIEdgeInsets": true,
	"CGAffineTransform": true, "CATransform3D": true,
}

// objectTypedefs are framework typedefs that are Objective-C objects without a `*`.
var objectTypedefs = map[string]bool{
	"id": true, "instancetype": true, "Class": true,
	"dispatch_queue_t": true, "dispatch_source_t": true, "dispatch_group_t": true,
	"dispatch_semaphore_t": true, "dispatch_block_t": true, "dispatch_data_t": true,
	"dispatch_io_t": true, "dispatch_object_t": true, "os_log_t": true, "nw_connection_t": true,
}

// finish computes the derived fields of the type.
func (s typeSpec) typ() typeSpec { return s }

// internExtra returns the typeExtra in m for qualifiers q (copied) and
// typeof argument typeOf, adding it, or nil when there are none.
func internExtra(m map[string]*typeExtra, q []string, typeOf string) *typeExtra {
	if len(q) == 0 && typeOf == "" {
		return nil
	}
	key := strings.Join(q, " ") + "\x00" + typeOf
	if e, ok := m[key]; ok {
		return e
	}
	e := &typeExtra{qualifiers: append([]string(nil), q...), typeOf: typeOf}
	m[key] = e
	return e
}

func (s *typeSpec) finish(x *extractor) Type {
	t := Type{Name: s.name, Block: s.block, extra: internExtra(x.extras, s.qualifiers, s.typeOf)}
	switch {
	case s.block:
		t.Object = true
	case s.typeOf != "":
		t.Object = true // typeof(self), __typeof(weakSelf): objects in practice
	case objectTypedefs[s.name]:
		t.Object = s.pointers == 0 || s.name == "id" && s.pointers == 0
	case s.pointers == 1 && s.name != "" && isUpper(s.name[0]) && !nonObjectPointees[s.name] && !strings.HasSuffix(s.name, "Ref"):
		t.Object = true
	}
	// The spelling is built in the extractor's scratch buffer and
	// interned: types repeat ("NSString *", "BOOL").
	b := x.scratch[:0]
	for i, p := range s.parts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, p...)
	}
	if s.generic != "" && bytes.IndexByte(b, '<') < 0 {
		b = append(b, s.generic...)
	}
	if s.block {
		b = append(b, " (^)(...)"...)
	} else if s.pointers > 0 {
		b = append(b, ' ')
		for range s.pointers {
			b = append(b, '*')
		}
	}
	t.Text = x.intern(bytes.TrimSpace(b))
	x.scratch = b[:0]
	return t
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
