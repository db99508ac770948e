package objcparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestPipelineDebug prints what the pipeline does to the file named by
// OBJCLEAK_PIPELINE_DEBUG: rewrites, error ranges with their lines, and
// with OBJCLEAK_PIPELINE_TEXT=1 the prepared text.
//
//	OBJCLEAK_PIPELINE_DEBUG=x.m go test ./objcparse -run TestPipelineDebug -v
func TestPipelineDebug(t *testing.T) {
	path := os.Getenv("OBJCLEAK_PIPELINE_DEBUG")
	if path == "" {
		t.Skip("set OBJCLEAK_PIPELINE_DEBUG to a file")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := debugMacros(t)
	p := sitter.NewParser()
	p.SetLanguage(language)
	tree, text, st, err := parseBest(context.Background(), p, src, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	fmt.Printf("applied: %s\nprepass errors: %d ranges %d bytes; fallback %v used %v; final %d ranges %d bytes\n",
		strings.Join(st.Applied, " "), st.PrepassErrorRanges, st.PrepassErrorBytes, st.Fallback, st.FallbackUsed, len(st.ErrorRanges), st.ErrorBytes)
	for i, r := range st.ErrorRanges {
		if i == 20 {
			break
		}
		line := 1 + bytes.Count(src[:r[0]], []byte("\n"))
		ls := bytes.LastIndexByte(text[:r[0]], '\n') + 1
		le := bytes.IndexByte(text[r[0]:], '\n')
		if le < 0 {
			le = len(text) - int(r[0])
		}
		fmt.Printf("  %d:%d [%d,%d) %q\n", line, int(r[0])-ls+1, r[0], r[1], text[ls:int(r[0])+le])
	}
	printInnermost(tree, src, text)
	if os.Getenv("OBJCLEAK_PIPELINE_TEXT") != "" {
		os.Stdout.Write(text)
	}
}

// TestVariantDebug prints the error ranges of the #if fallback text of
// OBJCLEAK_PIPELINE_DEBUG.
func TestVariantDebug(t *testing.T) {
	path := os.Getenv("OBJCLEAK_PIPELINE_DEBUG")
	if path == "" {
		t.Skip("set OBJCLEAK_PIPELINE_DEBUG to a file")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := ifVariantText(PrepareSource(src, debugMacros(t)).Text)
	p := sitter.NewParser()
	p.SetLanguage(language)
	tree, err := p.ParseCtx(context.Background(), nil, text)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	printInnermost(tree, src, text)
	ranges, nb := errorRanges(tree.RootNode())
	fmt.Printf("variant: %d ranges, %d bytes\n", len(ranges), nb)
	for i, r := range ranges {
		if i == 10 {
			break
		}
		line := 1 + bytes.Count(src[:r[0]], []byte("\n"))
		fmt.Printf("  line %d [%d,%d)\n", line, r[0], r[1])
	}
	if os.Getenv("OBJCLEAK_PIPELINE_TEXT") != "" {
		os.Stdout.Write(text)
	}
}

// debugMacros scans the project named by OBJCLEAK_PIPELINE_PROJECT (a
// directory), or returns nil (the file's own macros).
func debugMacros(t *testing.T) *Macros {
	dir := os.Getenv("OBJCLEAK_PIPELINE_PROJECT")
	if dir == "" {
		return nil
	}
	projects, _ := loadCorpus(t, dir)
	m := NewMacros()
	for _, p := range projects {
		for _, f := range p.files {
			m.Scan(f.src)
		}
		for _, src := range p.prefix {
			m.Scan(src)
		}
	}
	return m
}

// printInnermost prints the first innermost error node of tree (descending
// through ERROR nodes), with its line.
func printInnermost(tree *sitter.Tree, src, text []byte) {
	// The innermost first error: descend through ERROR nodes too.
	n := tree.RootNode()
	for depth := 0; n != nil && depth < 500; depth++ {
		var next *sitter.Node
		for i := 0; i < int(n.ChildCount()); i++ {
			if c := n.Child(i); c.HasError() || c.IsMissing() || c.IsError() {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	if n != nil && tree.RootNode().HasError() {
		s := n.StartByte()
		line := 1 + bytes.Count(src[:s], []byte("\n"))
		ls := bytes.LastIndexByte(text[:s], '\n') + 1
		le := bytes.IndexByte(text[s:], '\n')
		if le < 0 {
			le = len(text) - int(s)
		}
		fmt.Printf("innermost first error: %s at %d:%d %q\n", n.Type(), line, int(s)-ls+1, text[ls:int(s)+le])
		if par := n.Parent(); par != nil {
			fmt.Printf("  parent %s\n", par.String())
		}
	}
}

func TestIfVariantText(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{
			name: "first branch kept, directives blanked",
			src:  "a\n#if X\nb\n#elif Y\nc\n#else\nd\n#endif\ne\n",
			want: "a\n" + sp(5) + "\nb\n" + sp(7) + "\n \n" + sp(5) + "\n \n" + sp(6) + "\ne\n",
		},
		{
			name: "#if 0 takes the next branch",
			src:  "#if 0\nold\n#else\nnew\n#endif\n",
			want: sp(5) + "\n" + sp(3) + "\n" + sp(5) + "\nnew\n" + sp(6) + "\n",
		},
		{
			name: "#if 0 with #elif",
			src:  "#if 0 // off\nold\n#elif 1\nnew\n#else\nother\n#endif",
			want: sp(12) + "\n" + sp(3) + "\n" + sp(7) + "\nnew\n" + sp(5) + "\n" + sp(5) + "\n" + sp(6),
		},
		{
			name: "__cplusplus is false",
			src:  "#ifdef __cplusplus\nclass A {};\n#else\n@class A;\n#endif\n#if defined(__cplusplus) && X\ny\n#endif\n#ifndef __cplusplus\nz\n#endif\n",
			want: sp(18) + "\n" + sp(11) + "\n" + sp(5) + "\n@class A;\n" + sp(6) + "\n" + sp(29) + "\n \n" + sp(6) + "\n" + sp(19) + "\nz\n" + sp(6) + "\n",
		},
		{
			name: "nested conditionals inside a dropped branch",
			src:  "#if 0\n#if 1\na\n#endif\n#else\nb\n#endif\n",
			want: sp(5) + "\n" + sp(5) + "\n \n" + sp(6) + "\n" + sp(5) + "\nb\n" + sp(6) + "\n",
		},
		{
			name: "other directives are kept",
			src:  "#import <A.h>\n#define X 1\n#pragma mark - x\n",
			want: "#import <A.h>\n#define X 1\n#pragma mark - x\n",
		},
		{
			name: "unbalanced #endif and unterminated #if",
			src:  "#endif\na\n#if 0\nb\n",
			want: sp(6) + "\na\n" + sp(5) + "\n \n",
		},
		{
			name: "directives in comments are not directives",
			src:  "/*\n#if 0\n*/\nx\n",
			want: "/*\n#if 0\n*/\nx\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ifVariantText([]byte(tc.src))
			checkShape(t, []byte(tc.src), got)
			if string(got) != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func newParser(t testing.TB) *sitter.Parser {
	p := sitter.NewParser()
	p.SetLanguage(language)
	t.Cleanup(p.Close)
	return p
}

// TestParseBestFallback: #if branches that split an if/else (or a method
// header) defeat the grammar; the fallback tree is kept.
func TestParseBestFallback(t *testing.T) {
	src := []byte(`@implementation A
- (void)f {
  if (x) {
    g();
  }
#if defined(SOMETHING)
  else { h(); }
#endif
}
#if TARGET_OS_IPHONE
- (void)layout:(UIView *)v {
#else
- (void)layout:(NSView *)v {
#endif
  [v setNeedsLayout];
}
@end
`)
	p := newParser(t)
	tree, text, st, err := parseBest(context.Background(), p, src, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if st.PrepassErrorRanges == 0 {
		t.Fatal("pre-passed text parses cleanly: the test proves nothing")
	}
	if !st.Fallback || !st.FallbackUsed {
		t.Fatalf("fallback tried %v used %v", st.Fallback, st.FallbackUsed)
	}
	if len(st.ErrorRanges) != 0 || st.ErrorBytes != 0 || tree.RootNode().HasError() {
		t.Errorf("fallback tree has errors %v", st.ErrorRanges)
	}
	checkShape(t, src, text)
	if bytes.Contains(text, []byte("NSView")) {
		t.Error("the #else branch should be blanked in the returned text")
	}
	// Offsets in the returned tree are the source's.
	n := tree.RootNode().NamedChild(0)
	if n == nil || n.Type() != "class_implementation" || string(src[n.StartByte():n.StartByte()+15]) != "@implementation" {
		t.Errorf("root child %v", n)
	}
}

func TestParseBestClean(t *testing.T) {
	src := []byte("NS_ASSUME_NONNULL_BEGIN\n@interface A : NSObject\n- (void)f:(NS_NOESCAPE dispatch_block_t)b;\n@end\nNS_ASSUME_NONNULL_END\n")
	p := newParser(t)
	tree, text, st, err := parseBest(context.Background(), p, src, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	checkShape(t, src, text)
	if st.Fallback || len(st.ErrorRanges) != 0 {
		t.Errorf("stats %+v", st)
	}
	if len(st.NoEscape) != 1 || !contains(st.Applied, "region:NS_ASSUME_NONNULL_BEGIN") {
		t.Errorf("NoEscape %v applied %v", st.NoEscape, st.Applied)
	}
	if st.ParseTime <= 0 {
		t.Error("ParseTime not measured")
	}
}

func TestErrorRanges(t *testing.T) {
	p := newParser(t)
	parse := func(s string) *sitter.Tree {
		tree, err := p.ParseCtx(context.Background(), nil, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(tree.Close)
		return tree
	}
	if r, n := errorRanges(parse("int x = 1;\n").RootNode()); r != nil || n != 0 {
		t.Errorf("clean file: %v %d", r, n)
	}
	// A missing ';' is a zero-width range adding no bytes.
	r, n := errorRanges(parse("@implementation A\n- (void)f {\n  @weakify(self)\n  int y = 3;\n}\n@end\n").RootNode())
	if len(r) != 1 || r[0][0] != r[0][1] || n != 0 {
		t.Errorf("missing token: ranges %v bytes %d", r, n)
	}
	// An ERROR node counts its bytes; ranges are in source order.
	r, n = errorRanges(parse("int a = ;\n@interface\nint b = ) ;\n").RootNode())
	if len(r) == 0 || n == 0 {
		t.Errorf("error nodes: ranges %v bytes %d", r, n)
	}
	for i := 1; i < len(r); i++ {
		if r[i][0] < r[i-1][1] {
			t.Errorf("ranges overlap or out of order: %v", r)
		}
	}
	if r, n := errorRanges(nil); r != nil || n != 0 {
		t.Error("nil root")
	}
}

func TestParseBestBudget(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&sb, "int f%d(void) { return g(h(%d), [x y:%d]); }\n", i, i, i)
	}
	src := []byte(sb.String())
	p := newParser(t)

	_, _, _, err := parseBest(context.Background(), p, src, nil, time.Microsecond)
	if !errors.Is(err, sitter.ErrOperationLimit) {
		t.Fatalf("err = %v, want operation limit", err)
	}
	// The parser is reset and usable for the next file.
	tree, _, st, err := parseBest(context.Background(), p, []byte("int x;\n"), nil, 0)
	if err != nil || len(st.ErrorRanges) != 0 {
		t.Fatalf("parser not reusable: %v %v", err, st.ErrorRanges)
	}
	if got := tree.RootNode().ChildCount(); got != 1 {
		t.Errorf("reused parser produced %d top-level nodes (resumed the old parse?)", got)
	}
	tree.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := parseBest(ctx, p, src, nil, 0); err == nil {
		t.Fatal("cancelled context: no error")
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, _, _, err := parseBest(ctx, p, src, nil, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("expired context: err = %v", err)
	}
	tree, _, _, err = parseBest(context.Background(), p, []byte("int y;\n"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	tree.Close()
}

func TestFileKind(t *testing.T) {
	tests := []struct {
		path, src string
		want      FileKind
	}{
		{"a.m", "", KindM},
		{"a.mm", "namespace x {}", KindMM},
		{"a.h", "@interface A : NSObject\n@end\n", KindObjCHeader},
		{"a.h", "#import <Foundation/Foundation.h>\nextern int x;\n", KindObjCHeader},
		{"a.h", "int f(void);\n", KindCHeader},
		{"a.h", "namespace foo {\nint f();\n}\n", KindCHeader},
		{"a.h", "template <typename T> struct S {};", KindCHeader},
		{"a.h", "class Foo : public Bar {\n};", KindCHeader},
		{"a.h", "@interface A\n- (void)f:(std::string)s;\n@end", KindCHeader},
		// Objective-C selectors named class or namespace are not C++.
		{"a.h", "@interface A\n- (id)unarchivedObjectOfClass:(Class)class fromData:(NSData *)data;\n@end", KindObjCHeader},
		{"a.h", "@interface A\n- (void)load:(NSString *)namespace\n  completion:(id)c;\n@end", KindObjCHeader},
		// C++ only under #ifdef __cplusplus does not count.
		{"a.h", "#ifdef __cplusplus\nnamespace x { class Y {}; }\nextern \"C\" {\n#endif\n@class A;\n#ifdef __cplusplus\n}\n#endif\n", KindObjCHeader},
		// Comments and strings do not count.
		{"a.h", "// namespace foo {\n@class A; NSString *s = @\"std::x\";", KindObjCHeader},
		{"a.c", "int x;", KindUnknown},
	}
	for _, tc := range tests {
		if got := fileKind(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("fileKind(%s, %q) = %v, want %v", tc.path, tc.src, got, tc.want)
		}
	}
}
