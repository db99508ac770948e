package objcparse

import (
	"go/token"
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
