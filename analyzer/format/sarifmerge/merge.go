// Package sarifmerge combines SARIF logs into one log with one run: the
// outputs of `objcleak lint --shard i/n --format sarif` into the log that
// one unsharded run writes.
//
// Merge takes the logs' runs (each log may hold several) and checks that
// they belong together: the same tool name and version (an error
// otherwise: rules, messages and fingerprints change between versions),
// the same analysis (runs[].automationDetails.id, shard ids aside), and,
// when they are shards, every shard of the same count. The merged run is
// built from the first run in shard order (the lowest shard number; runs
// that are not shards come first, in argument order):
//
//   - tool.driver.rules: the union of the runs' rules by id, sorted by id
//     as objcleak writes them; every result's ruleIndex (and rule.index) is
//     recomputed for the merged list.
//   - results: all runs' results, without duplicates, stably sorted the
//     way `objcleak lint` sorts findings: by file (the location's path
//     relative to %SRCROOT%, percent-decoded), start line, start column,
//     rule id and message text. Results without a location come first.
//     A result is a duplicate when an earlier run (in shard order) has a
//     result with the same rule id, partialFingerprints and primary
//     physical location (and, when it has no partialFingerprints, the
//     same message text). Results within one run are never dropped.
//   - artifacts: the union by location, when any run has artifacts; the
//     artifact indexes results point at are renumbered.
//   - invocations: the distinct invocations of the runs, in run order (one
//     for objcleak's shards, which write identical invocations).
//   - automationDetails: dropped when the runs are shards
//     ("objcleak/shard-I-of-N/", analyzer.Shard.AutomationID) or have none,
//     as an unsharded run writes none; otherwise the common one is kept.
//   - Every other member (originalUriBaseIds, columnKind, $schema, …) is
//     the first run's; a run where one differs gets a warning (shards that
//     ran in different checkout directories have different
//     originalUriBaseIds).
//
// The output is encoded as objcleak's SARIF writer encodes (members in
// their input order, two-space indentation, no HTML escaping, final
// newline), so merging the shards of a run gives, byte for byte, the log
// that the unsharded run writes.
package sarifmerge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Input is one SARIF log to merge.
type Input struct {
	// Name names the log in messages (its file name).
	Name string
	Data []byte
}

// Options control Merge.
type Options struct {
	// AllowPartial merges the shards of a run even when some are missing
	// (with a warning). Without it, a missing shard is an error: the
	// merged log would lack that shard's findings, and code scanning would
	// close their alerts as fixed.
	AllowPartial bool
}

// Output is a merged log.
type Output struct {
	// Data is the merged SARIF log.
	Data []byte
	// Warnings describe inconsistencies that did not stop the merge.
	Warnings []string
	// Runs is the number of runs merged; Results the number of results
	// written; Duplicates the number of results dropped as duplicates.
	Runs, Results, Duplicates int
}

// sarifVersion is the only SARIF version merged.
const sarifVersion = "2.1.0"

// shardID matches analyzer.Shard.AutomationID.
var shardID = regexp.MustCompile(`^objcleak/shard-([1-9][0-9]*)-of-([1-9][0-9]*)/$`)

// inRun is one run of one input log.
type inRun struct {
	name     string // "a.sarif", or "a.sarif (run 2)"
	order    int    // position among all input runs
	log      *object
	run      *object
	shard    int // shard number, 0 when not a shard
	of       int // shard count
	category string
	tool     string // "name version"
	rules    []*object
}

