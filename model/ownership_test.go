package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

// Type helpers for the tables.
func objT(name string) objcparse.Type {
	return objcparse.Type{Text: name + " *", Name: name, Object: true}
}

var (
	idT     = objcparse.Type{Text: "id", Name: "id", Object: true}
	blockT  = objcparse.Type{Text: "void (^)(...)", Name: "void", Object: true, Block: true}
	boolT   = objcparse.Type{Text: "BOOL", Name: "BOOL"}
	intT    = objcparse.Type{Text: "int", Name: "int"}
	rectT   = objcparse.Type{Text: "CGRect", Name: "CGRect"}
	cfT     = objcparse.Type{Text: "CFStringRef", Name: "CFStringRef"}
	cPtrT   = objcparse.Type{Text: "char *", Name: "char"}
	voidPtr = objcparse.Type{Text: "void *", Name: "void"}
	// A block typedef the parser does not recognize as an object.
	typedefT = objcparse.Type{Text: "CompletionHandler", Name: "CompletionHandler"}
)

func qual(t objcparse.Type, q ...string) objcparse.Type {
	t = t.WithQualifiers(append(append([]string(nil), t.Qualifiers()...), q...))
	return t
}

func prop(t objcparse.Type, attrs ...string) *objcparse.Property {
	return &objcparse.Property{Name: "value", Type: t, Attrs: attrs}
}

// TestPropertyOwnership covers every row of the SEMANTICS §1 table for
// properties, under ARC and MRC.
func TestPropertyOwnership(t *testing.T) {
	tests := []struct {
		name     string
		p        *objcparse.Property
		arc, mrc Ownership
	}{
		{"strong", prop(objT("NSObject"), "nonatomic", "strong"), OwnStrong, OwnStrong},
		{"retain", prop(objT("NSObject"), "retain"), OwnStrong, OwnStrong},
		{"no attribute on object", prop(objT("NSObject"), "nonatomic"), OwnStrong, OwnUnretained},
		{"no attributes at all", prop(idT), OwnStrong, OwnUnretained},
		{"readonly without ownership", prop(objT("NSString"), "readonly"), OwnStrong, OwnUnretained},
		{"copy", prop(objT("NSString"), "nonatomic", "copy"), OwnCopy, OwnCopy},
		{"weak", prop(idT, "weak"), OwnWeak, OwnWeak},
		{"assign on object", prop(objT("NSObject"), "assign"), OwnUnretained, OwnUnretained},
		{"unsafe_unretained", prop(idT, "unsafe_unretained"), OwnUnretained, OwnUnretained},
		{"assign on scalar", prop(boolT, "nonatomic", "assign"), OwnNone, OwnNone},
		{"no attribute on scalar", prop(intT), OwnNone, OwnNone},
		{"struct", prop(rectT, "nonatomic"), OwnNone, OwnNone},
		{"CF type", prop(cfT, "nonatomic"), OwnNone, OwnNone},
		{"CF type assign", prop(cfT, "assign"), OwnNone, OwnNone},
		{"C pointer", prop(cPtrT, "assign"), OwnNone, OwnNone},
		{"block without attribute", prop(blockT, "nonatomic"), OwnStrong, OwnUnretained},
		{"block copy", prop(blockT, "nonatomic", "copy"), OwnCopy, OwnCopy},
		{"block strong", prop(blockT, "strong"), OwnStrong, OwnStrong},
		{"unrecognized typedef with copy is an object", prop(typedefT, "copy"), OwnCopy, OwnCopy},
		{"unrecognized typedef with assign stays scalar", prop(typedefT, "assign"), OwnNone, OwnNone},
		{"__weak type qualifier", prop(qual(idT, "__weak"), "nonatomic"), OwnWeak, OwnWeak},
		{"__unsafe_unretained type qualifier", prop(qual(idT, "__unsafe_unretained")), OwnUnretained, OwnUnretained},
		{"__strong type qualifier", prop(qual(idT, "__strong")), OwnStrong, OwnStrong},
		{"attribute beats qualifier", prop(qual(idT, "__weak"), "strong"), OwnStrong, OwnStrong},
		{"strong delegate", prop(objT("id<UITableViewDelegate>"), "nonatomic", "strong"), OwnStrong, OwnStrong},
		{"nil property", nil, OwnNone, OwnNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PropertyOwnership(tt.p, ARC); got != tt.arc {
				t.Errorf("ARC: PropertyOwnership = %v, want %v", got, tt.arc)
			}
			if got := PropertyOwnership(tt.p, MRC); got != tt.mrc {
				t.Errorf("MRC: PropertyOwnership = %v, want %v", got, tt.mrc)
			}
		})
	}
}

