package objcparse

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

// TestNewExpr: a tree laid out in a slab answers X, Arg, NumArgs, Args,
// End and Block as the tree it was built from, nil arguments included.
func TestNewExpr(t *testing.T) {
	ident := func(name string, pos int) *ExprNode {
		return &ExprNode{Kind: ExprIdent, Name: name, Pos: token.Pos(pos), End: token.Pos(pos + len(name))}
	}
	inner := &ExprNode{Kind: ExprMessage, Name: "foo", X: ident("a", 2), Pos: 1, End: 8}
	blk := &ExprNode{Kind: ExprBlock, Block: 3, Pos: 20, End: 30}
	root := &ExprNode{Kind: ExprMessage, Name: "bar:baz:qux:", X: inner, Pos: 0, End: 40,
		Args: []*ExprNode{ident("b", 12), nil, blk}}
	e := NewExpr(root)
	if got, want := RenderExpr(e), "[[a foo] bar:b baz:<nil> qux:^block3]"; got != want {
		t.Errorf("RenderExpr = %s, want %s", got, want)
	}
	if e.NumArgs() != 3 || e.Arg(1) != nil || e.Arg(3) != nil || e.Arg(-1) != nil || e.Arg(2).Block() != 3 {
		t.Errorf("arguments: %d, %v, %v, %v", e.NumArgs(), e.Arg(1), e.Arg(3), e.Arg(2))
	}
	if e.End() != 40 || e.X().End() != 8 || e.X().X().Name != "a" || e.X().X().X() != nil || e.X().NumArgs() != 0 {
		t.Error("operands or ends differ")
	}
	if e.Block() != -1 || e.Arg(0).Block() != -1 {
		t.Error("Block of a non-block expression is not -1")
	}
	var seen []string
	for i, a := range e.Args() {
		seen = append(seen, RenderExpr(a))
		if i == 1 {
			break
		}
	}
	if strings.Join(seen, " ") != "b <nil>" {
		t.Errorf("Args yielded %v", seen)
	}
	if got := RenderExpr(NewExpr(e.Node())); got != RenderExpr(e) {
		t.Errorf("Node round trip: %s", got)
	}
	var nilExpr *Expr
	if nilExpr.X() != nil || nilExpr.NumArgs() != 0 || nilExpr.Arg(0) != nil || nilExpr.End() != token.NoPos || nilExpr.Block() != -1 {
		t.Error("a nil expression has parts")
	}
	if id := NewIdent("self", 5, 9); id.Name != "self" || id.Kind != ExprIdent || id.End() != 9 {
		t.Errorf("NewIdent = %+v", id)
	}
}

// TestNewExprManyArgs: an expression keeps at most MaxArgs arguments.
func TestNewExprManyArgs(t *testing.T) {
	n := &ExprNode{Kind: ExprArray}
	for i := 0; i < MaxArgs+10; i++ {
		n.Args = append(n.Args, &ExprNode{Kind: ExprNumber, Name: "1"})
	}
	e := NewExpr(n)
	if e.NumArgs() != MaxArgs || e.Arg(MaxArgs-1).Name != "1" {
		t.Errorf("NumArgs = %d", e.NumArgs())
	}
}

// TestLayoutSharing: an event's expression inside an enclosing expression
// is the same *Expr as the enclosing one's operand or argument, and what
// no event reaches is not kept.
func TestLayoutSharing(t *testing.T) {
	src := "void f(void) { [[a foo] bar:[b baz]]; if ([c qux] > 1) {} }"
	p := NewParser()
	defer p.Close()
	f, err := p.Parse(token.NewFileSet(), "f.m", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sends := map[string]*Expr{}
	for _, s := range f.Functions[0].Body.Sends {
		sends[s.Selector()] = s.Expr
	}
	bar := sends["bar:"]
	if bar == nil || bar.X() != sends["foo"] || bar.Arg(0) != sends["baz"] {
		t.Fatalf("sends are not shared: %v", sends)
	}
	// The comparison around [c qux] is no event's: qux is a root.
	if q := sends["qux"]; q == nil || q.X().Name != "c" {
		t.Fatalf("qux: %v", q)
	}
}

// TestDecodeRejectsCycles: an encoding whose expression contains itself,
// or shares an operand with another expression, is corrupt (the layout
// would loop, or grow exponentially).
func TestDecodeRejectsCycles(t *testing.T) {
	src := []byte("void f(void) { g(a, b); }")
	p := NewParser()
	defer p.Close()
	f, err := p.Parse(token.NewFileSet(), "f.m", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	call := f.Functions[0].Body.Calls[0].Expr
	if _, err := DecodeFile(EncodeFile(f), token.NewFileSet(), "f.m", src); err != nil {
		t.Fatalf("a good encoding: %v", err)
	}
	// The decoder numbers expressions as it reads them: the call is 0,
	// its first argument 1. A reference written in place of an argument
	// to 0 makes a cycle, to 1 a shared argument.
	for _, tc := range []struct {
		name string
		arg  int
		ref  int
	}{{"cycle", 0, 0}, {"shared", 1, 1}} {
		e := newEncoder(f)
		e.exprs[call.Arg(tc.arg)] = tc.ref
		_, err := DecodeFile(e.encode(f), token.NewFileSet(), "f.m", src)
		if err == nil || !strings.Contains(err.Error(), "shared or contains itself") {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
}

// TestSetLines: SetLines makes the same table as
// token.File.SetLinesForContent.
func TestSetLines(t *testing.T) {
	for _, src := range []string{"", "\n", "a", "a\n", "a\nb", "a\n\nb\n", "\n\n", "x\r\ny\n\n"} {
		fs := token.NewFileSet()
		want, got := fs.AddFile("a", -1, len(src)), fs.AddFile("b", -1, len(src))
		want.SetLinesForContent([]byte(src))
		SetLines(got, []byte(src))
		if w, g := want.Lines(), got.Lines(); fmt.Sprint(w) != fmt.Sprint(g) || cap(g) != len(g) {
			t.Errorf("%q: SetLines = %v (cap %d), want %v", src, g, cap(g), w)
		}
	}
}
