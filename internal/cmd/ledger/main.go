// Command ledger measures objcleak's precision on real projects against a
// triage ledger: findings judged by hand, as verdicts only (never code).
//
//	go run ./internal/cmd/ledger -corpus "$OBJCLEAK_CORPUS"
//	go run ./internal/cmd/ledger -corpus DIR1,DIR2 -sample 80 -seed 20261207
//
// The corpus is one or more directories (comma-separated) of projects,
// each in a sub-directory named owner+name, as ../shared/corpus/README.md
// lays them out. The ledger (testdata/ledger/ledger.tsv) has one judged
// finding a line:
//
//	project  path  line  rule  verdict  cause  sample
//
// with verdict one of true (a real bug a senior iOS engineer would fix),
// false (no bug) or broken-by-design (the cycle forms but the code breaks
// it on purpose); cause is a short free text; sample names the seeded
// sample the finding was drawn in ("s20261207" or "-"). Lines starting
// with # are comments.
//
// ledger lints every project (objcleak lint --format json --no-config),
// matches the findings to the ledger by (project, path, line, rule), and
// prints per rule: the findings, how many are judged, the verdicts and the
// strict precision (true / judged), for all projects and for those
// testdata/ledger/projects.tsv marks as not tuned on, and then per set of
// projects (the list's optional fifth column: the batch a project was
// added and judged in, e.g. a held-out set). It lists the judged
// true findings that are no longer reported (lost real bugs) and, with
// -unjudged, the findings nobody has judged; with -verdict false, the
// reported findings judged false, with their causes. With -sample N it draws a
// seeded random sample of N findings (half of them, at least, from
// untuned projects when there are enough) and prints them as ledger lines
// to fill in.
//
// With -samples it lints with --samples, so that findings in sample code
// (dropped by default) are counted too. With -recall FILE it measures
// recall instead (see recall.go).
//
// It builds objcleak from this checkout unless -bin names a binary. Lint
// results are kept in -cache (one JSON file per project, keyed by the
// binary's hash) so that re-reading the report is quick.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/objcleak/objcleak/analyzer"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ledger:", err)
		os.Exit(2)
	}
}

// finding is one diagnostic of a project.
type finding struct {
	Project string
	Path    string
	Line    int
	Rule    string
	Message string
	// Severity is the finding's severity (error, warning, note).
	Severity string
	Tuned    bool
	// Set is the project's set in projects.tsv (its fifth column, "" when
	// absent): the batch it was added and judged in.
	Set string
}

func (f finding) key() string {
	return f.Project + "\t" + f.Path + "\t" + strconv.Itoa(f.Line) + "\t" + f.Rule
}

// entry is one judged line of the ledger.
type entry struct {
	finding
	Verdict string
	Cause   string
	Sample  string
}

