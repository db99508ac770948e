// Package timerleak defines the timerleak rule: a repeating scheduled
// NSTimer or CADisplayLink whose target is self (or a weak variable that
// points to self), or whose block captures self strongly, and that is not
// invalidated anywhere that can run before -dealloc (SEMANTICS §4).
package timerleak

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/storage"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

//go:embed doc.md
var doc string

// Analyzer is the timerleak rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "timerleak",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/timerleak/doc.md",
	Severity: analyzer.SeverityError,
	Tags:     []string{"memory", "leak", "timer"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{captures.Analyzer},
	Run:      run,
}

// holder is how a timer keeps self alive.
type holder struct {
	// what names it for the message: "target self", "target weakSelf
	// (a weak variable: …)", "block, which captures self via _count".
	what string
	// pos is the target argument or the capture.
	pos  token.Pos
	step string
	// alias is the declaration of the weak variable used as the target.
	alias token.Pos
	// viaBlock is set when a block (not a target) holds self.
	viaBlock bool
}

// site is one timer creation that keeps self alive.
type site struct {
	body *captures.Body
	c    model.TimerCreation
	// expr is the creation, or the MRC `[creation retain]` around it.
	expr  *objcparse.Expr
	hold  holder
	place storage.Place
	// names are the local variables that hold the timer in the creating body.
	names map[string]bool
	// scheduled is where the timer is added to a run loop (the creation
	// itself for scheduled factories).
	scheduled token.Pos
	// deallocOnly is an invalidation in -dealloc (which never runs).
	deallocOnly token.Pos
	// restart is an invalidation that only stops the previous timer
	// before a new one is created.
	restart token.Pos
	// sums are the project's method summaries (its own invalidators).
	sums *summaries.Result
}

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[captures.Analyzer].(*captures.Result)
	lifetime := map[string]bool{}
	for _, body := range res.Bodies {
		// One body at a time: a panic is reported at that body and the
		// others go on.
		pass.Guard(body.Body.Pos, func() {
			if !body.SelfIsObject() {
				return // self is the class (class methods) or absent (functions)
			}
			forever, ok := lifetime[body.Class]
			if !ok {
				_, forever = res.Storage.ProcessLifetime(pass.Index, body.Class)
				lifetime[body.Class] = forever
			}
			if forever {
				return // the application delegate or a singleton: it lives as long as the run loop
			}
			for _, s := range body.Body.Sends {
				c, ok := model.TimerCreated(s.Expr, pass.Index.IsKindOfAny)
				if !ok || !c.Kind.Lasting() || !c.Repeats.MayRepeat() {
					continue
				}
				h, ok := keepsSelf(pass.Index, body, c)
				if !ok {
					continue
				}
				outer := body.Storage.PassThrough(s.Expr)
				st := &site{body: body, c: c, hold: h, expr: outer, names: localNames(body.Body, outer), sums: res.Summaries}
				st.place = body.Storage.Of(outer, s.Scope)
				if st.place.Kind == storage.Unknown {
					if name, ok := onlyScheduled(body.Body, st.names); ok {
						// `NSTimer *t = …; [runLoop addTimer:t forMode:…];`
						st.place = storage.Place{Kind: storage.Local, Key: name}
					}
				}
				if !st.findScheduling() {
					continue // never added to a run loop that we can see
				}
				if st.place.Kind == storage.Inline && st.scheduled == st.c.Expr.Pos && !body.Storage.Dropped(outer) {
					continue // inside a literal or an operator: not followed
				}
				switch st.place.Kind {
				case storage.Instance, storage.Local, storage.Inline, storage.Shared:
				default:
					continue // returned or handed to code we do not follow
				}
				if st.invalidated(pass.Index) {
					continue
				}
				pass.Report(st.diagnostic())
			}
		})
	}
	return nil, nil
}

