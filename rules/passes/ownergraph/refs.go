package ownergraph

import (
	"go/token"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// ref is what one property or ivar of a class is, after combining its
// declarations (SEMANTICS §1).
type ref struct {
	found bool
	ivar  bool
	own   model.Ownership
	decl  token.Pos
	typ   objcparse.Type
	// setter is the property's setter selector ("" for ivars and
	// read-only properties).
	setter string
	mem    model.Memory
}

// reference returns the property (ivar false) or ivar (ivar true) named
// name of class, looking through extensions, categories, adopted
// protocols and the project's superclasses; for ivars also the ivar
// synthesized for a property. found is false when the project declares
// no such reference (or the class is not the project's).
func (b *builder) reference(class, name string, ivar bool) ref {
	k := refKey{class, name, ivar}
	if r, ok := b.refs[k]; ok {
		return r
	}
	r := b.lookupReference(class, name, ivar)
	b.refs[k] = r
	return r
}

type refKey struct {
	class, name string
	ivar        bool
}

func (b *builder) lookupReference(class, name string, ivar bool) ref {
	mem := b.memOf(class)
	if class == "" || name == "" {
		return ref{mem: mem}
	}
	if ivar {
		if iv := b.ix.Ivar(class, name); iv != nil {
			return ref{found: true, ivar: true, own: b.ivarOwnership(iv.Type, mem), decl: iv.Pos, typ: iv.Type, mem: mem}
		}
		if prop, ok := b.propertyForIvar(class, name); ok {
			r := b.reference(class, prop, false)
			r.ivar, r.setter = true, ""
			return r
		}
		return ref{mem: mem}
	}
	if props := b.ix.Properties(class, name); len(props) > 0 && !classProperty(props) {
		if b.managed(class, name) {
			// A Core Data relationship: the managed object context
			// owns the object graph and breaks its cycles (faulting,
			// -refreshObject:mergeChanges:, -reset).
			return ref{mem: mem}
		}
		if info, ok := model.EffectiveProperty(props, mem); ok {
			if b.computed(class, info, props) {
				// Declared only in categories, which add no ivar, and read
				// through a getter the project writes that returns
				// something else's reference (`- (Node *)node { return
				// _body.owner; }`): the object holds nothing through it.
				return ref{mem: mem}
			}
			own := info.Own
			if own == model.OwnNone && b.implicitObject(info.Type) && !writesUnretained(props) {
				own = defaultOwnership(mem)
			}
			own = model.BackedOwnership(props, storage.BackingIvar(b.ix, class, name), own)
			return ref{found: true, own: own, decl: info.Decl.Pos, typ: info.Type, setter: info.Setter, mem: mem}
		}
	}
	if model.KVOControllerProperties[name] {
		// NSObject+FBKVOController: a strong associated object of its owner.
		return ref{found: true, own: model.OwnStrong, mem: mem, typ: objcparse.Type{Name: "id", Object: true}}
	}
	return ref{mem: mem}
}

// managed reports whether the property name of class is an @dynamic
// property of a managed object (model.ManagedObjectClasses): Core Data
// provides its accessors.
//
// When the chain leaves the project before NSManagedObject (a base class
// from a pod, such as MMRecord), Xcode's generated code is the evidence:
// the property is @dynamic in a category Xcode's Core Data code
// generation names (model.ManagedObjectCategories).
func (b *builder) managed(class, name string) bool {
	_, kind := b.ix.IsKindOfAny(class, model.ManagedObjectClasses)
	for _, c := range b.chain(class) {
		for _, d := range c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, s := range d.Synthesize {
				if s.Property == name {
					return s.Dynamic && (kind || d.Kind == objcparse.DeclCategoryImpl && model.ManagedObjectCategories[d.Category])
				}
			}
		}
	}
	return false
}

// computed reports whether a property of class is declared only in
// categories and the project defines its getter as one return of an
// expression other than its own ivar or an associated-object read.
func (b *builder) computed(class string, info model.PropertyInfo, props []*objcparse.Property) bool {
	for _, p := range props {
		if p.Class == nil || p.Class.Kind != objcparse.DeclCategory {
			return false
		}
	}
	m := b.ix.InstanceMethod(class, info.Getter)
	if m == nil || len(m.Body.Returns) != 1 || m.Body.Returns[0].Value == nil {
		return false
	}
	if v := m.Body.Returns[0].Value.Unparen(); v != nil && (v.Kind == objcparse.ExprIdent && b.ix.Ivar(class, v.Name) != nil || v.Kind == objcparse.ExprArrow) {
		return false // an ivar of its own backs it
	}
	for _, call := range m.Body.Calls {
		if call.Name() == "objc_getAssociatedObject" {
			return false
		}
	}
	return true
}

