package summaries

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
)

func TestSummaries(t *testing.T) {
	var res *Result
	probe := &analyzer.Analyzer{Name: "probe", Doc: "probe: x\n\ny", Severity: analyzer.SeverityNote, Requires: []*analyzer.Analyzer{Analyzer},
		Run: func(p *analyzer.Pass) (any, error) { res = p.ResultOf[Analyzer].(*Result); return nil, nil }}
	if _, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{"testdata"}, Analyzers: []*analyzer.Analyzer{probe}}); err != nil {
		t.Fatal(err)
	}
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
		"-fetchWithCompletion: until run",
		"-forward: stored",
		"-initWithHandler: stored",
		"-keepCopy: stored",
		"-later: until run",
		"-observe: stored",
		"-onEvent: stored",
		"-perform: non-escaping",
		"-relay: non-escaping",
		"-retry:count: non-escaping,-",
		"-wrap: -",
		"f runNow non-escaping",
		"f setHook stored",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("summaries:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}
