package objcparse

import (
	"go/token"
	"os"
	"testing"
)

// TestDumpFacts prints the facts of the file named by OBJCLEAK_FACTS.
//
//	OBJCLEAK_FACTS=x.m go test ./objcparse -run TestDumpFacts -v
func TestDumpFacts(t *testing.T) {
	path := os.Getenv("OBJCLEAK_FACTS")
	if path == "" {
		t.Skip("set OBJCLEAK_FACTS to a file to print its facts")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	defer p.Close()
	fset := token.NewFileSet()
	f, err := p.Parse(fset, path, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	Render(os.Stdout, fset, f)
}
