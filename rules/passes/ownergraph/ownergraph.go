// Package ownergraph is the pass that builds the project's ownership graph
// (SEMANTICS §1, §2, §4, §8): abstract objects — an instance of each
// class, the object held in a property or ivar of another object, block
// literals that something owns, local objects — joined by owning
// references decided by model: strong and copy properties and ivars
// (inherited and protocol-declared included), strong block captures,
// collection elements, associated objects with a retaining policy,
// dispatch source handlers, observer blocks, timer targets and arguments
// kept by setter-like APIs or by project methods that store them. Weak,
// unretained and non-escaping references make no edge. Every edge keeps
// the source position that creates it.
//
// Two kinds of edges coexist:
//   - statement edges, created by what method bodies do (`self.p = ^{…}`,
//     `[self.items addObject:block]`, a block capturing self);
//   - class-level edges, from the declared type of strong properties and
//     ivars (`@property (strong) B *b;` in A: an A owns a B, or an instance
//     of a project subclass of B). They find `A.b ↔ B.a` cycles without a
//     statement that links the two objects.
//
// The retaincycle rule searches the graph for cycles (model.Graph.Cycles);
// other rules may walk it.
package ownergraph

import (
	"go/token"
	"reflect"
	"sort"
	"strconv"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
)

// Analyzer is the ownergraph pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Name:       "ownergraph",
	Doc:        "ownergraph: builds the project's graph of owning references",
	Requires:   []*analyzer.Analyzer{captures.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is the ownership graph of the project with what each node and
// edge stands for in the source.
type Result struct {
	Graph *model.Graph
	nodes []*NodeInfo
	edges []*EdgeInfo
}

// Node returns what node id stands for.
func (r *Result) Node(id model.NodeID) *NodeInfo { return r.nodes[id] }

// Edge returns what edge i stands for.
func (r *Result) Edge(i int) *EdgeInfo { return r.edges[i] }

// NodeInfo is the source meaning of a node.
type NodeInfo struct {
	// Class is the object's class when known: the class of an instance
	// node, the declared type of a property, ivar or variable ("" for
	// blocks and id).
	Class string
	// Owner and Name describe a model.NodeObject: the object held in
	// reference Name of node Owner (Owner is -1 for other kinds).
	Owner model.NodeID
	Name  string
	// Block is the block literal of a model.NodeBlock.
	Block *captures.Block
	// Body is the method or function a block or local belongs to.
	Body *captures.Body
	// Var is the variable of a model.NodeLocal. For parameters of methods
	// it is set but has no position (Var.Pos is NoPos).
	Var *objcparse.Var
	// Cancelled is where the object is cancelled or invalidated outside
	// -dealloc, or token.NoPos: a dispatch source (dispatch_source_cancel
	// releases its handlers), or a registration token sent -invalidate,
	// -cancel, -remove, -stop, … (the registration lets its block go).
	Cancelled token.Pos
}

// EdgeInfo is the source meaning of an edge.
type EdgeInfo struct {
	// Name is the reference's name as written: the property or ivar
	// ("refreshCompletion", "_items"), the captured variable ("self",
	// "x"), the collection or the selector that keeps an argument.
	Name string
	// Own is the reference's ownership (strong or copy).
	Own model.Ownership
	// ClassLevel is set for references between classes by declared type;
	// they have no Body, Expr or Capture.
	ClassLevel bool
	// Body is the method or function whose code creates the edge.
	Body *captures.Body
	// Expr is the statement expression that creates the edge (an
	// assignment, a message send, a function call); nil for captures and
	// class-level edges and for references implied by a property or ivar
	// declaration (self → the object in self.p).
	Expr *objcparse.Expr
	// Capture is the capture behind a model.EdgeCapture edge, and Block
	// the capturing block.
	Capture *captures.Capture
	Block   *captures.Block
	// Via names the method that keeps a model.EdgeStoredArgument
	// argument: "-setCompletion:" or "-[Player addHandler:]".
	Via string
	// KeptIn is, for a model.EdgeStoredArgument argument that a project
	// method stores in one reference of its receiver, that reference's
	// name, and KeptDecl its declaration with KeptOwn its ownership (the
	// other end of a back-pointer cycle: `initWithRoom:` keeping its
	// argument in the strong ivar room); KeptDecl is token.NoPos otherwise.
	KeptIn   string
	KeptDecl token.Pos
	KeptOwn  model.Ownership
	// Token is, for an argument kept by a registration method whose
	// result is stored (`self.token = [realm addNotificationBlock:^{…}]`),
	// the node of the stored token; -1 otherwise. Cancelling the token
	// (NodeInfo.Cancelled) ends the registration.
	Token model.NodeID
	// Elements is set for a class-level reference to the elements of a
	// collection (`NSArray<Book *> *books`): a to-many reference.
	Elements bool
	// Assumed is set when the ownership is assumed rather than declared:
	// a block stored in a property of a class the project does not
	// declare is taken to be copied.
	Assumed bool
	// Released is where the reference is released on a path other than
	// -dealloc (set to nil, its element removed), so that a cycle through
	// it is broken by design; token.NoPos when it is not (see
	// builder.resolveReleases).
	Released token.Pos
	// key names the reference among its owner's (a property and the ivar
	// backing it share one): what releases are recorded by.
	key string
}

// Released returns where the reference of edge i is released on a path
// other than -dealloc (EdgeInfo.Released).
func (r *Result) Released(i int) (token.Pos, bool) {
	p := r.edges[i].Released
	return p, p.IsValid()
}

func run(pass *analyzer.Pass) (any, error) {
	caps := pass.ResultOf[captures.Analyzer].(*captures.Result)
	return build(pass.Index, caps, pass.Guard), nil
}

// Build builds the ownership graph from the index and the captures of the
// linted bodies. It is exported for benchmarks and for tools that run the
// pass outside the driver; a panic goes through.
func Build(ix *analyzer.Index, caps *captures.Result) *Result {
	return build(ix, caps, unguarded)
}

// build builds the ownership graph. guard (Pass.Guard in the driver) runs
// the work done for one class or one body, so that a panic there costs
// only the edges of that class or body; the steps over the whole project
// (the builder's tables, the collection and call resolution) are not
// guarded: a panic there fails the pass.
func build(ix *analyzer.Index, caps *captures.Result, guard func(token.Pos, func()) bool) *Result {
	b := newBuilder(ix, caps)
	b.guard = guard
	b.classLevel()
	for _, body := range caps.Bodies {
		b.guard(body.Body.Pos, func() { b.body(body) })
	}
	b.resolveCollections()
	b.resolveReturnStores()
	b.resolveCalls()
	b.resolveReleases()
	return b.res
}

// unguarded is the guard of Build: it calls fn and lets a panic through.
func unguarded(_ token.Pos, fn func()) bool {
	fn()
	return true
}

// builder accumulates the graph.
type builder struct {
	ix   *analyzer.Index
	caps *captures.Result
	g    *model.Graph
	res  *Result
	// guard runs the work for one class or body (see build).
	guard func(token.Pos, func()) bool

	mem        map[string]model.Memory // class → memory model of its implementation
	subclasses map[string][]string     // direct project subclasses
	adopters   map[string][]string     // protocol → classes adopting it (directly or inherited)

	params   map[refKey]paramsAt // (class, selector) → the method whose body was built last
	calls    []*deferredCall     // sends to project methods, resolved at the end
	elements []*deferredElement  // collection stores, resolved at the end
	// tokens are the nodes that registration sends' results are stored
	// in, by send expression.
	tokens map[*objcparse.Expr]model.NodeID
	// pointerOwned records how a pointer collection (NSHashTable, …) kept
	// in a reference was created: node key → values owned.
	pointerOwned map[string]bool
	// blockTypes are the project's typedef names of block types.
	blockTypes map[string]bool
	// selectors are the instance-method selectors the project defines,
	// factorySels its class-method selectors with parameters.
	selectors, factorySels map[string]bool
	refs                   map[refKey]ref
	defs                   map[refKey]methodAt
	keeps                  map[string]bool // selector → the model says it keeps an argument
	props                  map[refKey]classProp
	propNames              map[string][]string
	chains                 map[string][]*analyzer.Class
	bb                     *bodyBuilder // reused from body to body
	// viewEdges are the view-hierarchy edges added (see viewEdge).
	viewEdges map[[2]model.NodeID]bool
	// returns are the objects project instance methods return, by class
	// and selector; returnStores the references assigned their results.
	returns      map[refKey][]model.NodeID
	returnStores []*returnStore
	// writes are the writes of references by node key + "." + reference
	// key, classWrites those of objects other than self by class + "." +
	// reference key (see recordWrite); declaredSels and sentSels the
	// selectors declared in headers and protocols and those each file
	// sends (see canRun), made on first use.
	writes       map[string][]slotWrite
	classWrites  map[string][]slotWrite
	declaredSels map[string]bool
	// invokers are the methods that call a block self holds (invokersOf).
	invokers map[invoker]bool
	sentSels map[*objcparse.File]map[string]bool
}

func newBuilder(ix *analyzer.Index, caps *captures.Result) *builder {
	// About one node per body (the corpus has 0.8 to 1.7): room for them
	// up front saves growing the graph's tables.
	b := &builder{ix: ix, caps: caps, g: model.NewGraphSize(len(caps.Bodies)), res: &Result{nodes: make([]*NodeInfo, 0, len(caps.Bodies))}, guard: unguarded,
		mem: map[string]model.Memory{}, subclasses: map[string][]string{}, adopters: map[string][]string{},
		params: map[refKey]paramsAt{}, pointerOwned: map[string]bool{}, tokens: map[*objcparse.Expr]model.NodeID{},
		selectors: map[string]bool{}, factorySels: map[string]bool{}, returns: map[refKey][]model.NodeID{}, refs: map[refKey]ref{}, defs: map[refKey]methodAt{}, keeps: map[string]bool{},
		props: map[refKey]classProp{}, propNames: map[string][]string{}, chains: map[string][]*analyzer.Class{},
		writes: map[string][]slotWrite{}, classWrites: map[string][]slotWrite{}}
	b.res.Graph = b.g
	for _, name := range ix.ClassNames() {
		c := ix.Class(name)
		for _, d := range c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl) {
			for _, m := range d.Methods {
				if m.Body != nil && len(m.Params) > 0 {
					if m.ClassMethod {
						b.factorySels[m.Selector] = true
					} else {
						b.selectors[m.Selector] = true
					}
				}
			}
		}
		if model.DeclsMemory(c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl)) == model.MRC {
			b.mem[name] = model.MRC
		}
		if c.Super != "" {
			b.subclasses[c.Super] = append(b.subclasses[c.Super], name)
		}
	}
	return b
}

