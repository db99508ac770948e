package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

func num(text string) *objcparse.Expr { return &objcparse.Expr{Kind: objcparse.ExprNumber, Name: text} }

func block() *objcparse.Expr { return &objcparse.Expr{Kind: objcparse.ExprBlock} }

func sel(name string) *objcparse.Expr {
	return &objcparse.Expr{Kind: objcparse.ExprSelector, Name: name}
}

func member(x *objcparse.Expr, name string) *objcparse.Expr {
	return objcparse.NewExpr(&objcparse.ExprNode{Kind: objcparse.ExprMember, X: x.Node(), Name: name})
}

func call(name string, args ...*objcparse.Expr) *objcparse.Expr {
	return objcparse.NewExpr(&objcparse.ExprNode{Kind: objcparse.ExprCall, Name: name, Args: nodes(args)})
}

// TestTimerCreated follows SEMANTICS §4: which APIs make a timer, display
// link, thread or delayed perform, which argument is the retained target,
// whether they schedule themselves and whether they repeat.
func TestTimerCreated(t *testing.T) {
	self, nilE := ident("self"), ident("nil")
	kindOf := func(class string, bases []string) (string, bool) {
		if class == "PHTimer" && bases[0] == "NSTimer" {
			return "NSTimer", true
		}
		return "", false
	}
	for _, tc := range []struct {
		name      string
		e         *objcparse.Expr
		kind      TimerKind
		scheduled bool
		target    string // identifier the target is, "" for none
		repeats   Repeat
		block     bool
		action    string
	}{
		{"scheduled target", send(ident("NSTimer"), "scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:", num("1"), self, sel("tick"), nilE, ident("YES")), Timer, true, "self", RepeatYes, false, "tick"},
		{"unscheduled target", send(ident("NSTimer"), "timerWithTimeInterval:target:selector:userInfo:repeats:", num("1"), ident("weakSelf"), sel("tick"), nilE, ident("NO")), Timer, false, "weakSelf", RepeatNo, false, "tick"},
		{"alloc initWithFireDate", send(send(ident("NSTimer"), "alloc"), "initWithFireDate:interval:target:selector:userInfo:repeats:", nilE, num("1"), self, sel("tick:"), nilE, num("1")), Timer, false, "self", RepeatYes, false, "tick:"},
		{"block scheduled", send(ident("NSTimer"), "scheduledTimerWithTimeInterval:repeats:block:", num("1"), ident("true"), block()), Timer, true, "", RepeatYes, true, ""},
		{"block unscheduled, repeats unknown", send(ident("NSTimer"), "timerWithTimeInterval:repeats:block:", num("1"), ident("repeats"), block()), Timer, false, "", RepeatUnknown, true, ""},
		{"block init", send(send(ident("NSTimer"), "alloc"), "initWithFireDate:interval:repeats:block:", nilE, num("1"), ident("FALSE"), block()), Timer, false, "", RepeatNo, true, ""},
		{"display link repeats by nature", send(ident("CADisplayLink"), "displayLinkWithTarget:selector:", self, sel("step:")), DisplayLink, false, "self", RepeatYes, false, "step:"},
		{"thread", send(send(ident("NSThread"), "alloc"), "initWithTarget:selector:object:", self, sel("run"), nilE), Thread, false, "self", RepeatUnknown, false, "run"},
		{"detached thread", send(ident("NSThread"), "detachNewThreadSelector:toTarget:withObject:", sel("run"), self, nilE), Thread, false, "self", RepeatUnknown, false, "run"},
		{"delayed perform retains the receiver", send(self, "performSelector:withObject:afterDelay:", sel("go"), nilE, num("2")), DelayedPerform, false, "self", RepeatUnknown, false, "go"},
		{"project subclass", send(ident("PHTimer"), "scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:", num("1"), self, sel("t"), nilE, ident("YES")), Timer, true, "self", RepeatYes, false, "t"},
		{"category block timer (YYKit shape)", send(ident("NSTimer"), "scheduledTimerWithTimeInterval:block:repeats:", num("1"), block(), ident("YES")), Timer, true, "", RepeatYes, true, ""},
		{"category block timer, prefixed", send(ident("NSTimer"), "bk_timerWithTimeInterval:block:repeats:", num("1"), block(), ident("NO")), Timer, false, "", RepeatNo, true, ""},
		{"not a timer class", send(ident("NSObject"), "scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:", num("1"), self, sel("t"), nilE, ident("YES")), 0, false, "", 0, false, ""},
		{"instance receiver for a class factory", send(ident("timer"), "timerWithTimeInterval:target:selector:userInfo:repeats:", num("1"), self, sel("t"), nilE, ident("YES")), 0, false, "", 0, false, ""},
		{"init without alloc", send(ident("NSTimer"), "initWithFireDate:interval:target:selector:userInfo:repeats:", nilE, num("1"), self, sel("t"), nilE, ident("YES")), 0, false, "", 0, false, ""},
		{"unrelated", send(self, "reload"), 0, false, "", 0, false, ""},
	} {
		c, ok := TimerCreated(tc.e, kindOf)
		if ok != (tc.kind != 0) {
			t.Errorf("%s: TimerCreated ok = %v", tc.name, ok)
			continue
		}
		if !ok {
			continue
		}
		if c.Kind != tc.kind || c.Scheduled != tc.scheduled || c.Repeats != tc.repeats || (c.Block != nil) != tc.block || c.Action != tc.action {
			t.Errorf("%s: got kind %v scheduled %v repeats %v block %v action %q", tc.name, c.Kind, c.Scheduled, c.Repeats, c.Block != nil, c.Action)
		}
		if (tc.target == "" && c.Target != nil) || (tc.target != "" && !c.Target.IsIdent(tc.target)) {
			t.Errorf("%s: target %+v, want %q", tc.name, c.Target, tc.target)
		}
	}
	if _, ok := TimerCreated(nil, nil); ok {
		t.Error("TimerCreated(nil) reported a timer")
	}
}

