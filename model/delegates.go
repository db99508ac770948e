package model

import (
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §1: "A delegate, dataSource or other back-pointer declared
// strong is almost always a cycle." The object that has a delegate is
// usually owned by the delegate (a table view by its view controller), so
// the back-pointer must not own.

// delegateNames are property names that announce a back-pointer.
var delegateNames = map[string]bool{"delegate": true, "datasource": true}

// delegateSuffixes are name suffixes (case-insensitive) that announce one.
var delegateSuffixes = []string{"delegate", "datasource"}

// DelegateLike reports whether a property named name of type t is a
// back-pointer to a delegate or data source: named `delegate`,
// `dataSource` or `…Delegate`/`…DataSource`, or typed `id<…Delegate>` /
// `id<…DataSource>`. It returns the reason in words for messages.
func DelegateLike(name string, t objcparse.Type) (string, bool) {
	lower := strings.ToLower(name)
	protos := ""
	if i := strings.IndexByte(t.Text, '<'); i >= 0 {
		protos = strings.ToLower(t.Text[i:])
	}
	if strings.Contains(protos, "weak") {
		// A weak-reference proxy (`id<Delegate, WeakReference>`): the
		// strong reference is to the proxy, which holds the delegate weakly.
		return "", false
	}
	abstract := t.Name == "id" || t.Name == ""
	if delegateNames[lower] {
		return "named " + name, true
	}
	// `…Delegate`/`…DataSource` typed with a concrete class is usually a
	// helper object the class creates and owns (a view controller's
	// data source object), not a back-pointer; typed `id<…>` it is one.
	if abstract {
		for _, s := range delegateSuffixes {
			if strings.HasSuffix(lower, s) {
				return "named " + name, true
			}
		}
		for _, s := range delegateSuffixes {
			if strings.Contains(protos, s+">") || strings.Contains(protos, s+",") {
				return "typed " + t.Text, true
			}
		}
	}
	return "", false
}

// ViewClasses are the framework view classes (UIKit and AppKit views and
// their framework subclasses that projects subclass). A view is owned by
// its superview, and a view hierarchy by the view controller or window
// that shows it (SEMANTICS §1): a view whose strong delegate is the view
// controller (or an ancestor view) that shows it keeps that owner alive,
// and the owner keeps the view, through objects objcleak does not model
// (a table view's cells, a view's subviews).
var ViewClasses = []string{
	"UIView", "UIControl", "UIButton", "UILabel", "UIImageView", "UIScrollView",
	"UITableView", "UITableViewCell", "UITableViewHeaderFooterView",
	"UICollectionView", "UICollectionViewCell", "UICollectionReusableView",
	"UITextField", "UITextView", "UIStackView", "UINavigationBar", "UIToolbar",
	"UISearchBar", "UITabBar", "UIPickerView", "UISlider", "UISwitch", "UIVisualEffectView",
	"NSView", "NSControl", "NSButton", "NSTextField", "NSTextView", "NSImageView",
	"NSScrollView", "NSTableView", "NSOutlineView", "NSTableCellView", "NSTableRowView",
	"NSCollectionView", "NSStackView", "NSClipView", "NSVisualEffectView",
}

// ViewOwnerClasses are the framework classes whose instances own a view
// hierarchy: view controllers, window controllers and windows (views
// own theirs too: see ViewClasses).
var ViewOwnerClasses = []string{
	"UIViewController", "UITableViewController", "UICollectionViewController",
	"UINavigationController", "UITabBarController", "UIPageViewController",
	"UISplitViewController", "UIAlertController", "UISearchController",
	"NSViewController", "NSWindowController", "NSWindow", "NSPanel",
	"NSTabViewController", "NSSplitViewController",
}

// AddsSubview reports whether sel, sent to a view, makes its first
// argument a subview the view keeps (addSubview:, insertSubview:atIndex:,
// insertSubview:aboveSubview:, …, NSView's addSubview:positioned:…).
func AddsSubview(sel string) bool {
	return strings.HasPrefix(sel, "addSubview:") || strings.HasPrefix(sel, "insertSubview:")
}

// WeakProxyName reports whether a property, method or class name says it
// gives a weak stand-in for an object (`self.weakSelf`, `[self
// weakReference]`, `[WeakProxy proxyWithTarget:self]`): what it returns
// does not keep the object alive, so storing it closes no cycle.
func WeakProxyName(name string) bool {
	return strings.Contains(strings.ToLower(name), "weak")
}
