package model

import (
	"github.com/objcleak/objcleak/objcparse"

	"reflect"
	"testing"
)

func TestSelectorArgUse(t *testing.T) {
	tests := []struct {
		sel  string
		arg  int
		want Retention
		kind EdgeKind
	}{
		// Non-escaping.
		{"enumerateObjectsUsingBlock:", 0, RetainNone, ""},
		{"enumerateKeysAndObjectsWithOptions:usingBlock:", 1, RetainNone, ""},
		{"sortedArrayUsingComparator:", 0, RetainNone, ""},
		{"sortedArrayWithOptions:usingComparator:", 1, RetainNone, ""},
		{"indexesOfObjectsPassingTest:", 0, RetainNone, ""},
		{"indexesOfObjectsWithOptions:passingTest:", 1, RetainNone, ""},
		{"animateWithDuration:animations:", 1, RetainNone, ""},
		{"animateWithDuration:animations:completion:", 2, RetainUntilRun, ""},
		{"animateWithDuration:delay:options:animations:completion:", 3, RetainNone, ""},
		{"performBatchUpdates:completion:", 0, RetainNone, ""},
		{"performBatchUpdates:completion:", 1, RetainUntilRun, ""},
		{"mas_makeConstraints:", 0, RetainNone, ""},
		{"mas_updateConstraints:", 0, RetainNone, ""},
		{"mas_remakeConstraints:", 0, RetainNone, ""},
		{"performBlockAndWait:", 0, RetainNone, ""},
		// Temporary.
		{"performBlock:", 0, RetainUntilRun, ""},
		{"addOperationWithBlock:", 0, RetainUntilRun, ""}, // add…Block: but the queue drops it after running
		{"dataTaskWithURL:completionHandler:", 1, RetainUntilRun, ""},
		{"GET:parameters:headers:progress:success:failure:", 4, RetainUntilRun, ""},
		{"loadWithCompletion:", 0, RetainUntilRun, ""},
		// Stored.
		{"setCompletion:", 0, RetainStored, EdgeStoredArgument},
		{"setCompletionBlock:", 0, RetainStored, EdgeStoredArgument},
		{"setTaskDidCompleteBlock:", 0, RetainStored, EdgeStoredArgument},
		{"setHandler:forEvent:", 0, RetainStored, EdgeStoredArgument},
		// A later callback of a set… selector runs once.
		{"setStore:success:failure:", 1, RetainUntilRun, ""},
		{"setStore:success:failure:", 0, RetainStored, EdgeStoredArgument},
		// SDKs' short callback names: succ:fail:, …Done:.
		{"setGroupInfo:succ:fail:", 1, RetainUntilRun, ""},
		{"setGroupInfo:succ:fail:", 2, RetainUntilRun, ""},
		{"uploadFile:onDone:", 1, RetainUntilRun, ""},
		{"setOnDone:", 0, RetainStored, EdgeStoredArgument},
		{"setValue:forKey:options:", 2, RetainStored, EdgeStoredArgument},
		{"addHandlerBlock:", 0, RetainStored, EdgeStoredArgument},
		{"addEventHandler:forControlEvents:", 0, RetainStored, EdgeStoredArgument},
		{"registerCallback:", 0, RetainStored, EdgeStoredArgument},
		{"addObserverForName:object:queue:usingBlock:", 3, RetainStored, EdgeObserverBlock},
		{"observe:keyPath:options:block:", 3, RetainStored, EdgeObserverBlock},
		{"addPeriodicTimeObserverForInterval:queue:usingBlock:", 2, RetainStored, EdgeObserverBlock},
		// Unknown.
		{"settle:", 0, RetainUnknown, ""}, // "set" not followed by a word
		{"addObject:", 0, RetainUnknown, ""},
		{"doSomething:", 0, RetainUnknown, ""},
		{"reload", 0, RetainUnknown, ""},
		{"setCompletion:", 1, RetainUnknown, ""}, // no such argument
		{"", 0, RetainUnknown, ""},
	}
	for _, tt := range tests {
		got := SelectorArgUse(tt.sel, tt.arg)
		if got.Retention != tt.want || got.Kind != tt.kind || got.Holder != -1 {
			t.Errorf("SelectorArgUse(%q, %d) = %+v, want %v %q", tt.sel, tt.arg, got, tt.want, tt.kind)
		}
	}
}

func TestFunctionArgUse(t *testing.T) {
	tests := []struct {
		name   string
		arg    int
		want   Retention
		holder int
	}{
		{"dispatch_sync", 1, RetainNone, -1},
		{"dispatch_once", 1, RetainNone, -1},
		{"dispatch_apply", 2, RetainNone, -1},
		{"dispatch_async", 1, RetainUntilRun, -1},
		{"dispatch_after", 2, RetainUntilRun, -1},
		{"dispatch_group_async", 2, RetainUntilRun, -1},
		{"dispatch_source_set_event_handler", 1, RetainStored, 0},
		{"dispatch_source_set_cancel_handler", 1, RetainStored, 0},
		{"dispatch_source_set_event_handler", 0, RetainUnknown, -1}, // the source itself
		{"dispatch_async", 0, RetainUnknown, -1},
		{"NSLog", 1, RetainUnknown, -1},
	}
	for _, tt := range tests {
		got := FunctionArgUse(tt.name, tt.arg)
		if got.Retention != tt.want || got.Holder != tt.holder {
			t.Errorf("FunctionArgUse(%q, %d) = %+v, want %v holder %d", tt.name, tt.arg, got, tt.want, tt.holder)
		}
		if got.Retention == RetainStored && got.Kind != EdgeSourceHandler {
			t.Errorf("FunctionArgUse(%q): kind %q", tt.name, got.Kind)
		}
	}
}

