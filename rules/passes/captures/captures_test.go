package captures

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// describe renders a block's captures as "name:kind/own[/alias]".
func describe(b *Block) string {
	var out []string
	for _, c := range b.Captures {
		s := fmt.Sprintf("%s:%d/%s", c.Name, c.Kind, c.Own)
		if c.ByRef {
			s += "/byref"
		}
		if c.Alias != nil {
			s += fmt.Sprintf("/alias%d", c.Alias.Kind)
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestCaptures(t *testing.T) {
	var res *Result
	probe := &analyzer.Analyzer{Name: "probe", Doc: "probe: x\n\ny", Severity: analyzer.SeverityNote, Requires: []*analyzer.Analyzer{Analyzer},
		Run: func(p *analyzer.Pass) (any, error) { res = p.ResultOf[Analyzer].(*Result); return nil, nil }}
	if _, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{"testdata"}, Analyzers: []*analyzer.Analyzer{probe}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, body := range res.Bodies {
		for _, b := range body.Blocks {
			selfStrong := "-"
			if c, ok := b.SelfStrong(); ok {
				selfStrong = c.Name
			}
			got = append(got, fmt.Sprintf("%s block%d: [%s] selfStrong=%s", body.Where(), b.Block.Index, describe(b), selfStrong))
		}
	}
	want := []string{
		"-run: block0: [self:1/strong] selfStrong=self",
		"-run: block1: [_items:2/strong local:3/strong] selfStrong=_items",
		"-run: block2: [weakSelf:3/weak/alias1] selfStrong=-",
		"-run: block3: [strongSelf:3/strong/alias2] selfStrong=strongSelf",
		"-run: block4: [wself:3/strong/alias3 blockOwner:3/strong/byref weak3:3/weak/alias1 weakSelf2:3/weak/alias1 arg:3/strong] selfStrong=wself",
		"-run: block5: [self_weak_:3/weak/alias1] selfStrong=-",
		"-run: block6: [weakSelf:3/weak/alias1 self:1/strong] selfStrong=self",
		"+classMethod block0: [] selfStrong=-",
		"-nested block0: [self_weak_:3/weak/alias1] selfStrong=-",
		"-nested block1: [self:3/strong/alias2] selfStrong=self",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("captures:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}
