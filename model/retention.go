package model

import (
	"strings"
	"unicode"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §2, §4, §7: how long an API keeps a block (or object) it is
// given. Only APIs that keep the argument as long as the receiver lives
// (or until an explicit removal) make a lasting ownership edge; APIs that
// run the block before returning, or keep it only until it has run once,
// make none.

// Retention says how long an API keeps an argument.
type Retention int

// Retention kinds.
const (
	// RetainUnknown: nothing is known about the API. No edge: objcleak
	// only reports cycles it can show.
	RetainUnknown Retention = iota
	// RetainNone: the API runs the block before it returns and drops it
	// (NS_NOESCAPE, enumerate…UsingBlock:, dispatch_sync, dispatch_once,
	// [UIView animateWithDuration:animations:]'s animations, Masonry).
	RetainNone
	// RetainUntilRun: the API keeps the block only until it has run once
	// (dispatch_async, dispatch_after, one-shot completion handlers). No
	// cycle; at worst the object lives a little longer (SEMANTICS §7).
	RetainUntilRun
	// RetainStored: the API keeps the argument as long as the receiver
	// lives or until it is explicitly removed, cancelled or invalidated
	// (setters, add…Block:, observers, dispatch source handlers).
	RetainStored
)

// String returns the retention's name.
func (r Retention) String() string {
	switch r {
	case RetainNone:
		return "non-escaping"
	case RetainUntilRun:
		return "until run"
	case RetainStored:
		return "stored"
	}
	return "unknown"
}

// An ArgUse says how an API keeps one of its arguments.
type ArgUse struct {
	Retention Retention
	// Kind is the ownership edge a stored argument makes.
	Kind EdgeKind
	// Holder is, for C functions, the index of the argument that keeps
	// it (the dispatch source, the object given an associated object);
	// -1 when the holder is the receiver (methods) or nothing.
	Holder int
}

// blockFunctions are the C functions that take a block, by name: which
// argument is the block and how long it is kept.
var blockFunctions = map[string]struct {
	arg    int
	use    Retention
	holder int
	kind   EdgeKind
}{
	// libdispatch: run before returning.
	"dispatch_sync":                   {1, RetainNone, -1, ""},
	"dispatch_barrier_sync":           {1, RetainNone, -1, ""},
	"dispatch_async_and_wait":         {1, RetainNone, -1, ""},
	"dispatch_barrier_async_and_wait": {1, RetainNone, -1, ""},
	"dispatch_once":                   {1, RetainNone, -1, ""},
	"dispatch_apply":                  {2, RetainNone, -1, ""},
	// libdispatch: kept by the queue until the block has run.
	"dispatch_async":         {1, RetainUntilRun, -1, ""},
	"dispatch_barrier_async": {1, RetainUntilRun, -1, ""},
	"dispatch_after":         {2, RetainUntilRun, -1, ""},
	"dispatch_group_async":   {2, RetainUntilRun, -1, ""},
	"dispatch_group_notify":  {2, RetainUntilRun, -1, ""},
	"CFRunLoopPerformBlock":  {2, RetainUntilRun, -1, ""},
	// Dispatch sources keep their handlers until cancelled.
	"dispatch_source_set_event_handler":        {1, RetainStored, 0, EdgeSourceHandler},
	"dispatch_source_set_cancel_handler":       {1, RetainStored, 0, EdgeSourceHandler},
	"dispatch_source_set_registration_handler": {1, RetainStored, 0, EdgeSourceHandler},
	"dispatch_block_create":                    {1, RetainUntilRun, -1, ""},
}

// FunctionArgUse returns how the C function name keeps its argument arg.
// objc_setAssociatedObject is not here: its retention depends on the
// policy argument (see AssociationRetains).
func FunctionArgUse(name string, arg int) ArgUse {
	f, ok := blockFunctions[name]
	if !ok || f.arg != arg {
		return ArgUse{Holder: -1}
	}
	return ArgUse{Retention: f.use, Kind: f.kind, Holder: f.holder}
}

// AssociationRetains reports whether an objc_setAssociatedObject policy
// retains (or copies) the value: OBJC_ASSOCIATION_RETAIN(_NONATOMIC) and
// OBJC_ASSOCIATION_COPY(_NONATOMIC) do, OBJC_ASSOCIATION_ASSIGN does not.
func AssociationRetains(policy string) bool {
	switch policy {
	case "OBJC_ASSOCIATION_RETAIN", "OBJC_ASSOCIATION_RETAIN_NONATOMIC",
		"OBJC_ASSOCIATION_COPY", "OBJC_ASSOCIATION_COPY_NONATOMIC":
		return true
	}
	return false
}

// selectorUses are methods whose block arguments' retention is known, by
// full selector and argument index. They win over the name heuristics of
// SelectorArgUse.
var selectorUses = map[string]map[int]ArgUse{
	// Run before returning.
	"sortedArrayUsingComparator:":                                {0: {Retention: RetainNone}},
	"sortUsingComparator:":                                       {0: {Retention: RetainNone}},
	"sortedArrayWithOptions:usingComparator:":                    {1: {Retention: RetainNone}},
	"sortWithOptions:usingComparator:":                           {1: {Retention: RetainNone}},
	"keysSortedByValueUsingComparator:":                          {0: {Retention: RetainNone}},
	"indexOfObjectPassingTest:":                                  {0: {Retention: RetainNone}},
	"indexesOfObjectsPassingTest:":                               {0: {Retention: RetainNone}},
	"objectsPassingTest:":                                        {0: {Retention: RetainNone}},
	"keysOfEntriesPassingTest:":                                  {0: {Retention: RetainNone}},
	"performBatchUpdates:completion:":                            {0: {Retention: RetainNone}, 1: {Retention: RetainUntilRun}},
	"performWithoutAnimation:":                                   {0: {Retention: RetainNone}},
	"performBlockAndWait:":                                       {0: {Retention: RetainNone}},
	"mas_makeConstraints:":                                       {0: {Retention: RetainNone}},
	"mas_updateConstraints:":                                     {0: {Retention: RetainNone}},
	"mas_remakeConstraints:":                                     {0: {Retention: RetainNone}},
	"makeConstraints:":                                           {0: {Retention: RetainNone}},
	"updateConstraints:":                                         {0: {Retention: RetainNone}},
	"remakeConstraints:":                                         {0: {Retention: RetainNone}},
	"transitionWithView:duration:options:animations:completion:": {3: {Retention: RetainNone}, 4: {Retention: RetainUntilRun}},
	// Kept until run once.
	"performBlock:":              {0: {Retention: RetainUntilRun}},
	"addOperationWithBlock:":     {0: {Retention: RetainUntilRun}},
	"addBarrierBlock:":           {0: {Retention: RetainUntilRun}},
	"addAnimations:":             {0: {Retention: RetainUntilRun}},
	"addAnimations:delayFactor:": {0: {Retention: RetainUntilRun}},
	"addCompletion:":             {0: {Retention: RetainUntilRun}},
	"addExecutionBlock:":         {0: {Retention: RetainUntilRun}},
	// Kept until removed.
	"addObserverForName:object:queue:usingBlock:":          {3: {Retention: RetainStored, Kind: EdgeObserverBlock}},
	"observe:keyPath:options:block:":                       {3: {Retention: RetainStored, Kind: EdgeObserverBlock}},
	"observe:keyPaths:options:block:":                      {3: {Retention: RetainStored, Kind: EdgeObserverBlock}},
	"addPeriodicTimeObserverForInterval:queue:usingBlock:": {2: {Retention: RetainStored, Kind: EdgeObserverBlock}},
	"addBoundaryTimeObserverForTimes:queue:usingBlock:":    {2: {Retention: RetainStored, Kind: EdgeObserverBlock}},
}

// classArgUses are framework classes whose documented retention of a
// block argument differs from what the selector's name says, by the
// class (and its framework subclasses), selector and argument.
var classArgUses = []struct {
	bases    []string
	selector string
	arg      int
	use      ArgUse
}{
	// NSOperation sets completionBlock to nil once the block begins
	// executing (iOS 8, macOS 10.10): a completion block that captures
	// the operation keeps it only until the operation has finished
	// (SEMANTICS §7). The setter name would say "stored".
	{[]string{"NSOperation", "NSBlockOperation", "NSInvocationOperation", "AFURLConnectionOperation", "AFHTTPRequestOperation"}, "setCompletionBlock:", 0, ArgUse{Retention: RetainUntilRun, Holder: -1}},
	// AFNetworking 2's request operations wrap success and failure in
	// their completionBlock (above), which they also clear once it has run.
	{[]string{"AFHTTPRequestOperation"}, "setCompletionBlockWithSuccess:failure:", 0, ArgUse{Retention: RetainUntilRun, Holder: -1}},
	{[]string{"AFHTTPRequestOperation"}, "setCompletionBlockWithSuccess:failure:", 1, ArgUse{Retention: RetainUntilRun, Holder: -1}},
}

// ClassArgUse returns how a framework class's method keeps its argument
// arg when the receiver is, or inherits from, that class and the class's
// documented behaviour decides it; ok is false otherwise (then
// SelectorArgUse applies). kindOf reports whether the receiver's class is,
// or inherits from, one of bases (Index.IsKindOfAny on that class). A
// property assignment asks with the property's setter (DefaultSetter).
func ClassArgUse(kindOf func(bases []string) bool, selector string, arg int) (ArgUse, bool) {
	if kindOf == nil {
		return ArgUse{Holder: -1}, false
	}
	for _, c := range classArgUses {
		if c.selector == selector && c.arg == arg && kindOf(c.bases) {
			return c.use, true
		}
	}
	return ArgUse{Holder: -1}, false
}

// SelectorArgUse returns how a method with the given selector keeps its
// block argument arg (0-based) when nothing better is known (the method is
// not in the project, or the project only declares it). In order:
//
//  1. the exact selectors of selectorUses;
//  2. non-escaping by name: enumerate…UsingBlock: / …WithBlock: enumerators,
//     …PassingTest:, …UsingComparator:, the animations: block of
//     animate…: and transition…: methods;
//  3. stored, setter-like: the first keyword is set<Name> (a block
//     property's setter, setCompletionBlock:, setTaskDidCompleteBlock:), or
//     add…/register… with the block's keyword ending in Block, Handler,
//     Callback, Observer or Action (addHandlerBlock:, registerCallback:);
//  4. until run: any other keyword naming a one-shot callback (completion,
//     handler, success, failure, callback, block, result, reply): network
//     and animation completions;
//  5. unknown otherwise.
//
// A method parameter written NS_NOESCAPE is RetainNone whatever its name;
// the caller checks that first.
func SelectorArgUse(selector string, arg int) ArgUse {
	none := ArgUse{Holder: -1}
	kws := SelectorKeywords(selector)
	if arg < 0 || arg >= len(kws) {
		return none
	}
	if m, ok := selectorUses[selector]; ok {
		if u, ok := m[arg]; ok {
			u.Holder = -1
			if u.Retention == RetainStored && u.Kind == "" {
				u.Kind = EdgeStoredArgument
			}
			return u
		}
	}
	first, kw := kws[0], kws[arg]
	lower := strings.ToLower(kw)
	switch {
	case strings.HasPrefix(first, "enumerate"),
		strings.HasSuffix(lower, "passingtest"),
		strings.HasSuffix(lower, "usingcomparator"),
		kw == "animations" && (strings.HasPrefix(first, "animate") || strings.HasPrefix(first, "transition")):
		return ArgUse{Retention: RetainNone, Holder: -1}
	case hasWordPrefix(first, "set") && (arg == 0 || !completionKeyword(lower)):
		// -setFoo:… keeps what it sets; a later success:/completion:
		// argument (-setStore:success:failure:) is a one-shot callback.
		return ArgUse{Retention: RetainStored, Kind: EdgeStoredArgument, Holder: -1}
	case (hasWordPrefix(first, "add") || hasWordPrefix(first, "register")) && storedKeyword(kw):
		return ArgUse{Retention: RetainStored, Kind: EdgeStoredArgument, Holder: -1}
	}
	if completionKeyword(lower) {
		return ArgUse{Retention: RetainUntilRun, Holder: -1}
	}
	return none
}

// completionKeyword reports whether a lower-cased selector keyword names
// a callback that runs once when the work is done.
func completionKeyword(lower string) bool {
	for _, w := range []string{"complet", "handler", "success", "failure", "callback", "block", "result", "reply", "then"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	// Short names SDKs use (succ:fail:, onDone:), as the keyword's end.
	for _, w := range []string{"succ", "fail", "failed", "done", "finish", "finished"} {
		if strings.HasSuffix(lower, w) {
			return true
		}
	}
	return false
}

// storedKeyword reports whether a keyword of an add…/register… selector
// names a block that is kept: …Block, …Handler, …Callback, …Observer, …Action.
func storedKeyword(kw string) bool {
	lower := strings.ToLower(kw)
	for _, s := range []string{"block", "handler", "callback", "observer", "action"} {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// hasWordPrefix reports whether s is prefix followed by an upper-case
// letter ("setFoo" for "set", not "settle").
func hasWordPrefix(s, prefix string) bool {
	if !strings.HasPrefix(s, prefix) || len(s) == len(prefix) {
		return false
	}
	return unicode.IsUpper(rune(s[len(prefix)]))
}

// SelectorKeywords splits a selector into its keywords: "a:b:" → [a b],
// "reload" → [reload].
func SelectorKeywords(selector string) []string {
	if selector == "" {
		return nil
	}
	if !strings.Contains(selector, ":") {
		return []string{selector}
	}
	return strings.Split(strings.TrimSuffix(selector, ":"), ":")
}

// A ReturnedRef is an argument that the object returned by a method keeps.
type ReturnedRef struct {
	Arg  int
	Kind EdgeKind
}

// returnedRefs are the factory and registration methods whose returned
// object keeps some of the arguments (SEMANTICS §7): an observer token
// keeps the observation block until it is removed, an operation or an
// alert action keeps its block. Timers and display links, which keep
// their target, user info or block until invalidated (SEMANTICS §4), are
// recognized by TimerCreated.
var returnedRefs = map[string][]ReturnedRef{
	"addObserverForName:object:queue:usingBlock:": {{3, EdgeObserverBlock}},
	"blockOperationWithBlock:":                    {{0, EdgeStoredArgument}},
	"actionWithTitle:style:handler:":              {{2, EdgeStoredArgument}},
}

// ReturnedRefs returns the arguments that the object returned by a method
// with this selector keeps, or nil.
func ReturnedRefs(selector string) []ReturnedRef { return returnedRefs[selector] }

// collectionStores are the mutating selectors that store an element into
// the receiver, with the index of the stored argument.
var collectionStores = map[string]int{
	"addObject:":                       0,
	"insertObject:atIndex:":            0,
	"replaceObjectAtIndex:withObject:": 1,
	"setObject:forKey:":                0,
	"setObject:forKeyedSubscript:":     0,
	"setObject:atIndexedSubscript:":    0,
	"setObject:forKey:cost:":           0,
	"addPointer:":                      0,
	"insertPointer:atIndex:":           0,
}

// elementCopies are the constructors whose result holds the elements of
// their first argument (a collection): what the argument's elements are
// kept by, the new collection keeps too.
var elementCopies = map[string]bool{
	"arrayWithArray:":                true,
	"initWithArray:":                 true,
	"initWithArray:copyItems:":       true,
	"setWithArray:":                  true,
	"setWithSet:":                    true,
	"initWithSet:":                   true,
	"orderedSetWithArray:":           true,
	"dictionaryWithDictionary:":      true,
	"initWithDictionary:":            true,
	"arrayByAddingObjectsFromArray:": true,
}

// CopiesElements reports whether a send of selector makes a collection
// holding the elements of its first argument ([NSArray arrayWithArray:m]).
func CopiesElements(selector string) bool { return elementCopies[selector] }

// performSelectorWithObject are the NSObject and NSThread-style methods
// that send a selector with one object argument (arguments 0 and 1), now
// or later.
var performSelectorWithObject = map[string]bool{
	"performSelector:withObject:":                                 true,
	"performSelector:withObject:afterDelay:":                      true,
	"performSelector:withObject:afterDelay:inModes:":              true,
	"performSelectorOnMainThread:withObject:waitUntilDone:":       true,
	"performSelectorOnMainThread:withObject:waitUntilDone:modes:": true,
}

// PerformedSetterNil reports whether the send e has its receiver perform a
// one-argument setter with nil (`[self performSelector:@selector(setOwner:)
// withObject:nil afterDelay:0]`), and returns the setter's selector: the
// same release as `[self setOwner:nil]`, now or a little later.
func PerformedSetterNil(e *objcparse.Expr) (string, bool) {
	if e == nil || e.Kind != objcparse.ExprMessage || !performSelectorWithObject[e.Name] || e.NumArgs() < 2 {
		return "", false
	}
	sel := e.Arg(0).Unparen()
	if sel == nil || sel.Kind != objcparse.ExprSelector || !IsNil(e.Arg(1)) {
		return "", false
	}
	if _, ok := SetterProperty(sel.Name); !ok {
		return "", false
	}
	return sel.Name, true
}

// CollectionStoreArg returns the index of the argument that a collection
// mutation stores (addObject:, setObject:forKey:, …), or -1.
func CollectionStoreArg(selector string) int {
	if i, ok := collectionStores[selector]; ok {
		return i
	}
	return -1
}

// pointerCollections are the Foundation collections whose element
// ownership is chosen at creation: weak NSHashTable, NSMapTable and
// NSPointerArray elements are no edge (SEMANTICS §3).
var pointerCollections = map[string]bool{"NSHashTable": true, "NSMapTable": true, "NSPointerArray": true}

// IsPointerCollection reports whether class is NSHashTable, NSMapTable or
// NSPointerArray, whose elements are owned only when created so.
func IsPointerCollection(class string) bool { return pointerCollections[class] }

// pointerCollectionFactories say whether the values of a pointer
// collection created by a class factory are owned.
var pointerCollectionFactories = map[string]bool{
	"weakObjectsHashTable":              false,
	"hashTableWithWeakObjects":          false,
	"weakObjectsPointerArray":           false,
	"pointerArrayWithWeakObjects":       false,
	"strongToWeakObjectsMapTable":       false,
	"weakToWeakObjectsMapTable":         false,
	"mapTableWithStrongToWeakObjects":   false,
	"mapTableWithWeakToWeakObjects":     false,
	"strongToStrongObjectsMapTable":     true,
	"weakToStrongObjectsMapTable":       true,
	"mapTableWithStrongToStrongObjects": true,
	"mapTableWithWeakToStrongObjects":   true,
	"strongObjectsPointerArray":         true,
	"pointerArrayWithStrongObjects":     true,
	"hashTable":                         true, // [NSHashTable new] / alloc-init: strong
	"new":                               true,
	"init":                              true,
}

// weakMemoryOptions are the option constants that make a pointer
// collection's elements weak (or unretained).
var weakMemoryOptions = []string{"WeakMemory", "OpaqueMemory", "NSPointerFunctionsOpaquePersonality"}

// PointerCollectionOwnsValues reports whether a pointer collection created
// with the given selector and option identifiers owns its values. For
// …WithOptions: creators, the value options are the last option
// identifiers written (for NSMapTable, the value options argument). known
// is false when the selector says nothing.
func PointerCollectionOwnsValues(selector string, options []string) (owned, known bool) {
	if v, ok := pointerCollectionFactories[selector]; ok {
		return v, true
	}
	if !strings.Contains(selector, "Options") && !strings.Contains(selector, "options") {
		return false, false
	}
	for _, o := range options {
		for _, w := range weakMemoryOptions {
			if strings.Contains(o, w) {
				return false, true
			}
		}
	}
	return true, true
}

// dispatchObjectTypes are libdispatch's object types. With
// OS_OBJECT_USE_OBJC (the default when building Objective-C for iOS 6 /
// macOS 10.8 and later) they are Objective-C objects: retained by strong
// ivars and properties and captured by blocks like any object.
var dispatchObjectTypes = map[string]bool{
	"dispatch_object_t": true, "dispatch_queue_t": true, "dispatch_source_t": true,
	"dispatch_group_t": true, "dispatch_semaphore_t": true, "dispatch_io_t": true,
	"dispatch_data_t": true, "dispatch_block_t": true, "dispatch_workloop_t": true,
	"dispatch_queue_global_t": true, "dispatch_queue_serial_t": true,
	"dispatch_queue_main_t": true, "dispatch_queue_concurrent_t": true,
}

// IsDispatchObjectType reports whether name is a libdispatch object type
// (an Objective-C object under OS_OBJECT_USE_OBJC).
func IsDispatchObjectType(name string) bool { return dispatchObjectTypes[name] }

// registrationCancellers are the selectors that end a block registration
// when sent to the token it returned (or to the registered object): Realm
// and NSKeyValueObservation tokens (-invalidate), NSURLSessionTask and
// operations (-cancel), ReactiveObjC disposables (-dispose), observer
// wrappers (-remove, -stop, -unsubscribe).
var registrationCancellers = map[string]bool{
	"invalidate": true, "cancel": true, "dispose": true, "remove": true,
	"stop": true, "unsubscribe": true, "removeObserver": true,
}

// CancelsRegistration reports whether a unary selector ends the
// registration of the token it is sent to.
func CancelsRegistration(sel string) bool { return registrationCancellers[sel] }

// collectionRemovals are the collection mutations that let elements go
// (SEMANTICS §3): after them the collection no longer owns what it held.
var collectionRemovals = map[string]bool{
	"removeObject:": true, "removeObjectIdenticalTo:": true, "removeAllObjects": true,
	"removeObjectForKey:": true, "removeObjectsForKeys:": true, "removeObjectAtIndex:": true,
	"removeLastObject": true, "removeFirstObject": true, "removeObjectsInArray:": true,
	"removeObjectsAtIndexes:": true, "removeObjectsInRange:": true, "removeObject:inRange:": true,
	"removeObjectsPassingTest:": true, "minusSet:": true, "minusHashTable:": true,
	"removePointerAtIndex:": true, "setArray:": true, "setSet:": true, "setDictionary:": true,
	"removeAllPointers": true, "filterUsingPredicate:": true,
}

// CollectionRemoval reports whether a collection mutation lets elements
// go: removeObject:, removeAllObjects, removeObjectForKey:, …
func CollectionRemoval(selector string) bool { return collectionRemovals[selector] }

// CollectionEmptied reports whether a collection mutation lets every
// element go (removeAllObjects, removeAllPointers), whatever was added.
func CollectionEmptied(selector string) bool {
	return selector == "removeAllObjects" || selector == "removeAllPointers"
}

// frameworkInvoked are methods that the frameworks call on an object of
// the project without the project sending them: lifecycle overrides and
// teardown points (SEMANTICS §8). A release of a reference in one of them
// happens even though no code of the project calls the method.
var frameworkInvoked = map[string]bool{
	// UIKit / AppKit view controllers and views.
	"viewWillDisappear:": true, "viewDidDisappear:": true, "viewWillAppear:": true, "viewDidAppear:": true,
	"viewDidLoad": true, "loadView": true, "viewWillUnload": true, "viewDidUnload": true,
	"didReceiveMemoryWarning": true, "removeFromParentViewController": true,
	"willMoveToParentViewController:": true, "didMoveToParentViewController:": true,
	"dismissViewControllerAnimated:completion:": true,
	"removeFromSuperview":                       true, "willMoveToSuperview:": true, "didMoveToSuperview": true,
	"willMoveToWindow:": true, "didMoveToWindow": true, "prepareForReuse": true,
	"viewWillMoveToWindow:": true, "viewDidMoveToWindow": true, "viewWillMoveToSuperview:": true,
	"awakeFromNib": true, "layoutSubviews": true,
	// AppKit windows and documents.
	"windowWillClose:": true, "close": true, "windowDidLoad": true, "canCloseDocumentWithDelegate:shouldCloseSelector:contextInfo:": true,
	// Application lifecycle.
	"applicationWillTerminate:": true, "applicationDidEnterBackground:": true, "applicationWillResignActive:": true,
	"sceneDidDisconnect:": true,
	// Tests.
	"setUp": true, "tearDown": true, "setUpWithError:": true, "tearDownWithError:": true,
	// Operations, threads, streams and connections.
	"main": true, "start": true, "cancel": true, "stop": true, "invalidate": true, "finish": true,
	"stream:handleEvent:": true, "observeValueForKeyPath:ofObject:change:context:": true,
}

// FrameworkInvoked reports whether the frameworks may call method sel on
// an object without the project sending it: a lifecycle override
// (viewWillDisappear:, removeFromSuperview, tearDown, …), or a delegate
// or data source callback, which by Cocoa's naming conventions has a
// keyword with "did", "will" or "should" (connection:didFailWithError:,
// URLSession:task:didCompleteWithError:).
func FrameworkInvoked(sel string) bool {
	if frameworkInvoked[sel] {
		return true
	}
	for _, kw := range SelectorKeywords(sel) {
		lower := strings.ToLower(kw)
		if strings.HasPrefix(lower, "did") || strings.HasPrefix(lower, "will") || strings.HasPrefix(lower, "should") ||
			strings.Contains(kw, "Did") || strings.Contains(kw, "Will") || strings.Contains(kw, "Should") {
			return true
		}
	}
	return false
}
