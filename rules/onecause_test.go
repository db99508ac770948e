package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// TestOneFindingPerCause runs every rule on testdata/onecause: a strong
// back-pointer on a cycle is one retaincycle finding (no strongdelegate),
// a block that mixes weakSelf and self on a cycle is one retaincycle
// finding (no mixedselfweakself) whose message says self slipped in, and
// two stores into one property are one finding with a related site.
// With retaincycle off, the other rules report their part again.
func TestOneFindingPerCause(t *testing.T) {
	dir := filepath.Join("..", "testdata", "onecause")
	run := func(as []*analyzer.Analyzer) ([]string, []analyzer.Diagnostic) {
		res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: as})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, fmt.Sprintf("%s:%d", d.Rule, res.Fset.Position(d.Pos).Line))
		}
		sort.Strings(got)
		return got, res.Diagnostics
	}
	got, diags := run(rules.All)
	want := []string{"retaincycle:27", "retaincycle:34"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("all rules: got %q, want %q", got, want)
	}
	for _, d := range diags {
		if strings.Contains(d.Message, "onSend") {
			if !strings.Contains(d.Message, "weakSelf") {
				t.Errorf("the cycle through onSend does not say that self slipped in beside weakSelf: %s", d.Message)
			}
			if len(d.Related) == 0 || !strings.Contains(fmt.Sprint(d.Related), "here too") {
				t.Errorf("the second store into onSend is not a related site: %v", d.Related)
			}
		}
	}
	var others []*analyzer.Analyzer
	for _, a := range rules.All {
		if a.Name != "retaincycle" {
			others = append(others, a)
		}
	}
	got, _ = run(others)
	if want := []string{"mixedselfweakself:36", "strongdelegate:11"}; !reflect.DeepEqual(got, want) {
		t.Errorf("without retaincycle: got %q, want %q", got, want)
	}
}