// ivarOwnership is model.IvarOwnership, with libdispatch objects and block
// typedefs (which the parser does not know to be objects) owned like
// objects.
func (b *builder) ivarOwnership(t objcparse.Type, mem model.Memory) model.Ownership {
	own := model.IvarOwnership(t, mem)
	if own == model.OwnNone && b.implicitObject(t) && !t.HasQualifier("__weak") && !t.HasQualifier("__unsafe_unretained") {
		own = defaultOwnership(mem)
	}
	return own
}

// implicitObject reports whether a type the parser did not mark as an
// object is one: a libdispatch object type (OS_OBJECT_USE_OBJC) or a
// typedef of a block type.
func (b *builder) implicitObject(t objcparse.Type) bool {
	return !strings.Contains(t.Text, "*") && (model.IsDispatchObjectType(t.Name) || b.blockTypedef(t.Name))
}

func defaultOwnership(mem model.Memory) model.Ownership {
	if mem == model.MRC {
		return model.OwnUnretained
	}
	return model.OwnStrong
}

func writesUnretained(props []*objcparse.Property) bool {
	return anyAttr(props, "assign", "unsafe_unretained", "weak")
}

// anyAttr reports whether a declaration of the property writes one of attrs.
func anyAttr(props []*objcparse.Property, attrs ...string) bool {
	for _, p := range props {
		for _, a := range attrs {
			if p.HasAttr(a) {
				return true
			}
		}
	}
	return false
}

// chain returns the project's declarations of class and of its project
// superclasses, nearest first.
func (b *builder) chain(class string) []*analyzer.Class {
	if ch, ok := b.chains[class]; ok {
		return ch
	}
	var ch []*analyzer.Class
	for _, cn := range append([]string{class}, b.ix.Superclasses(class)...) {
		if c := b.ix.Class(cn); c != nil {
			ch = append(ch, c)
		}
	}
	b.chains[class] = ch
	return ch
}

// propertyForIvar returns the property of class (or a project superclass)
// whose synthesized ivar is ivar.
func (b *builder) propertyForIvar(class, ivar string) (string, bool) {
	return storage.PropertyForIvar(b.chain(class), ivar)
}

// target is a class an object reference may point to.
type target struct {
	class   string
	element bool // through a collection's elements
}

// targets returns the project classes a reference of type t may hold: the
// declared class and its project subclasses, the project classes adopting
// the protocols of an `id<P>`, and the element classes of a generic
// collection. Classes the project does not declare have no edges of their
// own and are left out.
func (b *builder) targets(t objcparse.Type) []target {
	var out []target
	seen := map[string]bool{}
	add := func(class string, element bool) {
		if !seen[class] {
			seen[class] = true
			out = append(out, target{class, element})
		}
	}
	var visit func(name, text string, element bool)
	visit = func(name, text string, element bool) {
		switch {
		case name == "id":
			for _, p := range typeArgs(text) {
				if model.GenericProtocols[p] {
					continue
				}
				for _, c := range b.adopters[p] {
					add(c, element)
				}
			}
		case b.defines(name):
			for _, c := range b.withSubclasses(name) {
				add(c, element)
			}
		case model.StrongCollections[name] && !element:
			args := typeArgs(text)
			if len(args) == 0 {
				return
			}
			el := strings.TrimSpace(args[len(args)-1])
			elName := strings.TrimSpace(strings.TrimRight(strings.SplitN(el, "<", 2)[0], "* "))
			visit(elName, el, true)
		}
	}
	visit(t.Name, t.Text, false)
	return out
}

// defines reports whether the project defines class name (has its
// @interface or @implementation), rather than only extending it with
// categories (`@interface UIView (Helpers)` does not make UIView a project
// class whose subclasses a `UIView *` reference may hold).
func (b *builder) defines(name string) bool {
	c := b.ix.Class(name)
	return c != nil && len(c.DeclsOf(objcparse.DeclInterface, objcparse.DeclImplementation)) > 0
}

// typeArgs returns the comma-separated arguments inside the outermost <…>
// of a type text: "id<A, B>" → [A B], "NSArray<Foo *> *" → ["Foo *"].
func typeArgs(text string) []string {
	i := strings.IndexByte(text, '<')
	j := strings.LastIndexByte(text, '>')
	if i < 0 || j <= i {
		return nil
	}
	var out []string
	depth, start := 0, i+1
	for k := i + 1; k < j; k++ {
		switch text[k] {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(text[start:k]))
				start = k + 1
			}
		}
	}
	return append(out, strings.TrimSpace(text[start:j]))
}

