package objcparse

import (
	"fmt"
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// codecInputs are the files the round-trip tests use: the golden inputs,
// the rule fixtures and the demo app, plus a corpus sample when
// OBJCLEAK_CORPUS names a directory.
func codecInputs(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"testdata/*.[hm]", "../testdata/src/*/*.[hm]", "../testdata/src/*/*.mm", "../testdata/App/*/*.[hm]", "../testdata/App/*/*/*.[hm]", "../rules/passes/*/testdata/*.m", "../rules/passes/*/testdata/*/*.m"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if dir := os.Getenv("OBJCLEAK_CORPUS"); dir != "" {
		var all []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && LangOf(p) != 0 {
				all = append(all, p)
			}
			return nil
		})
		sort.Strings(all)
		r := rand.New(rand.NewSource(1))
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		if len(all) > 400 {
			all = all[:400]
		}
		files = append(files, all...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d inputs found", len(files))
	}
	return files
}

// TestCodecRoundTrip encodes the facts of every input and decodes them
// into a fresh FileSet: the result must equal the parsed facts, field by
// field, with the same pointer sharing, and render identically.
func TestCodecRoundTrip(t *testing.T) {
	p := NewParser()
	defer p.Close()
	for _, name := range codecInputs(t) {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		fset.AddFile("padding", -1, 1234) // the decoded file gets another base
		f, err := p.Parse(fset, name, src, Options{})
		if err != nil {
			continue
		}
		data := EncodeFile(f)
		fset2 := token.NewFileSet()
		g, err := DecodeFile(data, fset2, name, src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if diff := compareFacts(fset, fset2, reflect.ValueOf(f), reflect.ValueOf(g), map[uintptr]uintptr{}, map[uintptr]uintptr{}, "File"); diff != "" {
			t.Errorf("%s: decoded facts differ: %s", name, diff)
			continue
		}
		var a, b strings.Builder
		Render(&a, fset, f)
		Render(&b, fset2, g)
		if a.String() != b.String() {
			t.Errorf("%s: decoded facts render differently:\n%s", name, lineDiff(a.String(), b.String()))
		}
	}
}

// compareFacts compares two fact graphs. Positions are compared as
// file, line and column; pointers must be shared in the same pattern (the
// maps record which pointer of a corresponds to which of b).
// compareExprs compares two expressions through their methods: where
// their slabs put them does not matter.
func compareExprs(fa, fb *token.FileSet, a, b *Expr, ab, ba map[uintptr]uintptr, path string) string {
	if a.Kind != b.Kind || a.CString != b.CString || a.Name != b.Name || a.Block() != b.Block() || a.NumArgs() != b.NumArgs() {
		return fmt.Sprintf("%s: %s != %s", path, RenderExpr(a), RenderExpr(b))
	}
	for _, p := range [][2]token.Pos{{a.Pos, b.Pos}, {a.End(), b.End()}} {
		if d := compareFacts(fa, fb, reflect.ValueOf(p[0]), reflect.ValueOf(p[1]), ab, ba, path+".Pos/End"); d != "" {
			return d
		}
	}
	if d := compareFacts(fa, fb, reflect.ValueOf(a.X()), reflect.ValueOf(b.X()), ab, ba, path+".X()"); d != "" {
		return d
	}
	for i := range a.NumArgs() {
		if d := compareFacts(fa, fb, reflect.ValueOf(a.Arg(i)), reflect.ValueOf(b.Arg(i)), ab, ba, fmt.Sprintf("%s.Arg(%d)", path, i)); d != "" {
			return d
		}
	}
	return ""
}

func compareFacts(fa, fb *token.FileSet, a, b reflect.Value, ab, ba map[uintptr]uintptr, path string) string {
	if a.Type() == reflect.TypeOf(token.Pos(0)) {
		pa, pb := token.Pos(a.Int()), token.Pos(b.Int())
		if (pa == token.NoPos) != (pb == token.NoPos) || fa.Position(pa) != fb.Position(pb) {
			return fmt.Sprintf("%s: %v != %v", path, fa.Position(pa), fb.Position(pb))
		}
		return ""
	}
	if a.Type() == reflect.TypeOf(Uses{}) {
		// Compared use by use: the order of the file's name table does
		// not matter.
		ua, ub := a.Interface().(Uses), b.Interface().(Uses)
		if ua.Len() != ub.Len() {
			return fmt.Sprintf("%s: %d uses != %d", path, ua.Len(), ub.Len())
		}
		for i := range ua.Len() {
			x, y := ua.At(i), ub.At(i)
			if x.Name != y.Name || fa.Position(x.Pos) != fb.Position(y.Pos) {
				return fmt.Sprintf("%s[%d]: %s@%v != %s@%v", path, i, x.Name, fa.Position(x.Pos), y.Name, fb.Position(y.Pos))
			}
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil mismatch"
			}
			return ""
		}
		x, y := a.Pointer(), b.Pointer()
		if m, ok := ab[x]; ok {
			if m != y {
				return path + ": pointer sharing differs"
			}
			return ""
		}
		if _, ok := ba[y]; ok {
			return path + ": pointer sharing differs"
		}
		ab[x], ba[y] = y, x
		if a.Type() == reflect.TypeOf((*Expr)(nil)) {
			return compareExprs(fa, fb, (*Expr)(a.UnsafePointer()), (*Expr)(b.UnsafePointer()), ab, ba, path)
		}
		return compareFacts(fa, fb, a.Elem(), b.Elem(), ab, ba, path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := compareFacts(fa, fb, a.Field(i), b.Field(i), ab, ba, path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d != %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := compareFacts(fa, fb, a.Index(i), b.Index(i), ab, ba, fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q != %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return path + ": bool differs"
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d != %d", path, a.Int(), b.Int())
		}
	case reflect.Uint8, reflect.Uint32:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d != %d", path, a.Uint(), b.Uint())
		}
	default:
		return path + ": unhandled kind " + a.Kind().String() + " (teach compareFacts and the codec)"
	}
	return ""
}

// TestCodecCoversEveryField fails when a fact type gains or loses a field:
// update codec.go (and bump CodecVersion), then this list.
func TestCodecCoversEveryField(t *testing.T) {
	want := map[*any]string{
		ptr(File{}):       "Path Lang Size Pos End Imports Classes Protocols Functions Globals Typedefs Comments Errors MRC MRCReason OwnMRC OwnMRCReason CPlusPlus ErrorBytes Prepass", // OwnMRC, OwnMRCReason: set from MRC, MRCReason on decode
		ptr(Import{}):     "Path Quoted Pos",
		ptr(Comment{}):    "Pos End Text OwnLine",
		ptr(ClassDecl{}):  "Kind Name Category Super Protocols Ivars Properties Synthesize Methods Pos End File",
		ptr(Protocol{}):   "Name Protocols Properties Methods Pos End File",
		ptr(Type{}):       "Text Name Object Block extra",
		ptr(typeExtra{}):  "qualifiers typeOf",
		ptr(Uses{}):       "t recs",
		ptr(useRec{}):     "name off",
		ptr(Property{}):   "Name Type Attrs Pos Class Protocol",
		ptr(Ivar{}):       "Name Type Pos Class",
		ptr(Synthesize{}): "Property Ivar Dynamic Pos",
		ptr(Param{}):      "Name Type NoEscape",
		ptr(Method{}):     "Selector Return Params Pos End Body Class ClassMethod HasError",
		ptr(Function{}):   "Name Static Params Pos End Body HasError",
		ptr(Var{}):        "Name Type Static Init Pos End Scope",
		ptr(Expr{}):       "_ Name Pos Kind CString nargs size x args",
		ptr(Block{}):      "Index Parent Params Pos End Uses Expr",
		ptr(Use{}):        "Name Pos",
		ptr(Send{}):       "Expr Scope Context",
		ptr(Call{}):       "Expr Scope Context",
		ptr(Assign{}):     "Expr Scope Context",
		ptr(Return{}):     "Value Scope Pos",
		ptr(Macro{}):      "Name Args At Scope Pos",
		ptr(Body{}):       "Pos End Blocks Locals Sends Calls Assigns Returns Macros Uses",
		ptr(Range{}):      "Pos End",
	}
	for v, fields := range want {
		typ := reflect.TypeOf(*v)
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			got = append(got, typ.Field(i).Name)
		}
		if strings.Join(got, " ") != fields {
			t.Errorf("%s has fields %q, the codec knows %q: update codec.go, bump CodecVersion, then this test", typ.Name(), strings.Join(got, " "), fields)
		}
	}
}

