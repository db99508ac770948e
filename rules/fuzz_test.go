package rules_test

import (
	"context"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// FuzzLint runs the whole driver, every rule, on one file: it must not
// fail, panic (a panic in a rule would show as an "internal" finding) or
// report a position outside the file. The seeds are the rules' fixtures
// (testdata/src, the files of testdata/txtar) and the demo app; lang picks
// the file's extension.
//
//	go test ./rules -run '^$' -fuzz '^FuzzLint$' -fuzztime 60s
func FuzzLint(f *testing.F) {
	exts := []string{".m", ".h", ".mm"}
	for _, root := range []string{"../testdata/src", "../testdata/App"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			for i, ext := range exts {
				if strings.HasSuffix(path, ext) {
					if b, err := os.ReadFile(path); err == nil {
						f.Add(b, uint8(i))
					}
				}
			}
			return nil
		})
	}
	// The files of the multi-file fixtures, one at a time.
	archives, _ := filepath.Glob("../testdata/txtar/*/*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			continue
		}
		for _, file := range ar.Files {
			for i, ext := range exts {
				if strings.HasSuffix(file.Name, ext) {
					f.Add(file.Data, uint8(i))
				}
			}
		}
	}
	f.Add([]byte("@implementation A\n- (void)a { self.b = ^{ [self c]; }; }\n@end\n"), uint8(0))
	f.Add([]byte("@interface A : NSObject\n@property (nonatomic, strong) id delegate;\n@end\n"), uint8(1))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte, lang uint8) {
		name := filepath.Join(dir, "Fuzz"+exts[int(lang)%len(exts)])
		cfg := &analyzer.Config{
			Paths:      []string{name},
			Root:       dir,
			Overlay:    map[string][]byte{name: src},
			Analyzers:  rules.All,
			KnownRules: rules.Names(),
			Jobs:       1,
			// Tree-sitter's error recovery can be slow on some mutations:
			// a small budget keeps the fuzzer from stalling (such inputs
			// end as a parse finding).
			ParseBudget: fuzzBudget,
		}
		res, err := analyzer.Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, d := range res.Diagnostics {
			if d.Rule == analyzer.InternalRuleName {
				t.Fatalf("internal error: %s", d.Message)
			}
			for _, p := range append([]positioned{{"finding", d.Pos}, {"end", d.End}}, related(d)...) {
				if !p.pos.IsValid() {
					continue
				}
				pos := res.Fset.Position(p.pos)
				if pos.Filename != name || pos.Offset < 0 || pos.Offset > len(src) {
					t.Fatalf("%s position %s outside the file (%d bytes): %s [%s]", p.what, pos, len(src), d.Message, d.Rule)
				}
			}
		}
	})
}

const fuzzBudget = 200 * time.Millisecond

type positioned struct {
	what string
	pos  token.Pos
}

func related(d analyzer.Diagnostic) []positioned {
	var out []positioned
	for _, r := range d.Related {
		out = append(out, positioned{"related", r.Pos})
	}
	for _, s := range d.Flow {
		out = append(out, positioned{"flow", s.Pos})
	}
	return out
}
