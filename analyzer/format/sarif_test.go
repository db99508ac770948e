package format

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/format/sarifcheck"
)

// The subset of SARIF the tests inspect.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool struct {
		Driver struct {
			Name            string      `json:"name"`
			Version         string      `json:"version"`
			SemanticVersion string      `json:"semanticVersion"`
			InformationURI  string      `json:"informationUri"`
			Rules           []sarifRule `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	ColumnKind         string                      `json:"columnKind"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds"`
	Invocations        []struct {
		ExecutionSuccessful *bool `json:"executionSuccessful"`
	} `json:"invocations"`
	Results []sarifResultT `json:"results"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string     `json:"id"`
	Name                 string     `json:"name"`
	ShortDescription     sarifText  `json:"shortDescription"`
	FullDescription      *sarifText `json:"fullDescription"`
	Help                 *sarifText `json:"help"`
	HelpURI              *string    `json:"helpUri"`
	DefaultConfiguration *struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties *struct {
		Tags []string `json:"tags"`
	} `json:"properties"`
}

type sarifArtifactLoc struct {
	URI       string  `json:"uri"`
	URIBaseID *string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLocT struct {
	ID               *int       `json:"id"`
	Message          *sarifText `json:"message"`
	PhysicalLocation *struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	} `json:"physicalLocation"`
}

type sarifResultT struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocT       `json:"locations"`
	RelatedLocations    []sarifLocT       `json:"relatedLocations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	CodeFlows           []struct {
		ThreadFlows []struct {
			Locations []struct {
				Location sarifLocT `json:"location"`
			} `json:"locations"`
		} `json:"threadFlows"`
	} `json:"codeFlows"`
}

func schemaPath(t *testing.T) string {
	t.Helper()
	p, err := sarifcheck.DefaultSchemaPath()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// writeSARIFLog writes r as SARIF, checks it against the schema and for
// nulls, and decodes it.
func writeSARIFLog(t *testing.T, r *analyzer.Result) (sarifLog, string) {
	t.Helper()
	out := write(t, "sarif", r)
	if err := sarifcheck.ValidateSARIF([]byte(out), schemaPath(t)); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, out)
	}
	if err := sarifcheck.NoNulls([]byte(out)); err != nil {
		t.Fatalf("SARIF has nulls: %v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("decoding SARIF: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("SARIF has %d runs, want 1", len(log.Runs))
	}
	return log, out
}

// TestSARIFSchema validates the SARIF of every scenario.
func TestSARIFSchema(t *testing.T) {
	for name, r := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			_, out := writeSARIFLog(t, r)
			if !strings.HasSuffix(out, "}\n") || !strings.HasPrefix(out, "{\n  \"version\": \"2.1.0\",\n  \"$schema\": ") {
				t.Errorf("unexpected framing:\n%s", out)
			}
			if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u0026`) {
				t.Errorf("HTML-escaped characters in output:\n%s", out)
			}
		})
	}
}

func TestSARIFEmpty(t *testing.T) {
	log, out := writeSARIFLog(t, emptyFixture(t).r)
	if !strings.Contains(out, `"results": []`) {
		t.Errorf(`no "results": [] in:\n%s`, out)
	}
	if n := len(log.Runs[0].Tool.Driver.Rules); n != 4 {
		t.Errorf("%d rules, want 4", n)
	}
	if _, out := writeSARIFLog(t, &analyzer.Result{}); !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"rules": []`) {
		t.Errorf(`empty Result: want "results": [] and "rules": [] in:\n%s`, out)
	}
}

func TestSARIFToolAndRun(t *testing.T) {
	log, _ := writeSARIFLog(t, fullFixture(t).r)
	run := log.Runs[0]
	if log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || log.Version != "2.1.0" {
		t.Errorf("$schema %q version %q", log.Schema, log.Version)
	}
	d := run.Tool.Driver
	if d.Name != "objcleak" || d.Version != "v1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI != "https://objcleak.dev" {
		t.Errorf("driver = %+v", d)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///work/proj/" {
		t.Errorf("originalUriBaseIds[%%SRCROOT%%] = %q, want file:///work/proj/", got)
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil || !*run.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one successful", run.Invocations)
	}

	// A version that is not semantic is kept as version only.
	var buf strings.Builder
	if err := Write(&buf, "sarif", emptyFixture(t).r, ToolInfo{Version: "devel"}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); strings.Contains(out, "semanticVersion") || strings.Contains(out, "informationUri") || !strings.Contains(out, `"name": "objcleak"`) {
		t.Errorf("tool without semantic version or URI:\n%s", out)
	}
}