// Verdicts.
const (
	verdictTrue   = "true"
	verdictFalse  = "false"
	verdictBroken = "broken-by-design"
)

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("ledger", flag.ContinueOnError)
	corpus := fs.String("corpus", os.Getenv("OBJCLEAK_CORPUS"), "comma-separated `directories` of projects (owner+name sub-directories); default $OBJCLEAK_CORPUS")
	ledgerPath := fs.String("ledger", "testdata/ledger/ledger.tsv", "the triage ledger")
	projectsPath := fs.String("projects", "testdata/ledger/projects.tsv", "the projects list (repo, commit, tuned)")
	bin := fs.String("bin", "", "objcleak binary to run (default: build this checkout)")
	cacheDir := fs.String("cache", filepath.Join(os.TempDir(), "objcleak-ledger"), "where lint results are kept")
	sample := fs.Int("sample", 0, "draw a seeded random sample of `N` unjudged findings and print them as ledger lines")
	seed := fs.Uint64("seed", 20261207, "the sample's seed")
	unjudged := fs.Bool("unjudged", false, "list every finding nobody has judged")
	verdicts := fs.String("verdict", "", "list the reported findings judged with these comma-separated `verdicts` (true, false, broken-by-design), with their causes")
	only := fs.String("project", "", "only these comma-separated projects (owner/name)")
	recallPath := fs.String("recall", "", "measure recall instead: lint each fixed bug of this `file` (testdata/ledger/recall.tsv) at its parent and fix commits")
	mirrors := fs.String("mirrors", os.Getenv("OBJCLEAK_MIRRORS"), "with -recall: `directory` of the projects' git directories (owner+name/repo); default $OBJCLEAK_MIRRORS")
	verbose := fs.Bool("v", false, "with -recall: list the found bugs too")
	samples := fs.Bool("samples", false, "lint with --samples: findings in sample code too (dropped by default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpus == "" && *recallPath == "" {
		return errors.New("no corpus: set -corpus or $OBJCLEAK_CORPUS")
	}
	tuned, err := readProjects(*projectsPath)
	if err != nil {
		return err
	}
	led, err := readLedger(*ledgerPath)
	if err != nil {
		return err
	}
	exe := *bin
	if exe == "" {
		dir, err := os.MkdirTemp("", "ledger-bin")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		exe = filepath.Join(dir, "objcleak")
		cmd := exec.Command("go", "build", "-o", exe, "./cmd/objcleak")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building objcleak: %w", err)
		}
	}
	binHash, err := fileHash(exe)
	if err != nil {
		return err
	}
	l := &linter{exe: exe, binHash: binHash, cacheDir: *cacheDir}
	if *samples {
		l.args = append(l.args, "--samples")
	}
	if *recallPath != "" {
		return recall(out, *recallPath, *mirrors, l, *verbose)
	}
	want := map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		if p = strings.TrimSpace(p); p != "" {
			want[p] = true
		}
	}
	var all []finding
	linted := map[string]bool{} // the projects of this run
	for _, root := range strings.Split(*corpus, ",") {
		root = strings.TrimSpace(root)
		if root == "" {
			continue
		}
		dirs, err := os.ReadDir(root)
		if err != nil {
			return fmt.Errorf("reading corpus: %w", err)
		}
		for _, d := range dirs {
			if !d.IsDir() || !strings.Contains(d.Name(), "+") {
				continue
			}
			project := strings.Replace(d.Name(), "+", "/", 1)
			if len(want) > 0 && !want[project] {
				continue
			}
			linted[project] = true
			fs, err := l.project(filepath.Join(root, d.Name()), project)
			if err != nil {
				return err
			}
			p, known := tuned[project]
			if !known {
				fmt.Fprintf(os.Stderr, "ledger: %s is not in %s; counted as tuned on\n", project, *projectsPath)
				p.tuned = true
			}
			for i := range fs {
				fs[i].Tuned, fs[i].Set = p.tuned, p.set
			}
			all = append(all, fs...)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key() < all[j].key() })
	report(out, all, led, linted)
	if *unjudged {
		fmt.Fprintln(out, "\nFindings nobody has judged:")
		for _, f := range all {
			if _, ok := led[f.key()]; !ok {
				fmt.Fprintf(out, "%s\t%s\t%d\t%s\t%s\n", f.Project, f.Path, f.Line, f.Rule, f.Message)
			}
		}
	}
	if *verdicts != "" {
		want := map[string]bool{}
		for _, v := range strings.Split(*verdicts, ",") {
			want[strings.TrimSpace(v)] = true
		}
		fmt.Fprintf(out, "\nReported findings judged %s:\n", *verdicts)
		for _, f := range all {
			if e, ok := led[f.key()]; ok && want[e.Verdict] {
				fmt.Fprintf(out, "%s\t%s\t%d\t%s\t%s\t%s\n", f.Project, f.Path, f.Line, f.Rule, e.Verdict, e.Cause)
			}
		}
	}
	if *sample > 0 {
		fmt.Fprintf(out, "\nSeeded sample (seed %d) of unjudged findings, as ledger lines to complete:\n", *seed)
		for _, f := range drawSample(all, led, *sample, *seed) {
			fmt.Fprintf(out, "%s\t%s\t%d\t%s\t?\t?\ts%d\t# %s\n", f.Project, f.Path, f.Line, f.Rule, *seed, f.Message)
		}
	}
	return nil
}

