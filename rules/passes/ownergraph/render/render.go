// Package render draws the project's ownership graph (the ownergraph
// pass's result, SEMANTICS §1, §2, §4, §8) as a picture: Graphviz DOT or a
// Mermaid flowchart, for `objcleak graph`.
//
// A picture is either the part of the graph reachable from an instance of
// one class (every object it owns, directly or through other objects), or,
// by default, every node that lies on a cycle of owning references with
// its direct neighbours and the edges that touch a cycle. Edges that lie on
// a cycle, and the nodes they join, are highlighted (red, bold). Edges are
// labelled with the reference they stand for, in the words of objcleak's
// messages: "refreshCompletion (copy property)", "self (captured)".
// Class-level edges, which the graph adds from declared property and ivar
// types ("an A may own a B"), are dashed.
//
// Output is deterministic: nodes in graph order (breadth-first from the
// class with a class), edges in the order of their source node and then
// of the graph, identifiers renumbered n0, n1, … in output order.
package render

import (
	"context"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/classinfo"
	"github.com/objcleak/objcleak/rules/passes/ownergraph"
)

// Formats returns the picture formats: "dot" and "mermaid".
func Formats() []string { return []string{"dot", "mermaid"} }

// Config describes one `objcleak graph` run.
type Config struct {
	// Class, when set, limits the picture to what an instance of the class
	// owns (the nodes reachable from it). Empty: the cycles and their
	// neighbours.
	Class string
	// Paths are the files and directories to read; empty means ".".
	Paths []string
	// Format is one of Formats; "" means "dot".
	Format string
}