func TestAssociationRetains(t *testing.T) {
	for p, want := range map[string]bool{
		"OBJC_ASSOCIATION_RETAIN": true, "OBJC_ASSOCIATION_RETAIN_NONATOMIC": true,
		"OBJC_ASSOCIATION_COPY": true, "OBJC_ASSOCIATION_COPY_NONATOMIC": true,
		"OBJC_ASSOCIATION_ASSIGN": false, "": false, "kPolicy": false,
	} {
		if got := AssociationRetains(p); got != want {
			t.Errorf("AssociationRetains(%q) = %v", p, got)
		}
	}
}

func TestSelectorKeywords(t *testing.T) {
	for sel, want := range map[string][]string{
		"reload": {"reload"}, "a:": {"a"}, "a:b:c:": {"a", "b", "c"}, "": nil,
	} {
		if got := SelectorKeywords(sel); !reflect.DeepEqual(got, want) {
			t.Errorf("SelectorKeywords(%q) = %v, want %v", sel, got, want)
		}
	}
}

func TestReturnedRefs(t *testing.T) {
	if got := ReturnedRefs("addObserverForName:object:queue:usingBlock:"); !reflect.DeepEqual(got, []ReturnedRef{{3, EdgeObserverBlock}}) {
		t.Errorf("observer: %v", got)
	}
	if got := ReturnedRefs("actionWithTitle:style:handler:"); !reflect.DeepEqual(got, []ReturnedRef{{2, EdgeStoredArgument}}) {
		t.Errorf("alert action: %v", got)
	}
	// Timers are TimerCreated's.
	if got := ReturnedRefs("scheduledTimerWithTimeInterval:target:selector:userInfo:repeats:"); got != nil {
		t.Errorf("timer: %v", got)
	}
	if got := ReturnedRefs("arrayWithObject:"); got != nil {
		t.Errorf("arrayWithObject: %v", got)
	}
}

func TestCollectionStoreArg(t *testing.T) {
	for sel, want := range map[string]int{
		"addObject:": 0, "setObject:forKey:": 0, "replaceObjectAtIndex:withObject:": 1,
		"insertObject:atIndex:": 0, "removeObject:": -1, "objectForKey:": -1,
	} {
		if got := CollectionStoreArg(sel); got != want {
			t.Errorf("CollectionStoreArg(%q) = %d, want %d", sel, got, want)
		}
	}
}

func TestPointerCollections(t *testing.T) {
	if !IsPointerCollection("NSHashTable") || !IsPointerCollection("NSMapTable") || !IsPointerCollection("NSPointerArray") || IsPointerCollection("NSMutableArray") {
		t.Error("IsPointerCollection")
	}
	tests := []struct {
		sel          string
		opts         []string
		owned, known bool
	}{
		{"weakObjectsHashTable", nil, false, true},
		{"weakObjectsPointerArray", nil, false, true},
		{"strongToWeakObjectsMapTable", nil, false, true},
		{"weakToStrongObjectsMapTable", nil, true, true},
		{"strongToStrongObjectsMapTable", nil, true, true},
		{"new", nil, true, true},
		{"hashTableWithOptions:", []string{"NSPointerFunctionsWeakMemory"}, false, true},
		{"hashTableWithOptions:", []string{"NSHashTableStrongMemory"}, true, true},
		{"mapTableWithKeyOptions:valueOptions:", []string{"NSMapTableStrongMemory", "NSMapTableWeakMemory"}, false, true},
		{"sharedTable", nil, false, false},
	}
	for _, tt := range tests {
		owned, known := PointerCollectionOwnsValues(tt.sel, tt.opts)
		if owned != tt.owned || known != tt.known {
			t.Errorf("PointerCollectionOwnsValues(%q, %v) = %v %v, want %v %v", tt.sel, tt.opts, owned, known, tt.owned, tt.known)
		}
	}
}

func TestDispatchObjectTypes(t *testing.T) {
	if !IsDispatchObjectType("dispatch_source_t") || !IsDispatchObjectType("dispatch_queue_t") || IsDispatchObjectType("dispatch_time_t") || IsDispatchObjectType("dispatch_once_t") {
		t.Error("IsDispatchObjectType")
	}
}

func TestRetentionString(t *testing.T) {
	for r, want := range map[Retention]string{RetainUnknown: "unknown", RetainNone: "non-escaping", RetainUntilRun: "until run", RetainStored: "stored"} {
		if r.String() != want {
			t.Errorf("%d: %q", r, r.String())
		}
	}
}

