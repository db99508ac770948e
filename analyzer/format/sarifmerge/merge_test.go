package sarifmerge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer/format/sarifcheck"
)

// norm returns the JSON document s as objcleak writes SARIF: compact
// members in their order, indented by two spaces, with a final newline.
func norm(t *testing.T, s string) []byte {
	t.Helper()
	v, err := decode([]byte(s))
	if err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, s)
	}
	var c, out bytes.Buffer
	if err := encode(&c, v); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&out, c.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// rule returns a rule descriptor.
func rule(id string) string {
	return fmt.Sprintf(`{"id":%q,"name":%q,"shortDescription":{"text":"%s rule"},"fullDescription":{"text":"%s rule"},"help":{"text":"%s help"},"defaultConfiguration":{"level":"warning"}}`, id, strings.ToUpper(id[:1])+id[1:], id, id, id)
}

// result returns a result of rule (at index idx of its run's rules) in
// file at line:col.
func result(ruleID string, idx int, file string, line, col int, msg string) string {
	return fmt.Sprintf(`{"ruleId":%q,"ruleIndex":%d,"level":"warning","message":{"text":%q},"locations":[{"physicalLocation":{"artifactLocation":{"uri":%q,"uriBaseId":"%%SRCROOT%%"},"region":{"startLine":%d,"startColumn":%d}}}],"partialFingerprints":{"objcleak/v1":"%s-%s-%d-%d"}}`,
		ruleID, idx, msg, file, line, col, ruleID, file, line, col)
}

// log returns a SARIF log with one run.
func log(automationID string, rules []string, results []string) string {
	ad := ""
	if automationID != "" {
		ad = fmt.Sprintf(`,"automationDetails":{"id":%q}`, automationID)
	}
	return fmt.Sprintf(`{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"objcleak","version":"1.2.3","semanticVersion":"1.2.3","informationUri":"https://github.com/objcleak/objcleak","rules":[%s]}},"invocations":[{"executionSuccessful":true}],"originalUriBaseIds":{"%%SRCROOT%%":{"uri":"file:///src/"}}%s,"columnKind":"utf16CodeUnits","results":[%s]}]}`,
		strings.Join(rules, ","), ad, strings.Join(results, ","))
}

func inputs(logs ...string) []Input {
	var out []Input
	for i, l := range logs {
		out = append(out, Input{Name: fmt.Sprintf("shard%d.sarif", i+1), Data: []byte(l)})
	}
	return out
}

func mustMerge(t *testing.T, opts Options, logs ...string) *Output {
	t.Helper()
	out, err := Merge(inputs(logs...), opts)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return out
}

func validate(t *testing.T, data []byte) {
	t.Helper()
	schema, err := sarifcheck.DefaultSchemaPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifcheck.ValidateSARIF(data, schema); err != nil {
		t.Errorf("merged log is not valid SARIF: %v\n%s", err, data)
	}
	if err := sarifcheck.NoNulls(data); err != nil {
		t.Error(err)
	}
}

// equalBytes reports the first differing line of two documents.
func equalBytes(t *testing.T, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("merged log differs at line %d:\n got %q\nwant %q\n\ngot:\n%s", i+1, gl, wl, got)
		}
	}
}

func TestMergeShardsEqualsWhole(t *testing.T) {
	rules := []string{rule("alpha"), rule("beta"), rule("gamma")}
	whole := log("", rules, []string{
		result("beta", 1, "A.m", 3, 5, "b in A"),
		result("alpha", 0, "A.m", 9, 1, "a in A"),
		result("gamma", 2, "A.m", 9, 1, "g in A"),
		result("alpha", 0, "dir%20x/B.h", 1, 2, "a in B"),
		result("alpha", 0, "dir-x/C.m", 4, 4, "a in C"),
		result("beta", 1, "z.m", 2, 1, "b in z"),
		result("beta", 1, "%C3%A9.m", 1, 1, "b in é"), // sorted by the decoded name
	})
	// Each shard lists the rules it ran (all three) and the findings of its
	// own files.
	s1 := log("objcleak/shard-1-of-3/", rules, []string{
		result("alpha", 0, "dir-x/C.m", 4, 4, "a in C"),
		result("beta", 1, "%C3%A9.m", 1, 1, "b in é"),
	})
	s2 := log("objcleak/shard-2-of-3/", rules, []string{
		result("beta", 1, "A.m", 3, 5, "b in A"),
		result("alpha", 0, "A.m", 9, 1, "a in A"),
		result("gamma", 2, "A.m", 9, 1, "g in A"),
		result("beta", 1, "z.m", 2, 1, "b in z"),
	})
	s3 := log("objcleak/shard-3-of-3/", rules, []string{
		result("alpha", 0, "dir%20x/B.h", 1, 2, "a in B"),
	})
	want := norm(t, whole)
	for _, order := range [][]string{{s1, s2, s3}, {s3, s1, s2}, {s2, s3, s1}} {
		out := mustMerge(t, Options{}, order...)
		equalBytes(t, out.Data, want)
		if out.Runs != 3 || out.Results != 7 || out.Duplicates != 0 || len(out.Warnings) != 0 {
			t.Errorf("stats = %d runs, %d results, %d duplicates, warnings %q", out.Runs, out.Results, out.Duplicates, out.Warnings)
		}
		validate(t, out.Data)
	}
	// One unsharded log merges into itself.
	equalBytes(t, mustMerge(t, Options{}, whole).Data, want)
}