// Merge combines the runs of inputs into one SARIF log with one run (see
// the package documentation). Errors name the input they are about.
func Merge(inputs []Input, opts Options) (*Output, error) {
	if len(inputs) == 0 {
		return nil, errors.New("no SARIF logs to merge")
	}
	var runs []*inRun
	for _, in := range inputs {
		rs, err := readLog(in, len(runs))
		if err != nil {
			return nil, err
		}
		runs = append(runs, rs...)
	}
	out := &Output{Runs: len(runs)}
	warn := func(format string, args ...any) { out.Warnings = append(out.Warnings, fmt.Sprintf(format, args...)) }
	if err := checkRuns(runs, opts, warn); err != nil {
		return nil, err
	}
	sort.SliceStable(runs, func(i, j int) bool {
		if runs[i].shard != runs[j].shard {
			return runs[i].shard < runs[j].shard
		}
		return runs[i].order < runs[j].order
	})
	first := runs[0]
	merged := first.run.clone()
	compareMembers(runs, warn)

	// Rules: union by id, sorted by id.
	ruleByID := map[string]*object{}
	ruleFrom := map[string]string{}
	var ruleIDs []string
	for _, r := range runs {
		for _, rd := range r.rules {
			id := rd.str("id")
			if prev, ok := ruleByID[id]; ok {
				if canonical(prev) != canonical(rd) {
					warn("rule %q is described differently in %s and %s (different versions or configurations?); the merged log keeps %s's", id, ruleFrom[id], r.name, ruleFrom[id])
				}
				continue
			}
			ruleByID[id] = rd
			ruleFrom[id] = r.name
			ruleIDs = append(ruleIDs, id)
		}
	}
	sort.Strings(ruleIDs)
	ruleIndex := make(map[string]int, len(ruleIDs))
	rules := make([]any, len(ruleIDs))
	for i, id := range ruleIDs {
		ruleIndex[id] = i
		rules[i] = ruleByID[id]
	}
	tool := first.run.obj("tool").clone()
	driver := tool.obj("driver").clone()
	if len(rules) > 0 || driver.has("rules") {
		driver.set("rules", rules)
	}
	tool.set("driver", driver)
	merged.set("tool", tool)

	// Artifacts and invocations, with each run's old-to-new index maps.
	artifacts, artifactMaps := mergeArtifacts(runs)
	if artifacts != nil {
		merged.setAfter("artifacts", artifacts, "tool")
	} else {
		merged.del("artifacts")
	}
	invocations, invocationMaps := mergeInvocations(runs)
	if invocations != nil {
		merged.setAfter("invocations", invocations, "artifacts", "tool")
	}
	if first.category == "" {
		merged.del("automationDetails")
	}

	// Results.
	type keyed struct {
		res  *object
		sort sortKey
	}
	var results []keyed
	seen := map[string]int{} // dedupe key -> run position
	for ri, r := range runs {
		for _, v := range r.run.arr("results") {
			res := v.(*object).clone()
			fixRuleIndex(res, r.rules, ruleIndex)
			if m := artifactMaps[ri]; m != nil {
				remapArtifacts(res, m)
			}
			if m := invocationMaps[ri]; m != nil {
				if i, ok := res.integer("invocationIndex"); ok && i >= 0 && i < len(m) {
					res.set("invocationIndex", json.Number(strconv.Itoa(m[i])))
				}
			}
			k := dedupeKey(res)
			if at, ok := seen[k]; ok && at != ri {
				out.Duplicates++
				continue
			}
			seen[k] = ri
			results = append(results, keyed{res, sortKeyOf(res, artifacts)})
		}
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].sort.less(results[j].sort) })
	list := make([]any, len(results))
	for i, k := range results {
		list[i] = k.res
	}
	if len(list) > 0 || merged.has("results") {
		merged.set("results", list)
	}
	out.Results = len(list)

	log := first.log.clone()
	log.set("runs", []any{merged})
	var compact bytes.Buffer
	if err := encode(&compact, log); err != nil {
		return nil, fmt.Errorf("encoding the merged log: %w", err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("encoding the merged log: %w", err)
	}
	buf.WriteByte('\n')
	out.Data = buf.Bytes()
	return out, nil
}

