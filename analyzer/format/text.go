package format

import (
	"bytes"

	"github.com/objcleak/objcleak/analyzer"
)

// writeText writes the clang/gcc diagnostic form, one finding per line:
//
//	App/Net Client.m:12:5: error: session is never invalidated [sessionleak]
//	App/Net Client.h:3:1: note: delegate declared here
//	App/Net Client.m:20:9: note: step 1: self retains _session
//
// Related locations follow the finding as clang "note:" lines, then the
// flow steps, numbered, so editors list them too. Lines and columns are
// 1-based; columns count bytes, as clang's do. Line breaks inside messages
// become spaces. A finding without a position starts with the tool name
// instead of a location ("objcleak: error: …"), as clang's own messages do.
func writeText(buf *bytes.Buffer, r *analyzer.Result, tool ToolInfo) error {
	rs := newResolver(r)
	rules := ruleMap(r)
	for _, d := range r.Diagnostics {
		writeTextLine(buf, rs.span(d.Pos, d.End), tool, severityOf(d, rules).String(), oneLine(d.Message)+" ["+d.Rule+"]")
		for _, n := range notes(rs, d) {
			writeTextLine(buf, n.span, tool, "note", n.message)
		}
	}
	return nil
}

func writeTextLine(buf *bytes.Buffer, s span, tool ToolInfo, severity, message string) {
	if s.valid {
		buf.WriteString(s.where(false))
	} else {
		buf.WriteString(tool.name())
	}
	buf.WriteString(": ")
	buf.WriteString(severity)
	buf.WriteString(": ")
	buf.WriteString(message)
	buf.WriteByte('\n')
}
