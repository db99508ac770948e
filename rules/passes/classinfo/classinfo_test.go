package classinfo

import (
	"bytes"
	"flag"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/inspect")

var (
	archiveDir = filepath.Join("..", "..", "..", "testdata", "txtar", "inspect")
	goldenDir  = filepath.Join("..", "..", "..", "testdata", "golden", "inspect")
)

// load parses a txtar archive in memory and returns its index and the
// class named by its "class: NAME" comment line.
func load(t *testing.T, path string) (*analyzer.Index, *token.FileSet, string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, fset := parseArchive(t, path, ar)
	var class string
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "class: "); ok {
			class = strings.TrimSpace(v)
		}
	}
	if class == "" {
		t.Fatalf("%s: no \"class: NAME\" line in the archive's comment", path)
	}
	return ix, fset, class
}

// parseArchive parses the Objective-C files of ar in memory; name is the
// archive's name for messages.
func parseArchive(t *testing.T, name string, ar *txtar.Archive) (*analyzer.Index, *token.FileSet) {
	t.Helper()
	p := objcparse.NewParser()
	defer p.Close()
	fset := token.NewFileSet()
	var files []*objcparse.File
	for _, f := range ar.Files {
		if objcparse.LangOf(f.Name) == 0 {
			continue
		}
		pf, err := p.Parse(fset, f.Name, f.Data, objcparse.Options{})
		if err != nil {
			t.Fatalf("%s: %s: %v", name, f.Name, err)
		}
		files = append(files, pf)
	}
	return analyzer.NewIndex(files), fset
}

// TestGolden inspects the class of each archive in testdata/txtar/inspect
// and compares the text and JSON reports with testdata/golden/inspect.
// Run with -update after an intended change and review the diff.
func TestGolden(t *testing.T) {
	archives, err := filepath.Glob(filepath.Join(archiveDir, "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no archives in %s: %v", archiveDir, err)
	}
	for _, path := range archives {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			ix, fset, class := load(t, path)
			for _, f := range ix.Files {
				if len(f.Errors) > 0 {
					t.Errorf("%s does not parse cleanly at %s", f.Path, fset.Position(f.Errors[0].Pos))
				}
			}
			ci, err := Inspect(ix, fset, class, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if check := checks[name]; check != nil {
				check(t, ci)
			} else {
				t.Errorf("no checks for %s: add an entry to checks", name)
			}
			for format, ext := range map[string]string{"text": ".txt", "json": ".json"} {
				var got bytes.Buffer
				if err := Write(&got, format, ci); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join(goldenDir, name+ext)
				if *update {
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./rules/passes/classinfo -run TestGolden -update)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s report differs from %s (run with -update and review the diff):\n%s", format, golden, firstDiff(string(want), got.String()))
				}
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + a + "\n   got: " + b
		}
	}
	return ""
}

