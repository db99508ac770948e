package retaincycle_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/analyzertest"
	"github.com/objcleak/objcleak/rules/retaincycle"
)

func TestRetainCycle(t *testing.T) {
	analyzertest.Run(t, filepath.Join("..", "..", "testdata", "src", "retaincycle"), retaincycle.Analyzer)
	archives, err := filepath.Glob(filepath.Join("..", "..", "testdata", "txtar", "retaincycle", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no txtar fixtures: %v", err)
	}
	analyzertest.RunTxtar(t, archives, retaincycle.Analyzer)
}

// TestDemoApp checks the PhotoHub demo app (testdata/App/README.md): bugs
// 7a, 7b and 7c are reported, nothing else is (the correct counterparts,
// and bug 6, a timer cycle that timerleak reports).
func TestDemoApp(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "App")
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: []*analyzer.Analyzer{retaincycle.Analyzer}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		p := res.Fset.Position(d.Pos)
		got = append(got, fmt.Sprintf("%s %s:%d", d.Rule, filepath.Base(p.Filename), p.Line))
		if d.Rule == retaincycle.Analyzer.Name && (len(d.Flow) < 2 || len(d.Related) < 2) {
			t.Errorf("%s:%d: want the whole path and the related sites, got %d steps, %d related", p.Filename, p.Line, len(d.Flow), len(d.Related))
		}
		if strings.HasSuffix(p.Filename, "FeedViewController.m") && p.Line == 65 && !strings.Contains(d.Message, "ivar _items") {
			t.Errorf("7b: %s", d.Message)
		}
	}
	sort.Strings(got)
	want := []string{
		"retaincycle FeedViewController.m:59",
		"retaincycle FeedViewController.m:65",
		"retaincycle ProfileViewController.m:65",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("demo app findings:\n got %q\nwant %q", got, want)
	}
}

func TestOptions(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "src", "retaincycle")
	count := func(opts map[string]any) (stmts, classes int) {
		res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir,
			Analyzers: []*analyzer.Analyzer{retaincycle.Analyzer}, Options: map[string]map[string]any{"retaincycle": opts}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			if strings.HasPrefix(d.Message, "retain cycle between classes") {
				classes++
			} else {
				stmts++
			}
		}
		return stmts, classes
	}
	allS, allC := count(nil)
	if allS == 0 || allC == 0 {
		t.Fatalf("fixtures: %d statement and %d class findings", allS, allC)
	}
	if s, c := count(map[string]any{"classes": false}); s != allS || c != 0 {
		t.Errorf("classes: false: %d statement and %d class findings, want %d and 0", s, c, allS)
	}
	// maxlength 2 drops the cycles of three references and more (an
	// object self owns holding a block, a collection holding one).
	if s, _ := count(map[string]any{"maxlength": 2.0}); s >= allS || s == 0 {
		t.Errorf("maxlength 2: %d statement findings, all: %d", s, allS)
	}
}