func TestMergeRulesUnionAndRuleIndex(t *testing.T) {
	// A rule known to only one run (a rule descriptor objcleak adds for a
	// finding of a rule that did not run, such as an internal error).
	s1 := log("objcleak/shard-1-of-2/", []string{rule("beta"), rule("internal")}, []string{
		result("internal", 1, "a.m", 1, 1, "boom"),
		result("beta", 0, "a.m", 2, 1, "b"),
	})
	s2 := log("objcleak/shard-2-of-2/", []string{rule("alpha"), rule("beta")}, []string{
		result("beta", 1, "b.m", 1, 1, "b"),
		result("alpha", 0, "b.m", 2, 1, "a"),
		result("unknown", 7, "b.m", 3, 1, "no descriptor"),
	})
	out := mustMerge(t, Options{}, s1, s2)
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex *int
			}
		}
	}
	if err := json.Unmarshal(out.Data, &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range doc.Runs[0].Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, ",") != "alpha,beta,internal" {
		t.Errorf("rules = %v, want alpha,beta,internal", ids)
	}
	for _, r := range doc.Runs[0].Results {
		switch {
		case r.RuleID == "unknown":
			if r.RuleIndex != nil {
				t.Errorf("result of a rule without descriptor keeps ruleIndex %d", *r.RuleIndex)
			}
		case r.RuleIndex == nil || ids[*r.RuleIndex] != r.RuleID:
			t.Errorf("result of %s has ruleIndex %v", r.RuleID, r.RuleIndex)
		}
	}
	validate(t, out.Data)
}

func TestMergeDeduplicates(t *testing.T) {
	rules := []string{rule("alpha")}
	a := result("alpha", 0, "a.m", 1, 1, "a")
	b := result("alpha", 0, "b.h", 1, 1, "in a header")
	s1 := log("objcleak/shard-1-of-2/", rules, []string{a, b})
	s2 := log("objcleak/shard-2-of-2/", rules, []string{b})
	out := mustMerge(t, Options{}, s1, s2)
	if out.Results != 2 || out.Duplicates != 1 {
		t.Errorf("results %d, duplicates %d; want 2 and 1", out.Results, out.Duplicates)
	}
	equalBytes(t, out.Data, norm(t, log("", rules, []string{a, b})))

	// The same finding at another place is not a duplicate.
	moved := result("alpha", 0, "b.h", 2, 1, "in a header")
	moved = strings.Replace(moved, "alpha-b.h-2-1", "alpha-b.h-1-1", 1) // same fingerprint
	out = mustMerge(t, Options{}, s1, log("objcleak/shard-2-of-2/", rules, []string{moved}))
	if out.Results != 3 || out.Duplicates != 0 {
		t.Errorf("moved finding: results %d, duplicates %d; want 3 and 0", out.Results, out.Duplicates)
	}

	// Identical results within one run are kept: only runs duplicate each
	// other.
	out = mustMerge(t, Options{}, log("", rules, []string{a, a}))
	if out.Results != 2 || out.Duplicates != 0 {
		t.Errorf("within a run: results %d, duplicates %d; want 2 and 0", out.Results, out.Duplicates)
	}

	// Without fingerprints, the message tells findings apart.
	nofp := func(msg string) string {
		r := result("alpha", 0, "a.m", 1, 1, msg)
		return r[:strings.Index(r, `,"partialFingerprints"`)] + "}"
	}
	out = mustMerge(t, Options{}, log("objcleak/shard-1-of-2/", rules, []string{nofp("x")}), log("objcleak/shard-2-of-2/", rules, []string{nofp("x"), nofp("y")}))
	if out.Results != 2 || out.Duplicates != 1 {
		t.Errorf("without fingerprints: results %d, duplicates %d; want 2 and 1", out.Results, out.Duplicates)
	}
}

