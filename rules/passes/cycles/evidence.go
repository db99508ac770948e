package cycles

import (
	"strings"
	"sync"

	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
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
//
// A back-pointer nothing in the project stores into at all — no
// assignment, setter call or key-value store of that name in any body —
// holds nothing, so a cycle through it is not reported either (IBOutlets,
// which nibs fill, are left out of these guesses before).

// storedValue is what one store puts into a reference: the value's class
// when the declarations tell it, or unknown, or a weak proxy.
type storedValue struct {
	class   string
	unknown bool
	proxy   bool
}

// aStore is one store into a reference, not yet resolved: the body it is
// in, the receiver (nil for self's own ivar) and the value.
type aStore struct {
	f     *objcparse.File
	class string
	m     *objcparse.Method
	recv  *objcparse.Expr
	value *objcparse.Expr
}

// stores indexes, once, the stores of the project's bodies by reference
// name (without a leading underscore); refuted resolves the few it needs.
type stores struct {
	once sync.Once
	by   map[string][]aStore
	// keyed are the names set by key-value coding with a literal key
	// (`[x setValue:v forKey:@"name"]`) anywhere in the project.
	keyed map[string]bool
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
		if backPointer(info.Name) && r.neverStored(info.Name) {
			// The back-pointer the finding would ask to make weak:
			// nothing in the project ever stores into a reference of
			// that name (nor sets it by key), so it holds nothing.
			return true
		}
	}
	return false
}

// neverStored reports whether no body of the project stores into a
// reference called name, by assignment, setter or key-value coding.
func (r *reporter) neverStored(name string) bool {
	r.st.once.Do(r.indexStores)
	k := strings.TrimPrefix(name, "_")
	return len(r.st.by[k]) == 0 && !r.st.keyed[k]
}

// refuted reports whether the project's stores into reference name of
// class from show that it never holds an object of class to.
func (r *reporter) refuted(from, name, to string) bool {
	r.st.once.Do(r.indexStores)
	if from == "" || to == "" {
		return false
	}
	holders := map[string]bool{}
	for _, c := range append([]string{from}, r.ix.Superclasses(from)...) {
		holders[c] = true
	}
	n := 0
	for _, st := range r.st.by[strings.TrimPrefix(name, "_")] {
		holder, ok := r.storeHolder(st, name)
		if !ok || !holders[holder] {
			continue
		}
		n++
		v := r.value(st)
		switch {
		case v.proxy:
		case v.unknown:
			return false
		case v.class == to || r.ix.IsSubclassOf(v.class, to) || r.ix.IsSubclassOf(to, v.class):
			return false
		}
	}
	return n > 0
}

// storeHolder is the class that declares the reference a store writes: the
// body's class for self, else the receiver's class (or the class that
// declares the property for it).
func (r *reporter) storeHolder(st aStore, name string) (string, bool) {
	rc := st.class
	if st.recv != nil && !st.recv.IsIdent("self") {
		c, isClass := r.caps.Summaries.ReceiverClass(st.f, st.class, st.m, st.m.Body, st.recv)
		if isClass || c == "" {
			return "", false
		}
		rc = c
	} else if st.m.ClassMethod {
		return "", false
	}
	if decls := r.ix.Properties(rc, strings.TrimPrefix(name, "_")); len(decls) > 0 && decls[0].Class != nil {
		return decls[0].Class.Name, true
	}
	if decls := r.ix.Properties(rc, name); len(decls) > 0 && decls[0].Class != nil {
		return decls[0].Class.Name, true
	}
	return rc, true
}

// value classifies what a store puts into the reference.
func (r *reporter) value(st aStore) storedValue {
	v := st.value.Unparen()
	if v == nil || model.IsNil(v) {
		return storedValue{proxy: true} // a release says nothing of what is held
	}
	if (v.Kind == objcparse.ExprMember || v.Kind == objcparse.ExprMessage) && model.WeakProxyName(v.Name) {
		return storedValue{proxy: true}
	}
	if v.Kind == objcparse.ExprMessage && v.NumArgs() > 0 && model.WeakProxyName(v.X().Unparen().Name) {
		return storedValue{proxy: true} // [WeakProxy proxyWithTarget:self]
	}
	c, isClass := r.caps.Summaries.ReceiverClass(st.f, st.class, st.m, st.m.Body, v)
	if c == "" || isClass && !v.IsIdent("self") {
		return storedValue{unknown: true}
	}
	return storedValue{class: c}
}

// indexStores reads every body of the project for stores into
// references — `self.r = v`, `x.r = v`, `_r = v`, `[x setR:v]` — and
// keeps them by reference name, unresolved.
func (r *reporter) indexStores() {
	r.st.by, r.st.keyed = map[string][]aStore{}, map[string]bool{}
	for _, f := range r.ix.Files {
		for _, fn := range f.Functions {
			if fn.Body == nil {
				continue
			}
			for _, a := range fn.Body.Assigns {
				if t := a.Target().Unparen(); t != nil && (t.Kind == objcparse.ExprMember || t.Kind == objcparse.ExprArrow) {
					// Kept by name only: a store from a C function counts
					// as evidence that the reference is used, no more.
					r.st.keyed[strings.TrimPrefix(t.Name, "_")] = true
				}
			}
			r.keyedStores(fn.Body)
		}
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body == nil {
					continue
				}
				add := func(ref string, recv, v *objcparse.Expr) {
					k := strings.TrimPrefix(ref, "_")
					r.st.by[k] = append(r.st.by[k], aStore{f: f, class: cd.Name, m: m, recv: recv, value: v})
				}
				var c *storage.Context // made on the first bare-ivar store
				for _, a := range m.Body.Assigns {
					t := a.Target().Unparen()
					switch {
					case t == nil:
					case t.Kind == objcparse.ExprMember || t.Kind == objcparse.ExprArrow:
						add(t.Name, t.X(), a.Value())
					case t.Kind == objcparse.ExprIdent:
						if c == nil {
							c = r.caps.Storage.For(r.ix, f, cd.Name, m, m.Body, m.Params)
						}
						if key, ok := c.SelfKey(t); ok { // `_r = v`: an ivar of self, not a local
							add(key, nil, a.Value())
						}
					}
				}
				for _, snd := range m.Body.Sends {
					if prop, ok := model.SetterProperty(snd.Selector()); ok && snd.Expr.NumArgs() == 1 {
						add(prop, snd.Receiver(), snd.Expr.Arg(0))
					}
				}
				r.keyedStores(m.Body)
			}
		}
	}
}

// keyedStores records the references body sets by key-value coding with
// a literal key (setValue:forKey:, setValue:forKeyPath: — the last key).
func (r *reporter) keyedStores(body *objcparse.Body) {
	for _, snd := range body.Sends {
		switch snd.Selector() {
		case "setValue:forKey:", "setValue:forKeyPath:":
		default:
			continue
		}
		if k := snd.Expr.Arg(1).Unparen(); k != nil && k.Kind == objcparse.ExprString {
			key := k.Name
			if i := strings.LastIndexByte(key, '.'); i >= 0 {
				key = key[i+1:]
			}
			r.st.keyed[strings.TrimPrefix(key, "_")] = true
		}
	}
}
