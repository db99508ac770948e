// Package analyzer is objcleak's analysis framework, modelled on
// golang.org/x/tools/go/analysis: an Analyzer is a named, documented unit of
// analysis that receives a Pass over the whole project and reports
// Diagnostics. The driver (Run) discovers and parses files, builds the
// project Index, runs analyzers with memoized Requires, applies suppression
// comments and sorts the findings deterministically.
package analyzer

import (
	"errors"
	"fmt"
	"go/token"
	"reflect"
	"regexp"
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
	Message  string
	Related  []Related
	Flow     []Step
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
}

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