// Run reads the project of cfg.Paths (analyzer.Load: the same files, and
// the same input errors, as lint), builds the ownership graph the way the
// driver does and writes the picture cfg asks for to w. An unknown class
// is a *classinfo.UnknownClassError (with the project's similar names).
func Run(ctx context.Context, cfg Config, w io.Writer) error {
	if cfg.Format == "" {
		cfg.Format = "dot"
	}
	if !slices.Contains(Formats(), cfg.Format) {
		return fmt.Errorf("unknown format %q (formats: %s)", cfg.Format, strings.Join(Formats(), ", "))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	pr, err := analyzer.Load(ctx, &analyzer.Config{Paths: cfg.Paths})
	if err != nil {
		return err
	}
	if cfg.Class != "" && pr.Index.Class(cfg.Class) == nil {
		// Inspect returns its UnknownClassError (with suggestions) at once.
		if _, err := classinfo.Inspect(pr.Index, pr.Fset, cfg.Class, classinfo.Options{}); err != nil {
			return err
		}
	}
	res, err := buildGraph(pr)
	if err != nil {
		return err
	}
	var p *Picture
	if cfg.Class != "" {
		p = FromClass(res, pr.Fset, cfg.Class)
	} else {
		p = Cycles(res, pr.Fset)
	}
	return Write(w, cfg.Format, p)
}

// buildGraph runs the captures and ownergraph passes over the project as
// the driver does (they report nothing).
func buildGraph(pr *analyzer.Project) (*ownergraph.Result, error) {
	pass := &analyzer.Pass{Analyzer: captures.Analyzer, Fset: pr.Fset, Files: pr.Files, Index: pr.Index,
		ResultOf: map[*analyzer.Analyzer]any{}, Report: func(analyzer.Diagnostic) {}}
	caps, err := captures.Analyzer.Run(pass)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return ownergraph.Build(pr.Index, caps.(*captures.Result)), nil
}

// Write writes p in format "dot" or "mermaid".
func Write(w io.Writer, format string, p *Picture) error {
	var b strings.Builder
	switch format {
	case "dot", "":
		writeDOT(&b, p)
	case "mermaid":
		writeMermaid(&b, p)
	default:
		return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats(), ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// A Picture is the part of the ownership graph to draw.
type Picture struct {
	// Title says what the picture shows: "owned by FeedViewController",
	// "retain cycles and their neighbours".
	Title string
	Nodes []Node
	Edges []Edge
}

// Node is one drawn node.
type Node struct {
	ID    string // n0, n1, … in output order
	Kind  model.NodeKind
	Label string
	// Cycle is set when the node lies on a cycle of owning references.
	Cycle bool
}

// Edge is one drawn edge.
type Edge struct {
	From, To string // Node IDs
	Kind     model.EdgeKind
	Label    string
	// Cycle is set when the edge lies on a cycle.
	Cycle bool
	// ClassLevel is set for references by declared type ("may own").
	ClassLevel bool
}

// FromClass returns the part of the graph reachable from an instance of
// class, in breadth-first order. A class the graph has no node for (it
// owns nothing and nothing refers to it) is drawn alone.
func FromClass(res *ownergraph.Result, fset *token.FileSet, class string) *Picture {
	g := res.Graph
	d := newDrawer(res, fset)
	d.title = "owned by an instance of " + class
	root, ok := g.Lookup("instance:" + class)
	if !ok {
		d.p.Nodes = append(d.p.Nodes, Node{ID: "n0", Kind: model.NodeInstance, Label: class})
		return d.p
	}
	seen := map[model.NodeID]bool{root: true}
	order := []model.NodeID{root}
	for i := 0; i < len(order); i++ {
		for _, ei := range g.Out(order[i]) {
			if to := g.Edge(ei).To; !seen[to] {
				seen[to] = true
				order = append(order, to)
			}
		}
	}
	return d.draw(order, func(e model.Edge) bool { return true })
}

// Cycles returns every node on a cycle of owning references with its
// direct neighbours (owners and owned), and the edges that touch a node on
// a cycle, in graph order.
func Cycles(res *ownergraph.Result, fset *token.FileSet) *Picture {
	g := res.Graph
	d := newDrawer(res, fset)
	d.title = "retain cycles and their neighbours"
	keep := make([]bool, g.NumNodes())
	for i := 0; i < g.NumEdges(); i++ {
		e := g.Edge(i)
		if d.onCycle[e.From] || d.onCycle[e.To] {
			keep[e.From], keep[e.To] = true, true
		}
	}
	var order []model.NodeID
	for id, k := range keep {
		if k {
			order = append(order, model.NodeID(id))
		}
	}
	return d.draw(order, func(e model.Edge) bool { return d.onCycle[e.From] || d.onCycle[e.To] })
}

// drawer turns graph nodes and edges into a Picture.
type drawer struct {
	res   *ownergraph.Result
	fset  *token.FileSet
	title string
	p     *Picture
	comp  []int // strongly connected component of each node on a cycle, -1 otherwise
	// onCycle marks the nodes of components that hold a cycle.
	onCycle map[model.NodeID]bool
}

func newDrawer(res *ownergraph.Result, fset *token.FileSet) *drawer {
	d := &drawer{res: res, fset: fset, p: &Picture{}, onCycle: map[model.NodeID]bool{}}
	d.comp = make([]int, res.Graph.NumNodes())
	for i := range d.comp {
		d.comp[i] = -1
	}
	for ci, c := range res.Graph.SCCs() {
		for _, n := range c {
			d.comp[n] = ci
			d.onCycle[n] = true
		}
	}
	return d
}

// cycleEdge reports whether e lies on a cycle: its ends are in the same
// strongly connected component that holds a cycle (the shortest path back
// from its target to its source closes a simple cycle through it).
func (d *drawer) cycleEdge(e model.Edge) bool {
	return d.comp[e.From] >= 0 && d.comp[e.From] == d.comp[e.To]
}

// draw draws the nodes in order and, for each in turn, its out-edges that
// keep accepts and whose target is drawn. Identical parallel edges are
// drawn once.
func (d *drawer) draw(order []model.NodeID, keep func(model.Edge) bool) *Picture {
	g := d.res.Graph
	d.p.Title = d.title
	ids := map[model.NodeID]string{}
	for i, n := range order {
		ids[n] = "n" + strconv.Itoa(i)
		d.p.Nodes = append(d.p.Nodes, Node{ID: ids[n], Kind: g.Node(n).Kind, Label: d.nodeLabel(n), Cycle: d.onCycle[n]})
	}
	seen := map[Edge]bool{}
	for _, n := range order {
		for _, ei := range g.Out(n) {
			e := g.Edge(ei)
			to, drawn := ids[e.To]
			if !drawn || !keep(e) {
				continue
			}
			pe := Edge{From: ids[n], To: to, Kind: e.Kind, Label: e.Label, Cycle: d.cycleEdge(e), ClassLevel: d.res.Edge(ei).ClassLevel}
			if !seen[pe] {
				seen[pe] = true
				d.p.Edges = append(d.p.Edges, pe)
			}
		}
	}
	return d.p
}

// nodeLabel names a node in the picture:
//
//	FeedViewController                          an instance
//	FeedViewController.refreshTimer: NSTimer    the object in a reference of an instance
//	photo.caption: NSString, in -[PhotoCell configureWithPhoto:]
//	                                            the object in a reference of a local
//	block in -[FeedViewController viewDidLoad] (FeedViewController.m:59)
//	photo: Photo, local in -[…] (FeedViewController.m:156)
//	photo: Photo, parameter of -[PhotoCell configureWithPhoto:]
func (d *drawer) nodeLabel(id model.NodeID) string {
	g := d.res.Graph
	n, info := g.Node(id), d.res.Node(id)
	typed := func(s string) string {
		if info.Class != "" {
			return s + ": " + info.Class
		}
		return s
	}
	switch n.Kind {
	case model.NodeInstance:
		return n.Label
	case model.NodeObject:
		if info.Owner >= 0 && g.Node(info.Owner).Kind == model.NodeInstance && info.Name != "" {
			return typed(g.Node(info.Owner).Label + "." + info.Name)
		}
		// The object in a reference of a local ("cell.photo"): say where
		// the local lives.
		root := info.Owner
		for i := 0; root >= 0 && g.Node(root).Kind == model.NodeObject && i < g.NumNodes(); i++ {
			root = d.res.Node(root).Owner
		}
		if root >= 0 && g.Node(root).Kind == model.NodeLocal {
			if in := d.in(d.res.Node(root).Body); in != "" {
				return typed(n.Label) + "," + in
			}
		}
		return typed(n.Label)
	case model.NodeBlock:
		return "block" + d.in(info.Body) + d.at(n.Pos)
	case model.NodeLocal:
		// Parameters of methods have no declaration position.
		if !n.Pos.IsValid() && info.Body != nil && info.Body.Method != nil {
			return typed(n.Label) + ", parameter of" + strings.TrimPrefix(d.in(info.Body), " in")
		}
		return typed(n.Label) + ", local" + d.in(info.Body) + d.at(n.Pos)
	}
	return n.Label
}

// in is " in -[Class selector]" (or " in +[…]", " in f()") for a body.
func (d *drawer) in(b *captures.Body) string {
	switch {
	case b == nil:
		return ""
	case b.Method != nil:
		sign := "-"
		if b.Method.ClassMethod {
			sign = "+"
		}
		return " in " + sign + "[" + b.Class + " " + b.Method.Selector + "]"
	case b.File != nil:
		for _, f := range b.File.Functions {
			if f.Body == b.Body {
				return " in " + f.Name + "()"
			}
		}
	}
	return ""
}

// at is " (File.m:12)", or "" for positions the graph does not know.
func (d *drawer) at(p token.Pos) string {
	if !p.IsValid() {
		return ""
	}
	pos := d.fset.Position(p)
	return " (" + filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line) + ")"
}
