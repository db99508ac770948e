package objcparse

import (
	"os"
	"reflect"
	"testing"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

func TestFlattenMatchesCursorWalk(t *testing.T) {
	if int(unsafe.Sizeof(flatNode{})) != cFlatNodeSize {
		t.Fatalf("flatNode is %d bytes, ocFlatNode %d", unsafe.Sizeof(flatNode{}), cFlatNodeSize)
	}
	// flattenC reads the C TSNode at the start of a sitter.Node.
	if f := reflect.TypeOf(sitter.Node{}).Field(0); f.Name != "c" || f.Offset != 0 || f.Type.Size() != 32 {
		t.Fatalf("sitter.Node starts with %s (%d bytes): update flattenC for the new binding", f.Name, f.Type.Size())
	}
	if len(fieldNames) < 2 || len(fieldNames) > 255 {
		t.Fatalf("%d field names: ocFlatNode.field is a byte", len(fieldNames))
	}
	for _, name := range []string{"testdata/bodies.m", "testdata/classes.h", "testdata/errors.m"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		p := sitter.NewParser()
		p.SetLanguage(language)
		tree := p.Parse(nil, src)
		root := tree.RootNode()
		var ft flatTree
		if !ft.load(root) {
			t.Fatal("flatten failed")
		}
		flat := ft.flat
		// Walk with the binding and compare.
		type walked struct {
			flatNode
			fieldName string
			typ       string
			named     bool
			missing   bool
			hasError  bool
		}
		var want []walked
		var walk func(n *sitter.Node, parent int32, field string)
		walk = func(n *sitter.Node, parent int32, field string) {
			i := int32(len(want))
			want = append(want, walked{flatNode: flatNode{start: n.StartByte(), end: n.EndByte(), sym: uint16(n.Symbol()), parent: parent},
				fieldName: field, typ: n.Type(), named: n.IsNamed(), missing: n.IsMissing(), hasError: n.HasError()})
			for k := 0; k < int(n.ChildCount()); k++ {
				walk(n.Child(k), i, n.FieldNameForChild(k))
			}
		}
		walk(root, -1, "")
		if len(flat) != len(want) {
			t.Fatalf("%s: %d flat nodes, %d walked", name, len(flat), len(want))
		}
		for i := range want {
			f, w := flat[i], want[i]
			n := ft.at(int32(i))
			if f.start != w.start || f.end != w.end || f.sym != w.sym || f.parent != w.parent ||
				n.fieldName() != w.fieldName || n.Type() != w.typ || n.IsNamed() != w.named || (f.flags&flagMissing != 0) != w.missing || n.HasError() != w.hasError {
				t.Fatalf("%s: node %d: flat %+v %q %q, walked %+v", name, i, f, n.fieldName(), n.Type(), w)
			}
			// Links: the children of a node, in order, are the nodes whose
			// parent it is.
			if f.first >= 0 && flat[f.first].parent != int32(i) || f.next >= 0 && flat[f.next].parent != f.parent {
				t.Fatalf("%s: node %d: bad links %+v", name, i, f)
			}
		}
		tree.Close()
		p.Close()
	}
}
