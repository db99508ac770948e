package model

import (
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §6 "Concurrent contexts": which APIs run a block on which kind
// of queue, which queues run their blocks at the same time, and which calls
// acquire and release a lock. These are pure tables and small functions
// over expressions; rules/passes/concurrency applies them to method bodies
// and follows queues through the variables and properties they are kept in.

// QueueKind says whether a queue runs its blocks one at a time.
type QueueKind int

// Queue kinds (SEMANTICS §6).
const (
	// QueueUnknown: the analysis cannot tell.
	QueueUnknown QueueKind = iota
	// QueueMain: the main queue (serial, on the main thread).
	QueueMain
	// QueueSerial: a private serial queue, one block at a time in order.
	QueueSerial
	// QueueConcurrent: a queue that runs several blocks at once.
	QueueConcurrent
)

// String returns "unknown", "main", "serial" or "concurrent".
func (k QueueKind) String() string {
	switch k {
	case QueueMain:
		return "main"
	case QueueSerial:
		return "serial"
	case QueueConcurrent:
		return "concurrent"
	}
	return "unknown"
}

// DispatchMode says how a dispatch API runs its work.
type DispatchMode int

// Dispatch modes.
const (
	// ModeAsync submits the work and returns (dispatch_async, dispatch_after,
	// dispatch_group_async, dispatch_group_notify, addOperationWithBlock:).
	ModeAsync DispatchMode = iota + 1
	// ModeSync runs the work on the queue while the caller waits
	// (dispatch_sync, dispatch_async_and_wait).
	ModeSync
	// ModeBarrierAsync submits work that runs alone on a custom concurrent
	// queue (dispatch_barrier_async, addBarrierBlock:).
	ModeBarrierAsync
	// ModeBarrierSync is a barrier the caller waits for (dispatch_barrier_sync).
	ModeBarrierSync
	// ModeApply runs the work N times, concurrently unless the queue is
	// serial, and waits for all of them (dispatch_apply).
	ModeApply
	// ModeOnce runs the work at most once per process, on the caller's
	// thread (dispatch_once).
	ModeOnce
)

// String returns the mode's name as the dispatch API family spells it.
func (m DispatchMode) String() string {
	switch m {
	case ModeAsync:
		return "async"
	case ModeSync:
		return "sync"
	case ModeBarrierAsync:
		return "barrier async"
	case ModeBarrierSync:
		return "barrier sync"
	case ModeApply:
		return "apply"
	case ModeOnce:
		return "once"
	}
	return "unknown"
}

// Waits reports whether the caller waits until the work has run, so the
// work runs while the caller's locks are held and a loop around the call
// does not overlap its iterations.
func (m DispatchMode) Waits() bool {
	return m == ModeSync || m == ModeBarrierSync || m == ModeApply || m == ModeOnce
}

// Barrier reports whether the work runs alone on a custom concurrent queue.
func (m DispatchMode) Barrier() bool { return m == ModeBarrierAsync || m == ModeBarrierSync }

// A DispatchAPI describes a libdispatch function that runs work on a queue.
type DispatchAPI struct {
	Mode DispatchMode
	// Queue is the index of the queue argument, -1 when there is none.
	Queue int
	// Work is the index of the block argument, or of the C function for
	// the _f variants (Function set; its context argument comes before it).
	Work     int
	Function bool
}

// DispatchAPIs are the libdispatch functions that run work on a queue
// (SEMANTICS §6), by name.
var DispatchAPIs = map[string]DispatchAPI{
	"dispatch_async":                    {ModeAsync, 0, 1, false},
	"dispatch_async_f":                  {ModeAsync, 0, 2, true},
	"dispatch_after":                    {ModeAsync, 1, 2, false},
	"dispatch_after_f":                  {ModeAsync, 1, 3, true},
	"dispatch_group_async":              {ModeAsync, 1, 2, false},
	"dispatch_group_async_f":            {ModeAsync, 1, 3, true},
	"dispatch_group_notify":             {ModeAsync, 1, 2, false},
	"dispatch_group_notify_f":           {ModeAsync, 1, 3, true},
	"dispatch_sync":                     {ModeSync, 0, 1, false},
	"dispatch_sync_f":                   {ModeSync, 0, 2, true},
	"dispatch_async_and_wait":           {ModeSync, 0, 1, false},
	"dispatch_async_and_wait_f":         {ModeSync, 0, 2, true},
	"dispatch_barrier_async":            {ModeBarrierAsync, 0, 1, false},
	"dispatch_barrier_async_f":          {ModeBarrierAsync, 0, 2, true},
	"dispatch_barrier_sync":             {ModeBarrierSync, 0, 1, false},
	"dispatch_barrier_sync_f":           {ModeBarrierSync, 0, 2, true},
	"dispatch_barrier_async_and_wait":   {ModeBarrierSync, 0, 1, false},
	"dispatch_barrier_async_and_wait_f": {ModeBarrierSync, 0, 2, true},
	"dispatch_apply":                    {ModeApply, 1, 2, false},
	"dispatch_apply_f":                  {ModeApply, 1, 3, true},
	"dispatch_once":                     {ModeOnce, -1, 1, false},
	"dispatch_once_f":                   {ModeOnce, -1, 2, true},
}

// Dispatch reports whether call is one of DispatchAPIs.
func Dispatch(call *objcparse.Expr) (DispatchAPI, bool) {
	if call == nil || call.Kind != objcparse.ExprCall {
		return DispatchAPI{}, false
	}
	api, ok := DispatchAPIs[call.Name]
	return api, ok
}

// A Queue is what the model knows about the queue an expression yields.
type Queue struct {
	Kind QueueKind
	// Global is set for the global concurrent queues, where a barrier is an
	// ordinary async (libdispatch: "If the queue you pass to this function
	// is a serial queue or one of the global concurrent queues, this
	// function behaves like dispatch_async").
	Global bool
	// Operation is set for an NSOperationQueue.
	Operation bool
	// New is set when the expression creates a new queue every time it runs.
	New bool
	// Name is how messages name the queue: "the global concurrent queue",
	// "a serial queue (DISPATCH_QUEUE_SERIAL)".
	Name string
	// Why is the fact that decides Kind: "dispatch_get_global_queue",
	// "DISPATCH_QUEUE_CONCURRENT", "maxConcurrentOperationCount is not 1".
	Why string
}

// OperationQueueClass is Foundation's operation queue.
const OperationQueueClass = "NSOperationQueue"

// Env lets the model functions see past an identifier or a class name.
// Both fields may be nil.
type Env struct {
	// Value returns the single value an identifier holds (a local
	// variable's initializer), or nil.
	Value func(name string) *objcparse.Expr
	// KindOf is Index.IsKindOfAny: whether class is, or inherits from, one
	// of bases within the project.
	KindOf func(class string, bases []string) (string, bool)
}

func (env Env) value(e *objcparse.Expr) *objcparse.Expr {
	if e == nil || e.Kind != objcparse.ExprIdent || env.Value == nil {
		return nil
	}
	return env.Value(e.Name)
}

func (env Env) isKindOf(class, base string) bool {
	if class == base {
		return true
	}
	if env.KindOf == nil || class == "" {
		return false
	}
	_, ok := env.KindOf(class, []string{base})
	return ok
}

// QueueOf classifies an expression that yields a dispatch queue or an
// operation queue, when it is a queue getter or constructor (SEMANTICS §6):
//
//   - dispatch_get_global_queue(…), DISPATCH_APPLY_AUTO: concurrent;
//   - dispatch_get_main_queue(), [NSOperationQueue mainQueue]: main;
//   - dispatch_queue_create(label, attr), dispatch_queue_create_with_target:
//     a new queue whose kind QueueAttr decides;
//   - [[NSOperationQueue alloc] init], [NSOperationQueue new] (and project
//     subclasses): a new concurrent queue — its maxConcurrentOperationCount
//     defaults to NSOperationQueueDefaultMaxConcurrentOperationCount; the
//     caller applies OperationQueueWidth to settings of it.
//
// ok is false for any other expression (a variable, a property, a call the
// model does not know); the caller follows those.
func QueueOf(e *objcparse.Expr, env Env) (q Queue, ok bool) {
	e = e.Unparen()
	if e == nil {
		return Queue{}, false
	}
	switch e.Kind {
	case objcparse.ExprCall:
		switch e.Name {
		case "dispatch_get_global_queue":
			return Queue{Kind: QueueConcurrent, Global: true, Name: "the global concurrent queue", Why: "dispatch_get_global_queue"}, true
		case "dispatch_get_main_queue":
			return Queue{Kind: QueueMain, Name: "the main queue", Why: "dispatch_get_main_queue"}, true
		case "dispatch_queue_create", "dispatch_queue_create_with_target":
			var attr *objcparse.Expr
			if e.NumArgs() > 1 {
				attr = e.Arg(1)
			}
			k, why := QueueAttr(attr, env)
			q := Queue{Kind: k, New: true, Name: "a queue of unknown kind", Why: why}
			if k != QueueUnknown {
				q.Name = "a " + k.String() + " queue (" + why + ")"
			}
			return q, true
		}
	case objcparse.ExprIdent:
		if e.Name == "DISPATCH_APPLY_AUTO" {
			return Queue{Kind: QueueConcurrent, Global: true, Name: "the global concurrent queue (DISPATCH_APPLY_AUTO)", Why: "DISPATCH_APPLY_AUTO"}, true
		}
	case objcparse.ExprMember:
		if e.Name == "mainQueue" && e.X().IsIdent(OperationQueueClass) {
			return Queue{Kind: QueueMain, Operation: true, Name: "the main operation queue", Why: "mainQueue"}, true
		}
	case objcparse.ExprMessage:
		recv := e.X().Unparen()
		switch {
		case e.Name == "mainQueue" && recv.IsIdent(OperationQueueClass):
			return Queue{Kind: QueueMain, Operation: true, Name: "the main operation queue", Why: "mainQueue"}, true
		case e.Name == "new" && recv != nil && recv.Kind == objcparse.ExprIdent && env.isKindOf(recv.Name, OperationQueueClass),
			e.Name == "init" && recv != nil && recv.Kind == objcparse.ExprMessage && recv.Name == "alloc" &&
				recv.X().Unparen() != nil && recv.X().Unparen().Kind == objcparse.ExprIdent && env.isKindOf(recv.X().Unparen().Name, OperationQueueClass):
			return Queue{Kind: QueueConcurrent, Operation: true, New: true,
				Name: "an NSOperationQueue (maxConcurrentOperationCount is not 1)", Why: "maxConcurrentOperationCount is not 1"}, true
		}
	}
	return Queue{}, false
}

// serialAttrs and concurrentAttrs are the queue attribute constants.
var (
	serialAttrs = map[string]bool{
		"DISPATCH_QUEUE_SERIAL": true, "DISPATCH_QUEUE_SERIAL_INACTIVE": true,
		"DISPATCH_QUEUE_SERIAL_WITH_AUTORELEASE_POOL": true,
		"NULL": true, "nil": true, "nullptr": true,
	}
	concurrentAttrs = map[string]bool{
		"DISPATCH_QUEUE_CONCURRENT": true, "DISPATCH_QUEUE_CONCURRENT_INACTIVE": true,
		"DISPATCH_QUEUE_CONCURRENT_WITH_AUTORELEASE_POOL": true,
	}
	// attrWrappers derive an attribute from the one in their first argument.
	attrWrappers = map[string]bool{
		"dispatch_queue_attr_make_with_qos_class":             true,
		"dispatch_queue_attr_make_initially_inactive":         true,
		"dispatch_queue_attr_make_with_autorelease_frequency": true,
	}
)

// QueueAttr classifies the attribute argument of dispatch_queue_create
// (SEMANTICS §6): NULL, 0 and DISPATCH_QUEUE_SERIAL (and its variants) make
// a serial queue; DISPATCH_QUEUE_CONCURRENT (and variants) a concurrent
// one; dispatch_queue_attr_make_with_qos_class(attr, …) and the other
// dispatch_queue_attr_make_* functions keep the kind of their first
// argument. A variable is followed through env. why names the attribute.
func QueueAttr(attr *objcparse.Expr, env Env) (k QueueKind, why string) {
	for range 4 {
		attr = attr.Unparen()
		switch {
		case attr == nil:
			return QueueSerial, "no attribute"
		case attr.Kind == objcparse.ExprNumber && attr.Name == "0":
			return QueueSerial, "attribute 0"
		case attr.Kind == objcparse.ExprIdent && serialAttrs[attr.Name]:
			return QueueSerial, attr.Name
		case attr.Kind == objcparse.ExprIdent && concurrentAttrs[attr.Name]:
			return QueueConcurrent, attr.Name
		case attr.Kind == objcparse.ExprCall && attrWrappers[attr.Name] && attr.NumArgs() > 0:
			k, why := QueueAttr(attr.Arg(0), env)
			return k, attr.Name + "(" + why + ", …)"
		case attr.Kind == objcparse.ExprIdent:
			if v := env.value(attr); v != nil {
				attr = v
				continue
			}
		}
		return QueueUnknown, "attribute " + objcparse.RenderExpr(attr)
	}
	return QueueUnknown, "attribute " + objcparse.RenderExpr(attr)
}

// MaxConcurrentOperationCount is the NSOperationQueue property that limits
// how many operations run at once; SetMaxConcurrentOperationCount its setter.
const (
	MaxConcurrentOperationCount    = "maxConcurrentOperationCount"
	SetMaxConcurrentOperationCount = "setMaxConcurrentOperationCount:"
)

// OperationQueueWidth classifies a value assigned to an operation queue's
// maxConcurrentOperationCount (SEMANTICS §6): 1 makes the queue serial;
// a larger number, -1 or NSOperationQueueDefaultMaxConcurrentOperationCount
// keeps it concurrent; anything else is unknown.
func OperationQueueWidth(v *objcparse.Expr) QueueKind {
	v = v.Unparen()
	if v == nil {
		return QueueUnknown
	}
	if v.IsIdent("NSOperationQueueDefaultMaxConcurrentOperationCount") {
		return QueueConcurrent
	}
	text := literalText(v)
	n, err := strconv.ParseInt(strings.TrimRight(strings.ToLower(text), "ul"), 0, 64)
	switch {
	case err != nil || n == 0:
		return QueueUnknown
	case n == 1:
		return QueueSerial
	}
	return QueueConcurrent
}

// literalText returns the source text of a numeric or boolean literal,
// with a leading sign: "42", "-1", "YES"; "" for anything else.
func literalText(e *objcparse.Expr) string {
	e = e.Unparen()
	switch {
	case e == nil:
		return ""
	case e.Kind == objcparse.ExprNumber:
		return e.Name
	case e.Kind == objcparse.ExprUnary && (e.Name == "-" || e.Name == "+"):
		if t := literalText(e.X()); t != "" && t[0] != '-' && t[0] != '+' {
			return e.Name + t
		}
	case e.Kind == objcparse.ExprIdent:
		switch e.Name {
		case "YES", "NO", "true", "false":
			return e.Name
		}
	}
	return ""
}

// OperationRole says what a message does with the block it is given.
type OperationRole int

// Operation roles.
const (
	// OpQueueBlock: [queue addOperationWithBlock:^{…}]; the receiver is the queue.
	OpQueueBlock OperationRole = iota + 1
	// OpQueueBarrier: [queue addBarrierBlock:^{…}]: runs after every
	// operation added before it and before any added after it.
	OpQueueBarrier
	// OpCreate: [NSBlockOperation blockOperationWithBlock:^{…}]: a new operation.
	OpCreate
	// OpExecutionBlock: [operation addExecutionBlock:^{…}]: the blocks of
	// one NSBlockOperation run concurrently with each other (Foundation:
	// "the blocks … are executed concurrently").
	OpExecutionBlock
)

// BlockOperationClass is Foundation's block operation.
const BlockOperationClass = "NSBlockOperation"

// OperationBlock reports whether the message send e hands its block
// argument (index 0) to an operation or an operation queue.
func OperationBlock(e *objcparse.Expr, env Env) (OperationRole, bool) {
	if e == nil || e.Kind != objcparse.ExprMessage || e.NumArgs() == 0 {
		return 0, false
	}
	switch e.Name {
	case "addOperationWithBlock:":
		return OpQueueBlock, true
	case "addBarrierBlock:":
		return OpQueueBarrier, true
	case "addExecutionBlock:":
		return OpExecutionBlock, true
	case "blockOperationWithBlock:":
		if r := e.X().Unparen(); r != nil && r.Kind == objcparse.ExprIdent && env.isKindOf(r.Name, BlockOperationClass) {
			return OpCreate, true
		}
	}
	return 0, false
}

// AddedOperations returns the operations that [queue addOperation:op] or
// [queue addOperations:@[…] waitUntilFinished:…] adds to the receiver.
func AddedOperations(e *objcparse.Expr) []*objcparse.Expr {
	if e == nil || e.Kind != objcparse.ExprMessage || e.NumArgs() == 0 {
		return nil
	}
	switch e.Name {
	case "addOperation:":
		return []*objcparse.Expr{e.Arg(0)}
	case "addOperations:waitUntilFinished:":
		if a := e.Arg(0).Unparen(); a != nil && a.Kind == objcparse.ExprArray {
			return a.ArgList()
		}
		return []*objcparse.Expr{e.Arg(0)}
	}
	return nil
}

// EnumerationConcurrentOption is the NSEnumerationOptions flag that runs
// the iterations of an enumeration concurrently.
const EnumerationConcurrentOption = "NSEnumerationConcurrent"

// Enumeration reports whether the message send e calls its block argument
// synchronously, before it returns (enumerate…UsingBlock:, …PassingTest:,
// …UsingComparator:), and whether the iterations run concurrently because
// an options argument includes NSEnumerationConcurrent.
func Enumeration(e *objcparse.Expr) (concurrent, ok bool) {
	if e == nil || e.Kind != objcparse.ExprMessage {
		return false, false
	}
	sel := e.Name
	if !(strings.HasPrefix(sel, "enumerate") && strings.HasSuffix(sel, "Block:")) &&
		!strings.Contains(sel, "PassingTest:") && !strings.Contains(sel, "UsingComparator:") {
		return false, false
	}
	for i, kw := range strings.SplitAfter(strings.TrimSuffix(sel, ":"), ":") {
		kw = strings.TrimSuffix(kw, ":")
		if (kw == "options" || strings.HasSuffix(kw, "WithOptions")) && i < e.NumArgs() && mentions(e.Arg(i), EnumerationConcurrentOption) {
			return true, true
		}
	}
	return false, true
}

// mentions reports whether the identifier name occurs in e.
func mentions(e *objcparse.Expr, name string) bool {
	if e == nil {
		return false
	}
	if e.Kind == objcparse.ExprIdent && e.Name == name {
		return true
	}
	if mentions(e.X(), name) {
		return true
	}
	for _, a := range e.Args() {
		if mentions(a, name) {
			return true
		}
	}
	return false
}

// LockOp says whether a call acquires or releases a lock.
type LockOp int

// Lock operations.
const (
	LockAcquire LockOp = iota + 1
	LockRelease
)

// LockFunctions are the C functions that take or drop the exclusive lock
// passed as their first argument (SEMANTICS §6: code between them does not
// run concurrently with other code holding the same lock). A semaphore
// waited on and signalled around a region is used as a lock. Read locks
// (pthread_rwlock_rdlock) are missing on purpose: two writers can hold them
// at once.
var LockFunctions = map[string]LockOp{
	"os_unfair_lock_lock":              LockAcquire,
	"os_unfair_lock_lock_with_options": LockAcquire,
	"os_unfair_lock_trylock":           LockAcquire,
	"os_unfair_lock_unlock":            LockRelease,
	"pthread_mutex_lock":               LockAcquire,
	"pthread_mutex_trylock":            LockAcquire,
	"pthread_mutex_unlock":             LockRelease,
	"pthread_rwlock_wrlock":            LockAcquire,
	"pthread_rwlock_trywrlock":         LockAcquire,
	"pthread_rwlock_unlock":            LockRelease,
	"OSSpinLockLock":                   LockAcquire,
	"OSSpinLockTry":                    LockAcquire,
	"OSSpinLockUnlock":                 LockRelease,
	"dispatch_semaphore_wait":          LockAcquire,
	"dispatch_semaphore_signal":        LockRelease,
}

// LockSelectors are the NSLocking messages (NSLock, NSRecursiveLock,
// NSCondition, NSConditionLock and any class adopting the protocol) that
// take or drop the receiver's lock.
var LockSelectors = map[string]LockOp{
	"lock":                          LockAcquire,
	"tryLock":                       LockAcquire,
	"lockBeforeDate:":               LockAcquire,
	"lockWhenCondition:":            LockAcquire,
	"lockWhenCondition:beforeDate:": LockAcquire,
	"tryLockWhenCondition:":         LockAcquire,
	"unlock":                        LockRelease,
	"unlockWithCondition:":          LockRelease,
}

// LockClasses are Foundation's lock classes.
var LockClasses = []string{"NSLock", "NSRecursiveLock", "NSCondition", "NSConditionLock"}

// LockEvent reports whether e (a call or a message send) acquires or
// releases a lock, and returns the expression naming the lock: the first
// argument of a C lock function without its `&`, or the receiver of an
// NSLocking message.
func LockEvent(e *objcparse.Expr) (op LockOp, lock *objcparse.Expr, ok bool) {
	switch {
	case e == nil:
	case e.Kind == objcparse.ExprCall:
		if op, ok := LockFunctions[e.Name]; ok && e.NumArgs() > 0 {
			a := e.Arg(0).Unparen()
			if a != nil && a.Kind == objcparse.ExprUnary && a.Name == "&" {
				a = a.X().Unparen()
			}
			return op, a, a != nil
		}
	case e.Kind == objcparse.ExprMessage:
		if op, ok := LockSelectors[e.Name]; ok && e.X() != nil && !e.X().IsIdent("super") {
			return op, e.X().Unparen(), true
		}
	}
	return 0, nil, false
}
