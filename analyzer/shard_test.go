package analyzer

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/internal/gencorpus"
	"github.com/objcleak/objcleak/objcparse"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"", Shard{}, ""},
		{"1/1", Shard{1, 1}, ""},
		{"2/4", Shard{2, 4}, ""},
		{" 3 / 5 ", Shard{3, 5}, ""},
		{"4/4", Shard{4, 4}, ""},
		{"0/3", Shard{}, "between 1 and 3"},
		{"4/3", Shard{}, "between 1 and 3"},
		{"-1/3", Shard{}, "between 1 and 3"},
		{"1/0", Shard{}, "at least 1"},
		{"0/0", Shard{}, "at least 1"},
		{"x/y", Shard{}, "whole numbers"},
		{"1.5/3", Shard{}, "whole numbers"},
		{"1/2/3", Shard{}, "whole numbers"},
		{"3", Shard{}, "want i/n"},
		{"/", Shard{}, "whole numbers"},
	} {
		got, err := ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.in)) {
				t.Errorf("ParseShard(%q) error = %v, want one naming the input and containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if got.String() != strings.ReplaceAll(tc.in, " ", "") {
			t.Errorf("ParseShard(%q).String() = %q", tc.in, got.String())
		}
	}
}

func TestShardAutomationID(t *testing.T) {
	for _, tc := range []struct {
		s    Shard
		want string
	}{
		{Shard{}, ""},
		{Shard{1, 1}, ""},
		{Shard{2, 4}, "objcleak/shard-2-of-4/"},
		{Shard{10, 12}, "objcleak/shard-10-of-12/"},
	} {
		if got := tc.s.AutomationID(); got != tc.want {
			t.Errorf("%v.AutomationID() = %q, want %q", tc.s, got, tc.want)
		}
	}
	if err := (Shard{5, 3}).Validate(); err == nil {
		t.Error("Shard{5, 3}.Validate() = nil, want an error")
	}
}

// TestShardOfIsStable pins the hash (values checked with Python's hashlib:
// 1 + int.from_bytes(sha256(path)[:8], "big") % n): changing it moves
// files between the shards of CI matrices that are already set up.
func TestShardOfIsStable(t *testing.T) {
	paths := []string{"a.m", "PhotoHub/AppDelegate.m", "Sources/Feed/FeedViewController.mm", "Sources/Feed/FeedViewController.h", "dir with space/é.m"}
	var got []string
	for _, p := range paths {
		got = append(got, fmt.Sprintf("%s=%d,%d", p, ShardOf(p, 4), ShardOf(p, 7)))
	}
	want := []string{
		"a.m=1,6",
		"PhotoHub/AppDelegate.m=1,1",
		"Sources/Feed/FeedViewController.mm=2,6",
		"Sources/Feed/FeedViewController.h=2,3",
		"dir with space/é.m=3,3",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ShardOf changed:\n got %v\nwant %v", got, want)
	}
	if ShardOf("a.m", 1) != 1 || ShardOf("a.m", 0) != 1 {
		t.Error("ShardOf(_, n ≤ 1) must be 1")
	}
}

// shardProbe reports one finding at the start of every file it is given
// and records the files of the index: "path" for parsed files, "path
// (stub)" for the bare implementations of other shards' files.
type shardProbe struct {
	indexed     []string
	implemented map[string]bool // files with an @implementation, by path
}

// isStub reports whether f holds only bare implementation declarations
// (foreignImplementations).
func isStub(f *objcparse.File) bool {
	if len(f.Imports) > 0 || len(f.Comments) > 0 || len(f.Classes) == 0 {
		return false
	}
	for _, d := range f.Classes {
		if d.Kind != objcparse.DeclImplementation || len(d.Methods) > 0 || len(d.Ivars) > 0 {
			return false
		}
	}
	return true
}

func (p *shardProbe) analyzer() *Analyzer {
	return &Analyzer{
		Name:     "probe",
		Doc:      "probe: reports every file\n\nFor shard tests.",
		Severity: SeverityWarning,
		Run: func(pass *Pass) (any, error) {
			p.indexed = p.indexed[:0]
			p.implemented = map[string]bool{}
			for _, f := range pass.Index.Files {
				name := filepath.ToSlash(f.Path)
				for _, d := range f.Classes {
					p.implemented[name] = p.implemented[name] || d.Kind == objcparse.DeclImplementation
				}
				if isStub(f) {
					name += " (stub)"
				}
				p.indexed = append(p.indexed, name)
			}
			for _, f := range pass.Files {
				pass.Report(Diagnostic{Pos: f.Pos, Message: "file"})
			}
			return nil, nil
		},
	}
}

