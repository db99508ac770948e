// Package classinfo computes what objcleak's model believes about one
// class of the analyzed project, for `objcleak inspect class` and, later,
// for the retain-cycle graph: the superclass chain, where the class is
// declared, its instance variables in the order and at the offsets clang
// lays them out, its properties with their effective attributes, the
// strong and weak ivar layouts exactly as class_getIvarLayout and
// class_getWeakIvarLayout return them (SEMANTICS §1 "Ivar layout"), and
// the owning references that leave an instance.
//
// Decisions and limits:
//   - Memory model: the file of the class's @implementation decides (its
//     File.MRC: a `[super dealloc]` or an objc_arc #error guard); without
//     an @implementation in the project, any declaring file that shows MRC,
//     else ARC (with a note).
//   - Ivar order (clang's ObjCInterfaceDecl::all_declared_ivar_begin):
//     ivars declared in the @interface braces, then in class extensions'
//     braces (extensions in file order), then in the @implementation's
//     braces; then the synthesized ivars — explicit @synthesize directives
//     in source order, then auto-synthesized properties in declaration
//     order (interface, extensions) — stable-sorted by size, smallest first
//     (model.OrderIvars).
//   - A property gets a synthesized ivar unless it is @dynamic, a class
//     property, declared only in categories, declared only in a protocol
//     without an explicit @synthesize (clang does not auto-synthesize
//     protocol properties), declared by a project superclass as well (the
//     superclass implements it), or every accessor it needs (the getter, and
//     the setter unless read-only) is defined in the class's @implementation.
//     Accessors defined in category implementations or outside the project
//     are not seen: such a property is reported with a synthesized ivar.
//     When the ivar it names is declared in braces, that ivar backs it and
//     no ivar is added.
//   - Types: project typedefs are resolved (a block typedef is a block, a
//     typedef of an object pointer an object). Struct members are not read
//     by objcparse, so a struct ivar is sized by assumption (one word) and
//     its object members are missing from the layouts; a note says so.
//     C arrays and unknown types are assumed one word too (model.TypeSize).
//   - The superclass chain's ivars are laid out first: each project
//     superclass's ivars start at its own superclass's unaligned end; the
//     first class outside the project contributes 8 bytes (isa). That is
//     exact for NSObject and NSProxy; for any other class (UIViewController,
//     AFHTTPSessionManager) it is an assumption, noted: offsets and slot
//     indexes are then too small, while the layout bytes, which count from
//     the class's first ivar word, stay right when the real superclass ends
//     on a word boundary.
//   - Owning references are the owning (strong or copy) instance variables
//     of the class itself: declared ivars by their ownership, synthesized
//     ivars by their property's. Under MRC a declared ivar is not owning
//     unless it backs a retain/copy property (its setter retains). Owning
//     properties without an ivar in this class are not references of the
//     instance (a note says why each is left out); inherited ivars are the
//     superclasses' references.
package classinfo

import (
	"go/token"
	"strconv"
)

// FormatVersion is the version of the JSON document; it changes only when
// a field is renamed or removed (adding fields does not change it).
const FormatVersion = 1

