package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/token"
	"io/fs"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// Fake rules. r.Rules is sorted by name: parse, retaincycle, sessionleak,
// strongdelegate.
var (
	parseRule = &analyzer.Analyzer{
		Name:     "parse",
		Doc:      "parse: Unparsed source\n\nRanges the parser could not read.",
		Severity: analyzer.SeverityNote,
	}
	retainCycleRule = &analyzer.Analyzer{
		Name:     "retaincycle",
		Doc:      "retaincycle: Strong reference cycle\n\nObjects that own each other\nare never freed.\n\n## Example\n\n```objc\nself.handler = ^{ [self reload]; };\n```",
		URL:      "https://objcleak.dev/rules/retaincycle",
		Severity: analyzer.SeverityError,
		Tags:     []string{"memory", "retain-cycle"},
	}
	sessionLeakRule = &analyzer.Analyzer{
		Name:     "sessionleak",
		Doc:      "sessionleak: URL session never invalidated\n\nA session retains its delegate until it is invalidated.\n\n## More\n\nCall `-invalidateAndCancel` when done.",
		URL:      "https://objcleak.dev/rules/sessionleak",
		Severity: analyzer.SeverityError,
		Tags:     []string{"memory", "leak", "memory"},
	}
	strongDelegateRule = &analyzer.Analyzer{
		Name:     "strongdelegate",
		Doc:      "strongdelegate: Strong delegate property\n\nDelegates should be weak.",
		URL:      "not a url",
		Severity: analyzer.SeverityWarning,
	}
)

const (
	testRoot = "/work/proj"

	netClientM = "@implementation NetClient\n" +
		"- (void)start {\n" +
		"    NSString *s = @\"越\"; self.session = [NSURLSession sessionWithConfiguration:c delegate:self delegateQueue:nil];\n" +
		"}\n" +
		"@end\n"
	netClientH = "@interface NetClient : NSObject\n" +
		"@property (nonatomic, strong) id<NetDelegate> delegate;\n" +
		"@end\n"
	cellM = "@implementation Cell\n" +
		"- (void)setup {\n" +
		"    self.handler = ^{ [self reload]; };\n" +
		"}\n" +
		"@end\n"
	cellH = "@interface Cell : UITableViewCell\n" +
		"@property (nonatomic, copy) void (^handler)(void);\n" +
		"@end\n"
	badM = "@interface Broken {\n"
)

// fixture is an in-memory project: a FileSet over source files and a
// Result whose ReadFile serves them.
type fixture struct {
	t     *testing.T
	r     *analyzer.Result
	files map[string]*token.File
	src   map[string]string
}

