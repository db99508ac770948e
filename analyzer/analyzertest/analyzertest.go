// Package analyzertest runs an analyzer over fixture files and checks its
// findings against expectations written in the fixtures, after
// golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment on the line of the expected finding:
//
//	self.manager = [AFHTTPSessionManager manager]; // want "never invalidated"
//
// Each quoted (or `backquoted`) regular expression must match the message of
// one finding of the analyzer on that line (its message, or the message
// continued by its details). Options:
//
//	// want +1 "rx"          the finding is N lines below the comment
//	// want "rx" related:"r2" the finding has a related location whose message matches r2
//	// want "rx" flow:"r2"    the finding has a flow step whose message matches r2
//
// related: and flow: attach to the expectation before them and may repeat
// (flow: steps are matched in order). A finding nothing expects, and an
// expectation no finding meets, fail the test. Fixtures must parse: a parse
// error in a fixture fails the test unless the analyzer under test is the
// parse rule.
//
// Run treats a directory as one project; RunTxtar extracts each
// golang.org/x/tools/txtar archive into a temporary directory and runs on it,
// for scenarios spanning several files.
package analyzertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/txtar"

	"github.com/objcleak/objcleak/analyzer"
)

// Testing is the part of *testing.T the harness uses; tests of the harness
// pass a recorder.
type Testing interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// expectation is one `// want` regular expression.
type expectation struct {
	file    string
	line    int
	rx      *regexp.Regexp
	related []*regexp.Regexp
	flow    []*regexp.Regexp
	met     bool
}

// Run lints dir as one project with a (and what it requires) and checks
// the findings against the `// want` comments of every file below dir.
// Findings in sample code are kept (Config.Samples), so that fixtures can
// show what a rule does there; dropping them is the driver's policy,
// tested with the driver.
func Run(t Testing, dir string, a *analyzer.Analyzer) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: []*analyzer.Analyzer{a}, Samples: true})
	if err != nil {
		t.Fatalf("analyzing %s: %v", dir, err)
		return nil
	}
	files, err := analyzer.Discover([]string{dir}, analyzer.DefaultSkipDirs)
	if err != nil {
		t.Fatalf("listing %s: %v", dir, err)
		return nil
	}
	var wants []*expectation
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%v", err)
			return nil
		}
		ws, err := parseWants(f, src)
		if err != nil {
			t.Errorf("%v", err)
		}
		wants = append(wants, ws...)
	}
	if a.Name != analyzer.ParseRuleName {
		checkParses(t, res)
	}
	check(t, res, a.Name, wants)
	return res
}

// RunTxtar runs Run on each txtar archive, extracted into a fresh
// temporary directory. Paths in messages are the archive's.
func RunTxtar(t Testing, archives []string, a *analyzer.Analyzer) {
	t.Helper()
	for _, path := range archives {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		dir, err := os.MkdirTemp("", "objcleak-txtar-")
		if err != nil {
			t.Fatalf("%v", err)
			return
		}
		ok := true
		for _, f := range ar.Files {
			name := filepath.Join(dir, filepath.FromSlash(f.Name))
			if !strings.HasPrefix(name, dir+string(filepath.Separator)) {
				t.Errorf("%s: file name %q leaves the archive", path, f.Name)
				ok = false
				continue
			}
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Errorf("%v", err)
				ok = false
				continue
			}
			if err := os.WriteFile(name, f.Data, 0o644); err != nil {
				t.Errorf("%v", err)
				ok = false
			}
		}
		if ok {
			Run(&prefixed{Testing: t, prefix: filepath.Base(path) + ": ", dir: dir}, dir, a)
		}
		os.RemoveAll(dir)
	}
}

// prefixed names the archive in every failure and hides the temporary dir.
type prefixed struct {
	Testing
	prefix, dir string
}

func (p *prefixed) Errorf(format string, args ...any) {
	p.Testing.Helper()
	p.Testing.Errorf("%s", p.prefix+strings.ReplaceAll(fmt.Sprintf(format, args...), p.dir+string(filepath.Separator), ""))
}

func (p *prefixed) Fatalf(format string, args ...any) {
	p.Testing.Helper()
	p.Testing.Fatalf("%s", p.prefix+strings.ReplaceAll(fmt.Sprintf(format, args...), p.dir+string(filepath.Separator), ""))
}

// checkParses fails the test for fixtures the parser cannot read: a
// fixture that does not parse tests nothing.
//
// A fixture about unreadable code says so with the comment
// `// fixture: parse error expected`: its own parse errors are allowed.
func checkParses(t Testing, res *analyzer.Result) {
	t.Helper()
	for _, pos := range res.Unparsed {
		p := res.Fset.Position(pos)
		if res.ReadFile != nil {
			if src, err := res.ReadFile(p.Filename); err == nil && strings.Contains(string(src), parseErrorExpected) {
				continue
			}
		}
		t.Errorf("%s:%d:%d: fixture has a parse error; fix the fixture (it would test nothing there)", p.Filename, p.Line, p.Column)
	}
}

// parseErrorExpected marks a fixture file whose parse errors are deliberate.
const parseErrorExpected = "// fixture: parse error expected"

