package model

import (
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §2 and §7: observer registrations that keep a block.
//
// `-[NSNotificationCenter addObserverForName:object:queue:usingBlock:]`
// copies the block and keeps it, together with the opaque observer object
// it returns, until `removeObserver:` is sent with that token. A dropped
// token can never be removed: the center (a process-lifetime singleton)
// keeps the block, and everything the block captures, forever. A block
// that captures self strongly therefore keeps self alive; removing the
// token in self's own -dealloc never runs. `removeObserver:self` does not
// remove block observers at all: the observer is the token, not self.
//
// `+[NSEvent addLocalMonitorForEventsMatchingMask:handler:]` and
// `addGlobalMonitorForEventsMatchingMask:handler:` (AppKit) copy the
// handler and keep it, with the monitor object they return, until
// `+[NSEvent removeMonitor:]` is sent with that monitor: the same shape as
// a block notification observer.
//
// The selector-based `addObserver:selector:name:object:` does not retain
// the observer (and since iOS 9 / macOS 10.11 the center stops messaging
// a deallocated observer): not a leak.
//
// FBKVOController (facebook/KVOController) keeps the blocks passed to
// `observe:keyPath:options:block:` in the controller until the observation
// is removed or the controller is deallocated. `self.KVOController` (and
// `KVOControllerNonRetaining`) is owned by self through an associated
// object, so a block that captures self strongly makes a cycle:
// self → KVOController → block → self. Its header says: "the block must
// avoid referencing the KVO controller or an owner thereof". The block
// receives the observer as its first argument for that reason.

// ObserverKind says which API registers a block.
type ObserverKind int

// Observer kinds.
const (
	// NotificationObserver is addObserverForName:object:queue:usingBlock:.
	NotificationObserver ObserverKind = iota + 1
	// KVOControllerObserver is FBKVOController's observe:…:block:.
	KVOControllerObserver
	// EventMonitor is NSEvent's add…MonitorForEventsMatchingMask:handler:.
	EventMonitor
)

func (k ObserverKind) String() string {
	switch k {
	case NotificationObserver:
		return "notification observer"
	case KVOControllerObserver:
		return "KVO controller observation"
	case EventMonitor:
		return "event monitor"
	}
	return "unknown"
}

// observerAPIs maps the block-registering selectors to their kind and the
// index of the block argument and of the observed name or key path.
var observerAPIs = map[string]struct {
	kind        ObserverKind
	block, name int
}{
	"addObserverForName:object:queue:usingBlock:":    {NotificationObserver, 3, 0},
	"observe:keyPath:options:block:":                 {KVOControllerObserver, 3, 1},
	"observe:keyPaths:options:block:":                {KVOControllerObserver, 3, 1},
	"addLocalMonitorForEventsMatchingMask:handler:":  {EventMonitor, 1, 0},
	"addGlobalMonitorForEventsMatchingMask:handler:": {EventMonitor, 1, 0},
}

// EventMonitorClass is the class whose class methods add and remove event
// monitors.
const EventMonitorClass = "NSEvent"

// ObserverRegistration is a send that registers a block with an observer
// API. The receiver still has to be classified (NotificationCenterExpr,
// KVOControllerExpr): the selectors alone are not proof.
type ObserverRegistration struct {
	Kind     ObserverKind
	Selector string
	// Receiver is the notification center or KVO controller.
	Receiver *objcparse.Expr
	// Block is the block argument (a literal or a variable).
	Block *objcparse.Expr
	// Name is the notification name or key path(s) argument.
	Name *objcparse.Expr
	Expr *objcparse.Expr
}

// ObserverRegistered reports whether e registers a block with a
// notification center or a KVO controller.
func ObserverRegistered(e *objcparse.Expr) (ObserverRegistration, bool) {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprMessage {
		return ObserverRegistration{}, false
	}
	api, ok := observerAPIs[e.Name]
	if !ok || api.block >= e.NumArgs() {
		return ObserverRegistration{}, false
	}
	return ObserverRegistration{Kind: api.kind, Selector: e.Name, Receiver: e.X().Unparen(),
		Block: e.Arg(api.block), Name: e.Arg(api.name), Expr: e}, true
}

// NotificationCenterClasses are the classes whose instances are
// notification centers with the block API.
var NotificationCenterClasses = []string{"NSNotificationCenter", "NSDistributedNotificationCenter"}

// NotificationCenterExpr reports whether e denotes a process-lifetime
// notification center by itself, and names it for messages:
// `[NSNotificationCenter defaultCenter]` (also in dot syntax),
// `[NSDistributedNotificationCenter defaultCenter]`, and
// `[[NSWorkspace sharedWorkspace] notificationCenter]`.
func NotificationCenterExpr(e *objcparse.Expr) (string, bool) {
	e = e.Unparen()
	if e == nil || (e.Kind != objcparse.ExprMessage && e.Kind != objcparse.ExprMember) || e.NumArgs() > 0 {
		return "", false
	}
	recv := e.X().Unparen()
	switch e.Name {
	case "defaultCenter":
		for _, c := range NotificationCenterClasses {
			if recv.IsIdent(c) {
				return c + ".defaultCenter", true
			}
		}
	case "notificationCenter":
		if recv != nil && (recv.Kind == objcparse.ExprMessage || recv.Kind == objcparse.ExprMember) &&
			recv.Name == "sharedWorkspace" && recv.X().IsIdent("NSWorkspace") {
			return "NSWorkspace.sharedWorkspace.notificationCenter", true
		}
	}
	return "", false
}

// CenterLikeName reports whether a variable or property name announces a
// notification center (center, notificationCenter, defaultCenter,
// sessionNotificationCenter, nc). Used for receivers whose type the
// analysis cannot see.
func CenterLikeName(name string) bool {
	lower := strings.ToLower(strings.TrimLeft(name, "_"))
	return strings.HasSuffix(lower, "center") || lower == "nc"
}

// ObserverRemoves reports whether send removes a notification observer or
// an event monitor, and returns the observer argument (the token of a
// block observer, the monitor): removeObserver:, removeObserver:name:object:
// and +[NSEvent removeMonitor:].
func ObserverRemoves(send *objcparse.Expr) (observer *objcparse.Expr, ok bool) {
	if send == nil || send.Kind != objcparse.ExprMessage || send.NumArgs() == 0 {
		return nil, false
	}
	switch send.Name {
	case "removeObserver:", "removeObserver:name:object:":
		return send.Arg(0).Unparen(), true
	case "removeMonitor:":
		if send.X().IsIdent(EventMonitorClass) {
			return send.Arg(0).Unparen(), true
		}
	}
	return nil, false
}

// KVOControllerClasses are the KVO controller classes whose block
// observations are kept by the controller.
var KVOControllerClasses = []string{"FBKVOController"}

// KVOControllerProperties are the NSObject category properties that give
// every object its own, self-owned, KVO controller
// (NSObject+FBKVOController: an associated object with a retaining policy).
var KVOControllerProperties = map[string]bool{"KVOController": true, "KVOControllerNonRetaining": true}

// KVOControllerName reports whether a property or ivar name announces a KVO
// controller (KVOController, kvoController, _KVOController, …).
func KVOControllerName(name string) bool {
	return strings.HasSuffix(strings.ToLower(strings.TrimLeft(name, "_")), "kvocontroller") ||
		KVOControllerProperties[name]
}

// KVOUnobserves reports whether send removes observations from a KVO
// controller (unobserve:, unobserve:keyPath:, unobserve:keyPaths:,
// unobserveAll), releasing their blocks, and returns the controller.
func KVOUnobserves(send *objcparse.Expr) (controller *objcparse.Expr, ok bool) {
	if send == nil || send.Kind != objcparse.ExprMessage {
		return nil, false
	}
	switch send.Name {
	case "unobserve:", "unobserve:keyPath:", "unobserve:keyPaths:", "unobserveAll":
		return send.X().Unparen(), true
	}
	return nil, false
}