// withSubclasses returns class and its project subclasses, transitively, sorted.
func (b *builder) withSubclasses(class string) []string {
	out := []string{class}
	seen := map[string]bool{class: true}
	for i := 0; i < len(out); i++ {
		for _, s := range b.subclasses[out[i]] {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out[1:])
	return out
}

// computeAdopters fills b.adopters: for each protocol, the project classes
// that conform to it (adopted by the class, a superclass, or through
// protocol inheritance).
func (b *builder) computeAdopters() {
	for _, name := range b.ix.ClassNames() {
		seen := map[string]bool{}
		var visit func(ps []string)
		visit = func(ps []string) {
			for _, p := range ps {
				if seen[p] {
					continue
				}
				seen[p] = true
				b.adopters[p] = append(b.adopters[p], name)
				for _, pd := range b.ix.Protocol(p) {
					visit(pd.Protocols)
				}
			}
		}
		for _, c := range b.chain(name) {
			visit(c.Protocols())
		}
	}
}

// classLevel adds the references between classes by declared type: for
// every project class, each strong or copy property and strong ivar it
// has (its own, its project superclasses', its protocols') whose type is a
// project class (or a protocol adopted by project classes, or a generic
// collection of those) is an edge from an instance of the class to an
// instance of each possible target. A reference of the class's own kind
// (a list's `next`, a tree's children typed as the base class) is left out
// (see recursiveType).
func (b *builder) classLevel() {
	b.computeAdopters()
	for _, name := range b.ix.ClassNames() {
		impls := b.ix.Class(name).DeclsOf(objcparse.DeclImplementation)
		if len(impls) == 0 {
			// Declared only (an SDK's headers): how it stores its
			// properties is unknown.
			continue
		}
		// One class at a time: a panic is reported at its @implementation
		// and the other classes go on.
		b.guard(impls[0].Pos, func() {
			from := b.instance(name)
			for _, p := range b.classProperties(name) {
				if p.ok {
					b.classEdges(from, name, p.info.Name, p.info.Own, false, p.info.Type, p.info.Decl.Pos)
				}
			}
			for _, c := range b.chain(name) {
				for _, d := range c.Decls {
					for _, iv := range d.Ivars {
						own := b.ivarOwnership(iv.Type, b.memOf(c.Name))
						if !own.IsOwning() || iv.Type.Block || b.blockTypedef(iv.Type.Name) {
							continue
						}
						if _, backs := b.propertyForIvar(c.Name, iv.Name); backs {
							continue // the property's edge stands for it
						}
						b.classEdges(from, name, iv.Name, own, true, iv.Type, iv.Pos)
					}
				}
			}
		})
	}
}

// storedProperty reports whether a property of class is backed by an
// ivar the class owns: not @dynamic, and not a read-only property whose
// getter the class implements (computed) without an @synthesize.
func (b *builder) storedProperty(class string, info model.PropertyInfo) bool {
	for _, c := range b.chain(class) {
		for _, d := range c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, s := range d.Synthesize {
				if s.Property == info.Name {
					return !s.Dynamic
				}
			}
			if !info.ReadOnly {
				continue
			}
			for _, m := range d.Methods {
				if m.Selector == info.Getter && !m.ClassMethod && m.Body != nil {
					return false
				}
			}
		}
	}
	return true
}

// propertyForIvarName reports whether property prop of class has a
// synthesized ivar because an @synthesize names it.
func (b *builder) propertyForIvarName(class, prop string) (string, bool) {
	for _, c := range b.chain(class) {
		for _, d := range c.DeclsOf(objcparse.DeclImplementation) {
			for _, s := range d.Synthesize {
				if s.Property == prop && !s.Dynamic {
					iv, _ := model.SynthesizedIvar(prop, d.Synthesize)
					return iv, true
				}
			}
		}
	}
	return "", false
}

func (b *builder) classEdges(from model.NodeID, class, name string, own model.Ownership, ivar bool, t objcparse.Type, decl token.Pos) {
	if b.recursiveType(class, t) || outlet(t) {
		return
	}
	for _, tg := range b.targets(t) {
		kind := edgeKind(own, ivar)
		label := refLabel(name, kind)
		if tg.element {
			label = name + " (" + string(kind) + ", elements)"
		}
		b.addEdge(model.Edge{From: from, To: b.instance(tg.class), Kind: kind, Label: label, Pos: decl, Decl: decl},
			EdgeInfo{Name: name, Own: own, ClassLevel: true, Elements: tg.element, key: name})
	}
}

