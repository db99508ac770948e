// Package analyzer is objcleak's analysis framework, modelled on
// golang.org/x/tools/go/analysis: an Analyzer is a named, documented unit of
// analysis that receives a Pass over the whole project and reports
// Diagnostics. The driver (Run) discovers and parses files, builds the
// project Index, runs analyzers with memoized Requires, applies suppression
// comments and sorts the findings deterministically.
//
// The driver treats the linted tree as untrusted (walk.go): it reads only
// regular files below Config.Root, follows a symbolic link out of the root
// only with Config.FollowSymlinks, bounds each file by Config.MaxFileSize
// and Config.ParseBudget, and reports whatever it does not read under the
// parse rule. A panic in an analyzer becomes a Diagnostic of the rule
// "internal"; analyzers that look at files one at a time use
// Pass.ForEachFile (or Pass.Guard), so that the panic costs only the
// findings of that file.
package analyzer

import (
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// Severity is how serious a finding is. The zero value is invalid.
type Severity int

// Severities, ordered from least to most serious.
const (
	SeverityNote Severity = iota + 1
	SeverityWarning
	SeverityError
)

// String returns "note", "warning" or "error"; these words are also the SARIF levels.
func (s Severity) String() string {
	switch s {
	case SeverityNote:
		return "note"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity parses "note", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "note", "info":
		return SeverityNote, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want note, warning or error)", s)
}

// An Analyzer describes one analysis: a rule that reports findings, or a
// pass (Severity zero) that only computes a result for other analyzers.
type Analyzer struct {
	// Name is the rule id used everywhere: CLI flags, config, suppression
	// comments and SARIF ruleId. Lower-case letters and digits only.
	Name string
	// Doc is the documentation in the format described by ParseDoc: the
	// first line is "name: title", then a Markdown body.
	Doc string
	// URL is where the rule's documentation lives on the web.
	URL string
	// Severity is the default severity of the rule's findings. Zero means
	// the analyzer is a pass: it reports nothing and is not a rule.
	Severity Severity
	// Tags are SARIF tags (e.g. "memory", "retain-cycle").
	Tags []string
	// Since is the objcleak version that introduced the rule.
	Since string
	// Options declares the options the analyzer accepts: name, type,
	// default and documentation (see OptionDoc). The configuration
	// rejects any other name, and Pass.Options carries the configured
	// values; read them with Pass.IntOption and its siblings, which fall
	// back to the declared default. A rule's options are set per rule; a
	// pass's options are global (one namespace over every pass), because
	// all the rules that require a pass share one run of it.
	Options []OptionDoc
	// Requires lists analyzers whose results Run needs (Pass.ResultOf).
	Requires []*Analyzer
	// Comments is set by an analyzer that reads every comment of a file
	// (File.Comments). Without one in a run, the driver keeps only the
	// comments that may be suppression directives, which saves memory.
	Comments bool
	// ResultType is the type of the value Run returns, or nil.
	ResultType reflect.Type
	// Run performs the analysis.
	Run func(*Pass) (any, error)
}

func (a *Analyzer) String() string { return a.Name }

// IsRule reports whether a reports findings (rather than being a pass).
func (a *Analyzer) IsRule() bool { return a.Severity != 0 }

// Title is the one-line title from the first line of Doc.
func (a *Analyzer) Title() string { return ParseDoc(a.Doc).Title }

// Related is a secondary location of a finding (SARIF relatedLocations).
type Related struct {
	Pos, End token.Pos
	Message  string
}

// A Step is one edge of a path, such as one owning reference of a retain
// cycle (SARIF codeFlows).
type Step struct {
	Pos, End token.Pos
	Message  string
}

// A Diagnostic is one finding.
type Diagnostic struct {
	Pos, End token.Pos // End may be NoPos
	// Rule is the reporting analyzer's Name, filled in by the driver.
	Rule string
	// Severity is the effective severity, filled in by the driver from the
	// analyzer's default and the configuration.
	Severity Severity
	// Message is the first line: what is wrong and where, in about 200
	// characters at most (the title in Xcode's issue navigator and in
	// GitHub's alert list).
	Message string
	// Details is the rest of the explanation, in plain sentences: why it
	// is a bug and how to fix it. Text output prints it as a note at the
	// finding, JSON as "details", SARIF in the markdown message, GitHub
	// annotations and LSP diagnostics after the message. May be empty.
	Details string
	Related []Related
	Flow    []Step
}

// Pass is what an analyzer's Run receives: the whole project.
type Pass struct {
	Analyzer *Analyzer
	Fset     *token.FileSet
	// Files are the files being linted. Diagnostics outside them are dropped.
	Files []*objcparse.File
	// Index joins the facts of every parsed file, including headers that
	// are not linted themselves.
	Index *Index
	// ResultOf holds the results of the analyzers in Analyzer.Requires.
	ResultOf map[*Analyzer]any
	// Options are per-rule options from the configuration (may be nil).
	Options map[string]any
	// Report records a finding. The driver fills in Rule and Severity.
	Report func(Diagnostic)

	// known are the ids of every rule the program knows (Config.KnownRules).
	known []string
	// enabled are the ids of the analyzers of the run (Config.Analyzers).
	enabled map[string]bool
	// internal records an internal-error diagnostic (rule InternalRuleName),
	// also for passes, whose Report drops findings; nil outside the driver.
	internal func(Diagnostic)
	// relPath shows a file name relative to the root in messages.
	relPath func(string) string
}

// Enabled reports whether the rule named name runs in this run. A rule
// that leaves a finding to another rule (one cause, one finding) reports
// it itself when that rule is off.
func (p *Pass) Enabled(name string) bool { return p.enabled[name] }

// ForEachFile calls fn for each of p.Files, in order. A panic in fn does not
// stop the analysis: it becomes an internal-error diagnostic at that file
// (rule "internal", naming the analyzer, the file, the panic and where it
// happened), and ForEachFile goes on with the next file. Analyzers that look
// at files one at a time use it instead of ranging over p.Files, so that one
// file that trips a bug costs only that file's findings.
func (p *Pass) ForEachFile(fn func(f *objcparse.File)) {
	for _, f := range p.Files {
		p.Guard(f.Pos, func() { fn(f) })
	}
}

// Guard calls fn and reports whether it returned normally. When fn panics,
// Guard recovers and reports an internal-error diagnostic at pos, in the
// file that holds pos (see ForEachFile); the analyzer goes on. Use it around
// the work done for one file, class or method body.
func (p *Pass) Guard(pos token.Pos, fn func()) (ok bool) {
	if p.internal == nil {
		// A Pass made outside the driver (a test, objcleak graph): let
		// the panic through with its stack.
		fn()
		return true
	}
	defer func() {
		if r := recover(); r != nil {
			ok = false
			p.reportPanic(pos, r, panicSite())
		}
	}()
	fn()
	return true
}

// reportPanic reports the recovered panic value r of this pass at pos.
func (p *Pass) reportPanic(pos token.Pos, r any, site string) {
	name := ""
	if p.Fset != nil && pos.IsValid() {
		name = p.Fset.Position(pos).Filename
		if p.relPath != nil {
			name = p.relPath(name)
		}
	}
	msg := internalMessage(p.Analyzer, name, r, site)
	p.internal(Diagnostic{Pos: pos, Rule: InternalRuleName, Severity: SeverityError, Message: msg})
}

// internalMessage is the one-line message of an internal error: what
// failed, on which file, the panic and where it happened.
func internalMessage(a *Analyzer, file string, r any, site string) string {
	var b strings.Builder
	b.WriteString("internal error in ")
	if a != nil && !a.IsRule() {
		b.WriteString("pass ")
	}
	if a != nil {
		b.WriteString(a.Name)
	}
	if file != "" {
		b.WriteString(" on " + file)
	}
	fmt.Fprintf(&b, ": panic: %s", oneLine(fmt.Sprint(r)))
	if site != "" {
		b.WriteString(" (at " + site + ")")
	}
	if file != "" {
		b.WriteString("; findings in this file may be missing")
	} else {
		b.WriteString("; its findings (and those of the rules that need it) are missing")
	}
	b.WriteString("; please report it at " + issuesURL)
	return b.String()
}

// issuesURL is where internal errors should be reported.
const issuesURL = "https://github.com/objcleak/objcleak/issues"

// oneLine keeps the first line of s.
func oneLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// panicSite returns where the panic being recovered was raised, as
// "function (file.go:line)" with the module path trimmed; "" when unknown.
// It must be called from the deferred function that recovers.
func panicSite() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(f.Function, "runtime."):
			fn := strings.TrimPrefix(f.Function, modulePath+"/")
			return fmt.Sprintf("%s (%s:%d)", fn, filepath.Base(f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// modulePath is trimmed from function names in internal errors.
const modulePath = "github.com/objcleak/objcleak"

// knownRules returns the ids of every rule the program knows, sorted.
func (p *Pass) knownRules() []string { return p.known }

func (p *Pass) isKnownRule(name string) bool {
	for _, k := range p.known {
		if k == name {
			return true
		}
	}
	return false
}

// Reportf reports a finding at pos with a formatted message.
func (p *Pass) Reportf(pos token.Pos, format string, args ...any) {
	p.Report(Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// Validate checks that the analyzers and everything they require are well
// formed: valid unique names, docs whose first line is "name: title", no
// cycles in Requires, well-formed option declarations (and option names
// of passes unique over all passes).
func Validate(analyzers []*Analyzer) error {
	var errs []error
	names := map[string]*Analyzer{}
	const (
		white = iota
		grey
		black
	)
	color := map[*Analyzer]int{}
	var visit func(a *Analyzer, path []string)
	visit = func(a *Analyzer, path []string) {
		switch color[a] {
		case grey:
			errs = append(errs, fmt.Errorf("cycle in Requires: %s", strings.Join(append(path, a.Name), " -> ")))
			return
		case black:
			return
		}
		color[a] = grey
		if !nameRE.MatchString(a.Name) {
			errs = append(errs, fmt.Errorf("analyzer %q: name must match %s", a.Name, nameRE))
		}
		if prev, ok := names[a.Name]; ok && prev != a {
			errs = append(errs, fmt.Errorf("two analyzers named %q", a.Name))
		}
		names[a.Name] = a
		if a.Run == nil {
			errs = append(errs, fmt.Errorf("analyzer %q has no Run", a.Name))
		}
		if a.IsRule() {
			d := ParseDoc(a.Doc)
			if d.Name != a.Name || d.Title == "" || strings.TrimSpace(d.Body) == "" {
				errs = append(errs, fmt.Errorf("analyzer %q: Doc must start with %q followed by a body", a.Name, a.Name+": title"))
			}
			if a.Severity < SeverityNote || a.Severity > SeverityError {
				errs = append(errs, fmt.Errorf("analyzer %q: invalid severity %d", a.Name, a.Severity))
			}
		}
		errs = append(errs, validateOptions(a)...)
		for _, r := range a.Requires {
			visit(r, append(path, a.Name))
		}
		color[a] = black
	}
	for _, a := range analyzers {
		visit(a, nil)
	}
	errs = append(errs, validateGlobalOptions(analyzers)...)
	return errors.Join(errs...)
}
