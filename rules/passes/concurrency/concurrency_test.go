package concurrency_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/passes/concurrency"
)

// probe reports what the pass decided: for each submitted block, how it
// runs; for each assignment to a variable named probe, the context and the
// lock held.
var probe = &analyzer.Analyzer{
	Name:     "probe",
	Doc:      "probe: reports the concurrency pass's result\n\nFor tests.",
	Severity: analyzer.SeverityNote,
	Requires: []*analyzer.Analyzer{concurrency.Analyzer},
	Run: func(pass *analyzer.Pass) (any, error) {
		res := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
		linted := map[string]bool{}
		for _, f := range pass.Files {
			linted[f.Path] = true
		}
		for _, b := range res.Bodies {
			if !linted[b.File.Path] || res.Body(b.Facts) != b {
				continue
			}
			for _, r := range b.Runs {
				if r == nil {
					continue
				}
				many := "once"
				if r.Many {
					many = "many " + r.Why
				}
				pass.Reportf(r.Pos, "run: %s; %s; key %v", r.Describe(), many, r.Queue.Key != "")
			}
			for _, a := range b.Facts.Assigns {
				if !a.Target().IsIdent("probe") {
					continue
				}
				where := "unknown thread"
				if r := b.Context(a.Scope); r != nil {
					where = r.Describe()
				}
				lock, ok := b.Protected(a.Scope, a.Expr.Pos, a.Context)
				if !ok {
					lock = "none"
				}
				pass.Reportf(a.Expr.Pos, "probe: %s; lock %s", where, lock)
			}
		}
		return nil, nil
	},
}

func TestConcurrencyPass(t *testing.T) {
	analyzertest.Run(t, filepath.Join("testdata", "probe"), probe)
}

// TestConcurrent checks the pairwise decision on the runs of one fixture.
func TestConcurrent(t *testing.T) {
	var runs map[string]*concurrency.Run
	collect := &analyzer.Analyzer{
		Name: "collect", Doc: "collect: test\n\nTest.", Severity: analyzer.SeverityNote,
		Requires: []*analyzer.Analyzer{concurrency.Analyzer},
		Run: func(pass *analyzer.Pass) (any, error) {
			runs = map[string]*concurrency.Run{}
			res := pass.ResultOf[concurrency.Analyzer].(*concurrency.Result)
			for _, b := range res.Methods("Pairs") {
				for i, r := range b.Runs {
					if r != nil {
						runs[fmt.Sprintf("%s#%d", b.Where, i)] = r
					}
				}
			}
			return nil, nil
		},
	}
	analyzertest.Run(t, filepath.Join("testdata", "pairs"), collect)
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"-serialA#0", "-serialA#0", false},      // one block on one serial queue, once
		{"-serialA#0", "-serialB#0", true},       // two different serial queues
		{"-serialA#0", "-sameSerial#0", false},   // the same serial queue, another method
		{"-serialA#0", "-main#0", true},          // a serial queue and the main queue
		{"-main#0", "-mainOp#0", false},          // the main queue and the main operation queue
		{"-barrier#0", "-reader#0", false},       // a barrier on the custom concurrent queue
		{"-reader#0", "-reader2#0", true},        // two plain blocks on it
		{"-loop#0", "-loop#0", true},             // a block dispatched in a loop to a concurrent queue
		{"-nested#0", "-nested#1", false},        // dispatch_sync inside the block waits
		{"-asyncChild#0", "-asyncChild#1", true}, // an async child overlaps the code after it
		{"-unknown:#0", "-serialA#0", false},     // a queue passed in: unknown
	} {
		ra, rb := runs[tc.a], runs[tc.b]
		if ra == nil || rb == nil {
			t.Fatalf("missing run %s or %s in %v", tc.a, tc.b, runs)
		}
		// Positions: the end of each block, after any nested submission.
		pa, pb := ra.Body.Facts.Blocks[ra.Block].End-2, rb.Body.Facts.Blocks[rb.Block].End-2
		if got := concurrency.Concurrent(ra, pa, rb, pb); got != tc.want {
			t.Errorf("Concurrent(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := concurrency.Concurrent(rb, pb, ra, pa); got != tc.want {
			t.Errorf("Concurrent(%s, %s) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}
