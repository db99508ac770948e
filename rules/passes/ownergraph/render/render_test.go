package render

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/rules/passes/ownergraph"
)

const demoApp = "../../../../testdata/App"

// demo loads the demo app and builds its ownership graph.
func demo(t *testing.T) (*analyzer.Project, *ownergraph.Result) {
	t.Helper()
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{demoApp}, Root: demoApp})
	if err != nil {
		t.Fatal(err)
	}
	res, err := buildGraph(pr)
	if err != nil {
		t.Fatal(err)
	}
	return pr, res
}

// TestPictureShape checks the selection rules on the demo app: the
// default picture holds only edges that touch a cycle, a cycle edge joins
// two cycle nodes, and a class picture starts at the class.
func TestPictureShape(t *testing.T) {
	pr, res := demo(t)
	cycles, feed := Cycles(res, pr.Fset), FromClass(res, pr.Fset, "FeedViewController")
	for _, p := range []*Picture{cycles, feed} {
		nodes := map[string]Node{}
		for i, n := range p.Nodes {
			if n.ID != "n"+strconv.Itoa(i) {
				t.Errorf("%s: node %d has id %s", p.Title, i, n.ID)
			}
			nodes[n.ID] = n
		}
		for _, e := range p.Edges {
			from, to := nodes[e.From], nodes[e.To]
			if e.Cycle && (!from.Cycle || !to.Cycle) {
				t.Errorf("%s: cycle edge %+v joins %+v and %+v", p.Title, e, from, to)
			}
			if p == cycles && !from.Cycle && !to.Cycle {
				t.Errorf("%s: edge %+v touches no cycle", p.Title, e)
			}
		}
	}
	if len(feed.Nodes) == 0 || feed.Nodes[0].Label != "FeedViewController" || feed.Nodes[0].Kind != model.NodeInstance {
		t.Errorf("class picture starts with %+v", feed.Nodes)
	}
	if cycles.Title != "retain cycles and their neighbours" || feed.Title != "owned by an instance of FeedViewController" {
		t.Errorf("titles %q, %q", cycles.Title, feed.Title)
	}
}

// TestDeterministic draws the same project twice in each format and
// expects the same bytes.
func TestDeterministic(t *testing.T) {
	var outs []string
	for _, format := range Formats() {
		for range 2 {
			var b bytes.Buffer
			if err := Run(context.Background(), Config{Paths: []string{demoApp}, Format: format}, &b); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, b.String())
		}
		if outs[len(outs)-1] != outs[len(outs)-2] {
			t.Errorf("%s: two runs differ", format)
		}
	}
}

func TestClassWithoutNode(t *testing.T) {
	pr, res := demo(t)
	p := FromClass(res, pr.Fset, "Lonely")
	if len(p.Nodes) != 1 || p.Nodes[0].Label != "Lonely" || len(p.Edges) != 0 {
		t.Errorf("picture of a class without a node: %+v", p)
	}
}

// TestEscaping writes labels with every character that is special in DOT
// or Mermaid.
func TestEscaping(t *testing.T) {
	p := &Picture{Title: "t\nx", Nodes: []Node{
		{ID: "n0", Kind: model.NodeInstance, Label: `A "quoted" \N <id<P>> #1 & more`, Cycle: true},
		{ID: "n1", Kind: model.NodeRoot, Label: "two\nlines"},
	}, Edges: []Edge{{From: "n0", To: "n1", Label: `x|y "z"`, Cycle: true, ClassLevel: true}}}
	var dot, mmd bytes.Buffer
	if err := Write(&dot, "dot", p); err != nil {
		t.Fatal(err)
	}
	if err := Write(&mmd, "mermaid", p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`n0 [label="A \"quoted\" \\N <id<P>> #1 & more", shape=box, color="#d00000", penwidth=2, style="bold"];`,
		`n1 [label="two\nlines", shape=doubleoctagon];`,
		`n0 -> n1 [label="x|y \"z\"", color="#d00000", fontcolor="#d00000", penwidth=2, style="dashed,bold"];`,
	} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("dot lacks %s\n%s", want, dot.String())
		}
	}
	for _, want := range []string{
		"  %% objcleak ownership graph: t x\n",
		`  n0["A #quot;quoted#quot; \N #lt;id#lt;P#gt;#gt; #35;1 #amp; more"]`,
		`  n1[["two<br/>lines"]]`,
		`  n0 -.->|"x|y #quot;z#quot;"| n1`,
		"  linkStyle 0 stroke:#d00000",
	} {
		if !strings.Contains(mmd.String(), want) {
			t.Errorf("mermaid lacks %s\n%s", want, mmd.String())
		}
	}
	if err := Write(&dot, "svg", p); err == nil || !strings.Contains(err.Error(), `unknown format "svg"`) {
		t.Errorf("Write(svg) = %v", err)
	}
}
