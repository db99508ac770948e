// Package strongdelegate defines the strongdelegate rule: delegate-like
// properties declared strong (SEMANTICS §1). A property the class fills
// with an object it creates itself is an owned helper, not a back-pointer,
// and a property on a reported retain cycle is the retaincycle rule's
// finding (one strong back-pointer, one finding).
package strongdelegate

import (
	_ "embed"
	"fmt"
	"sort"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/cycles"
	"github.com/objcleak/objcleak/rules/passes/storage"
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
	Requires: []*analyzer.Analyzer{cycles.Analyzer, storage.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	cyc := pass.ResultOf[cycles.Analyzer].(*cycles.Result)
	cs := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	cyclesReported := cyc.Covers(pass)
	pass.ForEachFile(func(f *objcparse.File) {
		mem := model.ARC
		if f.MRC {
			mem = model.MRC
		}
		reported := map[string]bool{}
		for _, cd := range f.Classes {
			for _, p := range cd.Properties {
				key := cd.Name + "." + p.Name
				if reported[key] {
					continue
				}
				why, ok := model.DelegateLike(p.Name, p.Type)
				if !ok {
					continue
				}
				// Every declaration visible in the class decides (an
				// extension may redeclare the header's property).
				decls := ownDecls(pass, cd.Name, p.Name)
				info, ok := model.EffectiveProperty(decls, mem)
				if !ok || !info.Own.IsOwning() {
					continue
				}
				// Report once, at the declaration that makes it strong in
				// this file.
				if info.Decl != nil && info.Decl.Class != nil && info.Decl.Class.File != f {
					continue
				}
				reported[key] = true
				at := p
				if info.Decl != nil {
					at = info.Decl
				}
				if cyclesReported && cyc.OnCycle(at.Pos) {
					continue // retaincycle reports the cycle through it
				}
				if ownedHelper(pass, cs, cd.Name, p.Name) {
					continue // the class creates what it holds: not a back-pointer
				}
				d := analyzer.Diagnostic{
					Pos: at.Pos,
					Message: fmt.Sprintf("%s.%s is %s and %s, so it owns its delegate: when the delegate also owns this %s (the usual case) neither is ever deallocated; declare it weak",
						cd.Name, p.Name, why, info.Own, cd.Name),
				}
				for _, other := range decls {
					if other != at && other.Pos.IsValid() {
						d.Related = append(d.Related, analyzer.Related{Pos: other.Pos, Message: "also declared here"})
					}
				}
				pass.Report(d)
			}
		}
	})
	return nil, nil
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
