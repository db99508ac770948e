package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

func TestDelegateLike(t *testing.T) {
	idOf := func(text string) objcparse.Type { return objcparse.Type{Name: "id", Text: text, Object: true} }
	obj := objcparse.Type{Name: "NSObject", Text: "NSObject *", Object: true}
	for _, tc := range []struct {
		name string
		t    objcparse.Type
		want bool
	}{
		{"delegate", obj, true},
		{"dataSource", obj, true},
		{"tableViewDelegate", idOf("id<UITableViewDelegate>"), true},
		{"pickerDataSource", idOf("id"), true},
		{"kittenDataSource", objcparse.Type{Name: "KittenDataSource", Text: "KittenDataSource *", Object: true}, false}, // an owned helper object
		{"delegate", idOf("id<CoprocessDelegate, iTermWeakReference>"), false},                                          // a weak proxy
		{"handler", idOf("id<FeedCellDelegate>"), true},
		{"owner", idOf("id<UITableViewDataSource, UITableViewDelegate>"), true},
		{"items", obj, false},
		{"delegates", obj, false}, // a collection of delegates, typically a weak hash table
		{"observer", idOf("id<NSObject>"), false},
		{"delegateQueue", obj, false},
	} {
		if _, got := DelegateLike(tc.name, tc.t); got != tc.want {
			t.Errorf("DelegateLike(%q, %q) = %v, want %v", tc.name, tc.t.Text, got, tc.want)
		}
	}
}

func TestViewClasses(t *testing.T) {
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, c := range []string{"UIView", "UITableViewCell", "UICollectionViewCell", "NSView", "NSTableCellView"} {
		if !has(ViewClasses, c) {
			t.Errorf("%s is a view", c)
		}
	}
	for _, c := range []string{"UIViewController", "UITableViewController", "NSWindowController", "NSWindow"} {
		if has(ViewClasses, c) {
			t.Errorf("%s is not a view", c)
		}
		if !has(ViewOwnerClasses, c) {
			t.Errorf("%s owns a view hierarchy", c)
		}
	}
	for _, c := range ViewClasses {
		if has(ViewOwnerClasses, c) {
			t.Errorf("%s is listed twice: views are owners by ViewClasses", c)
		}
	}
}

func TestWeakProxyName(t *testing.T) {
	for name, want := range map[string]bool{"weakSelf": true, "weakReference": true, "YYWeakProxy": true, "delegate": false, "self": false} {
		if got := WeakProxyName(name); got != want {
			t.Errorf("WeakProxyName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestAddsSubview(t *testing.T) {
	for sel, want := range map[string]bool{
		"addSubview:": true, "insertSubview:atIndex:": true, "insertSubview:aboveSubview:": true,
		"addSubview:positioned:relativeTo:": true, "addSubviews": false, "removeFromSuperview": false, "bringSubviewToFront:": false,
	} {
		if got := AddsSubview(sel); got != want {
			t.Errorf("AddsSubview(%s) = %v, want %v", sel, got, want)
		}
	}
}