// newFixture registers files (name, content pairs; names relative to
// testRoot unless absolute) in a fresh FileSet.
func newFixture(t *testing.T, nameContent ...string) *fixture {
	t.Helper()
	f := &fixture{
		t:     t,
		files: map[string]*token.File{},
		src:   map[string]string{},
		r: &analyzer.Result{
			Root:  testRoot,
			Fset:  token.NewFileSet(),
			Rules: []*analyzer.Analyzer{parseRule, retainCycleRule, sessionLeakRule, strongDelegateRule},
		},
	}
	for i := 0; i+1 < len(nameContent); i += 2 {
		name, content := f.abs(nameContent[i]), nameContent[i+1]
		tf := f.r.Fset.AddFile(name, -1, len(content))
		tf.SetLinesForContent([]byte(content))
		f.files[name], f.src[name] = tf, content
		f.r.Files++
	}
	f.r.ReadFile = func(name string) ([]byte, error) {
		if s, ok := f.src[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	return f
}

func (f *fixture) abs(name string) string {
	if strings.HasPrefix(name, "/") {
		return name
	}
	return testRoot + "/" + name
}

// at returns the position of the n-th (0-based) occurrence of marker in
// file and the position just after it.
func (f *fixture) at(file, marker string, n int) (token.Pos, token.Pos) {
	f.t.Helper()
	name := f.abs(file)
	src, tf := f.src[name], f.files[name]
	off := -1
	for i, from := 0, 0; i <= n; i++ {
		j := strings.Index(src[from:], marker)
		if j < 0 {
			f.t.Fatalf("marker %q #%d not in %s", marker, n, file)
		}
		off, from = from+j, from+j+len(marker)
	}
	return tf.Pos(off), tf.Pos(off + len(marker))
}

func (f *fixture) pos(file, marker string) token.Pos {
	f.t.Helper()
	p, _ := f.at(file, marker, 0)
	return p
}

func (f *fixture) end(file, marker string) token.Pos {
	f.t.Helper()
	_, e := f.at(file, marker, 0)
	return e
}

// fullFixture covers every feature: non-ASCII source before a finding,
// paths with spaces and non-ASCII, related locations (one with brackets in
// its message), a flow, a finding without an end, one without a position,
// one of a rule missing from Result.Rules with no severity, and a
// multi-line message.
func fullFixture(t *testing.T) *fixture {
	f := newFixture(t,
		"App/Net Client.h", netClientH,
		"App/Net Client.m", netClientM,
		"App/Views/Cell.h", cellH,
		"App/Views/Cell.m", cellM,
		"App/Ünï code/Bad.m", badM,
	)
	f.r.Diagnostics = []analyzer.Diagnostic{
		{
			Pos: f.pos("App/Net Client.h", "strong"), Rule: "strongdelegate", Severity: analyzer.SeverityWarning,
			Message: "delegate property of NetClient is strong: id<NetDelegate> keeps its owner alive",
			Related: []analyzer.Related{{Pos: f.pos("App/Net Client.m", "self.session"), Message: "assigned in -[NetClient start]"}},
		},
		{
			Pos: f.pos("App/Net Client.m", "[NSURLSession"), End: f.end("App/Net Client.m", "delegateQueue:nil]"),
			Rule: "sessionleak", Severity: analyzer.SeverityError,
			Message: "NSURLSession with delegate self is never invalidated.",
			Related: []analyzer.Related{
				{Pos: f.pos("App/Net Client.h", "@interface"), End: f.end("App/Net Client.h", "NetClient"), Message: "NetClient declared here"},
				{Pos: f.pos("App/Net Client.m", "self.session"), End: f.end("App/Net Client.m", "self.session")},
			},
		},
		{
			Pos: f.pos("App/Views/Cell.m", "self.handler"), End: f.end("App/Views/Cell.m", "};"),
			Rule: "retaincycle", Severity: analyzer.SeverityError,
			Message: "retain cycle: self -> block -> self",
			Flow: []analyzer.Step{
				{Pos: f.pos("App/Views/Cell.m", "self.handler"), End: f.end("App/Views/Cell.m", "self.handler"), Message: "self retains the block through handler"},
				{Pos: f.pos("App/Views/Cell.m", "self reload"), End: f.end("App/Views/Cell.m", "self reload"), Message: "the block captures self strongly"},
			},
		},
		{
			Pos: f.pos("App/Ünï code/Bad.m", "{"), Rule: "parse", Severity: analyzer.SeverityNote,
			Message: "could not parse 1 byte",
		},
		{
			Rule: "experimental", Message: "first line\nsecond line: 100% sure, really",
		},
	}
	return f
}

// emptyFixture has files and rules but no findings.
func emptyFixture(t *testing.T) *fixture {
	return newFixture(t, "App/Views/Cell.m", cellM)
}

// scenarios are the Results every format is run on.
func scenarios(t *testing.T) map[string]*analyzer.Result {
	noSource := fullFixture(t)
	noSource.r.ReadFile = nil
	failing := fullFixture(t)
	failing.r.ReadFile = func(string) ([]byte, error) { return nil, errors.New("unreadable") }
	outside := newFixture(t, "/elsewhere/Shared Kit/Lib.h", netClientH)
	outside.r.Diagnostics = []analyzer.Diagnostic{{
		Pos: outside.pos("/elsewhere/Shared Kit/Lib.h", "strong"), Rule: "strongdelegate", Severity: analyzer.SeverityWarning,
		Message: "strong delegate",
	}}
	noRoot := fullFixture(t)
	noRoot.r.Root = ""
	noRules := fullFixture(t)
	noRules.r.Rules = nil
	return map[string]*analyzer.Result{
		"empty":     emptyFixture(t).r,
		"nothing":   {},
		"full":      fullFixture(t).r,
		"no-source": noSource.r,
		"failing":   failing.r,
		"outside":   outside.r,
		"no-root":   noRoot.r,
		"no-rules":  noRules.r,
	}
}

var testTool = ToolInfo{Name: "objcleak", Version: "v1.2.3", InformationURI: "https://objcleak.dev"}

func write(t *testing.T, format string, r *analyzer.Result) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r, testTool); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.String()
}

