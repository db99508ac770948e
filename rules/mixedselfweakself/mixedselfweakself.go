// Package mixedselfweakself defines the mixedselfweakself rule: a block
// that uses both self and a weak alias of self (SEMANTICS §2), and that
// can live long: a block that an API runs once and lets go
// (dispatch_async, enumeration, a one-shot completion) holds self only
// until it has run, and a block on a reported retain cycle is the
// retaincycle rule's finding (one cause, one finding).
package mixedselfweakself

import (
	_ "embed"
	"fmt"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/cycles"
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
				// captures): all run once and let go, self is held only
				// until then; one of them on a reported cycle, retaincycle
				// reports it.
				longLived, onCycle := false, false
				for b := blk; b != nil; b = res.Enclosing(body, b) {
					longLived = longLived || !body.LetGo(b)
					onCycle = onCycle || cyc.ReportsBlock(b.Block.Pos)
				}
				if !longLived || cyclesReported && onCycle {
					continue
				}
				for _, c := range blk.Captures {
					if c.Kind != captures.CaptureSelf || !blk.Direct(c) {
						continue
					}
					pass.Report(analyzer.Diagnostic{
						Pos: c.Pos,
						Message: fmt.Sprintf("this block uses both %s and self: self is captured strongly anyway, so %s protects nothing; use the weak (or re-strongified) variable here too",
							weak.Name, weak.Name),
						Related: []analyzer.Related{{Pos: weak.Pos, Message: weak.Name + " used here"}},
					})
					break
				}
			}
		})
	}
	return nil, nil
}
