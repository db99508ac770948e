// Package retaincycle defines the retaincycle rule: cycles of owning
// references in the project's ownership graph (SEMANTICS §1, §2, §8) —
// blocks kept by the object they capture, objects that keep each other
// through strong properties, associated objects, dispatch source handlers
// and observer blocks — reported once each, at the statement a developer
// would change, with the whole path in Flow.
package retaincycle

import (
	_ "embed"
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/ownergraph"
)

//go:embed doc.md
var doc string

// Analyzer is the retaincycle rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "retaincycle",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/retaincycle/doc.md",
	Severity: analyzer.SeverityError,
	Tags:     []string{"memory", "leak", "retain-cycle", "blocks"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{ownergraph.Analyzer},
	Options: []analyzer.OptionDoc{
		{Name: optMaxLength, Type: analyzer.OptionInt, Default: model.DefaultMaxCycleLength,
			Doc: "the longest cycle reported, in references (10 as in FBRetainCycleDetector; 0 or less: no bound)"},
		{Name: optClasses, Type: analyzer.OptionBool, Default: true,
			Doc: "also report cycles between classes found from the declared types of strong properties"},
	},
	Run: run,
}

// The rule's options (Analyzer.Options).
const (
	optMaxLength = "maxlength"
	optClasses   = "classes"
)

// maxClassCycle bounds cycles between classes by declared type: every
// reference of one says only that an object *may* hold one of the class,
// so longer chains are too speculative to report.
const maxClassCycle = 3

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[ownergraph.Analyzer].(*ownergraph.Result)
	maxLen := pass.IntOption(optMaxLength)
	classes := pass.BoolOption(optClasses)
	r := &reporter{res: res, g: res.Graph}
	var stmts, classLevel []*finding
	for _, c := range r.g.Cycles(maxLen) {
		// One cycle at a time: a panic is reported at the cycle and the
		// others go on (the search for cycles is over the whole graph).
		pass.Guard(r.at(c), func() {
			if r.timerCycle(c) {
				return // timerleak reports these, knowing about invalidation
			}
			if r.cancelledSource(c) {
				return // the source or registration is cancelled, which releases the block
			}
			if r.observerCycle(c) {
				return // observerleak reports these, knowing about removal
			}
			f := r.describe(c)
			if f.classLevel {
				if f.backPointer && len(c.Edges) <= maxClassCycle {
					classLevel = append(classLevel, f)
				}
			} else {
				stmts = append(stmts, f)
			}
		})
	}
	// One finding per statement: the shortest cycle through it.
	sort.SliceStable(stmts, func(i, j int) bool { return len(stmts[i].diag.Flow) < len(stmts[j].diag.Flow) })
	seen := map[string]bool{}
	for _, f := range stmts {
		k := fmt.Sprint("statement ", f.diag.Pos)
		if !seen[k] {
			seen[k] = true
			pass.Report(f.diag)
		}
	}
	if !classes {
		return nil, nil
	}
	// The shortest cycle through each back-pointer declaration.
	sort.SliceStable(classLevel, func(i, j int) bool { return len(classLevel[i].diag.Flow) < len(classLevel[j].diag.Flow) })
	for _, f := range classLevel {
		k := declKey(f.decls)
		at := fmt.Sprint("class-level ", f.diag.Pos)
		if seen[k] || seen[at] || subsumed(f, stmts) {
			continue
		}
		seen[k], seen[at] = true, true
		pass.Report(f.diag)
	}
	return nil, nil
}

// finding is one cycle, described.
type finding struct {
	diag       analyzer.Diagnostic
	classLevel bool
	// backPointer is set when a class-level cycle goes through a to-one
	// reference named like a back-pointer (parent, owner, delegate, …).
	// Only those are reported: mutually recursive types without one
	// (Struct.fields → Value, Value.structValue → Struct) are trees.
	backPointer bool
	decls       map[token.Pos]bool // declarations of the references it goes through
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
func subsumed(f *finding, stmts []*finding) bool {
	for _, s := range stmts {
		all := true
		for d := range f.decls {
			if !s.decls[d] {
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
	res *ownergraph.Result
	g   *model.Graph
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
func (r *reporter) describe(c model.Cycle) *finding {
	f := &finding{classLevel: true, decls: map[token.Pos]bool{}}
	for _, ei := range c.Edges {
		if !r.res.Edge(ei).ClassLevel {
			f.classLevel = false
		}
		if d := r.g.Edge(ei).Decl; d.IsValid() {
			f.decls[d] = true
		}
	}
	if f.classLevel {
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

// describeStatements reports a cycle created by statements at the store of
// its block (or the last statement of the cycle when no block is in it).
func (r *reporter) describeStatements(c model.Cycle, f *finding) {
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
	if r.g.Node(r.g.Edge(c.Edges[report]).To).Kind == model.NodeBlock {
		start = (report + 2) % n
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
	body := repInfo.Body

	d := &f.diag
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
		d.Message = fmt.Sprintf("retain cycle: %s; the block keeps itself alive: it captures the __block variable %s, which holds the block; set %s to nil when the block is done (or call it through a __weak copy)",
			path, capture.Name, capture.Name)
		return
	}
	if blockAt < 0 || capture == nil {
		d.Message = fmt.Sprintf("retain cycle: %s; these objects keep each other alive through strong references, so none of them is ever deallocated; make one of the references weak, or set it to nil when the objects are done with each other", path)
		return
	}
	holder := r.holder(edges[:blockAt+1])
	how := "strongly"
	fix := "capture a weak reference (`__weak typeof(self) weakSelf = self;`) or break the cycle when done"
	if who != "self" {
		fix = fmt.Sprintf("capture a weak reference (`__weak typeof(%s) weak%s = %s;`) or break the cycle when done", who, upperFirst(who), who)
	}
	if cp := capture.Capture; cp != nil {
		switch {
		case cp.Kind == captures.CaptureIvar:
			how = "through the ivar " + cp.Name + " (an ivar use means self->" + cp.Name + ")"
			fix = "capture a weak reference (`__weak typeof(self) weakSelf = self;`) and reach the ivar through it (`strongSelf->" + cp.Name + "` after `__strong typeof(weakSelf) strongSelf = weakSelf;`), or break the cycle when done"
			if _, weak := capture.Block.WeakSelf(); weak {
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
		}
	}
	d.Message = fmt.Sprintf("retain cycle: %s; the block captures %s %s and %s keeps the block %s; %s",
		path, who, how, who, holder, fix)
}

// describeClasses reports a cycle between classes at the declaration that
// should not own: a back-pointer (parent, owner, delegate, …) if one is
// on the cycle, else the declaration that comes last.
func (r *reporter) describeClasses(c model.Cycle, f *finding) {
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
	d := &f.diag
	d.Pos = rep.Decl
	d.Flow = r.flow(edges, nil)
	d.Related = r.related(edges)
	owner := r.g.Node(rep.From).Label
	d.Message = fmt.Sprintf("retain cycle between classes: %s; objects of these classes that point at each other are never deallocated; declare %s.%s `weak` (a back-pointer must not own what owns it), or set it to nil when done",
		r.path(edges), owner, info.Name)
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
		case model.EdgeStrongProperty, model.EdgeCopyProperty, model.EdgeStrongIvar, model.EdgeCapture:
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
