package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/format"
	"github.com/objcleak/objcleak/internal/gencorpus"
	"github.com/objcleak/objcleak/rules"
)

// TestDeterministicOutput lints the same input with different GOMAXPROCS
// values and numbers of parse workers and checks that the JSON, SARIF and
// text outputs are byte-identical: parse workers finish in any order, and
// nothing in the output may depend on it.
func TestDeterministicOutput(t *testing.T) {
	inputs := []struct{ name, dir string }{{"App", "../testdata/App"}}
	if !testing.Short() {
		dir := t.TempDir()
		if _, err := gencorpus.Write(dir, 10000); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, struct{ name, dir string }{"generated", dir})
	}
	settings := []struct{ procs, jobs int }{
		{1, 1}, {2, 2}, {4, 0}, {4, 1}, {1, 3}, {2, 0},
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			var want map[string][]byte
			var wantFrom string
			for _, s := range settings {
				runtime.GOMAXPROCS(s.procs)
				got := lintOutputs(t, in.dir, s.jobs)
				from := fmt.Sprintf("GOMAXPROCS=%d jobs=%d", s.procs, s.jobs)
				if want == nil {
					want, wantFrom = got, from
					if !bytes.Contains(got["json"], []byte(`"rule"`)) {
						t.Fatalf("%s: no findings; the comparison would prove little:\n%s", from, got["json"])
					}
					continue
				}
				for _, f := range []string{"json", "sarif", "text"} {
					if !bytes.Equal(got[f], want[f]) {
						t.Errorf("%s output with %s differs from the one with %s:\n%s", f, from, wantFrom, firstDiff(want[f], got[f]))
					}
				}
			}
		})
	}
}

// lintOutputs lints dir with every rule and returns the outputs by format.
func lintOutputs(t *testing.T, dir string, jobs int) map[string][]byte {
	t.Helper()
	res, err := analyzer.Run(context.Background(), &analyzer.Config{
		Paths: []string{dir}, Root: dir, Jobs: jobs, Analyzers: rules.All, KnownRules: rules.Names(),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range []string{"json", "sarif", "text"} {
		var buf bytes.Buffer
		if err := format.Write(&buf, f, res, format.ToolInfo{Name: "objcleak", Version: "test"}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = buf.Bytes()
	}
	return out
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) && i < len(bl); i++ {
		if !bytes.Equal(al[i], bl[i]) {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}
