package objcparse

import (
	"fmt"
	"go/token"
	"strings"
	"sync"
	"testing"
)

func TestMacrosClassification(t *testing.T) {
	tests := []struct {
		name, defs string
		want       []string // Classified() entries expected (others may exist)
		not        []string // names that must stay unclassified
	}{
		{
			name: "attribute-only bodies",
			defs: "#define A1 __attribute__((visibility(\"default\")))\n" +
				"#define A2\n" +
				"#define A3(msg) __attribute__((deprecated(msg)))\n" +
				"#define A4 NS_SWIFT_NAME(x) API_AVAILABLE(ios(13))\n" +
				"#define A5 _Pragma(\"clang assume_nonnull begin\")\n" +
				"#define A6 A1 A2\n",
			want: []string{"attr:A1", "attr:A2", "attr:A3", "attr:A4", "attr:A5", "attr:A6"},
		},
		{
			name: "extern and inline bodies",
			defs: "#define E1 extern\n" +
				"#define E2 extern \"C\"\n" +
				"#define E3 FOUNDATION_EXPORT\n" +
				"#define E4 __attribute__((visibility(\"default\"))) extern\n" +
				"#define I1 static inline\n" +
				"#define I2 static __inline__ __attribute__((always_inline))\n" +
				"#define I3 NS_INLINE\n",
			want: []string{"extern:E1", "extern:E2", "extern:E3", "extern:E4", "inline:I1", "inline:I2", "inline:I3"},
		},
		{
			name: "C++ alternatives agree",
			defs: "#ifdef __cplusplus\n#define X_EXTERN extern \"C\"\n#define X_BEGIN extern \"C\" {\n#define X_END }\n#else\n" +
				"#define X_EXTERN extern\n#define X_BEGIN\n#define X_END\n#endif\n",
			want: []string{"extern:X_EXTERN", "attr:X_BEGIN", "attr:X_END"},
		},
		{
			name: "disagreeing definitions are left alone",
			defs: "#ifdef DEBUG\n#define LOG(...) NSLog(__VA_ARGS__)\n#else\n#define LOG(...)\n#endif\n" +
				"#define K @\"a\"\n#define K 1\n",
			not: []string{"LOG", "K"},
		},
		{
			name: "unwrap",
			defs: "#define DECL(x) extern x\n#define DECL2(x) FOUNDATION_EXPORT x\n#define ID(x) x\n",
			want: []string{"unwrap-extern:DECL", "unwrap-extern:DECL2", "unwrap:ID"},
		},
		{
			name: "stringify",
			defs: "#define S1(x) #x\n#define S2(x) @#x\n#define S3(x) S1(x)\n#define S4(text) @ S3(text)\n",
			want: []string{"stringify:S1", "stringify:S2", "stringify:S3", "stringify:S4"},
		},
		{
			name: "generators of @interface, @implementation and methods",
			defs: "#define G1(n) @interface n : NSObject @end\n" +
				"#define G2(n) @implementation n @end\n" +
				"#define G3(a) - (id)a { return nil; }\n" +
				"#define G4(a, b) _G4(a, b)\n#define _G4(a, b) @interface X (a) @end\n" +
				"#define NOT_G(p) [X instanceForProtocol:@protocol(p)]\n" +
				// Methods after a declaration, and an alias of that.
				"#define _G5(g, s) _Pragma(\"clang diagnostic push\") static char key_##g; - (void)s:(id)v { } - (id)g { return nil; }\n" +
				"#define G5(g, s) _G5(g, s)\n" +
				// An expression statement with a negated term is no method.
				"#define NOT_G2(a) f(a); - (a + 1)\n",
			want: []string{"blank-call:G1", "blank-call:G2", "blank-call:G3", "blank-call:G4", "blank-call:G5", "blank-call:_G4", "blank-call:_G5"},
			not:  []string{"NOT_G", "NOT_G2"},
		},
		{
			name: "enum aliases",
			defs: "#define EN1(_type, _name) enum _name : _type _name; enum _name : _type\n" +
				"#define EN2(_type, _name) NS_ENUM(_type, _name)\n" +
				"#define EN3(X) NS_ENUM(int32_t, X)\n" +
				"#define EN4 NS_ENUM\n" +
				"#define EN5(type, name, domain) _Pragma(\"x\") NS_ENUM(type, __attribute__((ns_error_domain(domain))) name) _Pragma(\"y\")\n",
			want: []string{"enum:EN1", "enum:EN2", "enum:EN3", "enum:EN4", "enum:EN5"},
		},
		{
			name: "statement macros",
			defs: "#define strongify(v) _Pragma(\"p\") __strong typeof(v) v = w_##v; _Pragma(\"q\")\n" +
				"#define CASE(N) case N: { f(N); break; }\n" +
				"#define EXPR(x) ((x) + 1)\n" +
				"#define DOWHILE(x) do { f(x); } while (0)\n",
			want: []string{"stmt:strongify", "stmt:CASE"},
			not:  []string{"EXPR", "DOWHILE"},
		},
		{
			name: "string macros",
			defs: "#define S_OBJC @\"a\"\n#define S_C \"b\" \"c\"\n#define S_BOTH (S_OBJC @\"d\")\n",
			want: []string{"string:S_OBJC", "string:S_C", "string:S_BOTH"},
		},
		{
			name: "noescape aliases",
			defs: "#define NE1 NS_NOESCAPE\n#define NE2 __attribute__((noescape))\n",
			want: []string{"noescape:NE1", "noescape:NE2"},
		},
		{
			name: "protected names and Apple names are never reclassified",
			defs: "#define __weak\n#define nullable\n#define instancetype id\n" +
				"#define NS_ASSUME_NONNULL_BEGIN\n#define NS_INLINE static inline\n",
			not: []string{"__weak", "nullable", "instancetype"},
			want: []string{
				"region:NS_ASSUME_NONNULL_BEGIN", // built-in meaning kept
				"inline:NS_INLINE",
			},
		},
		{
			name: "recursive definitions terminate",
			defs: "#define R1 R2\n#define R2 R1\n#define R3(x) R3(x)\n",
			not:  []string{"R3"},
		},
		{
			name: "malformed definitions are ignored",
			defs: "#define\n#define (x) y\n#define F(a, b\n#define 1X 2\n# define SPACED __attribute__((x))\n  #  define INDENTED\n",
			want: []string{"attr:SPACED", "attr:INDENTED"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMacros()
			m.Scan([]byte(tc.defs))
			got := m.Classified()
			set := map[string]bool{}
			names := map[string]string{}
			for _, g := range got {
				set[g] = true
				names[g[strings.IndexByte(g, ':')+1:]] = g
			}
			for _, w := range tc.want {
				if !set[w] {
					t.Errorf("missing %q; classified %v", w, got)
				}
			}
			for _, n := range tc.not {
				if g, ok := names[n]; ok {
					t.Errorf("%s classified as %q, want unclassified", n, g)
				}
			}
		})
	}
}

