package objcparse

import (
	"fmt"
	"go/token"
	"reflect"
	"testing"
)

// TestOutletTypes: IBOutlet and IBInspectable mark a declaration for
// Interface Builder; the type is what follows them.
func TestOutletTypes(t *testing.T) {
	src := []byte(`@interface Panel : NSWindowController {
    IBOutlet GeneralController *_general;
    IBOutlet NSButton *okButton;
}
@property (nonatomic, weak) IBOutlet NSTextField *field;
@property (nonatomic) IBInspectable CGFloat radius;
@end
`)
	p := NewParser()
	defer p.Close()
	f, err := p.Parse(token.NewFileSet(), "Panel.h", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Classes) != 1 {
		t.Fatalf("got %d classes", len(f.Classes))
	}
	cd := f.Classes[0]
	got := map[string]string{}
	for _, iv := range cd.Ivars {
		got[iv.Name] = iv.Type.Name
	}
	for _, p := range cd.Properties {
		got[p.Name] = p.Type.Name
	}
	for name, want := range map[string]string{"_general": "GeneralController", "okButton": "NSButton", "field": "NSTextField", "radius": "CGFloat"} {
		if got[name] != want {
			t.Errorf("type of %s = %q, want %q", name, got[name], want)
		}
	}
	for _, iv := range cd.Ivars {
		outlet := false
		for _, q := range iv.Type.Qualifiers() {
			outlet = outlet || q == "IBOutlet"
		}
		if !outlet {
			t.Errorf("%s: IBOutlet is not kept among the qualifiers %v", iv.Name, iv.Type.Qualifiers())
		}
	}
}

// TestMRCFromSends: a file that sends retain, release or autorelease is
// compiled without ARC (ARC rejects those sends), unless it is written
// for both memory models (it mentions objc_arc); [super dealloc] is the
// reason given when there is one.
func TestMRCFromSends(t *testing.T) {
	p := NewParser()
	defer p.Close()
	for _, tc := range []struct {
		src, reason string
	}{
		{"@implementation A\n- (void)drop:(id)x {\n    [x release];\n}\n@end\n", "-release sent at line 3 (ARC rejects it)"},
		{"@implementation A\n- (id)make {\n    return [[[A alloc] init] autorelease];\n}\n@end\n", "-autorelease sent at line 3 (ARC rejects it)"},
		{"@implementation A\n- (void)drop:(id)x {\n    [x release];\n}\n- (void)dealloc {\n    [super dealloc];\n}\n@end\n", "[super dealloc] at line 6"},
		{"@implementation A\n- (void)drop:(id)x {\n#if !__has_feature(objc_arc)\n    [x release];\n#endif\n}\n@end\n", ""},
		{"@implementation A\n- (void)drop:(id)x {\n    [x close];\n}\n@end\n", ""},
	} {
		f, err := p.Parse(token.NewFileSet(), "A.m", []byte(tc.src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.MRC != (tc.reason != "") || f.MRCReason != tc.reason {
			t.Errorf("%q: MRC %v (%q), want %q", tc.src, f.MRC, f.MRCReason, tc.reason)
		}
	}
}

// TestVarEnd checks where local variables go out of scope: at the end of
// the compound statement that declares them, or of the loop whose header
// does.
func TestVarEnd(t *testing.T) {
	src := "@implementation A\n- (void)f:(NSArray *)xs {\n    id outer = nil;\n    for (id x in xs) {\n        id inner = x;\n    }\n    for (int i = 0; i < 2; i++) {}\n    ^{ id inBlock = nil; }();\n}\n@end\n"
	fset := token.NewFileSet()
	f, err := NewParser().Parse(fset, "A.m", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := f.Classes[0].Methods[0].Body
	got := map[string]string{}
	for _, v := range body.Locals {
		end := "-"
		if v.End.IsValid() {
			p := fset.Position(v.End)
			end = fmt.Sprintf("%d:%d", p.Line, p.Column)
		}
		got[v.Name] = end
	}
	want := map[string]string{
		"outer":   "9:2",  // the method's body
		"x":       "6:6",  // the fast-enumeration loop
		"inner":   "6:6",  // the loop's body
		"i":       "7:35", // the for loop
		"inBlock": "8:27", // the block's body
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ends = %v, want %v", got, want)
	}
}