// keepsSelf decides whether the timer retains self: its target is self or
// an alias of self (a weak alias hands over the object, SEMANTICS §3), a
// project wrapper that keeps the target strongly, or its block (or a block
// userInfo) captures self strongly.
func keepsSelf(ix *analyzer.Index, body *captures.Body, c model.TimerCreation) (holder, bool) {
	if t := c.Target.Unparen(); t != nil {
		switch {
		case t.IsIdent("self"):
			return holder{what: "target self", pos: t.Pos, step: retainer(c) + " retains its target, self"}, true
		case t.Kind == objcparse.ExprIdent && body.Aliases[t.Name] != nil:
			a := body.Aliases[t.Name]
			h := holder{pos: t.Pos, alias: a.Pos, step: retainer(c) + " retains the object " + t.Name + " points to: self"}
			if a.Kind == captures.WeakSelf {
				h.what = fmt.Sprintf("target %s (a weak variable, but %s retains self)", t.Name, retainer(c))
				h.step = retainer(c) + " retains the object " + t.Name + " points to, self, not the variable"
			} else {
				h.what = fmt.Sprintf("target %s (an alias of self)", t.Name)
			}
			return h, true
		default:
			if cls, ok := strongWrapper(ix, body, t); ok {
				return holder{what: fmt.Sprintf("target %s, which keeps self strongly (it has no weak property to hold it)", cls), pos: t.Pos,
					step: retainer(c) + " retains its target, a " + cls + " that retains self"}, true
			}
		}
	}
	for _, e := range []*objcparse.Expr{c.Block, c.UserInfo} {
		if blk := body.BlockOf(e); blk != nil {
			if cp, ok := blk.SelfStrong(); ok {
				via := "self"
				switch {
				case cp.Kind == captures.CaptureIvar:
					via = "self (through the ivar " + cp.Name + ")"
				case cp.Alias != nil:
					via = "self (through " + cp.Name + ", a strong alias)"
				}
				what := "a block that captures " + via
				if e == c.UserInfo {
					what = "a userInfo block that captures " + via
				}
				return holder{what: what, pos: cp.Pos, viaBlock: true, step: "the timer retains its block, which captures " + via}, true
			}
		}
	}
	return holder{}, false
}

// retainer names the timer or display link as the subject of a sentence.
func retainer(c model.TimerCreation) string {
	if c.Kind == model.DisplayLink {
		return "the display link"
	}
	return "the timer"
}

// strongWrapper recognizes a target built from self by a project class
// that does not hold it weakly: `[[Forwarder alloc] initWithTarget:self]`
// where Forwarder is neither an NSProxy subclass nor a class with a weak
// property. Weak proxies and unknown library classes are not reported.
func strongWrapper(ix *analyzer.Index, body *captures.Body, t *objcparse.Expr) (string, bool) {
	if t.Kind != objcparse.ExprMessage {
		return "", false
	}
	passesSelf := false
	for _, a := range t.Args() {
		if a.IsIdent("self") || (a.Unparen().Kind == objcparse.ExprIdent && body.Aliases[a.Unparen().Name] != nil) {
			passesSelf = true
		}
	}
	recv := t.X().Unparen()
	if recv != nil && recv.Kind == objcparse.ExprMessage && recv.Name == "alloc" {
		recv = recv.X().Unparen()
	}
	if !passesSelf || recv == nil || recv.Kind != objcparse.ExprIdent || ix.Class(recv.Name) == nil {
		return "", false
	}
	if _, ok := ix.IsKindOfAny(recv.Name, []string{model.WeakProxyBase}); ok || model.LooksLikeWeakProxy(recv.Name) {
		return "", false
	}
	for _, name := range append([]string{recv.Name}, ix.Superclasses(recv.Name)...) {
		if cls := ix.Class(name); cls != nil {
			if model.HoldsWeakly(cls.Decls, model.DeclsMemory(cls.Decls)) != "" {
				return "", false
			}
		}
	}
	return recv.Name, true
}