// TestShardsPartitionFiles checks on the demo app that every file is
// reported by exactly one shard, that every shard parses every header and
// only its own implementation files (knowing the others' bare
// implementations), that the shards' counts add up, and that shard 1/1 is
// the unsharded run.
func TestShardsPartitionFiles(t *testing.T) {
	root := filepath.Join("..", "testdata", "App")
	probe := &shardProbe{}
	lint := func(s Shard) (*Result, []string) {
		t.Helper()
		res, err := Run(context.Background(), &Config{Paths: []string{root}, Root: root, Analyzers: []*Analyzer{probe.analyzer()}, Shard: s})
		if err != nil {
			t.Fatalf("shard %v: %v", s, err)
		}
		var files []string
		for _, d := range res.Diagnostics {
			files = append(files, res.RelPath(res.Fset.Position(d.Pos).Filename))
		}
		return res, files
	}
	whole, all := lint(Shard{})
	allIndexed := append([]string(nil), probe.indexed...)
	implemented := probe.implemented
	var headers, impls []string
	for _, f := range all {
		if objcparse.LangOf(f) == objcparse.LangHeader {
			headers = append(headers, f)
		} else {
			impls = append(impls, f)
		}
	}
	if len(headers) == 0 || len(impls) == 0 || len(all) != whole.Files {
		t.Fatalf("the demo app has %d headers and %d implementation files, %d files in all; want some of each", len(headers), len(impls), whole.Files)
	}

	one, oneFiles := lint(Shard{1, 1})
	if strings.Join(oneFiles, " ") != strings.Join(all, " ") || one.Files != whole.Files || one.Lines != whole.Lines {
		t.Errorf("shard 1/1 differs from no sharding: %v (%d files, %d lines) vs %v (%d files, %d lines)", oneFiles, one.Files, one.Lines, all, whole.Files, whole.Lines)
	}

	for _, n := range []int{2, 3, 5, 8} {
		owner := map[string][]int{}
		files, lines := 0, 0
		for i := 1; i <= n; i++ {
			res, got := lint(Shard{i, n})
			files += res.Files
			lines += res.Lines
			for _, f := range got {
				owner[f] = append(owner[f], i)
				if want := ShardOf(f, n); want != i {
					t.Errorf("%d/%d reports %s, which ShardOf puts in shard %d", i, n, f, want)
				}
			}
			indexed := map[string]bool{}
			for _, f := range probe.indexed {
				indexed[f] = true
			}
			for _, f := range allIndexed {
				rel := strings.TrimPrefix(f, filepath.ToSlash(root)+"/")
				isHeader := objcparse.LangOf(f) == objcparse.LangHeader
				own := ShardOf(rel, n) == i
				if (isHeader || own) != indexed[f] {
					t.Errorf("%d/%d: parsed(%s) = %v, want %v (header %v, own %v)", i, n, rel, indexed[f], isHeader || own, isHeader, own)
				}
				if want := !isHeader && !own && implemented[f]; want != indexed[f+" (stub)"] {
					t.Errorf("%d/%d: %s is in the index as bare implementations: %v, want %v", i, n, rel, !want, want)
				}
			}
		}
		for _, f := range all {
			if len(owner[f]) != 1 {
				t.Errorf("n=%d: %s is reported by shards %v, want exactly one", n, f, owner[f])
			}
		}
		if len(owner) != len(all) {
			t.Errorf("n=%d: the shards report %d files, want %d", n, len(owner), len(all))
		}
		if files != whole.Files || lines != whole.Lines {
			t.Errorf("n=%d: the shards count %d files and %d lines, want %d and %d", n, files, lines, whole.Files, whole.Lines)
		}
	}
}

