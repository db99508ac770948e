package format

import (
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/objcleak/objcleak/analyzer"
)

// A span is a resolved source range.
type span struct {
	valid    bool
	filename string // the name recorded in the FileSet
	path     string // relative to Result.Root, forward slashes
	line     int    // 1-based
	col      int    // 1-based byte column
	col16    int    // 1-based UTF-16 column (byte column when the source is unavailable)
	// endLine is 0 when the end is unknown; endCol and endCol16 are
	// exclusive (the column after the last character), like SARIF's.
	endLine, endCol, endCol16 int
}

// where returns "path:line:col" with byte (or, when utf16 is set, UTF-16)
// columns.
func (s span) where(utf16 bool) string {
	col := s.col
	if utf16 {
		col = s.col16
	}
	return s.path + ":" + strconv.Itoa(s.line) + ":" + strconv.Itoa(col)
}

// A resolver turns token positions into spans, reading sources (once per
// file) to compute UTF-16 columns.
type resolver struct {
	r   *analyzer.Result
	src map[string]source
}

type source struct {
	data []byte
	ok   bool
}

func newResolver(r *analyzer.Result) *resolver {
	return &resolver{r: r, src: map[string]source{}}
}

// span resolves [pos, end). Positions are not adjusted by line directives:
// columns are offsets into the file ReadFile returns. end is ignored when it
// is NoPos, in another file, or before pos.
func (rs *resolver) span(pos, end token.Pos) span {
	if rs.r.Fset == nil || !pos.IsValid() {
		return span{}
	}
	tf := rs.r.Fset.File(pos)
	if tf == nil {
		return span{}
	}
	p := rs.r.Fset.PositionFor(pos, false)
	s := span{
		valid:    true,
		filename: tf.Name(),
		path:     rs.r.RelPath(tf.Name()),
		line:     p.Line,
		col:      p.Column,
	}
	s.col16 = rs.utf16Col(tf, pos, p.Column)
	if end.IsValid() && end >= pos && rs.r.Fset.File(end) == tf {
		e := rs.r.Fset.PositionFor(end, false)
		s.endLine, s.endCol = e.Line, e.Column
		s.endCol16 = rs.utf16Col(tf, end, e.Column)
	}
	return s
}

// utf16Col converts the byte column of pos into UTF-16 code units.
func (rs *resolver) utf16Col(tf *token.File, pos token.Pos, byteCol int) int {
	src := rs.source(tf.Name())
	if !src.ok {
		return byteCol
	}
	off := tf.Offset(pos)
	start := off - (byteCol - 1)
	if start < 0 || off > len(src.data) {
		return byteCol // the file changed since it was parsed
	}
	return 1 + utf16Len(src.data[start:off])
}

func (rs *resolver) source(name string) source {
	if s, ok := rs.src[name]; ok {
		return s
	}
	var s source
	if rs.r.ReadFile != nil {
		if data, err := rs.r.ReadFile(name); err == nil {
			s = source{data: data, ok: true}
		}
	}
	rs.src[name] = s
	return s
}

// utf16Len returns the number of UTF-16 code units of b decoded as UTF-8;
// each byte of an invalid sequence counts as one unit (U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// ruleMap indexes r.Rules by name (the first of duplicates wins).
func ruleMap(r *analyzer.Result) map[string]*analyzer.Analyzer {
	m := make(map[string]*analyzer.Analyzer, len(r.Rules))
	for _, a := range r.Rules {
		if a != nil {
			if _, dup := m[a.Name]; !dup {
				m[a.Name] = a
			}
		}
	}
	return m
}

func validSeverity(s analyzer.Severity) bool {
	return s >= analyzer.SeverityNote && s <= analyzer.SeverityError
}

// severityOf is the severity a diagnostic is shown with: its own when the
// driver filled it in, else its rule's default, else warning (SARIF's
// default level).
func severityOf(d analyzer.Diagnostic, rules map[string]*analyzer.Analyzer) analyzer.Severity {
	if validSeverity(d.Severity) {
		return d.Severity
	}
	if a := rules[d.Rule]; a != nil && validSeverity(a.Severity) {
		return a.Severity
	}
	return analyzer.SeverityWarning
}

// oneLine joins the lines of a message with spaces, for formats that need
// one finding per line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)), " ")
}

// A note is the details, a related location or a flow step of a
// diagnostic, in the order the text-like formats print them: the details
// first (at the finding), then the related locations ("related location
// N" when one has no message), then the flow steps, as "step N: message".
type note struct {
	span
	message string
}

func notes(rs *resolver, d analyzer.Diagnostic) []note {
	out := make([]note, 0, 1+len(d.Related)+len(d.Flow))
	if m := oneLine(d.Details); strings.TrimSpace(m) != "" {
		out = append(out, note{rs.span(d.Pos, d.End), m})
	}
	for i, rel := range d.Related {
		out = append(out, note{rs.span(rel.Pos, rel.End), relatedText(rel.Message, i)})
	}
	for i, st := range d.Flow {
		msg := "step " + strconv.Itoa(i+1)
		if m := oneLine(st.Message); strings.TrimSpace(m) != "" {
			msg += ": " + m
		}
		out = append(out, note{rs.span(st.Pos, st.End), msg})
	}
	return out
}

// relatedText is the one-line text of the i-th (0-based) related location.
func relatedText(message string, i int) string {
	if m := oneLine(message); strings.TrimSpace(m) != "" {
		return m
	}
	return "related location " + strconv.Itoa(i+1)
}

// slashRoot returns the project root with forward slashes.
func slashRoot(root string) string { return filepath.ToSlash(root) }
