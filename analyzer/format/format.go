// Package format writes an analyzer.Result in objcleak's output formats:
//
//   - text: one clang/gcc-style line per finding,
//     "path:line:col: severity: message [rule]", followed by
//     "path:line:col: note: …" lines for related locations and flow steps —
//     the form Xcode, VS Code problem matchers, vim quickfix and emacs
//     compile-mode parse. Columns are 1-based byte columns, as in clang.
//   - json: a stable, versioned document (see the json.go file comment).
//   - sarif: SARIF 2.1.0 for GitHub code scanning and SARIF viewers, with
//     rule metadata, relative URIs based on %SRCROOT%, UTF-16 columns,
//     related locations linked from the message, code flows and
//     partialFingerprints (see sarif.go).
//   - github: GitHub Actions workflow commands ("::error file=…::message")
//     that become annotations on a pull request.
//
// Paths are shown relative to Result.Root with forward slashes
// (Result.RelPath). Result.ReadFile must return the bytes the FileSet's
// line tables were computed from: SARIF and github columns count UTF-16
// code units of those bytes, and fingerprints hash their lines. Without
// ReadFile (or when it fails) those columns fall back to byte columns and
// fingerprints to rule, path and occurrence. Every format writes nothing but the findings; summaries
// are the CLI's business. Output is deterministic: the same Result gives
// the same bytes.
package format

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
)

// ToolInfo identifies the program that produced the findings.
type ToolInfo struct {
	// Name is the tool name; "objcleak" when empty.
	Name string
	// Version is the tool version, e.g. "1.2.0" or "v1.2.0-rc.1"; it may be
	// empty or a non-semantic string such as "devel".
	Version string
	// InformationURI is the tool's home page (an absolute URL) or empty.
	InformationURI string
	// AutomationID is the SARIF runs[0].automationDetails.id (e.g.
	// analyzer.Shard.AutomationID), or empty for no automationDetails.
	AutomationID string
}

func (t ToolInfo) name() string {
	if t.Name == "" {
		return "objcleak"
	}
	return t.Name
}

type writerFunc func(buf *bytes.Buffer, r *analyzer.Result, tool ToolInfo) error

// formats lists the formats in the order Formats reports them.
var formats = []struct {
	name  string
	write writerFunc
}{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
}

// Formats returns the names of the output formats Write accepts, the
// default ("text") first.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write writes r to w in the named format (one of Formats). The output is
// assembled in memory and written with a single Write call, so w receives
// nothing when formatting fails.
func Write(w io.Writer, format string, r *analyzer.Result, tool ToolInfo) error {
	for _, f := range formats {
		if f.name != format {
			continue
		}
		if r == nil {
			return fmt.Errorf("writing %s output: no result", format)
		}
		if r.Fset == nil && len(r.Diagnostics) > 0 {
			return fmt.Errorf("writing %s output: result has diagnostics but no file set", format)
		}
		var buf bytes.Buffer
		if err := f.write(&buf, r, tool); err != nil {
			return fmt.Errorf("writing %s output: %w", format, err)
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("writing %s output: %w", format, err)
		}
		return nil
	}
	return fmt.Errorf("unknown output format %q (valid formats: %s)", format, strings.Join(Formats(), ", "))
}