// TestShardParseProblems checks that a file that cannot be read is
// reported by its own shard only.
func TestShardParseProblems(t *testing.T) {
	dir := t.TempDir()
	// A directory named like a source file cannot be read as one.
	files := map[string]string{"ok.m": "@implementation A\n@end\n", "b.h": "@interface B\n@end\n"}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	writeFile(t, filepath.Join(dir, "big.m"), strings.Repeat("// x\n", 100))
	writeFile(t, filepath.Join(dir, "big.h"), strings.Repeat("// x\n", 100))
	parse := &Analyzer{Name: ParseRuleName, Doc: "parse: unreadable files\n\nFor shard tests.", Severity: SeverityNote,
		Run: func(*Pass) (any, error) { return nil, nil }}
	count := map[string]int{}
	for i := 1; i <= 3; i++ {
		res, err := Run(context.Background(), &Config{Paths: []string{dir}, Root: dir, Analyzers: []*Analyzer{parse}, MaxFileSize: 200, Shard: Shard{i, 3}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			rel := res.RelPath(res.Fset.Position(d.Pos).Filename)
			count[rel]++
			if ShardOf(rel, 3) != i {
				t.Errorf("shard %d/3 reports %s (%s), which belongs to shard %d", i, rel, d.Message, ShardOf(rel, 3))
			}
		}
	}
	if count["big.m"] != 1 || count["big.h"] != 1 || len(count) != 2 {
		t.Errorf("parse problems reported %v, want big.m and big.h once each", count)
	}
}

// TestShardSkippedLinks checks that a link that is not followed is
// reported (and counted) by its own shard only.
func TestShardSkippedLinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "x.m")
	writeFile(t, outside, "@implementation X\n@end\n")
	dir := t.TempDir()
	for _, name := range []string{"a.m", "b.m", "c.h"} {
		writeFile(t, filepath.Join(dir, name), "// "+name+"\n")
	}
	for _, name := range []string{"link.m", "link.h"} {
		if err := os.Symlink(outside, filepath.Join(dir, name)); err != nil {
			t.Skipf("cannot make symbolic links: %v", err)
		}
	}
	parse := &Analyzer{Name: ParseRuleName, Doc: "parse: unreadable files\n\nFor shard tests.", Severity: SeverityNote,
		Run: func(*Pass) (any, error) { return nil, nil }}
	lint := func(s Shard) (*Result, []string) {
		res, err := Run(context.Background(), &Config{Paths: []string{dir}, Root: dir, Analyzers: []*Analyzer{parse}, Shard: s})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, res.RelPath(res.Fset.Position(d.Pos).Filename))
		}
		return res, got
	}
	whole, all := lint(Shard{})
	if strings.Join(all, " ") != "link.h link.m" {
		t.Fatalf("unsharded: reports %v, want the two links", all)
	}
	var got []string
	files := 0
	for i := 1; i <= 3; i++ {
		res, reported := lint(Shard{i, 3})
		files += res.Files
		for _, f := range reported {
			if ShardOf(f, 3) != i {
				t.Errorf("shard %d/3 reports %s, which belongs to shard %d", i, f, ShardOf(f, 3))
			}
		}
		got = append(got, reported...)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(all, " ") || files != whole.Files {
		t.Errorf("shards report %v in %d files, want %v in %d", got, files, all, whole.Files)
	}
}

// TestShardLimitation documents what a shard sees of another shard's
// implementation files: the classes they implement, not what they declare.
func TestShardLimitation(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "A.h"), "@interface A : NSObject\n@end\n")
	writeFile(t, filepath.Join(dir, "A.m"), "#import \"A.h\"\n@interface A ()\n@property (nonatomic, strong) id b;\n@end\n@implementation A\n@end\n")
	writeFile(t, filepath.Join(dir, "B.m"), "@interface B ()\n@property (nonatomic, strong) id a;\n@end\n@implementation B : NSObject\n@end\n")
	n := 2
	for ShardOf("A.m", n) == ShardOf("B.m", n) {
		n++
	}
	for i := 1; i <= n; i++ {
		pr, err := Load(context.Background(), &Config{Paths: []string{dir}, Root: dir, Shard: Shard{i, n}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"A", "B"} {
			if cls := pr.Index.Class(c); cls == nil || len(cls.DeclsOf(objcparse.DeclImplementation)) != 1 {
				t.Errorf("%d/%d: class %s is not known as implemented by the project", i, n, c)
			}
		}
		if got := pr.Index.Superclasses("B"); len(got) != 1 || got[0] != "NSObject" {
			t.Errorf("%d/%d: superclasses of B = %v, want [NSObject]", i, n, got)
		}
		if got, want := len(pr.Index.Properties("A", "b")) > 0, ShardOf("A.m", n) == i; got != want {
			t.Errorf("%d/%d: A.b (declared in A.m) known = %v, want %v", i, n, got, want)
		}
		if got, want := len(pr.Index.Properties("B", "a")) > 0, ShardOf("B.m", n) == i; got != want {
			t.Errorf("%d/%d: B.a (declared in B.m) known = %v, want %v", i, n, got, want)
		}
	}
}

