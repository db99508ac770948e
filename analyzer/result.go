package analyzer

import (
	"go/token"
	"path/filepath"
)

// Result is the outcome of one lint run, ready to be formatted.
type Result struct {
	// Root is the absolute directory that relative paths in the output
	// are based on (SARIF %SRCROOT%).
	Root string
	Fset *token.FileSet
	// Rules are the rules that ran, sorted by name (SARIF tool.driver.rules).
	Rules []*Analyzer
	// Diagnostics are sorted by file, line, column, rule, message.
	Diagnostics []Diagnostic
	// Files is the number of files linted; Lines their total line count.
	Files, Lines int
	// Unparsed holds, for each file with a range the parser could not
	// read, the start of its first such range (also reported by the parse
	// rule when it is enabled).
	Unparsed []token.Pos
	// ReadFile returns a file's contents by the name recorded in Fset;
	// formats use it to compute UTF-16 columns and fingerprints.
	ReadFile func(filename string) ([]byte, error)
}

// RelPath returns filename relative to r.Root with forward slashes, or
// filename itself (with forward slashes) when it is not below Root.
func (r *Result) RelPath(filename string) string {
	if r.Root != "" {
		abs := filename
		if !filepath.IsAbs(abs) {
			if a, err := filepath.Abs(abs); err == nil {
				abs = a
			}
		}
		if rel, err := filepath.Rel(r.Root, abs); err == nil && rel != ".." && !hasDotDotPrefix(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filename)
}

func hasDotDotPrefix(rel string) bool {
	return len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator)
}

// Position returns the resolved position of p.
func (r *Result) Position(p token.Pos) token.Position { return r.Fset.Position(p) }
