package objcparse

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
)

func sp(n int) string { return strings.Repeat(" ", n) }

// checkShape asserts that out has the length and the line breaks of src.
func checkShape(t testing.TB, src, out []byte) {
	t.Helper()
	if len(out) != len(src) {
		t.Fatalf("length changed: %d → %d", len(src), len(out))
	}
	for i := range src {
		if (src[i] == '\n') != (out[i] == '\n') || (src[i] == '\r') != (out[i] == '\r') {
			t.Fatalf("line break changed at %d: %q → %q", i, src[i], out[i])
		}
	}
}

// literalRanges returns the comment and string-literal ranges of src (a
// test-side scanner, independent of the pre-pass lexer's entry points).
func literalRanges(src []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(src); {
		switch {
		case src[i] == '#' && (i == 0 || src[i-1] == '\n'):
			e := bytes.IndexByte(src[i:], '\n')
			if e < 0 {
				return out
			}
			i += e
		case bytes.HasPrefix(src[i:], []byte("//")):
			e := bytes.IndexByte(src[i:], '\n')
			if e < 0 {
				e = len(src) - i
			}
			out = append(out, [2]int{i, i + e})
			i += e
		case bytes.HasPrefix(src[i:], []byte("/*")):
			e := bytes.Index(src[i+2:], []byte("*/"))
			if e < 0 {
				return append(out, [2]int{i, len(src)})
			}
			out = append(out, [2]int{i, i + 2 + e + 2})
			i += 2 + e + 2
		case src[i] == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(src) {
				j++
			}
			out = append(out, [2]int{i, j})
			i = j
		default:
			i++
		}
	}
	return out
}

