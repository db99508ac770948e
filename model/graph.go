package model

import (
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// SEMANTICS §1, §2, §4, §8: the ownership graph. Its nodes are abstract
// objects ("an instance of class C", "the object in C's property p", a
// block literal, a local object); its edges are owning references only
// (strong and copy properties and ivars, strong block captures, collection
// elements, associated objects with a retaining policy, …). A cycle of
// owning references is a retain cycle: no object in it can reach a retain
// count of zero while the others hold it. Weak and unretained references
// are never edges.
//
// The cycle search is the static counterpart of FBRetainCycleDetector's DFS
// over strong references (seed 002): strongly connected components first,
// then the shortest cycle through each node of a component, de-duplicated
// by rotation, optionally bounded in length (FBRetainCycleDetector looks 10
// levels deep by default).

// NodeID identifies a node of a Graph: 0, 1, 2, … in insertion order.
type NodeID int

// NodeKind classifies an abstract object.
type NodeKind string

// Node kinds.
const (
	// NodeInstance is "an instance of class C" (self in C's instance
	// methods, and the target of references declared with type C).
	NodeInstance NodeKind = "instance"
	// NodeObject is the object held in one reference of another node:
	// "the object in self.cell", "the object in x.session".
	NodeObject NodeKind = "object"
	// NodeBlock is one block literal.
	NodeBlock NodeKind = "block"
	// NodeLocal is the object a local variable or parameter points to.
	NodeLocal NodeKind = "local"
	// NodeRoot is something that lives for the whole process: the run
	// loop, the notification center, a singleton.
	NodeRoot NodeKind = "root"
)

// A Node is one abstract object.
type Node struct {
	ID   NodeID
	Kind NodeKind
	// Key identifies the node among all nodes; AddNode with an existing
	// key returns the existing node.
	Key string
	// Label names the object in messages: "FeedViewController",
	// "self.featuredCell", "block", "x".
	Label string
	// Pos is where the object is declared or created (class, property,
	// block literal, variable), or token.NoPos.
	Pos token.Pos
}

// EdgeKind says why an edge owns its target.
type EdgeKind string

// Edge kinds: each is an owning reference (SEMANTICS §1, §2, §4).
const (
	EdgeStrongProperty EdgeKind = "strong property"
	EdgeCopyProperty   EdgeKind = "copy property"
	EdgeStrongIvar     EdgeKind = "strong ivar"
	// EdgeCapture: a block captures an object strongly (self, an ivar
	// through self, a strong outer variable, a __block variable under ARC).
	EdgeCapture EdgeKind = "block capture"
	// EdgeElement: a collection (array, dictionary, set, cache, a strong
	// map table) holds its elements strongly.
	EdgeElement EdgeKind = "collection element"
	// EdgeAssociated: objc_setAssociatedObject with a RETAIN or COPY policy.
	EdgeAssociated EdgeKind = "associated object"
	// EdgeSourceHandler: a dispatch source keeps its event, cancel and
	// registration handlers until it is cancelled.
	EdgeSourceHandler EdgeKind = "dispatch source handler"
	// EdgeObserverBlock: an observer token (addObserverForName:…usingBlock:)
	// or a KVO controller keeps the observation block.
	EdgeObserverBlock EdgeKind = "observer block"
	// EdgeStoredArgument: a method keeps an argument it is passed (a
	// setter-like API, or a project method that stores its parameter).
	EdgeStoredArgument EdgeKind = "stored argument"
	// EdgeTimerTarget: an NSTimer or CADisplayLink retains its target and
	// user info until it is invalidated (SEMANTICS §4).
	EdgeTimerTarget EdgeKind = "timer target"
	// EdgeTimerBlock: a block-based timer retains its block until it is
	// invalidated.
	EdgeTimerBlock EdgeKind = "timer block"
)

// An Edge is one owning reference.
type Edge struct {
	From, To NodeID
	Kind     EdgeKind
	// Label names the reference in messages: "refreshCompletion (copy
	// property)", "self (captured via ivar _items)".
	Label string
	// Pos is the source position that creates the reference: the
	// statement storing it, the capturing use, or the declaration for
	// class-level references.
	Pos token.Pos
	// Decl is the declaration of the property or ivar the reference goes
	// through, or token.NoPos.
	Decl token.Pos
}

// A Graph is a directed multigraph of abstract objects and owning
// references. The zero value is not usable; call NewGraph. It is not safe
// for concurrent mutation.
type Graph struct {
	nodes []Node
	edges []Edge
	out   [][]int // edge indexes by source node, in insertion order
	byKey map[string]NodeID
}

// NewGraph returns an empty graph.
func NewGraph() *Graph { return &Graph{byKey: map[string]NodeID{}} }

// NewGraphSize returns an empty graph with room for about n nodes.
func NewGraphSize(n int) *Graph {
	n = max(n, 0)
	return &Graph{nodes: make([]Node, 0, n), out: make([][]int, 0, n), byKey: make(map[string]NodeID, n)}
}

// AddNode adds a node with a unique key and returns its id. A node with
// the same key already present is returned unchanged (its kind, label and
// position are those of the first call).
func (g *Graph) AddNode(kind NodeKind, key, label string, pos token.Pos) NodeID {
	if id, ok := g.byKey[key]; ok {
		return id
	}
	id := NodeID(len(g.nodes))
	g.nodes = append(g.nodes, Node{ID: id, Kind: kind, Key: key, Label: label, Pos: pos})
	g.out = append(g.out, nil)
	g.byKey[key] = id
	return id
}

// Lookup returns the node with the given key.
func (g *Graph) Lookup(key string) (NodeID, bool) {
	id, ok := g.byKey[key]
	return id, ok
}

// Node returns the node id. It panics if id is not a node of g.
func (g *Graph) Node(id NodeID) Node { return g.nodes[id] }

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.nodes) }