// outlet reports whether t is written with IBOutlet: the nib connects
// it, among objects the nib's owner keeps together for as long as the
// window or view lives (often the process: MainMenu's controllers), so a
// cycle between classes guessed from outlets' declared types is no
// evidence of a leak. Stores the code makes through them still count.
func outlet(t objcparse.Type) bool { return t.HasQualifier("IBOutlet") }

// recursiveType reports whether a reference of type t declared in class
// makes a recursive structure — a list or a tree: its declared type (or a
// collection's element type) is the class itself, one of its superclasses,
// or a protocol the class conforms to (`ASDisplayNode.subnodes` of a
// button node, `id<Element> child` in an Element). Such a reference links
// two objects of the same kind; it is a cycle only if a program links them
// both ways, which the declarations do not say.
func (b *builder) recursiveType(class string, t objcparse.Type) bool {
	name, text := t.Name, t.Text
	if model.StrongCollections[name] {
		args := typeArgs(text)
		if len(args) == 0 {
			return false
		}
		text = strings.TrimSpace(args[len(args)-1])
		name = strings.TrimSpace(strings.TrimRight(strings.SplitN(text, "<", 2)[0], "* "))
	}
	if name == "id" {
		for _, p := range typeArgs(text) {
			for _, c := range b.adopters[p] {
				if c == class {
					return true
				}
			}
		}
		return false
	}
	return b.ix.IsSubclassOf(class, name)
}

// classProp is one property of a class as the class-level edges see it.
type classProp struct {
	info model.PropertyInfo
	ok   bool // strong or copy, an object, stored in an ivar of the object
}

// classProperties returns the properties of class — declared by the class
// or a project superclass, or by a protocol either adopts — sorted by
// name. A property is combined (model.EffectiveProperty) at the nearest
// class of the chain that declares it, as Index.Properties does, and that
// combination is computed once per declaring class and shared by its
// subclasses.
func (b *builder) classProperties(class string) []classProp {
	seen := map[string]bool{}
	var out []classProp
	for _, cn := range append([]string{class}, b.ix.Superclasses(class)...) {
		for _, name := range b.declaredPropertyNames(cn) {
			if seen[name] {
				continue
			}
			seen[name] = true
			k := refKey{class: cn, name: name}
			p, ok := b.props[k]
			if !ok {
				p = b.classProperty(cn, name)
				b.props[k] = p
			}
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].info.Name < out[j].info.Name })
	return out
}

// classProperty combines the declarations of property name as class sees
// them and says whether it is an owning reference stored in the object.
func (b *builder) classProperty(class, name string) classProp {
	props := b.ix.Properties(class, name)
	info, found := model.EffectiveProperty(props, b.memOf(class))
	if found {
		info.Own = model.BackedOwnership(props, storage.BackingIvar(b.ix, class, name), info.Own)
	}
	if !found || !info.Own.IsOwning() || info.Type.Block || b.blockTypedef(info.Type.Name) || info.CategoryOnly || classProperty(props) {
		return classProp{info: info}
	}
	if !b.storedProperty(class, info) {
		return classProp{info: info}
	}
	if info.FromProtocol {
		if _, synthesized := b.propertyForIvarName(class, name); !synthesized {
			return classProp{info: info} // the class implements the accessors: storage unknown
		}
	}
	return classProp{info: info, ok: true}
}

// declaredPropertyNames returns the names of the properties class itself
// declares (interface, extensions, categories) or gets from the protocols
// it adopts.
func (b *builder) declaredPropertyNames(class string) []string {
	if names, ok := b.propNames[class]; ok {
		return names
	}
	c := b.ix.Class(class)
	if c == nil {
		return nil
	}
	names := map[string]bool{}
	seenProto := map[string]bool{}
	var visit func(ps []string)
	visit = func(ps []string) {
		for _, p := range ps {
			if seenProto[p] {
				continue
			}
			seenProto[p] = true
			for _, pd := range b.ix.Protocol(p) {
				for _, pr := range pd.Properties {
					names[pr.Name] = true
				}
				visit(pd.Protocols)
			}
		}
	}
	for _, d := range c.Decls {
		for _, p := range d.Properties {
			names[p.Name] = true
		}
	}
	visit(c.Protocols())
	out := sortedKeys(names)
	b.propNames[class] = out
	return out
}

// classProperty reports whether a property is a class property
// (`@property (class) …`): it belongs to the class object, not to instances.
func classProperty(props []*objcparse.Property) bool { return anyAttr(props, "class") }
