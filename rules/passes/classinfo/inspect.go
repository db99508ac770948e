package classinfo

import (
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// Options configure Inspect.
type Options struct {
	// Root is the directory that paths are shown relative to (files below
	// it); "" shows paths as the FileSet records them.
	Root string
}

// Inspect returns what the model believes about the class named name
// (see the package documentation for the decisions it makes). It returns an
// *UnknownClassError when the project declares no class of that name.
func Inspect(ix *analyzer.Index, fset *token.FileSet, name string, opt Options) (*ClassInfo, error) {
	if ix == nil {
		return nil, errors.New("inspect: no project index")
	}
	c := ix.Class(name)
	if c == nil {
		return nil, &UnknownClassError{Name: name, Suggestions: suggest(name, ix.ClassNames()), Files: len(ix.Files)}
	}
	in, err := newInspector(ix, fset, opt.Root)
	if err != nil {
		return nil, err
	}
	start, supers, notes := in.chain(c)
	d := in.collect(c, start)
	ci := in.info(c, d, supers, append(notes, in.unreadable(c)...))
	var lifetimes *storage.Contexts // answers computed for this one question
	if why, ok := lifetimes.ProcessLifetime(ix, name); ok {
		ci.Lifetime = why
	}
	return ci, nil
}

// unreadable notes the files declaring c that have ranges the parser
// could not read.
func (in *inspector) unreadable(c *analyzer.Class) []string {
	var notes []string
	seen := map[*objcparse.File]bool{}
	for _, d := range c.Decls {
		if f := d.File; f != nil && !seen[f] && len(f.Errors) > 0 {
			seen[f] = true
			notes = append(notes, fmt.Sprintf("%s has ranges the parser could not read (the first at %s): declarations there may be missing",
				in.rel(f.Path), in.pos(f.Errors[0].Pos)))
		}
	}
	return notes
}

// inspector holds what is shared by the classes of one chain.
type inspector struct {
	ix       *analyzer.Index
	fset     *token.FileSet
	rel      func(string) string
	typedefs map[string]objcparse.Type
}

func newInspector(ix *analyzer.Index, fset *token.FileSet, root string) (*inspector, error) {
	rel := filepath.ToSlash
	if root != "" {
		abs, err := filepath.Abs(root)
		if err != nil {
			return nil, fmt.Errorf("inspect: root %s: %w", root, err)
		}
		rel = (&analyzer.Result{Root: abs}).RelPath
	}
	in := &inspector{ix: ix, fset: fset, rel: rel, typedefs: map[string]objcparse.Type{}}
	for _, f := range ix.Files {
		for _, v := range f.Typedefs {
			if _, dup := in.typedefs[v.Name]; !dup && v.Name != "" {
				in.typedefs[v.Name] = v.Type
			}
		}
	}
	return in, nil
}

func (in *inspector) pos(p token.Pos) Position { return position(in.fset, in.rel, p) }

// resolve replaces a project typedef name by the type it stands for
// (following chains of typedefs), keeping the qualifiers written on t.
func (in *inspector) resolve(t objcparse.Type) objcparse.Type {
	r := t
	for i := 0; i < 8 && !r.Object && !r.Block && !strings.ContainsAny(r.Text, "*^"); i++ {
		td, ok := in.typedefs[r.Name]
		if !ok || td.Name == r.Name {
			break
		}
		td = td.WithQualifiers(append(append([]string(nil), r.Qualifiers()...), td.Qualifiers()...))
		r = td
	}
	return r
}

// chain lays out the superclass chain of c, farthest class first, and
// returns the offset c's ivars start at, the chain as reported (nearest
// first) and notes on what was assumed.
func (in *inspector) chain(c *analyzer.Class) (start int, supers []Superclass, notes []string) {
	names := in.ix.Superclasses(c.Name)
	supers = make([]Superclass, len(names))
	project := len(names) // names[:project] are project classes
	farthest := c
	if n := len(names); n > 0 {
		if in.ix.Class(names[n-1]) == nil {
			project = n - 1
			out := names[n-1]
			supers[n-1] = Superclass{Name: out, IvarStart: 0, IvarEnd: model.WordSize, Assumed: !model.IsaOnlyRoots[out]}
			if !model.IsaOnlyRoots[out] {
				notes = append(notes, fmt.Sprintf("%s is not in the project: its instance is assumed to be isa only (8 bytes); "+
					"the real class is larger, so the offsets and slot indexes shown are too small by its extra size "+
					"(the layout bytes count from the first ivar word and stay right when it ends on a word boundary)", out))
			}
		} else {
			farthest = in.ix.Class(names[n-1])
		}
	}
	switch {
	case project < len(names):
		start = model.WordSize
	case farthest.Super != "":
		start = model.WordSize
		notes = append(notes, fmt.Sprintf("the superclass chain loops (%s : %s): laid out from byte 8 (isa) after %s", farthest.Name, farthest.Super, farthest.Name))
	case len(farthest.DeclsOf(objcparse.DeclInterface)) > 0:
		start = 0
		notes = append(notes, fmt.Sprintf("%s names no superclass: a root class, whose ivars start at byte 0 (it declares isa itself)", farthest.Name))
	default:
		start = model.WordSize
		notes = append(notes, fmt.Sprintf("%s has no @interface in the project, so its superclass is unknown: assumed NSObject (8 bytes of isa)", farthest.Name))
	}
	for i := project - 1; i >= 0; i-- {
		sc := in.ix.Class(names[i])
		d := in.collect(sc, start)
		decl := sc.Decls[0]
		if primary := sc.DeclsOf(objcparse.DeclInterface); len(primary) > 0 {
			decl = primary[0]
		}
		supers[i] = Superclass{Name: sc.Name, InProject: true, IvarStart: start, IvarEnd: d.layout.End, Position: in.pos(decl.Pos)}
		for _, n := range d.sizeNotes {
			notes = append(notes, "superclass "+sc.Name+": "+n)
		}
		start = d.layout.End
	}
	return start, supers, notes
}

// classData is one class laid out.
type classData struct {
	mem       model.Memory
	memReason string
	props     []*propData
	ivars     []*ivarData // layout order
	layout    model.Layout
	sizeNotes []string // assumptions about ivar sizes
	notes     []string // everything else
}

type ivarData struct {
	name   string
	typ    objcparse.Type // typedefs resolved
	text   string         // as written
	own    model.Ownership
	source string
	pos    token.Pos
	prop   *propData
	size   int
	exact  bool // size known
	offset int
}

type propData struct {
	name    string
	info    model.PropertyInfo
	decls   []*objcparse.Property // as written
	text    string                // type of the deciding declaration, as written
	class   bool                  // a class property
	storage string
	ivar    *ivarData
}

// collect lays out the ivars of c from byte offset start.
func (in *inspector) collect(c *analyzer.Class, start int) *classData {
	d := &classData{}
	interfaces := c.DeclsOf(objcparse.DeclInterface)
	impls := c.DeclsOf(objcparse.DeclImplementation)
	d.notDuplicated(in, c.Name, "@interface", interfaces)
	d.notDuplicated(in, c.Name, "@implementation", impls)
	var impl *objcparse.ClassDecl
	if len(impls) > 0 {
		impl = impls[0]
	}
	d.mem, d.memReason = in.memory(c, impl)

	// Declared ivars, in clang's order.
	var declared []*ivarData
	byName := map[string]*ivarData{}
	addDeclared := func(decl *objcparse.ClassDecl, source string) {
		for _, iv := range decl.Ivars {
			t := in.resolve(iv.Type)
			x := &ivarData{name: iv.Name, typ: t, text: iv.Type.Text, own: model.IvarOwnership(t, d.mem), source: source, pos: iv.Pos}
			declared = append(declared, x)
			if byName[iv.Name] == nil {
				byName[iv.Name] = x
			}
		}
	}
	if len(interfaces) > 0 {
		addDeclared(interfaces[0], SourceInterface)
	}
	for _, ext := range c.DeclsOf(objcparse.DeclExtension) {
		addDeclared(ext, SourceExtension)
	}
	if impl != nil {
		addDeclared(impl, SourceImplementation)
	}

	// Properties and their ivars.
	d.props = in.properties(c, d.mem)
	byProp := map[string]*propData{}
	for _, p := range d.props {
		byProp[p.name] = p
	}
	var synth []*ivarData
	bind := func(p *propData, ivar string, pos token.Pos) {
		if x := byName[ivar]; x != nil {
			p.ivar, p.storage = x, StorageDeclared
			if x.prop == nil {
				x.prop = p
			}
			return
		}
		x := &ivarData{name: ivar, typ: p.info.Type, text: p.text, own: p.info.Own, source: SourceSynthesized, pos: pos, prop: p}
		byName[ivar] = x
		synth = append(synth, x)
		p.ivar, p.storage = x, StorageSynthesized
	}
	explicit := map[string]bool{}
	if impl != nil {
		for _, s := range impl.Synthesize {
			p := byProp[s.Property]
			switch {
			case p == nil:
				d.notes = append(d.notes, fmt.Sprintf("%s at %s names %s, which %s does not declare", directive(s), in.pos(s.Pos), s.Property, c.Name))
				continue
			case explicit[p.name]:
				continue
			}
			explicit[p.name] = true
			if s.Dynamic {
				p.storage = StorageDynamic
				continue
			}
			ivar, _ := model.SynthesizedIvar(s.Property, []*objcparse.Synthesize{s})
			bind(p, ivar, s.Pos)
		}
	}
	for _, p := range d.props {
		if explicit[p.name] {
			continue
		}
		if p.storage = in.autoStorage(c, impl, p); p.storage == StorageSynthesized {
			ivar, _ := model.SynthesizedIvar(p.name, nil)
			bind(p, ivar, p.info.Decl.Pos)
		}
	}
	if impl == nil && len(synth) > 0 {
		d.notes = append(d.notes, fmt.Sprintf("%s has no @implementation in the project: its properties are assumed auto-synthesized", c.Name))
	}
	d.checkOwnership()
	d.layOut(declared, synth, start)
	return d
}

// directive names a @synthesize or @dynamic entry as written.
func directive(s *objcparse.Synthesize) string {
	if s.Dynamic {
		return "@dynamic " + s.Property
	}
	if s.Ivar != "" {
		return "@synthesize " + s.Property + " = " + s.Ivar
	}
	return "@synthesize " + s.Property
}

// notDuplicated notes when a class has several primary declarations of one
// kind (the same class name in two targets, or #if branches): the first is used.
func (d *classData) notDuplicated(in *inspector, class, what string, decls []*objcparse.ClassDecl) {
	if len(decls) < 2 {
		return
	}
	var where []string
	for _, x := range decls {
		where = append(where, in.pos(x.Pos).String())
	}
	d.notes = append(d.notes, fmt.Sprintf("%s has %d %s blocks (%s): the first is used", class, len(decls), what, strings.Join(where, ", ")))
}

// memory decides ARC or MRC: the @implementation's file decides.
func (in *inspector) memory(c *analyzer.Class, impl *objcparse.ClassDecl) (model.Memory, string) {
	if impl != nil && impl.File != nil {
		if impl.File.MRC {
			return model.MRC, in.rel(impl.File.Path) + ": " + impl.File.MRCReason
		}
		if impl.File.MRCReason != "" {
			// ARC by the build settings (an Xcode project's).
			return model.ARC, in.rel(impl.File.Path) + ": " + impl.File.MRCReason
		}
		return model.ARC, "the @implementation's file shows no sign of MRC: no [super dealloc], no objc_arc #error guard, no retain/release/autorelease"
	}
	for _, decl := range c.Decls {
		if decl.File != nil && decl.File.MRC {
			return model.MRC, in.rel(decl.File.Path) + ": " + decl.File.MRCReason
		}
	}
	return model.ARC, "no @implementation in the project: assumed ARC"
}

// properties returns the properties of c in declaration order: the
// @interface's, the extensions', the categories', then those of adopted
// protocols (recursively), each combined over all its declarations.
func (in *inspector) properties(c *analyzer.Class, mem model.Memory) []*propData {
	var names []string
	seen := map[string]bool{}
	add := func(ps []*objcparse.Property) {
		for _, p := range ps {
			if !seen[p.Name] {
				seen[p.Name] = true
				names = append(names, p.Name)
			}
		}
	}
	for _, kind := range []objcparse.DeclKind{objcparse.DeclInterface, objcparse.DeclExtension, objcparse.DeclCategory} {
		for _, decl := range c.DeclsOf(kind) {
			add(decl.Properties)
		}
	}
	visited := map[string]bool{}
	var visit func([]string)
	visit = func(protos []string) {
		for _, name := range protos {
			if visited[name] {
				continue
			}
			visited[name] = true
			for _, pd := range in.ix.Protocol(name) {
				add(pd.Properties)
				visit(pd.Protocols)
			}
		}
	}
	visit(c.Protocols())

	var out []*propData
	for _, name := range names {
		decls := in.ix.Properties(c.Name, name)
		sort.SliceStable(decls, func(i, j int) bool { return declRank(decls[i]) < declRank(decls[j]) })
		// The model judges the resolved types; the report shows them as written.
		resolved := make([]*objcparse.Property, len(decls))
		written := map[*objcparse.Property]*objcparse.Property{}
		p := &propData{name: name, decls: decls}
		for i, x := range decls {
			cp := *x
			cp.Type = in.resolve(x.Type)
			resolved[i] = &cp
			written[&cp] = x
			p.class = p.class || x.HasAttr("class")
		}
		info, ok := model.EffectiveProperty(resolved, mem)
		if !ok {
			continue
		}
		p.info = info
		p.text = written[info.Decl].Type.Text
		out = append(out, p)
	}
	return out
}

// declRank orders a property's declarations: interface, extension,
// category, protocol.
func declRank(p *objcparse.Property) int {
	switch {
	case p.Class == nil:
		return 3
	case p.Class.Kind == objcparse.DeclInterface:
		return 0
	case p.Class.Kind == objcparse.DeclExtension:
		return 1
	}
	return 2
}

// autoStorage decides, for a property without @synthesize or @dynamic,
// whether clang auto-synthesizes an ivar for it (StorageSynthesized) or why not.
func (in *inspector) autoStorage(c *analyzer.Class, impl *objcparse.ClassDecl, p *propData) string {
	switch {
	case p.class:
		return StorageClass
	case p.info.CategoryOnly:
		return StorageCategory
	case p.info.FromProtocol:
		return StorageProtocol
	case in.superclassDeclares(c, p.name):
		return StorageSuperclass
	case impl != nil && defines(impl, p.info.Getter) && (p.info.ReadOnly || defines(impl, p.info.Setter)):
		return StorageImplemented
	}
	return StorageSynthesized
}

// superclassDeclares reports whether a superclass declares the property:
// a project superclass, or NSObject's protocol.
func (in *inspector) superclassDeclares(c *analyzer.Class, prop string) bool {
	supers := in.ix.Superclasses(c.Name)
	if len(supers) == 0 {
		return false
	}
	if model.NSObjectProtocolProperties[prop] {
		return true
	}
	if in.ix.Class(supers[0]) == nil {
		return false
	}
	for _, d := range in.ix.Properties(supers[0], prop) {
		if d.Class == nil || d.Class.Name != c.Name { // not c itself, through a looping chain
			return true
		}
	}
	return false
}

// defines reports whether impl defines the instance method sel.
func defines(impl *objcparse.ClassDecl, sel string) bool {
	for _, m := range impl.Methods {
		if !m.ClassMethod && m.Selector == sel {
			return true
		}
	}
	return false
}

// checkOwnership notes declared ivars whose ownership differs from the
// property they back under ARC (clang rejects most such pairs).
func (d *classData) checkOwnership() {
	if d.mem != model.ARC {
		return
	}
	for _, p := range d.props {
		x := p.ivar
		if x == nil || x.source == SourceSynthesized || x.prop != p {
			continue
		}
		if x.own.IsOwning() != p.info.Own.IsOwning() || (x.own == model.OwnWeak) != (p.info.Own == model.OwnWeak) {
			d.notes = append(d.notes, fmt.Sprintf("property %s is %s but its ivar %s is %s: clang rejects or warns on the mismatch; the layout follows the ivar", p.name, p.info.Own, x.name, x.own))
		}
	}
}

// layOut orders the ivars as clang does and computes offsets and layouts.
func (d *classData) layOut(declared, synth []*ivarData, start int) {
	all := append(append([]*ivarData(nil), declared...), synth...)
	in := make([]model.LayoutIvar, len(all))
	queue := map[string][]*ivarData{}
	for i, x := range all {
		in[i] = d.layoutIvar(x)
		in[i].Synthesized = x.source == SourceSynthesized
		queue[x.name] = append(queue[x.name], x)
	}
	ordered := model.OrderIvars(in)
	d.ivars = make([]*ivarData, len(ordered))
	for i, li := range ordered {
		d.ivars[i] = queue[li.Name][0]
		queue[li.Name] = queue[li.Name][1:]
	}
	d.layout = model.ComputeLayout(ordered, start, d.mem)
	for i, x := range d.ivars {
		x.offset = d.layout.Offsets[i]
	}
}

// layoutIvar is the model's view of x, with the size of the types the
// model does not know assumed, and a note saying so.
func (d *classData) layoutIvar(x *ivarData) model.LayoutIvar {
	li := model.LayoutIvar{Name: x.name, Type: x.typ, Own: x.own}
	size, _, assumed := model.TypeSize(x.typ)
	x.size, x.exact = size, !assumed
	what := fmt.Sprintf("ivar %s (%s)", x.name, x.text)
	base := strings.TrimSpace(x.typ.Name)
	switch {
	case !assumed:
		return li
	case strings.HasPrefix(base, "struct") || strings.HasPrefix(base, "union"):
		d.sizeNotes = append(d.sizeNotes, what+" is a struct or union: objcleak does not read its members, so its size is assumed to be 8 bytes "+
			"and any object pointers inside it are missing from the layouts (clang scans a struct's strong members)")
	case base == "[]":
		d.sizeNotes = append(d.sizeNotes, what+" is a C array: its length is not read, its size is assumed to be 8 bytes")
	case strings.HasPrefix(base, "enum"):
		li.Size, li.Align = enumSize(base)
		x.size = li.Size
		d.sizeNotes = append(d.sizeNotes, fmt.Sprintf("%s is a C enum: assumed to be %d bytes (its underlying type)", what, li.Size))
	default:
		d.sizeNotes = append(d.sizeNotes, what+": the type's size is not known, assumed to be 8 bytes "+
			"(exact for pointer typedefs such as CF …Ref types, and for NS_ENUM and NS_OPTIONS types based on NSInteger or NSUInteger)")
	}
	return li
}

// enumSize returns the size and alignment of a C enum from its specifier
// text: the fixed underlying type's (`enum : uint8_t {…}`), else int's.
func enumSize(spec string) (size, align int) {
	if _, rest, ok := strings.Cut(spec, ":"); ok {
		name, _, _ := strings.Cut(rest, "{")
		name = strings.TrimSpace(name)
		if s, a, assumed := model.TypeSize(objcparse.Type{Name: name, Text: name}); !assumed {
			return s, a
		}
	}
	return 4, 4
}

// info assembles the report of c; chainNotes are the notes on its
// superclass chain.
func (in *inspector) info(c *analyzer.Class, d *classData, supers []Superclass, chainNotes []string) *ClassInfo {
	notes := append(append(append([]string{}, chainNotes...), d.sizeNotes...), d.notes...)
	ci := &ClassInfo{
		Version:          FormatVersion,
		Name:             c.Name,
		Memory:           d.mem.String(),
		MemoryReason:     d.memReason,
		Superclasses:     supers,
		Protocols:        append([]string{}, c.Protocols()...),
		Declarations:     []Declaration{},
		IvarStart:        d.layout.Start,
		IvarEnd:          d.layout.End,
		InstanceSize:     d.layout.InstanceSize,
		Ivars:            []Ivar{},
		Properties:       []Property{},
		StrongLayout:     layoutOf(d.layout.Strong, d.layout.Base),
		WeakLayout:       layoutOf(d.layout.Weak, d.layout.Base),
		OwningReferences: []Reference{},
	}
	for _, decl := range c.Decls {
		ci.Declarations = append(ci.Declarations, Declaration{Kind: decl.Kind.String(), Category: decl.Category, Position: in.pos(decl.Pos)})
	}
	for _, x := range d.ivars {
		iv := Ivar{Name: x.name, Type: x.text, Ownership: x.own.String(), Offset: x.offset, Size: x.size,
			SizeAssumed: !x.exact, Source: x.source, Position: in.pos(x.pos)}
		if x.prop != nil {
			iv.Property = x.prop.name
		}
		ci.Ivars = append(ci.Ivars, iv)
		own := x.own
		if d.mem == model.MRC && x.prop != nil {
			own = x.prop.info.Own // the synthesized setter retains
		}
		if own.IsOwning() {
			ci.OwningReferences = append(ci.OwningReferences, Reference{Ivar: x.name, Property: iv.Property,
				Ownership: own.String(), Target: target(x.typ), Type: x.text, Position: iv.Position})
		}
	}
	for _, p := range d.props {
		ci.Properties = append(ci.Properties, in.property(p))
		if p.ivar == nil && p.info.Own.IsOwning() {
			notes = append(notes, fmt.Sprintf("property %s (%s) is not an owning reference of the instance: %s", p.name, p.info.Own, noIvarReason(p)))
		}
	}
	if d.mem == model.MRC {
		notes = append(notes, "MRC: clang emits no strong ivar layout (class_getIvarLayout returns NULL); retain and copy properties "+
			"own their values through their setters, ivars declared without a property are not owning (the code retains them by hand)")
	}
	ci.Notes = notes
	if ci.Protocols == nil {
		ci.Protocols = []string{}
	}
	return ci
}

// noIvarReason says why property p has no ivar in its class.
func noIvarReason(p *propData) string {
	switch p.storage {
	case StorageCategory:
		return "it is declared only in a category, which cannot add ivars (state lives in associated objects or elsewhere)"
	case StorageProtocol:
		return "it is declared only in a protocol and not @synthesized (clang does not auto-synthesize protocol properties)"
	case StorageDynamic:
		return "it is @dynamic (its accessors come from elsewhere)"
	case StorageImplemented:
		return "the class implements its accessors, so no ivar is synthesized"
	case StorageSuperclass:
		return "a superclass declares it, and the superclass's ivar holds the value"
	case StorageClass:
		return "a class property has no ivar"
	}
	return "no ivar backs it"
}

// property converts p.
func (in *inspector) property(p *propData) Property {
	out := Property{Name: p.name, Type: p.text, Ownership: p.info.Own.String(), Atomic: p.info.Atomic, ReadOnly: p.info.ReadOnly,
		Getter: p.info.Getter, Setter: p.info.Setter, Storage: p.storage, Declarations: []PropertyDecl{}}
	if p.ivar != nil {
		out.Ivar = p.ivar.name
	}
	for _, x := range p.decls {
		var where string
		switch {
		case x.Class == nil && x.Protocol != nil:
			where = "protocol " + x.Protocol.Name
		case x.Class == nil:
			where = "protocol"
		case x.Class.Kind == objcparse.DeclCategory:
			where = "category " + x.Class.Category
		default:
			where = x.Class.Kind.String()
		}
		out.Declarations = append(out.Declarations, PropertyDecl{In: where, Attributes: append([]string{}, x.Attrs...), Position: in.pos(x.Pos)})
	}
	return out
}

// layoutOf describes a layout string whose first word is at byte base.
func layoutOf(b []byte, base int) Layout {
	baseWord := base / model.WordSize
	slots := model.LayoutSlots(b, baseWord)
	if slots == nil {
		slots = []int{}
	}
	return Layout{Bytes: model.FormatLayout(b), BaseWord: baseWord, Slots: slots, SlotRanges: model.FormatSlots(slots)}
}

// target names what a reference of type t points to.
func target(t objcparse.Type) string {
	switch {
	case t.Block || t.Name == "dispatch_block_t":
		return "block"
	case t.Name == "id" || t.Name == "instancetype" || t.Typeof() != "" || t.Name == "":
		return "id"
	}
	return t.Name
}
