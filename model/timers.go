package model

import (
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §4: timers, display links, threads.
//
// NSTimer retains its target and its userInfo (and a block timer its
// block) until it is invalidated. A scheduled timer is retained by the run
// loop until it is invalidated; a non-repeating timer invalidates itself
// after firing. So a repeating scheduled timer whose target is self keeps
// self alive even when self does not store it: run loop → timer → self.
// Passing a weak variable as the target hands over the object (SEMANTICS
// §3): `target:weakSelf` retains self exactly as `target:self` does.
// CADisplayLink behaves the same way once added to a run loop, and repeats
// by nature. NSThread and performSelector:withObject:afterDelay: retain
// their target only until the thread exits or the selector has run.

// TimerKind says what a creation expression makes.
type TimerKind int

// Timer kinds.
const (
	// Timer is an NSTimer.
	Timer TimerKind = iota + 1
	// DisplayLink is a CADisplayLink: it fires on every frame until it is
	// invalidated, so it always repeats.
	DisplayLink
	// Thread is an NSThread started with a target: the target is retained
	// until the thread exits (temporary, not a leak by itself).
	Thread
	// DelayedPerform is performSelector:withObject:afterDelay: (and
	// variants): the run loop retains the receiver until the selector has
	// run (temporary, not a leak).
	DelayedPerform
)

func (k TimerKind) String() string {
	switch k {
	case Timer:
		return "NSTimer"
	case DisplayLink:
		return "CADisplayLink"
	case Thread:
		return "NSThread"
	case DelayedPerform:
		return "delayed perform"
	}
	return "unknown"
}

// Lasting reports whether a creation of this kind keeps its target alive
// until it is explicitly invalidated (rather than until it has run).
func (k TimerKind) Lasting() bool { return k == Timer || k == DisplayLink }

// Repeat says whether a timer repeats.
type Repeat int

// Repeat values. The zero value is RepeatUnknown.
const (
	// RepeatUnknown: the repeats: argument is not a constant (a
	// parameter, a variable, an expression).
	RepeatUnknown Repeat = iota
	// RepeatNo: a one-shot timer; it invalidates itself after firing.
	RepeatNo
	// RepeatYes: a repeating timer (or a display link).
	RepeatYes
)

func (r Repeat) String() string {
	switch r {
	case RepeatNo:
		return "no"
	case RepeatYes:
		return "yes"
	}
	return "unknown"
}

// MayRepeat reports whether the timer may repeat. A repeats: argument that
// is not a constant counts as repeating: callers pass YES often enough
// (wrappers forward their own `repeats` parameter), a non-repeating timer
// that is also invalidated costs nothing, and the finding names the
// expression so the reader can judge.
func (r Repeat) MayRepeat() bool { return r != RepeatNo }

// A TimerFactory is one API that creates a timer, display link or thread
// with a target or a block.
type TimerFactory struct {
	// Class is the receiver class ("" for DelayedPerform: any receiver).
	Class    string
	Selector string
	// Init is set for initializers sent to [Class alloc].
	Init bool
	Kind TimerKind
	// Scheduled is set when the call itself adds the timer to the current
	// run loop (the scheduledTimer… factories).
	Scheduled bool
	// Argument indexes, -1 when the API has no such argument. Action is
	// the @selector argument. For DelayedPerform (Class "") the receiver
	// is the retained target.
	Target, Action, UserInfo, Block, Repeats int
}

// TimerFactories lists the creation APIs (SEMANTICS §4). Block timers are
// iOS 10 / macOS 10.12.
var TimerFactories = []TimerFactory{
	{Class: "NSTimer", Selector: "scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:", Kind: Timer, Scheduled: true, Target: 1, Action: 2, UserInfo: 3, Block: -1, Repeats: 4},
	{Class: "NSTimer", Selector: "timerWithTimeInterval:target:selector:userInfo:repeats:", Kind: Timer, Target: 1, Action: 2, UserInfo: 3, Block: -1, Repeats: 4},
	{Class: "NSTimer", Selector: "initWithFireDate:interval:target:selector:userInfo:repeats:", Init: true, Kind: Timer, Target: 2, Action: 3, UserInfo: 4, Block: -1, Repeats: 5},
	{Class: "NSTimer", Selector: "scheduledTimerWithTimeInterval:repeats:block:", Kind: Timer, Scheduled: true, Target: -1, Action: -1, UserInfo: -1, Block: 2, Repeats: 1},
	{Class: "NSTimer", Selector: "timerWithTimeInterval:repeats:block:", Kind: Timer, Target: -1, Action: -1, UserInfo: -1, Block: 2, Repeats: 1},
	{Class: "NSTimer", Selector: "initWithFireDate:interval:repeats:block:", Init: true, Kind: Timer, Target: -1, Action: -1, UserInfo: -1, Block: 3, Repeats: 2},
	{Class: "CADisplayLink", Selector: "displayLinkWithTarget:selector:", Kind: DisplayLink, Target: 0, Action: 1, UserInfo: -1, Block: -1, Repeats: -1},
	{Class: "NSThread", Selector: "initWithTarget:selector:object:", Init: true, Kind: Thread, Target: 0, Action: 1, UserInfo: 2, Block: -1, Repeats: -1},
	{Class: "NSThread", Selector: "detachNewThreadSelector:toTarget:withObject:", Kind: Thread, Target: 1, Action: 0, UserInfo: 2, Block: -1, Repeats: -1},
	{Selector: "performSelector:withObject:afterDelay:", Kind: DelayedPerform, Target: -1, Action: 0, UserInfo: 1, Block: -1, Repeats: -1},
	{Selector: "performSelector:withObject:afterDelay:inModes:", Kind: DelayedPerform, Target: -1, Action: 0, UserInfo: 1, Block: -1, Repeats: -1},
}

// TimerCreation describes an expression that creates a timer, display
// link, thread or delayed perform.
type TimerCreation struct {
	Kind TimerKind
	// Class is the class as written ("NSTimer", a project subclass, ...).
	Class    string
	Selector string
	// Scheduled is set when the creation itself schedules the timer.
	Scheduled bool
	// Target is the retained target (nil for block timers). For
	// DelayedPerform it is the receiver.
	Target *objcparse.Expr
	// Action is the @selector argument, "" when absent or not literal.
	Action string
	// UserInfo is the userInfo (timers) or object (threads) argument.
	UserInfo *objcparse.Expr
	// Block is the block argument of a block timer.
	Block   *objcparse.Expr
	Repeats Repeat
	// RepeatsExpr is the repeats: argument (nil for display links).
	RepeatsExpr *objcparse.Expr
	// Category is set when the API is a project or library category
	// method recognized by shape rather than listed in TimerFactories.
	Category bool
	Expr     *objcparse.Expr
}

// TimerCreated reports whether e creates a timer, display link, thread or
// delayed perform. kindOf tells whether a class name is, or inherits from,
// one of the given bases within the project (Index.IsKindOfAny); it may be
// nil. Besides the listed factories it recognizes block-timer category
// methods by shape (TimerCategoryFactory).
func TimerCreated(e *objcparse.Expr, kindOf func(class string, bases []string) (string, bool)) (TimerCreation, bool) {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprMessage {
		return TimerCreation{}, false
	}
	recv := e.X().Unparen()
	for _, f := range TimerFactories {
		if f.Selector != e.Name {
			continue
		}
		c := TimerCreation{Kind: f.Kind, Selector: f.Selector, Scheduled: f.Scheduled, Expr: e}
		switch {
		case f.Class == "":
			c.Target = recv
		case f.Init:
			if recv == nil || recv.Kind != objcparse.ExprMessage || recv.Name != "alloc" {
				continue
			}
			cls, ok := classOf(recv.X(), f.Class, kindOf)
			if !ok {
				continue
			}
			c.Class = cls
		default:
			cls, ok := classOf(recv, f.Class, kindOf)
			if !ok {
				continue
			}
			c.Class = cls
		}
		c.Target = argOr(e, f.Target, c.Target)
		c.UserInfo = argOr(e, f.UserInfo, nil)
		c.Block = argOr(e, f.Block, nil)
		if a := argOr(e, f.Action, nil).Unparen(); a != nil && a.Kind == objcparse.ExprSelector {
			c.Action = a.Name
		}
		switch {
		case f.Kind == DisplayLink:
			c.Repeats = RepeatYes
		case f.Repeats >= 0:
			c.RepeatsExpr = argOr(e, f.Repeats, nil)
			c.Repeats = RepeatsValue(c.RepeatsExpr)
		}
		return c, true
	}
	if ok, scheduled, block, repeats := TimerCategoryFactory(e.Name); ok {
		if cls, isTimer := classOf(recv, "NSTimer", kindOf); isTimer && block < e.NumArgs() && repeats < e.NumArgs() {
			c := TimerCreation{Kind: Timer, Class: cls, Selector: e.Name, Scheduled: scheduled, Block: e.Arg(block),
				RepeatsExpr: e.Arg(repeats), Category: true, Expr: e}
			c.Repeats = RepeatsValue(c.RepeatsExpr)
			return c, true
		}
	}
	return TimerCreation{}, false
}

// classOf returns the class named by a receiver when it is base or a
// subclass of base.
func classOf(recv *objcparse.Expr, base string, kindOf func(string, []string) (string, bool)) (string, bool) {
	recv = recv.Unparen()
	if recv == nil || recv.Kind != objcparse.ExprIdent {
		return "", false
	}
	if recv.Name == base {
		return base, true
	}
	if kindOf != nil {
		if _, ok := kindOf(recv.Name, []string{base}); ok {
			return recv.Name, true
		}
	}
	return "", false
}

func argOr(e *objcparse.Expr, i int, def *objcparse.Expr) *objcparse.Expr {
	if i >= 0 && i < e.NumArgs() {
		return e.Arg(i)
	}
	return def
}

// TimerCategoryFactory recognizes the block-timer convenience methods that
// libraries add to NSTimer in categories (YYKit's
// scheduledTimerWithTimeInterval:block:repeats:, BlocksKit's
// bk_scheduledTimerWithTimeInterval:block:repeats:, ...): a selector with
// a `repeats:` keyword and a keyword ending in `block:` (any case). They
// keep the block in the timer (as userInfo or as the block of the
// iOS 10 API), so the block lives as long as the timer. The timer is
// scheduled when the selector contains "scheduled". It returns the
// argument indexes of the block and of repeats:.
func TimerCategoryFactory(sel string) (ok, scheduled bool, block, repeats int) {
	block, repeats = -1, -1
	for i, kw := range strings.Split(strings.TrimSuffix(sel, ":"), ":") {
		lower := strings.ToLower(kw)
		switch {
		case lower == "repeats":
			repeats = i
		case strings.HasSuffix(lower, "block"):
			block = i
		}
	}
	if block < 0 || repeats < 0 || !strings.HasSuffix(sel, ":") {
		return false, false, -1, -1
	}
	return true, strings.Contains(strings.ToLower(sel), "scheduled"), block, repeats
}

// RepeatsValue classifies a repeats: argument: YES, true, TRUE and
// non-zero integer literals repeat; NO, false, FALSE and 0 do not;
// anything else is unknown.
func RepeatsValue(e *objcparse.Expr) Repeat {
	e = e.Unparen()
	if e == nil {
		return RepeatUnknown
	}
	switch e.Kind {
	case objcparse.ExprIdent:
		switch e.Name {
		case "YES", "true", "TRUE":
			return RepeatYes
		case "NO", "false", "FALSE":
			return RepeatNo
		}
	case objcparse.ExprNumber:
		if strings.Trim(e.Name, "0") == "" {
			return RepeatNo
		}
		return RepeatYes
	}
	return RepeatUnknown
}

// Schedules reports whether send adds a timer or display link to a run
// loop, and returns the expression holding it: `[runLoop addTimer:t
// forMode:m]` → t; `[link addToRunLoop:rl forMode:m]` → link.
func Schedules(send *objcparse.Expr) (held *objcparse.Expr, k TimerKind, ok bool) {
	if send == nil || send.Kind != objcparse.ExprMessage {
		return nil, 0, false
	}
	switch send.Name {
	case "addTimer:forMode:":
		if send.NumArgs() > 0 {
			return send.Arg(0).Unparen(), Timer, true
		}
	case "addToRunLoop:forMode:":
		return send.X().Unparen(), DisplayLink, true
	}
	return nil, 0, false
}

// SchedulesCall is Schedules for CoreFoundation: CFRunLoopAddTimer(rl,
// (__bridge CFRunLoopTimerRef)t, mode) → t.
func SchedulesCall(call *objcparse.Expr) (held *objcparse.Expr, ok bool) {
	if call == nil || call.Kind != objcparse.ExprCall || call.Name != "CFRunLoopAddTimer" || call.NumArgs() < 2 {
		return nil, false
	}
	return call.Arg(1).Unparen(), true
}

// TimerInvalidators are the selectors that stop a timer or display link
// and make it release its target: `invalidate` for both, and
// `removeFromRunLoop:forMode:` for a display link (the run loop then
// releases it; objcleak does not check that every mode it was added to is
// removed).
var TimerInvalidators = map[TimerKind][]string{
	Timer:       {"invalidate"},
	DisplayLink: {"invalidate", "removeFromRunLoop:forMode:"},
}

// TimerInvalidates reports whether send stops a timer or display link of
// kind k, and returns the expression holding it, so that the caller can
// compare it with where the creation was stored.
func TimerInvalidates(k TimerKind, send *objcparse.Expr) (held *objcparse.Expr, ok bool) {
	if send == nil || send.Kind != objcparse.ExprMessage {
		return nil, false
	}
	for _, sel := range TimerInvalidators[k] {
		if send.Name == sel {
			return send.X().Unparen(), true
		}
	}
	return nil, false
}

// TimerInvalidatesCall is TimerInvalidates for CoreFoundation:
// CFRunLoopTimerInvalidate(t) and CFRunLoopRemoveTimer(rl, t, mode).
func TimerInvalidatesCall(call *objcparse.Expr) (held *objcparse.Expr, ok bool) {
	if call == nil || call.Kind != objcparse.ExprCall {
		return nil, false
	}
	switch {
	case call.Name == "CFRunLoopTimerInvalidate" && call.NumArgs() >= 1:
		return call.Arg(0).Unparen(), true
	case call.Name == "CFRunLoopRemoveTimer" && call.NumArgs() >= 2:
		return call.Arg(1).Unparen(), true
	}
	return nil, false
}

// TeardownOnlySelectors are the methods that run only once the object is
// already being destroyed. An invalidation there never runs while the
// timer keeps the object alive (SEMANTICS §4: "[self.timer invalidate] in
// the target's own -dealloc never runs").
var TeardownOnlySelectors = map[string]bool{"dealloc": true, "finalize": true, ".cxx_destruct": true}

// InvalidationCounts reports whether invalidating a timer in the method
// sel of the target's class can stop it: every instance method counts
// except -dealloc (and -finalize), because something can call it — UIKit
// calls the lifecycle methods (LifecycleStop), clients call an explicit
// -stop. objcleak does not check that the method is called, nor that a
// didMoveToParentViewController: invalidation is guarded by `parent == nil`
// (without the guard the timer also stops when the controller is pushed,
// which is a behaviour bug, not a leak). Class methods do not count: self
// there is the class.
func InvalidationCounts(sel string, classMethod bool) bool {
	return !classMethod && sel != "" && !TeardownOnlySelectors[sel]
}

// LifecycleStop lists the UIKit and AppKit callbacks that run when the
// owner leaves the screen or the app goes to the background: the usual
// places to stop a timer. The value says when the framework calls it, for
// messages and documentation.
var LifecycleStop = map[string]string{
	"viewWillDisappear:":              "before the view leaves the screen",
	"viewDidDisappear:":               "after the view left the screen",
	"didMoveToParentViewController:":  "when the controller is added to or removed from its parent (parent is nil on removal)",
	"willMoveToParentViewController:": "before the controller is added to or removed from its parent",
	"removeFromParentViewController":  "when the controller is removed from its parent",
	"didMoveToWindow":                 "when the view enters or leaves a window (window is nil on removal)",
	"willMoveToWindow:":               "before the view enters or leaves a window",
	"didMoveToSuperview":              "when the view is added to or removed from a superview",
	"willMoveToSuperview:":            "before the view is added to or removed from a superview",
	"removeFromSuperview":             "when the view is removed from its superview",
	"viewWillDisappear":               "before the AppKit view controller's view leaves the screen",
	"viewDidDisappear":                "after the AppKit view controller's view left the screen",
	"applicationWillResignActive:":    "when the app is about to become inactive",
	"applicationDidEnterBackground:":  "when the app enters the background",
	"applicationWillTerminate:":       "when the app is about to terminate",
	"windowWillClose:":                "when the window is about to close",
	"close":                           "when the window or document is closed",
}

// WeakProxyBase is Foundation's root class for forwarding proxies. A
// project NSProxy subclass used as a timer target is the proxy fix of
// SEMANTICS §4 (it holds the real target weak and forwards).
const WeakProxyBase = "NSProxy"

// knownWeakProxies are library classes that forward to a weakly held
// target (YYKit's YYWeakProxy, FLAnimatedImage's FLWeakProxy, SDWebImage's
// SDWeakProxy, Texture's ASWeakProxy, PINRemoteImage's PINWeakProxy,
// MSWeakTimer's target wrapper).
var knownWeakProxies = map[string]bool{
	"YYWeakProxy": true, "FLWeakProxy": true, "SDWeakProxy": true, "ASWeakProxy": true,
	"PINWeakProxy": true, "MSWeakTimer": true, "YYTextWeakProxy": true, "JSQWeakProxy": true,
}

// LooksLikeWeakProxy reports whether a class outside the project is known,
// or named, to forward to a weak target: a known library proxy, or a name
// containing "WeakProxy", "WeakTarget" or "WeakTimer".
func LooksLikeWeakProxy(class string) bool {
	if knownWeakProxies[class] {
		return true
	}
	for _, s := range []string{"WeakProxy", "WeakTarget", "WeakTimer", "weakProxy"} {
		if strings.Contains(class, s) {
			return true
		}
	}
	return false
}

// HoldsWeakly returns the first property or ivar of the declarations that
// holds an object without retaining it (weak, or unretained/assign on an
// object): the shape of a hand-written weak proxy or timer wrapper, which
// keeps the real target in such a reference (seed 001's CJLTimerWapper and
// CJLProxy keep it in `@property (weak) id target/object`). Under MRC only
// weak counts, because an unattributed object property is assign there
// too. It returns "" when there is none.
func HoldsWeakly(decls []*objcparse.ClassDecl, mem Memory) string {
	for _, d := range decls {
		if d == nil {
			continue
		}
		for _, p := range d.Properties {
			if o := PropertyOwnership(p, mem); o == OwnWeak || (o == OwnUnretained && mem == ARC) {
				return p.Name
			}
		}
		for _, iv := range d.Ivars {
			if o := IvarOwnership(iv.Type, mem); o == OwnWeak || (o == OwnUnretained && mem == ARC) {
				return iv.Name
			}
		}
	}
	return ""
}