// memOf returns the memory model the class is compiled with (ARC unless
// its implementation is in an MRC file).
func (b *builder) memOf(class string) model.Memory { return b.mem[class] }

// addNode adds a node with its info; existing keys return the existing node.
func (b *builder) addNode(kind model.NodeKind, key, label string, pos token.Pos, info NodeInfo) (model.NodeID, bool) {
	if id, ok := b.g.Lookup(key); ok {
		return id, false
	}
	id := b.g.AddNode(kind, key, label, pos)
	if kind != model.NodeObject {
		info.Owner = -1
	}
	b.res.nodes = append(b.res.nodes, &info)
	return id, true
}

// addEdge adds an edge with its info.
func (b *builder) addEdge(e model.Edge, info EdgeInfo) {
	if info.Token == 0 {
		info.Token = -1
	}
	b.g.AddEdge(e)
	b.res.edges = append(b.res.edges, &info)
}

// instance returns the node "an instance of class".
func (b *builder) instance(class string) model.NodeID {
	var pos token.Pos
	if c := b.ix.Class(class); c != nil && len(c.Decls) > 0 {
		pos = c.Decls[0].Pos
	}
	id, _ := b.addNode(model.NodeInstance, "instance:"+class, class, pos, NodeInfo{Class: class})
	return id
}

// edgeKind returns the edge kind of a reference with ownership own.
func edgeKind(own model.Ownership, ivar bool) model.EdgeKind {
	switch {
	case ivar:
		return model.EdgeStrongIvar
	case own == model.OwnCopy:
		return model.EdgeCopyProperty
	}
	return model.EdgeStrongProperty
}

// refLabel is "name (copy property)" / "_name (strong ivar)".
func refLabel(name string, kind model.EdgeKind) string { return name + " (" + string(kind) + ")" }

func itoa(p token.Pos) string { return strconv.Itoa(int(p)) }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
