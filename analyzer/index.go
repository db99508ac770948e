package analyzer

import (
	"sort"

	"github.com/objcleak/objcleak/objcparse"
)

// Index joins the per-file facts of a project: classes by name with all
// their declarations (interface, extensions, categories, implementations,
// across files), superclass chains within the project, and protocols.
type Index struct {
	// Files are all parsed files, linted or not, sorted by path.
	Files     []*objcparse.File
	classes   map[string]*Class
	protocols map[string][]*objcparse.Protocol
	names     []string
	mainNib   map[string]NibObject // class → how a main nib makes it (nib.go)
}

// MainNibObject reports whether the project's main nib (MainMenu.xib, or
// the one an Info.plist names) instantiates class at its top level, or
// its main storyboard makes it as a root controller, and how (the nib's
// path, relative to the root; the custom segues on the way): the
// application keeps such objects for the whole run. A class two nibs make
// is reported as the first makes it that needs no custom segue.
func (ix *Index) MainNibObject(class string) (NibObject, bool) {
	o, ok := ix.mainNib[class]
	return o, ok
}

func (ix *Index) setMainNib(objs []NibObject) {
	for _, o := range objs {
		if ix.mainNib == nil {
			ix.mainNib = map[string]NibObject{}
		}
		if prev, dup := ix.mainNib[o.Class]; !dup || (len(prev.Segues) > 0 && len(o.Segues) == 0) {
			ix.mainNib[o.Class] = o
		}
	}
}

// Class is everything the project declares about one class name.
type Class struct {
	Name string
	// Super is the superclass named by the primary @interface (or by an
	// @implementation that names one), "" for a root or unknown class.
	Super string
	// Decls are every @interface/@implementation of the class in file
	// order: primary interface, extensions, categories, implementations.
	Decls []*objcparse.ClassDecl
}

// DeclsOf returns the declarations of the given kinds.
func (c *Class) DeclsOf(kinds ...objcparse.DeclKind) []*objcparse.ClassDecl {
	var out []*objcparse.ClassDecl
	for _, d := range c.Decls {
		for _, k := range kinds {
			if d.Kind == k {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// Protocols returns the protocols adopted by any declaration of the class.
func (c *Class) Protocols() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range c.Decls {
		for _, p := range d.Protocols {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// NewIndex builds the index of files. It does not modify them.
func NewIndex(files []*objcparse.File) *Index {
	fs := append([]*objcparse.File(nil), files...)
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	ix := &Index{Files: fs, classes: map[string]*Class{}, protocols: map[string][]*objcparse.Protocol{}}
	implemented := map[string]bool{}
	for _, f := range fs {
		for _, d := range f.Classes {
			if d.Kind == objcparse.DeclImplementation {
				implemented[d.Name] = true
			}
		}
	}
	for _, f := range fs {
		for _, d := range f.Classes {
			// A primary @interface whose header the parser could not read
			// is not trusted to declare a class the project does not
			// implement: `@interface NSArray+Foo () {…}` would make
			// NSArray a project class and hide its collection semantics.
			if d.Kind == objcparse.DeclInterface && !implemented[d.Name] && d.HeaderError() {
				continue
			}
			c := ix.classes[d.Name]
			if c == nil {
				c = &Class{Name: d.Name}
				ix.classes[d.Name] = c
				ix.names = append(ix.names, d.Name)
			}
			c.Decls = append(c.Decls, d)
			if d.Super != "" && (c.Super == "" || d.Kind == objcparse.DeclInterface) {
				c.Super = d.Super
			}
		}
		for _, p := range f.Protocols {
			ix.protocols[p.Name] = append(ix.protocols[p.Name], p)
		}
	}
	sort.Strings(ix.names)
	return ix
}

// Class returns the class named name, or nil when the project does not declare it.
func (ix *Index) Class(name string) *Class { return ix.classes[name] }

// ClassNames returns the names of all classes in the project, sorted.
func (ix *Index) ClassNames() []string { return ix.names }

// Protocol returns the declarations of the protocol named name.
func (ix *Index) Protocol(name string) []*objcparse.Protocol { return ix.protocols[name] }

// Superclasses returns the superclass chain of name, nearest first. The
// chain follows the project's declarations and ends with the first class
// the project does not declare (e.g. "NSObject"), or at a cycle.
func (ix *Index) Superclasses(name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	for c := ix.classes[name]; c != nil && c.Super != "" && !seen[c.Super]; c = ix.classes[c.Super] {
		seen[c.Super] = true
		out = append(out, c.Super)
	}
	return out
}

// IsSubclassOf reports whether name is base or inherits from base.
func (ix *Index) IsSubclassOf(name, base string) bool {
	if name == base {
		return true
	}
	for _, s := range ix.Superclasses(name) {
		if s == base {
			return true
		}
	}
	return false
}

// IsKindOfAny reports whether name is, or inherits from, one of bases, and returns it.
func (ix *Index) IsKindOfAny(name string, bases []string) (string, bool) {
	chain := append([]string{name}, ix.Superclasses(name)...)
	for _, c := range chain {
		for _, b := range bases {
			if c == b {
				return b, true
			}
		}
	}
	return "", false
}

// InstanceMethod returns the definition (with a body) of the instance
// method sel in class's own implementation or categories, nil when the
// project does not define it there (superclasses are not searched).
func (ix *Index) InstanceMethod(class, sel string) *objcparse.Method {
	c := ix.classes[class]
	if c == nil {
		return nil
	}
	for _, d := range c.Decls {
		for _, m := range d.Methods {
			if m.Selector == sel && !m.ClassMethod && m.Body != nil {
				return m
			}
		}
	}
	return nil
}

// Properties returns every declaration of the property named prop visible
// in class name: the class's own declarations (interface, extensions,
// categories) and those of protocols it adopts, then the superclasses'.
// The most specific declaration comes first.
func (ix *Index) Properties(class, prop string) []*objcparse.Property {
	var out []*objcparse.Property
	for _, name := range append([]string{class}, ix.Superclasses(class)...) {
		c := ix.classes[name]
		if c == nil {
			continue
		}
		// Extensions redeclare (e.g. readonly -> readwrite) and win.
		for _, kind := range []objcparse.DeclKind{objcparse.DeclExtension, objcparse.DeclInterface, objcparse.DeclCategory} {
			for _, d := range c.DeclsOf(kind) {
				for _, p := range d.Properties {
					if p.Name == prop {
						out = append(out, p)
					}
				}
			}
		}
		seen := map[string]bool{}
		var visit func(names []string)
		visit = func(names []string) {
			for _, pn := range names {
				if seen[pn] {
					continue
				}
				seen[pn] = true
				for _, pd := range ix.protocols[pn] {
					for _, p := range pd.Properties {
						if p.Name == prop {
							out = append(out, p)
						}
					}
					visit(pd.Protocols)
				}
			}
		}
		visit(c.Protocols())
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// Ivar returns the ivar named name declared by class or a superclass within the project.
func (ix *Index) Ivar(class, name string) *objcparse.Ivar {
	for _, cn := range append([]string{class}, ix.Superclasses(class)...) {
		c := ix.classes[cn]
		if c == nil {
			continue
		}
		for _, d := range c.Decls {
			for _, iv := range d.Ivars {
				if iv.Name == name {
					return iv
				}
			}
		}
	}
	return nil
}