var (
	wantRE  = regexp.MustCompile(`(?://|/\*)\s*want\s+(.*?)\s*(?:\*/)?\s*$`)
	tokenRE = regexp.MustCompile(`^\s*(?:(\+\d+)|(related|flow):("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `)|("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `))`)
)

// parseWants reads the `// want` comments of one file.
func parseWants(file string, src []byte) ([]*expectation, error) {
	var out []*expectation
	for i, line := range strings.Split(string(src), "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := m[1]
		offset := 0
		var last *expectation
		for strings.TrimSpace(rest) != "" {
			t := tokenRE.FindStringSubmatch(rest)
			if t == nil {
				return out, fmt.Errorf("%s:%d: malformed want comment near %q", file, i+1, strings.TrimSpace(rest))
			}
			rest = rest[len(t[0]):]
			switch {
			case t[1] != "":
				offset, _ = strconv.Atoi(t[1][1:])
			case t[2] != "":
				rx, err := compile(t[3])
				if err != nil {
					return out, fmt.Errorf("%s:%d: %v", file, i+1, err)
				}
				if last == nil {
					return out, fmt.Errorf("%s:%d: %s: must follow a message pattern", file, i+1, t[2])
				}
				if t[2] == "related" {
					last.related = append(last.related, rx)
				} else {
					last.flow = append(last.flow, rx)
				}
			default:
				rx, err := compile(t[4])
				if err != nil {
					return out, fmt.Errorf("%s:%d: %v", file, i+1, err)
				}
				last = &expectation{file: file, line: i + 1 + offset, rx: rx}
				out = append(out, last)
			}
		}
	}
	return out, nil
}

func compile(quoted string) (*regexp.Regexp, error) {
	var s string
	if strings.HasPrefix(quoted, "`") {
		s = strings.Trim(quoted, "`")
	} else {
		var err error
		if s, err = strconv.Unquote(quoted); err != nil {
			return nil, fmt.Errorf("bad quoted pattern %s: %v", quoted, err)
		}
	}
	rx, err := regexp.Compile(s)
	if err != nil {
		return nil, fmt.Errorf("bad pattern %s: %v", quoted, err)
	}
	return rx, nil
}

// matches reports whether a `// want` pattern matches the finding: its
// message alone or followed by its details, joined as one sentence
// (": " or "; " or ", " or " ", the ways a first line continues).
func matches(rx *regexp.Regexp, d analyzer.Diagnostic) bool {
	if d.Details == "" || rx.MatchString(d.Message) {
		return rx.MatchString(d.Message)
	}
	for _, sep := range []string{": ", "; ", ", ", " "} {
		if rx.MatchString(d.Message + sep + d.Details) {
			return true
		}
	}
	return false
}

// check pairs findings with expectations and reports the differences in
// analysistest's words.
func check(t Testing, res *analyzer.Result, rule string, wants []*expectation) {
	t.Helper()
	for _, d := range res.Diagnostics {
		if d.Rule != rule {
			continue
		}
		p := res.Fset.Position(d.Pos)
		matched := false
		for _, w := range wants {
			if w.met || !sameFile(w.file, p.Filename) || w.line != p.Line || !matches(w.rx, d) {
				continue
			}
			if msg := w.extras(res, d); msg != "" {
				t.Errorf("%s:%d:%d: diagnostic %q %s", p.Filename, p.Line, p.Column, d.Message, msg)
			}
			w.met, matched = true, true
			break
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected diagnostic: %s", p.Filename, p.Line, p.Column, d.Message)
		}
	}
	sort.SliceStable(wants, func(i, j int) bool { return wants[i].line < wants[j].line })
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s:%d: no diagnostic was reported matching %q", w.file, w.line, w.rx)
		}
	}
}

// extras checks related: and flow: patterns and says what is missing.
func (w *expectation) extras(res *analyzer.Result, d analyzer.Diagnostic) string {
	for _, rx := range w.related {
		found := false
		for _, r := range d.Related {
			if rx.MatchString(r.Message) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Sprintf("has no related location matching %q (related: %s)", rx, describeRelated(res, d.Related))
		}
	}
	i := 0
	for _, rx := range w.flow {
		for i < len(d.Flow) && !rx.MatchString(d.Flow[i].Message) {
			i++
		}
		if i == len(d.Flow) {
			return fmt.Sprintf("has no flow step matching %q in order (flow: %s)", rx, describeFlow(d.Flow))
		}
		i++
	}
	return ""
}

func describeRelated(res *analyzer.Result, rs []analyzer.Related) string {
	if len(rs) == 0 {
		return "none"
	}
	var s []string
	for _, r := range rs {
		p := res.Fset.Position(r.Pos)
		s = append(s, fmt.Sprintf("%d:%d %q", p.Line, p.Column, r.Message))
	}
	return strings.Join(s, ", ")
}

func describeFlow(fs []analyzer.Step) string {
	if len(fs) == 0 {
		return "none"
	}
	var s []string
	for _, f := range fs {
		s = append(s, strconv.Quote(f.Message))
	}
	return strings.Join(s, " -> ")
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