// TestVariableOwnership covers the ivar and local rows of the SEMANTICS §1
// table.
func TestVariableOwnership(t *testing.T) {
	tests := []struct {
		name               string
		t                  objcparse.Type
		ivarARC, ivarMRC   Ownership
		localARC, localMRC Ownership
	}{
		{"unqualified object", objT("NSObject"), OwnStrong, OwnUnretained, OwnStrong, OwnUnretained},
		{"id", idT, OwnStrong, OwnUnretained, OwnStrong, OwnUnretained},
		{"__strong", qual(idT, "__strong"), OwnStrong, OwnUnretained, OwnStrong, OwnUnretained},
		{"__weak", qual(idT, "__weak"), OwnWeak, OwnWeak, OwnWeak, OwnWeak},
		{"__unsafe_unretained", qual(objT("NSObject"), "__unsafe_unretained"), OwnUnretained, OwnUnretained, OwnUnretained, OwnUnretained},
		{"__autoreleasing", qual(objT("NSError"), "__autoreleasing"), OwnAutoreleasing, OwnAutoreleasing, OwnAutoreleasing, OwnAutoreleasing},
		{"__block object", qual(idT, "__block"), OwnStrong, OwnUnretained, OwnStrong, OwnUnretained},
		{"block", blockT, OwnStrong, OwnUnretained, OwnStrong, OwnUnretained},
		{"__weak typeof(self)", objcparse.Type{Text: "__typeof(self)", Name: "typeof", Object: true}.WithTypeof("self").WithQualifiers([]string{"__weak"}), OwnWeak, OwnWeak, OwnWeak, OwnWeak},
		{"__weak on unrecognized typedef", qual(typedefT, "__weak"), OwnWeak, OwnWeak, OwnWeak, OwnWeak},
		{"__weak on scalar is ignored", qual(intT, "__weak"), OwnNone, OwnNone, OwnNone, OwnNone},
		{"__weak on C pointer is ignored", qual(voidPtr, "__weak"), OwnNone, OwnNone, OwnNone, OwnNone},
		{"scalar", boolT, OwnNone, OwnNone, OwnNone, OwnNone},
		{"C pointer", cPtrT, OwnNone, OwnNone, OwnNone, OwnNone},
		{"CFTypeRef", cfT, OwnNone, OwnNone, OwnNone, OwnNone},
		{"struct", rectT, OwnNone, OwnNone, OwnNone, OwnNone},
		{"zero type", objcparse.Type{}, OwnNone, OwnNone, OwnNone, OwnNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IvarOwnership(tt.t, ARC); got != tt.ivarARC {
				t.Errorf("IvarOwnership(ARC) = %v, want %v", got, tt.ivarARC)
			}
			if got := IvarOwnership(tt.t, MRC); got != tt.ivarMRC {
				t.Errorf("IvarOwnership(MRC) = %v, want %v", got, tt.ivarMRC)
			}
			if got := LocalOwnership(tt.t, ARC); got != tt.localARC {
				t.Errorf("LocalOwnership(ARC) = %v, want %v", got, tt.localARC)
			}
			if got := LocalOwnership(tt.t, MRC); got != tt.localMRC {
				t.Errorf("LocalOwnership(MRC) = %v, want %v", got, tt.localMRC)
			}
		})
	}
}

