// Package cycles is the pass that finds the retain cycles objcleak
// reports (SEMANTICS §1, §2, §8) in the ownership graph: cycles of owning
// references — blocks kept by the object they capture, objects that keep
// each other through strong properties, associated objects, dispatch
// source handlers — one finding per cause, at the statement a developer
// would change, with the whole path in Flow.
//
// Cycles are left out when they are not a leak worth fixing: a timer or
// observer cycle (timerleak and observerleak report those), a cycle the
// code breaks on a reachable path other than -dealloc (a reference set to
// nil, an element removed, a source cancelled: ownergraph.Result.Released),
// and a cycle through an object that lives as long as the process anyway
// (a singleton of the project, or an object one owns; storage.Contexts'
// ProcessLifetime). Cycles through the application delegate are real but
// bounded: their findings are notes.
//
// The retaincycle rule reports the findings; strongdelegate and
// mixedselfweakself ask the pass what a cycle already reports, so that
// one cause is one finding.
package cycles

import (
	"fmt"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/ownergraph"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

// Analyzer is the cycles pass. Its result is a *Result: the findings with
// the retaincycle rule's default options.
var Analyzer = &analyzer.Analyzer{
	Name:       "cycles",
	Doc:        "cycles: finds the retain cycles to report, one finding per cause",
	Requires:   []*analyzer.Analyzer{ownergraph.Analyzer, captures.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// ReportingRule is the rule that reports the findings: other rules leave
// a cause on a reported cycle to it when it runs (Pass.Enabled).
const ReportingRule = "retaincycle"

// Covers reports whether the reporting rule runs in pass's run, so that
// what OnCycle and ReportsBlock say is reported.
func (res *Result) Covers(pass *analyzer.Pass) bool { return pass.Enabled(ReportingRule) }

// Default options of the search (the retaincycle rule's defaults).
const (
	DefaultMaxLength = model.DefaultMaxCycleLength
	DefaultClasses   = true
)

// maxClassCycle bounds cycles between classes by declared type: every
// reference of one says only that an object *may* hold one of the class,
// so longer chains are too speculative to report.
const maxClassCycle = 3

// Result is the cycles found with the default options.
type Result struct {
	// Findings are the cycles to report, in search order.
	Findings []*Finding
	r        *reporter
	decls    map[token.Pos]bool
	blocks   map[token.Pos]bool
	// settled are the block literals on cycles found and judged not to
	// be bugs: released by design, or among objects that live as long as
	// the process.
	settled  map[token.Pos]bool
	settling bool // only the pass's own search records them (rules search again, concurrently)
}

func run(pass *analyzer.Pass) (any, error) {
	own := pass.ResultOf[ownergraph.Analyzer].(*ownergraph.Result)
	caps := pass.ResultOf[captures.Analyzer].(*captures.Result)
	res := &Result{r: &reporter{res: own, g: own.Graph, ix: pass.Index, fset: pass.Fset, caps: caps}, settled: map[token.Pos]bool{}, settling: true}
	res.Findings = res.Find(pass.Guard, DefaultMaxLength, DefaultClasses)
	res.settling = false
	res.decls, res.blocks = map[token.Pos]bool{}, map[token.Pos]bool{}
	for _, f := range res.Findings {
		for d := range f.Decls {
			res.decls[d] = true
		}
		for _, b := range f.Blocks {
			res.blocks[b] = true
		}
	}
	return res, nil
}

// OnCycle reports whether the declaration at decl (of a property or ivar)
// is a reference of a reported cycle.
func (res *Result) OnCycle(decl token.Pos) bool { return res.decls[decl] }

// ReportsBlock reports whether the block literal at pos is on a reported
// cycle through its capture.
func (res *Result) ReportsBlock(pos token.Pos) bool { return res.blocks[pos] }

// Settled reports whether the block literal at pos is on a cycle that
// is not a bug: one of its references is released outside -dealloc (broken
// by design), or it is among objects that live as long as the process.
// Rules about the same block (a self that slipped in beside weakSelf)
// stay silent on it too: the cycle it would close does not leak.
func (res *Result) Settled(pos token.Pos) bool { return res.settled[pos] }

// settle records the blocks of a cycle that is not a bug.
func (res *Result) settle(c model.Cycle) {
	if !res.settling {
		return
	}
	for _, ei := range c.Edges {
		if to := res.r.g.Node(res.r.g.Edge(ei).To); to.Kind == model.NodeBlock {
			res.settled[to.Pos] = true
		}
	}
}

// Find searches the graph for the cycles to report with these options:
// the longest cycle (in references; 0 or less: no bound) and whether
// cycles between classes by declared type count. guard (a Pass.Guard)
// runs the work for one cycle.
func (res *Result) Find(guard func(token.Pos, func()) bool, maxLen int, classes bool) []*Finding {
	r := res.r
	var stmts, classLevel []*Finding
	for _, c := range r.g.Cycles(maxLen) {
		// One cycle at a time: a panic is reported at the cycle and the
		// others go on (the search for cycles is over the whole graph).
		guard(r.at(c), func() {
			if r.timerCycle(c) {
				return // timerleak reports these, knowing about invalidation
			}
			if r.cancelledSource(c) {
				return // the source or registration is cancelled, which releases the block
			}
			if r.observerCycle(c) {
				return // observerleak reports these, knowing about removal
			}
			if r.restructured(c) {
				return // nodes of one recursive structure relinked in place
			}
			if r.released(c) {
				res.settle(c)
				return // broken by design: a reference on it is released outside -dealloc
			}
			bounded, forever := r.lifetime(c)
			if forever {
				res.settle(c)
				return // nothing on it would ever be freed anyway
			}
			f := r.describe(c)
			if bounded != "" {
				f.Diag.Severity = analyzer.SeverityNote
				f.Diag.Details += "; it lives as long as " + bounded + " anyway, so this leaks once"
			}
			if f.ClassLevel {
				if r.refutedCycle(c) {
					return // the code shows a reference on it never holds that class
				}
				if f.backPointer && len(c.Edges) <= maxClassCycle {
					classLevel = append(classLevel, f)
				}
			} else {
				stmts = append(stmts, f)
			}
		})
	}
	var out []*Finding
	// One finding per statement, and per reference that keeps the block:
	// the shortest cycle, with the other statements as related sites.
	sort.SliceStable(stmts, func(i, j int) bool { return len(stmts[i].Diag.Flow) < len(stmts[j].Diag.Flow) })
	seen := map[string]bool{}
	byCause := map[string]*Finding{}
	for _, f := range stmts {
		k := fmt.Sprint("statement ", f.Diag.Pos)
		if seen[k] {
			continue
		}
		seen[k] = true
		if f.cause == "" && len(f.Decls) > 0 {
			// Cycles through the same declared references (one strong
			// back-pointer set up in several places) are one
			// relationship: one finding, one fix.
			f.cause = "references " + declKey(f.Decls)
			f.also = "the same references form the cycle here too"
		}
		if first := byCause[f.cause]; f.cause != "" && first != nil {
			first.merge(f)
			continue
		}
		byCause[f.cause] = f
		out = append(out, f)
	}
	if !classes {
		return out
	}
	// The shortest cycle through each back-pointer declaration.
	sort.SliceStable(classLevel, func(i, j int) bool { return len(classLevel[i].Diag.Flow) < len(classLevel[j].Diag.Flow) })
	for _, f := range classLevel {
		k := declKey(f.Decls)
		at := fmt.Sprint("class-level ", f.Diag.Pos)
		if seen[k] || seen[at] || subsumed(f, stmts) {
			continue
		}
		seen[k], seen[at] = true, true
		out = append(out, f)
	}
	return out
}

// Finding is one cycle, described.
type Finding struct {
	// Diag is the diagnostic to report.
	Diag analyzer.Diagnostic
	// ClassLevel is set for a cycle between classes by declared type.
	ClassLevel bool
	// Decls are the declarations of the references it goes through.
	Decls map[token.Pos]bool
	// Blocks are the positions of the block literals on it.
	Blocks []token.Pos
	// backPointer is set when a class-level cycle goes through a to-one
	// reference named like a back-pointer (parent, owner, delegate, …).
	// Only those are reported: mutually recursive types without one
	// (Struct.fields → Value, Value.structValue → Struct) are trees.
	backPointer bool
	// cause identifies the reference that keeps the block (owner node and
	// reference name): cycles with one cause are one finding.
	cause string
	// also says what the cycles merged into this one are (see merge).
	also string
}

// merge folds another cycle with the same cause into f: its statement
// becomes a related site.
func (f *Finding) merge(o *Finding) {
	msg := f.also
	if msg == "" {
		msg = "the same reference keeps a block that captures it here too"
	}
	f.Diag.Related = append(f.Diag.Related, analyzer.Related{Pos: o.Diag.Pos, Message: msg})
	for d := range o.Decls {
		f.Decls[d] = true
	}
	f.Blocks = append(f.Blocks, o.Blocks...)
}

func declKey(decls map[token.Pos]bool) string {
	var ps []int
	for p := range decls {
		ps = append(ps, int(p))
	}
	sort.Ints(ps)
	return fmt.Sprint(ps)
}

// subsumed reports whether every declaration of a class-level cycle is on
// a statement-level cycle already reported: the statements show the same
// cycle more precisely.
func subsumed(f *Finding, stmts []*Finding) bool {
	for _, s := range stmts {
		all := true
		for d := range f.Decls {
			if !s.Decls[d] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

type reporter struct {
	res  *ownergraph.Result
	g    *model.Graph
	ix   *analyzer.Index
	fset *token.FileSet
	caps *captures.Result
	st   stores // the values the project stores into references (evidence.go)
}

// lifetime is how long the instances of a class live.
type lifetime struct {
	forever bool   // as long as the process: a leak frees nothing that would be freed
	bounded string // as long as the process, but its own leaks are real once ("the application delegate")
}

// classLifetime returns the lifetime of the instances of class
// (storage.Contexts.ProcessLifetime, which caches its answers).
func (r *reporter) classLifetime(class string) lifetime {
	if class == "" {
		return lifetime{}
	}
	why, ok := r.caps.Storage.ProcessLifetime(r.ix, class)
	switch {
	case !ok:
		return lifetime{}
	case why == storage.AppDelegate:
		return lifetime{bounded: why}
	}
	return lifetime{forever: true}
}

// lifetime says whether a cycle leaks nothing that would otherwise be
// freed (forever: a node on it is an object of a process-lifetime class,
// or an object one holds), or leaks once only (bounded names the object
// that lives as long as the process: its own cycles are notes).
func (r *reporter) lifetime(c model.Cycle) (bounded string, forever bool) {
	for _, id := range c.Nodes {
		// The object itself, then the objects holding it by reference.
		for n, depth := id, 0; n >= 0 && depth < 16; depth++ {
			info := r.res.Node(n)
			switch r.g.Node(n).Kind {
			case model.NodeInstance:
				l := r.classLifetime(info.Class)
				if l.forever {
					return "", true
				}
				if l.bounded != "" && n == id {
					bounded = l.bounded
				}
			case model.NodeObject:
				if l := r.classLifetime(info.Class); l.forever {
					return "", true
				}
			case model.NodeLocal:
				if r.keptInStatic(info) {
					return "", true
				}
			}
			if r.g.Node(n).Kind != model.NodeObject {
				break
			}
			n = info.Owner
		}
	}
	return bounded, false
}

// keptInStatic reports whether the object a local variable is initialized
// with ends in static or global storage (`static Setting *market; …
// Setting *setting = [[Setting alloc] init]; … market = setting;`, or made
// inside dispatch_once): one object kept for the whole process.
func (r *reporter) keptInStatic(info *ownergraph.NodeInfo) bool {
	v, body := info.Var, info.Body
	if v == nil || v.Init == nil || body == nil || body.Storage == nil {
		return false
	}
	return body.Storage.Of(v.Init, v.Scope).Kind == storage.Shared
}

// released reports whether a reference on the cycle is released on a
// reachable path other than -dealloc (ownergraph.Result.Released): the
// cycle is broken by design.
func (r *reporter) released(c model.Cycle) bool {
	for _, ei := range c.Edges {
		if _, ok := r.res.Released(ei); ok {
			return true
		}
	}
	return false
}

// at is where a cycle is, for an internal error while describing it: the
// first of its references with a position.
func (r *reporter) at(c model.Cycle) token.Pos {
	for _, ei := range c.Edges {
		e := r.g.Edge(ei)
		if e.Pos.IsValid() {
			return e.Pos
		}
		if e.Decl.IsValid() {
			return e.Decl
		}
	}
	return token.NoPos
}

// restructured reports whether a statement-level cycle only links objects
// of one class through its own properties and ivars, at least one of them
// the object in a reference path (root.left): a list or a tree relinked
// in place (a rotation that moves a child up, `save.left = root.right;
// root.right = save;`). The graph keeps one object per reference path,
// whatever was stored in it before, so such code looks like a cycle it
// never forms; recursive types are not taken as cycles between classes
// either. A reference named like a back-pointer (a strong parent:
// `child.parent = node`) makes the two-way link real.
func (r *reporter) restructured(c model.Cycle) bool {
	class, path := "", false
	for _, id := range c.Nodes {
		n := r.g.Node(id)
		if n.Kind != model.NodeObject && n.Kind != model.NodeLocal {
			return false
		}
		// The object in a reference path (root.left): what the graph
		// cannot tell apart over time. Fresh objects linked both ways
		// (a.next = b; b.previous = a) are a real cycle.
		path = path || n.Kind == model.NodeObject && r.res.Node(id).Owner >= 0
		cl := r.res.Node(id).Class
		if cl == "" || class != "" && cl != class {
			return false
		}
		class = cl
	}
	if !path {
		return false
	}
	for _, ei := range c.Edges {
		switch r.g.Edge(ei).Kind {
		case model.EdgeStrongProperty, model.EdgeCopyProperty, model.EdgeStrongIvar:
		default:
			return false
		}
		if backPointer(r.res.Edge(ei).Name) {
			return false // a strong parent or owner link: the two-way link is real
		}
	}
	return true
}

func (r *reporter) timerCycle(c model.Cycle) bool {
	for _, ei := range c.Edges {
		if k := r.g.Edge(ei).Kind; k == model.EdgeTimerTarget || k == model.EdgeTimerBlock {
			return true
		}
	}
	return false
}

// observerCycle reports whether the cycle goes through a block registered
// with a notification center or an FBKVOController (a kept observer token,
// self.KVOController): the observerleak rule reports those, and knows
// where the observation is removed.
func (r *reporter) observerCycle(c model.Cycle) bool {
	for _, ei := range c.Edges {
		if r.g.Edge(ei).Kind != model.EdgeObserverBlock {
			continue
		}
		if x := r.res.Edge(ei).Expr; x != nil {
			if _, ok := model.ObserverRegistered(x); ok {
				return true
			}
		}
	}
	return false
}

// cancelledSource reports whether the cycle goes through a dispatch
// source handler of a source the code cancels outside -dealloc
// (dispatch_source_cancel releases the handlers), or through a block
// registration whose stored token is invalidated outside -dealloc: either
// breaks the cycle.
func (r *reporter) cancelledSource(c model.Cycle) bool {
	for _, ei := range c.Edges {
		e := r.g.Edge(ei)
		if e.Kind == model.EdgeSourceHandler && r.res.Node(e.From).Cancelled.IsValid() {
			return true
		}
		// The registration's token is invalidated outside -dealloc.
		if t := r.res.Edge(ei).Token; t >= 0 && r.res.Node(t).Cancelled.IsValid() {
			return true
		}
	}
	return false
}

// describe builds the diagnostic for a cycle.
func (r *reporter) describe(c model.Cycle) *Finding {
	f := &Finding{ClassLevel: true, Decls: map[token.Pos]bool{}}
	for _, ei := range c.Edges {
		if !r.res.Edge(ei).ClassLevel {
			f.ClassLevel = false
		}
		if d := r.g.Edge(ei).Decl; d.IsValid() {
			f.Decls[d] = true
		}
		if d := r.res.Edge(ei).KeptDecl; d.IsValid() {
			// An argument a project method stores (`initWithUploader:u`
			// into _uploader): the cycle goes through that reference.
			f.Decls[d] = true
		}
		if to := r.g.Node(r.g.Edge(ei).To); to.Kind == model.NodeBlock {
			f.Blocks = append(f.Blocks, to.Pos)
		}
	}
	if f.ClassLevel {
		r.describeClasses(c, f)
	} else {
		r.describeStatements(c, f)
	}
	return f
}

// rotate returns the cycle's edges starting at position start.
func rotate(edges []int, start int) []int {
	out := make([]int, 0, len(edges))
	for i := range edges {
		out = append(out, edges[(start+i)%len(edges)])
	}
	return out
}

// isLiteral reports whether a node is a collection literal (@[…], @{…}).
func (r *reporter) isLiteral(id model.NodeID) bool {
	return strings.HasPrefix(r.g.Node(id).Key, ownergraph.LiteralKeyPrefix)
}

// describeStatements reports a cycle created by statements at the store of
// its block (or the last statement of the cycle when no block is in it).
func (r *reporter) describeStatements(c model.Cycle, f *Finding) {
	n := len(c.Edges)
	report := -1
	for i, ei := range c.Edges {
		e := r.g.Edge(ei)
		if r.g.Node(e.To).Kind == model.NodeBlock && r.res.Edge(ei).Expr != nil {
			report = i
			break
		}
	}
	if report < 0 {
		for i, ei := range c.Edges {
			if r.res.Edge(ei).Expr != nil && (report < 0 || r.g.Edge(ei).Pos > r.g.Edge(c.Edges[report]).Pos) {
				report = i
			}
		}
	}
	if report < 0 {
		report = 0
	}
	// Start the path at what the block captures: "self → p → block → self".
	start := 0
	toBlock := r.g.Node(r.g.Edge(c.Edges[report]).To).Kind == model.NodeBlock
	if toBlock {
		start = (report + 2) % n
		// A block kept as an element of a collection literal
		// (`self.items = @[^{…}]`): the statement to change stores the
		// literal.
		for k := 0; k < n && r.isLiteral(r.g.Edge(c.Edges[report]).From); k++ {
			prev := (report + n - 1) % n
			if r.res.Edge(c.Edges[prev]).Expr == nil {
				break
			}
			report = prev
		}
	} else {
		for i, id := range c.Nodes {
			if r.g.Node(id).Kind == model.NodeInstance {
				start = i
				break
			}
		}
	}
	edges := rotate(c.Edges, start)
	rep := c.Edges[report]
	repInfo := r.res.Edge(rep)
	if toBlock {
		// One finding per reference that keeps a block capturing its owner,
		// in one file (two files may define classes of the same name).
		file := ""
		if tf := r.fset.File(r.g.Edge(rep).Pos); tf != nil {
			file = tf.Name()
		}
		f.cause = file + " " + r.g.Node(r.g.Edge(rep).From).Key + " " + repInfo.Name
		// A block reached through objects a reference of self keeps
		// (`_data` → section → row → block → self): the blocks of every
		// row are one relationship, self's reference, and one finding.
		if first := r.g.Edge(edges[0]); len(edges) > 3 && r.g.Node(first.From).Kind == model.NodeInstance && r.g.Edge(rep).From != first.From {
			f.cause = file + " " + r.g.Node(first.From).Key + " " + r.res.Edge(edges[0]).Name
			f.also = "another block kept through the same reference captures self here"
		}
		// The blocks one cell of a list view keeps (`cell.onLike = ^{…}`,
		// `cell.onShare = ^{…}` in -tableView:cellForRowAtIndexPath:) are
		// one finding: one cell, one fix.
		for _, ei := range c.Edges {
			if e := r.g.Edge(ei); e.Kind == model.EdgeViewHierarchy && r.res.Edge(ei).Name == ownergraph.CellEdge {
				f.cause = file + " cell " + r.g.Node(e.To).Key
				f.also = "the cell keeps another block that captures self here"
				break
			}
		}
	}
	body := repInfo.Body

	d := &f.Diag
	d.Pos = r.g.Edge(rep).Pos
	if repInfo.Expr != nil {
		d.End = repInfo.Expr.End()
	}
	d.Flow = r.flow(edges, body)
	d.Related = r.related(edges)

	path := r.path(edges)
	first := r.g.Edge(edges[0]).From
	who := r.stepName(first, body)
	// The block, its capture and what keeps it.
	var capture *ownergraph.EdgeInfo
	blockAt := -1
	for i, ei := range edges {
		if r.g.Node(r.g.Edge(ei).To).Kind == model.NodeBlock && blockAt < 0 {
			blockAt = i
		}
		if r.g.Edge(ei).Kind == model.EdgeCapture && capture == nil && blockAt >= 0 {
			capture = r.res.Edge(ei)
		}
	}
	if len(edges) == 1 && capture != nil && capture.Capture != nil {
		d.Message = "retain cycle: " + shortPath(path, len(edges))
		d.Details = fmt.Sprintf("the block keeps itself alive: it captures the __block variable %s, which holds the block; set %s to nil when the block is done (or call it through a __weak copy)",
			capture.Name, capture.Name)
		return
	}
	if blockAt < 0 || capture == nil {
		d.Message = "retain cycle: " + shortPath(path, len(edges))
		d.Details = "these objects keep each other alive through strong references, so none of them is ever deallocated; make one of the references weak, or set it to nil when the objects are done with each other"
		return
	}
	holder := r.holder(edges[:blockAt+1])
	how := "strongly"
	fix := "capture a weak reference (`__weak typeof(self) weakSelf = self;`) or break the cycle when done"
	if who != "self" {
		// Name the variable the block captures (`connection`), not the
		// path the object was reached by (`self.connection`).
		v := who
		if capture != nil && capture.Capture != nil && capture.Capture.Kind == captures.CaptureVar {
			v = capture.Capture.Name
		}
		if objcparse.IsIdentifier(v) {
			fix = fmt.Sprintf("capture a weak reference (`__weak typeof(%s) weak%s = %s;`) or break the cycle when done", v, upperFirst(v), v)
		} else {
			fix = "capture a weak reference to it instead, or break the cycle when done"
		}
	}
	slipped := "" // the weak alias self slipped in beside
	if cp := capture.Capture; cp != nil {
		switch {
		case cp.Kind == captures.CaptureIvar:
			how = "through the ivar " + cp.Name + " (an ivar use means self->" + cp.Name + ")"
			fix = "capture a weak reference (`__weak typeof(self) weakSelf = self;`) and reach the ivar through it (`strongSelf->" + cp.Name + "` after `__strong typeof(weakSelf) strongSelf = weakSelf;`), or break the cycle when done"
			if weak, ok := capture.Block.WeakSelf(); ok {
				slipped = weak.Name
				how = "through the ivar " + cp.Name + " even though the block uses weakSelf (an ivar use means self->" + cp.Name + ")"
				fix = "reach the ivar through the strong reference made from the weak one (`strongSelf->" + cp.Name + "`) or through a property of weakSelf"
			}
		case cp.Alias != nil && cp.Alias.Kind == captures.FakeWeakSelf:
			how = "through " + cp.Name + ", which is not declared __weak"
			fix = "declare it `__weak typeof(self) " + cp.Name + " = self;`"
		case cp.Alias != nil && cp.Alias.Kind == captures.StrongSelf:
			how = "through " + cp.Name + ", a strong reference made in an enclosing block"
			fix = "capture the weak variable in this block and make it strong inside"
		case cp.ByRef:
			how = "through the __block variable " + cp.Name + " (retained by blocks under ARC)"
			fix = "declare the variable __weak, or set it to nil when done"
		case cp.Kind == captures.CaptureSelf && cp.Alias == nil:
			if weak, ok := capture.Block.WeakSelf(); ok {
				slipped = weak.Name
				how = "strongly even though it also uses " + weak.Name + " (self slipped in)"
				fix = "use " + weak.Name + " (or a strong reference made from it inside the block) here too"
			}
		}
	}
	d.Message = "retain cycle: " + shortPath(path, len(edges))
	if slipped != "" {
		d.Message += ", self slipped in beside " + slipped
	}
	d.Details = fmt.Sprintf("the block captures %s %s and %s keeps the block %s; %s", who, how, who, holder, fix)
}

// describeClasses reports a cycle between classes at the declaration that
// should not own: a back-pointer (parent, owner, delegate, …) if one is
// on the cycle, else the declaration that comes last.
func (r *reporter) describeClasses(c model.Cycle, f *Finding) {
	report := -1
	for i, ei := range c.Edges {
		if info := r.res.Edge(ei); backPointer(info.Name) && !info.Elements {
			report = i
			f.backPointer = true
			break
		}
	}
	if report < 0 {
		// A to-one reference on a cycle with a to-many one (a collection
		// of children) is the back-pointer; otherwise take the
		// declaration that comes last.
		toMany := false
		for _, ei := range c.Edges {
			if r.res.Edge(ei).Elements {
				toMany = true
			}
		}
		for i, ei := range c.Edges {
			if toMany && r.res.Edge(ei).Elements {
				continue
			}
			if report < 0 || r.g.Edge(ei).Decl > r.g.Edge(c.Edges[report]).Decl {
				report = i
			}
		}
		if report < 0 {
			report = 0
		}
	}
	// Start at the class the back-pointer points to: parent → … → child → parent.
	edges := rotate(c.Edges, (report+1)%len(c.Edges))
	rep := r.g.Edge(c.Edges[report])
	info := r.res.Edge(c.Edges[report])
	d := &f.Diag
	d.Pos = rep.Decl
	d.Flow = r.flow(edges, nil)
	d.Related = r.related(edges)
	owner := r.g.Node(rep.From).Label
	d.Message = "retain cycle between classes: " + shortPath(r.path(edges), len(edges))
	d.Details = fmt.Sprintf("objects of these classes that point at each other are never deallocated; declare %s.%s `weak` (a back-pointer must not own what owns it), or set it to nil when done",
		owner, info.Name)
}

// maxPathText bounds the path in a finding's first line; a longer one
// keeps its ends (the first holder and the reference that closes the
// cycle) and the flow steps list every reference.
const maxPathText = 160

// shortPath returns the text of a cycle's path of n references for the
// first line of a finding: whole when short, else its first and last
// steps around "…".
func shortPath(path string, n int) string {
	if len(path) <= maxPathText {
		return path
	}
	parts := strings.Split(path, " → ")
	if len(parts) < 4 {
		return path
	}
	short := fmt.Sprintf("%s → %s → … → %s → %s (%d references)", parts[0], parts[1], parts[len(parts)-2], parts[len(parts)-1], n)
	if len(short) >= len(path) {
		return path
	}
	return short
}

// backPointerWords are name parts of references that usually point back
// to an owner.
var backPointerWords = []string{"parent", "owner", "delegate", "datasource", "container", "controller", "host", "presenter", "coordinator", "listener", "observer", "target", "manager", "superview", "root"}

func backPointer(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range backPointerWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// path is the one-line rendering: "FeedViewController → refreshCompletion
// (copy property) → block → self (captured)".
func (r *reporter) path(edges []int) string {
	var b strings.Builder
	b.WriteString(r.g.Node(r.g.Edge(edges[0]).From).Label)
	for _, ei := range edges {
		e := r.g.Edge(ei)
		b.WriteString(" → ")
		b.WriteString(e.Label)
		if s := r.targetSuffix(ei); s != "" {
			b.WriteString(" → ")
			b.WriteString(s)
		}
	}
	return b.String()
}

// targetSuffix names an edge's target when its label does not.
func (r *reporter) targetSuffix(ei int) string {
	e := r.g.Edge(ei)
	to := r.g.Node(e.To)
	switch to.Kind {
	case model.NodeBlock:
		return "block"
	case model.NodeInstance:
		if e.Kind != model.EdgeCapture {
			return to.Label
		}
	case model.NodeLocal:
		if e.Kind != model.EdgeCapture && r.res.Edge(ei).Name != to.Label {
			return to.Label
		}
	case model.NodeObject:
		// A property or ivar edge names the object; other edges
		// (collection element, stored argument, …) do not.
		switch e.Kind {
		case model.EdgeStrongProperty, model.EdgeCopyProperty, model.EdgeStrongIvar, model.EdgeCapture, model.EdgeViewHierarchy:
		default:
			return to.Label
		}
	}
	return ""
}

// stepName names a node at the start of a flow step.
func (r *reporter) stepName(id model.NodeID, body *captures.Body) string {
	n := r.g.Node(id)
	if n.Kind == model.NodeInstance && body != nil && body.Class == n.Label && body.SelfIsObject() {
		return "self"
	}
	return n.Label
}

// flow is one step per reference, at the position that creates it.
func (r *reporter) flow(edges []int, body *captures.Body) []analyzer.Step {
	var out []analyzer.Step
	for _, ei := range edges {
		e := r.g.Edge(ei)
		pos := e.Pos
		if !pos.IsValid() {
			pos = e.Decl
		}
		msg := r.stepName(e.From, body) + " → " + e.Label
		if s := r.targetSuffix(ei); s != "" {
			msg += " → " + s
		}
		out = append(out, analyzer.Step{Pos: pos, Message: msg})
	}
	return out
}

// related points at the declarations of the references and at the
// captures.
func (r *reporter) related(edges []int) []analyzer.Related {
	var out []analyzer.Related
	seen := map[token.Pos]bool{}
	add := func(p token.Pos, msg string) {
		if p.IsValid() && !seen[p] {
			seen[p] = true
			out = append(out, analyzer.Related{Pos: p, Message: msg})
		}
	}
	for _, ei := range edges {
		e := r.g.Edge(ei)
		info := r.res.Edge(ei)
		switch {
		case e.Kind == model.EdgeCapture && info.Capture != nil:
			what := info.Capture.Name + " captured here"
			if info.Capture.Kind == captures.CaptureIvar {
				what = "ivar " + info.Capture.Name + " used here, which captures self"
			}
			add(e.Pos, what)
		case e.Decl.IsValid():
			add(e.Decl, fmt.Sprintf("%s declared %s here", info.Name, info.Own))
		case e.Kind == model.EdgeStoredArgument && info.KeptDecl.IsValid():
			add(info.KeptDecl, fmt.Sprintf("%s keeps it in %s, declared %s here", info.Via, info.KeptIn, info.KeptOwn))
		}
	}
	return out
}

// holder says how the captured object keeps the block: "in its
// refreshCompletion property", "in its featuredCell.onLike property",
// "through handlers (strong property) → element (collection element)".
func (r *reporter) holder(edges []int) string {
	var names []string
	last := model.EdgeKind("")
	for _, ei := range edges {
		e := r.g.Edge(ei)
		switch e.Kind {
		case model.EdgeStrongProperty, model.EdgeCopyProperty, model.EdgeStrongIvar:
			names = append(names, r.res.Edge(ei).Name)
			last = e.Kind
		default:
			var labels []string
			for _, ej := range edges {
				labels = append(labels, r.g.Edge(ej).Label)
			}
			return "through " + strings.Join(labels, " → ")
		}
	}
	what := "property"
	if last == model.EdgeStrongIvar {
		what = "ivar"
	}
	return "in its " + strings.Join(names, ".") + " " + what
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
