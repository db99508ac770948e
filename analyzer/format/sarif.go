package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/objcleak/objcleak/analyzer"
)

// SARIF output (writeSARIF): one run of SARIF 2.1.0, indented by two spaces.
//
//   - "$schema" is the SchemaStore URL GitHub and editors recognise.
//   - tool.driver.rules holds every rule of Result.Rules, sorted by id,
//     built from analyzer.ParseDoc(rule.Doc): id; name (the id with an
//     upper-case first letter); shortDescription = Title;
//     fullDescription = Summary; help.text and help.markdown = Body;
//     helpUri = URL (when an absolute URL); properties.tags = Tags;
//     defaultConfiguration.level = Severity. A diagnostic whose rule is not
//     in Result.Rules gets a minimal descriptor, so every result's
//     ruleIndex points at its rule.
//   - Artifact URIs are relative to the project root, percent-encoded
//     (RFC 3986), with uriBaseId "%SRCROOT%";
//     run.originalUriBaseIds["%SRCROOT%"] is the file URI of Result.Root
//     ending in "/". A file outside the root gets an absolute file URI.
//   - Regions use UTF-16 columns (run.columnKind "utf16CodeUnits"), 1-based,
//     with an exclusive endColumn; without a known end, the region has only
//     startLine and startColumn (SARIF then extends it to the end of the
//     line).
//   - Related locations get ids 1..n and are linked from the result message,
//     because GitHub shows only related locations the message links to:
//     "<message> (see [<related message>](1), [<related message>](2))."
//     Square brackets and backslashes in link text are escaped as SARIF
//     §3.11.6 requires; a related location without a message is linked as
//     "related location N". Curly braces are not doubled: objcleak never
//     uses message placeholders.
//   - Diagnostic.Flow becomes codeFlows[0].threadFlows[0].locations.
//   - partialFingerprints[analyzer.FingerprintKey] is analyzer.Fingerprint.
//   - One invocation with executionSuccessful true.
//   - automationDetails.id is ToolInfo.AutomationID, when set (a shard's
//     run; see analyzer.Shard.AutomationID).
//
// The document is built with go-sarif and then re-encoded: members whose
// value is null and empty "properties" objects are dropped (go-sarif emits
// null for unset required-looking fields), key order is kept, and HTML
// characters are not escaped.

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRootID      = "%SRCROOT%"
)

func writeSARIF(buf *bytes.Buffer, r *analyzer.Result, tool ToolInfo) error {
	rs := newResolver(r)
	rules := ruleMap(r)
	descriptors, ruleIndex := sarifRules(r, rules)

	driver := sarif.NewDriver(tool.name())
	if tool.Version != "" {
		driver.WithVersion(tool.Version)
		if sv, ok := semanticVersion(tool.Version); ok {
			driver.WithSemanticVersion(sv)
		}
	}
	if isAbsURL(tool.InformationURI) {
		driver.WithInformationURI(tool.InformationURI)
	}
	driver.Rules = descriptors

	run := sarif.NewRun(*sarif.NewTool(driver))
	run.WithColumnKind("utf16CodeUnits")
	if r.Root != "" {
		root, err := rootURI(r.Root)
		if err != nil {
			return err
		}
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			srcRootID: sarif.NewSimpleArtifactLocation(root),
		})
	}
	run.AddInvocation(true)
	if tool.AutomationID != "" {
		run.WithAutomationDetails(&sarif.RunAutomationDetails{ID: &tool.AutomationID})
	}

	fps := r.Fingerprints()
	for i, d := range r.Diagnostics {
		// Not run.AddResult: it looks the index up itself and stores
		// uint(-1) for a rule it does not know.
		run.Results = append(run.Results, sarifResult(rs, d, severityOf(d, rules), ruleIndex[d.Rule], fps[i], descriptors))
	}

	report := &sarif.Report{
		Version: string(sarif.Version210),
		Schema:  sarifSchemaURI,
		Runs:    []*sarif.Run{run},
	}
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(report); err != nil {
		return fmt.Errorf("encoding sarif: %w", err)
	}
	compact, err := cleanJSON(raw.Bytes())
	if err != nil {
		return fmt.Errorf("cleaning sarif: %w", err)
	}
	if err := json.Indent(buf, compact, "", "  "); err != nil {
		return fmt.Errorf("indenting sarif: %w", err)
	}
	buf.WriteByte('\n')
	return nil
}

