// Package capturedstrongself defines the capturedstrongself rule: a
// "weakSelf" that is not weak, and a strongSelf captured by a nested block
// (SEMANTICS §2).
package capturedstrongself

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/cycles"
)

//go:embed doc.md
var doc string

// Analyzer is the capturedstrongself rule. It is a note: on projects
// nobody tuned it on, most blocks it took as kept were kept by transient
// objects or run once (testdata/ledger), so it says less until the
// keeper's lifetime is known.
var Analyzer = &analyzer.Analyzer{
	Name:     "capturedstrongself",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/capturedstrongself/doc.md",
	Severity: analyzer.SeverityNote,
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
			if !body.SelfIsObject() {
				return
			}
			for _, blk := range body.Blocks {
				if cyclesReported && cyc.ReportsBlock(blk.Block.Pos) {
					continue // retaincycle reports the cycle this block closes (one cause, one finding)
				}
				// The strong alias holds self only while the block lives.
				// No leak when the block runs once and goes (dispatch_async,
				// enumeration, a one-shot completion), is handed to code whose
				// retention is unknown, is kept by an object self does not
				// keep (a menu sheet, a presented screen, a singleton's
				// queue), or is on a cycle broken by design.
				leaks := sync.OnceValue(func() bool {
					return body.Kept(blk) && body.KeptBySelf(blk) && !cyc.Settled(blk.Block.Pos)
				})
				for _, c := range blk.Captures {
					if c.Alias == nil || !blk.Direct(c) {
						continue
					}
					switch c.Alias.Kind {
					case captures.FakeWeakSelf:
						if !leaks() {
							continue
						}
						pass.Report(analyzer.Diagnostic{
							Pos:     c.Pos,
							Message: c.Name + " is not weak: it is declared without __weak",
							Details: fmt.Sprintf("so this block captures self strongly through it; declare it `__weak typeof(self) %s = self;`", c.Name),
							Related: []analyzer.Related{{Pos: c.Alias.Pos, Message: c.Name + " declared here without __weak"}},
						})
					case captures.StrongSelf:
						if c.Alias.Scope == blk.Block.Index {
							continue // used in the block that declared it
						}
						if !leaks() {
							continue
						}
						what := c.Name
						if c.Alias.Macro != "" {
							what = "self (made strong by @" + c.Alias.Macro + "(self) in the enclosing block)"
						}
						pass.Report(analyzer.Diagnostic{
							Pos:     c.Pos,
							Message: what + " is captured strongly by a nested block",
							Details: "which keeps self alive as long as that block lives (a retain cycle if self stores it); capture the weak variable in the nested block and re-strongify inside it",
							Related: []analyzer.Related{{Pos: c.Alias.Pos, Message: "strong alias of self declared here"}},
						})
					}
				}
			}
		})
	}
	return nil, nil
}
