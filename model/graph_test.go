package model

import (
	"fmt"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// buildGraph makes a graph with n nodes named 0..n-1 and the given edges
// ("a>b" pairs).
func buildGraph(t testing.TB, n int, edges string) *Graph {
	t.Helper()
	g := NewGraph()
	for i := 0; i < n; i++ {
		g.AddNode(NodeInstance, fmt.Sprint("n", i), fmt.Sprint(i), token.NoPos)
	}
	for _, e := range strings.Fields(edges) {
		var a, b int
		if _, err := fmt.Sscanf(e, "%d>%d", &a, &b); err != nil {
			t.Fatalf("bad edge %q: %v", e, err)
		}
		g.AddEdge(Edge{From: NodeID(a), To: NodeID(b), Kind: EdgeStrongProperty, Label: e})
	}
	return g
}

// render writes cycles as "0>1>2" node sequences.
func render(cs []Cycle) []string {
	var out []string
	for _, c := range cs {
		var s []string
		for _, n := range c.Nodes {
			s = append(s, fmt.Sprint(int(n)))
		}
		out = append(out, strings.Join(s, ">"))
	}
	return out
}

func TestCycles(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		edges  string
		maxLen int
		want   []string
	}{
		{"empty", 0, "", 10, nil},
		{"acyclic", 4, "0>1 1>2 0>2 2>3", 10, nil},
		{"self-loop", 2, "0>1 1>1", 10, []string{"1"}},
		{"two-cycle", 2, "0>1 1>0", 10, []string{"0>1"}},
		{"rotation found from every node is reported once", 3, "1>2 2>0 0>1", 10, []string{"0>1>2"}},
		// 0>1>0 and 1>2>1 share node 1: the shortest cycle through 1 is
		// the first one BFS closes (through 0, the first out-edge of 1
		// back to 1 in insertion order is via 0).
		{"two overlapping cycles", 3, "0>1 1>0 1>2 2>1", 10, []string{"0>1", "1>2"}},
		// A 4-cycle with a chord: through 0 the shortest is 0>1>3 (via
		// the chord 1>3>0), through 2 only 0>1>2>3 passes.
		{"chord", 4, "0>1 1>2 2>3 3>0 1>3", 10, []string{"0>1>2>3", "0>1>3"}},
		{"long cycle cut by max length", 12, "0>1 1>2 2>3 3>4 4>5 5>6 6>7 7>8 8>9 9>10 10>11 11>0", 10, nil},
		{"long cycle without bound", 12, "0>1 1>2 2>3 3>4 4>5 5>6 6>7 7>8 8>9 9>10 10>11 11>0", 0, []string{"0>1>2>3>4>5>6>7>8>9>10>11"}},
		{"exactly max length", 3, "0>1 1>2 2>0", 3, []string{"0>1>2"}},
		{"one over max length", 3, "0>1 1>2 2>0", 2, nil},
		{"long and short cycle in one component", 6, "0>1 1>2 2>3 3>4 4>5 5>0 2>0", 3, []string{"0>1>2"}},
		{"parallel edges", 2, "0>1 0>1 1>0", 10, []string{"0>1"}},
		{"separate components", 5, "0>1 1>0 2>3 3>4 4>2", 10, []string{"0>1", "2>3>4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := buildGraph(t, tt.n, tt.edges)
			got := render(g.Cycles(tt.maxLen))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cycles(%d) = %v, want %v", tt.maxLen, got, tt.want)
			}
			// Every reported cycle is made of edges that chain.
			for _, c := range g.Cycles(tt.maxLen) {
				for i, ei := range c.Edges {
					e := g.Edge(ei)
					if e.From != c.Nodes[i] || e.To != c.Nodes[(i+1)%len(c.Nodes)] {
						t.Errorf("cycle %v: edge %d is %d>%d", c.Nodes, i, e.From, e.To)
					}
				}
			}
		})
	}
}

func TestCyclesPicksFirstParallelEdge(t *testing.T) {
	g := buildGraph(t, 2, "0>1 0>1 1>0")
	cs := g.Cycles(10)
	if len(cs) != 1 || !reflect.DeepEqual(cs[0].Edges, []int{0, 2}) {
		t.Fatalf("got %+v, want edges [0 2]", cs)
	}
}

func TestSCCs(t *testing.T) {
	g := buildGraph(t, 7, "0>1 1>2 2>0 3>3 4>5 5>6 6>5")
	got := fmt.Sprint(g.SCCs())
	if want := "[[0 1 2] [3] [5 6]]"; got != want {
		t.Errorf("SCCs = %s, want %s", got, want)
	}
}