// ClassInfo is what the model believes about one class. Field names are
// stable: they are the JSON keys of `objcleak inspect class --format json`,
// and every key is always present (empty lists are [], not null).
type ClassInfo struct {
	// Version is FormatVersion.
	Version int `json:"version"`
	// Name is the class name.
	Name string `json:"name"`
	// Memory is "ARC" or "MRC"; MemoryReason says how it was decided.
	Memory       string `json:"memory"`
	MemoryReason string `json:"memoryReason"`
	// Lifetime says why instances of the class live as long as the process
	// (a singleton, the application delegate, a root controller of the
	// main storyboard, …): cycles among such objects are not reported,
	// or are notes. "" when nothing shows that: its instances are made
	// and freed by the program.
	Lifetime string `json:"lifetime"`
	// Superclasses is the superclass chain, nearest first, ending with the
	// first class the project does not declare (e.g. NSObject).
	Superclasses []Superclass `json:"superclasses"`
	// Protocols are the protocols adopted by any declaration of the class.
	Protocols []string `json:"protocols"`
	// Declarations are the @interface, extension, category and
	// @implementation blocks of the class, in file order.
	Declarations []Declaration `json:"declarations"`
	// IvarStart is the byte offset the class's ivars are laid out from: the
	// superclass's unaligned instance end. IvarEnd is one past the class's
	// last ivar byte, and InstanceSize is IvarEnd rounded up to a word
	// (class_getInstanceSize).
	IvarStart    int `json:"ivarStart"`
	IvarEnd      int `json:"ivarEnd"`
	InstanceSize int `json:"instanceSize"`
	// Ivars are the class's own instance variables in layout order.
	Ivars []Ivar `json:"ivars"`
	// Properties are the class's properties (own, extensions, categories,
	// adopted protocols), in declaration order.
	Properties []Property `json:"properties"`
	// StrongLayout is what class_getIvarLayout returns, WeakLayout what
	// class_getWeakIvarLayout returns.
	StrongLayout Layout `json:"strongLayout"`
	WeakLayout   Layout `json:"weakLayout"`
	// OwningReferences are the owning edges leaving an instance.
	OwningReferences []Reference `json:"owningReferences"`
	// Notes say what was assumed and what was left out, and why.
	Notes []string `json:"notes"`
}

// A Position is a source location; Path is relative to the directory the
// report is for (the current directory for the CLI) when the file is below
// it. The zero Position means "unknown".
type Position struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String returns "path:line", or "-" for the zero Position.
func (p Position) String() string {
	if p.Path == "" {
		return "-"
	}
	return p.Path + ":" + strconv.Itoa(p.Line)
}

// A Superclass is one class of the superclass chain.
type Superclass struct {
	Name string `json:"name"`
	// InProject is true when the project declares the class.
	InProject bool `json:"inProject"`
	// IvarStart and IvarEnd delimit the bytes of the class's own ivars
	// (IvarEnd is unaligned: the next class starts there). A class outside
	// the project is isa only: 0 to 8.
	IvarStart int `json:"ivarStart"`
	IvarEnd   int `json:"ivarEnd"`
	// Assumed is true when IvarEnd is an assumption: a class outside the
	// project other than NSObject and NSProxy.
	Assumed bool `json:"assumed"`
	// Position is the class's @interface (or first declaration) in the
	// project; zero outside the project.
	Position Position `json:"position"`
}

// A Declaration is one @interface or @implementation block of the class.
type Declaration struct {
	// Kind is "interface", "extension", "category", "implementation" or
	// "category implementation".
	Kind string `json:"kind"`
	// Category is the category name, "" for other kinds.
	Category string   `json:"category"`
	Position Position `json:"position"`
}

// Where ivars come from (Ivar.Source).
const (
	SourceInterface      = "interface"      // @interface braces
	SourceExtension      = "extension"      // class extension braces
	SourceImplementation = "implementation" // @implementation braces
	SourceSynthesized    = "synthesized"    // synthesized for a property
)

// An Ivar is one instance variable of the class.
type Ivar struct {
	Name string `json:"name"`
	// Type is the type as written.
	Type string `json:"type"`
	// Ownership is the model's word: "strong", "copy", "weak",
	// "unretained", "autoreleasing" or "none" (not an object). Declared
	// ivars get model.IvarOwnership, synthesized ones their property's.
	Ownership string `json:"ownership"`
	// Offset and Size are in bytes from the start of the object.
	Offset int `json:"offset"`
	Size   int `json:"size"`
	// SizeAssumed is true when the size is an assumption (an unknown type,
	// a struct or a C array).
	SizeAssumed bool `json:"sizeAssumed"`
	// Property is the property the ivar backs, "" for none.
	Property string `json:"property"`
	// Source is one of the Source constants.
	Source string `json:"source"`
	// Position is the ivar's declaration; for a synthesized ivar, its
	// @synthesize directive or else the property's declaration.
	Position Position `json:"position"`
}

