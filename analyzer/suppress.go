package analyzer

import (
	"bytes"
	"fmt"
	"go/token"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// Names of the findings the framework itself reports.
const (
	// ParseRuleName is the rule for files and ranges that could not be read.
	ParseRuleName = "parse"
	// SuppressionRuleName is the rule for malformed or unused suppression comments.
	SuppressionRuleName = "suppression"
	// InternalRuleName marks an internal error of objcleak (a panicking
	// rule); it is not a rule users can configure.
	InternalRuleName = "internal"
)

// directivePrefix starts a suppression comment:
//
//	// objcleak:ignore rule[,rule...] -- reason
const directivePrefix = "objcleak:ignore"

// A Directive is one suppression comment.
type Directive struct {
	Pos    token.Pos
	Rules  []string
	Reason string
	// Line is the line of the comment; OwnLine is set when nothing but the
	// comment is on that line, so that it applies to the next line too.
	Line    int
	OwnLine bool
	File    string
	used    map[string]bool
}

// IsDirectiveComment reports whether a comment's text may hold a
// suppression directive; the driver keeps only those comments.
func IsDirectiveComment(text []byte) bool {
	return bytes.Contains(text, []byte(directivePrefix))
}

// ParseDirectives finds the suppression comments of files.
func ParseDirectives(fset *token.FileSet, files []*objcparse.File) []*Directive {
	var out []*Directive
	for _, f := range files {
		for _, c := range f.Comments {
			body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.Text, "//"), "/*"), "*/"))
			if !strings.HasPrefix(body, directivePrefix) {
				continue
			}
			rest := body[len(directivePrefix):]
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				continue // e.g. objcleak:ignored — not ours
			}
			rulesPart, reason, _ := strings.Cut(rest, "--")
			d := &Directive{Pos: c.Pos, Reason: strings.TrimSpace(reason), used: map[string]bool{}}
			for _, r := range strings.FieldsFunc(rulesPart, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				d.Rules = append(d.Rules, r)
			}
			p := fset.Position(c.Pos)
			d.Line, d.File = p.Line, p.Filename
			d.OwnLine = c.OwnLine
			out = append(out, d)
		}
	}
	return out
}

// Suppression checks suppression comments themselves: every directive must
// name known rules and give a reason. The driver reports directives that
// suppress nothing under the same rule.
var Suppression = &Analyzer{
	Name:     SuppressionRuleName,
	Doc:      suppressionDoc,
	URL:      "https://github.com/objcleak/objcleak#suppressing-findings",
	Severity: SeverityWarning,
	Tags:     []string{"maintainability"},
	Since:    "0.1.0",
	Run:      runSuppression,
}

const suppressionDoc = `suppression: malformed or unused objcleak:ignore comments

A suppression comment must name the rules it silences and say why, and it must still silence something.

## Syntax

A finding is suppressed by a comment on its line or alone on the line above:

    // objcleak:ignore sessionleak -- one manager per app launch, invalidated in -applicationWillTerminate:
    self.manager = [AFHTTPSessionManager manager];

    [self.timer fire]; // objcleak:ignore timerleak,retaincycle -- invalidated by the owner in -stop

Several rules are separated by commas; the reason follows ` + "`--`" + `. Block comments work too.

## What is reported

- a directive without a reason after ` + "`--`" + `;
- a directive naming a rule objcleak does not know (a typo silences nothing);
- a directive that no longer suppresses anything, because the code was fixed or the finding moved, so that suppressions do not outlive their purpose. Directives for rules that are disabled in this run are not reported as unused.

## How to fix

Add the reason, correct the rule name, or delete the directive.`

func runSuppression(pass *Pass) (any, error) {
	for _, d := range ParseDirectives(pass.Fset, pass.Files) {
		if len(d.Rules) == 0 {
			pass.Report(Diagnostic{Pos: d.Pos, Message: "objcleak:ignore names no rule; write `// objcleak:ignore <rule> -- <reason>`"})
			continue
		}
		for _, r := range d.Rules {
			if !pass.isKnownRule(r) {
				pass.Report(Diagnostic{Pos: d.Pos, Message: fmt.Sprintf("objcleak:ignore names unknown rule %q (known rules: %s)", r, strings.Join(pass.knownRules(), ", "))})
			}
		}
		if d.Reason == "" {
			pass.Report(Diagnostic{Pos: d.Pos, Message: "objcleak:ignore has no reason; add one after `--`, e.g. `// objcleak:ignore " + strings.Join(d.Rules, ",") + " -- why this is fine`"})
		}
	}
	return nil, nil
}

// applySuppressions drops diagnostics silenced by directives and, when the
// suppression rule is enabled, reports directives that silenced nothing.
func applySuppressions(fset *token.FileSet, files []*objcparse.File, diags []Diagnostic, analyzers []*Analyzer) []Diagnostic {
	dirs := ParseDirectives(fset, files)
	if len(dirs) == 0 {
		return diags
	}
	type key struct {
		file string
		line int
	}
	byLine := map[key][]*Directive{}
	for _, d := range dirs {
		byLine[key{d.File, d.Line}] = append(byLine[key{d.File, d.Line}], d)
		if d.OwnLine {
			byLine[key{d.File, d.Line + 1}] = append(byLine[key{d.File, d.Line + 1}], d)
		}
	}
	out := diags[:0]
	for _, diag := range diags {
		p := fset.Position(diag.Pos)
		suppressed := false
		if diag.Rule != InternalRuleName {
			for _, d := range byLine[key{p.Filename, p.Line}] {
				for _, r := range d.Rules {
					if r == diag.Rule {
						d.used[r] = true
						suppressed = true
					}
				}
			}
		}
		if !suppressed {
			out = append(out, diag)
		}
	}
	if !enabled(analyzers, SuppressionRuleName) {
		return out
	}
	ran := map[string]bool{}
	for _, a := range analyzers {
		ran[a.Name] = true
	}
	for _, d := range dirs {
		for _, r := range d.Rules {
			if ran[r] && !d.used[r] {
				out = append(out, Diagnostic{Pos: d.Pos, Rule: SuppressionRuleName,
					Message: fmt.Sprintf("objcleak:ignore for %s suppresses nothing here; remove it", r)})
			}
		}
	}
	return out
}