func TestMacrosNil(t *testing.T) {
	var m *Macros
	m.Scan([]byte("#define X extern\n"))
	if m.Len() != 0 || len(m.Classified()) != 0 {
		t.Error("nil Macros holds definitions")
	}
	var zero Macros
	zero.Scan([]byte("#define Y extern\n"))
	if zero.Len() != 1 {
		t.Errorf("zero Macros Len = %d", zero.Len())
	}
}

func TestMacrosScanAfterClassify(t *testing.T) {
	m := NewMacros()
	m.Scan([]byte("#define A extern\n"))
	if got := m.Classified(); len(got) != 1 {
		t.Fatalf("Classified = %v", got)
	}
	// A later Scan invalidates the cached table; a second definition that
	// disagrees removes the rewrite.
	m.Scan([]byte("#define A 1\n"))
	if got := m.Classified(); len(got) != 0 {
		t.Errorf("Classified after disagreeing Scan = %v", got)
	}
}

// TestMacrosConcurrent scans and prepares from many goroutines (run with
// -race).
func TestMacrosConcurrent(t *testing.T) {
	m := NewMacros()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			src := []byte(fmt.Sprintf("#define EXPORT_%d __attribute__((used))\nEXPORT_%d int x%d;\n", g, g, g))
			m.Scan(src)
			out, _ := Prepare(src, m)
			checkShape(t, src, out)
		}(g)
	}
	wg.Wait()
	if m.Len() != 8 {
		t.Errorf("Len = %d, want 8", m.Len())
	}
	out, _ := Prepare([]byte("EXPORT_3 int y;"), m)
	if string(out) != sp(8)+" int y;" {
		t.Errorf("Prepare = %q", out)
	}
}

