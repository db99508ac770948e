package summaries

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
)

// summarize runs the pass on testdata and returns its result.
func summarize(t *testing.T) *Result {
	t.Helper()
	var res *Result
	probe := &analyzer.Analyzer{Name: "probe", Doc: "probe: x\n\ny", Severity: analyzer.SeverityNote, Requires: []*analyzer.Analyzer{Analyzer},
		Run: func(p *analyzer.Pass) (any, error) { res = p.ResultOf[Analyzer].(*Result); return nil, nil }}
	if _, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{"testdata"}, Analyzers: []*analyzer.Analyzer{probe}}); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSummaries(t *testing.T) {
	res := summarize(t)
	var got []string
	for _, s := range res.all {
		var name string
		if s.Method != nil {
			name = "-" + s.Method.Selector
			if s.Method.ClassMethod {
				name = "+" + s.Method.Selector
			}
		} else {
			name = "f " + s.Function.Name
		}
		var ps []string
		for i, r := range s.Params {
			if _, ok := s.Param(i); ok || r != model.RetainUnknown {
				ps = append(ps, r.String())
			} else {
				ps = append(ps, "-")
			}
		}
		got = append(got, name+" "+strings.Join(ps, ","))
	}
	sort.Strings(got)
	want := []string{
		"+busWithHandler: stored",
		"+installAction: stored",
		"+loggedSheetWithAction: stored",
		"+remember: stored",
		"+sheetWithAction: stored",
		"+sheetWithTitle:action: -,stored",
		"-add: -", // object parameters: only blocks have a retention summary
		"-attach: -",
		"-fetchWithCompletion: until run",
		"-forward: stored",
		"-initWithHandler: stored",
		"-keepCopy: stored",
		"-keepOther: -",
		"-later: until run",
		"-observe: stored",
		"-onEvent: stored",
		"-perform: non-escaping",
		"-relay: non-escaping",
		"-retry:count: non-escaping,-",
		"-setTarget: -",
		"-wrap: -",
		"f runNow non-escaping",
		"f setHook stored",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("summaries:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestFactoriesAndResults(t *testing.T) {
	res := summarize(t)
	for _, tc := range []struct {
		sel  string
		arg  int
		want bool
	}{
		{"sheetWithAction:", 0, true},        // only in the sheet it returns
		{"installAction:", 0, false},         // in a global too
		{"sheetWithTitle:action:", 1, true},  // forwarded to +sheetWithAction:, whose result it returns
		{"loggedSheetWithAction:", 0, false}, // also handed to +remember:
		{"sheet", 0, false},                  // no argument
		{"busWithHandler:", 0, false},        // not a class method of Sheet
	} {
		if got := res.KeptByResult("Sheet", tc.sel, tc.arg); got != tc.want {
			t.Errorf("KeptByResult(Sheet, %s, %d) = %v, want %v", tc.sel, tc.arg, got, tc.want)
		}
	}
	send := func(recv, sel string) *objcparse.Expr {
		return objcparse.NewExpr(&objcparse.ExprNode{Kind: objcparse.ExprMessage, Name: sel,
			X: &objcparse.ExprNode{Kind: objcparse.ExprIdent, Name: recv}})
	}
	for _, tc := range []struct {
		sel  string
		want bool
	}{
		{"sheet", true},            // a factory without arguments
		{"sheetWithAction:", true}, // with one
		{"sharedSheet", false},     // a shared accessor is not a factory
		{"unknown", false},         // not declared
	} {
		if _, got := res.Factory("", false, send("Sheet", tc.sel)); got != tc.want {
			t.Errorf("Factory([Sheet %s]) = %v, want %v", tc.sel, got, tc.want)
		}
	}
}

func TestStoredIn(t *testing.T) {
	res := summarize(t)
	for _, tc := range []struct {
		sel  string
		want string
	}{
		{"attach:", "target"}, // [self setTarget:target]
		{"keepOther:", "_other"},
		{"add:", "items" + ElementsSuffix},
		{"setTarget:", "target"},
	} {
		if got := strings.Join(res.StoredIn("Holder", tc.sel, 0), ","); got != tc.want {
			t.Errorf("StoredIn(Holder, %s, 0) = %q, want %q", tc.sel, got, tc.want)
		}
	}
}
