package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

// TestObserverRegistered: the block APIs that keep their block (SEMANTICS
// §2, §7), and the selector API that does not.
func TestObserverRegistered(t *testing.T) {
	center := send(ident("NSNotificationCenter"), "defaultCenter")
	kvo := member(self(), "KVOController")
	for _, tc := range []struct {
		name  string
		e     *objcparse.Expr
		kind  ObserverKind
		block bool
	}{
		{"notification block", send(center, "addObserverForName:object:queue:usingBlock:", ident("n"), ident("nil"), ident("nil"), block()), NotificationObserver, true},
		{"KVO controller key path", send(kvo, "observe:keyPath:options:block:", ident("m"), ident("kp"), num("0"), block()), KVOControllerObserver, true},
		{"KVO controller key paths", send(kvo, "observe:keyPaths:options:block:", ident("m"), ident("kps"), num("0"), block()), KVOControllerObserver, true},
		{"selector observer keeps nothing", send(center, "addObserver:selector:name:object:", self(), sel("x"), ident("n"), ident("nil")), 0, false},
		{"KVO controller action", send(kvo, "observe:keyPath:options:action:", ident("m"), ident("kp"), num("0"), sel("x")), 0, false},
		{"too few arguments", send(center, "addObserverForName:object:queue:usingBlock:"), 0, false},
		{"local event monitor", send(ident("NSEvent"), "addLocalMonitorForEventsMatchingMask:handler:", ident("mask"), block()), EventMonitor, true},
		{"global event monitor", send(ident("NSEvent"), "addGlobalMonitorForEventsMatchingMask:handler:", ident("mask"), block()), EventMonitor, true},
	} {
		r, ok := ObserverRegistered(tc.e)
		if ok != (tc.kind != 0) || r.Kind != tc.kind || (r.Block != nil) != tc.block {
			t.Errorf("%s: ObserverRegistered = %+v, %v", tc.name, r, ok)
		}
	}
	if _, ok := ObserverRegistered(nil); ok {
		t.Error("nil registered")
	}
}

func TestNotificationCenterExpr(t *testing.T) {
	ws := send(ident("NSWorkspace"), "sharedWorkspace")
	for _, tc := range []struct {
		e    *objcparse.Expr
		want string
	}{
		{send(ident("NSNotificationCenter"), "defaultCenter"), "NSNotificationCenter.defaultCenter"},
		{member(ident("NSNotificationCenter"), "defaultCenter"), "NSNotificationCenter.defaultCenter"},
		{send(ident("NSDistributedNotificationCenter"), "defaultCenter"), "NSDistributedNotificationCenter.defaultCenter"},
		{send(ws, "notificationCenter"), "NSWorkspace.sharedWorkspace.notificationCenter"},
		{member(member(ident("NSWorkspace"), "sharedWorkspace"), "notificationCenter"), "NSWorkspace.sharedWorkspace.notificationCenter"},
		{send(ident("PHBus"), "defaultCenter"), ""},
		{send(ident("center"), "notificationCenter"), ""},
		{ident("center"), ""},
		{nil, ""},
	} {
		got, ok := NotificationCenterExpr(tc.e)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("NotificationCenterExpr(%+v) = %q, %v; want %q", tc.e, got, ok, tc.want)
		}
	}
	for name, want := range map[string]bool{"center": true, "notificationCenter": true, "_center": true, "sessionNotificationCenter": true, "nc": true, "centered": false, "manager": false} {
		if CenterLikeName(name) != want {
			t.Errorf("CenterLikeName(%q) = %v", name, !want)
		}
	}
}

// TestObserverRemoval: the token, not self, is what removeObserver: must
// get for a block observer (SEMANTICS §7); unobserve releases a KVO
// controller's blocks.
func TestObserverRemoval(t *testing.T) {
	center, tok := send(ident("NSNotificationCenter"), "defaultCenter"), ident("token")
	if o, ok := ObserverRemoves(send(center, "removeObserver:", tok)); !ok || !sameExpr(o, tok) {
		t.Errorf("removeObserver: = %v %v", o, ok)
	}
	if o, ok := ObserverRemoves(send(center, "removeObserver:name:object:", tok, ident("nil"), ident("nil"))); !ok || !sameExpr(o, tok) {
		t.Errorf("removeObserver:name:object: = %v %v", o, ok)
	}
	if _, ok := ObserverRemoves(send(center, "postNotificationName:object:", tok, ident("nil"))); ok {
		t.Error("posting removes nothing")
	}
	if o, ok := ObserverRemoves(send(ident("NSEvent"), "removeMonitor:", tok)); !ok || !sameExpr(o, tok) {
		t.Errorf("+[NSEvent removeMonitor:] = %v %v", o, ok)
	}
	if _, ok := ObserverRemoves(send(ident("player"), "removeMonitor:", tok)); ok {
		t.Error("removeMonitor: of another class removes no event monitor")
	}
	kvo := member(self(), "KVOController")
	for _, s := range []string{"unobserveAll", "unobserve:", "unobserve:keyPath:", "unobserve:keyPaths:"} {
		args := make([]*objcparse.Expr, len(s)-len(trimColons(s)))
		if c, ok := KVOUnobserves(send(kvo, s, args...)); !ok || !sameExpr(c, kvo) {
			t.Errorf("KVOUnobserves(%s) = %v %v", s, c, ok)
		}
	}
	if _, ok := KVOUnobserves(send(kvo, "observe:keyPath:options:block:")); ok {
		t.Error("observe is no removal")
	}
	for name, want := range map[string]bool{"KVOController": true, "KVOControllerNonRetaining": true, "_KVOController": true, "kvoController": true, "controller": false} {
		if KVOControllerName(name) != want {
			t.Errorf("KVOControllerName(%q) = %v", name, !want)
		}
	}
}

func trimColons(s string) string {
	out := ""
	for _, r := range s {
		if r != ':' {
			out += string(r)
		}
	}
	return out
}