// sarifRules returns the rule descriptors sorted by id and each id's index.
func sarifRules(r *analyzer.Result, rules map[string]*analyzer.Analyzer) ([]*sarif.ReportingDescriptor, map[string]int) {
	out := []*sarif.ReportingDescriptor{} // never null: "rules": []
	for name, a := range rules {
		out = append(out, ruleDescriptor(name, a))
	}
	described := map[string]bool{}
	for _, d := range r.Diagnostics {
		if _, ok := rules[d.Rule]; !ok && !described[d.Rule] {
			described[d.Rule] = true
			out = append(out, minimalDescriptor(d.Rule, severityOf(d, nil)))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	index := make(map[string]int, len(out))
	for i, rd := range out {
		index[rd.ID] = i
	}
	return out, index
}

func ruleDescriptor(id string, a *analyzer.Analyzer) *sarif.ReportingDescriptor {
	doc := analyzer.ParseDoc(a.Doc)
	short := firstNonEmpty(doc.Title, id)
	full := firstNonEmpty(doc.Summary, short)
	rd := sarif.NewRule(id).
		WithName(ruleName(id)).
		WithShortDescription(sarif.NewMultiformatMessageString(short)).
		WithFullDescription(sarif.NewMultiformatMessageString(full))
	if doc.Body != "" {
		rd.WithTextHelp(doc.Body).WithMarkdownHelp(doc.Body)
	} else {
		rd.WithTextHelp(full)
	}
	if isAbsURL(a.URL) {
		rd.WithHelpURI(a.URL)
	}
	if tags := uniqueTags(a.Tags); len(tags) > 0 {
		rd.WithProperties(sarif.Properties{"tags": tags})
	}
	if validSeverity(a.Severity) {
		rd.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(a.Severity.String()))
	}
	return rd
}

// minimalDescriptor describes a rule id that has findings but is not in
// Result.Rules.
// GitHub wants the short and full description and the help text of every
// rule, so all three are filled in.
func minimalDescriptor(id string, sev analyzer.Severity) *sarif.ReportingDescriptor {
	text := firstNonEmpty(id, "unknown rule")
	return sarif.NewRule(id).
		WithName(ruleName(id)).
		WithShortDescription(sarif.NewMultiformatMessageString(text)).
		WithFullDescription(sarif.NewMultiformatMessageString(text)).
		WithTextHelp(text).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sev.String()))
}

func sarifResult(rs *resolver, d analyzer.Diagnostic, sev analyzer.Severity, ruleIndex int, fingerprint string, descriptors []*sarif.ReportingDescriptor) *sarif.Result {
	msg := d.Message
	if strings.TrimSpace(msg) == "" {
		msg = *descriptors[ruleIndex].ShortDescription.Text
	}
	message := sarif.NewTextMessage(linkRelated(msg, d.Related))
	if details := strings.TrimSpace(d.Details); details != "" {
		// The text stays the one-line title; the markdown adds why and
		// how to fix.
		message.WithMarkdown(linkRelated(escapeMarkdown(msg), d.Related) + "\n\n" + escapeMarkdown(details))
	}
	res := sarif.NewRuleResult(d.Rule).
		WithRuleIndex(ruleIndex).
		WithLevel(sev.String()).
		WithMessage(message)
	if s := rs.span(d.Pos, d.End); s.valid {
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(physicalLocation(s)))
	}
	for i, rel := range d.Related {
		res.AddRelatedLocation(sarifLocation(rs.span(rel.Pos, rel.End), rel.Message).WithId(i + 1))
	}
	if len(d.Flow) > 0 {
		tf := sarif.NewThreadFlow()
		for _, st := range d.Flow {
			tf.AddLocation(sarif.NewThreadFlowLocation().WithLocation(sarifLocation(rs.span(st.Pos, st.End), st.Message)))
		}
		res.AddCodeFlow(sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{tf}))
	}
	res.WithPartialFingerPrints(map[string]interface{}{analyzer.FingerprintKey: fingerprint})
	return res
}

// linkRelated appends links to the related locations (ids 1..n) to msg:
// "msg (see [a](1), [b](2))", keeping a final period at the very end.
func linkRelated(msg string, related []analyzer.Related) string {
	if len(related) == 0 {
		return msg
	}
	links := make([]string, len(related))
	for i, rel := range related {
		links[i] = "[" + escapeLinkText(relatedText(rel.Message, i)) + "](" + strconv.Itoa(i+1) + ")"
	}
	body, period := strings.CutSuffix(strings.TrimRight(msg, " \t\r\n"), ".")
	out := body + " (see " + strings.Join(links, ", ") + ")"
	if period {
		out += "."
	}
	return out
}

// escapeLinkText escapes the characters SARIF §3.11.6 reserves in the link
// text of a plain-text message.
var escapeLinkText = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace

func sarifLocation(s span, message string) *sarif.Location {
	loc := sarif.NewLocation()
	if s.valid {
		loc.WithPhysicalLocation(physicalLocation(s))
	}
	if message != "" {
		loc.WithMessage(sarif.NewTextMessage(message))
	}
	return loc
}

func physicalLocation(s span) *sarif.PhysicalLocation {
	region := sarif.NewRegion().WithStartLine(s.line).WithStartColumn(s.col16)
	if s.endLine > 0 {
		region.WithEndLine(s.endLine).WithEndColumn(s.endCol16)
	}
	return sarif.NewPhysicalLocation().
		WithArtifactLocation(artifactLocation(s.path)).
		WithRegion(region)
}