// TestDecodeCorrupt feeds truncated and bit-flipped encodings to
// DecodeFile: it must return an error or facts, never panic or hang.
func TestDecodeCorrupt(t *testing.T) {
	src, err := os.ReadFile("testdata/bodies.m")
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	defer p.Close()
	f, err := p.Parse(token.NewFileSet(), "bodies.m", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := EncodeFile(f)
	if _, err := DecodeFile(data, token.NewFileSet(), "bodies.m", src[:len(src)-1]); err == nil {
		t.Error("facts decoded for contents of another size")
	}
	if _, err := DecodeFile(append(data, 0), token.NewFileSet(), "bodies.m", src); err == nil {
		t.Error("trailing byte accepted")
	}
	if _, err := DecodeFile([]byte{CodecVersion + 1}, token.NewFileSet(), "bodies.m", src); err == nil {
		t.Error("another version accepted")
	}
	for n := 0; n < len(data); n += 1 + n/8 {
		if _, err := DecodeFile(data[:n], token.NewFileSet(), "bodies.m", src); err == nil {
			t.Errorf("truncation to %d bytes accepted", n)
		}
	}
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		bad := append([]byte(nil), data...)
		for k := 0; k < 1+r.Intn(4); k++ {
			bad[r.Intn(len(bad))] ^= byte(1 << r.Intn(8))
		}
		DecodeFile(bad, token.NewFileSet(), "bodies.m", src) // must not panic
	}
}

func BenchmarkDecode(b *testing.B) {
	src, err := os.ReadFile("testdata/bodies.m")
	if err != nil {
		b.Fatal(err)
	}
	p := NewParser()
	defer p.Close()
	f, err := p.Parse(token.NewFileSet(), "bodies.m", src, Options{})
	if err != nil {
		b.Fatal(err)
	}
	data := EncodeFile(f)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeFile(data, token.NewFileSet(), "bodies.m", src); err != nil {
			b.Fatal(err)
		}
	}
}

func ptr(v any) *any { return &v }