// drawSample shuffles the unjudged findings with the seed and takes n of
// them, at least half from untuned projects when there are enough.
func drawSample(all []finding, led map[string]entry, n int, seed uint64) []finding {
	var tunedPool, newPool []finding
	for _, f := range all {
		if _, ok := led[f.key()]; ok {
			continue
		}
		if f.Tuned {
			tunedPool = append(tunedPool, f)
		} else {
			newPool = append(newPool, f)
		}
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(tunedPool), func(i, j int) { tunedPool[i], tunedPool[j] = tunedPool[j], tunedPool[i] })
	r.Shuffle(len(newPool), func(i, j int) { newPool[i], newPool[j] = newPool[j], newPool[i] })
	nNew := min((n+1)/2, len(newPool))
	nTuned := min(n-nNew, len(tunedPool))
	nNew = min(n-nTuned, len(newPool))
	out := append(append([]finding{}, newPool[:nNew]...), tunedPool[:nTuned]...)
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// counts are the verdicts of one rule's findings.
type counts struct {
	findings, judged, true_, false_, broken int
}

// add counts one finding, with its ledger entry when judged.
func (c *counts) add(e entry, judged bool) {
	c.findings++
	if !judged {
		return
	}
	c.judged++
	switch e.Verdict {
	case verdictTrue:
		c.true_++
	case verdictFalse:
		c.false_++
	case verdictBroken:
		c.broken++
	}
}

// plus adds o's counts to c.
func (c *counts) plus(o counts) {
	c.findings += o.findings
	c.judged += o.judged
	c.true_ += o.true_
	c.false_ += o.false_
	c.broken += o.broken
}

func (c counts) precision() string {
	if c.judged == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(c.true_)/float64(c.judged))
}

func report(out io.Writer, all []finding, led map[string]entry, linted map[string]bool) {
	byRule := map[string]*[2]counts{} // [all, untuned]
	reported := map[string]bool{}
	for _, f := range all {
		reported[f.key()] = true
		c := byRule[f.Rule]
		if c == nil {
			c = &[2]counts{}
			byRule[f.Rule] = c
		}
		sets := []int{0}
		if !f.Tuned {
			sets = append(sets, 1)
		}
		e, judged := led[f.key()]
		for _, s := range sets {
			c[s].add(e, judged)
		}
	}
	rules := make([]string, 0, len(byRule))
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tfindings\tjudged\ttrue\tfalse\tbroken\tprecision\t\tuntuned: findings\tjudged\ttrue\tprecision\t")
	var total [2]counts
	for _, r := range rules {
		c := byRule[r]
		for s := range 2 {
			total[s].plus(c[s])
		}
		row(tw, r, c)
	}
	row(tw, "all", &total)
	tw.Flush()
	bySet(out, all, led)
	// Judged true findings that are no longer reported: real bugs lost.
	var lost []entry
	for _, e := range led {
		if e.Verdict != verdictTrue || reported[e.key()] {
			continue
		}
		if !linted[e.Project] {
			continue
		}
		lost = append(lost, e)
	}
	sort.Slice(lost, func(i, j int) bool { return lost[i].key() < lost[j].key() })
	fmt.Fprintf(out, "\n%d judged true findings are no longer reported", len(lost))
	if len(lost) > 0 {
		fmt.Fprint(out, " (a real bug lost, or reported at another line):")
	}
	fmt.Fprintln(out)
	for _, e := range lost {
		fmt.Fprintf(out, "  %s %s:%d [%s] %s\n", e.Project, e.Path, e.Line, e.Rule, e.Cause)
	}
}

// bySet prints, for sample code against the rest, per severity and per set
// of projects (projects.tsv's fifth column), the findings, the judged ones and the
// strict precision: held-out sets judged before any rule changed because
// of them are the honest figures.
func bySet(out io.Writer, all []finding, led map[string]entry) {
	sets := map[string]*counts{}
	var names []string
	add := func(name string, f finding) {
		c := sets[name]
		if c == nil {
			c = &counts{}
			sets[name] = c
			names = append(names, name)
		}
		e, judged := led[f.key()]
		c.add(e, judged)
	}
	for _, f := range all {
		if f.Set != "" {
			add(f.Set, f)
		}
		// Sample, demo and example code (analyzer.IsSamplePath) apart
		// from the rest: its findings are judged far less often real bugs.
		if analyzer.IsSamplePath(f.Path) {
			add("(sample code)", f)
		} else {
			add("(not sample code)", f)
		}
		// By severity: a note says less, at lower severity (a leak
		// bounded to once per process); errors and warnings are what CI
		// fails on.
		if f.Severity != "" {
			add("(severity "+f.Severity+")", f)
		}
	}
	sort.Strings(names)
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tfindings\tjudged\ttrue\tfalse\tbroken\tprecision\t")
	for _, n := range names {
		c := sets[n]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", n, c.findings, c.judged, c.true_, c.false_, c.broken, c.precision())
	}
	tw.Flush()
}

