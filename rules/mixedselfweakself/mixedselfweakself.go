// Package mixedselfweakself defines the mixedselfweakself rule: a block
// that uses both self and a weak alias of self (SEMANTICS §2), and that
// is known to live long: kept by an API or a project method that stores
// it (by the model's table or the method's summary), or assigned to a
// property, an ivar or a global — unless the object that keeps it is
// known to be one self does not keep (captures.Body.KeptByOther: a menu it
// makes and shows, a view it returns, a class method's object), except a
// shared instance or a notification center, which keep it for good. A block handed to code whose retention
// is unknown, or that runs once and is let go (dispatch_async,
// enumeration, a one-shot completion), holds self at most until it has
// run, which leaks nothing: the rule stays silent. A block on a reported
// retain cycle is the retaincycle rule's finding (one cause, one
// finding); one on a cycle that is broken by design, or in an object that
// lives as long as the process, is no bug.
package mixedselfweakself

import (
	_ "embed"
	"fmt"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/cycles"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

//go:embed doc.md
var doc string

// Analyzer is the mixedselfweakself rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "mixedselfweakself",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/mixedselfweakself/doc.md",
	Severity: analyzer.SeverityWarning,
	Tags:     []string{"memory", "retain-cycle", "blocks"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{captures.Analyzer, cycles.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[captures.Analyzer].(*captures.Result)
	cyc := pass.ResultOf[cycles.Analyzer].(*cycles.Result)
	cyclesReported := cyc.Covers(pass)
	for _, body := range res.Bodies {
		// One body at a time: a panic is reported at that body and the
		// others go on.
		pass.Guard(body.Body.Pos, func() {
			for _, blk := range body.Blocks {
				weak, ok := blk.WeakSelf()
				if !ok {
					continue
				}
				// The block and the blocks around it (which capture what it
				// captures): one of them must be known to be kept; one on a
				// reported cycle is retaincycle's, one on a settled cycle is
				// no bug.
				kept, onCycle, settled := false, false, false
				for b := blk; b != nil; b = res.Enclosing(body, b) {
					kept = kept || body.Kept(b) && !removedObserver(body, b) && (!body.KeptByOther(b) || body.KeptByShared(b) || observerBlock(body, b))
					onCycle = onCycle || cyc.ReportsBlock(b.Block.Pos)
					settled = settled || cyc.Settled(b.Block.Pos)
				}
				if !kept || settled || cyclesReported && onCycle || forever(pass, res, body) {
					continue
				}
				for _, c := range blk.Captures {
					if c.Kind != captures.CaptureSelf || !blk.Direct(c) {
						continue
					}
					pass.Report(analyzer.Diagnostic{
						Pos:     c.Pos,
						Message: fmt.Sprintf("this block uses both %s and self", weak.Name),
						Details: fmt.Sprintf("self is captured strongly anyway, so %s protects nothing; use the weak (or re-strongified) variable here too", weak.Name),
						Related: []analyzer.Related{{Pos: weak.Pos, Message: weak.Name + " used here"}},
					})
					break
				}
			}
		})
	}
	return nil, nil
}

// forever reports whether self is an object that lives as long as the
// process (a singleton, the application delegate, one they keep): keeping
// it alive longer leaks nothing.
func forever(pass *analyzer.Pass, res *captures.Result, body *captures.Body) bool {
	if !body.SelfIsObject() {
		return false
	}
	_, ok := res.Storage.ProcessLifetime(pass.Index, body.Class)
	return ok
}

// registration returns the observer registration whose block is blk
// (a notification center keeps the block until it is removed, for the
// whole run when it never is), and the send that makes it.
func registration(body *captures.Body, blk *captures.Block) (model.ObserverRegistration, *objcparse.Send, bool) {
	for _, s := range body.Body.Sends {
		if reg, ok := model.ObserverRegistered(s.Expr); ok && reg.Block.Unparen() == blk.Block.Expr {
			return reg, s, true
		}
	}
	return model.ObserverRegistration{}, nil, false
}

// observerBlock reports whether blk is the block of an observer
// registration.
func observerBlock(body *captures.Body, blk *captures.Block) bool {
	_, _, ok := registration(body, blk)
	return ok
}

// removedObserver reports whether blk is the block of a notification
// observer whose token the code removes where that can run (not only in
// -dealloc): the center keeps the block only until then.
func removedObserver(body *captures.Body, blk *captures.Block) bool {
	reg, s, ok := registration(body, blk)
	if !ok || reg.Kind != model.NotificationObserver {
		return false
	}
	place := body.Storage.Of(body.Storage.PassThrough(reg.Expr), s.Scope)
	if place.Kind != storage.Instance && place.Kind != storage.Local {
		return false
	}
	return body.Storage.ObserverRemoval(place).Removed
}