// checks are the facts each golden case is about, asserted independently
// of the golden files so that an -update cannot silently change them.
var checks = map[string]func(*testing.T, *ClassInfo){
	"rcd_layout": func(t *testing.T, ci *ClassInfo) {
		wantLayout(t, ci.StrongLayout, `\x03\x12`, "1-3 5-6")
		wantLayout(t, ci.WeakLayout, `\x31\x21`, "4 7")
		wantIvars(t, ci, "_object@8 _secondObject@16 _array@24 _weakObject@32 _block@40 _model@48 _weakModel@56")
		wantRefs(t, ci, "_object->NSObject _secondObject->NSObject _array->NSArray _block->block _model->id")
		if ci.InstanceSize != 64 || ci.Memory != "ARC" {
			t.Errorf("instance size %d, memory %s; want 64, ARC", ci.InstanceSize, ci.Memory)
		}
	},
	"singleton": func(t *testing.T, ci *ClassInfo) {
		if ci.Lifetime != "a singleton (+sharedStore)" {
			t.Errorf("lifetime %q; want a singleton (+sharedStore)", ci.Lifetime)
		}
	},
	"rcd_struct": func(t *testing.T, ci *ClassInfo) {
		wantLayout(t, ci.StrongLayout, `\x03\x11`, "1-3 5")
		wantNote(t, ci, "someStruct (_RCDTestStruct) is a struct")
	},
	"subclass": func(t *testing.T, ci *ClassInfo) {
		if ci.Lifetime != "" {
			t.Errorf("lifetime %q; want none (nothing shows the cell lives as long as the process)", ci.Lifetime)
		}
		if ci.IvarStart != 9 || len(ci.Superclasses) != 2 || ci.Superclasses[0].IvarEnd != 9 || ci.Superclasses[1].Name != "NSObject" {
			t.Errorf("ivar start %d, superclasses %+v; want 9 after PHBaseCell (8-9) and NSObject", ci.IvarStart, ci.Superclasses)
		}
		wantIvars(t, ci, "_selectedForExport@9 _photo@16 _delegate@24")
		wantLayout(t, ci.StrongLayout, `\x01`, "2")
		wantLayout(t, ci.WeakLayout, `\x11`, "3")
	},
	"extension": func(t *testing.T, ci *ClassInfo) {
		wantIvars(t, ci, "_attempt@8 _observer@16 _retryTimer@24 _finished@32 _identifier@40 _progress@48 _lastError@56 _chunks@64")
		p := prop(t, ci, "identifier")
		if p.ReadOnly || p.Ownership != "copy" || len(p.Declarations) != 2 || p.Declarations[0].In != "interface" || p.Declarations[1].In != "extension" {
			t.Errorf("identifier = %+v; want readwrite copy declared in the interface and the extension", p)
		}
		if p := prop(t, ci, "summary"); p.Ivar != "" || p.Storage != StorageImplemented {
			t.Errorf("summary = %+v; want no ivar (its getter is implemented)", p)
		}
		if p := prop(t, ci, "progress"); !p.Atomic || p.ReadOnly {
			t.Errorf("progress = %+v; want atomic readwrite", p)
		}
		if p := prop(t, ci, "finished"); p.Getter != "isFinished" || p.Setter != "setFinished:" {
			t.Errorf("finished accessors %q %q", p.Getter, p.Setter)
		}
	},
	"category": func(t *testing.T, ci *ClassInfo) {
		wantIvars(t, ci, "_imageView@8")
		if p := prop(t, ci, "loadTask"); p.Ivar != "" || p.Storage != StorageCategory {
			t.Errorf("loadTask = %+v; want a category property without ivar", p)
		}
		if p := prop(t, ci, "remoteKey"); p.Ivar != "" || p.Storage != StorageDynamic {
			t.Errorf("remoteKey = %+v; want @dynamic without ivar", p)
		}
		if !ci.Superclasses[0].Assumed {
			t.Errorf("UIView's size must be marked assumed: %+v", ci.Superclasses)
		}
		wantNote(t, ci, "UIView is not in the project")
		wantNote(t, ci, "property loadTask (strong) is not an owning reference")
	},
	"protocol": func(t *testing.T, ci *ClassInfo) {
		wantIvars(t, ci, "created@8 _parentModel@16 _title@24 _text@32")
		if p := prop(t, ci, "identifier"); p.Ivar != "" || p.Storage != StorageProtocol {
			t.Errorf("identifier = %+v; want a protocol property without ivar", p)
		}
		if p := prop(t, ci, "title"); len(p.Declarations) != 2 || p.Declarations[1].In != "protocol PHModel" {
			t.Errorf("title declarations = %+v; want the interface and protocol PHModel", p.Declarations)
		}
		wantRefs(t, ci, "created->NSDate _parentModel->id _title->NSString _text->NSString")
	},
	"synthesize": func(t *testing.T, ci *ClassInfo) {
		wantIvars(t, ci, "_delegate@8 _retries@16 workQueue@24 destination@32 _url@40 _progressHandler@48")
		if p := prop(t, ci, "delegate"); p.Ivar != "_delegate" || p.Storage != StorageDeclared {
			t.Errorf("delegate = %+v; want the declared ivar _delegate", p)
		}
		wantLayout(t, ci.StrongLayout, `\x24`, "3-6")
		wantLayout(t, ci.WeakLayout, `\x01`, "1")
		wantNote(t, ci, "@synthesize missing = _missing")
	},
	"mrc": func(t *testing.T, ci *ClassInfo) {
		if ci.Memory != "MRC" || !strings.Contains(ci.MemoryReason, "[super dealloc]") {
			t.Errorf("memory %s (%s); want MRC from [super dealloc]", ci.Memory, ci.MemoryReason)
		}
		wantLayout(t, ci.StrongLayout, "NULL", "")
		wantLayout(t, ci.WeakLayout, `\x51`, "6")
		wantRefs(t, ci, "_name->NSString _keys->NSArray")
	},
	"nostrong": func(t *testing.T, ci *ClassInfo) {
		wantLayout(t, ci.StrongLayout, "NULL", "")
		wantRefs(t, ci, "")
		wantLayout(t, ci.WeakLayout, `\x41`, "5")
		wantIvars(t, ci, "_target@8 _key@16 _dirty@24 _count@32 _delegate@40 _anchor@48 _frame@56")
		if ci.InstanceSize != 88 {
			t.Errorf("instance size %d, want 88", ci.InstanceSize)
		}
	},
}

func wantLayout(t *testing.T, l Layout, bytes, slots string) {
	t.Helper()
	if l.Bytes != bytes || l.SlotRanges != slots {
		t.Errorf("layout %s (slots %q), want %s (slots %q)", l.Bytes, l.SlotRanges, bytes, slots)
	}
}

func wantIvars(t *testing.T, ci *ClassInfo, want string) {
	t.Helper()
	var got []string
	for _, iv := range ci.Ivars {
		got = append(got, iv.Name+"@"+strconv.Itoa(iv.Offset))
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("ivars\n got %s\nwant %s", g, want)
	}
}

func wantRefs(t *testing.T, ci *ClassInfo, want string) {
	t.Helper()
	var got []string
	for _, r := range ci.OwningReferences {
		got = append(got, r.Ivar+"->"+r.Target)
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("owning references\n got %s\nwant %s", g, want)
	}
}

func wantNote(t *testing.T, ci *ClassInfo, sub string) {
	t.Helper()
	for _, n := range ci.Notes {
		if strings.Contains(n, sub) {
			return
		}
	}
	t.Errorf("no note contains %q; notes:\n%s", sub, strings.Join(ci.Notes, "\n"))
}

func prop(t *testing.T, ci *ClassInfo, name string) Property {
	t.Helper()
	for _, p := range ci.Properties {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no property %s", name)
	return Property{}
}
