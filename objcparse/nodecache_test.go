package objcparse

import (
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestNodeCacheField fails when the binding's node cache is no longer where
// dropNodeCache expects it (after a binding upgrade), and checks that
// dropping it keeps nodes usable.
func TestNodeCacheField(t *testing.T) {
	if !nodeCacheOK {
		t.Fatal("sitter.Tree has no map field named cache: update dropNodeCache for the new binding")
	}
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(language)
	src := []byte("@implementation A\n- (void)a { [self b]; }\n@end\n")
	tree := p.Parse(nil, src)
	defer tree.Close()
	root := tree.RootNode()
	impl := root.Child(0)
	if nodeCacheLen(tree) < 2 {
		t.Fatalf("cache has %d nodes, want at least 2", nodeCacheLen(tree))
	}
	dropNodeCache(tree)
	if n := nodeCacheLen(tree); n != 0 {
		t.Fatalf("cache has %d nodes after dropNodeCache", n)
	}
	if impl.Type() != "class_implementation" || impl.Child(0).Type() != "@implementation" {
		t.Errorf("nodes handed out before the drop are not usable: %s", impl.Type())
	}
}