func row(tw io.Writer, name string, c *[2]counts) {
	fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\t%d\t%d\t%d\t%s\t\n", name,
		c[0].findings, c[0].judged, c[0].true_, c[0].false_, c[0].broken, c[0].precision(),
		c[1].findings, c[1].judged, c[1].true_, c[1].precision())
}

// linter runs one objcleak binary with the same flags on every project
// and keeps its results in cacheDir, under the binary's hash.
type linter struct {
	exe, binHash, cacheDir string
	args                   []string // added to every lint (-samples: --samples)
}

// diag is one diagnostic of objcleak's JSON output.
type diag struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Related  []struct {
		Path string `json:"path"`
		Line int    `json:"line"`
	} `json:"related"`
}

// project runs objcleak on one project (or reads the kept result).
func (l *linter) project(dir, project string) ([]finding, error) {
	ds, err := l.lint(dir, project)
	if err != nil {
		return nil, err
	}
	var out []finding
	for _, d := range ds {
		out = append(out, finding{Project: project, Path: d.Path, Line: d.Line, Rule: d.Rule, Message: d.Message, Severity: d.Severity})
	}
	return out, nil
}

// lint runs objcleak on dir, whose findings are kept under key, and
// returns them without the parse notes (they say where the code could not
// be read: not findings to judge).
func (l *linter) lint(dir, key string) ([]diag, error) {
	cache := filepath.Join(l.cacheDir, l.binHash[:16], strings.ReplaceAll(key, "/", "+")+strings.Join(l.args, "")+".json")
	data, err := os.ReadFile(cache)
	if err != nil {
		args := append([]string{"lint", "-q", "--no-config", "--format", "json", "--root", dir}, l.args...)
		cmd := exec.Command(l.exe, append(args, dir)...)
		cmd.Stderr = os.Stderr
		data, err = cmd.Output()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
			return nil, fmt.Errorf("linting %s: %w", key, err)
		}
		if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(cache, data, 0o644); err != nil {
			return nil, err
		}
	}
	var res struct {
		Diagnostics []diag `json:"diagnostics"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("reading the findings of %s: %w", key, err)
	}
	out := res.Diagnostics[:0]
	for _, d := range res.Diagnostics {
		if d.Rule != "parse" {
			out = append(out, d)
		}
	}
	return out, nil
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// project is one line of the projects list.
type project struct {
	tuned bool
	set   string
}

// readProjects reads the projects list: repo, commit, tuned (yes/no),
// kind and, optionally, the set the project was added in.
func readProjects(path string) (map[string]project, error) {
	out := map[string]project{}
	err := readTSV(path, func(line int, cols []string) error {
		if len(cols) < 3 {
			return fmt.Errorf("%s:%d: want repo, commit, tuned", path, line)
		}
		if cols[0] == "repo" {
			return nil
		}
		p := project{tuned: cols[2] == "yes"}
		if len(cols) > 4 {
			p.set = cols[4]
		}
		out[cols[0]] = p
		return nil
	})
	return out, err
}

// readLedger reads the judged findings, keyed by finding.key.
func readLedger(path string) (map[string]entry, error) {
	out := map[string]entry{}
	err := readTSV(path, func(line int, cols []string) error {
		if len(cols) < 6 {
			return fmt.Errorf("%s:%d: want project, path, line, rule, verdict, cause[, sample]", path, line)
		}
		if cols[0] == "project" {
			return nil
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil {
			return fmt.Errorf("%s:%d: line %q is not a number", path, line, cols[2])
		}
		e := entry{finding: finding{Project: cols[0], Path: cols[1], Line: n, Rule: cols[3]}, Verdict: cols[4], Cause: cols[5]}
		if len(cols) > 6 {
			e.Sample = cols[6]
		}
		switch e.Verdict {
		case verdictTrue, verdictFalse, verdictBroken:
		default:
			return fmt.Errorf("%s:%d: verdict %q is not true, false or broken-by-design", path, line, e.Verdict)
		}
		if _, dup := out[e.key()]; dup {
			return fmt.Errorf("%s:%d: %s is judged twice", path, line, e.key())
		}
		out[e.key()] = e
		return nil
	})
	return out, err
}

func readTSV(path string, fn func(line int, cols []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if i := strings.Index(text, "\t#"); i >= 0 {
			text = text[:i] // a trailing comment (the sample's message)
		}
		if err := fn(n, strings.Split(text, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}
