package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateGraph = flag.Bool("update-graph", false, "rewrite the golden files in testdata/golden/graph")

var graphGoldenDir = filepath.Join("..", "..", "testdata", "golden", "graph")

// TestGraphGolden draws the demo app's ownership graph in both formats and
// compares it with testdata/golden/graph (run with -update-graph and review
// the diff after a deliberate change).
func TestGraphGolden(t *testing.T) {
	for _, tc := range []struct{ name, class string }{
		{"FeedViewController", "FeedViewController"},
		{"ProfileViewController", "ProfileViewController"},
		{"cycles", ""},
	} {
		for _, format := range []struct{ name, ext string }{{"dot", ".dot"}, {"mermaid", ".mmd"}} {
			args := []string{"graph", "--format", format.name}
			if tc.class != "" {
				args = append(args, "--class", tc.class)
			}
			code, out, errs := objcleak(t, append(args, demoApp)...)
			if code != exitOK || errs != "" {
				t.Fatalf("objcleak %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
			}
			golden := filepath.Join(graphGoldenDir, tc.name+format.ext)
			if *updateGraph {
				if err := os.MkdirAll(graphGoldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/objcleak -run TestGraphGolden -update-graph)", err)
			}
			if out != string(want) {
				t.Errorf("objcleak %s differs from %s (run with -update-graph and review the diff):\n%s", strings.Join(args, " "), golden, out)
			}
		}
	}
}

// TestGraphFacts asserts what the golden pictures are about, independently
// of the golden files, so that -update-graph cannot silently change it.
func TestGraphFacts(t *testing.T) {
	_, dot, _ := objcleak(t, "graph", "--class", "FeedViewController", demoApp)
	for _, want := range []string{
		"digraph objcleak {\n",
		`n0 [label="FeedViewController", shape=box, color="#d00000", penwidth=2, style="bold"];`,
		// The two block cycles and the timer cycle are red; the third
		// block, which does not capture self, is not.
		`[label="refreshCompletion (copy property)", color="#d00000"`,
		`[label="self (captured)", color="#d00000"`,
		`[label="pageHandler (copy property)", color="#d00000"`,
		`[label="self (captured via ivar _items)", color="#d00000"`,
		`[label="target (timer target)", color="#d00000"`,
		`[label="loadMoreHandler (copy property)"];`,
		// Class-level references are dashed.
		`[label="feedClient (strong property)", style="dashed"];`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("dot output lacks %q\n%s", want, dot)
		}
	}

	_, mmd, _ := objcleak(t, "graph", "--format", "mermaid", "--class", "ProfileViewController", demoApp)
	for _, want := range []string{
		"flowchart LR\n",
		`  n0["ProfileViewController"]`,
		`==>|"featuredCell (strong property)"|`,
		`==>|"onLike (copy property)"|`,
		`==>|"self (captured)"| n0`,
		"  class n0,",
		"  linkStyle ",
	} {
		if !strings.Contains(mmd, want) {
			t.Errorf("mermaid output lacks %q\n%s", want, mmd)
		}
	}
	// Every line is one of the statements the writer emits (GitHub's
	// renderer rejects the whole block on one bad line).
	stmt := regexp.MustCompile(`^(flowchart LR|  %% .*|  n\d+(\["[^"]*"\]|\("[^"]*"\)|\(\["[^"]*"\]\)|\[/"[^"]*"/\]|\[\["[^"]*"\]\])|  n\d+ (-->|==>|-\.->)\|"[^"]*"\| n\d+|  classDef cycle .*|  class (n\d+,)*n\d+ cycle|  linkStyle (\d+,)*\d+ .*)$`)
	for _, line := range strings.Split(strings.TrimSuffix(mmd, "\n"), "\n") {
		if !stmt.MatchString(line) {
			t.Errorf("unexpected mermaid line %q", line)
		}
	}
}

func TestGraphErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"graph", "--class", "ProfileViewControler", demoApp}, `no class named "ProfileViewControler" in the 22 files read; did you mean ProfileViewController?`},
		{[]string{"graph", "--class", "NoSuchThing", demoApp}, `no class named "NoSuchThing" in the 22 files read` + "\n"},
		{[]string{"graph", "--format", "svg", demoApp}, `unknown format "svg" (formats: dot, mermaid)`},
		{[]string{"graph", demoApp + "/missing"}, "missing: no such file or directory"},
	} {
		code, out, errs := objcleak(t, tc.args...)
		if code != exitError || !strings.Contains(errs, tc.err) || out != "" {
			t.Errorf("objcleak %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, out, errs, exitError, tc.err)
		}
	}
}

// TestReadmeGraphExample keeps the README's Mermaid example equal to the
// golden picture of ProfileViewController.
func TestReadmeGraphExample(t *testing.T) {
	readme := readText(t, readmePath)
	golden := readText(t, filepath.Join(graphGoldenDir, "ProfileViewController.mmd"))
	if !strings.Contains(readme, "```mermaid\n"+golden+"```\n") {
		t.Errorf("README.md's Ownership graphs example differs from %s; paste the file between ```mermaid and ```", filepath.Join(graphGoldenDir, "ProfileViewController.mmd"))
	}
}