// readLog parses one input and returns its runs, numbered from order.
func readLog(in Input, order int) ([]*inRun, error) {
	v, err := decode(in.Data)
	if err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %w", in.Name, err)
	}
	log, ok := v.(*object)
	if !ok {
		return nil, fmt.Errorf("%s: not a SARIF log: the document is not a JSON object", in.Name)
	}
	if !log.has("version") && !log.has("runs") {
		return nil, fmt.Errorf("%s: not a SARIF log: no \"version\" and no \"runs\"", in.Name)
	}
	if ver, _ := log.get("version").(string); ver != sarifVersion {
		return nil, fmt.Errorf("%s: SARIF version %s, want %s", in.Name, describe(log.get("version")), sarifVersion)
	}
	runs, ok := log.get("runs").([]any)
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: not a SARIF log: \"runs\" is missing or not an array", in.Name)
	case len(runs) == 0:
		return nil, fmt.Errorf("%s: the log has no runs", in.Name)
	}
	var out []*inRun
	for i, rv := range runs {
		name := in.Name
		if len(runs) > 1 {
			name = fmt.Sprintf("%s (run %d)", in.Name, i+1)
		}
		run, ok := rv.(*object)
		if !ok {
			return nil, fmt.Errorf("%s: runs[%d] is not an object", in.Name, i)
		}
		r := &inRun{name: name, order: order + i, log: log, run: run}
		driver := run.obj("tool").obj("driver")
		toolName := driver.str("name")
		if toolName == "" {
			return nil, fmt.Errorf("%s: runs[%d] has no tool.driver.name", in.Name, i)
		}
		ver := driver.str("version")
		if ver == "" {
			ver = driver.str("semanticVersion")
		}
		r.tool = strings.TrimSpace(toolName + " " + ver)
		if driver.has("rules") {
			rules, ok := driver.get("rules").([]any)
			if !ok {
				return nil, fmt.Errorf("%s: runs[%d].tool.driver.rules is not an array", in.Name, i)
			}
			for j, rd := range rules {
				o, ok := rd.(*object)
				if !ok || o.str("id") == "" {
					return nil, fmt.Errorf("%s: runs[%d].tool.driver.rules[%d] is not a rule with an id", in.Name, i, j)
				}
				r.rules = append(r.rules, o)
			}
		}
		if run.has("results") {
			results, ok := run.get("results").([]any)
			if !ok {
				return nil, fmt.Errorf("%s: runs[%d].results is not an array", in.Name, i)
			}
			for j, res := range results {
				if _, ok := res.(*object); !ok {
					return nil, fmt.Errorf("%s: runs[%d].results[%d] is not an object", in.Name, i, j)
				}
			}
		}
		if run.has("artifacts") {
			arts, ok := run.get("artifacts").([]any)
			if !ok {
				return nil, fmt.Errorf("%s: runs[%d].artifacts is not an array", in.Name, i)
			}
			for j, a := range arts {
				if _, ok := a.(*object); !ok {
					return nil, fmt.Errorf("%s: runs[%d].artifacts[%d] is not an object", in.Name, i, j)
				}
			}
		}
		id := run.obj("automationDetails").str("id")
		if m := shardID.FindStringSubmatch(id); m != nil {
			r.shard, _ = strconv.Atoi(m[1])
			r.of, _ = strconv.Atoi(m[2])
		}
		if r.shard == 0 {
			r.category = id
		}
		if r.shard > r.of {
			return nil, fmt.Errorf("%s: automationDetails.id %q names shard %d of only %d", in.Name, id, r.shard, r.of)
		}
		out = append(out, r)
	}
	return out, nil
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "missing"
	case string:
		return strconv.Quote(v)
	}
	return canonical(v)
}

// checkRuns refuses runs that do not belong together.
func checkRuns(runs []*inRun, opts Options, warn func(string, ...any)) error {
	first := runs[0]
	for _, r := range runs[1:] {
		if r.tool != first.tool {
			return fmt.Errorf("%s: made by %s, but %s was made by %s; merge only the outputs of one version of one tool", r.name, r.tool, first.name, first.tool)
		}
		if r.category != first.category {
			return fmt.Errorf("%s: automationDetails.id %q, but %s has %q: they are different analyses (code scanning categories); merge only the shards of one", r.name, r.category, first.name, first.category)
		}
	}
	count := 0
	var counted *inRun
	byShard := map[int][]string{}
	for _, r := range runs {
		if r.shard == 0 {
			continue
		}
		if count == 0 {
			count, counted = r.of, r
		} else if r.of != count {
			return fmt.Errorf("%s: shard %d of %d, but %s is shard %d of %d; merge the shards of one run", r.name, r.shard, r.of, counted.name, counted.shard, counted.of)
		}
		byShard[r.shard] = append(byShard[r.shard], r.name)
	}
	if count == 0 {
		return nil
	}
	var missing []string
	for i := 1; i <= count; i++ {
		switch names := byShard[i]; {
		case len(names) == 0:
			missing = append(missing, strconv.Itoa(i))
		case len(names) > 1:
			warn("shard %d of %d appears more than once (%s); duplicate findings are dropped", i, count, strings.Join(names, ", "))
		}
	}
	if len(missing) > 0 {
		what, its := "shard "+missing[0], "its"
		if len(missing) > 1 {
			what, its = "shards "+strings.Join(missing, ", "), "their"
		}
		if !opts.AllowPartial {
			return fmt.Errorf("missing %s of %d: the merged log would lack %s findings, and code scanning would close those alerts as fixed; pass every shard's log (or --allow-partial)", what, count, its)
		}
		warn("missing %s of %d: the merged log lacks %s findings", what, count, its)
	}
	return nil
}

