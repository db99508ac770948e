package objcparse

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestDumpTree prints the syntax tree of the file named by OBJCLEAK_DUMP.
// It is a developer aid for writing extraction code:
//
//	OBJCLEAK_DUMP=x.m go test ./objcparse -run TestDumpTree -v
func TestDumpTree(t *testing.T) {
	path := os.Getenv("OBJCLEAK_DUMP")
	if path == "" {
		t.Skip("set OBJCLEAK_DUMP to a file to print its tree")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := sitter.NewParser()
	p.SetLanguage(language)
	tree, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	var dump func(n *sitter.Node, field string, depth int)
	dump = func(n *sitter.Node, field string, depth int) {
		text := ""
		if n.ChildCount() == 0 {
			text = " " + strings.ReplaceAll(n.Content(src), "\n", "\\n")
		}
		if field != "" {
			field += ": "
		}
		kind := n.Type()
		if !n.IsNamed() {
			kind = fmt.Sprintf("%q", kind)
		}
		fmt.Printf("%s%s%s [%d:%d]%s\n", strings.Repeat("  ", depth), field, kind, n.StartPoint().Row+1, n.StartPoint().Column+1, text)
		for i := 0; i < int(n.ChildCount()); i++ {
			dump(n.Child(i), n.FieldNameForChild(i), depth+1)
		}
	}
	dump(tree.RootNode(), "", 0)
}
