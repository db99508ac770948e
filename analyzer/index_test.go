package analyzer_test

import (
	"go/token"
	"reflect"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

func parseFiles(t *testing.T, files map[string]string) []*objcparse.File {
	t.Helper()
	p := objcparse.NewParser()
	defer p.Close()
	fset := token.NewFileSet()
	var out []*objcparse.File
	for name, src := range files {
		f, err := p.Parse(fset, name, []byte(src), objcparse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

func TestIndex(t *testing.T) {
	ix := analyzer.NewIndex(parseFiles(t, map[string]string{
		"Base.h": `@protocol Named
@property (nonatomic, copy) NSString *name;
@end
@interface Base : NSObject <Named> {
    id _ivar;
}
@property (nonatomic, strong, readonly) id thing;
@end`,
		"Base.m": `@interface Base ()
@property (nonatomic, strong, readwrite) id thing;
@end
@implementation Base
@end
@implementation Base (Extra)
@end`,
		"Derived.h": `@interface Derived : Base
@end
@interface Loop1 : Loop2
@end
@interface Loop2 : Loop1
@end`,
	}))
	if got := ix.Superclasses("Derived"); !reflect.DeepEqual(got, []string{"Base", "NSObject"}) {
		t.Errorf("Superclasses(Derived) = %q", got)
	}
	if got := ix.Superclasses("Loop1"); !reflect.DeepEqual(got, []string{"Loop2"}) {
		t.Errorf("Superclasses(Loop1) = %q (a cycle must end the chain)", got)
	}
	if !ix.IsSubclassOf("Derived", "NSObject") || ix.IsSubclassOf("Base", "Derived") {
		t.Error("IsSubclassOf is wrong")
	}
	if b, ok := ix.IsKindOfAny("Derived", []string{"Other", "Base"}); !ok || b != "Base" {
		t.Errorf("IsKindOfAny = %q, %v", b, ok)
	}
	c := ix.Class("Base")
	if c == nil || len(c.Decls) != 4 || c.Super != "NSObject" {
		t.Fatalf("Class(Base) = %+v", c)
	}
	if got := len(c.DeclsOf(objcparse.DeclImplementation, objcparse.DeclCategoryImpl)); got != 2 {
		t.Errorf("implementations = %d, want 2", got)
	}
	props := ix.Properties("Derived", "thing")
	if len(props) != 2 || props[0].Class.Kind != objcparse.DeclExtension {
		t.Errorf("Properties(Derived, thing): the extension's redeclaration must come first: %+v", props)
	}
	if props := ix.Properties("Derived", "name"); len(props) != 1 || props[0].Protocol == nil {
		t.Errorf("Properties(Derived, name) must find the protocol property: %+v", props)
	}
	if ix.Ivar("Derived", "_ivar") == nil || ix.Ivar("Derived", "_nope") != nil {
		t.Error("Ivar lookup through the superclass chain is wrong")
	}
	if !reflect.DeepEqual(ix.ClassNames(), []string{"Base", "Derived", "Loop1", "Loop2"}) {
		t.Errorf("ClassNames = %q", ix.ClassNames())
	}
}

// TestIndexIgnoresBrokenInterfaceHeaders: a primary interface whose header
// holds a parse error does not declare a class the project does not
// implement; one that the project implements, or a clean one, does.
func TestIndexIgnoresBrokenInterfaceHeaders(t *testing.T) {
	ix := analyzer.NewIndex(parseFiles(t, map[string]string{
		"Broken.m": "@interface NSArray+Foo () { id _x; }\n@end\n",
		"Mine.h":   "@interface Mine+Bar () { id _y; }\n@end\n",
		"Mine.m":   "@implementation Mine\n@end\n",
		"Vendor.h": "@interface Vendored : NSObject\n@property (nonatomic, strong) id thing;\n@end\n",
	}))
	if c := ix.Class("NSArray"); c != nil {
		t.Errorf("NSArray is declared by a broken header: %+v", c.Decls)
	}
	if c := ix.Class("Mine"); c == nil || len(c.Decls) != 2 {
		t.Errorf("Mine (implemented) lost its interface: %+v", c)
	}
	if ix.Class("Vendored") == nil {
		t.Error("a clean interface without implementation was dropped")
	}
}