func TestTimerKindsAndRepeats(t *testing.T) {
	// SEMANTICS §4: timers and display links hold their target until
	// invalidated; threads and delayed performs only until they have run.
	for k, want := range map[TimerKind]bool{Timer: true, DisplayLink: true, Thread: false, DelayedPerform: false, 0: false} {
		if k.Lasting() != want {
			t.Errorf("%v.Lasting() = %v", k, !want)
		}
	}
	for _, tc := range []struct {
		e    *objcparse.Expr
		want Repeat
	}{
		{ident("YES"), RepeatYes}, {ident("true"), RepeatYes}, {num("1"), RepeatYes}, {num("0x1"), RepeatYes},
		{ident("NO"), RepeatNo}, {ident("false"), RepeatNo}, {num("0"), RepeatNo},
		{ident("repeats"), RepeatUnknown}, {send(self(), "repeats"), RepeatUnknown}, {nil, RepeatUnknown},
	} {
		if got := RepeatsValue(tc.e); got != tc.want {
			t.Errorf("RepeatsValue(%+v) = %v, want %v", tc.e, got, tc.want)
		}
	}
	if RepeatNo.MayRepeat() || !RepeatYes.MayRepeat() || !RepeatUnknown.MayRepeat() {
		t.Error("MayRepeat: only NO is known not to repeat")
	}
}

func self() *objcparse.Expr { return ident("self") }

func TestTimerCategoryFactory(t *testing.T) {
	for _, tc := range []struct {
		sel                string
		ok, scheduled      bool
		blockAt, repeatsAt int
	}{
		{"scheduledTimerWithTimeInterval:block:repeats:", true, true, 1, 2},
		{"bk_scheduledTimerWithTimeInterval:block:repeats:", true, true, 1, 2},
		{"timerWithTimeInterval:repeats:usingBlock:", true, false, 2, 1},
		{"scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:", false, false, -1, -1},
		{"block:", false, false, -1, -1},
		{"repeats", false, false, -1, -1},
	} {
		ok, sch, b, r := TimerCategoryFactory(tc.sel)
		if ok != tc.ok || sch != tc.scheduled || b != tc.blockAt || r != tc.repeatsAt {
			t.Errorf("TimerCategoryFactory(%q) = %v %v %d %d", tc.sel, ok, sch, b, r)
		}
	}
}

// TestSchedulingAndInvalidation: a timer is scheduled by the run loop's
// addTimer:forMode: (or CFRunLoopAddTimer), a display link by its own
// addToRunLoop:forMode:; invalidate stops both, removeFromRunLoop:forMode:
// only a display link (SEMANTICS §4).
func TestSchedulingAndInvalidation(t *testing.T) {
	tm, link := ident("t"), ident("link")
	runLoop := send(ident("NSRunLoop"), "mainRunLoop")
	if h, k, ok := Schedules(send(runLoop, "addTimer:forMode:", tm, ident("NSRunLoopCommonModes"))); !ok || k != Timer || !sameExpr(h, tm) {
		t.Errorf("addTimer:forMode: = %v %v %v", h, k, ok)
	}
	if h, k, ok := Schedules(send(link, "addToRunLoop:forMode:", runLoop, ident("m"))); !ok || k != DisplayLink || !sameExpr(h, link) {
		t.Errorf("addToRunLoop:forMode: = %v %v %v", h, k, ok)
	}
	if _, _, ok := Schedules(send(tm, "fire")); ok {
		t.Error("fire schedules nothing")
	}
	if h, ok := SchedulesCall(call("CFRunLoopAddTimer", ident("rl"), tm, ident("mode"))); !ok || !sameExpr(h, tm) {
		t.Errorf("CFRunLoopAddTimer = %v %v", h, ok)
	}
	if _, ok := SchedulesCall(call("CFRunLoopAddSource", ident("rl"), tm, ident("mode"))); ok {
		t.Error("CFRunLoopAddSource is no timer scheduling")
	}
	for _, tc := range []struct {
		name string
		kind TimerKind
		e    *objcparse.Expr
		held *objcparse.Expr
	}{
		{"invalidate timer", Timer, send(member(self(), "timer"), "invalidate"), nil},
		{"invalidate link", DisplayLink, send(link, "invalidate"), link},
		{"remove link from run loop", DisplayLink, send(link, "removeFromRunLoop:forMode:", runLoop, ident("m")), link},
		{"removeFromRunLoop is not for timers", Timer, send(tm, "removeFromRunLoop:forMode:", runLoop, ident("m")), nil},
		{"pausing is no invalidation", DisplayLink, send(link, "setPaused:", ident("YES")), nil},
	} {
		h, ok := TimerInvalidates(tc.kind, tc.e)
		want := tc.held != nil || tc.name == "invalidate timer"
		if ok != want || (tc.held != nil && !sameExpr(h, tc.held)) {
			t.Errorf("%s: TimerInvalidates = %v %v", tc.name, h, ok)
		}
	}
	if h, ok := TimerInvalidatesCall(call("CFRunLoopTimerInvalidate", tm)); !ok || !sameExpr(h, tm) {
		t.Errorf("CFRunLoopTimerInvalidate = %v %v", h, ok)
	}
	if h, ok := TimerInvalidatesCall(call("CFRunLoopRemoveTimer", ident("rl"), tm, ident("m"))); !ok || !sameExpr(h, tm) {
		t.Errorf("CFRunLoopRemoveTimer = %v %v", h, ok)
	}
}

