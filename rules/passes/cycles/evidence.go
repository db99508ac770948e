package cycles

import (
	"strings"
	"sync"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
)

// A cycle between classes is a guess from declared types: a strong
// reference of class A typed B, and one of B typed A. The code that fills
// those references is evidence against the guess: when the project stores
// values into a reference and every one of them is known to be something
// else — an object of an unrelated class, or a weak proxy (`self.weakSelf`,
// `[WeakProxy proxyWithTarget:self]`) — that reference does not hold a B
// and the cycle is not reported. A reference nothing in the project
// stores into (filled by a nib, or through an initializer parameter typed
// B) keeps the guess.

// storedValue is what one store puts into a reference: the value's class
// when the declarations tell it, or unknown, or a weak proxy.
type storedValue struct {
	class   string
	unknown bool
	proxy   bool
}

// stores indexes, once, the values the project's bodies store into the
// references of each class, by "Class.reference".
type stores struct {
	once sync.Once
	by   map[string][]storedValue
}

// refutedCycle reports whether the stores of the project refute one
// to-one reference of a cycle between classes.
func (r *reporter) refutedCycle(c model.Cycle) bool {
	for _, ei := range c.Edges {
		info := r.res.Edge(ei)
		if !info.ClassLevel || info.Elements {
			continue
		}
		e := r.g.Edge(ei)
		if r.refuted(r.res.Node(e.From).Class, info.Name, r.res.Node(e.To).Class) {
			return true
		}
	}
	return false
}

// refuted reports whether the project's stores into reference name of
// class from show that it never holds an object of class to.
func (r *reporter) refuted(from, name, to string) bool {
	r.st.once.Do(r.indexStores)
	if from == "" || to == "" {
		return false
	}
	var vals []storedValue
	for _, c := range append([]string{from}, r.ix.Superclasses(from)...) {
		vals = append(vals, r.st.by[c+"."+strings.TrimPrefix(name, "_")]...)
	}
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		switch {
		case v.proxy:
		case v.unknown:
			return false
		case v.class == to || r.ix.IsSubclassOf(v.class, to) || r.ix.IsSubclassOf(to, v.class):
			return false
		}
	}
	return true
}

// indexStores reads every body of the project for stores into
// references: `self.r = v`, `_r = v`, `[self setR:v]` (references of the
// body's class) and `x.r = v`, `[x setR:v]` for a receiver of a known
// class (references of the class that declares r).
func (r *reporter) indexStores() {
	r.st.by = map[string][]storedValue{}
	sums := r.caps.Summaries
	for _, f := range r.ix.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body == nil {
					continue
				}
				class, body := cd.Name, m.Body
				value := func(v *objcparse.Expr) storedValue {
					v = v.Unparen()
					if v == nil || model.IsNil(v) {
						return storedValue{proxy: true} // a release says nothing of what is held
					}
					if (v.Kind == objcparse.ExprMember || v.Kind == objcparse.ExprMessage) && strings.Contains(strings.ToLower(v.Name), "weak") {
						return storedValue{proxy: true}
					}
					if v.Kind == objcparse.ExprMessage && v.NumArgs() > 0 && strings.Contains(strings.ToLower(v.X().Unparen().Name), "weak") {
						return storedValue{proxy: true} // [WeakProxy proxyWithTarget:self]
					}
					c, isClass := sums.ReceiverClass(f, class, m, body, v)
					if c == "" || isClass && !v.IsIdent("self") {
						return storedValue{unknown: true}
					}
					return storedValue{class: c}
				}
				add := func(holder, ref string, v *objcparse.Expr) {
					if holder == "" || ref == "" {
						return
					}
					k := holder + "." + strings.TrimPrefix(ref, "_")
					r.st.by[k] = append(r.st.by[k], value(v))
				}
				owner := func(recv *objcparse.Expr, ref string) string {
					rc := class
					if !recv.IsIdent("self") {
						c, isClass := sums.ReceiverClass(f, class, m, body, recv)
						if isClass {
							return ""
						}
						rc = c
					} else if m.ClassMethod {
						return ""
					}
					if rc == "" {
						return ""
					}
					if decls := r.ix.Properties(rc, ref); len(decls) > 0 && decls[0].Class != nil {
						return decls[0].Class.Name
					}
					return rc
				}
				for _, a := range body.Assigns {
					t := a.Target().Unparen()
					switch {
					case t == nil:
					case t.Kind == objcparse.ExprMember || t.Kind == objcparse.ExprArrow:
						add(owner(t.X(), t.Name), t.Name, a.Value())
					case t.Kind == objcparse.ExprIdent && !m.ClassMethod && r.ix.Ivar(class, t.Name) != nil && !declaresLocal(body, t.Name):
						add(class, t.Name, a.Value())
					}
				}
				for _, snd := range body.Sends {
					if prop, ok := model.SetterProperty(snd.Selector()); ok && snd.Expr.NumArgs() == 1 {
						add(owner(snd.Receiver(), prop), prop, snd.Expr.Arg(0))
					}
				}
			}
		}
	}
}

// declaresLocal reports whether body declares a variable named name
// (which hides an ivar of that name).
func declaresLocal(body *objcparse.Body, name string) bool {
	for _, v := range body.Locals {
		if v.Name == name {
			return true
		}
	}
	return false
}