func TestPrepareRewrites(t *testing.T) {
	tests := []struct {
		name, src, want string
		applied         string // one expected label, "" to skip
	}{
		{
			name:    "region macros",
			src:     "NS_ASSUME_NONNULL_BEGIN\n@interface A : NSObject\n@end\nNS_ASSUME_NONNULL_END\n",
			want:    sp(23) + "\n@interface A : NSObject\n@end\n" + sp(21) + "\n",
			applied: "region:NS_ASSUME_NONNULL_BEGIN",
		},
		{
			name:    "region macro with argument",
			src:     "NS_HEADER_AUDIT_BEGIN(nullability, sendability)\n@class A;\nNS_HEADER_AUDIT_END(nullability)\n",
			want:    sp(47) + "\n@class A;\n" + sp(32) + "\n",
			applied: "region:NS_HEADER_AUDIT_BEGIN",
		},
		{
			name:    "typedef NS_ENUM with body",
			src:     "typedef NS_ENUM(NSInteger, Foo) {\n  FooA,\n};\n",
			want:    sp(8) + "enum" + sp(15) + "Foo" + sp(1) + " {\n  FooA,\n};\n",
			applied: "enum:NS_ENUM",
		},
		{
			name: "NS_OPTIONS and NS_CLOSED_ENUM",
			src:  "typedef NS_OPTIONS(NSUInteger, Opt) {};\ntypedef NS_CLOSED_ENUM(int, C) {};\n",
			want: sp(8) + "enum" + sp(19) + "Opt" + sp(1) + " {};\n" + sp(8) + "enum" + sp(16) + "C" + sp(1) + " {};\n",
		},
		{
			name:    "NS_ERROR_ENUM names its second argument",
			src:     "typedef NS_ERROR_ENUM(MyDomain, MyError) {};",
			want:    sp(8) + "enum" + sp(20) + "MyError" + sp(1) + " {};",
			applied: "enum:NS_ERROR_ENUM",
		},
		{
			name: "CF_ENUM and CF_OPTIONS",
			src:  "typedef CF_ENUM(CFIndex, K) {};\ntypedef CF_OPTIONS(CFOptionFlags, O) {};",
			want: sp(8) + "enum" + sp(13) + "K" + sp(1) + " {};\n" + sp(8) + "enum" + sp(22) + "O" + sp(1) + " {};",
		},
		{
			name: "enum forward declaration without body",
			src:  "typedef NS_ENUM(NSInteger, Foo);",
			want: sp(8) + "enum" + sp(15) + "Foo" + sp(1) + ";",
		},
		{
			name: "one-argument form keeps the typedef",
			src:  "typedef NS_ENUM(NSInteger) {A} Foo;",
			want: "typedef enum" + sp(14) + " {A} Foo;",
		},
		{
			name: "attribute before typedef NS_ENUM",
			src:  "__attribute__((deprecated(\"x\")))\ntypedef NS_ENUM(int, E) {A};",
			want: sp(32) + "\n" + sp(8) + "enum" + sp(9) + "E" + sp(1) + " {A};",
		},
		{
			name:    "NS_ENUM inside @interface is blanked",
			src:     "@interface A\ntypedef NS_ENUM(int, E) {\n  EA, // a\n};\n- (E)e;\n@end",
			want:    "@interface A\n" + sp(25) + "\n" + sp(6) + "// a\n  \n- (E)e;\n@end",
			applied: "enum-in-container",
		},
		{
			name: "plain enum inside @implementation is blanked",
			src:  "@implementation A\nenum {\n  K = 1\n};\n- (void)f {}\n@end",
			want: "@implementation A\n" + sp(6) + "\n" + sp(7) + "\n  \n- (void)f {}\n@end",
		},
		{
			name: "enum inside a method body is kept",
			src:  "@implementation A\n- (void)f { enum { K = 1 }; }\n@end",
			want: "@implementation A\n- (void)f { enum { K = 1 }; }\n@end",
		},
		{
			name:    "Apple attributes with and without arguments",
			src:     "- (instancetype)init NS_DESIGNATED_INITIALIZER;\n- (void)f API_AVAILABLE(ios(13.0), macos(10.15)) {\n}",
			want:    "- (instancetype)init " + sp(25) + ";\n- (void)f " + sp(38) + " {\n}",
			applied: "attr:API_AVAILABLE",
		},
		{
			name:    "attribute prefix family",
			src:     "@property (copy) NSString *s NS_SWIFT_NAME(str);",
			want:    "@property (copy) NSString *s " + sp(18) + ";",
			applied: "attr:NS_SWIFT_*",
		},
		{
			name:    "extern and inline macros",
			src:     "FOUNDATION_EXPORT NSString *const K;\nUIKIT_EXTERN int x;\nNS_INLINE int f(void) { return 1; }\nUIKIT_STATIC_INLINE int g(void) { return 2; }",
			want:    "extern" + sp(11) + " NSString *const K;\nextern" + sp(6) + " int x;\nstatic" + sp(3) + " int f(void) { return 1; }\nstatic inline" + sp(6) + " int g(void) { return 2; }",
			applied: "inline:NS_INLINE",
		},
		{
			name:    "comments, strings and directives are untouched",
			src:     "// NS_ASSUME_NONNULL_BEGIN\n/* typedef NS_ENUM(a, b) {} */\nNSString *s = @\"NS_INLINE\";\nchar c = 'N';\n#define X NS_ASSUME_NONNULL_BEGIN\n#if API_AVAILABLE(x)\n#endif\n",
			want:    "// NS_ASSUME_NONNULL_BEGIN\n/* typedef NS_ENUM(a, b) {} */\nNSString *s = @\"NS_INLINE\";\nchar c = 'N';\n#define X NS_ASSUME_NONNULL_BEGIN\n#if API_AVAILABLE(x)\n#endif\n",
			applied: "",
		},
		{
			name: "C++ raw string untouched",
			src:  "auto s = R\"x(NS_ASSUME_NONNULL_BEGIN)\")x\";",
			want: "auto s = R\"x(NS_ASSUME_NONNULL_BEGIN)\")x\";",
		},
		{
			name:    "@onExit",
			src:     "- (void)f {\n  @onExit {\n    [l unlock];\n  };\n}",
			want:    "- (void)f {\n  " + sp(7) + " {\n    [l unlock];\n  };\n}",
			applied: "onExit",
		},
		{
			name:    "_Atomic(T)",
			src:     "_Atomic(int) counter = 0;",
			want:    "_Atomic int  counter = 0;",
			applied: "atomic",
		},
		{
			name:    "__unused before an initializer",
			src:     "int x __unused = 3;",
			want:    "int x " + sp(8) + " = 3;",
			applied: "unused",
		},
		{
			name:    "extern \"C\" guarded by __cplusplus",
			src:     "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n#ifdef __cplusplus\n} // extern C\n#endif\n",
			want:    "#ifdef __cplusplus\n" + sp(12) + "\n#endif\nint f(void);\n#ifdef __cplusplus\n  // extern C\n#endif\n",
			applied: "cplusplus:extern-C",
		},
		{
			name:    "comment inside a multi-line #define",
			src:     "#define A(x) \\\n  do { /* c */ \\\n  f(x); } while (0)\nint y; /* kept */\n",
			want:    "#define A(x) \\\n  do { " + sp(7) + " \\\n  f(x); } while (0)\nint y; /* kept */\n",
			applied: "directive-comment",
		},
		{
			name:    "QuickConfigurationBegin opens an @implementation in place",
			src:     "QuickConfigurationBegin(MyExamplesConfiguration)\n+ (void)configure:(Configuration *)c {\n}\nQuickConfigurationEnd\n",
			want:    "@implementation" + sp(9) + "MyExamplesConfiguration \n+ (void)configure:(Configuration *)c {\n}\n@end" + sp(17) + "\n",
			applied: "impl-begin:QuickConfigurationBegin",
		},
		{
			name: "comment ending a #define is kept",
			src:  "#define B 1 /* one */\n",
			want: "#define B 1 /* one */\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			out, applied := Prepare(src, nil)
			checkShape(t, src, out)
			if string(out) != tc.want {
				t.Errorf("Prepare:\n got %q\nwant %q", out, tc.want)
			}
			if tc.applied != "" && !contains(applied, tc.applied) {
				t.Errorf("applied %q, want %q among them", applied, tc.applied)
			}
			if tc.name == "comments, strings and directives are untouched" && len(applied) != 0 {
				t.Errorf("applied %q, want none", applied)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestPrepareProjectMacros(t *testing.T) {
	defs := `#define MY_EXPORT __attribute__((visibility("default")))
#ifdef __cplusplus
#define MY_EXTERN extern "C" __attribute__((visibility("default")))
#else
#define MY_EXTERN extern __attribute__((visibility("default")))
#endif
#define MY_INLINE static inline __attribute__((always_inline))
#define MY_DECL(x) extern x
#define STRINGIZE(x) #x
#define STRINGIZE2(x) STRINGIZE(x)
#define SHADER_STRING(text) @ STRINGIZE2(text)
#define SYNTH_CLASS(name) @interface name : NSObject @end @implementation name @end
#define MY_ENUM(_type, _name) enum _name : _type _name; enum _name : _type
#define GPB_ENUM(X) NS_ENUM(int32_t, X)
#define strongify(var) \
_Pragma("clang diagnostic push") \
__strong typeof(var) var = weak_##var; \
_Pragma("clang diagnostic pop")
#define SECTION_TABS @"Tabs: "
#define MY_ASSUME_BEGIN NS_ASSUME_NONNULL_BEGIN
#define MY_NOESCAPE NS_NOESCAPE
#define DEBUG_LOG(...)
#define RESULT_FOR(type, sel) type r = [rs sel:0]; return r;
`
	m := NewMacros()
	m.Scan([]byte(defs))
	tests := []struct{ name, src, want string }{
		{"attribute-only macro", "MY_EXPORT @interface A : NSObject\n@end", sp(9) + " @interface A : NSObject\n@end"},
		{"extern macro with C++ alternative", "MY_EXTERN NSString *const K;", "extern" + sp(3) + " NSString *const K;"},
		{"inline macro", "MY_INLINE int f(void) { return 0; }", "static" + sp(3) + " int f(void) { return 0; }"},
		{"extern wrapper is unwrapped", "MY_DECL(NSString *const K);", "extern  NSString *const K ;"},
		{"stringifying macro", "NSString *const kShader = SHADER_STRING\n(\n uniform float x;\n void main() {}\n);",
			"NSString *const kShader = @\"\"" + sp(10) + "\n \n" + sp(17) + "\n" + sp(15) + "\n ;"},
		{"macro generating @interface", "SYNTH_CLASS(Foo);\nint x;", sp(17) + "\nint x;"},
		{"project enum alias", "typedef MY_ENUM(NSInteger, Kind) {A};", sp(8) + "enum" + sp(15) + "Kind" + sp(1) + " {A};"},
		{"one-parameter enum alias names its parameter", "typedef GPB_ENUM(Field) {F = 1};", sp(8) + "enum" + sp(5) + "Field" + sp(1) + " {F = 1};"},
		{"statement macro without ;", "- (void)f {\n  id b = ^{ strongify(self)\n    [self g];\n  };\n}",
			"- (void)f {\n  id b = ^{ strongify(self)\n;   [self g];\n  };\n}"},
		{"statement macro before an indented directive", "- (void)f {\n  strongify(self)\n  #endif\n}", "- (void)f {\n  strongify(self)\n  #endif\n}"},
		{"statement macro with ; is left alone", "- (void)f {\n  strongify(self);\n  [self g];\n}", "- (void)f {\n  strongify(self);\n  [self g];\n}"},
		{"string macro next to a literal", "NSString *s = SECTION_TABS @\"x\";\nNSString *t = SECTION_TABS;",
			"NSString *s = @\"\"" + sp(9) + " @\"x\";\nNSString *t = SECTION_TABS;"},
		{"alias of a region macro", "MY_ASSUME_BEGIN\n@class A;", sp(15) + "\n@class A;"},
		{"empty statement macro", "- (void)f { DEBUG_LOG(@\"%@\", self); }", "- (void)f { " + sp(22) + "; }"},
		{"statement macro with type arguments", "- (id)f {\n  RESULT_FOR(NSString *, stringValue);\n}\n- (int)g {\n  RESULT_FOR(unsigned int, intValue);\n}",
			"- (id)f {\n  " + sp(35) + ";\n}\n- (int)g {\n  " + sp(34) + ";\n}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			out, applied := Prepare(src, m)
			checkShape(t, src, out)
			if string(out) != tc.want {
				t.Errorf("Prepare:\n got %q\nwant %q\napplied %q", out, tc.want, applied)
			}
		})
	}
	// Project macros are off without a Macros (and the file defines none).
	if out, _ := Prepare([]byte("MY_EXPORT int x;"), nil); string(out) != "MY_EXPORT int x;" {
		t.Errorf("unknown macro rewritten without definitions: %q", out)
	}
	// With nil, the file's own #defines are used.
	src := []byte("#define LOCAL_EXPORT __attribute__((used))\nLOCAL_EXPORT int x;")
	if out, _ := Prepare(src, nil); string(out) != "#define LOCAL_EXPORT __attribute__((used))\n"+sp(12)+" int x;" {
		t.Errorf("file-local macro not rewritten: %q", out)
	}
}

func TestPrepareNoEscape(t *testing.T) {
	m := NewMacros()
	m.Scan([]byte("#define MY_NOESCAPE NS_NOESCAPE\n"))
	src := []byte("- (void)a:(NS_NOESCAPE void (^)(void))b;\n" +
		"- (void)c:(void (^)(void))d;\n" +
		"void e(void (^f)(void) __attribute__((noescape)));\n" +
		"- (void)g:(MY_NOESCAPE dispatch_block_t)h;\n")
	p := PrepareSource(src, m)
	checkShape(t, src, p.Text)
	want := []int{
		bytes.Index(src, []byte("NS_NOESCAPE")),
		bytes.Index(src, []byte("__attribute__")),
		bytes.Index(src, []byte("MY_NOESCAPE")),
	}
	if len(p.NoEscape) != len(want) {
		t.Fatalf("NoEscape = %v, want %v", p.NoEscape, want)
	}
	for i := range want {
		if p.NoEscape[i] != want[i] {
			t.Fatalf("NoEscape = %v, want %v", p.NoEscape, want)
		}
	}
	if bytes.Contains(p.Text, []byte("NS_NOESCAPE")) {
		t.Errorf("NS_NOESCAPE not blanked: %q", p.Text)
	}
	if !bytes.Contains(p.Text, []byte("__attribute__((noescape))")) {
		t.Errorf("__attribute__((noescape)) must stay for the grammar: %q", p.Text)
	}
	// NoEscapeIn answers by range: the first parameter has it, the second not.
	line1 := uint32(bytes.IndexByte(src, '\n'))
	if !p.NoEscapeIn(0, line1) {
		t.Error("NoEscapeIn(first line) = false")
	}
	line2 := uint32(bytes.Index(src, []byte("- (void)c")))
	if p.NoEscapeIn(line1, line2+uint32(len("- (void)c:(void (^)(void))d;"))) {
		t.Error("NoEscapeIn(second line) = true")
	}
	var nilp *Prepared
	if nilp.NoEscapeIn(0, 10) {
		t.Error("nil Prepared reports noescape")
	}
}

// TestPrepareLiteralsUntouched runs the pre-pass over a file dense with
// macro names inside comments and strings and checks every literal byte.
func TestPrepareLiteralsUntouched(t *testing.T) {
	src := []byte(`NS_ASSUME_NONNULL_BEGIN
// NS_ENUM(NSInteger, X) NS_INLINE
/* API_AVAILABLE(ios(13)) NS_SWIFT_NAME(x) */
static NSString *const a = @"NS_ASSUME_NONNULL_END typedef NS_ENUM(a, b)";
static const char *b = "__unused _Atomic(int) @onExit \" NS_NOESCAPE";
typedef NS_ENUM(NSInteger, E) { EA /* NS_DESIGNATED_INITIALIZER */ };
- (void)f NS_REQUIRES_SUPER; // NS_REQUIRES_SUPER
NS_ASSUME_NONNULL_END
`)
	out, _ := Prepare(src, nil)
	checkShape(t, src, out)
	for _, r := range literalRanges(src) {
		if !bytes.Equal(src[r[0]:r[1]], out[r[0]:r[1]]) {
			t.Errorf("literal changed: %q → %q", src[r[0]:r[1]], out[r[0]:r[1]])
		}
	}
	if bytes.Contains(out, []byte("NS_ASSUME_NONNULL_BEGIN\n")) {
		t.Error("region macro left in code")
	}
}

// parseErrors parses text and returns its error ranges.
func parseErrors(t testing.TB, text []byte) [][2]uint32 {
	t.Helper()
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(language)
	tree, err := p.ParseCtx(context.Background(), nil, text)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	r, _ := errorRanges(tree.RootNode())
	return r
}

// TestPrepareFixesParse: a header the raw grammar cannot read parses
// without errors after the pre-pass, and the nodes keep their offsets.
func TestPrepareFixesParse(t *testing.T) {
	src := []byte(`#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

typedef NS_ENUM(NSInteger, ABState) {
    ABStateIdle,
    ABStateRunning,
};

FOUNDATION_EXPORT NSString *const ABErrorDomain;

API_AVAILABLE(ios(13.0))
@interface ABWorker : NSObject
@property (nonatomic, copy, nullable) void (^completion)(void);
- (instancetype)initWithName:(NSString *)name NS_DESIGNATED_INITIALIZER;
- (instancetype)init NS_UNAVAILABLE;
- (void)runWithBlock:(NS_NOESCAPE void (^)(ABState state))block NS_SWIFT_NAME(run(_:));
@end

NS_ASSUME_NONNULL_END
`)
	if len(parseErrors(t, src)) == 0 {
		t.Fatal("the raw grammar parses this header: the test proves nothing")
	}
	out, applied := Prepare(src, nil)
	checkShape(t, src, out)
	if errs := parseErrors(t, out); len(errs) != 0 {
		t.Fatalf("errors after Prepare at %v (applied %v):\n%s", errs, applied, out)
	}
	// Offsets are the original ones: the class name is where it was.
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(language)
	tree, err := p.ParseCtx(context.Background(), nil, out)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	q, err := sitter.NewQuery([]byte(`(class_interface (identifier) @name)`), language)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	qc.Exec(q, tree.RootNode())
	m, ok := qc.NextMatch()
	if !ok {
		t.Fatal("no class_interface")
	}
	n := m.Captures[0].Node
	if got, want := int(n.StartByte()), bytes.Index(src, []byte("ABWorker :")); got != want {
		t.Errorf("class name at %d, want %d", got, want)
	}
	if string(src[n.StartByte():n.EndByte()]) != "ABWorker" {
		t.Errorf("class name text %q", src[n.StartByte():n.EndByte()])
	}
}

func TestPrepareSmallCasesParse(t *testing.T) {
	// Each snippet fails raw and parses after the pre-pass.
	for _, src := range []string{
		"@implementation A\n- (void)f {\n  int x __unused = 3;\n}\n@end\n",
		"@implementation A\n- (void)f {\n  _Atomic(int) y = 0;\n}\n@end\n",
		"@implementation A\n- (void)f {\n  @onExit { [self g]; };\n}\n@end\n",
		"@implementation A\n- (void)f NS_REQUIRES_SUPER {\n}\n@end\n",
		"#ifdef __cplusplus\nextern \"C\" {\n#endif\n@interface A : NSObject\n@end\n#ifdef __cplusplus\n}\n#endif\n",
		"@interface A : NSObject\ntypedef NS_ENUM(int, E) { EA };\n- (E)e;\n@end\n",
	} {
		if len(parseErrors(t, []byte(src))) == 0 {
			t.Errorf("raw parse has no error (test is moot):\n%s", src)
			continue
		}
		out, applied := Prepare([]byte(src), nil)
		if errs := parseErrors(t, out); len(errs) != 0 {
			t.Errorf("errors %v after Prepare (applied %v):\n%s", errs, applied, out)
		}
	}
}

// TestStrongifyWithoutSemicolon documents how the grammar reads
// `strongify(self)` without `;` and what the pre-pass does about it.
func TestStrongifyWithoutSemicolon(t *testing.T) {
	src := []byte("#define strongify(x) __strong typeof(x) x = weak_##x;\n" +
		"@implementation A\n- (void)f {\n  id b = ^{\n    strongify(self)\n    [self g];\n  };\n}\n@end\n")
	if len(parseErrors(t, src)) == 0 {
		t.Fatal("raw parse has no error")
	}
	out, _ := Prepare(src, nil)
	if errs := parseErrors(t, out); len(errs) != 0 {
		t.Fatalf("errors %v after Prepare:\n%s", errs, out)
	}
	// Without the definition the macro is unknown and left alone.
	noDef := src[bytes.IndexByte(src, '\n')+1:]
	out, _ = Prepare(noDef, NewMacros())
	if !bytes.Equal(out, noDef) {
		t.Errorf("unknown macro rewritten: %q", out)
	}
}

func TestPrepareRobust(t *testing.T) {
	for _, src := range []string{
		"",
		"#",
		"#define",
		"#define X(",
		"#define M(x) x\\",
		"NS_ENUM(",
		"typedef NS_ENUM(NSInteger, ",
		"typedef NS_ENUM(NSInteger, Foo",
		"API_AVAILABLE(ios(13)",
		"\"unterminated\n'x",
		"/* unterminated",
		"R\"abc(unterminated",
		"@",
		"@onExit",
		"_Atomic(",
		"__attribute__((",
		"\x00\xff\xfe NS_INLINE \x00",
		"NS_ENUM(a,b,c,d,e)",
		"NS_ENUM(,)",
		"SWIFT_ENUM(int, )",
		string([]byte{0xe2, 0x80}) + "NS_ASSUME_NONNULL_BEGIN",
		"#ifdef __cplusplus\nextern \"C\" {",
		"@interface A\ntypedef NS_ENUM(int, E) {",
		"@interface A\nenum {",
	} {
		m := NewMacros()
		m.Scan([]byte(src))
		out, _ := Prepare([]byte(src), m)
		checkShape(t, []byte(src), out)
		v := ifVariantText([]byte(src))
		checkShape(t, []byte(src), v)
		_ = looksCPlusPlus([]byte(src))
	}
}

func FuzzPrepare(f *testing.F) {
	for _, s := range []string{
		"NS_ASSUME_NONNULL_BEGIN\n@interface A : NSObject\n@end\nNS_ASSUME_NONNULL_END\n",
		"typedef NS_ENUM(NSInteger, Foo) {\n  A,\n};\n",
		"#define M(x) extern x\nM(int y);\n#define S(x) @#x\nid s = S(a b);",
		"#if 0\n{\n#else\n}\n#endif\n",
		"@implementation A\nenum { K };\n- (void)f { strongify(self)\n x; }\n@end",
		"#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
		"R\"d(x)d\" /* c */ // d\n'a' \"b\\\"\"",
		"_Atomic(int) x __unused = 1; @onExit {};",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m := NewMacros()
		m.Scan(src)
		p := PrepareSource(src, m)
		checkShape(t, src, p.Text)
		for i := 1; i < len(p.NoEscape); i++ {
			if p.NoEscape[i] < p.NoEscape[i-1] {
				t.Fatal("NoEscape not sorted")
			}
		}
		// Bytes are only ever replaced by ASCII.
		for i := range src {
			if p.Text[i] != src[i] && p.Text[i] >= utf8.RuneSelf {
				t.Fatalf("non-ASCII byte written at %d", i)
			}
		}
		v := ifVariantText(p.Text)
		checkShape(t, src, v)
		fileKind("x.h", src)
	})
}