// AddEdge adds e and returns its index. Both ends must be nodes of g
// (AddEdge panics otherwise). Parallel edges and self-loops are allowed.
func (g *Graph) AddEdge(e Edge) int {
	if int(e.From) < 0 || int(e.From) >= len(g.nodes) || int(e.To) < 0 || int(e.To) >= len(g.nodes) {
		panic("model.Graph.AddEdge: edge " + strconv.Itoa(int(e.From)) + " -> " + strconv.Itoa(int(e.To)) + " between unknown nodes")
	}
	i := len(g.edges)
	g.edges = append(g.edges, e)
	g.out[e.From] = append(g.out[e.From], i)
	return i
}

// Edge returns edge i.
func (g *Graph) Edge(i int) Edge { return g.edges[i] }

// NumEdges returns the number of edges.
func (g *Graph) NumEdges() int { return len(g.edges) }

// Out returns the indexes of the edges leaving id, in insertion order.
func (g *Graph) Out(id NodeID) []int { return g.out[id] }

// SCCs returns the strongly connected components of g that can hold a
// cycle: those with two or more nodes, and single nodes with a self-loop.
// Each component lists its nodes in increasing id order; components are
// ordered by their smallest id. It uses Tarjan's algorithm with an
// explicit stack, so it runs in O(nodes + edges) time and never recurses.
func (g *Graph) SCCs() [][]NodeID {
	comp := g.components()
	byComp := map[int][]NodeID{}
	var order []int
	for v, c := range comp {
		if _, ok := byComp[c]; !ok {
			order = append(order, c)
		}
		byComp[c] = append(byComp[c], NodeID(v))
	}
	var out [][]NodeID
	for _, c := range order { // nodes are visited in id order: order is by smallest id
		ns := byComp[c]
		if len(ns) == 1 && !g.hasSelfLoop(ns[0]) {
			continue
		}
		out = append(out, ns)
	}
	return out
}

func (g *Graph) hasSelfLoop(v NodeID) bool {
	for _, ei := range g.out[v] {
		if g.edges[ei].To == v {
			return true
		}
	}
	return false
}