// artifactLocation returns the location of a file shown as path (relative
// to the root, or absolute when the file is outside it).
func artifactLocation(path string) *sarif.ArtifactLocation {
	if isAbsSlashPath(path) {
		return sarif.NewSimpleArtifactLocation(fileURI(path))
	}
	return sarif.NewSimpleArtifactLocation(escapePath(path, false)).WithUriBaseId(srcRootID)
}

// rootURI returns the file URI of the project root, ending in "/".
func rootURI(root string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("resolving root %q: %w", root, err)
	}
	u := fileURI(filepath.ToSlash(abs))
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u, nil
}

// isAbsSlashPath reports whether a forward-slash path is absolute on Unix
// ("/x") or Windows ("C:/x", "//server/share").
func isAbsSlashPath(p string) bool {
	return strings.HasPrefix(p, "/") || hasDrive(p)
}

func hasDrive(p string) bool {
	return len(p) >= 3 && p[1] == ':' && p[2] == '/' &&
		('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z')
}

// fileURI returns the file URI of an absolute forward-slash path.
func fileURI(p string) string {
	switch {
	case strings.HasPrefix(p, "//"): // UNC: //server/share/x -> file://server/share/x
		return "file:" + escapePath(p, true)
	case hasDrive(p):
		return "file:///" + escapePath(p, true)
	}
	return "file://" + escapePath(p, true)
}

// escapePath percent-encodes a forward-slash path for use in a URI
// (RFC 3986): every byte except unreserved characters, sub-delimiters,
// "@" and "/" is encoded, so spaces, "%", "#", "?" and non-ASCII (as UTF-8
// bytes) are. ":" is kept only when allowColon is set; a relative
// reference must not have a colon in its first segment.
func escapePath(p string, allowColon bool) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0,
			c == ':' && allowColon:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// isAbsURL reports whether s is an absolute URL fit for a SARIF "uri".
func isAbsURL(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n\\") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.IsAbs()
}

var semverRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// semanticVersion returns v without a leading "v" when it is a semantic
// version (SARIF semanticVersion).
func semanticVersion(v string) (string, bool) {
	m := semverRE.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// ruleName is the SARIF rule name: the id with each word capitalized
// ("sessionleak" -> "Sessionleak", "strong-delegate" -> "StrongDelegate").
func ruleName(id string) string {
	var b strings.Builder
	upper := true
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			if upper && c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			b.WriteRune(c)
			upper = false
		default:
			upper = true
		}
	}
	if b.Len() == 0 {
		return "Rule"
	}
	return b.String()
}

func uniqueTags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// cleanJSON re-encodes a JSON document compactly, keeping key order,
// without HTML escaping, and dropping object members whose value is null
// and "properties" members whose value is an empty object. A null array
// element is an error: dropping it would shift indexes such as ruleIndex.
func cleanJSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	out, _, err := cleanValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return out, nil
}

// cleanValue reads one value from dec and returns its cleaned encoding and
// whether it is null.
func cleanValue(dec *json.Decoder) ([]byte, bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, false, err
	}
	switch t := tok.(type) {
	case nil:
		return []byte("null"), true, nil
	case bool:
		return []byte(strconv.FormatBool(t)), false, nil
	case json.Number:
		return []byte(t), false, nil
	case string:
		s, err := encodeString(t)
		return s, false, err
	case json.Delim:
		var b bytes.Buffer
		switch t {
		case '{':
			b.WriteByte('{')
			n := 0
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, false, err
				}
				key, _ := kt.(string)
				v, null, err := cleanValue(dec)
				if err != nil {
					return nil, false, err
				}
				if null || key == "properties" && string(v) == "{}" {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				k, err := encodeString(key)
				if err != nil {
					return nil, false, err
				}
				b.Write(k)
				b.WriteByte(':')
				b.Write(v)
				n++
			}
			b.WriteByte('}')
		case '[':
			b.WriteByte('[')
			for n := 0; dec.More(); n++ {
				v, null, err := cleanValue(dec)
				if err != nil {
					return nil, false, err
				}
				if null {
					return nil, false, fmt.Errorf("null array element")
				}
				if n > 0 {
					b.WriteByte(',')
				}
				b.Write(v)
			}
			b.WriteByte(']')
		default:
			return nil, false, fmt.Errorf("unexpected %v", t)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, false, err
		}
		return b.Bytes(), false, nil
	}
	return nil, false, fmt.Errorf("unexpected JSON token %v", tok)
}

func encodeString(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// escapeMarkdown escapes the characters Markdown would read as emphasis,
// links or HTML (`_ivar` is not italics), outside `code spans`, which the
// messages use for code and which Markdown shows as code.
func escapeMarkdown(s string) string {
	var b strings.Builder
	code := false
	for _, r := range s {
		switch {
		case r == '`':
			code = !code
		case !code && strings.ContainsRune(`\*_[]<>`, r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
