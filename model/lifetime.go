package model

// SEMANTICS §1 (lifetime): the methods the frameworks call once in an
// object's life, while it is being set up. A reference a process-lifetime
// object assigns only there holds one object for the whole process; one it
// assigns elsewhere (-prepareForSegue:sender:, an action) may hold a new
// object each time, and each earlier one that is on a cycle leaks.

// setupOnceSelectors are the framework's set-up callbacks, by selector.
var setupOnceSelectors = map[string]bool{
	"awakeFromNib":                                true,
	"loadView":                                    true,
	"viewDidLoad":                                 true,
	"windowDidLoad":                               true,
	"windowControllerDidLoadNib:":                 true,
	"applicationDidFinishLaunching:":              true,
	"applicationWillFinishLaunching:":             true,
	"application:didFinishLaunchingWithOptions:":  true,
	"application:willFinishLaunchingWithOptions:": true,
}

// LoadSegues are custom storyboard segue classes that their container
// view controller performs once, while it is loaded, to set its own
// children from the storyboard: LGSideMenuController performs its "root",
// "left" and "right" segues (LGSideMenuSegue) when it awakes from the
// storyboard, SWRevealViewController its "sw_front", "sw_rear" and
// "sw_right" segues (SWRevealViewControllerSegueSetController) in
// -loadView. A controller a main storyboard's root reaches through them
// is a root controller too, made once at launch. Any other custom segue
// runs when code performs it, possibly many times.
var LoadSegues = map[string]bool{
	"LGSideMenuSegue":                          true,
	"SWRevealViewControllerSegueSetController": true,
}

// ManagedObjectClasses are the Core Data classes whose @dynamic properties
// Core Data implements: the relationships between managed objects are
// owned by their managed object context, which breaks the cycles they form
// when it turns objects into faults or is reset (REALCODE.md, cause 7).
var ManagedObjectClasses = []string{"NSManagedObject"}

// ManagedObjectCategories are the categories Xcode's Core Data code
// generation writes for an entity's class (Entity+CoreDataProperties.h/.m
// declare and @dynamic its attributes and relationships): @dynamic
// properties there belong to a managed object even when the project's
// class descends from NSManagedObject through a class outside the project
// (a pod's base record class).
var ManagedObjectCategories = map[string]bool{"CoreDataProperties": true}

// SetupOnce reports whether the instance method sel runs once while its
// object is set up: an initializer (the init family: init, init…, _init…)
// or a framework set-up
// callback (-awakeFromNib, -viewDidLoad, the application delegate's
// launch methods).
func SetupOnce(sel string) bool {
	return IsInitSelector(sel) || setupOnceSelectors[sel]
}