// compareMembers warns about run members (other than those Merge combines)
// that differ from the first run's.
func compareMembers(runs []*inRun, warn func(string, ...any)) {
	combined := map[string]bool{"results": true, "artifacts": true, "invocations": true, "automationDetails": true, "tool": true}
	first := runs[0]
	keys := func(o *object) []string {
		var ks []string
		for _, k := range o.keys {
			if !combined[k] {
				ks = append(ks, k)
			}
		}
		return ks
	}
	toolWithoutRules := func(r *inRun) string {
		t := r.run.obj("tool")
		if t == nil {
			return ""
		}
		t = t.clone()
		if d := t.obj("driver"); d != nil {
			d = d.clone()
			d.del("rules")
			t.set("driver", d)
		}
		return canonical(t)
	}
	for _, r := range runs[1:] {
		var differ []string
		seen := map[string]bool{}
		for _, k := range append(keys(first.run), keys(r.run)...) {
			if seen[k] {
				continue
			}
			seen[k] = true
			if canonical(first.run.get(k)) != canonical(r.run.get(k)) || first.run.has(k) != r.run.has(k) {
				differ = append(differ, k)
			}
		}
		if toolWithoutRules(first) != toolWithoutRules(r) {
			differ = append(differ, "tool")
		}
		if len(differ) > 0 {
			hint := ""
			if contains(differ, "originalUriBaseIds") {
				hint = " (checked out in another directory?)"
			}
			warn("%s: %s differ from %s's%s; the merged log keeps %s's", r.name, strings.Join(differ, ", "), first.name, hint, first.name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mergeArtifacts returns the union of the runs' artifacts by location and,
// per run, the new index of each of its artifacts. It returns nil when no
// run has artifacts.
func mergeArtifacts(runs []*inRun) ([]any, [][]int) {
	have := false
	for _, r := range runs {
		if r.run.has("artifacts") {
			have = true
		}
	}
	if !have {
		return nil, make([][]int, len(runs))
	}
	var out []any
	byKey := map[string]int{}
	maps := make([][]int, len(runs))
	for ri, r := range runs {
		arts := r.run.arr("artifacts")
		m := make([]int, len(arts))
		var added []*object
		for j, a := range arts {
			ao := a.(*object)
			loc := ao.obj("location")
			if loc != nil {
				loc = loc.clone()
				loc.del("index")
			}
			k := canonical(loc)
			if loc == nil {
				k = canonical(ao) // no location: only identical artifacts are one
			}
			if at, ok := byKey[k]; ok {
				m[j] = at
				continue
			}
			c := ao.clone()
			byKey[k] = len(out)
			m[j] = len(out)
			out = append(out, c)
			added = append(added, c)
		}
		for _, c := range added {
			if p, ok := c.integer("parentIndex"); ok && p >= 0 && p < len(m) {
				c.set("parentIndex", json.Number(strconv.Itoa(m[p])))
			}
			if loc := c.obj("location"); loc != nil {
				if i, ok := loc.integer("index"); ok && i >= 0 && i < len(m) {
					loc = loc.clone()
					loc.set("index", json.Number(strconv.Itoa(m[i])))
					c.set("location", loc)
				}
			}
		}
		maps[ri] = m
	}
	if out == nil {
		out = []any{}
	}
	return out, maps
}

// remapArtifacts renumbers, in place, the artifact indexes of the
// artifact locations below v.
func remapArtifacts(v any, m []int) {
	switch v := v.(type) {
	case *object:
		for _, k := range v.keys {
			child := v.vals[k]
			if k == "artifactLocation" || k == "analysisTarget" {
				if loc, ok := child.(*object); ok {
					if i, ok := loc.integer("index"); ok && i >= 0 && i < len(m) {
						loc = loc.clone()
						loc.set("index", json.Number(strconv.Itoa(m[i])))
						v.vals[k] = loc
						child = loc
					}
				}
			}
			// Results are cloned shallowly: copy what is changed below.
			switch c := child.(type) {
			case *object:
				c = c.clone()
				v.vals[k] = c
				remapArtifacts(c, m)
			case []any:
				c = append([]any(nil), c...)
				v.vals[k] = c
				remapArtifacts(c, m)
			}
		}
	case []any:
		for i, e := range v {
			switch c := e.(type) {
			case *object:
				c = c.clone()
				v[i] = c
				remapArtifacts(c, m)
			case []any:
				c = append([]any(nil), c...)
				v[i] = c
				remapArtifacts(c, m)
			}
		}
	}
}

// mergeInvocations returns the distinct invocations of the runs, in run
// order, and per run the new index of each of its invocations; nil when no
// run has invocations.
func mergeInvocations(runs []*inRun) ([]any, [][]int) {
	var out []any
	byKey := map[string]int{}
	maps := make([][]int, len(runs))
	for ri, r := range runs {
		invs := r.run.arr("invocations")
		m := make([]int, len(invs))
		for j, inv := range invs {
			k := canonical(inv)
			at, ok := byKey[k]
			if !ok {
				at = len(out)
				byKey[k] = at
				out = append(out, inv)
			}
			m[j] = at
		}
		maps[ri] = m
	}
	return out, maps
}

// fixRuleIndex points res's ruleIndex (and rule.index) at its rule in the
// merged list, or removes it when the merged list does not have the rule.
func fixRuleIndex(res *object, old []*object, index map[string]int) {
	id := res.str("ruleId")
	ref := res.obj("rule")
	if id == "" {
		id = ref.str("id")
	}
	oldIdx, hasIdx := res.integer("ruleIndex")
	if !hasIdx {
		oldIdx, hasIdx = ref.integer("index")
	}
	if hasIdx && oldIdx >= 0 && oldIdx < len(old) {
		id = old[oldIdx].str("id") // the descriptor of a hierarchical ruleId
	}
	newIdx, known := index[id]
	set := func(o *object) {
		if known {
			o.set("ruleIndex", json.Number(strconv.Itoa(newIdx)))
		} else {
			o.del("ruleIndex")
		}
	}
	if res.has("ruleIndex") {
		set(res)
	}
	if ref != nil && ref.has("index") {
		ref = ref.clone()
		if known {
			ref.set("index", json.Number(strconv.Itoa(newIdx)))
		} else {
			ref.del("index")
		}
		res.set("rule", ref)
	}
}

// dedupeKey identifies a finding across runs: rule id, partial
// fingerprints and primary physical location (and the message when there
// are no fingerprints).
func dedupeKey(res *object) string {
	id := res.str("ruleId")
	if id == "" {
		id = res.obj("rule").str("id")
	}
	var loc any
	if locs := res.arr("locations"); len(locs) > 0 {
		if l, ok := locs[0].(*object); ok {
			loc = l.get("physicalLocation")
		}
	}
	k := id + "\x00" + canonical(res.get("partialFingerprints")) + "\x00" + canonical(loc)
	if !res.has("partialFingerprints") {
		k += "\x00" + res.obj("message").str("text")
	}
	return k
}

// sortKey orders results as `objcleak lint` orders findings.
type sortKey struct {
	file         string
	line, column int
	rule, text   string
}

func (a sortKey) less(b sortKey) bool {
	if a.file != b.file {
		return a.file < b.file
	}
	if a.line != b.line {
		return a.line < b.line
	}
	if a.column != b.column {
		return a.column < b.column
	}
	if a.rule != b.rule {
		return a.rule < b.rule
	}
	return a.text < b.text
}

func sortKeyOf(res *object, artifacts []any) sortKey {
	k := sortKey{rule: res.str("ruleId"), text: res.obj("message").str("text")}
	if k.rule == "" {
		k.rule = res.obj("rule").str("id")
	}
	locs := res.arr("locations")
	if len(locs) == 0 {
		return k
	}
	l, _ := locs[0].(*object)
	pl := l.obj("physicalLocation")
	al := pl.obj("artifactLocation")
	uri := al.str("uri")
	if uri == "" {
		if i, ok := al.integer("index"); ok && i >= 0 && i < len(artifacts) {
			if a, ok := artifacts[i].(*object); ok {
				uri = a.obj("location").str("uri")
			}
		}
	}
	k.file = pathOf(uri)
	region := pl.obj("region")
	k.line, _ = region.integer("startLine")
	k.column, _ = region.integer("startColumn")
	return k
}

// pathOf returns the file path of a SARIF artifact URI as objcleak prints
// it: relative URIs and file URIs percent-decoded, with the separators of
// this system (objcleak sorts findings by the file name it reads).
func pathOf(uri string) string {
	p := uri
	if rest, ok := strings.CutPrefix(p, "file://"); ok {
		p = rest
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/x
			p = p[1:]
		}
	}
	if d, err := url.PathUnescape(p); err == nil {
		p = d
	}
	return filepath.FromSlash(p)
}