func TestMergeArtifacts(t *testing.T) {
	withArtifacts := func(id string, uris []string, results string) string {
		var arts []string
		for _, u := range uris {
			arts = append(arts, fmt.Sprintf(`{"location":{"uri":%q,"uriBaseId":"%%SRCROOT%%"}}`, u))
		}
		return fmt.Sprintf(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"objcleak","rules":[%s]}},"artifacts":[%s],"automationDetails":{"id":%q},"results":[%s]}]}`,
			rule("alpha"), strings.Join(arts, ","), id, results)
	}
	res := func(idx int, line int) string {
		return fmt.Sprintf(`{"ruleId":"alpha","ruleIndex":0,"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"index":%d},"region":{"startLine":%d}}}],"relatedLocations":[{"id":1,"physicalLocation":{"artifactLocation":{"index":%d}}}]}`, idx, line, idx)
	}
	s1 := withArtifacts("objcleak/shard-1-of-2/", []string{"b.m", "a.h"}, res(0, 1)+","+res(1, 2))
	s2 := withArtifacts("objcleak/shard-2-of-2/", []string{"a.h", "c.m"}, res(1, 3))
	out := mustMerge(t, Options{}, s2, s1)
	var doc struct {
		Runs []struct {
			Artifacts []struct{ Location struct{ URI string } }
			Results   []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ Index int }
						Region           struct{ StartLine int }
					}
				}
				RelatedLocations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ Index int } }
				}
			}
		}
	}
	if err := json.Unmarshal(out.Data, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	var uris []string
	for _, a := range run.Artifacts {
		uris = append(uris, a.Location.URI)
	}
	if strings.Join(uris, ",") != "b.m,a.h,c.m" {
		t.Fatalf("artifacts = %v, want b.m,a.h,c.m (shard 1's first)", uris)
	}
	var got []string
	for _, r := range run.Results {
		l := r.Locations[0].PhysicalLocation
		got = append(got, fmt.Sprintf("%s:%d", uris[l.ArtifactLocation.Index], l.Region.StartLine))
		if r.RelatedLocations[0].PhysicalLocation.ArtifactLocation.Index != l.ArtifactLocation.Index {
			t.Errorf("related location not renumbered with the location: %+v", r)
		}
	}
	// Sorted by file name: a.h before b.m before c.m.
	if strings.Join(got, " ") != "a.h:2 b.m:1 c.m:3" {
		t.Errorf("results at %v, want a.h:2 b.m:1 c.m:3", got)
	}
	validate(t, out.Data)
}

