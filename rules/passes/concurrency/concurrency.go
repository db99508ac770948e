// Package concurrency is the pass that decides, for every block literal in
// the project's method and function bodies, where it runs — on which queue,
// submitted how, and whether several invocations of it run at the same
// time — and which code runs while a lock is held (SEMANTICS §6).
//
// Queues are followed through the local variables, statics, globals, ivars
// and properties they are kept in, across the methods of the class and its
// project superclasses (a queue created in -init and used in -reload), and
// through getter methods and functions that return them. The API knowledge
// (which calls dispatch, which queues are concurrent, which calls lock)
// comes from model's concurrency tables.
package concurrency

import (
	"fmt"
	"go/token"
	"reflect"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/storage"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// Analyzer is the concurrency pass. Its result is a *Result.
var Analyzer = &analyzer.Analyzer{
	Requires:   []*analyzer.Analyzer{storage.Analyzer, summaries.Analyzer},
	Name:       "concurrency",
	Doc:        "concurrency: decides where block literals run and which code holds a lock",
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result holds the concurrency facts of every method and function body of
// the project (linted files and the headers and sources they are indexed
// with), so that rules can compare code across methods and files.
type Result struct {
	bodies map[*objcparse.Body]*Body
	// Bodies lists them in file order.
	Bodies []*Body
	// methods maps a class name to the bodies of its methods.
	methods map[string][]*Body
}

// Body returns the facts of b, or nil when b is not a method or function
// body of the project.
func (r *Result) Body(b *objcparse.Body) *Body { return r.bodies[b] }

// Methods returns the bodies of the methods of class, in file order.
func (r *Result) Methods(class string) []*Body { return r.methods[class] }

// A Body is one method or C function body with its concurrency facts.
type Body struct {
	File *objcparse.File
	// Class is the class whose method this is; "" for C functions.
	Class string
	// Method is nil for C functions.
	Method *objcparse.Method
	Facts  *objcparse.Body
	// Where names the body in messages: "-viewDidLoad", "+shared", "load()".
	Where string
	// Storage resolves self.p, _p and locals in this body.
	Storage *storage.Context

	// Runs[i] says how block literal i runs when it is submitted to a
	// queue, an operation or a concurrent enumeration; nil otherwise.
	Runs []*Run
	// contexts[i] is the Run whose thread block i executes on: its own
	// Run, its parent's for blocks called synchronously in place
	// (enumerateObjectsUsingBlock:), or nil when unknown.
	contexts []*Run
	// launches[i] is the call or send that block i is passed to.
	launches []launch
	locks    []lockEvent
	// blockVars maps local variables initialized with a block literal to it.
	blockVars map[string]int
}

// launch is the call or message a block literal is handed to.
type launch struct {
	expr    *objcparse.Expr
	scope   int
	context objcparse.Context
	// waits is set when the block runs before the call returns.
	waits bool
	// inPlace is set when the block runs on the caller's thread
	// (enumerateObjectsUsingBlock:, a project method whose summary says it
	// calls the block before it returns), so it runs where its caller
	// runs.
	inPlace bool
	// parallel is set when several invocations run at once while the
	// caller waits (dispatch_apply, NSEnumerationConcurrent): a lock the
	// caller holds does not keep them apart.
	parallel bool
	ok       bool
}

// A Queue is a queue as the analysis resolved it.
type Queue struct {
	Kind model.QueueKind
	// Global is set for a global concurrent queue (barriers are plain async there).
	Global bool
	// Operation is set for an NSOperationQueue.
	Operation bool
	// New is set when the queue expression creates a new queue every time
	// it is evaluated (dispatch_queue_create(...) written in the call).
	New bool
	// Key identifies the queue object: two Runs with the same Key use the
	// same queue. "global", "main", "new@POS", "self:CLASS.KEY",
	// "local:POS", "static:POS", "global:FILE:NAME"; "" when unknown.
	Key string
	// Expr is the queue expression as written at the submission.
	Expr string
	// Via is set when the queue was found through a variable, property or
	// method rather than written in place.
	Via bool
	// Name describes a queue written in place ("the global concurrent queue").
	Name string
	// Why is the fact that decides Kind ("DISPATCH_QUEUE_CONCURRENT").
	Why string
	// Created is where the queue was created or stored, when that is not
	// the submission itself; Origin says so in words: "created in -init".
	Created token.Pos
	Origin  string
}

// Describe returns how messages name the queue: "the global concurrent
// queue", "the concurrent queue self.queue (DISPATCH_QUEUE_CONCURRENT,
// created in -viewDidLoad)".
func (q Queue) Describe() string {
	if !q.Via {
		if q.Name != "" {
			return q.Name
		}
		return "the queue " + q.Expr
	}
	kind := q.Kind.String()
	if q.Kind == model.QueueUnknown {
		kind = "unresolved"
	}
	noun := "queue"
	if q.Operation {
		noun = "operation queue"
	}
	s := "the " + kind + " " + noun + " " + q.Expr
	switch {
	case q.Why != "" && q.Origin != "":
		s += " (" + q.Why + ", " + q.Origin + ")"
	case q.Why != "":
		s += " (" + q.Why + ")"
	}
	return s
}

// A Run describes how one block literal is submitted and where it runs.
type Run struct {
	Body  *Body
	Block int
	// API is the submitting function or selector: "dispatch_async",
	// "addOperationWithBlock:", "enumerateObjectsWithOptions:usingBlock:".
	API  string
	Mode model.DispatchMode
	// Queue is the queue it runs on (Kind unknown for an operation that is
	// not added to a queue the analysis sees).
	Queue Queue
	// Pos and End delimit the submitting call.
	Pos, End token.Pos
	// InLoop is set when the submission runs once per loop iteration.
	InLoop bool
	// Many is set when several invocations of the block run at the same
	// time; Why says why ("inside a loop").
	Many bool
	Why  string
	// Op identifies the NSBlockOperation the block belongs to: the blocks
	// of one operation run concurrently with each other.
	Op string
	// Parent is where the submitting code runs (nil: the thread of the
	// method's caller, which the analysis does not know).
	Parent *Run
}

// Describe returns "dispatch_async on the global concurrent queue".
func (r *Run) Describe() string {
	switch {
	case r.Op != "" && r.Queue.Key == "":
		return r.API + " on an NSBlockOperation"
	case r.API == "concurrent enumeration":
		return "an enumeration with " + model.EnumerationConcurrentOption
	}
	return r.API + " on " + r.Queue.Describe()
}

// Shared reports whether other work can run while the block runs, on the
// same queue: a concurrent queue without a barrier on it (a concurrent
// enumeration included). Any code whose thread is not known can overlap
// such a block.
func (r *Run) Shared() bool {
	return r.Queue.Kind == model.QueueConcurrent && !(r.Mode.Barrier() && !r.Queue.Global)
}

// Submission returns the position, in the body, of the call that starts
// the chain of submissions leading to r (r's own when the body submits it).
func (r *Run) Submission() token.Pos {
	for r.Parent != nil {
		r = r.Parent
	}
	return r.Pos
}

// Context returns the Run whose thread the code in scope (a block index,
// or -1 for the body itself) executes on, or nil when it is not known.
func (b *Body) Context(scope int) *Run {
	if scope < 0 || scope >= len(b.contexts) {
		return nil
	}
	return b.contexts[scope]
}

// Concurrent reports whether code at position ap running in a can execute
// at the same time as code at position bp running in b (SEMANTICS §6). It
// answers false when either context is unknown: the analysis reports only
// what it can show.
//
//   - the same Run: only when several invocations of it run at once (Many);
//   - blocks of one NSBlockOperation: always;
//   - a Run that waits for a nested Run (dispatch_sync inside it) does not
//     overlap it; an async child overlaps the code after its submission,
//     unless both run on the main queue or on one serial queue (the child
//     starts once the submitting block has returned);
//   - the main queue with the main queue, a serial queue with itself, and
//     a barrier on a custom concurrent queue with anything on that queue
//     are exclusive;
//   - otherwise two queues with known kinds run concurrently: two
//     different serial queues, a serial queue and the main queue, any
//     concurrent queue.
func Concurrent(a *Run, ap token.Pos, b *Run, bp token.Pos) bool {
	if a == nil || b == nil {
		return false
	}
	if a == b {
		return a.Many
	}
	if a.Op != "" && a.Op == b.Op {
		return true
	}
	if a.Many || b.Many {
		if ex, ok := exclusiveQueues(a, b); ok {
			return !ex
		}
		return false
	}
	// A block submitted by code running on a serial queue (the main
	// queue) to that same queue starts only once that code has finished.
	if nested, overlap := nesting(a, ap, b); nested {
		ex, ok := exclusiveQueues(a, b)
		return overlap && !(ok && ex)
	}
	if nested, overlap := nesting(b, bp, a); nested {
		ex, ok := exclusiveQueues(a, b)
		return overlap && !(ok && ex)
	}
	ex, ok := exclusiveQueues(a, b)
	return ok && !ex
}

// nesting reports whether inner was submitted (directly or through other
// Runs) by code running in outer, and if so whether outer's code at pos can
// overlap it: never when every submission on the way waits; for an async
// submission, when pos comes after it.
func nesting(outer *Run, pos token.Pos, inner *Run) (nested, overlap bool) {
	waits := true
	for r := inner; r != nil; r = r.Parent {
		if r.Parent == outer {
			waits = waits && r.Mode.Waits()
			return true, !waits && pos > r.Pos
		}
		waits = waits && r.Mode.Waits()
	}
	return false, false
}

// exclusiveQueues decides whether the queues of a and b keep them apart;
// ok is false when a queue is unknown.
func exclusiveQueues(a, b *Run) (exclusive, ok bool) {
	qa, qb := a.Queue, b.Queue
	if qa.Kind == model.QueueUnknown || qb.Kind == model.QueueUnknown {
		return false, false
	}
	if qa.Kind == model.QueueMain && qb.Kind == model.QueueMain {
		return true, true
	}
	if qa.Key == "" || qa.Key != qb.Key || qa.New {
		return false, true
	}
	switch qa.Kind {
	case model.QueueSerial:
		return true, true
	case model.QueueConcurrent:
		return !qa.Global && (a.Mode.Barrier() || b.Mode.Barrier()), true
	}
	return false, true
}

// Protected reports whether the code at pos in scope, with context flags
// ctx, runs while a lock is held: inside @synchronized, between a lock and
// an unlock of the same lock in the same scope (in source order), or in a
// block called synchronously, one invocation at a time, from such code
// (dispatch_sync, enumerateObjectsUsingBlock:; not dispatch_apply, whose
// iterations run concurrently under the caller's lock). lock names it.
func (b *Body) Protected(scope int, pos token.Pos, ctx objcparse.Context) (lock string, ok bool) {
	for range 16 {
		if ctx&objcparse.InSynchronized != 0 {
			return "@synchronized", true
		}
		if l, ok := b.heldAt(scope, pos); ok {
			return l, true
		}
		if scope < 0 || scope >= len(b.launches) {
			return "", false
		}
		l := b.launches[scope]
		if !l.ok || !l.waits || l.parallel {
			return "", false
		}
		scope, pos, ctx = l.scope, l.expr.Pos, l.context
	}
	return "", false
}

// lockEvent is one acquisition or release of a lock.
type lockEvent struct {
	op    model.LockOp
	key   string
	scope int
	pos   token.Pos
}

// heldAt reports whether a lock acquired before pos in scope is released
// after it, in the same scope, with no release in between.
func (b *Body) heldAt(scope int, pos token.Pos) (string, bool) {
	for i, a := range b.locks {
		if a.op != model.LockAcquire || a.scope != scope || a.pos >= pos {
			continue
		}
		releasedBefore, releasedAfter := false, false
		for _, r := range b.locks[i+1:] {
			if r.op != model.LockRelease || r.key != a.key || r.scope != scope {
				continue
			}
			if r.pos < pos {
				releasedBefore = true
			} else {
				releasedAfter = true
			}
		}
		if !releasedBefore && releasedAfter {
			return a.key, true
		}
	}
	return "", false
}

func run(pass *analyzer.Pass) (any, error) {
	r := newResolver(pass.Index)
	r.sums, _ = pass.ResultOf[summaries.Analyzer].(*summaries.Result)
	cs, _ := pass.ResultOf[storage.Analyzer].(*storage.Contexts)
	res := &Result{bodies: map[*objcparse.Body]*Body{}, methods: map[string][]*Body{}}
	for _, f := range pass.Index.Files {
		// Every parsed file, headers included: a panic in one is reported
		// at that file and the others go on.
		pass.Guard(f.Pos, func() {
			for _, cd := range f.Classes {
				for _, m := range cd.Methods {
					if m.Body == nil {
						continue
					}
					b := &Body{File: f, Class: cd.Name, Method: m, Facts: m.Body, Where: methodName(m),
						Storage: cs.For(pass.Index, f, cd.Name, m, m.Body, m.Params)}
					res.add(b)
					res.methods[cd.Name] = append(res.methods[cd.Name], b)
				}
			}
			for _, fn := range f.Functions {
				if fn.Body == nil {
					continue
				}
				res.add(&Body{File: f, Facts: fn.Body, Where: fn.Name + "()",
					Storage: cs.For(pass.Index, f, "", nil, fn.Body, fn.Params)})
			}
		})
	}
	r.res = res
	for _, b := range res.Bodies {
		pass.Guard(b.Facts.Pos, func() { r.analyze(b) })
	}
	return res, nil
}

func (r *Result) add(b *Body) {
	r.bodies[b.Facts] = b
	r.Bodies = append(r.Bodies, b)
}

func methodName(m *objcparse.Method) string {
	if m.ClassMethod {
		return "+" + m.Selector
	}
	return "-" + m.Selector
}

// analyze finds how each block literal of b is launched and where it runs,
// and collects the lock events.
func (r *resolver) analyze(b *Body) {
	n := len(b.Facts.Blocks)
	b.Runs = make([]*Run, n)
	b.contexts = make([]*Run, n)
	b.launches = make([]launch, n)
	for _, v := range b.Facts.Locals {
		if init := v.Init.Unparen(); init != nil && init.Kind == objcparse.ExprBlock {
			if b.blockVars == nil {
				b.blockVars = map[string]int{}
			}
			b.blockVars[v.Name] = init.Block()
		}
	}
	b.collectLocks()

	// Where each block literal is handed over.
	type handoff struct {
		call *objcparse.Call
		send *objcparse.Send
		// inPlace is a send to a project method whose summary says it
		// runs the block before it returns and drops it.
		inPlace *objcparse.Send
	}
	handoffs := make([]handoff, n)
	setHandoff := func(arg *objcparse.Expr, h handoff) {
		if i, ok := b.blockOf(arg); ok && handoffs[i] == (handoff{}) {
			handoffs[i] = h
		}
	}
	for _, c := range b.Facts.Calls {
		if api, ok := model.Dispatch(c.Expr); ok && !api.Function && api.Work < c.Expr.NumArgs() {
			setHandoff(c.Expr.Arg(api.Work), handoff{call: c})
		}
	}
	for _, s := range b.Facts.Sends {
		_, op := model.OperationBlock(s.Expr, r.env(b))
		_, enum := model.Enumeration(s.Expr)
		if !op && !enum {
			continue
		}
		for _, a := range s.Expr.Args() {
			setHandoff(a, handoff{send: s})
		}
	}
	if r.sums != nil {
		for _, s := range b.Facts.Sends {
			for i, a := range s.Expr.Args() {
				if _, ok := b.blockOf(a); !ok {
					continue
				}
				class, classMethod := r.sums.ReceiverClass(b.File, b.Class, b.Method, b.Facts, s.Expr.X())
				if ret, ok := r.sums.Send(class, classMethod, s.Expr, i); ok && ret == model.RetainNone {
					setHandoff(a, handoff{inPlace: s})
				}
			}
		}
	}
	// Blocks come in pre-order: a parent before its children.
	for i := range b.Facts.Blocks {
		h := handoffs[i]
		var run *Run
		switch {
		case h.call != nil:
			run = r.dispatchRun(b, i, h.call, b.Context(h.call.Scope))
		case h.send != nil:
			run = r.sendRun(b, i, h.send, b.Context(h.send.Scope))
		case h.inPlace != nil:
			b.launches[i] = launch{expr: h.inPlace.Expr, scope: h.inPlace.Scope, context: h.inPlace.Context, waits: true, inPlace: true, ok: true}
		}
		if run == nil {
			if l := b.launches[i]; l.inPlace {
				b.contexts[i] = b.Context(l.scope)
			}
			continue
		}
		b.Runs[i] = run
		b.contexts[i] = run
	}
}

// blockOf returns the block literal that arg is, directly or through a
// local variable initialized with it.
func (b *Body) blockOf(arg *objcparse.Expr) (int, bool) {
	arg = arg.Unparen()
	switch {
	case arg == nil:
	case arg.Kind == objcparse.ExprBlock:
		return arg.Block(), true
	case arg.Kind == objcparse.ExprIdent:
		i, ok := b.blockVars[arg.Name]
		return i, ok
	}
	return 0, false
}

// dispatchRun builds the Run of a block passed to a libdispatch function.
func (r *resolver) dispatchRun(b *Body, block int, c *objcparse.Call, parent *Run) *Run {
	api, _ := model.Dispatch(c.Expr)
	b.launches[block] = launch{expr: c.Expr, scope: c.Scope, context: c.Context, waits: api.Mode.Waits(),
		parallel: api.Mode == model.ModeApply, ok: true}
	if api.Mode == model.ModeOnce {
		return nil // once per process, on the caller's thread: never concurrent with itself
	}
	run := &Run{Body: b, Block: block, API: c.Name(), Mode: api.Mode, Pos: c.Expr.Pos, End: c.Expr.End(),
		InLoop: c.Context&objcparse.InLoop != 0, Parent: parent}
	if api.Queue < c.Expr.NumArgs() {
		run.Queue = r.queue(b, c.Expr.Arg(api.Queue), 0)
	}
	multiply(run)
	return run
}

// sendRun builds the Run of a block passed to an operation API or a
// concurrent enumeration; a non-concurrent enumeration runs the block in
// place and has no Run of its own.
func (r *resolver) sendRun(b *Body, block int, s *objcparse.Send, parent *Run) *Run {
	launched := launch{expr: s.Expr, scope: s.Scope, context: s.Context, ok: true}
	if concurrent, ok := model.Enumeration(s.Expr); ok {
		launched.waits, launched.inPlace, launched.parallel = true, !concurrent, concurrent
		b.launches[block] = launched
		if !concurrent {
			return nil
		}
		return &Run{Body: b, Block: block, API: "concurrent enumeration", Mode: model.ModeApply,
			Queue: Queue{Kind: model.QueueConcurrent, Global: true, Key: "global",
				Name: "the global concurrent queue", Why: model.EnumerationConcurrentOption},
			Pos: s.Expr.Pos, End: s.Expr.End(), Many: true, Why: "(its iterations run concurrently)", Parent: parent}
	}
	b.launches[block] = launched
	role, _ := model.OperationBlock(s.Expr, r.env(b))
	run := &Run{Body: b, Block: block, API: s.Selector(), Mode: model.ModeAsync, Pos: s.Expr.Pos, End: s.Expr.End(),
		InLoop: s.Context&objcparse.InLoop != 0, Parent: parent}
	switch role {
	case model.OpQueueBlock, model.OpQueueBarrier:
		run.Queue = r.queue(b, s.Expr.X(), 0)
		if role == model.OpQueueBarrier {
			run.Mode = model.ModeBarrierAsync
		}
	case model.OpCreate:
		run.Op, run.Queue = r.operation(b, s.Expr)
	case model.OpExecutionBlock:
		if creation := b.opCreation(s.Expr.X()); creation != nil {
			run.Op, run.Queue = r.operation(b, creation.Expr)
		} else {
			run.Op = "op:" + objcparse.RenderExpr(s.Expr.X())
		}
	}
	multiply(run)
	return run
}

// opCreation returns the blockOperationWithBlock: send that the local
// variable e holds.
func (b *Body) opCreation(e *objcparse.Expr) *objcparse.Send {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprIdent {
		return nil
	}
	for _, s := range b.Facts.Sends {
		if s.Selector() == "blockOperationWithBlock:" && b.localHolding(s.Expr) == e.Name {
			return s
		}
	}
	return nil
}

// localHolding returns the local variable that e is stored in by its
// declaration or an assignment, or "".
func (b *Body) localHolding(e *objcparse.Expr) string {
	for _, v := range b.Facts.Locals {
		if v.Init.Unparen() == e {
			return v.Name
		}
	}
	for _, a := range b.Facts.Assigns {
		if t := a.Target().Unparen(); a.Value().Unparen() == e && t.Kind == objcparse.ExprIdent && b.localVar(t.Name) != nil {
			return t.Name
		}
	}
	return ""
}

// operation returns the identity of the NSBlockOperation created by
// creation, and the queue it is added to: `[queue addOperation:creation]`
// or, when it is kept in a local variable, `[queue addOperation:local]`.
func (r *resolver) operation(b *Body, creation *objcparse.Expr) (string, Queue) {
	id := fmt.Sprintf("op@%d", creation.Pos)
	local := b.localHolding(creation)
	for _, s := range b.Facts.Sends {
		for _, op := range model.AddedOperations(s.Expr) {
			op = op.Unparen()
			if op == creation || local != "" && op.IsIdent(local) {
				return id, r.queue(b, s.Expr.X(), 0)
			}
		}
	}
	return id, Queue{}
}

// multiply decides whether several invocations of run's block execute at
// the same time: the queue runs blocks concurrently (a concurrent queue
// without a barrier, or a new queue per submission) and the block is
// submitted several times at once (in a loop, by a dispatch_apply, or from
// code that itself runs many times at once). A dispatch_sync waits, so a
// loop around it does not multiply it.
func multiply(run *Run) {
	q := run.Queue
	concurrentQueue := q.Kind == model.QueueConcurrent && !(run.Mode.Barrier() && !q.Global)
	parentMany := run.Parent != nil && run.Parent.Many
	switch {
	case run.Mode == model.ModeApply:
		if q.Kind == model.QueueConcurrent || q.Kind == model.QueueUnknown {
			run.Many, run.Why = true, "(its iterations run concurrently)"
		}
	case concurrentQueue && run.InLoop && !run.Mode.Waits():
		run.Many, run.Why = true, "inside a loop"
	case q.New && run.InLoop && !run.Mode.Waits():
		run.Many, run.Why = true, "inside a loop, each time on a new queue"
	case concurrentQueue && parentMany:
		run.Many, run.Why = true, "from a block that itself runs many times at once"
	case run.Op != "" && run.InLoop && run.API == "addExecutionBlock:":
		run.Many, run.Why = true, "inside a loop (the execution blocks of one NSBlockOperation run concurrently)"
	}
}

// collectLocks records the lock acquisitions and releases of the body.
func (b *Body) collectLocks() {
	b.locks = []lockEvent{}
	add := func(e *objcparse.Expr, scope int) {
		op, lock, ok := model.LockEvent(e)
		if !ok {
			return
		}
		b.locks = append(b.locks, lockEvent{op: op, key: b.lockKey(lock), scope: scope, pos: e.Pos})
	}
	for _, c := range b.Facts.Calls {
		add(c.Expr, c.Scope)
	}
	for _, s := range b.Facts.Sends {
		add(s.Expr, s.Scope)
	}
	sortLocks(b.locks)
}

// lockKey names a lock so that self.lock, _lock and self->_lock match.
func (b *Body) lockKey(e *objcparse.Expr) string {
	if key, ok := b.Storage.SelfKey(e); ok {
		return "self." + key
	}
	return objcparse.RenderExpr(e)
}

func sortLocks(ls []lockEvent) {
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].pos < ls[j-1].pos; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}
