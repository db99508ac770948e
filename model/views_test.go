package model

import "testing"

func TestViews(t *testing.T) {
	for sel, want := range map[string]bool{
		"tableView:cellForRowAtIndexPath:":       true,
		"collectionView:cellForItemAtIndexPath:": true,
		"outlineView:viewForTableColumn:item:":   true,
		"tableView:didSelectRowAtIndexPath:":     false, // returns nothing
		"tableView:heightForRowAtIndexPath:":     false,
		"cellForRowAtIndexPath:":                 false, // a list view's own method, not a data source's
	} {
		if got := CellProvider(sel); got != want {
			t.Errorf("CellProvider(%q) = %v, want %v", sel, got, want)
		}
	}
	for sel, want := range map[string]bool{
		"dequeueReusableCellWithIdentifier:":                   true,
		"dequeueReusableCellWithReuseIdentifier:forIndexPath:": true,
		"makeViewWithIdentifier:owner:":                        true,
		"cellForRowAtIndexPath:":                               true,
		"registerClass:forCellReuseIdentifier:":                false,
		"indexPathForCell:":                                    false,
	} {
		if got := KeptByReceiver(sel); got != want {
			t.Errorf("KeptByReceiver(%q) = %v, want %v", sel, got, want)
		}
	}
	for base, want := range map[string]string{"UITableView": "tableView", "NSTableView": "tableView", "UICollectionView": "collectionView", "NSOutlineView": "outlineView"} {
		if got := ListFamily(base); got != want {
			t.Errorf("ListFamily(%s) = %q, want %q", base, got, want)
		}
	}
	for name, want := range map[string]string{"TPKeyboardAvoidingTableView": "UITableView", "PagedCollectionView": "UICollectionView", "PriceTable": ""} {
		if got := ListViewByName(name); got != want {
			t.Errorf("ListViewByName(%s) = %q, want %q", name, got, want)
		}
	}
	if ListControllerViews["UITableViewController"] != "tableView" {
		t.Errorf("UITableViewController's list view = %q", ListControllerViews["UITableViewController"])
	}
}