func TestImplementationStub(t *testing.T) {
	src := `#import "X.h"
// @implementation Commented
/* @implementation Blocked
   @implementation AlsoBlocked */
static NSString *const s = @"\n@implementation InString";
@implementation Plain
- (void)dealloc { [ super  dealloc ]; }
@end
  @implementation Sub : Base {
    id _x;
}
@end
@implementation Plain (Category)
@end
@implementation Spaced(Cat2)
@end
@implementation $Dollar_1:Base2
@end
`
	fset := token.NewFileSet()
	f := implementationStub(fset, "X.m", []byte(src))
	if f == nil {
		t.Fatal("no implementations found")
	}
	var got []string
	for _, d := range f.Classes {
		p := fset.Position(d.Pos)
		got = append(got, fmt.Sprintf("%s:%s@%d:%d", d.Name, d.Super, p.Line, p.Column))
	}
	want := "Plain:@6:1 Sub:Base@9:3 $Dollar_1:Base2@17:1"
	if strings.Join(got, " ") != want {
		t.Errorf("implementations = %v, want %s", got, want)
	}
	if !f.MRC || !strings.Contains(f.MRCReason, "line 7") {
		t.Errorf("MRC = %v (%q), want the [super dealloc] at line 7", f.MRC, f.MRCReason)
	}
	if f := implementationStub(fset, "Y.m", []byte("// [super dealloc]\n@implementation Y\n@end\n")); f == nil || f.MRC {
		t.Errorf("a commented [super dealloc] makes the file MRC: %+v", f)
	}
	if f := implementationStub(fset, "Z.m", []byte("#if __has_feature(objc_arc)\n#error no ARC\n#endif\n@implementation Z\n@end\n")); f == nil || !f.MRC {
		t.Error("the ARC guard does not make the file MRC")
	}
	if f := implementationStub(fset, "C.m", []byte("@implementation C (Only)\n@end\n")); f != nil {
		t.Errorf("a file with only a category implementation gives %+v", f)
	}
}

// TestImplementationStubMatchesParser checks the text scan against the
// parser on the demo app and a generated corpus: the same
// implementations, superclasses and MRC.
func TestImplementationStubMatchesParser(t *testing.T) {
	corpus := t.TempDir()
	if _, err := gencorpus.Write(corpus, 15000); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join("..", "testdata", "App"), corpus} {
		checkStubsMatchParser(t, root)
	}
}

func checkStubsMatchParser(t *testing.T, root string) {
	paths, err := Discover([]string{root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := objcparse.NewParser()
	defer p.Close()
	checked := 0
	for _, path := range paths {
		if objcparse.LangOf(path) == objcparse.LangHeader {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := p.Parse(token.NewFileSet(), path, src, objcparse.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var want []string
		for _, d := range parsed.Classes {
			if d.Kind == objcparse.DeclImplementation {
				want = append(want, d.Name+":"+d.Super)
			}
		}
		var got []string
		stub := implementationStub(token.NewFileSet(), path, src)
		if stub != nil {
			for _, d := range stub.Classes {
				got = append(got, d.Name+":"+d.Super)
			}
			if stub.MRC != parsed.MRC {
				t.Errorf("%s: MRC = %v, the parser says %v", path, stub.MRC, parsed.MRC)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: implementations %v, the parser finds %v", path, got, want)
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("%s: checked %d files", root, checked)
	}
}

func TestShardSourcesKeepsOrder(t *testing.T) {
	var srcs []source
	for _, p := range []string{"a.h", "a.m", "b.mm", "c.pch", "d.m"} {
		srcs = append(srcs, source{path: p, macrosOnly: strings.HasSuffix(p, ".pch")})
	}
	out := shardSources(append([]source(nil), srcs...), ".", Shard{1, 2})
	var got []string
	for _, s := range out {
		got = append(got, fmt.Sprintf("%s:%v:%v", s.path, s.macrosOnly, s.foreign))
	}
	sort.Strings(got)
	want := []string{}
	for _, s := range srcs {
		own := ShardOf(s.path, 2) == 1
		switch {
		case s.macrosOnly:
			want = append(want, s.path+":true:false")
		case own:
			want = append(want, s.path+":false:false")
		case strings.HasSuffix(s.path, ".h"):
			want = append(want, s.path+":false:true")
		default:
			want = append(want, s.path+":true:false")
		}
	}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("shardSources = %v, want %v", got, want)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