// TestCaptureOwnership covers SEMANTICS §2 capture rules and the __block
// row of §1.
func TestCaptureOwnership(t *testing.T) {
	tests := []struct {
		name     string
		t        objcparse.Type
		arc, mrc Ownership
	}{
		{"plain object", objT("NSObject"), OwnStrong, OwnStrong},
		{"self", objcparse.Type{Text: "Foo *", Name: "Foo", Object: true}, OwnStrong, OwnStrong},
		{"__strong", qual(idT, "__strong"), OwnStrong, OwnStrong},
		{"__weak", qual(idT, "__weak"), OwnWeak, OwnWeak},
		{"weakSelf typeof", objcparse.Type{Text: "typeof(self)", Name: "typeof", Object: true}.WithTypeof("self").WithQualifiers([]string{"__weak"}), OwnWeak, OwnWeak},
		{"__unsafe_unretained", qual(idT, "__unsafe_unretained"), OwnUnretained, OwnUnretained},
		{"__block object", qual(objT("NSObject"), "__block"), OwnStrong, OwnUnretained},
		{"__block __weak object", qual(idT, "__block", "__weak"), OwnWeak, OwnWeak},
		{"__autoreleasing", qual(idT, "__autoreleasing"), OwnAutoreleasing, OwnAutoreleasing},
		{"block variable", blockT, OwnStrong, OwnStrong},
		{"__block int", qual(intT, "__block"), OwnNone, OwnNone},
		{"scalar", boolT, OwnNone, OwnNone},
		{"C pointer", voidPtr, OwnNone, OwnNone},
		{"CF type", cfT, OwnNone, OwnNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CaptureOwnership(tt.t, ARC); got != tt.arc {
				t.Errorf("ARC: CaptureOwnership = %v, want %v", got, tt.arc)
			}
			if got := CaptureOwnership(tt.t, MRC); got != tt.mrc {
				t.Errorf("MRC: CaptureOwnership = %v, want %v", got, tt.mrc)
			}
		})
	}
}

func TestOwnershipMethods(t *testing.T) {
	tests := []struct {
		o        Ownership
		str      string
		owning   bool
		isObject bool
	}{
		{OwnNone, "none", false, false},
		{OwnStrong, "strong", true, true},
		{OwnCopy, "copy", true, true},
		{OwnWeak, "weak", false, true},
		{OwnUnretained, "unretained", false, true},
		{OwnAutoreleasing, "autoreleasing", false, true},
		{Ownership(42), "Ownership(42)", false, false},
		{Ownership(-1), "Ownership(-1)", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			if got := tt.o.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := tt.o.IsOwning(); got != tt.owning {
				t.Errorf("IsOwning() = %v, want %v", got, tt.owning)
			}
			if got := tt.o.IsObject(); got != tt.isObject {
				t.Errorf("IsObject() = %v, want %v", got, tt.isObject)
			}
		})
	}
}

func TestMemoryString(t *testing.T) {
	tests := []struct {
		m    Memory
		want string
	}{
		{ARC, "ARC"},
		{MRC, "MRC"},
		{Memory(7), "Memory(7)"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Memory(%d).String() = %q, want %q", int(tt.m), got, tt.want)
		}
	}
	var zero Memory
	if zero != ARC {
		t.Errorf("zero Memory = %v, want ARC", zero)
	}
}