func TestFormats(t *testing.T) {
	if got, want := strings.Join(Formats(), ","), "text,json,sarif,github"; got != want {
		t.Errorf("Formats() = %s, want %s", got, want)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "xml", emptyFixture(t).r, testTool)
	if err == nil {
		t.Fatal("Write(xml) succeeded")
	}
	for _, name := range Formats() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list format %s", err, name)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("Write(xml) wrote %q", buf.String())
	}
}

func TestWriteBadResult(t *testing.T) {
	for _, format := range Formats() {
		if err := Write(&bytes.Buffer{}, format, nil, testTool); err == nil {
			t.Errorf("Write(%s, nil result) succeeded", format)
		}
		r := fullFixture(t).r
		r.Fset = nil
		if err := Write(&bytes.Buffer{}, format, r, testTool); err == nil {
			t.Errorf("Write(%s) of diagnostics without a FileSet succeeded", format)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, format := range Formats() {
		err := Write(failingWriter{}, format, fullFixture(t).r, testTool)
		if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), format) {
			t.Errorf("Write(%s) to a failing writer: %v, want wrapped error naming the format", format, err)
		}
	}
}

// TestDeterministic checks that every format gives identical bytes for the
// same input, including across separately built but equal Results.
func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		for name := range scenarios(t) {
			a, b := write(t, format, scenarios(t)[name]), write(t, format, scenarios(t)[name])
			if a != b {
				t.Errorf("%s/%s: output differs between runs:\n%s\n---\n%s", format, name, a, b)
			}
		}
	}
}

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "越": 1, "😀": 2, "a越😀b": 5, "\xff\xfe": 2} {
		if got := utf16Len([]byte(s)); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestDetails: a finding's details (why and how to fix) follow its
// one-line message in every format: a note at the finding in text and
// GitHub annotations, "details" in JSON, the markdown message in SARIF
// (with `code` kept and other Markdown characters escaped), while the
// SARIF text message stays the title.
func TestDetails(t *testing.T) {
	r := fullFixture(t).r
	const details = "the session retains its delegate until it is invalidated; call `[_session finishTasksAndInvalidate]` when _session is done"
	r.Diagnostics[1].Details = details
	text := write(t, "text", r)
	if !strings.Contains(text, "App/Net Client.m:3:42: error: NSURLSession with delegate self is never invalidated. [sessionleak]\n"+
		"App/Net Client.m:3:42: note: "+details+"\n") {
		t.Errorf("text output lacks the details note:\n%s", text)
	}
	if gh := write(t, "github", r); !strings.Contains(gh, "never invalidated.%0AApp/Net Client.m:3:40: note: the session retains") {
		t.Errorf("github output lacks the details:\n%s", gh)
	}
	var js struct {
		Diagnostics []struct{ Message, Details string }
	}
	if err := json.Unmarshal([]byte(write(t, "json", r)), &js); err != nil {
		t.Fatal(err)
	}
	if js.Diagnostics[1].Details != details || js.Diagnostics[0].Details != "" {
		t.Errorf("json details: %+v", js.Diagnostics)
	}
	var sr struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text, Markdown string }
			}
		}
	}
	if err := json.Unmarshal([]byte(write(t, "sarif", r)), &sr); err != nil {
		t.Fatal(err)
	}
	m := sr.Runs[0].Results[1].Message
	if strings.Contains(m.Text, "retains its delegate") || !strings.HasPrefix(m.Markdown, "NSURLSession with delegate self is never invalidated (see") ||
		!strings.HasSuffix(m.Markdown, "\n\nthe session retains its delegate until it is invalidated; call `[_session finishTasksAndInvalidate]` when \\_session is done") {
		t.Errorf("sarif message: text %q, markdown %q", m.Text, m.Markdown)
	}
	if sr.Runs[0].Results[0].Message.Markdown != "" {
		t.Errorf("a finding without details has a markdown message: %q", sr.Runs[0].Results[0].Message.Markdown)
	}
}
