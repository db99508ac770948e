package rules_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// maxFirstLine bounds a finding's message: it is the title in Xcode's
// issue navigator and in GitHub's alert list, so why and how to fix go to
// Details.
const maxFirstLine = 200

// TestMessagesAreTitles runs every rule over the fixtures and the demo
// app: each message is one line of at most maxFirstLine characters, and a
// finding with a long explanation carries it in Details.
func TestMessagesAreTitles(t *testing.T) {
	for _, dir := range []string{filepath.Join("..", "testdata", "src"), filepath.Join("..", "testdata", "App"), filepath.Join("..", "testdata", "onecause")} {
		res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: rules.All, Tests: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range res.Diagnostics {
			if d.Rule == "parse" {
				continue
			}
			n++
			p := res.Fset.Position(d.Pos)
			if strings.ContainsAny(d.Message, "\n\r") {
				t.Errorf("%s:%d: [%s] the message has a line break: %q", p.Filename, p.Line, d.Rule, d.Message)
			}
			if c := utf8.RuneCountInString(d.Message); c > maxFirstLine {
				t.Errorf("%s:%d: [%s] the message has %d characters, more than %d: %s", p.Filename, p.Line, d.Rule, c, maxFirstLine, d.Message)
			}
			if strings.TrimSpace(d.Details) == "" {
				t.Errorf("%s:%d: [%s] no details (why it is a bug, how to fix it): %s", p.Filename, p.Line, d.Rule, d.Message)
			}
		}
		if n == 0 {
			t.Errorf("%s: no findings", dir)
		}
	}
}
