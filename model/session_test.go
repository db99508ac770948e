package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

func TestIsInitSelector(t *testing.T) {
	for sel, want := range map[string]bool{
		"init": true, "initWithFrame:": true, "_init": true, "__initPrivate": true, "init:": true,
		"initialize": false, "initials": false, "new": false, "reinit": false, "": false,
	} {
		if got := IsInitSelector(sel); got != want {
			t.Errorf("IsInitSelector(%q) = %v, want %v", sel, got, want)
		}
	}
}

func ident(name string) *objcparse.Expr {
	return &objcparse.Expr{Kind: objcparse.ExprIdent, Name: name}
}

func send(recv *objcparse.Expr, sel string, args ...*objcparse.Expr) *objcparse.Expr {
	return objcparse.NewExpr(&objcparse.ExprNode{Kind: objcparse.ExprMessage, X: recv.Node(), Name: sel, Args: nodes(args)})
}

// sameExpr reports whether a and b are the same expression, built by the
// helpers here (which copy their operands).
func sameExpr(a, b *objcparse.Expr) bool {
	return (a == nil) == (b == nil) && objcparse.RenderExpr(a) == objcparse.RenderExpr(b)
}

// nodes returns the trees es as nodes.
func nodes(es []*objcparse.Expr) []*objcparse.ExprNode {
	var out []*objcparse.ExprNode
	for _, e := range es {
		out = append(out, e.Node())
	}
	return out
}

func TestSessionCreated(t *testing.T) {
	kindOf := func(class string, bases []string) (string, bool) {
		chain := map[string]string{"PHManager": "AFHTTPSessionManager", "AFHTTPSessionManager": "AFHTTPSessionManager", "AFURLSessionManager": "AFURLSessionManager"}
		b, ok := chain[class]
		return b, ok
	}
	for _, tc := range []struct {
		name  string
		e     *objcparse.Expr
		self  string
		kind  SessionKind
		class string
	}{
		{"factory", send(ident("AFHTTPSessionManager"), "manager"), "", SessionManager, "AFHTTPSessionManager"},
		{"new", send(ident("AFURLSessionManager"), "new"), "", SessionManager, "AFURLSessionManager"},
		{"alloc init", send(send(ident("PHManager"), "alloc"), "initWithBaseURL:", ident("nil")), "", SessionManager, "PHManager"},
		{"self alloc in class method", send(send(ident("self"), "alloc"), "init"), "PHManager", SessionManager, "PHManager"},
		{"delegate", send(ident("NSURLSession"), "sessionWithConfiguration:delegate:delegateQueue:", ident("c"), ident("self"), ident("nil")), "", SessionWithDelegate, "NSURLSession"},
		{"nil delegate", send(ident("NSURLSession"), "sessionWithConfiguration:delegate:delegateQueue:", ident("c"), ident("nil"), ident("nil")), "", SessionPlain, "NSURLSession"},
		{"plain", send(ident("NSURLSession"), "sessionWithConfiguration:", ident("c")), "", SessionPlain, "NSURLSession"},
		{"shared session", send(ident("NSURLSession"), "sharedSession"), "", 0, ""},
		{"other class", send(ident("NSObject"), "new"), "", 0, ""},
		{"instance factory", send(ident("manager"), "manager"), "", 0, ""},
		{"self outside class method", send(send(ident("self"), "alloc"), "init"), "", 0, ""},
	} {
		c, ok := SessionCreated(tc.e, tc.self, kindOf)
		if ok != (tc.kind != 0) || c.Kind != tc.kind || c.Class != tc.class {
			t.Errorf("%s: SessionCreated = %+v, %v; want kind %v class %q", tc.name, c, ok, tc.kind, tc.class)
		}
	}
}

func TestInvalidates(t *testing.T) {
	m := ident("m")
	for _, tc := range []struct {
		name   string
		kind   SessionKind
		e      *objcparse.Expr
		holder string
	}{
		{"3.x", SessionManager, send(m, "invalidateSessionCancelingTasks:", ident("YES")), "m"},
		{"4.x", SessionManager, send(m, "invalidateSessionCancelingTasks:resetSession:", ident("YES"), ident("NO")), "m"},
		{"manager.session", SessionManager, send(member(m, "session"), "finishTasksAndInvalidate"), "m"},
		{"[manager session]", SessionManager, send(send(m, "session"), "invalidateAndCancel"), "m"},
		{"session", SessionWithDelegate, send(m, "finishTasksAndInvalidate"), "m"},
		{"not an invalidation", SessionManager, send(m, "GET:"), ""},
		{"session selector on a manager itself", SessionManager, send(m, "finishTasksAndInvalidate"), ""},
	} {
		h, ok := Invalidates(tc.kind, tc.e)
		if ok != (tc.holder != "") || (ok && !h.IsIdent(tc.holder)) {
			t.Errorf("%s: Invalidates = %v, %v; want holder %q", tc.name, h, ok, tc.holder)
		}
	}
}

func TestAllocatedClass(t *testing.T) {
	for _, tc := range []struct {
		name  string
		e     *objcparse.Expr
		self  string
		class string
	}{
		{"new", send(ident("Feed"), "new"), "", "Feed"},
		{"alloc init", send(send(ident("Feed"), "alloc"), "initWithName:", ident("n")), "", "Feed"},
		{"private init", send(send(ident("_Feed"), "alloc"), "_init"), "", "_Feed"},
		{"self in a class method", send(send(ident("self"), "alloc"), "init"), "Feed", "Feed"},
		{"self elsewhere", send(ident("self"), "new"), "", ""},
		{"not init family", send(send(ident("Feed"), "alloc"), "initialize"), "", ""},
		{"init without alloc", send(ident("feed"), "init"), "", ""},
		{"factory", send(ident("Feed"), "feed"), "", ""},
	} {
		cls, ok := AllocatedClass(tc.e, tc.self)
		if ok != (tc.class != "") || cls != tc.class {
			t.Errorf("%s: AllocatedClass = %q, %v; want %q", tc.name, cls, ok, tc.class)
		}
	}
}

func TestSessionDelegateCallback(t *testing.T) {
	for sel, want := range map[string]bool{
		"URLSession:task:didCompleteWithError:":              true,
		"URLSession:downloadTask:didFinishDownloadingToURL:": true,
		"URLSession:didBecomeInvalidWithError:":              false, // the session is already invalid
		"connection:didFailWithError:":                       false,
		"session:didComplete:":                               false,
	} {
		if got := SessionDelegateCallback(sel); got != want {
			t.Errorf("SessionDelegateCallback(%q) = %v, want %v", sel, got, want)
		}
	}
}
