package model

import "testing"

func TestLooksLikeWeakSelf(t *testing.T) {
	for name, want := range map[string]bool{
		"weakSelf": true, "WeakSelf": true, "wself": true, "weak_self": true, "weakThis": true, "ws": true, "welf": true,
		"self": false, "strongSelf": false, "weakSelfRef": false, "controller": false, "": false,
	} {
		if got := LooksLikeWeakSelf(name); got != want {
			t.Errorf("LooksLikeWeakSelf(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestBlockTables(t *testing.T) {
	for _, tc := range []struct {
		table map[string]bool
		name  string
		want  bool
	}{
		{WeakifyMacros, "weakify", true},
		{WeakifyMacros, "strongify", false},
		{StrongifyMacros, "strongify", true},
		{StrongifyMacros, "weakify", false},
		{GenericProtocols, "NSCopying", true},
		{GenericProtocols, "UITableViewDelegate", false},
		{StrongCollections, "NSMutableArray", true},
		{StrongCollections, "NSHashTable", false}, // may hold weakly
		{StrongCollections, "NSPointerArray", false},
		{IsaOnlyRoots, "NSProxy", true},
		{IsaOnlyRoots, "UIView", false},
		{NSObjectProtocolProperties, "description", true},
		{NSObjectProtocolProperties, "name", false},
	} {
		if got := tc.table[tc.name]; got != tc.want {
			t.Errorf("table lookup %q = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMacroLookalike(t *testing.T) {
	for _, tc := range []struct {
		name         string
		weak, strong bool
	}{
		{"FIRMessaging_WEAKIFY", true, false},
		{"FIRMessaging_STRONGIFY", false, true},
		{"my_strongify", false, true},
		{"dispatch_async", false, false},
		{"WEAK", true, false},
		{"STRONG", false, true},
		{"Weak", false, false},
		{"WEAK_REF", false, false},
	} {
		w, s := MacroLookalike(tc.name)
		if w != tc.weak || s != tc.strong {
			t.Errorf("MacroLookalike(%q) = %v, %v", tc.name, w, s)
		}
	}
}
