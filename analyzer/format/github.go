package format

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
)

// writeGitHub writes one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the file and line:
//
//	::error file=App/A.m,line=12,col=5,endLine=12,endColumn=9,title=objcleak sessionleak::message
//
// The command is error, warning or notice (for note). Columns are 1-based
// UTF-16 code units (GitHub's web UI counts in JavaScript strings); endLine
// is given when the finding has an extent, endColumn only when it ends on
// its starting line. Related locations and flow steps cannot be annotated
// separately, so they follow the message on their own lines in the text
// form ("path:line:col: note: …"). Values are escaped as the Actions
// toolkit does: %, CR and LF in the message; additionally : and , in
// properties.
func writeGitHub(buf *bytes.Buffer, r *analyzer.Result, tool ToolInfo) error {
	rs := newResolver(r)
	rules := ruleMap(r)
	for _, d := range r.Diagnostics {
		s := rs.span(d.Pos, d.End)
		buf.WriteString("::")
		buf.WriteString(githubCommand(severityOf(d, rules)))
		sep := " "
		prop := func(key, value string) {
			buf.WriteString(sep)
			buf.WriteString(key)
			buf.WriteByte('=')
			buf.WriteString(escapeProperty(value))
			sep = ","
		}
		if s.valid {
			prop("file", s.path)
			prop("line", strconv.Itoa(s.line))
			prop("col", strconv.Itoa(s.col16))
			if s.endLine > 0 {
				prop("endLine", strconv.Itoa(s.endLine))
				if s.endLine == s.line {
					prop("endColumn", strconv.Itoa(s.endCol16))
				}
			}
		}
		prop("title", tool.name()+" "+d.Rule)
		buf.WriteString("::")
		msg := d.Message
		for _, n := range notes(rs, d) {
			where := tool.name()
			if n.valid {
				where = n.where(true)
			}
			msg += "\n" + where + ": note: " + n.message
		}
		buf.WriteString(escapeData(msg))
		buf.WriteByte('\n')
	}
	return nil
}

func githubCommand(s analyzer.Severity) string {
	switch s {
	case analyzer.SeverityError:
		return "error"
	case analyzer.SeverityNote:
		return "notice"
	}
	return "warning"
}

// escapeData escapes a workflow command's message (toolkit escapeData).
var escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeProperty escapes a workflow command property value (toolkit
// escapeProperty).
var escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