func TestNodesAndKeys(t *testing.T) {
	g := NewGraph()
	a := g.AddNode(NodeInstance, "C", "C", token.Pos(5))
	b := g.AddNode(NodeBlock, "blk", "block", token.NoPos)
	if again := g.AddNode(NodeLocal, "C", "other", token.NoPos); again != a || g.Node(a).Label != "C" || g.Node(a).Kind != NodeInstance {
		t.Errorf("AddNode with an existing key made a new node: %v %+v", again, g.Node(a))
	}
	if id, ok := g.Lookup("blk"); !ok || id != b {
		t.Errorf("Lookup(blk) = %v %v", id, ok)
	}
	if _, ok := g.Lookup("nope"); ok {
		t.Error("Lookup of a missing key succeeded")
	}
	i := g.AddEdge(Edge{From: a, To: b, Kind: EdgeCopyProperty, Label: "h (copy property)", Pos: 9, Decl: 5})
	if g.NumNodes() != 2 || g.NumEdges() != 1 || g.Edge(i).Decl != 5 || !reflect.DeepEqual(g.Out(a), []int{0}) || len(g.Out(b)) != 0 {
		t.Errorf("unexpected graph state: %d nodes, %d edges, out %v", g.NumNodes(), g.NumEdges(), g.Out(a))
	}
	defer func() {
		if recover() == nil {
			t.Error("AddEdge to an unknown node did not panic")
		}
	}()
	g.AddEdge(Edge{From: a, To: 7})
}

func TestCycleKey(t *testing.T) {
	if k := (Cycle{Nodes: []NodeID{3, 7, 12}}).Key(); k != "3 7 12" {
		t.Errorf("Key = %q", k)
	}
}

// TestLongChainAndRing checks that 100,000-node graphs neither overflow a
// stack nor take quadratic time (a quadratic search would take minutes).
func TestLongChainAndRing(t *testing.T) {
	const n = 100_000
	chain := NewGraph()
	ring := NewGraph()
	for i := 0; i < n; i++ {
		chain.AddNode(NodeLocal, fmt.Sprint(i), "", token.NoPos)
		ring.AddNode(NodeLocal, fmt.Sprint(i), "", token.NoPos)
	}
	for i := 0; i+1 < n; i++ {
		chain.AddEdge(Edge{From: NodeID(i), To: NodeID(i + 1)})
		ring.AddEdge(Edge{From: NodeID(i), To: NodeID(i + 1)})
	}
	ring.AddEdge(Edge{From: n - 1, To: 0})
	if cs := chain.Cycles(0); len(cs) != 0 {
		t.Errorf("chain has %d cycles", len(cs))
	}
	if s := chain.SCCs(); len(s) != 0 {
		t.Errorf("chain has %d cyclic components", len(s))
	}
	if s := ring.SCCs(); len(s) != 1 || len(s[0]) != n {
		t.Errorf("ring: want one component of %d nodes", n)
	}
	if cs := ring.Cycles(DefaultMaxCycleLength); len(cs) != 0 {
		t.Errorf("ring cut at %d: %d cycles", DefaultMaxCycleLength, len(cs))
	}
	// A short cycle hanging off the end of the chain is found.
	chain.AddEdge(Edge{From: n - 1, To: n - 3})
	if got := render(chain.Cycles(DefaultMaxCycleLength)); !reflect.DeepEqual(got, []string{fmt.Sprintf("%d>%d>%d", n-3, n-2, n-1)}) {
		t.Errorf("chain with a loop at the end: %v", got)
	}
}

func TestCyclesDeterministic(t *testing.T) {
	edges := "0>1 1>2 2>0 2>3 3>2 3>4 4>0 1>4 4>1"
	first := render(buildGraph(t, 5, edges).Cycles(10))
	for i := 0; i < 20; i++ {
		if got := render(buildGraph(t, 5, edges).Cycles(10)); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d: %v, first run %v", i, got, first)
		}
	}
	if len(first) == 0 {
		t.Fatal("no cycles")
	}
}

// BenchmarkGraphCycles builds a graph shaped like a large project (many
// classes, each with a few owned blocks capturing self, plus class-level
// references) and searches it.
func BenchmarkGraphCycles(b *testing.B) {
	const classes = 5000
	for i := 0; i < b.N; i++ {
		g := NewGraph()
		for c := 0; c < classes; c++ {
			self := g.AddNode(NodeInstance, fmt.Sprint("C", c), "C", token.NoPos)
			for k := 0; k < 8; k++ {
				slot := g.AddNode(NodeObject, fmt.Sprint("C", c, ".p", k), "p", token.NoPos)
				g.AddEdge(Edge{From: self, To: slot, Kind: EdgeStrongProperty})
				blk := g.AddNode(NodeBlock, fmt.Sprint("C", c, ".b", k), "block", token.NoPos)
				g.AddEdge(Edge{From: slot, To: blk, Kind: EdgeCopyProperty})
				if k%3 == 0 {
					g.AddEdge(Edge{From: blk, To: self, Kind: EdgeCapture})
				}
			}
			if c > 0 {
				prev, _ := g.Lookup(fmt.Sprint("C", c-1))
				g.AddEdge(Edge{From: self, To: prev, Kind: EdgeStrongProperty})
			}
		}
		if len(g.Cycles(DefaultMaxCycleLength)) == 0 {
			b.Fatal("no cycles")
		}
	}
}

func TestNewGraphSize(t *testing.T) {
	g := NewGraphSize(4)
	a := g.AddNode(NodeInstance, "a", "A", 0)
	if g.AddNode(NodeInstance, "a", "again", 0) != a || g.NumNodes() != 1 {
		t.Error("a sized graph does not find an existing key")
	}
	if NewGraphSize(-1).NumNodes() != 0 {
		t.Error("a negative size hint made nodes")
	}
}
