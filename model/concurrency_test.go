package model

import (
	"go/token"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

// exprOf parses src as an Objective-C expression (the value of an
// assignment inside a function) and returns it.
func exprOf(t *testing.T, src string) *objcparse.Expr {
	t.Helper()
	p := objcparse.NewParser()
	defer p.Close()
	code := "void f(void) {\n__v = " + src + ";\n}\n"
	f, err := p.Parse(token.NewFileSet(), "expr.m", []byte(code), objcparse.Options{})
	if err != nil || len(f.Errors) > 0 || len(f.Functions) != 1 || f.Functions[0].Body == nil {
		t.Fatalf("parsing %q: %v (errors %v)", src, err, f.Errors)
	}
	for _, a := range f.Functions[0].Body.Assigns {
		if a.Target().IsIdent("__v") {
			return a.Value()
		}
	}
	t.Fatalf("parsing %q: no assignment found", src)
	return nil
}

// TestDispatchAPIs checks every entry of the SEMANTICS §6 dispatch table
// against the function's signature as libdispatch declares it: the queue
// and the work sit at the recorded argument indexes.
func TestDispatchAPIs(t *testing.T) {
	calls := map[string]string{
		"dispatch_async":                    "dispatch_async(q, ^{})",
		"dispatch_async_f":                  "dispatch_async_f(q, ctx, work)",
		"dispatch_after":                    "dispatch_after(when, q, ^{})",
		"dispatch_after_f":                  "dispatch_after_f(when, q, ctx, work)",
		"dispatch_group_async":              "dispatch_group_async(group, q, ^{})",
		"dispatch_group_async_f":            "dispatch_group_async_f(group, q, ctx, work)",
		"dispatch_group_notify":             "dispatch_group_notify(group, q, ^{})",
		"dispatch_group_notify_f":           "dispatch_group_notify_f(group, q, ctx, work)",
		"dispatch_sync":                     "dispatch_sync(q, ^{})",
		"dispatch_sync_f":                   "dispatch_sync_f(q, ctx, work)",
		"dispatch_async_and_wait":           "dispatch_async_and_wait(q, ^{})",
		"dispatch_async_and_wait_f":         "dispatch_async_and_wait_f(q, ctx, work)",
		"dispatch_barrier_async":            "dispatch_barrier_async(q, ^{})",
		"dispatch_barrier_async_f":          "dispatch_barrier_async_f(q, ctx, work)",
		"dispatch_barrier_sync":             "dispatch_barrier_sync(q, ^{})",
		"dispatch_barrier_sync_f":           "dispatch_barrier_sync_f(q, ctx, work)",
		"dispatch_barrier_async_and_wait":   "dispatch_barrier_async_and_wait(q, ^{})",
		"dispatch_barrier_async_and_wait_f": "dispatch_barrier_async_and_wait_f(q, ctx, work)",
		"dispatch_apply":                    "dispatch_apply(n, q, ^(size_t i){})",
		"dispatch_apply_f":                  "dispatch_apply_f(n, q, ctx, work)",
		"dispatch_once":                     "dispatch_once(&token, ^{})",
		"dispatch_once_f":                   "dispatch_once_f(&token, ctx, work)",
	}
	if len(calls) != len(DispatchAPIs) {
		t.Errorf("%d sample calls for %d table entries", len(calls), len(DispatchAPIs))
	}
	for name, src := range calls {
		e := exprOf(t, src)
		api, ok := Dispatch(e)
		if !ok {
			t.Errorf("Dispatch(%s) not recognized", src)
			continue
		}
		if api.Queue >= 0 && !e.Arg(api.Queue).IsIdent("q") {
			t.Errorf("%s: queue argument %d is %s", name, api.Queue, objcparse.RenderExpr(e.Arg(api.Queue)))
		}
		if api.Queue < 0 && api.Mode != ModeOnce {
			t.Errorf("%s: no queue argument", name)
		}
		work := e.Arg(api.Work)
		if api.Function != strings.HasSuffix(name, "_f") {
			t.Errorf("%s: Function = %v", name, api.Function)
		}
		if api.Function && (!work.IsIdent("work") || !e.Arg(api.Work-1).IsIdent("ctx")) {
			t.Errorf("%s: work %s at %d", name, objcparse.RenderExpr(work), api.Work)
		}
		if !api.Function && work.Kind != objcparse.ExprBlock {
			t.Errorf("%s: argument %d is %s, not the block", name, api.Work, objcparse.RenderExpr(work))
		}
	}
	if _, ok := Dispatch(exprOf(t, "dispatch_queue_create(\"x\", NULL)")); ok {
		t.Error("dispatch_queue_create is not a dispatch API")
	}
	for m, want := range map[DispatchMode][2]bool{
		ModeAsync: {false, false}, ModeSync: {true, false}, ModeBarrierAsync: {false, true},
		ModeBarrierSync: {true, true}, ModeApply: {true, false}, ModeOnce: {true, false},
	} {
		if m.Waits() != want[0] || m.Barrier() != want[1] || m.String() == "unknown" {
			t.Errorf("%v: Waits %v Barrier %v", m, m.Waits(), m.Barrier())
		}
	}
}

// TestQueueOf covers the SEMANTICS §6 queue sources and attributes.
func TestQueueOf(t *testing.T) {
	locals := map[string]string{
		"attr":       "dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_CONCURRENT, QOS_CLASS_UTILITY, 0)",
		"serialAttr": "dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_SERIAL, QOS_CLASS_UTILITY, 0)",
	}
	env := Env{
		Value: func(name string) *objcparse.Expr {
			if src, ok := locals[name]; ok {
				return exprOf(t, src)
			}
			return nil
		},
		KindOf: func(class string, bases []string) (string, bool) {
			if class == "PHWorkQueue" && bases[0] == OperationQueueClass {
				return OperationQueueClass, true
			}
			return "", false
		},
	}
	for _, tc := range []struct {
		src    string
		ok     bool
		kind   QueueKind
		global bool
		op     bool
		isNew  bool
		name   string
	}{
		{"dispatch_get_global_queue(DISPATCH_QUEUE_PRIORITY_DEFAULT, 0)", true, QueueConcurrent, true, false, false, "the global concurrent queue"},
		{"dispatch_get_global_queue(0, 0)", true, QueueConcurrent, true, false, false, "global"},
		{"DISPATCH_APPLY_AUTO", true, QueueConcurrent, true, false, false, "DISPATCH_APPLY_AUTO"},
		{"dispatch_get_main_queue()", true, QueueMain, false, false, false, "the main queue"},
		{`dispatch_queue_create("a", NULL)`, true, QueueSerial, false, false, true, "a serial queue (NULL)"},
		{`dispatch_queue_create("a", 0)`, true, QueueSerial, false, false, true, "attribute 0"},
		{`dispatch_queue_create("a", DISPATCH_QUEUE_SERIAL)`, true, QueueSerial, false, false, true, "DISPATCH_QUEUE_SERIAL"},
		{`dispatch_queue_create("a", DISPATCH_QUEUE_CONCURRENT)`, true, QueueConcurrent, false, false, true, "a concurrent queue (DISPATCH_QUEUE_CONCURRENT)"},
		{`dispatch_queue_create("a", dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_CONCURRENT, QOS_CLASS_BACKGROUND, 0))`, true, QueueConcurrent, false, false, true, "qos_class(DISPATCH_QUEUE_CONCURRENT"},
		{`dispatch_queue_create("a", dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_SERIAL, QOS_CLASS_BACKGROUND, 0))`, true, QueueSerial, false, false, true, "DISPATCH_QUEUE_SERIAL"},
		{`dispatch_queue_create("a", dispatch_queue_attr_make_initially_inactive(DISPATCH_QUEUE_CONCURRENT))`, true, QueueConcurrent, false, false, true, "inactive"},
		{`dispatch_queue_create("a", attr)`, true, QueueConcurrent, false, false, true, "CONCURRENT"},
		{`dispatch_queue_create("a", serialAttr)`, true, QueueSerial, false, false, true, "SERIAL"},
		{`dispatch_queue_create("a", someAttr)`, true, QueueUnknown, false, false, true, "unknown"},
		{`dispatch_queue_create_with_target("a", DISPATCH_QUEUE_CONCURRENT, target)`, true, QueueConcurrent, false, false, true, "concurrent"},
		{"[NSOperationQueue mainQueue]", true, QueueMain, false, true, false, "main operation queue"},
		{"NSOperationQueue.mainQueue", true, QueueMain, false, true, false, "main operation queue"},
		{"[[NSOperationQueue alloc] init]", true, QueueConcurrent, false, true, true, "maxConcurrentOperationCount is not 1"},
		{"[NSOperationQueue new]", true, QueueConcurrent, false, true, true, "NSOperationQueue"},
		{"[[PHWorkQueue alloc] init]", true, QueueConcurrent, false, true, true, "NSOperationQueue"},
		{"[[NSObject alloc] init]", false, 0, false, false, false, ""},
		{"[NSOperationQueue currentQueue]", false, 0, false, false, false, ""},
		{"dispatch_get_current_queue()", false, 0, false, false, false, ""},
		{"self.queue", false, 0, false, false, false, ""},
		{"_queue", false, 0, false, false, false, ""},
	} {
		q, ok := QueueOf(exprOf(t, tc.src), env)
		if ok && q.Why == "" {
			t.Errorf("QueueOf(%s): no Why", tc.src)
		}
		if ok != tc.ok || q.Kind != tc.kind || q.Global != tc.global || q.Operation != tc.op || q.New != tc.isNew || !strings.Contains(q.Name, tc.name) {
			t.Errorf("QueueOf(%s) = %+v, %v; want kind %v global %v op %v new %v name ~%q ok %v",
				tc.src, q, ok, tc.kind, tc.global, tc.op, tc.isNew, tc.name, tc.ok)
		}
	}
}

func TestOperationQueueWidth(t *testing.T) {
	for src, want := range map[string]QueueKind{
		"1": QueueSerial, "(1)": QueueSerial, "1L": QueueSerial, "4": QueueConcurrent, "-1": QueueConcurrent,
		"NSOperationQueueDefaultMaxConcurrentOperationCount": QueueConcurrent,
		"count": QueueUnknown, "0": QueueUnknown, "[self width]": QueueUnknown,
	} {
		if got := OperationQueueWidth(exprOf(t, src)); got != want {
			t.Errorf("OperationQueueWidth(%s) = %v, want %v", src, got, want)
		}
	}
	if OperationQueueWidth(nil) != QueueUnknown {
		t.Error("nil width")
	}
}

func TestOperationAPIs(t *testing.T) {
	env := Env{}
	for src, want := range map[string]OperationRole{
		"[queue addOperationWithBlock:^{}]":                 OpQueueBlock,
		"[self.queue addBarrierBlock:^{}]":                  OpQueueBarrier,
		"[NSBlockOperation blockOperationWithBlock:^{}]":    OpCreate,
		"[op addExecutionBlock:^{}]":                        OpExecutionBlock,
		"[MyOperation blockOperationWithBlock:^{}]":         0,
		"[queue addOperation:op]":                           0,
		"[queue performSelector:@selector(x) withObject:y]": 0,
	} {
		got, ok := OperationBlock(exprOf(t, src), env)
		if got != want || ok != (want != 0) {
			t.Errorf("OperationBlock(%s) = %v, %v; want %v", src, got, ok, want)
		}
	}
	for src, want := range map[string]string{
		"[queue addOperation:op]":                                             "op",
		"[queue addOperations:@[a, b] waitUntilFinished:NO]":                  "a b",
		"[queue addOperations:ops waitUntilFinished:YES]":                     "ops",
		"[queue addOperationWithBlock:^{}]":                                   "",
		"[queue addOperation:[NSBlockOperation blockOperationWithBlock:^{}]]": "[NSBlockOperation blockOperationWithBlock:^block0]",
	} {
		var got []string
		for _, e := range AddedOperations(exprOf(t, src)) {
			got = append(got, objcparse.RenderExpr(e))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("AddedOperations(%s) = %q, want %q", src, got, want)
		}
	}
}

func TestEnumeration(t *testing.T) {
	for _, tc := range []struct {
		src            string
		concurrent, ok bool
	}{
		{"[items enumerateObjectsUsingBlock:^(id o, NSUInteger i, BOOL *stop){}]", false, true},
		{"[items enumerateObjectsWithOptions:NSEnumerationConcurrent usingBlock:^(id o, NSUInteger i, BOOL *stop){}]", true, true},
		{"[items enumerateObjectsWithOptions:NSEnumerationConcurrent | NSEnumerationReverse usingBlock:^(id o, NSUInteger i, BOOL *stop){}]", true, true},
		{"[items enumerateObjectsWithOptions:NSEnumerationReverse usingBlock:^(id o, NSUInteger i, BOOL *stop){}]", false, true},
		{"[d enumerateKeysAndObjectsWithOptions:NSEnumerationConcurrent usingBlock:^(id k, id v, BOOL *stop){}]", true, true},
		{"[set enumerateIndexesInRange:r options:NSEnumerationConcurrent usingBlock:^(NSUInteger i, BOOL *stop){}]", true, true},
		{"[items indexesOfObjectsPassingTest:^BOOL(id o, NSUInteger i, BOOL *stop){ return YES; }]", false, true},
		{"[items sortedArrayUsingComparator:^NSComparisonResult(id a, id b){ return NSOrderedSame; }]", false, true},
		{"[queue addOperationWithBlock:^{}]", false, false},
	} {
		c, ok := Enumeration(exprOf(t, tc.src))
		if c != tc.concurrent || ok != tc.ok {
			t.Errorf("Enumeration(%s) = %v, %v; want %v, %v", tc.src, c, ok, tc.concurrent, tc.ok)
		}
	}
}

// TestLockEvent covers the SEMANTICS §6 lock APIs ("code inside
// @synchronized/a lock" is not concurrent).
func TestLockEvent(t *testing.T) {
	for _, tc := range []struct {
		src  string
		op   LockOp
		lock string
	}{
		{"[self.lock lock]", LockAcquire, "self.lock"},
		{"[_lock unlock]", LockRelease, "_lock"},
		{"[lock tryLock]", LockAcquire, "lock"},
		{"[cond lockWhenCondition:1]", LockAcquire, "cond"},
		{"[cond unlockWithCondition:0]", LockRelease, "cond"},
		{"os_unfair_lock_lock(&_lock)", LockAcquire, "_lock"},
		{"os_unfair_lock_unlock(&self->_lock)", LockRelease, "self->_lock"},
		{"pthread_mutex_lock(&mutex)", LockAcquire, "mutex"},
		{"pthread_mutex_unlock(&mutex)", LockRelease, "mutex"},
		{"pthread_rwlock_wrlock(&rw)", LockAcquire, "rw"},
		{"pthread_rwlock_rdlock(&rw)", 0, ""},
		{"dispatch_semaphore_wait(_sem, DISPATCH_TIME_FOREVER)", LockAcquire, "_sem"},
		{"dispatch_semaphore_signal(self.sem)", LockRelease, "self.sem"},
		{"OSSpinLockLock(&spin)", LockAcquire, "spin"},
		{"[super lock]", 0, ""},
		{"[self.view layoutIfNeeded]", 0, ""},
	} {
		op, lock, ok := LockEvent(exprOf(t, tc.src))
		if op != tc.op || ok != (tc.op != 0) || (ok && objcparse.RenderExpr(lock) != tc.lock) {
			t.Errorf("LockEvent(%s) = %v, %s, %v; want %v, %s", tc.src, op, objcparse.RenderExpr(lock), ok, tc.op, tc.lock)
		}
	}
}