// TestInvalidationCounts: "[self.timer invalidate] in the target's own
// -dealloc never runs, so it fixes nothing" (SEMANTICS §4); any other
// instance method can be called.
func TestInvalidationCounts(t *testing.T) {
	for _, tc := range []struct {
		sel   string
		class bool
		want  bool
	}{
		{"dealloc", false, false}, {"finalize", false, false},
		{"viewWillDisappear:", false, true}, {"didMoveToParentViewController:", false, true},
		{"didMoveToWindow", false, true}, {"removeFromSuperview", false, true}, {"stop", false, true},
		{"stop", true, false}, {"", false, false},
	} {
		if got := InvalidationCounts(tc.sel, tc.class); got != tc.want {
			t.Errorf("InvalidationCounts(%q, %v) = %v", tc.sel, tc.class, got)
		}
	}
	for sel := range LifecycleStop {
		if !InvalidationCounts(sel, false) {
			t.Errorf("lifecycle method %s must count", sel)
		}
	}
}

// TestWeakProxies: the proxy fix of SEMANTICS §4 is an NSProxy subclass
// or wrapper that holds the real target weak.
func TestWeakProxies(t *testing.T) {
	for name, want := range map[string]bool{"YYWeakProxy": true, "MyWeakProxy": true, "PHWeakTarget": true, "PHForwarder": false, "": false} {
		if LooksLikeWeakProxy(name) != want {
			t.Errorf("LooksLikeWeakProxy(%q) = %v", name, !want)
		}
	}
	weakProp := &objcparse.Property{Name: "target", Type: objcparse.Type{Name: "id", Object: true}, Attrs: []string{"nonatomic", "weak"}}
	strongProp := &objcparse.Property{Name: "target", Type: objcparse.Type{Name: "id", Object: true}, Attrs: []string{"nonatomic", "strong"}}
	assignProp := &objcparse.Property{Name: "target", Type: objcparse.Type{Name: "id", Object: true}, Attrs: []string{"assign"}}
	plainProp := &objcparse.Property{Name: "target", Type: objcparse.Type{Name: "id", Object: true}}
	weakIvar := &objcparse.Ivar{Name: "_target", Type: objcparse.Type{Name: "id", Object: true}.WithQualifiers([]string{"__weak"})}
	for _, tc := range []struct {
		name string
		d    *objcparse.ClassDecl
		mem  Memory
		want string
	}{
		{"weak property", &objcparse.ClassDecl{Properties: []*objcparse.Property{strongProp, weakProp}}, ARC, "target"},
		{"weak ivar", &objcparse.ClassDecl{Ivars: []*objcparse.Ivar{weakIvar}}, ARC, "_target"},
		{"assign under ARC", &objcparse.ClassDecl{Properties: []*objcparse.Property{assignProp}}, ARC, "target"},
		{"strong only", &objcparse.ClassDecl{Properties: []*objcparse.Property{strongProp}}, ARC, ""},
		{"unattributed under MRC is assign, not a sign of a proxy", &objcparse.ClassDecl{Properties: []*objcparse.Property{plainProp}}, MRC, ""},
		{"nil decl", nil, ARC, ""},
	} {
		if got := HoldsWeakly([]*objcparse.ClassDecl{tc.d}, tc.mem); got != tc.want {
			t.Errorf("%s: HoldsWeakly = %q, want %q", tc.name, got, tc.want)
		}
	}
}
