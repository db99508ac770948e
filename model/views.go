package model

import "strings"

// SEMANTICS §3 (views): a table or collection view keeps the cells and the
// header, footer and row views it shows and the ones it keeps for reuse,
// and a view controller keeps its view and so every view of its view
// hierarchy. A cell that keeps a block capturing the view controller that
// owns the table (`cell.onTap = ^{ [self open]; }` in
// -tableView:cellForRowAtIndexPath:) closes a cycle: view controller →
// table view → cell → block → view controller.

// EdgeViewHierarchy: a view keeps its subviews, a table or collection view
// the cells and views it shows or keeps for reuse, a view controller its
// view (and so the views of its nib, which weak outlets point at).
const EdgeViewHierarchy EdgeKind = "view hierarchy"

// ListViewClasses are the framework classes whose data source returns the
// cells and views they keep.
var ListViewClasses = []string{"UITableView", "UICollectionView", "NSTableView", "NSOutlineView", "UIPickerView"}

// ListFamily returns the kind of list view a framework list-view class is
// ("tableView" for UITableView and NSTableView, "collectionView", …): the
// first selector piece of its data-source and delegate methods
// (-tableView:cellForRowAtIndexPath:) and the name a list view
// controller gives it (ListControllerViews).
func ListFamily(base string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(base, "UI"), "NS")
	if p == "" {
		return ""
	}
	return strings.ToLower(p[:1]) + p[1:]
}

// ListViewByName returns the framework list-view class that a class name
// the project does not declare ends like (TPKeyboardAvoidingTableView from
// a pod is a table view), or "".
func ListViewByName(name string) string {
	for _, c := range ListViewClasses {
		if strings.HasSuffix(name, c[2:]) {
			return c
		}
	}
	return ""
}

// ViewControllerClasses are the framework classes that keep their view:
// the views of their nib (and their weak outlets) live as long as they do.
var ViewControllerClasses = []string{"UIViewController", "NSViewController", "NSWindowController"}

// ListControllerViews are the framework view controllers whose list view
// is their own (the property naming it, kept through their view).
var ListControllerViews = map[string]string{
	"UITableViewController":      "tableView",
	"UICollectionViewController": "collectionView",
}

// cellProviders are the data-source methods whose returned view the list
// view passed as their first argument keeps (it shows it, then keeps it
// for reuse), by selector.
var cellProviders = map[string]bool{
	"tableView:cellForRowAtIndexPath:":                              true,
	"tableView:viewForHeaderInSection:":                             true,
	"tableView:viewForFooterInSection:":                             true,
	"collectionView:cellForItemAtIndexPath:":                        true,
	"collectionView:viewForSupplementaryElementOfKind:atIndexPath:": true,
	"tableView:viewForTableColumn:row:":                             true,
	"tableView:rowViewForRow:":                                      true,
	"outlineView:viewForTableColumn:item:":                          true,
	"outlineView:rowViewForItem:":                                   true,
	"pickerView:viewForRow:forComponent:reusingView:":               true,
}

// CellProvider reports whether an instance method with this selector is a
// data-source method whose returned view is kept by the list view passed
// as its first argument.
func CellProvider(selector string) bool { return cellProviders[selector] }

// reusedViews are the list-view methods that return a view the receiver
// keeps: a cell dequeued for reuse, a visible cell, a view made for a
// column.
var reusedViews = map[string]bool{
	"dequeueReusableCellWithIdentifier:":                                       true,
	"dequeueReusableCellWithIdentifier:forIndexPath:":                          true,
	"dequeueReusableHeaderFooterViewWithIdentifier:":                           true,
	"dequeueReusableCellWithReuseIdentifier:forIndexPath:":                     true,
	"dequeueReusableSupplementaryViewOfKind:withReuseIdentifier:forIndexPath:": true,
	"dequeueConfiguredReusableCellWithRegistration:forIndexPath:item:":         true,
	"cellForRowAtIndexPath:":                                                   true,
	"cellForItemAtIndexPath:":                                                  true,
	"headerViewForSection:":                                                    true,
	"footerViewForSection:":                                                    true,
	"makeViewWithIdentifier:owner:":                                            true,
	"viewAtColumn:row:makeIfNecessary:":                                        true,
	"rowViewAtRow:makeIfNecessary:":                                            true,
}

// KeptByReceiver reports whether the object a list-view method with this
// selector returns is kept by the receiver (a dequeued or visible cell).
func KeptByReceiver(selector string) bool { return reusedViews[selector] }