func TestSARIFRules(t *testing.T) {
	log, _ := writeSARIFLog(t, fullFixture(t).r)
	rules := log.Runs[0].Tool.Driver.Rules
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	// experimental has findings but is not in Result.Rules.
	if got, want := strings.Join(ids, ","), "experimental,parse,retaincycle,sessionleak,strongdelegate"; got != want {
		t.Fatalf("rule ids = %s, want %s", got, want)
	}
	s := rules[3]
	if s.Name != "Sessionleak" ||
		s.ShortDescription.Text != "URL session never invalidated" ||
		s.FullDescription == nil || s.FullDescription.Text != "A session retains its delegate until it is invalidated." ||
		s.Help == nil || s.Help.Text != analyzer.ParseDoc(sessionLeakRule.Doc).Body || s.Help.Markdown != s.Help.Text ||
		s.HelpURI == nil || *s.HelpURI != "https://objcleak.dev/rules/sessionleak" ||
		s.DefaultConfiguration == nil || s.DefaultConfiguration.Level != "error" ||
		s.Properties == nil || !slices.Equal(s.Properties.Tags, []string{"memory", "leak"}) {
		t.Errorf("sessionleak descriptor = %+v", s)
	}
	if rc := rules[2]; rc.FullDescription == nil || rc.FullDescription.Text != "Objects that own each other are never freed." {
		t.Errorf("retaincycle fullDescription = %+v, want the summary on one line", rc.FullDescription)
	}
	if sd := rules[4]; sd.HelpURI != nil || sd.Properties != nil || sd.DefaultConfiguration.Level != "warning" {
		t.Errorf("strongdelegate: invalid URL and no tags must be left out, got %+v", sd)
	}
	if p := rules[1]; p.DefaultConfiguration.Level != "note" {
		t.Errorf("parse level = %s", p.DefaultConfiguration.Level)
	}
	if e := rules[0]; e.ShortDescription.Text != "experimental" || e.DefaultConfiguration.Level != "warning" {
		t.Errorf("minimal descriptor = %+v", e)
	}
}

func TestSARIFRuleIndex(t *testing.T) {
	for name, r := range scenarios(t) {
		log, _ := writeSARIFLog(t, r)
		run := log.Runs[0]
		for i, res := range run.Results {
			if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) {
				t.Errorf("%s: result %d: ruleIndex %v out of range", name, i, res.RuleIndex)
				continue
			}
			if got := run.Tool.Driver.Rules[*res.RuleIndex].ID; got != res.RuleID {
				t.Errorf("%s: result %d: ruleIndex %d is rule %s, want %s", name, i, *res.RuleIndex, got, res.RuleID)
			}
		}
	}
	log, _ := writeSARIFLog(t, fullFixture(t).r)
	var got []string
	for _, res := range log.Runs[0].Results {
		got = append(got, res.RuleID+"="+strconv.Itoa(*res.RuleIndex))
	}
	if want := "strongdelegate=4,sessionleak=3,retaincycle=2,parse=1,experimental=0"; strings.Join(got, ",") != want {
		t.Errorf("rule indexes %s, want %s", strings.Join(got, ","), want)
	}
}