// onlyScheduled reports whether the locals holding a timer are passed
// nowhere but to run-loop scheduling (which storage counts as escaping),
// and returns one of them.
func onlyScheduled(body *objcparse.Body, names map[string]bool) (string, bool) {
	if len(names) == 0 {
		return "", false
	}
	isName := func(e *objcparse.Expr) bool {
		e = e.Unparen()
		return e != nil && e.Kind == objcparse.ExprIdent && names[e.Name]
	}
	for _, s := range body.Sends {
		held, _, sched := model.Schedules(s.Expr)
		for _, a := range s.Expr.Args() {
			if isName(a) && !(sched && a.Unparen() == held) {
				return "", false
			}
		}
	}
	for _, cl := range body.Calls {
		held, sched := model.SchedulesCall(cl.Expr)
		for _, a := range cl.Expr.Args() {
			if isName(a) && !(sched && a.Unparen() == held) {
				return "", false
			}
		}
	}
	for _, a := range body.Assigns {
		if isName(a.Value()) && a.Target().Unparen().Kind != objcparse.ExprIdent {
			return "", false
		}
	}
	var first string
	for _, v := range body.Locals {
		if names[v.Name] {
			first = v.Name
			break
		}
	}
	return first, first != ""
}

// localNames returns the local variables of body that hold the value e:
// initialized with it, or assigned it.
func localNames(body *objcparse.Body, e *objcparse.Expr) map[string]bool {
	out := map[string]bool{}
	for _, v := range body.Locals {
		if v.Init.Unparen() == e {
			out[v.Name] = true
		}
	}
	for _, a := range body.Assigns {
		if a.Value().Unparen() == e && a.Target().Unparen().Kind == objcparse.ExprIdent {
			out[a.Target().Unparen().Name] = true
		}
	}
	// One step further: `NSTimer *t = [...]; self.timer = t;` keeps t too.
	for _, a := range body.Assigns {
		if v := a.Value().Unparen(); v != nil && v.Kind == objcparse.ExprIdent && out[v.Name] && a.Target().Unparen().Kind == objcparse.ExprIdent {
			out[a.Target().Unparen().Name] = true
		}
	}
	return out
}

// holds reports whether e, in the body of mc, denotes this site's timer.
func (st *site) holds(mc *storage.Context, e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil {
		return false
	}
	if e == st.c.Expr || e == st.expr {
		return true
	}
	if mc.Body == st.body.Body && e.Kind == objcparse.ExprIdent && st.names[e.Name] {
		return true
	}
	switch st.place.Kind {
	case storage.Instance:
		return mc.Holds(e, st.place)
	case storage.Local:
		return mc.Body == st.body.Body && mc.Holds(e, st.place)
	case storage.Shared:
		return mc.File == st.body.File && mc.Holds(e, st.place)
	}
	return false
}

// findScheduling reports whether the timer is added to a run loop: by
// its factory, or by addTimer:forMode: / addToRunLoop:forMode: /
// CFRunLoopAddTimer on the expression, a local holding it, or the
// property it is stored in (in any instance method of the class).
func (st *site) findScheduling() bool {
	if st.c.Scheduled {
		st.scheduled = st.c.Expr.Pos
		return true
	}
	look := func(mc *storage.Context) {
		for _, s := range mc.Body.Sends {
			if held, k, ok := model.Schedules(s.Expr); ok && k == st.c.Kind && st.holds(mc, held) && !st.scheduled.IsValid() {
				st.scheduled = s.Expr.Pos
				if held == st.c.Expr || held == st.expr {
					// [runLoop addTimer:[NSTimer timerWith…] forMode:…]:
					// scheduled and dropped.
					st.place = storage.Place{Kind: storage.Inline}
				}
			}
		}
		for _, cl := range mc.Body.Calls {
			if held, ok := model.SchedulesCall(cl.Expr); ok && st.c.Kind == model.Timer && st.holds(mc, held) && !st.scheduled.IsValid() {
				st.scheduled = cl.Expr.Pos
				if held == st.c.Expr || held == st.expr {
					st.place = storage.Place{Kind: storage.Inline}
				}
			}
		}
	}
	look(st.body.Storage)
	if !st.scheduled.IsValid() && st.place.Kind == storage.Instance {
		st.body.Storage.InstanceMethods(st.body.Class, look)
	}
	return st.scheduled.IsValid()
}