// components returns, for each node, the index of its strongly connected
// component (iterative Tarjan).
func (g *Graph) components() []int {
	n := len(g.nodes)
	const unvisited = -1
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp := make([]int, n)
	for i := range index {
		index[i] = unvisited
		comp[i] = unvisited
	}
	var stack []NodeID
	type frame struct {
		v    NodeID
		next int // next out-edge position to look at
	}
	var call []frame
	counter, ncomp := 0, 0
	for root := 0; root < n; root++ {
		if index[root] != unvisited {
			continue
		}
		call = append(call, frame{v: NodeID(root)})
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, NodeID(root))
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			if top.next < len(g.out[v]) {
				w := g.edges[g.out[v][top.next]].To
				top.next++
				switch {
				case index[w] == unvisited:
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{v: w})
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			// v is finished.
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}

// DefaultMaxCycleLength is the default bound on the number of edges of a
// reported cycle, FBRetainCycleDetector's default search depth.
const DefaultMaxCycleLength = 10

// A Cycle is a simple cycle of owning references. Nodes[0] is its smallest
// node id (the canonical rotation); Edges[i] goes from Nodes[i] to
// Nodes[(i+1)%len(Nodes)].
type Cycle struct {
	Nodes []NodeID
	Edges []int // edge indexes into the graph
}

// Key is the canonical node sequence, e.g. "3 7 12": two cycles through the
// same nodes in the same order have the same key.
func (c Cycle) Key() string {
	var b strings.Builder
	for i, n := range c.Nodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(int(n)))
	}
	return b.String()
}

// Cycles returns, for every node that lies on a cycle, the shortest cycle
// through it (the first one found by breadth-first search inside its
// strongly connected component, following edges in insertion order), at
// most maxLen edges long (maxLen <= 0: no bound). Cycles that are
// rotations of each other are returned once, in canonical rotation. The
// result is sorted by node sequence and is deterministic for a given
// graph.
//
// With a bound, each search visits only the nodes within maxLen steps of
// its start, so the total time is O(nodes + edges) for a fixed bound on
// graphs of bounded degree; without one it is O(nodes × edges) in the worst
// case (one huge component).
func (g *Graph) Cycles(maxLen int) []Cycle {
	comp := g.components()
	n := len(g.nodes)
	// Components that can hold a cycle.
	size := map[int]int{}
	for _, c := range comp {
		size[c]++
	}
	dist := make([]int, n)
	via := make([]int, n) // edge index reaching the node
	stamp := make([]int, n)
	gen := 0
	seen := map[string]bool{}
	var out []Cycle
	var queue []NodeID
	for s := 0; s < n; s++ {
		src := NodeID(s)
		if size[comp[s]] == 1 && !g.hasSelfLoop(src) {
			continue
		}
		gen++
		stamp[s], dist[s], via[s] = gen, 0, -1
		queue = append(queue[:0], src)
		closing := -1
	search:
		for qi := 0; qi < len(queue); qi++ {
			u := queue[qi]
			if maxLen > 0 && dist[u]+1 > maxLen {
				break // BFS order: every later node is at least as far
			}
			for _, ei := range g.out[u] {
				w := g.edges[ei].To
				if comp[w] != comp[s] {
					continue
				}
				if w == src {
					closing = ei
					break search
				}
				if stamp[w] != gen {
					stamp[w], dist[w], via[w] = gen, dist[u]+1, ei
					queue = append(queue, w)
				}
			}
		}
		if closing < 0 {
			continue
		}
		// Walk back from the closing edge's source to src.
		edges := []int{closing}
		for v := g.edges[closing].From; v != src; v = g.edges[via[v]].From {
			edges = append(edges, via[v])
		}
		for i, j := 0, len(edges)-1; i < j; i, j = i+1, j-1 {
			edges[i], edges[j] = edges[j], edges[i]
		}
		c := canonical(g, edges)
		if k := c.Key(); !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return lessIDs(out[i].Nodes, out[j].Nodes) })
	return out
}

// canonical rotates a cycle given by its edges to start at its smallest node.
func canonical(g *Graph, edges []int) Cycle {
	start := 0
	for i := range edges {
		if g.edges[edges[i]].From < g.edges[edges[start]].From {
			start = i
		}
	}
	c := Cycle{Nodes: make([]NodeID, len(edges)), Edges: make([]int, len(edges))}
	for i := range edges {
		e := edges[(start+i)%len(edges)]
		c.Edges[i] = e
		c.Nodes[i] = g.edges[e].From
	}
	return c
}

func lessIDs(a, b []NodeID) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
