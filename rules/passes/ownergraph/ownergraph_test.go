package ownergraph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/ownergraph"
)

// build loads dir and builds its ownership graph the way the driver does.
func build(t testing.TB, dir string) (*analyzer.Project, *ownergraph.Result) {
	t.Helper()
	proj, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	pass := &analyzer.Pass{Analyzer: captures.Analyzer, Fset: proj.Fset, Files: proj.Files, Index: proj.Index,
		ResultOf: map[*analyzer.Analyzer]any{}, Report: func(analyzer.Diagnostic) {}}
	caps, err := captures.Analyzer.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	pass.Analyzer = ownergraph.Analyzer
	pass.ResultOf[captures.Analyzer] = caps
	res, err := ownergraph.Analyzer.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	return proj, res.(*ownergraph.Result)
}

// edges renders every edge as "From -kind-> To: label @file:line".
func edges(proj *analyzer.Project, r *ownergraph.Result) []string {
	g := r.Graph
	var out []string
	for i := 0; i < g.NumEdges(); i++ {
		e := g.Edge(i)
		p := proj.Fset.Position(e.Pos)
		level := ""
		if r.Edge(i).ClassLevel {
			level = " [class]"
		}
		out = append(out, fmt.Sprintf("%s -%s-> %s: %s @%s:%d%s", g.Node(e.From).Label, e.Kind, g.Node(e.To).Label, e.Label, filepath.Base(p.Filename), p.Line, level))
	}
	return out
}

func TestGraphEdges(t *testing.T) {
	proj, r := build(t, "testdata")
	got := edges(proj, r)
	all := strings.Join(got, "\n")
	want := []string{
		"Parent -copy property-> block: handler (copy property) @graph.m:38",
		"block -block capture-> Parent: self (captured) @graph.m:38",
		// The timer keeps its target: in the graph, reported by timerleak.
		"Parent -strong property-> self.timer: timer (strong property) @graph.m:14",
		"self.timer -timer target-> Parent: target (timer target) @graph.m:40",
		"self.source -dispatch source handler-> block: event handler (dispatch source handler) @graph.m:41",
		"self.items -collection element-> self.child: element (collection element) @graph.m:42",
		"Parent -stored argument-> self.child: passed to -[Parent keep:] (stored argument) @graph.m:44",
		"Parent -strong ivar-> self.child: _strongIvar (strong ivar) @graph.m:47",
		// An observer token keeps its block (observerleak reports the cycle).
		"self._strongIvar -observer block-> block: usingBlock (observer block) @graph.m:66",
		// Class level, by declared type.
		"Parent -strong property-> Child: child (strong property) @graph.m:11 [class]",
		"Child -strong property-> Parent: owner (strong property) @graph.m:24 [class]",
		// MRC: retained by hand.
		"Legacy -strong ivar-> thing: _kept (strong ivar) @mrc.m:15",
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing edge %q", w)
		}
	}
	notWant := []string{
		"-> self.weakChild",              // a weak property owns nothing
		"self.observers -",               // a weak hash table does not own its elements
		"-[Parent run:]",                 // -run: calls its argument and drops it
		"_weakIvar",                      // a weak ivar
		"_borrowed",                      // MRC: not retained by the assignment
		"sibling",                        // a reference to the class's own kind
		"computed",                       // a read-only property with an implemented getter
		"Child -strong property-> Child", // no class-level self-loop
	}
	for _, n := range notWant {
		if strings.Contains(all, n) {
			t.Errorf("unexpected edge matching %q in:\n%s", n, all)
		}
	}
	// The source is cancelled outside -dealloc.
	id, ok := r.Graph.Lookup("instance:Parent.source")
	if !ok {
		t.Fatalf("no node for self.source")
	}
	if !r.Node(id).Cancelled.IsValid() || proj.Fset.Position(r.Node(id).Cancelled).Line != 59 {
		t.Errorf("self.source: Cancelled = %v", proj.Fset.Position(r.Node(id).Cancelled))
	}
	if info := r.Node(id); info.Name != "source" || r.Graph.Node(info.Owner).Label != "Parent" {
		t.Errorf("self.source: owner %v name %q", info.Owner, info.Name)
	}
	if t.Failed() {
		t.Logf("edges:\n%s", all)
	}
}