func BenchmarkMacrosScan(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&sb, "// comment %d\n#define M%d(x) __attribute__((used)) x\nstatic int v%d = %d;\n- (void)f%d { [self g]; }\n", i, i, i, i, i)
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		m := NewMacros()
		m.Scan(src)
	}
}

func TestScanBuildSettings(t *testing.T) {
	xcconfig := []byte(`// Shared settings
GCC_PREPROCESSOR_DEFINITIONS_COMMON = OBJC_DIRECT=__attribute__((objc_direct)) VERSION=\"1.2\" HAS_UI=$(HAS_UI) PLAIN
GCC_PREPROCESSOR_DEFINITIONS[config=Debug] = $(GCC_PREPROCESSOR_DEFINITIONS_COMMON) DEBUG=1
OTHER_SETTING = NOT_A_DEFINE=1
`)
	pbxproj := []byte(`		buildSettings = {
				GCC_PREPROCESSOR_DEFINITIONS = (
					"DEBUG=1",
					"$(inherited)",
					"EXPORT_ATTR=__attribute__((visibility(\"default\")))",
				);
				OTHER = "GCC_PREPROCESSOR_DEFINITIONS";
				GCC_PREPROCESSOR_DEFINITIONS = "SCALAR_ONE SCALAR_TWO=2";
				INFOPLIST_PREPROCESSOR_DEFINITIONS = "NOPE=1";
			};
`)
	got := map[string]string{}
	for _, src := range [][]byte{xcconfig, pbxproj} {
		for _, it := range buildDefinitions(src) {
			name, value, _ := strings.Cut(it, "=")
			got[name] = value
		}
	}
	want := map[string]string{
		"OBJC_DIRECT": "__attribute__((objc_direct))", "VERSION": `"1.2"`, "HAS_UI": "$(HAS_UI)", "PLAIN": "",
		"DEBUG": "1", "EXPORT_ATTR": `__attribute__((visibility("default")))`, "SCALAR_ONE": "", "SCALAR_TWO": "2",
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("definition %s = %q (present %t), want %q", k, g, ok, v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected definition %s = %q", k, got[k])
		}
	}
	// The attribute macro then blanks like a project #define.
	m := NewMacros()
	m.ScanBuildSettings(xcconfig)
	out, _ := Prepare([]byte("- (void)run OBJC_DIRECT;\n"), m)
	if strings.Contains(string(out), "OBJC_DIRECT") {
		t.Errorf("OBJC_DIRECT from build settings not blanked: %q", out)
	}
}

// TestTypeofQualifiers: a project macro spelling a qualified typeof of its
// argument (a weak-self idiom) is read as that type in declarations.
func TestTypeofQualifiers(t *testing.T) {
	m := NewMacros()
	m.Scan([]byte(`#define WeakTypeOf(x) __weak __typeof(x)
#define StrongOf(x) __strong typeof(x)
#define PlainOf(x) __typeof__(x)
#define ArrayOf(x) NSArray<x> *
#define Twice(x) __weak __typeof(x)
#define Twice(x) __strong __typeof(x)
#define NotParam(x) __weak __typeof(self)
`))
	for name, want := range map[string]string{
		"WeakTypeOf": "__weak", "StrongOf": "__strong", "PlainOf": "",
		"ArrayOf": "-", "Twice": "-", "NotParam": "-", "Unknown": "-",
	} {
		quals, ok := m.TypeofQualifiers(name)
		got := strings.Join(quals, " ")
		if !ok {
			got = "-"
		}
		if got != want {
			t.Errorf("TypeofQualifiers(%s) = %q, want %q", name, got, want)
		}
	}
	src := "@implementation A\n- (void)f {\n    WeakTypeOf(self) weakSelf = self;\n    ArrayOf(id) list = nil;\n}\n@end\n"
	f, err := NewParser().Parse(token.NewFileSet(), "A.m", []byte(src), Options{Macros: m})
	if err != nil {
		t.Fatal(err)
	}
	locals := f.Classes[0].Methods[0].Body.Locals
	if len(locals) != 2 || !locals[0].Type.HasQualifier("__weak") || locals[0].Type.Typeof() != "self" {
		t.Errorf("weakSelf's type = %+v", locals[0].Type)
	}
	if len(locals) == 2 && locals[1].Type.HasQualifier("__weak") {
		t.Errorf("list's type = %+v", locals[1].Type)
	}
}