// invalidated reports whether the timer is invalidated somewhere that can
// run while it keeps self alive: any instance method of self's class
// except -dealloc (model.InvalidationCounts), the creating body for a
// local, the timer method itself through its NSTimer parameter, or the
// block of a block timer through its parameter. It records an
// invalidation in -dealloc, which does not count.
func (st *site) invalidated(ix *analyzer.Index) bool {
	found := false
	check := func(mc *storage.Context) {
		sel, classMethod := "", true
		if mc.Method != nil {
			sel, classMethod = mc.Method.Selector, mc.Method.ClassMethod
		}
		visit := func(held *objcparse.Expr, pos token.Pos, scope int) {
			if !st.holds(mc, held) {
				return
			}
			switch {
			case !model.InvalidationCounts(sel, classMethod):
				if !st.deallocOnly.IsValid() {
					st.deallocOnly = pos
				}
			case st.recreatedAfter(mc, pos, scope):
				if !st.restart.IsValid() {
					st.restart = pos
				}
			default:
				found = true
			}
		}
		for _, s := range mc.Body.Sends {
			if held, ok := model.TimerInvalidates(st.c.Kind, s.Expr); ok {
				visit(held, s.Expr.Pos, s.Scope)
			} else if st.sums.Stops(st.c.Kind.String(), s.Expr.Name, model.TimerInvalidators[st.c.Kind]) {
				// A project category method that invalidates its timer
				// (`[self.timer invalidateTimer]`).
				visit(s.Expr.X().Unparen(), s.Expr.Pos, s.Scope)
			}
		}
		for _, cl := range mc.Body.Calls {
			if held, ok := model.TimerInvalidatesCall(cl.Expr); ok && st.c.Kind == model.Timer {
				visit(held, cl.Expr.Pos, cl.Scope)
			}
		}
	}
	switch st.place.Kind {
	case storage.Instance:
		st.body.Storage.InstanceMethods(st.body.Class, check)
	case storage.Shared:
		st.body.Storage.InstanceMethods(st.body.Class, func(mc *storage.Context) {
			if mc.File == st.body.File {
				check(mc)
			}
		})
	default:
		check(st.body.Storage)
	}
	return found || st.invalidatesItself(ix)
}

