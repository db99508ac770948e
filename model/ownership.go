package model

import (
	"fmt"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// Memory is the memory-management model a file is compiled with.
// The zero value is ARC, the default of every Xcode project since 2011.
type Memory int

// Memory models (SEMANTICS §1).
const (
	// ARC is automatic reference counting (-fobjc-arc).
	ARC Memory = iota
	// MRC is manual retain/release (no -fobjc-arc). Weak references are
	// assumed to be enabled (-fobjc-weak, the Xcode default
	// CLANG_ENABLE_OBJC_WEAK=YES); without it `weak` properties do not compile.
	MRC
)

// FileMemory returns the memory model a file is compiled with.
func FileMemory(f *objcparse.File) Memory {
	if f != nil && f.MRC {
		return MRC
	}
	return ARC
}

// DeclsMemory returns the memory model of a class from its declarations:
// MRC when one of them is in a file compiled without ARC (an
// implementation decides how its ivars and synthesized properties own).
func DeclsMemory(decls []*objcparse.ClassDecl) Memory {
	for _, d := range decls {
		if FileMemory(d.File) == MRC {
			return MRC
		}
	}
	return ARC
}

// String returns "ARC" or "MRC".
func (m Memory) String() string {
	switch m {
	case ARC:
		return "ARC"
	case MRC:
		return "MRC"
	}
	return fmt.Sprintf("Memory(%d)", int(m))
}

// Ownership says how a reference holds the object it points to.
// The zero value, OwnNone, means the reference is not an object reference.
type Ownership int

// Ownership kinds (SEMANTICS §1).
const (
	// OwnNone: not an object reference (scalars, C pointers, CF types,
	// structs without object members). Never an ownership edge.
	OwnNone Ownership = iota
	// OwnStrong: retains the object (__strong, strong, retain).
	OwnStrong
	// OwnCopy: retains a copy of the assigned object (the `copy`
	// attribute). It is owning: IsOwning reports true.
	OwnCopy
	// OwnWeak: a zeroing weak reference (__weak, weak); set to nil when the
	// object is deallocated.
	OwnWeak
	// OwnUnretained: holds the pointer without retaining it and without
	// zeroing (assign, unsafe_unretained, and unqualified references under
	// MRC): it dangles once the object is deallocated.
	OwnUnretained
	// OwnAutoreleasing: __autoreleasing; the object is autoreleased, the
	// variable is not an owner.
	OwnAutoreleasing
)

// String returns the word used in messages: "none", "strong", "copy",
// "weak", "unretained" or "autoreleasing".
func (o Ownership) String() string {
	switch o {
	case OwnNone:
		return "none"
	case OwnStrong:
		return "strong"
	case OwnCopy:
		return "copy"
	case OwnWeak:
		return "weak"
	case OwnUnretained:
		return "unretained"
	case OwnAutoreleasing:
		return "autoreleasing"
	}
	return fmt.Sprintf("Ownership(%d)", int(o))
}

// IsOwning reports whether the reference keeps its object alive: strong or
// copy. Only owning references are edges of the ownership graph (SEMANTICS §8).
func (o Ownership) IsOwning() bool { return o == OwnStrong || o == OwnCopy }

// IsObject reports whether the reference is an object reference at all.
func (o Ownership) IsObject() bool {
	return o >= OwnStrong && o <= OwnAutoreleasing
}

// Ownership qualifiers as the parser records them in Type.Qualifiers().
const (
	qualStrong        = "__strong"
	qualWeak          = "__weak"
	qualUnretained    = "__unsafe_unretained"
	qualAutoreleasing = "__autoreleasing"
	qualBlock         = "__block"
)

// qualifierOwnership returns the ownership written as a qualifier on t, or
// OwnNone when none is written. When several are written (a compile error),
// the first in the order weak, unsafe_unretained, autoreleasing, strong wins.
func qualifierOwnership(t objcparse.Type) Ownership {
	switch {
	case t.HasQualifier(qualWeak):
		return OwnWeak
	case t.HasQualifier(qualUnretained):
		return OwnUnretained
	case t.HasQualifier(qualAutoreleasing):
		return OwnAutoreleasing
	case t.HasQualifier(qualStrong):
		return OwnStrong
	}
	return OwnNone
}

// isObjectType reports whether t is a retainable object pointer: an
// Objective-C object pointer, id, Class or a block. An ownership qualifier
// written on a type the parser did not recognize (a typedef such as
// `__weak MyDelegateRef d`) also makes it an object, because clang only
// accepts those qualifiers on retainable types — unless the type is a
// known scalar, where clang ignores the qualifier with a warning.
func isObjectType(t objcparse.Type) bool {
	if t.Object || t.Block || (objectTypeNames[canonicalTypeName(t)] && !strings.Contains(t.Text, "*")) {
		return true
	}
	if qualifierOwnership(t) == OwnNone {
		return false
	}
	if strings.Contains(t.Text, "*") {
		// `__weak char *`: a qualified C pointer is not retainable.
		return false
	}
	_, _, known := scalarSize(canonicalTypeName(t))
	return !known
}

// objectTypeNames are the built-in object types written without a `*`.
var objectTypeNames = map[string]bool{"id": true, "Class": true, "instancetype": true}

// Property ownership attributes (SEMANTICS §1 table).
var ownershipAttrs = []struct {
	attr string
	own  Ownership
}{
	// Checked in this order; clang rejects conflicting attributes, so the
	// order only matters for code that does not compile.
	{"weak", OwnWeak},
	{"copy", OwnCopy},
	{"strong", OwnStrong},
	{"retain", OwnStrong},
	{"unsafe_unretained", OwnUnretained},
	{"assign", OwnUnretained},
}

// writtenPropertyOwnership returns the ownership a declaration states, by
// attribute or, as clang's deducePropertyOwnershipFromType does, by an
// ownership qualifier on the property's type (`@property __weak id x;`).
// ok is false when the declaration states none.
func writtenPropertyOwnership(p *objcparse.Property) (own Ownership, ok bool) {
	if p == nil {
		return OwnNone, false
	}
	for _, a := range ownershipAttrs {
		if p.HasAttr(a.attr) {
			return a.own, true
		}
	}
	switch q := qualifierOwnership(p.Type); q {
	case OwnWeak, OwnUnretained, OwnStrong:
		return q, true
	}
	return OwnNone, false
}

// BackedOwnership returns how a property whose declarations are decls
// and whose ownership EffectiveProperty found to be own holds its value,
// given the ivar the class declares itself behind it (nil when none): a
// property none of whose declarations writes its ownership (an attribute,
// or a __weak-style qualifier) takes that ivar's when it is __weak or
// __unsafe_unretained (`__weak id _delegate;` behind `@property
// (readonly) id delegate;`). clang infers a readonly property's
// ownership from its ivar, and a strong property over a weak ivar does not
// compile under ARC.
func BackedOwnership(decls []*objcparse.Property, ivar *objcparse.Ivar, own Ownership) Ownership {
	if ivar == nil || !own.IsOwning() {
		return own
	}
	for _, d := range decls {
		if _, ok := writtenPropertyOwnership(d); ok {
			return own
		}
	}
	switch {
	case ivar.Type.HasQualifier("__weak"):
		return OwnWeak
	case ivar.Type.HasQualifier("__unsafe_unretained"):
		return OwnUnretained
	}
	return own
}

// PropertyOwnership returns how property p holds its value under mem
// (SEMANTICS §1 table):
//
//	declaration                               ARC         MRC
//	strong / retain                           strong      strong
//	copy                                      copy        copy
//	weak                                      weak        weak (-fobjc-weak)
//	assign / unsafe_unretained, object type   unretained  unretained
//	no ownership attribute, object type       strong      unretained (assign)
//	non-object type (scalar, C pointer, CF)   none        none
//
// Block-typed properties are objects. strong, retain, copy and weak are
// only legal on retainable types, so a property carrying one of them is an
// object even if the parser did not recognize its type (a block typedef).
// An ownership qualifier on the type counts as the attribute, as in clang.
// A nil p is OwnNone.
func PropertyOwnership(p *objcparse.Property, mem Memory) Ownership {
	if p == nil {
		return OwnNone
	}
	own, written := writtenPropertyOwnership(p)
	return resolvePropertyOwnership(own, written, p.Type, mem)
}

// resolvePropertyOwnership applies the SEMANTICS §1 table to an ownership
// as written (written false: no attribute or qualifier) on type t.
func resolvePropertyOwnership(own Ownership, written bool, t objcparse.Type, mem Memory) Ownership {
	switch {
	case written && own != OwnUnretained:
		return own // strong, retain, copy, weak imply a retainable type
	case !isObjectType(t):
		return OwnNone
	case written:
		return own
	case mem == MRC:
		return OwnUnretained
	}
	return OwnStrong
}

// IvarOwnership returns how an instance variable of type t holds its value
// (SEMANTICS §1): under ARC an unqualified object ivar is __strong; under
// MRC it is unretained (the code retains by hand) and __strong has no
// effect. __weak is weak in both (MRC: -fobjc-weak), __unsafe_unretained
// is unretained. Non-object types are OwnNone.
func IvarOwnership(t objcparse.Type, mem Memory) Ownership {
	return variableOwnership(t, mem)
}

// LocalOwnership returns how a local variable of type t holds its value
// (SEMANTICS §1): under ARC an unqualified object local is strong for the
// variable's lifetime; under MRC a local is not an owner. A __block local
// owns like any other local; how blocks capture it is CaptureOwnership.
func LocalOwnership(t objcparse.Type, mem Memory) Ownership {
	return variableOwnership(t, mem)
}

func variableOwnership(t objcparse.Type, mem Memory) Ownership {
	if !isObjectType(t) {
		return OwnNone
	}
	switch q := qualifierOwnership(t); q {
	case OwnWeak, OwnUnretained, OwnAutoreleasing:
		return q
	}
	if mem == MRC {
		return OwnUnretained
	}
	return OwnStrong
}

// CaptureOwnership returns how a block literal captures a variable of type
// t (SEMANTICS §2):
//
//	variable                    ARC         MRC
//	object, no qualifier        strong      strong (when the block is copied)
//	__weak                      weak        weak
//	__unsafe_unretained         unretained  unretained
//	__block object              strong      unretained
//	__autoreleasing             autoreleasing (clang rejects the capture)
//	non-object (even __block)   none        none
//
// The MRC column follows clang's CGObjCCommonMac::getBlockCaptureLifetime:
// "In MRC, retainable pointers are owned by non-__block variables", and a
// __block variable's byref layout is __unsafe_unretained.
func CaptureOwnership(t objcparse.Type, mem Memory) Ownership {
	if !isObjectType(t) {
		return OwnNone
	}
	switch q := qualifierOwnership(t); q {
	case OwnWeak, OwnUnretained, OwnAutoreleasing:
		return q
	}
	if t.HasQualifier(qualBlock) && mem == MRC {
		return OwnUnretained
	}
	return OwnStrong
}

// SynthesizedIvar returns the instance variable that backs property prop
// (SEMANTICS §1): `@dynamic prop` → none (ok false); `@synthesize prop =
// other;` → other; `@synthesize prop;` → prop; no directive → _prop
// (auto-synthesis). The first directive naming prop wins.
//
// It does not know whether the class implements every accessor itself (then
// clang synthesizes no ivar unless @synthesize is written), nor whether the
// property comes from a protocol (protocol properties are not
// auto-synthesized): the caller checks those.
func SynthesizedIvar(prop string, synth []*objcparse.Synthesize) (ivar string, ok bool) {
	if prop == "" {
		return "", false
	}
	for _, s := range synth {
		if s == nil || s.Property != prop {
			continue
		}
		if s.Dynamic {
			return "", false
		}
		if s.Ivar != "" {
			return s.Ivar, true
		}
		return prop, true
	}
	return "_" + prop, true
}

// PropertyInfo is what one property of one class is after combining all its
// declarations (SEMANTICS §1).
type PropertyInfo struct {
	// Name is the property's name.
	Name string
	// Decl is the declaration the compiler synthesizes from: the first
	// class-extension declaration if any, else the @interface
	// declaration, else a category's, else a protocol's.
	Decl *objcparse.Property
	// Type is the type of Decl (an extension may narrow a readonly
	// property's type).
	Type objcparse.Type
	// Own is the effective ownership.
	Own Ownership
	// ReadOnly is true when no declaration makes the property writable.
	ReadOnly bool
	// Atomic is true unless the effective declaration is nonatomic.
	Atomic bool
	// Getter and Setter are the accessor selectors ("isOn", "setOn:").
	// Setter is "" for a read-only property.
	Getter, Setter string
	// CategoryOnly is true when every declaration is in a category: no ivar
	// is synthesized (state lives in associated objects or elsewhere).
	CategoryOnly bool
	// FromProtocol is true when no class declares the property and it
	// comes from an adopted protocol (it needs an explicit @synthesize).
	FromProtocol bool
}

// propertyRole ranks a declaration of a property.
type propertyRole int

const (
	roleNone      propertyRole = iota
	roleProtocol               // @protocol P ... @property
	roleCategory               // @interface C (Cat)
	roleInterface              // @interface C : S (the primary declaration)
	roleExtension              // @interface C () (class extension)
)

func roleOf(p *objcparse.Property) propertyRole {
	switch {
	case p == nil:
		return roleNone
	case p.Class == nil:
		return roleProtocol
	case p.Class.Kind == objcparse.DeclExtension:
		return roleExtension
	case p.Class.Kind == objcparse.DeclCategory, p.Class.Kind == objcparse.DeclCategoryImpl:
		return roleCategory
	}
	return roleInterface
}

// EffectiveProperty combines the declarations of one property of one class
// (SEMANTICS §1): its @interface declaration, class-extension
// redeclarations, category declarations and declarations in adopted
// protocols. Superclass declarations are not passed (a subclass
// redeclaration is a separate property). The order of decls does not
// matter: each declaration's role comes from its Class/Protocol field;
// among several declarations with the same role the first wins. nil
// entries are skipped; ok is false when no declaration remains.
//
// The combination follows clang's Sema::HandlePropertyInClassExtension:
//   - readonly in the @interface + readwrite in an extension is readwrite;
//   - ownership: the primary (@interface, else category, else protocol)
//     declaration's written ownership wins when it has one — clang warns
//     "property attribute in class extension does not match the primary
//     class" and keeps the primary's; otherwise the extension's; otherwise
//     the default for the type and mem (see PropertyOwnership). This is
//     more precise than SEMANTICS' "the most specific declaration wins",
//     which only holds when the primary writes no ownership;
//   - atomicity (checkAtomicPropertyMismatch with PropagateAtomicity): the
//     extension's if it writes atomic or nonatomic, otherwise inherited
//     from the primary; a property is atomic unless the declaration that
//     decides writes nonatomic;
//   - the getter is always the primary's (clang: "Always adopt the getter
//     from the original declaration").
func EffectiveProperty(decls []*objcparse.Property, mem Memory) (info PropertyInfo, ok bool) {
	var byRole [roleExtension + 1]*objcparse.Property
	for _, d := range decls {
		if r := roleOf(d); r != roleNone && byRole[r] == nil {
			byRole[r] = d
		}
	}
	primary := byRole[roleInterface]
	if primary == nil {
		primary = byRole[roleCategory]
	}
	if primary == nil {
		primary = byRole[roleProtocol]
	}
	ext := byRole[roleExtension]
	decl := ext
	if decl == nil {
		decl = primary
	}
	if decl == nil {
		return PropertyInfo{}, false
	}

	info = PropertyInfo{
		Name:         decl.Name,
		Decl:         decl,
		Type:         decl.Type,
		CategoryOnly: ext == nil && byRole[roleInterface] == nil && byRole[roleCategory] != nil,
		FromProtocol: ext == nil && byRole[roleInterface] == nil && byRole[roleCategory] == nil,
	}

	// Readability: an extension redeclaration is only legal as a readwrite
	// refinement, so an extension that does not say readonly makes the
	// property writable.
	switch {
	case ext != nil:
		info.ReadOnly = ext.HasAttr("readonly")
	default:
		info.ReadOnly = primary.HasAttr("readonly")
	}

	// Ownership: the primary's written ownership, else the deciding
	// declaration's, else the default; judged on the deciding type.
	own, written := writtenPropertyOwnership(primary)
	if !written {
		own, written = writtenPropertyOwnership(decl)
	}
	info.Own = resolvePropertyOwnership(own, written, decl.Type, mem)

	// Atomicity.
	atomicFrom := decl
	if ext != nil && primary != nil && !ext.HasAttr("atomic") && !ext.HasAttr("nonatomic") {
		atomicFrom = primary
	}
	info.Atomic = !atomicFrom.HasAttr("nonatomic")

	// Accessors.
	getterFrom := decl
	if primary != nil {
		getterFrom = primary
	}
	info.Getter = accessorAttr(getterFrom, "getter=")
	if info.Getter == "" {
		info.Getter = info.Name
	}
	if !info.ReadOnly {
		info.Setter = accessorAttr(decl, "setter=")
		if info.Setter == "" && primary != nil {
			info.Setter = accessorAttr(primary, "setter=")
		}
		if info.Setter == "" {
			info.Setter = DefaultSetter(info.Name)
		}
	}
	return info, true
}

// accessorAttr returns the value of a "getter=" or "setter=" attribute.
func accessorAttr(p *objcparse.Property, prefix string) string {
	if p == nil {
		return ""
	}
	for _, a := range p.Attrs {
		if v, ok := strings.CutPrefix(a, prefix); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// DefaultSetter returns the setter selector clang derives from a property
// name (SEMANTICS §1): "name" → "setName:". It returns "" for an empty name.
func DefaultSetter(name string) string {
	if name == "" {
		return ""
	}
	first := name[0]
	if first >= 'a' && first <= 'z' {
		first -= 'a' - 'A'
	}
	return "set" + string(first) + name[1:] + ":"
}

// SetterProperty returns the property name a one-argument setter-like
// selector names, the inverse of DefaultSetter for the usual spelling:
// "setName:" → "name", "setURL:" → "uRL" (lower-cased first letter, as
// the rest of the analysis keys properties). It reports false for other
// selectors ("set:", "settle:", "setA:b:").
func SetterProperty(sel string) (string, bool) {
	if len(sel) < 5 || !strings.HasPrefix(sel, "set") || !strings.HasSuffix(sel, ":") || strings.Count(sel, ":") != 1 {
		return "", false
	}
	c := sel[3]
	if c < 'A' || c > 'Z' {
		return "", false
	}
	return string(c+'a'-'A') + sel[4:len(sel)-1], true
}