func TestCancelsRegistration(t *testing.T) {
	for sel, want := range map[string]bool{"invalidate": true, "cancel": true, "dispose": true, "stop": true, "reload": false, "cancel:": false} {
		if got := CancelsRegistration(sel); got != want {
			t.Errorf("CancelsRegistration(%q) = %v", sel, got)
		}
	}
}

func TestClassArgUse(t *testing.T) {
	chains := map[string][]string{
		"MyOperation":            {"MyOperation", "NSOperation", "NSObject"},
		"MyBlockOp":              {"MyBlockOp", "NSBlockOperation"},
		"MyView":                 {"MyView", "UIView"},
		"AFHTTPRequestOperation": {"AFHTTPRequestOperation"},
	}
	kindOf := func(class string) func([]string) bool {
		return func(bases []string) bool {
			for _, c := range chains[class] {
				for _, b := range bases {
					if c == b {
						return true
					}
				}
			}
			return false
		}
	}
	for _, tc := range []struct {
		class, sel string
		arg        int
		want       Retention
		ok         bool
	}{
		{"MyOperation", "setCompletionBlock:", 0, RetainUntilRun, true},
		{"MyBlockOp", "setCompletionBlock:", 0, RetainUntilRun, true},
		// Any other class's completionBlock setter stores the block.
		{"MyView", "setCompletionBlock:", 0, RetainUnknown, false},
		{"AFHTTPRequestOperation", "setCompletionBlockWithSuccess:failure:", 1, RetainUntilRun, true},
		{"AFHTTPRequestOperation", "setCompletionBlock:", 0, RetainUntilRun, true},
		{"MyOperation", "setQueuePriority:", 0, RetainUnknown, false},
	} {
		got, ok := ClassArgUse(kindOf(tc.class), tc.sel, tc.arg)
		if ok != tc.ok || got.Retention != tc.want {
			t.Errorf("ClassArgUse(%s, %s, %d) = %v, %v; want %v, %v", tc.class, tc.sel, tc.arg, got.Retention, ok, tc.want, tc.ok)
		}
	}
	if _, ok := ClassArgUse(nil, "setCompletionBlock:", 0); ok {
		t.Error("ClassArgUse with no class answered")
	}
	if got := SelectorArgUse("setCompletionBlock:", 0); got.Retention != RetainStored {
		t.Errorf("SelectorArgUse(setCompletionBlock:) = %v; want stored (no class known)", got.Retention)
	}
}

func TestCollectionEmptied(t *testing.T) {
	for sel, want := range map[string]bool{
		"removeAllObjects": true, "removeAllPointers": true,
		"removeObject:": false, "removeObjectForKey:": false, "addObject:": false,
	} {
		if got := CollectionEmptied(sel); got != want {
			t.Errorf("CollectionEmptied(%s) = %v, want %v", sel, got, want)
		}
		if want && !CollectionRemoval(sel) {
			t.Errorf("%s empties a collection but is no CollectionRemoval", sel)
		}
	}
}

func TestCopiesElements(t *testing.T) {
	for sel, want := range map[string]bool{
		"arrayWithArray:": true, "initWithDictionary:": true, "setWithArray:": true,
		"addObject:": false, "arrayWithObject:": false, "copy": false, "": false,
	} {
		if got := CopiesElements(sel); got != want {
			t.Errorf("CopiesElements(%q) = %v, want %v", sel, got, want)
		}
	}
}

func TestPerformedSetterNil(t *testing.T) {
	send := func(name string, args ...*objcparse.ExprNode) *objcparse.Expr {
		return objcparse.NewExpr(&objcparse.ExprNode{Kind: objcparse.ExprMessage, Name: name,
			X: &objcparse.ExprNode{Kind: objcparse.ExprIdent, Name: "self"}, Args: args})
	}
	selector := func(name string) *objcparse.ExprNode {
		return &objcparse.ExprNode{Kind: objcparse.ExprSelector, Name: name}
	}
	ident := func(name string) *objcparse.ExprNode {
		return &objcparse.ExprNode{Kind: objcparse.ExprIdent, Name: name}
	}
	for _, tc := range []struct {
		e    *objcparse.Expr
		want string
	}{
		{send("performSelector:withObject:afterDelay:", selector("setRetainedSelf:"), ident("nil"), ident("delay")), "setRetainedSelf:"},
		{send("performSelectorOnMainThread:withObject:waitUntilDone:", selector("setOwner:"), ident("nil"), ident("NO")), "setOwner:"},
		{send("performSelector:withObject:", selector("setOwner:"), ident("owner")), ""}, // not nil
		{send("performSelector:withObject:", selector("reloadData:"), ident("nil")), ""}, // not a setter
		{send("performSelector:withObject:", selector("setA:b:"), ident("nil")), ""},     // two arguments
		{send("performSelector:afterDelay:", selector("setOwner:"), ident("nil")), ""},   // no object argument
	} {
		got, ok := PerformedSetterNil(tc.e)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("PerformedSetterNil(%s) = %q, want %q", objcparse.RenderExpr(tc.e), got, tc.want)
		}
	}
}