func TestSynthesizedIvar(t *testing.T) {
	tests := []struct {
		name   string
		prop   string
		synth  []*objcparse.Synthesize
		want   string
		wantOK bool
	}{
		{"auto-synthesis", "name", nil, "_name", true},
		{"other property synthesized", "name", []*objcparse.Synthesize{{Property: "title", Ivar: "_t"}}, "_name", true},
		{"synthesize = other", "name", []*objcparse.Synthesize{{Property: "name", Ivar: "myName"}}, "myName", true},
		{"synthesize without =", "name", []*objcparse.Synthesize{{Property: "name"}}, "name", true},
		{"dynamic", "name", []*objcparse.Synthesize{{Property: "name", Dynamic: true}}, "", false},
		{"first directive wins", "name", []*objcparse.Synthesize{{Property: "name", Ivar: "a"}, {Property: "name", Dynamic: true}}, "a", true},
		{"nil entries skipped", "name", []*objcparse.Synthesize{nil, {Property: "name", Ivar: "n"}}, "n", true},
		{"empty property name", "", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SynthesizedIvar(tt.prop, tt.synth)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("SynthesizedIvar(%q) = %q, %v; want %q, %v", tt.prop, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestEffectiveProperty(t *testing.T) {
	iface := &objcparse.ClassDecl{Kind: objcparse.DeclInterface, Name: "C"}
	ext := &objcparse.ClassDecl{Kind: objcparse.DeclExtension, Name: "C"}
	cat := &objcparse.ClassDecl{Kind: objcparse.DeclCategory, Name: "C", Category: "Extra"}
	proto := &objcparse.Protocol{Name: "P"}
	in := func(c *objcparse.ClassDecl, ty objcparse.Type, attrs ...string) *objcparse.Property {
		return &objcparse.Property{Name: "name", Type: ty, Attrs: attrs, Class: c}
	}
	inProto := func(ty objcparse.Type, attrs ...string) *objcparse.Property {
		return &objcparse.Property{Name: "name", Type: ty, Attrs: attrs, Protocol: proto}
	}
	str := objT("NSString")
	mstr := objT("NSMutableString")

	type want struct {
		own          Ownership
		readOnly     bool
		atomic       bool
		getter       string
		setter       string
		categoryOnly bool
		fromProtocol bool
		typeName     string
	}
	tests := []struct {
		name  string
		decls []*objcparse.Property
		mem   Memory
		want  want
	}{
		{
			name:  "single interface declaration",
			decls: []*objcparse.Property{in(iface, str, "nonatomic", "copy")},
			want:  want{own: OwnCopy, atomic: false, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name:  "atomic by default",
			decls: []*objcparse.Property{in(iface, str, "strong")},
			want:  want{own: OwnStrong, atomic: true, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "readonly header, readwrite extension",
			decls: []*objcparse.Property{
				in(ext, str, "nonatomic", "readwrite", "copy"),
				in(iface, str, "nonatomic", "readonly"),
			},
			want: want{own: OwnCopy, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "order does not matter",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly"),
				in(ext, str, "nonatomic", "readwrite", "copy"),
			},
			want: want{own: OwnCopy, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "readonly everywhere",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly", "copy"),
			},
			want: want{own: OwnCopy, readOnly: true, getter: "name", typeName: "NSString"},
		},
		{
			name: "primary ownership wins a conflict, as clang does",
			decls: []*objcparse.Property{
				in(ext, str, "nonatomic", "readwrite", "strong"),
				in(iface, str, "nonatomic", "readonly", "copy"),
			},
			want: want{own: OwnCopy, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "extension decides when the primary writes no ownership (MRC)",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly"),
				in(ext, str, "nonatomic", "readwrite", "retain"),
			},
			mem:  MRC,
			want: want{own: OwnStrong, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "no ownership anywhere under MRC is assign",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly"),
				in(ext, str, "nonatomic", "readwrite"),
			},
			mem:  MRC,
			want: want{own: OwnUnretained, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "atomicity propagates from the primary when the extension writes none",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly"),
				in(ext, str, "readwrite", "copy"),
			},
			want: want{own: OwnCopy, atomic: false, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "extension's explicit atomic wins",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly"),
				in(ext, str, "atomic", "readwrite", "copy"),
			},
			want: want{own: OwnCopy, atomic: true, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "extension's nonatomic wins over an atomic primary",
			decls: []*objcparse.Property{
				in(iface, str, "readonly"),
				in(ext, str, "nonatomic", "readwrite", "copy"),
			},
			want: want{own: OwnCopy, atomic: false, getter: "name", setter: "setName:", typeName: "NSString"},
		},
		{
			name: "extension narrows the type",
			decls: []*objcparse.Property{
				in(iface, str, "nonatomic", "readonly", "copy"),
				in(ext, mstr, "nonatomic", "readwrite"),
			},
			want: want{own: OwnCopy, getter: "name", setter: "setName:", typeName: "NSMutableString"},
		},
		{
			name: "primary getter is kept, custom setter",
			decls: []*objcparse.Property{
				in(iface, boolT, "nonatomic", "readonly", "getter=isName"),
				in(ext, boolT, "nonatomic", "readwrite", "setter=updateName:"),
			},
			want: want{own: OwnNone, getter: "isName", setter: "updateName:", typeName: "BOOL"},
		},
		{
			name:  "category only",
			decls: []*objcparse.Property{in(cat, str, "nonatomic", "copy")},
			want:  want{own: OwnCopy, getter: "name", setter: "setName:", categoryOnly: true, typeName: "NSString"},
		},
		{
			name:  "protocol only",
			decls: []*objcparse.Property{inProto(idT, "nonatomic", "weak")},
			want:  want{own: OwnWeak, getter: "name", setter: "setName:", fromProtocol: true, typeName: "id"},
		},
		{
			name: "class declaration beats protocol",
			decls: []*objcparse.Property{
				inProto(idT, "nonatomic", "weak"),
				in(iface, idT, "nonatomic", "strong"),
			},
			want: want{own: OwnStrong, getter: "name", setter: "setName:", typeName: "id"},
		},
		{
			name: "primary ownership from a type qualifier",
			decls: []*objcparse.Property{
				in(iface, qual(idT, "__weak"), "nonatomic", "readonly"),
				in(ext, idT, "nonatomic", "readwrite"),
			},
			want: want{own: OwnWeak, getter: "name", setter: "setName:", typeName: "id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, ok := EffectiveProperty(tt.decls, tt.mem)
			if !ok {
				t.Fatalf("EffectiveProperty: ok = false")
			}
			got := want{
				own: info.Own, readOnly: info.ReadOnly, atomic: info.Atomic,
				getter: info.Getter, setter: info.Setter,
				categoryOnly: info.CategoryOnly, fromProtocol: info.FromProtocol,
				typeName: info.Type.Name,
			}
			if got != tt.want {
				t.Errorf("EffectiveProperty =\n %+v\nwant\n %+v", got, tt.want)
			}
			if info.Name != "name" || info.Decl == nil {
				t.Errorf("Name = %q, Decl = %v", info.Name, info.Decl)
			}
		})
	}
}

func TestEffectivePropertyEmpty(t *testing.T) {
	for _, decls := range [][]*objcparse.Property{nil, {}, {nil, nil}} {
		if _, ok := EffectiveProperty(decls, ARC); ok {
			t.Errorf("EffectiveProperty(%v): ok = true, want false", decls)
		}
	}
}

func TestDefaultSetter(t *testing.T) {
	tests := []struct{ name, want string }{
		{"name", "setName:"},
		{"URL", "setURL:"},
		{"_private", "set_private:"},
		{"x", "setX:"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DefaultSetter(tt.name); got != tt.want {
			t.Errorf("DefaultSetter(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSetterProperty(t *testing.T) {
	for sel, want := range map[string]string{
		"setName:":         "name",
		"setDragDelegate:": "dragDelegate",
		"setX:":            "x",
		"set:":             "",
		"settle:":          "",
		"setA:b:":          "",
		"setName":          "",
		"":                 "",
	} {
		got, ok := SetterProperty(sel)
		if got != want || ok != (want != "") {
			t.Errorf("SetterProperty(%q) = %q, %v; want %q", sel, got, ok, want)
		}
	}
}

func TestFileAndDeclsMemory(t *testing.T) {
	arc, mrc := &objcparse.File{}, &objcparse.File{MRC: true}
	if FileMemory(arc) != ARC || FileMemory(mrc) != MRC || FileMemory(nil) != ARC {
		t.Error("FileMemory")
	}
	if DeclsMemory([]*objcparse.ClassDecl{{File: arc}, {File: mrc}}) != MRC || DeclsMemory([]*objcparse.ClassDecl{{File: arc}, {}}) != ARC {
		t.Error("DeclsMemory: one MRC file makes the class MRC")
	}
}

// TestBackedOwnership: a property that writes no ownership takes a weak or
// unretained ivar's; a written one, or a strong ivar, changes nothing.
func TestBackedOwnership(t *testing.T) {
	weakIvar := &objcparse.Ivar{Name: "_value", Type: qual(idT, "__weak")}
	unretainedIvar := &objcparse.Ivar{Name: "_value", Type: qual(idT, "__unsafe_unretained")}
	strongIvar := &objcparse.Ivar{Name: "_value", Type: idT}
	for _, tc := range []struct {
		name  string
		decls []*objcparse.Property
		ivar  *objcparse.Ivar
		own   Ownership
		want  Ownership
	}{
		{"readonly over weak ivar", []*objcparse.Property{prop(idT, "readonly")}, weakIvar, OwnStrong, OwnWeak},
		{"over unretained ivar", []*objcparse.Property{prop(idT)}, unretainedIvar, OwnStrong, OwnUnretained},
		{"over strong ivar", []*objcparse.Property{prop(idT, "readonly")}, strongIvar, OwnStrong, OwnStrong},
		{"no ivar", []*objcparse.Property{prop(idT, "readonly")}, nil, OwnStrong, OwnStrong},
		{"written strong", []*objcparse.Property{prop(idT, "readonly", "strong")}, weakIvar, OwnStrong, OwnStrong},
		{"written in an extension", []*objcparse.Property{prop(idT, "readonly"), prop(idT, "readwrite", "retain")}, weakIvar, OwnStrong, OwnStrong},
		{"not owning", []*objcparse.Property{prop(idT, "assign")}, strongIvar, OwnUnretained, OwnUnretained},
	} {
		if got := BackedOwnership(tc.decls, tc.ivar, tc.own); got != tc.want {
			t.Errorf("%s: BackedOwnership = %v, want %v", tc.name, got, tc.want)
		}
	}
}
