package model

import (
	"strings"
	"unicode"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §5: URL sessions.
//
// NSURLSession keeps a strong reference to its delegate until it is
// invalidated. AFURLSessionManager (and AFHTTPSessionManager, and every
// subclass) creates its session with itself as the delegate, so a manager
// that is never invalidated leaks together with its session.

// SessionManagerClasses are the library classes whose instances own an
// NSURLSession that has the manager as its delegate.
var SessionManagerClasses = []string{"AFURLSessionManager", "AFHTTPSessionManager"}

// URLSessionClass is Foundation's session class.
const URLSessionClass = "NSURLSession"

// managerFactories are class-method selectors that return a new manager
// each time. `+manager` is a factory, not a singleton (SEMANTICS §5).
var managerFactories = map[string]bool{"manager": true, "new": true}

// ManagerInvalidators are the selectors that invalidate a session manager
// (AFNetworking 3.x and 4.x spellings).
var ManagerInvalidators = map[string]bool{
	"invalidateSessionCancelingTasks:":              true,
	"invalidateSessionCancelingTasks:resetSession:": true,
}

// SessionInvalidators are the NSURLSession selectors that invalidate a
// session and so release its delegate.
var SessionInvalidators = map[string]bool{
	"finishTasksAndInvalidate": true,
	"invalidateAndCancel":      true,
}

// SharedSessionSelectors return process-wide sessions that are never
// invalidated and need not be.
var SharedSessionSelectors = map[string]bool{"sharedSession": true}

// SessionKind says what a creation expression makes.
type SessionKind int

// Session kinds.
const (
	// SessionManager is an AFURLSessionManager (or subclass): its session
	// has the manager as delegate.
	SessionManager SessionKind = iota + 1
	// SessionWithDelegate is an NSURLSession created with a non-nil delegate.
	SessionWithDelegate
	// SessionPlain is an NSURLSession without a delegate: nothing leaks,
	// but each one has its own connection pool.
	SessionPlain
)

// Leaks reports whether a session of this kind keeps objects alive until
// it is invalidated.
func (k SessionKind) Leaks() bool { return k == SessionManager || k == SessionWithDelegate }

// SessionCreation describes an expression that creates a session or a
// session manager.
type SessionCreation struct {
	Kind SessionKind
	// Class is the class as written ("AFHTTPSessionManager", a project
	// subclass, or "NSURLSession").
	Class string
	// Base is the library class it is a kind of ("AFHTTPSessionManager",
	// "AFURLSessionManager" or "NSURLSession").
	Base string
	// Delegate is the delegate argument of an NSURLSession creation.
	Delegate *objcparse.Expr
	// Expr is the creation expression.
	Expr *objcparse.Expr
}

// SessionCreated reports whether e creates a session or a session manager.
// kindOf tells whether a class name is, or inherits from, one of the given
// bases within the analyzed project (Index.IsKindOfAny); self names the
// class a `self` receiver stands for in a class method ("" otherwise).
func SessionCreated(e *objcparse.Expr, self string, kindOf func(class string, bases []string) (string, bool)) (SessionCreation, bool) {
	return SessionCreatedAmong(e, self, kindOf, SessionManagerClasses)
}

// SessionCreatedAmong is SessionCreated with managers in place of
// SessionManagerClasses: the configuration may add classes that behave like
// AFURLSessionManager (each instance owns an NSURLSession whose delegate is
// the instance).
func SessionCreatedAmong(e *objcparse.Expr, self string, kindOf func(class string, bases []string) (string, bool), managers []string) (SessionCreation, bool) {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprMessage {
		return SessionCreation{}, false
	}
	cls, ok := createdClass(e, self)
	if !ok {
		return SessionCreation{}, false
	}
	if base, ok := kindOf(cls, managers); ok {
		return SessionCreation{Kind: SessionManager, Class: cls, Base: base, Expr: e}, true
	}
	if cls != URLSessionClass {
		return SessionCreation{}, false
	}
	switch e.Name {
	case "sessionWithConfiguration:delegate:delegateQueue:":
		c := SessionCreation{Kind: SessionWithDelegate, Class: cls, Base: URLSessionClass, Expr: e}
		if e.NumArgs() > 1 {
			c.Delegate = e.Arg(1)
			if IsNil(c.Delegate) {
				c.Kind = SessionPlain
			}
		}
		return c, true
	case "sessionWithConfiguration:":
		return SessionCreation{Kind: SessionPlain, Class: cls, Base: URLSessionClass, Expr: e}, true
	}
	return SessionCreation{}, false
}

// createdClass returns the class of a `[C manager]`, `[C new]` or
// `[[C alloc] init…]` expression, or of an NSURLSession factory send.
func createdClass(e *objcparse.Expr, self string) (string, bool) {
	recv := e.X().Unparen()
	className := func(r *objcparse.Expr) (string, bool) {
		if r == nil || r.Kind != objcparse.ExprIdent {
			return "", false
		}
		if r.Name == "self" && self != "" {
			return self, true
		}
		if r.Name == "" || r.Name[0] < 'A' || r.Name[0] > 'Z' {
			return "", false
		}
		return r.Name, true
	}
	switch {
	case managerFactories[e.Name] || strings.HasPrefix(e.Name, "sessionWithConfiguration"):
		return className(recv)
	case IsInitSelector(e.Name):
		if cls, ok := AllocatedClass(e, self); ok && (cls == self || cls[0] >= 'A' && cls[0] <= 'Z') {
			return cls, true
		}
	}
	return "", false
}

// IsNil reports whether e is a nil literal (nil, Nil, NULL, or an integer
// literal of value zero: 0, 0x00, 0L), or an assignment of one (the value
// of `b = nil` in `a = b = nil`).
func IsNil(e *objcparse.Expr) bool {
	e = e.Unparen()
	if e == nil {
		return false
	}
	switch e.Kind {
	case objcparse.ExprAssign:
		return (e.Name == "" || e.Name == "=") && IsNil(e.Arg(0))
	case objcparse.ExprIdent:
		return e.Name == "nil" || e.Name == "Nil" || e.Name == "NULL" || e.Name == "nullptr"
	case objcparse.ExprNumber:
		n, ok := parseNumber(e.Name)
		return ok && (n.kind == numInt || n.kind == numChar) && n.bits == 0
	}
	return false
}

// SessionDelegateCallback reports whether an instance method with this
// selector is an NSURLSession delegate callback whose first argument is
// the session it is called for (`URLSession:task:didCompleteWithError:`,
// `URLSession:downloadTask:didFinishDownloadingToURL:`, …): a delegate
// that sends `finishTasksAndInvalidate` or `invalidateAndCancel` to that
// argument invalidates each session it is the delegate of when its task
// ends. `URLSession:didBecomeInvalidWithError:` runs once the session is
// already invalid, so invalidating there proves nothing.
func SessionDelegateCallback(sel string) bool {
	return strings.HasPrefix(sel, "URLSession:") && sel != "URLSession:didBecomeInvalidWithError:"
}

// Invalidates reports whether the send `[recv sel]` invalidates the
// session of kind k held in recv (for a manager, either the manager's
// own invalidation selectors, or the session invalidators sent to
// `recv.session`). It returns the expression that holds the session or
// manager, so the caller can compare it with where the creation was stored.
func Invalidates(k SessionKind, send *objcparse.Expr) (holder *objcparse.Expr, ok bool) {
	if send == nil || send.Kind != objcparse.ExprMessage {
		return nil, false
	}
	recv := send.X().Unparen()
	switch k {
	case SessionManager:
		if ManagerInvalidators[send.Name] {
			return recv, true
		}
		if SessionInvalidators[send.Name] && recv != nil && recv.Kind == objcparse.ExprMember && recv.Name == "session" {
			return recv.X().Unparen(), true
		}
		if SessionInvalidators[send.Name] && recv != nil && recv.Kind == objcparse.ExprMessage && recv.Name == "session" {
			return recv.X().Unparen(), true
		}
	case SessionWithDelegate, SessionPlain:
		if SessionInvalidators[send.Name] {
			return recv, true
		}
	}
	return nil, false
}

// OnceCalls are the C functions whose block runs at most once per process
// (SEMANTICS §2): what is created inside is created once.
var OnceCalls = map[string]bool{"dispatch_once": true, "dispatch_once_f": true}

// ProcessLifetimeProtocols are protocols adopted by objects that live as
// long as the process (the application delegate): what they create once
// per instance is created once.
var ProcessLifetimeProtocols = map[string]bool{
	"UIApplicationDelegate": true,
	"NSApplicationDelegate": true,
	"WKApplicationDelegate": true,
}

// TestCaseClasses are the test-case base classes of XCTest (and OCUnit
// before it). The test suite keeps every test case object until the whole
// run ends (XCTestSuite holds its tests), so what a test case owns lives
// as long as the test process.
var TestCaseClasses = []string{"XCTestCase", "SenTestCase"}

// IsInitSelector reports whether sel belongs to the init method family (the
// ARC rule clang applies: after leading underscores the selector starts
// with "init", not followed by a lower-case letter): init, initWithFrame:,
// _init, but not initialize or initials.
func IsInitSelector(sel string) bool {
	sel = strings.TrimLeft(sel, "_")
	if !strings.HasPrefix(sel, "init") {
		return false
	}
	rest := sel[len("init"):]
	return rest == "" || rest[0] < 'a' || rest[0] > 'z'
}

// AllocatedClass returns the class named by the receiver of `[C new]` or
// `[[C alloc] init…]` (any init-family selector). A `self` receiver stands
// for the class self names (in a class method of that class); with self
// empty it is not a class.
func AllocatedClass(e *objcparse.Expr, self string) (string, bool) {
	e = e.Unparen()
	if e == nil || e.Kind != objcparse.ExprMessage {
		return "", false
	}
	recv := e.X().Unparen()
	switch {
	case e.Name == "new":
	case IsInitSelector(e.Name) && recv != nil && recv.Kind == objcparse.ExprMessage && recv.Name == "alloc":
		recv = recv.X().Unparen()
	default:
		return "", false
	}
	if recv == nil || recv.Kind != objcparse.ExprIdent || recv.Name == "" {
		return "", false
	}
	if recv.Name == "self" {
		return self, self != ""
	}
	return recv.Name, true
}

// SharedAccessor reports whether a class method named sel, declared to
// return ret (a type name: "instancetype", "id" or a class name), reads
// like the accessor of a shared instance of class: +shared…, +default…,
// +standard…, +main…, +current… or +instance without arguments
// (+sharedManager, +defaultCenter, +sharedInstance). It is the evidence a
// header gives when the implementation is not visible.
func SharedAccessor(sel, ret, class string) bool {
	if strings.Contains(sel, ":") || (ret != "instancetype" && ret != "id" && ret != class) {
		return false
	}
	if sel == "instance" || sel == "sharedInstance" {
		return true
	}
	for _, p := range []string{"shared", "default", "standard", "main", "current"} {
		if strings.HasPrefix(sel, p) && len(sel) > len(p) && unicode.IsUpper(rune(sel[len(p)])) {
			return true
		}
	}
	return false
}
