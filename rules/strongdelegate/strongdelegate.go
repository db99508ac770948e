// Package strongdelegate defines the strongdelegate rule: delegate-like
// properties declared strong (SEMANTICS §1) that the project shows close
// a cycle. A strong delegate is a leak only when the delegate also owns
// the object, so the rule reports one only with evidence of that:
//   - a view (UIView, NSView) whose delegate some view controller or
//     view sets to itself (`cell.delegate = self`): the owner keeps the
//     view through its view hierarchy (when the cycles pass shows the
//     cycle, through the list view that keeps a cell, retaincycle
//     reports it instead);
//   - a cycle the cycles pass found through the property, when the
//     retaincycle rule does not run (when it does, the cycle is its
//     finding: one strong back-pointer, one finding).
//
// A property the class fills with an object it creates itself is an
// owned helper, not a back-pointer.
package strongdelegate

import (
	_ "embed"
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/cycles"
	"github.com/objcleak/objcleak/rules/passes/storage"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

//go:embed doc.md
var doc string

// Analyzer is the strongdelegate rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "strongdelegate",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/strongdelegate/doc.md",
	Severity: analyzer.SeverityWarning,
	Tags:     []string{"memory", "retain-cycle"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{cycles.Analyzer, storage.Analyzer, summaries.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	cyc := pass.ResultOf[cycles.Analyzer].(*cycles.Result)
	cs := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	sums := pass.ResultOf[summaries.Analyzer].(*summaries.Result)
	cyclesReported := cyc.Covers(pass)
	// One strong back-pointer, one finding: the view-owner finding at the
	// store when nothing else says it; the retain cycle through the
	// property when retaincycle reports it; the declaration on a cycle
	// otherwise.
	shown := map[token.Pos]bool{} // declarations the view-owner findings name
	pass.ForEachFile(func(f *objcparse.File) {
		viewOwners(pass, cs, sums, f, model.FileMemory(f), func(decl token.Pos) bool {
			if cyclesReported && cyc.OnCycle(decl) {
				return false // retaincycle reports the cycle through it
			}
			shown[decl] = true
			return true
		})
	})
	if !cyclesReported {
		pass.ForEachFile(func(f *objcparse.File) {
			onCycles(pass, cs, cyc, f, model.FileMemory(f), shown)
		})
	}
	return nil, nil
}

// strongDelegate is a delegate-like property declared strong.
type strongDelegate struct {
	class, prop string
	why         string // why it is delegate-like
	own         model.Ownership
	at          *objcparse.Property // the declaration that makes it strong
	decls       []*objcparse.Property
}

// strong returns the delegate-like property prop of class when its
// effective ownership is strong and the class does not fill it with an
// object it creates itself (an owned helper, not a back-pointer).
func strong(pass *analyzer.Pass, cs *storage.Contexts, class, prop string, mem model.Memory) (strongDelegate, bool) {
	// Every declaration visible in the class decides (an extension may
	// redeclare the header's property).
	decls := ownDecls(pass, class, prop)
	if len(decls) == 0 {
		return strongDelegate{}, false
	}
	why, ok := model.DelegateLike(prop, decls[0].Type)
	if !ok {
		return strongDelegate{}, false
	}
	info, ok := model.EffectiveProperty(decls, mem)
	if ok {
		info.Own = model.BackedOwnership(decls, storage.BackingIvar(pass.Index, class, prop), info.Own)
	}
	if !ok || !info.Own.IsOwning() {
		return strongDelegate{}, false
	}
	if ownedHelper(pass, cs, class, prop) {
		return strongDelegate{}, false
	}
	at := decls[0]
	if info.Decl != nil {
		at = info.Decl
	}
	return strongDelegate{class: class, prop: prop, why: why, own: info.Own, at: at, decls: decls}, true
}

// alsoDeclared adds the other declarations of the property as related
// locations.
func (sd strongDelegate) alsoDeclared(d *analyzer.Diagnostic) {
	for _, other := range sd.decls {
		if other != sd.at && other.Pos.IsValid() {
			d.Related = append(d.Related, analyzer.Related{Pos: other.Pos, Message: "also declared here"})
		}
	}
}

// onCycles reports, at their declaration in f, the strong delegate-like
// properties that a retain cycle found by the cycles pass goes through
// (when the retaincycle rule, which reports that cycle, does not run).
//
// shown are the declarations a view-owner finding already names.
func onCycles(pass *analyzer.Pass, cs *storage.Contexts, cyc *cycles.Result, f *objcparse.File, mem model.Memory, shown map[token.Pos]bool) {
	reported := map[string]bool{}
	for _, cd := range f.Classes {
		for _, p := range cd.Properties {
			key := cd.Name + "." + p.Name
			if reported[key] {
				continue
			}
			sd, ok := strong(pass, cs, cd.Name, p.Name, mem)
			// Report once, at the declaration that makes it strong in
			// this file.
			if !ok || sd.at.Class != nil && sd.at.Class.File != f || !cyc.OnCycle(sd.at.Pos) || shown[sd.at.Pos] {
				continue
			}
			reported[key] = true
			d := analyzer.Diagnostic{
				Pos:     sd.at.Pos,
				Message: fmt.Sprintf("%s.%s is %s and %s, and a retain cycle goes through it", cd.Name, p.Name, sd.why, sd.own),
				Details: fmt.Sprintf("the delegate owns this %s, so neither is ever deallocated; declare it weak", cd.Name),
			}
			sd.alsoDeclared(&d)
			pass.Report(d)
		}
	}
}

// viewOwners reports, in f, where a view controller, window controller or
// view sets itself as the strong delegate-like property of a view of a
// known class (`cell.delegate = self`, `[cell setDelegate:self]`): it owns
// the view hierarchy the view is shown in, so the two keep each other
// alive. The finding is at the first such store of each owning class and
// property, with the declaration as a related location; the fix is in the
// declaration. report is asked first with the declaration: false leaves
// the property to another finding.
func viewOwners(pass *analyzer.Pass, cs *storage.Contexts, sums *summaries.Result, f *objcparse.File, mem model.Memory, report func(decl token.Pos) bool) {
	ix := pass.Index
	reported := map[string]bool{}
	for _, cd := range f.Classes {
		if cd.Kind != objcparse.DeclImplementation && cd.Kind != objcparse.DeclCategoryImpl {
			continue
		}
		_, controller := ix.IsKindOfAny(cd.Name, model.ViewOwnerClasses)
		_, view := ix.IsKindOfAny(cd.Name, model.ViewClasses)
		if !controller && !view {
			continue
		}
		if _, forever := cs.ProcessLifetime(ix, cd.Name); forever {
			continue // an owner that lives as long as the process: keeping it longer leaks nothing
		}
		for _, m := range cd.Methods {
			if m.Body == nil || m.ClassMethod {
				continue
			}
			check := func(recv *objcparse.Expr, prop string, pos token.Pos) {
				viewClass, _ := sums.ReceiverClass(f, cd.Name, m, m.Body, recv)
				if viewClass == "" {
					return
				}
				if _, ok := ix.IsKindOfAny(viewClass, model.ViewClasses); !ok {
					return
				}
				if !controller && !ownsView(pass, cs, f, cd, m, recv) {
					// A view owns its subviews, not every view it points
					// to: a view it holds weakly is someone else's.
					return
				}
				decls := ix.Properties(viewClass, prop)
				if len(decls) == 0 || decls[0].Class == nil {
					return
				}
				declaring := decls[0].Class.Name
				key := cd.Name + " " + declaring + "." + prop
				if reported[key] {
					return
				}
				sd, ok := strong(pass, cs, declaring, prop, mem)
				if !ok || !report(sd.at.Pos) {
					return
				}
				reported[key] = true
				where := "-[" + cd.Name + " " + m.Selector + "]"
				d := analyzer.Diagnostic{
					Pos:     pos,
					Message: fmt.Sprintf("%s sets the strong %s.%s (%s) to self", where, declaring, prop, sd.why),
					Details: fmt.Sprintf("and the %s shows that view in the view hierarchy it owns: each keeps the other alive, so neither is ever deallocated; declare %s.%s weak",
						cd.Name, declaring, prop),
					Related: []analyzer.Related{{Pos: sd.at.Pos, Message: declaring + "." + prop + " declared " + sd.own.String() + " here"}},
				}
				sd.alsoDeclared(&d)
				pass.Report(d)
			}
			for _, a := range m.Body.Assigns {
				t := a.Target().Unparen()
				if t != nil && t.Kind == objcparse.ExprMember && a.Value().IsIdent("self") {
					check(t.X(), t.Name, a.Expr.Pos)
				}
			}
			for _, snd := range m.Body.Sends {
				if prop, ok := model.SetterProperty(snd.Selector()); ok && snd.Expr.NumArgs() == 1 && snd.Expr.Arg(0).IsIdent("self") {
					check(snd.Receiver(), prop, snd.Expr.Pos)
				}
			}
		}
	}
}

// ownsView reports whether the view class cd keeps the view recv names:
// recv is a strong reference of self (a property or ivar), or the class
// adds it as a subview (`[self addSubview:x]` with x the same reference).
func ownsView(pass *analyzer.Pass, cs *storage.Contexts, f *objcparse.File, cd *objcparse.ClassDecl, m *objcparse.Method, recv *objcparse.Expr) bool {
	c := cs.For(pass.Index, f, cd.Name, m, m.Body, m.Params)
	key, self := c.SelfKey(recv.Unparen())
	if !self || key == "" {
		if r := recv.Unparen(); r != nil && r.Kind == objcparse.ExprIdent {
			return addsSubview(pass, cd.Name, r.Name) // a local view it adds
		}
		return false
	}
	name := strings.TrimPrefix(key, "_")
	for _, p := range pass.Index.Properties(cd.Name, name) {
		if p.HasAttr("weak") || p.HasAttr("assign") || p.HasAttr("unsafe_unretained") {
			return addsSubview(pass, cd.Name, name)
		}
	}
	if iv := pass.Index.Ivar(cd.Name, key); iv != nil && (iv.Type.HasQualifier("__weak") || iv.Type.HasQualifier("__unsafe_unretained")) {
		return addsSubview(pass, cd.Name, name)
	}
	return true
}

// addsSubview reports whether a method of class adds its reference name
// (property or ivar, without the underscore) as a subview of self.
func addsSubview(pass *analyzer.Pass, class, name string) bool {
	c := pass.Index.Class(class)
	if c == nil {
		return false
	}
	for _, d := range c.Decls {
		for _, m := range d.Methods {
			if m.Body == nil {
				continue
			}
			for _, snd := range m.Body.Sends {
				if !model.AddsSubview(snd.Selector()) || snd.Expr.NumArgs() == 0 {
					continue
				}
				a := snd.Expr.Arg(0).Unparen()
				if a != nil && (a.Name == name || a.Name == "_"+name) {
					return true
				}
			}
		}
	}
	return false
}

// ownDecls returns the declarations of prop in class and the protocols it
// adopts, not the superclasses' (a subclass inherits, and the finding
// belongs where the property is declared).
func ownDecls(pass *analyzer.Pass, class, prop string) []*objcparse.Property {
	all := pass.Index.Properties(class, prop)
	var out []*objcparse.Property
	for _, p := range all {
		if p.Class == nil || p.Class.Name == class {
			out = append(out, p)
		}
	}
	// Positions of different files compare by file name, not by token.Pos
	// (file bases depend on parse order).
	sort.SliceStable(out, func(i, j int) bool {
		a, b := pass.Fset.Position(out[i].Pos), pass.Fset.Position(out[j].Pos)
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	return out
}

// ownedHelper reports whether the class stores an object it creates
// itself (`[[X alloc] init…]`, `[X new]`) into property prop — by
// assignment or through its setter (storage.Context.Of): then the
// property holds a helper the class owns, not a back-pointer to an owner.
func ownedHelper(pass *analyzer.Pass, cs *storage.Contexts, class, prop string) bool {
	owned := false
	cs.InstanceMethods(pass.Index, class, func(c *storage.Context) {
		for _, s := range c.Body.Sends {
			if owned {
				return
			}
			if _, fresh := model.AllocatedClass(s.Expr, c.Class); fresh {
				pl := c.Of(s.Expr, s.Scope)
				owned = pl.Kind == storage.Instance && pl.Key == prop
			}
		}
	})
	return owned
}