func TestMergeErrors(t *testing.T) {
	rules := []string{rule("alpha")}
	ok := log("", rules, nil)
	for _, tc := range []struct {
		name string
		logs []string
		want string
	}{
		{"nothing", nil, "no SARIF logs"},
		{"bad json", []string{ok, `{"version":`}, "shard2.sarif: not valid JSON: unexpected end"},
		{"trailing", []string{ok + "x"}, "shard1.sarif: not valid JSON: data after the end"},
		{"not an object", []string{`[1]`}, "shard1.sarif: not a SARIF log"},
		{"not sarif", []string{`{"a":1}`}, "shard1.sarif: not a SARIF log"},
		{"old version", []string{strings.Replace(ok, `"2.1.0"`, `"2.0.0"`, 1)}, `shard1.sarif: SARIF version "2.0.0", want 2.1.0`},
		{"no runs", []string{`{"version":"2.1.0","runs":[]}`}, "shard1.sarif: the log has no runs"},
		{"no tool", []string{`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`}, "shard1.sarif: runs[0] has no tool.driver.name"},
		{"results not array", []string{`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":{}}]}`}, "runs[0].results is not an array"},
		{"rule without id", []string{`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{}]}}}]}`}, "rules[0] is not a rule with an id"},
		{"other tool", []string{ok, strings.Replace(ok, `"name":"objcleak"`, `"name":"other"`, 1)}, "shard2.sarif: made by other 1.2.3, but shard1.sarif was made by objcleak 1.2.3"},
		{"other version", []string{ok, strings.Replace(ok, `"version":"1.2.3"`, `"version":"1.2.4"`, 1)}, "made by objcleak 1.2.4"},
		{"other category", []string{log("x/", rules, nil), log("y/", rules, nil)}, `shard2.sarif: automationDetails.id "y/", but shard1.sarif has "x/"`},
		{"shard and category", []string{log("objcleak/shard-1-of-1/", rules, nil), log("y/", rules, nil)}, "different analyses"},
		{"shard counts", []string{log("objcleak/shard-1-of-2/", rules, nil), log("objcleak/shard-2-of-3/", rules, nil)}, "shard2.sarif: shard 2 of 3, but shard1.sarif is shard 1 of 2"},
		{"missing shard", []string{log("objcleak/shard-1-of-3/", rules, nil), log("objcleak/shard-3-of-3/", rules, nil)}, "missing shard 2 of 3"},
		{"missing shards", []string{log("objcleak/shard-4-of-4/", rules, nil)}, "missing shards 1, 2, 3 of 4"},
		{"bad shard", []string{log("objcleak/shard-5-of-4/", rules, nil)}, "names shard 5 of only 4"},
	} {
		_, err := Merge(inputs(tc.logs...), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestMergeWarnings(t *testing.T) {
	rules := []string{rule("alpha")}
	s1 := log("objcleak/shard-1-of-3/", rules, []string{result("alpha", 0, "a.m", 1, 1, "a")})
	s3 := log("objcleak/shard-3-of-3/", rules, nil)
	out, err := Merge(inputs(s1, s3), Options{AllowPartial: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "missing shard 2 of 3") {
		t.Errorf("warnings = %q, want one about shard 2", out.Warnings)
	}
	if bytes.Contains(out.Data, []byte("automationDetails")) {
		t.Error("a merged log of shards has automationDetails")
	}

	elsewhere := strings.Replace(s3, "file:///src/", "file:///other/", 1)
	out = mustMerge(t, Options{AllowPartial: true}, s1, elsewhere, s1)
	joined := strings.Join(out.Warnings, "\n")
	for _, want := range []string{
		"shard2.sarif: originalUriBaseIds differ from shard1.sarif's (checked out in another directory?)",
		"shard 1 of 3 appears more than once (shard1.sarif, shard3.sarif)",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if out.Duplicates != 1 {
		t.Errorf("duplicates = %d, want 1", out.Duplicates)
	}
	if !bytes.Contains(out.Data, []byte("file:///src/")) {
		t.Error("the merged log does not keep the first shard's originalUriBaseIds")
	}

	changed := strings.Replace(s3, `"level":"warning"}}`, `"level":"error"}}`, 1)
	out = mustMerge(t, Options{AllowPartial: true}, s1, changed)
	if len(out.Warnings) < 2 || !strings.Contains(strings.Join(out.Warnings, "\n"), `rule "alpha" is described differently in shard1.sarif and shard2.sarif`) {
		t.Errorf("warnings = %q, want one about rule alpha", out.Warnings)
	}
}

func TestMergeKeepsCategory(t *testing.T) {
	rules := []string{rule("alpha")}
	a := log("objcleak/ios/", rules, []string{result("alpha", 0, "a.m", 1, 1, "a")})
	b := log("objcleak/ios/", rules, []string{result("alpha", 0, "b.m", 1, 1, "b")})
	out := mustMerge(t, Options{}, b, a)
	if !bytes.Contains(out.Data, []byte(`"id": "objcleak/ios/"`)) {
		t.Errorf("the common automationDetails.id is lost:\n%s", out.Data)
	}
	if bytes.Index(out.Data, []byte(`"a.m"`)) > bytes.Index(out.Data, []byte(`"b.m"`)) {
		t.Error("results are not sorted by file")
	}
}

func TestMergeMultiRunLog(t *testing.T) {
	rules := []string{rule("alpha")}
	r1 := log("objcleak/shard-1-of-2/", rules, []string{result("alpha", 0, "a.m", 1, 1, "a")})
	r2 := log("objcleak/shard-2-of-2/", rules, []string{result("alpha", 0, "b.m", 1, 1, "b")})
	// One log holding both runs.
	run := func(l string) string {
		i := strings.Index(l, `"runs":[`) + len(`"runs":[`)
		return l[i : len(l)-2]
	}
	both := `{"version":"2.1.0","runs":[` + run(r2) + "," + run(r1) + `]}`
	out := mustMerge(t, Options{}, both)
	if out.Runs != 2 || out.Results != 2 {
		t.Errorf("runs %d, results %d; want 2 and 2", out.Runs, out.Results)
	}
	validate(t, out.Data)
}

func TestPathOf(t *testing.T) {
	for in, want := range map[string]string{
		"a/b.m":                 "a/b.m",
		"dir%20x/%C3%A9.m":      "dir x/é.m",
		"file:///abs/x%23y.m":   "/abs/x#y.m",
		"file:///C:/src/a.m":    "C:/src/a.m",
		"bad%zz.m":              "bad%zz.m",
		"file://server/share/a": "server/share/a",
	} {
		if got := pathOf(in); got != want {
			t.Errorf("pathOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	// Escapes as encoding/json writes them, HTML characters unescaped.
	in := `{"b":"<a> & \u2028 \"q\" \\ \n \t é 正","a":[1,2.5,-3e10,true,false,{}],"c":{"z":[],"y":{"x":"1"}}}`
	v, err := decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := encode(&b, v); err != nil {
		t.Fatal(err)
	}
	want := `{"b":"<a> & \u2028 \"q\" \\ \n \t é 正","a":[1,2.5,-3e10,true,false,{}],"c":{"z":[],"y":{"x":"1"}}}`
	if b.String() != want {
		t.Errorf("round trip:\n got %s\nwant %s", b.String(), want)
	}
	if _, err := decode([]byte(`{"a":1,"a":2}`)); err == nil {
		t.Error("a duplicate member is accepted")
	}
}