func TestSARIFResults(t *testing.T) {
	r := fullFixture(t).r
	log, _ := writeSARIFLog(t, r)
	res := log.Runs[0].Results
	if len(res) != 5 {
		t.Fatalf("%d results, want 5", len(res))
	}
	levels := []string{"warning", "error", "error", "note", "warning"}
	fps := r.Fingerprints()
	for i, x := range res {
		if x.Level != levels[i] {
			t.Errorf("result %d level %s, want %s", i, x.Level, levels[i])
		}
		if got := x.PartialFingerprints[analyzer.FingerprintKey]; got != fps[i] || len(x.PartialFingerprints) != 1 {
			t.Errorf("result %d partialFingerprints = %v, want {%s: %s}", i, x.PartialFingerprints, analyzer.FingerprintKey, fps[i])
		}
	}

	// Related locations: ids 1..n, each linked from the message.
	if got, want := res[0].Message.Text, `delegate property of NetClient is strong: id<NetDelegate> keeps its owner alive (see [assigned in -\[NetClient start\]](1))`; got != want {
		t.Errorf("message:\n got %s\nwant %s", got, want)
	}
	if got, want := res[1].Message.Text, "NSURLSession with delegate self is never invalidated (see [NetClient declared here](1), [related location 2](2))."; got != want {
		t.Errorf("message:\n got %s\nwant %s", got, want)
	}
	if got := res[2].Message.Text; got != "retain cycle: self -> block -> self" {
		t.Errorf("message without related locations changed: %s", got)
	}
	link := regexp.MustCompile(`\]\((\d+)\)`)
	for i, x := range res {
		var linked, ids []int
		for _, m := range link.FindAllStringSubmatch(x.Message.Text, -1) {
			n, _ := strconv.Atoi(m[1])
			linked = append(linked, n)
		}
		for j, rl := range x.RelatedLocations {
			if rl.ID == nil || *rl.ID != j+1 {
				t.Errorf("result %d related %d: id %v, want %d", i, j, rl.ID, j+1)
				continue
			}
			ids = append(ids, *rl.ID)
		}
		if !slices.Equal(linked, ids) {
			t.Errorf("result %d links %v but has related ids %v", i, linked, ids)
		}
	}
	if m := res[0].RelatedLocations[0].Message; m == nil || m.Text != "assigned in -[NetClient start]" {
		t.Errorf("related message = %+v", m)
	}
	if m := res[1].RelatedLocations[1].Message; m != nil {
		t.Errorf("related location without a message has message %+v", m)
	}

	// Code flow of the retain cycle.
	cf := res[2].CodeFlows
	if len(cf) != 1 || len(cf[0].ThreadFlows) != 1 || len(cf[0].ThreadFlows[0].Locations) != 2 {
		t.Fatalf("codeFlows = %+v, want one thread flow of two steps", cf)
	}
	steps := cf[0].ThreadFlows[0].Locations
	if l := steps[1].Location; l.Message == nil || l.Message.Text != "the block captures self strongly" ||
		l.PhysicalLocation == nil || l.PhysicalLocation.ArtifactLocation.URI != "App/Views/Cell.m" ||
		l.PhysicalLocation.Region != (sarifRegion{StartLine: 3, StartColumn: 24, EndLine: 3, EndColumn: 35}) {
		t.Errorf("step 2 = %+v", l)
	}
	for i := range res {
		if i != 2 && len(res[i].CodeFlows) != 0 {
			t.Errorf("result %d has codeFlows without a Flow", i)
		}
	}

	// A finding without a position has no locations; its region-less
	// result is still valid.
	if len(res[4].Locations) != 0 {
		t.Errorf("position-less finding has locations %+v", res[4].Locations)
	}
	if got := res[4].Message.Text; got != "first line\nsecond line: 100% sure, really" {
		t.Errorf("multi-line message = %q", got)
	}
}

// TestSARIFUTF16Columns checks that "越" (3 bytes, 1 UTF-16 unit) before a
// finding shifts its byte column by 2 more than its SARIF column, and that
// columns fall back to bytes when the source cannot be read.
func TestSARIFUTF16Columns(t *testing.T) {
	loc := func(r *analyzer.Result) sarifRegion {
		log, _ := writeSARIFLog(t, r)
		return log.Runs[0].Results[1].Locations[0].PhysicalLocation.Region
	}
	full := fullFixture(t)
	byteCol := full.r.Fset.Position(full.r.Diagnostics[1].Pos).Column
	if byteCol != 42 {
		t.Fatalf("test setup: byte column %d, want 42", byteCol)
	}
	if got, want := loc(full.r), (sarifRegion{StartLine: 3, StartColumn: 40, EndLine: 3, EndColumn: 113}); got != want {
		t.Errorf("UTF-16 region = %+v, want %+v", got, want)
	}
	sc := scenarios(t)
	for _, name := range []string{"no-source", "failing"} {
		if got, want := loc(sc[name]), (sarifRegion{StartLine: 3, StartColumn: 42, EndLine: 3, EndColumn: 115}); got != want {
			t.Errorf("%s: region = %+v, want byte columns %+v", name, got, want)
		}
	}

	// Characters outside the BMP take two UTF-16 units.
	f := newFixture(t, "E.m", "s = @\"😀越\"; [self go];\n")
	f.r.Diagnostics = []analyzer.Diagnostic{{Pos: f.pos("E.m", "[self"), End: f.end("E.m", "go];"), Rule: "parse", Severity: analyzer.SeverityNote, Message: "m"}}
	log, _ := writeSARIFLog(t, f.r)
	// Bytes: `s = @"` 6, 😀 4, 越 3, `"; ` 3 -> "[" at byte column 17;
	// UTF-16: 6 + 2 + 1 + 3 -> column 13.
	if got, want := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region, (sarifRegion{StartLine: 1, StartColumn: 13, EndLine: 1, EndColumn: 23}); got != want {
		t.Errorf("region = %+v, want %+v", got, want)
	}
}

