package classinfo

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/objcleak/objcleak/analyzer"
)

// inspectSrc inspects class in the files of a txtar archive's text.
func inspectSrc(t *testing.T, archive, class string) *ClassInfo {
	t.Helper()
	ix, fset := parseArchive(t, t.Name(), txtar.Parse([]byte(archive)))
	ci, err := Inspect(ix, fset, class, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ci
}

func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name, class, src string
		check            func(*testing.T, *ClassInfo)
	}{
		{"root class", "Root", `
-- a.m --
@interface Root {
    Class isa;
    id _value;
}
@end
@implementation Root
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantIvars(t, ci, "isa@0 _value@8")
			// Class is a retainable type: under ARC an unqualified Class ivar is strong.
			wantLayout(t, ci.StrongLayout, `\x02`, "0-1")
			wantNote(t, ci, "Root names no superclass: a root class")
		}},
		{"superclass cycle", "A", `
-- a.h --
@interface A : B
@property (nonatomic, strong) id a;
@end
@interface B : A
@property (nonatomic) BOOL b;
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantNote(t, ci, "the superclass chain loops")
			wantIvars(t, ci, "_a@16")
			if len(ci.Superclasses) != 1 || ci.Superclasses[0].Name != "B" || ci.Superclasses[0].IvarStart != 8 {
				t.Errorf("superclasses = %+v", ci.Superclasses)
			}
		}},
		{"category of a class outside the project", "UIView", `
-- v.h --
@interface UIView (Badge)
@property (nonatomic, strong) NSString *badge;
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantNote(t, ci, "UIView has no @interface in the project")
			wantIvars(t, ci, "")
			if ci.InstanceSize != 8 {
				t.Errorf("instance size %d, want 8", ci.InstanceSize)
			}
		}},
		{"header only, duplicated interface", "H", `
-- a.h --
@interface H : NSObject
@property (nonatomic, strong) id x;
@end
-- b.h --
@interface H : NSObject
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantNote(t, ci, "H has 2 @interface blocks (a.h:1, b.h:1): the first is used")
			wantNote(t, ci, "H has no @implementation in the project: its properties are assumed auto-synthesized")
			if ci.Memory != "ARC" || !strings.Contains(ci.MemoryReason, "no @implementation") {
				t.Errorf("memory %s (%s)", ci.Memory, ci.MemoryReason)
			}
		}},
		{"MRC header guard without implementation", "M", `
-- m.h --
#if __has_feature(objc_arc)
#error This file must be compiled without ARC
#endif
@interface M : NSObject
@property (nonatomic, retain) id x;
@end
`, func(t *testing.T, ci *ClassInfo) {
			if ci.Memory != "MRC" || !strings.Contains(ci.MemoryReason, "m.h: ") {
				t.Errorf("memory %s (%s)", ci.Memory, ci.MemoryReason)
			}
			wantLayout(t, ci.StrongLayout, "NULL", "")
			wantRefs(t, ci, "_x->id")
		}},
		{"enums, arrays and typedef chains", "E", `
-- e.m --
typedef enum { EA, EB } Plain;
typedef enum : uint8_t { SA, SB } Small;
typedef void (^Handler)(void);
typedef Handler Callback;
typedef NSString *Name;
@interface E : NSObject {
    Plain _plain;
    Small _small;
    int _numbers[4];
    Callback _callback;
    Name _name;
}
@end
@implementation E
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantIvars(t, ci, "_plain@8 _small@12 _numbers@16 _callback@24 _name@32")
			wantRefs(t, ci, "_callback->block _name->NSString")
			wantNote(t, ci, "ivar _plain (Plain) is a C enum: assumed to be 4 bytes")
			wantNote(t, ci, "ivar _small (Small) is a C enum: assumed to be 1 bytes")
			wantNote(t, ci, "ivar _numbers (int) is a C array")
		}},
		{"accessors, class properties and inherited declarations", "Sub", `
-- s.h --
@interface Base : NSObject
@property (nonatomic, strong) id shared;
@end
@interface Sub : Base
@property (nonatomic, strong) id shared;
@property (nonatomic, copy, readonly) NSString *description;
@property (nonatomic, strong) id both;
@property (nonatomic, strong) id getterOnly;
@property (class, nonatomic, strong) id defaultSub;
@end
-- s.m --
@implementation Base
@end
@implementation Sub
- (id)both { return nil; }
- (void)setBoth:(id)both {}
- (id)getterOnly { return nil; }
+ (id)defaultSub { return nil; }
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantIvars(t, ci, "_getterOnly@16")
			for name, storage := range map[string]string{"shared": StorageSuperclass, "description": StorageSuperclass,
				"both": StorageImplemented, "getterOnly": StorageSynthesized, "defaultSub": StorageClass} {
				if p := prop(t, ci, name); p.Storage != storage {
					t.Errorf("%s: storage %q, want %q", name, p.Storage, storage)
				}
			}
			wantNote(t, ci, "property shared (strong) is not an owning reference of the instance: a superclass declares it")
			wantNote(t, ci, "property defaultSub (strong) is not an owning reference of the instance: a class property has no ivar")
		}},
		{"declared ivar that contradicts its property", "W", `
-- w.m --
@interface W : NSObject {
    id _delegate;
}
@property (nonatomic, weak) id delegate;
@end
@implementation W
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantNote(t, ci, "property delegate is weak but its ivar _delegate is strong")
			wantLayout(t, ci.StrongLayout, `\x01`, "1")
		}},
		{"unreadable range in a declaring file", "U", `
-- u.m --
@interface U : NSObject
@property (nonatomic, strong) id x;
@end
@implementation U
- (void)f {
    int x = ((;
}
@end
`, func(t *testing.T, ci *ClassInfo) {
			wantNote(t, ci, "u.m has ranges the parser could not read")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, inspectSrc(t, tc.src, tc.class)) })
	}
}

func TestUnknownClass(t *testing.T) {
	ix, fset := parseArchive(t, "unknown", txtar.Parse([]byte(`
-- a.h --
@interface FeedAPIClient : NSObject
@end
@interface FeedCell : NSObject
@end
@interface Other : NSObject
@end
`)))
	_, err := Inspect(ix, fset, "feedApiClient", Options{})
	var uc *UnknownClassError
	if !errors.As(err, &uc) || !reflect.DeepEqual(uc.Suggestions, []string{"FeedAPIClient"}) || uc.Files != 1 {
		t.Fatalf("err = %#v", err)
	}
	if want := `no class named "feedApiClient" in the 1 file read; did you mean FeedAPIClient?`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if _, err := Inspect(nil, fset, "X", Options{}); err == nil {
		t.Error("Inspect(nil index) returned no error")
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"FeedAPIClient", "FeedCell", "FeedCells", "PhotoCell", "photocell", "Zed"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"FeedApiClient", []string{"FeedAPIClient"}},
		{"FeedCel", []string{"FeedCell", "FeedCells"}},
		{"PhotoCell", []string{"photocell"}},
		{"PHOTOCELL", []string{"PhotoCell", "photocell"}},
		{"Nothing", []string{}},
		{"", []string{}},
	} {
		if got := suggest(tc.name, names); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}} {
		if got := editDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

// TestRun reads a directory through analyzer.Load, with paths relative to
// the root, and checks Run's errors.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "Sources"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "@interface Box : NSObject\n@property (nonatomic, strong) id item;\n@end\n@implementation Box\n@end\n"
	if err := os.WriteFile(filepath.Join(dir, "Sources", "Box.m"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Run(context.Background(), Config{Class: "Box", Paths: []string{dir}, Root: dir}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Class Box\n", "interface       Sources/Box.m:1\n", `strong:  \x01 (slots 1)`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Class: "Box", Paths: []string{dir}, Format: "xml"}, `unknown format "xml" (formats: text, json)`},
		{Config{Class: "Box", Paths: []string{filepath.Join(dir, "nope")}}, "nope: no such file or directory"},
		{Config{Class: "Bx", Paths: []string{dir}}, `no class named "Bx" in the 1 file read; did you mean Box?`},
	} {
		err := Run(context.Background(), tc.cfg, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
	var ie *analyzer.InputError
	if err := Run(context.Background(), Config{Class: "Box", Paths: []string{filepath.Join(dir, "nope")}}, &out); !errors.As(err, &ie) {
		t.Errorf("a missing path gives %T, want *analyzer.InputError", err)
	}
	if err := Write(&out, "yaml", &ClassInfo{}); err == nil {
		t.Error("Write accepted format yaml")
	}
}

func TestPositionString(t *testing.T) {
	if got := (Position{}).String(); got != "-" {
		t.Errorf("zero Position = %q", got)
	}
	if got := (Position{Path: "a/b.m", Line: 3, Column: 7}).String(); got != "a/b.m:3" {
		t.Errorf("Position = %q", got)
	}
}