// Why a property has, or has no, ivar (Property.Storage).
const (
	StorageSynthesized = "synthesized"    // an ivar is synthesized for it
	StorageDeclared    = "declared ivar"  // an ivar declared in braces backs it
	StorageDynamic     = "dynamic"        // @dynamic: no ivar
	StorageCategory    = "category"       // declared only in categories: no ivar
	StorageProtocol    = "protocol"       // only in a protocol, no @synthesize: no ivar
	StorageSuperclass  = "superclass"     // a superclass declares it and backs it
	StorageImplemented = "implemented"    // the class defines the accessors: no ivar
	StorageClass       = "class property" // class properties have no ivar
)

// A Property is one property with its effective attributes (all its
// declarations combined by model.EffectiveProperty).
type Property struct {
	Name string `json:"name"`
	// Type is the type of the deciding declaration, as written.
	Type string `json:"type"`
	// Ownership is the effective ownership (model words, as Ivar.Ownership).
	Ownership string `json:"ownership"`
	Atomic    bool   `json:"atomic"`
	ReadOnly  bool   `json:"readonly"`
	// Getter and Setter are the accessor selectors; Setter is "" for a
	// read-only property.
	Getter string `json:"getter"`
	Setter string `json:"setter"`
	// Ivar is the backing ivar, "" when there is none in this class.
	Ivar string `json:"ivar"`
	// Storage is one of the Storage constants.
	Storage string `json:"storage"`
	// Declarations are every declaration of the property: interface,
	// extensions, categories, protocols.
	Declarations []PropertyDecl `json:"declarations"`
}

// A PropertyDecl is one @property declaration.
type PropertyDecl struct {
	// In is "interface", "extension", "category NAME" or "protocol NAME".
	In string `json:"in"`
	// Attributes are the attributes as written.
	Attributes []string `json:"attributes"`
	Position   Position `json:"position"`
}

// Layout is one ivar layout string.
type Layout struct {
	// Bytes is the layout in C escape form without the terminating 0x00
	// ("\x03\x12"), or "NULL" when the runtime returns NULL.
	Bytes string `json:"bytes"`
	// BaseWord is the word index, from the start of the object, of the
	// layout's first word: the class's first ivar word.
	BaseWord int `json:"baseWord"`
	// Slots are the indexes, in words from the start of the object, of the
	// scanned words, ascending (FBRetainCycleDetector's index set);
	// SlotRanges is their NSIndexSet-style text ("1-3 5-6").
	Slots      []int  `json:"slots"`
	SlotRanges string `json:"slotRanges"`
}

// A Reference is an owning edge leaving an instance of the class: an
// owning ivar and what it points to.
type Reference struct {
	// Ivar is the ivar holding the reference; Property the property it
	// backs ("" for a plain ivar).
	Ivar     string `json:"ivar"`
	Property string `json:"property"`
	// Ownership is "strong" or "copy".
	Ownership string `json:"ownership"`
	// Target is the class the reference points to: the class name of an
	// object pointer type, "id" for id and id<P>, "block" for blocks,
	// "Class" for Class, or the type name of an object typedef.
	Target string `json:"target"`
	// Type is the type as written.
	Type     string   `json:"type"`
	Position Position `json:"position"`
}

// position converts p; NoPos gives the zero Position.
func position(fset *token.FileSet, rel func(string) string, p token.Pos) Position {
	if fset == nil || !p.IsValid() {
		return Position{}
	}
	pp := fset.PositionFor(p, false)
	if pp.Filename == "" {
		return Position{}
	}
	return Position{Path: rel(pp.Filename), Line: pp.Line, Column: pp.Column}
}
