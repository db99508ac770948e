package format

import (
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

func TestGitHubGolden(t *testing.T) {
	// Columns are UTF-16: "越" before the session finding counts 1, not 3.
	const want = "" +
		"::warning file=App/Net Client.h,line=2,col=23,title=objcleak strongdelegate::" +
		"delegate property of NetClient is strong: id<NetDelegate> keeps its owner alive" +
		"%0AApp/Net Client.m:3:25: note: assigned in -[NetClient start]\n" +
		"::error file=App/Net Client.m,line=3,col=40,endLine=3,endColumn=113,title=objcleak sessionleak::" +
		"NSURLSession with delegate self is never invalidated." +
		"%0AApp/Net Client.h:1:1: note: NetClient declared here" +
		"%0AApp/Net Client.m:3:25: note: related location 2\n" +
		"::error file=App/Views/Cell.m,line=3,col=5,endLine=3,endColumn=40,title=objcleak retaincycle::" +
		"retain cycle: self -> block -> self" +
		"%0AApp/Views/Cell.m:3:5: note: step 1: self retains the block through handler" +
		"%0AApp/Views/Cell.m:3:24: note: step 2: the block captures self strongly\n" +
		"::notice file=App/Ünï code/Bad.m,line=1,col=19,title=objcleak parse::could not parse 1 byte\n" +
		"::warning title=objcleak experimental::first line%0Asecond line: 100%25 sure, really\n"
	if got := write(t, "github", fullFixture(t).r); got != want {
		t.Errorf("github output:\n%s\nwant:\n%s", got, want)
	}
}

func TestGitHubEscaping(t *testing.T) {
	f := newFixture(t, "odd/a,b:c%d.m", "x = 1;\ny = 2;\n")
	f.r.Diagnostics = []analyzer.Diagnostic{{
		Pos: f.pos("odd/a,b:c%d.m", "y"), End: f.pos("odd/a,b:c%d.m", "y"),
		Rule: "parse", Severity: analyzer.SeverityNote,
		Message: "50% of\r\nthis: a, b",
	}}
	const want = "::notice file=odd/a%2Cb%3Ac%25d.m,line=2,col=1,endLine=2,endColumn=1,title=objcleak parse::" +
		"50%25 of%0D%0Athis: a, b\n"
	if got := write(t, "github", f.r); got != want {
		t.Errorf("github output:\n%s\nwant:\n%s", got, want)
	}

	for in, want := range map[string]string{"a%b\r\nc:d,e": "a%25b%0D%0Ac:d,e"} {
		if got := escapeData(in); got != want {
			t.Errorf("escapeData(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"a%b\r\nc:d,e": "a%25b%0D%0Ac%3Ad%2Ce"} {
		if got := escapeProperty(in); got != want {
			t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubMultiLineEnd(t *testing.T) {
	f := newFixture(t, "A.m", "a = ^{\n  b();\n};\n")
	f.r.Diagnostics = []analyzer.Diagnostic{{
		Pos: f.pos("A.m", "^{"), End: f.end("A.m", "};"), Rule: "retaincycle", Severity: analyzer.SeverityError,
		Message: "cycle",
	}}
	// endColumn is only meaningful on the starting line, so it is left out.
	const want = "::error file=A.m,line=1,col=5,endLine=3,title=objcleak retaincycle::cycle\n"
	if got := write(t, "github", f.r); got != want {
		t.Errorf("github output = %q, want %q", got, want)
	}
}

func TestGitHubEmpty(t *testing.T) {
	if got := write(t, "github", emptyFixture(t).r); got != "" {
		t.Errorf("github output without findings = %q, want nothing", got)
	}
}