func TestSARIFNoEnd(t *testing.T) {
	log, _ := writeSARIFLog(t, fullFixture(t).r)
	if got, want := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region, (sarifRegion{StartLine: 2, StartColumn: 23}); got != want {
		t.Errorf("region without end = %+v, want %+v", got, want)
	}
}

func TestSARIFURIs(t *testing.T) {
	log, _ := writeSARIFLog(t, fullFixture(t).r)
	res := log.Runs[0].Results
	check := func(what string, l sarifArtifactLoc, uri string, based bool) {
		t.Helper()
		if l.URI != uri {
			t.Errorf("%s: uri %q, want %q", what, l.URI, uri)
		}
		if based && (l.URIBaseID == nil || *l.URIBaseID != "%SRCROOT%") || !based && l.URIBaseID != nil {
			t.Errorf("%s: uriBaseId %v, want based=%v", what, l.URIBaseID, based)
		}
	}
	check("path with space", res[1].Locations[0].PhysicalLocation.ArtifactLocation, "App/Net%20Client.m", true)
	check("related", res[1].RelatedLocations[0].PhysicalLocation.ArtifactLocation, "App/Net%20Client.h", true)
	check("non-ASCII path", res[3].Locations[0].PhysicalLocation.ArtifactLocation, "App/%C3%9Cn%C3%AF%20code/Bad.m", true)

	log, _ = writeSARIFLog(t, scenarios(t)["outside"])
	check("outside root", log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation, "file:///elsewhere/Shared%20Kit/Lib.h", false)

	log, _ = writeSARIFLog(t, scenarios(t)["no-root"])
	if len(log.Runs[0].OriginalURIBaseIDs) != 0 {
		t.Errorf("originalUriBaseIds without a root: %v", log.Runs[0].OriginalURIBaseIDs)
	}
	check("no root", log.Runs[0].Results[1].Locations[0].PhysicalLocation.ArtifactLocation, "file:///work/proj/App/Net%20Client.m", false)
}

func TestEscapePath(t *testing.T) {
	for _, c := range []struct {
		in         string
		allowColon bool
		want       string
	}{
		{"App/Net Client.m", false, "App/Net%20Client.m"},
		{"UIView+Layout.m", false, "UIView+Layout.m"},
		{"a:b/c#d?e%f.m", false, "a%3Ab/c%23d%3Fe%25f.m"},
		{"越.m", false, "%E8%B6%8A.m"},
		{"C:/src/a.m", true, "C:/src/a.m"},
	} {
		if got := escapePath(c.in, c.allowColon); got != c.want {
			t.Errorf("escapePath(%q, %v) = %q, want %q", c.in, c.allowColon, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"/a b/c":          "file:///a%20b/c",
		"C:/Users/me/x.m": "file:///C:/Users/me/x.m",
		"//server/share":  "file://server/share",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRuleName(t *testing.T) {
	for in, want := range map[string]string{"sessionleak": "Sessionleak", "strong-delegate": "StrongDelegate", "": "Rule", "a_b2": "AB2"} {
		if got := ruleName(in); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinkRelated(t *testing.T) {
	rel := []analyzer.Related{{Message: `a\b [c]`}, {}}
	if got, want := linkRelated("msg.", rel), `msg (see [a\\b \[c\]](1), [related location 2](2)).`; got != want {
		t.Errorf("linkRelated = %s, want %s", got, want)
	}
	if got := linkRelated("msg", nil); got != "msg" {
		t.Errorf("linkRelated without related = %s", got)
	}
}

func TestSARIFEmptyMessage(t *testing.T) {
	f := newFixture(t, "A.m", "x;\n")
	f.r.Diagnostics = []analyzer.Diagnostic{{Pos: f.pos("A.m", "x"), Rule: "sessionleak", Severity: analyzer.SeverityError}}
	log, _ := writeSARIFLog(t, f.r)
	if got := log.Runs[0].Results[0].Message.Text; got != "URL session never invalidated" {
		t.Errorf("empty message becomes %q, want the rule title", got)
	}
}

func TestCleanJSON(t *testing.T) {
	got, err := cleanJSON([]byte(`{"b":null,"a":[1,{"x":"<&>","properties":{}}],"properties":{"k":true},"c":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":[1,{"x":"<&>"}],"properties":{"k":true},"c":{}}`; string(got) != want {
		t.Errorf("cleanJSON = %s, want %s", got, want)
	}
	if _, err := cleanJSON([]byte(`[1,null]`)); err == nil {
		t.Error("cleanJSON accepted a null array element")
	}
	if _, err := cleanJSON([]byte(`{} {}`)); err == nil {
		t.Error("cleanJSON accepted trailing data")
	}
}