func TestGraphEdgeInfo(t *testing.T) {
	proj, r := build(t, "testdata")
	g := r.Graph
	found := 0
	for i := 0; i < g.NumEdges(); i++ {
		e, info := g.Edge(i), r.Edge(i)
		switch {
		case e.Kind == model.EdgeCapture:
			found++
			if info.Capture == nil || info.Block == nil || info.Body == nil || info.Expr != nil {
				t.Errorf("capture edge %q: %+v", e.Label, info)
			}
		case info.ClassLevel:
			if info.Body != nil || info.Expr != nil || e.Pos != e.Decl || !e.Decl.IsValid() {
				t.Errorf("class-level edge %q: %+v", e.Label, info)
			}
		case e.Kind == model.EdgeCopyProperty && g.Node(e.To).Kind == model.NodeBlock:
			found++
			if info.Expr == nil || info.Name != "handler" || info.Own != model.OwnCopy || proj.Fset.Position(e.Decl).Line != 13 {
				t.Errorf("store edge %q: %+v decl %v", e.Label, info, proj.Fset.Position(e.Decl))
			}
		}
	}
	if found < 2 {
		t.Errorf("found %d of the edges checked", found)
	}
}

// TestGraphDeterministic builds the same project twice: node and edge
// order must not depend on map iteration.
func TestGraphDeterministic(t *testing.T) {
	p1, r1 := build(t, "testdata")
	p2, r2 := build(t, "testdata")
	e1, e2 := strings.Join(edges(p1, r1), "\n"), strings.Join(edges(p2, r2), "\n")
	if e1 != e2 {
		t.Errorf("two builds differ:\n%s\n---\n%s", e1, e2)
	}
}

// BenchmarkBuild generates a project shaped like an app (view controllers
// with block properties, cells, collections, class-level references) and
// measures building the graph and searching it for cycles. With
// OBJCLEAK_BENCH_PROJECT set it measures that project instead (a checkout
// kept outside the repository).
func BenchmarkBuild(b *testing.B) {
	if dir := os.Getenv("OBJCLEAK_BENCH_PROJECT"); dir != "" {
		benchBuild(b, dir, false)
		return
	}
	dir := b.TempDir()
	const classes = 400
	for c := 0; c < classes; c++ {
		var src strings.Builder
		fmt.Fprintf(&src, "#import <UIKit/UIKit.h>\n@class Model%d;\n", (c+1)%classes)
		fmt.Fprintf(&src, "@interface Model%d : NSObject\n@property (nonatomic, strong) Model%d *next;\n@property (nonatomic, weak) Model%d *owner;\n@property (nonatomic, strong) NSMutableArray *handlers;\n@property (nonatomic, copy) void (^onChange)(void);\n@end\n", c, (c+1)%classes, (c+classes-1)%classes)
		fmt.Fprintf(&src, "@interface Screen%d : UIViewController {\n    NSMutableArray *_items;\n}\n@property (nonatomic, strong) Model%d *model;\n@property (nonatomic, copy) void (^completion)(void);\n@end\n", c, c)
		fmt.Fprintf(&src, "@implementation Model%d\n- (void)notify { if (self.onChange) self.onChange(); }\n@end\n", c)
		fmt.Fprintf(&src, "@implementation Screen%d\n", c)
		for m := 0; m < 20; m++ {
			fmt.Fprintf(&src, "- (void)method%d {\n    __weak typeof(self) weakSelf = self;\n    self.completion = ^{ [weakSelf reload]; };\n    self.model.onChange = ^{ [weakSelf reload]; [_items count]; };\n    [self.model.handlers addObject:^{ [self reload]; }];\n    dispatch_async(dispatch_get_main_queue(), ^{ [self reload]; });\n    NSMutableArray *local = [NSMutableArray array];\n    for (int i = 0; i < 3; i++) { [local addObject:@(i)]; }\n    self.title = [NSString stringWithFormat:@\"%%d\", (int)local.count];\n}\n", m)
		}
		src.WriteString("- (void)reload {\n}\n@end\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("Screen%d.m", c)), []byte(src.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchBuild(b, dir, true)
}

func benchBuild(b *testing.B, dir string, wantCycles bool) {
	proj, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir})
	if err != nil {
		b.Fatal(err)
	}
	pass := &analyzer.Pass{Analyzer: captures.Analyzer, Fset: proj.Fset, Files: proj.Files, Index: proj.Index,
		ResultOf: map[*analyzer.Analyzer]any{}, Report: func(analyzer.Diagnostic) {}}
	caps, err := captures.Analyzer.Run(pass)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(proj.Lines), "lines")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := ownergraph.Build(proj.Index, caps.(*captures.Result))
		if cs := r.Graph.Cycles(model.DefaultMaxCycleLength); wantCycles && len(cs) == 0 {
			b.Fatal("no cycles")
		}
	}
}