// recreatedAfter reports whether the body of mc unconditionally stores a
// new timer into the same property after pos (an invalidation in block
// literal scope), with no return in between: an invalidation there stops
// the previous timer before it is replaced (`[_timer invalidate]; _timer
// = [NSTimer scheduled…]`), not the new one. A store inside a block
// literal that is itself handed over conditionally (`if (on) { _timer =
// [NSTimer … block:^(NSTimer *t) { _timer = …; }]; }`) is conditional too.
func (st *site) recreatedAfter(mc *storage.Context, pos token.Pos, scope int) bool {
	if st.place.Kind != storage.Instance {
		return false
	}
	for _, a := range mc.Body.Assigns {
		if a.Expr.Pos <= pos || a.Context&objcparse.InCondition != 0 || conditionalBlock(mc, a.Scope, scope) {
			continue // a conditional creation may be the other branch
		}
		if key, ok := mc.SelfKey(a.Target()); !ok || key != st.place.Key {
			continue
		}
		if returnsBetween(mc.Body, a.Scope, pos, a.Expr.Pos) {
			continue // `if (off) { [_t invalidate]; return; } _t = …`
		}
		v := a.Value().Unparen()
		if _, ok := model.TimerCreated(v, mc.Index.IsKindOfAny); ok {
			return true
		}
		if v != nil && v.Kind == objcparse.ExprIdent {
			for _, l := range mc.Body.Locals {
				if l.Name == v.Name {
					if _, ok := model.TimerCreated(l.Init, mc.Index.IsKindOfAny); ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// conditionalBlock reports whether a block literal enclosing scope, up
// to (not including) scope stop, is handed over inside an if/switch/?:
// branch of its own enclosing scope (storage.Context.Conditional).
func conditionalBlock(mc *storage.Context, scope, stop int) bool {
	for _, b := range mc.Body.BlockChain(scope) {
		if b == stop {
			return false
		}
		if lit := mc.Body.Blocks[b].Expr; lit != nil && mc.Conditional(lit) {
			return true
		}
	}
	return false
}

// returnsBetween reports whether a return statement of scope lies
// between the positions from and to.
func returnsBetween(body *objcparse.Body, scope int, from, to token.Pos) bool {
	for _, r := range body.Returns {
		if r.Scope == scope && r.Pos > from && r.Pos < to {
			return true
		}
	}
	return false
}

// invalidatesItself reports whether the timer stops itself: the target's
// timer method sends -invalidate to its NSTimer parameter
// (`- (void)tick:(NSTimer *)t { if (done) [t invalidate]; }`), or the
// block of a block timer does so to its parameter.
func (st *site) invalidatesItself(ix *analyzer.Index) bool {
	paramInvalidated := func(body *objcparse.Body, param string, scope func(int) bool) bool {
		for _, s := range body.Sends {
			if held, ok := model.TimerInvalidates(st.c.Kind, s.Expr); ok && held.IsIdent(param) && scope(s.Scope) {
				return true
			}
		}
		return false
	}
	if blk := st.body.BlockOf(st.c.Block); blk != nil && len(blk.Block.Params) > 0 {
		idx := blk.Block.Index
		inside := func(scope int) bool {
			for _, s := range st.body.Body.BlockChain(scope) {
				if s == idx {
					return true
				}
			}
			return false
		}
		if paramInvalidated(st.body.Body, blk.Block.Params[0].Name, inside) {
			return true
		}
	}
	if st.c.Action == "" || st.hold.viaBlock || !strings.HasSuffix(st.c.Action, ":") {
		return false
	}
	// The timer method, or a method of self it hands the timer to
	// (`[self check:info timer:t]`, a few calls deep), invalidates it.
	var invalidatedIn func(sel string, arg, depth int) bool
	invalidatedIn = func(sel string, arg, depth int) bool {
		found := false
		st.body.Storage.InstanceMethods(st.body.Class, func(mc *storage.Context) {
			if found || mc.Method.Selector != sel || arg >= len(mc.Method.Params) {
				return
			}
			param := mc.Method.Params[arg].Name
			if paramInvalidated(mc.Body, param, func(int) bool { return true }) {
				found = true
				return
			}
			if depth >= maxForward {
				return
			}
			for _, snd := range mc.Body.Sends {
				if !snd.Expr.X().IsIdent("self") {
					continue
				}
				for i, a := range snd.Expr.Args() {
					if a.Unparen().IsIdent(param) && invalidatedIn(snd.Expr.Name, i, depth+1) {
						found = true
						return
					}
				}
			}
		})
		return found
	}
	return invalidatedIn(st.c.Action, 0, 0)
}

// maxForward bounds how many calls deep invalidatesItself follows the
// timer handed from its method to other methods of the target.
const maxForward = 3

// noun names the timer for messages.
func (st *site) noun() string {
	kind := "timer"
	if st.c.Kind == model.DisplayLink {
		kind = "CADisplayLink"
	}
	rep := "repeating"
	switch {
	case st.c.Kind == model.DisplayLink:
		rep = "" // repeats by nature
	case st.c.Repeats == model.RepeatUnknown:
		rep = fmt.Sprintf("possibly repeating (repeats:%s)", exprText(st.c.RepeatsExpr))
	}
	if st.c.Kind == model.Timer {
		kind = "NSTimer"
	}
	return strings.TrimSpace(rep + " scheduled " + kind)
}

// storedIn names where the timer is kept.
func (st *site) storedIn() string {
	switch st.place.Kind {
	case storage.Instance:
		if len(st.body.Storage.Index.Properties(st.body.Class, st.place.Key)) == 0 {
			return "stored in the ivar " + st.place.Key
		}
		return "stored in self." + st.place.Key
	case storage.Local:
		return "kept only in the local " + st.place.Key
	case storage.Shared:
		return "stored in the static " + st.place.Key
	}
	return "not stored anywhere"
}

func (st *site) diagnostic() analyzer.Diagnostic {
	where := st.body.Where()
	never := "is never invalidated"
	if st.deallocOnly.IsValid() {
		never = "is invalidated only in -dealloc"
	}
	runLoop := "the run loop retains the timer until it is invalidated"
	if st.c.Kind == model.DisplayLink {
		runLoop = "the run loop retains the display link until it is invalidated"
	}
	msg := fmt.Sprintf("%s with %s (created in %s, %s) %s", st.noun(), st.hold.what, where, st.storedIn(), never)
	details := fmt.Sprintf("%s and %s, so self is never deallocated", runLoop, st.hold.step)
	if st.deallocOnly.IsValid() {
		details += " and -dealloc never runs"
	}
	if st.place.Kind == storage.Inline || st.place.Kind == storage.Local {
		details += "; keep the timer in a property so it can be invalidated"
	}
	details += "; " + st.fix()
	d := analyzer.Diagnostic{Pos: st.c.Expr.Pos, End: st.c.Expr.End(), Message: msg, Details: details}
	if st.deallocOnly.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: st.deallocOnly,
			Message: "invalidated only here, in -dealloc, which cannot run while " + retainer(st.c) + " retains self"})
	}
	if st.restart.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: st.restart,
			Message: "this invalidation stops the previous timer before a new one is stored, not the last one"})
	}
	if st.hold.alias.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: st.hold.alias,
			Message: "declared here; passing a weak variable hands the object itself to the timer"})
	}
	if st.scheduled != st.c.Expr.Pos {
		d.Related = append(d.Related, analyzer.Related{Pos: st.scheduled, Message: "added to the run loop here"})
	}
	d.Flow = []analyzer.Step{
		{Pos: st.scheduled, Message: strings.Replace(runLoop, " until it is invalidated", "", 1)},
		{Pos: st.hold.pos, Message: st.hold.step},
	}
	return d
}

// fix suggests the fixes that apply.
func (st *site) fix() string {
	stop := "invalidate it where the owner goes away (-viewWillDisappear:, -didMoveToParentViewController: with a nil parent, -removeFromSuperview, or an explicit -stop method)"
	if st.hold.viaBlock {
		return stop + ", or capture a __weak reference to self in the block"
	}
	if st.c.Kind == model.DisplayLink {
		return stop + ", or give it a weak proxy target (an NSProxy subclass holding self weak and forwarding)"
	}
	return stop + ", or use a weak proxy target or +scheduledTimerWithTimeInterval:repeats:block: with a __weak self"
}

// exprText renders a short expression for messages.
func exprText(e *objcparse.Expr) string {
	e = e.Unparen()
	if e == nil {
		return "?"
	}
	switch e.Kind {
	case objcparse.ExprIdent, objcparse.ExprNumber:
		return e.Name
	case objcparse.ExprMember:
		return exprText(e.X()) + "." + e.Name
	case objcparse.ExprMessage:
		if e.NumArgs() == 0 {
			return "[" + exprText(e.X()) + " " + e.Name + "]"
		}
	}
	return "an expression"
}
