package format

// The json format is a stable document for scripts, indented by two spaces:
//
//	{
//	  "version": 1,                  // schema version; bumped on incompatible change
//	  "tool": {"name": "objcleak", "version": "1.0.0", "informationUri": "https://…"},
//	  "root": "/abs/project",        // Result.Root, forward slashes
//	  "files": 12,                   // number of files linted
//	  "diagnostics": [{
//	    "rule": "sessionleak",
//	    "severity": "error",         // "error", "warning" or "note"
//	    "message": "…",              // may contain line breaks
//	    "path": "App/Net Client.m",  // relative to root, forward slashes
//	    "line": 12, "column": 5,     // 1-based; byte columns, as in the text format
//	    "endLine": 12, "endColumn": 9, // exclusive end; = line/column when the finding has no extent
//	    "fingerprint": "…",          // analyzer.Fingerprint, 32 hex digits
//	    "related": [{"path": "…", "line": 3, "column": 1, "message": "…"}],
//	    "flow":    [{"path": "…", "line": 20, "column": 9, "message": "…"}]
//	  }]
//	}
//
// Every key is always present; arrays are [] when empty, never null. A
// finding or location without a position has path "" and line and column 0.
// New keys may be added without bumping version; consumers should ignore
// keys they do not know.

import (
	"bytes"
	"encoding/json"

	"github.com/objcleak/objcleak/analyzer"
)

// jsonVersion is the version of the json document schema.
const jsonVersion = 1

type jsonReport struct {
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Root        string           `json:"root"`
	Files       int              `json:"files"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"informationUri"`
}

type jsonDiagnostic struct {
	Rule        string         `json:"rule"`
	Severity    string         `json:"severity"`
	Message     string         `json:"message"`
	Details     string         `json:"details"`
	Path        string         `json:"path"`
	Line        int            `json:"line"`
	Column      int            `json:"column"`
	EndLine     int            `json:"endLine"`
	EndColumn   int            `json:"endColumn"`
	Fingerprint string         `json:"fingerprint"`
	Related     []jsonLocation `json:"related"`
	Flow        []jsonLocation `json:"flow"`
}

type jsonLocation struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func writeJSON(buf *bytes.Buffer, r *analyzer.Result, tool ToolInfo) error {
	rs := newResolver(r)
	rules := ruleMap(r)
	fps := r.Fingerprints()
	rep := jsonReport{
		Version:     jsonVersion,
		Tool:        jsonTool{Name: tool.name(), Version: tool.Version, InformationURI: tool.InformationURI},
		Root:        slashRoot(r.Root),
		Files:       r.Files,
		Diagnostics: make([]jsonDiagnostic, 0, len(r.Diagnostics)),
	}
	for i, d := range r.Diagnostics {
		s := rs.span(d.Pos, d.End)
		jd := jsonDiagnostic{
			Rule:        d.Rule,
			Severity:    severityOf(d, rules).String(),
			Message:     d.Message,
			Details:     d.Details,
			Path:        s.path,
			Line:        s.line,
			Column:      s.col,
			EndLine:     s.line,
			EndColumn:   s.col,
			Fingerprint: fps[i],
			Related:     make([]jsonLocation, 0, len(d.Related)),
			Flow:        make([]jsonLocation, 0, len(d.Flow)),
		}
		if s.endLine > 0 {
			jd.EndLine, jd.EndColumn = s.endLine, s.endCol
		}
		for _, rel := range d.Related {
			jd.Related = append(jd.Related, jsonLoc(rs.span(rel.Pos, rel.End), rel.Message))
		}
		for _, st := range d.Flow {
			jd.Flow = append(jd.Flow, jsonLoc(rs.span(st.Pos, st.End), st.Message))
		}
		rep.Diagnostics = append(rep.Diagnostics, jd)
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

func jsonLoc(s span, message string) jsonLocation {
	return jsonLocation{Path: s.path, Line: s.line, Column: s.col, Message: message}
}
