package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// bug is one line of the recall set (testdata/ledger/recall.tsv): a real
// memory bug a public project fixed, located at the fix's parent commit
// (where objcleak should report it) and at the fix commit (where it should
// not any more).
type bug struct {
	Project         string
	Fix, Parent     string
	ParentPath      string
	ParentLines     [2]int
	FixPath         string
	FixLines        [2]int
	Rules           []string
	Kind            string
	Confidence      string
	Description     string
	line            int // in recall.tsv
	caught, related bool
	other           string // a finding of another rule at the lines
	stillFlagged    bool
}

// readRecall reads the recall set.
func readRecall(file string) ([]*bug, error) {
	var out []*bug
	err := readTSV(file, func(line int, cols []string) error {
		if cols[0] == "project" {
			return nil
		}
		if len(cols) < 11 {
			return fmt.Errorf("%s:%d: want project, fix, parent, path, lines, fixed path, fixed lines, rules, kind, confidence, description", file, line)
		}
		b := &bug{Project: cols[0], Fix: cols[1], Parent: cols[2], ParentPath: cols[3], FixPath: cols[5],
			Rules: strings.Split(cols[7], ","), Kind: cols[8], Confidence: cols[9], Description: cols[10], line: line}
		var err error
		if b.ParentLines, err = lineRange(cols[4]); err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		if b.FixLines, err = lineRange(cols[6]); err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		for _, sha := range []string{b.Fix, b.Parent} {
			if len(sha) != 40 {
				return fmt.Errorf("%s:%d: %q is not a full commit hash", file, line, sha)
			}
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// lineRange reads "a-b" or "a".
func lineRange(s string) ([2]int, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		hi = lo
	}
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil || a <= 0 || b < a {
		return [2]int{}, fmt.Errorf("line range %q is not a-b", s)
	}
	return [2]int{a, b}, nil
}

// recallTree returns a directory holding the project's Objective-C
// sources (and the build settings and nibs the linter reads) at commit,
// written from the mirror's git directory once and kept in cacheDir.
func recallTree(mirrors, cacheDir, project, commit string) (string, error) {
	name := strings.Replace(project, "/", "+", 1)
	dir := filepath.Join(cacheDir, "trees", name+"@"+commit[:12])
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	gitDir := filepath.Join(mirrors, name, "repo")
	if _, err := os.Stat(filepath.Join(gitDir, ".git")); err == nil {
		gitDir = filepath.Join(gitDir, ".git")
	}
	ls, err := exec.Command("git", "--git-dir", gitDir, "ls-tree", "-r", "-z", commit).Output()
	if err != nil {
		return "", fmt.Errorf("listing %s at %s in %s: %w", project, commit, gitDir, err)
	}
	// Regular files with the extensions the corpus keeps; symlinks (mode
	// 120000) and submodules (160000) are left out, as in the corpus.
	var paths, objects []string
	for _, rec := range bytes.Split(ls, []byte{0}) {
		meta, p, ok := strings.Cut(string(rec), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") || !corpusFile(p) {
			continue
		}
		paths, objects = append(paths, p), append(objects, f[2])
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	cmd := exec.Command("git", "--git-dir", gitDir, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(objects, "\n") + "\n")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	r := bufio.NewReaderSize(stdout, 1<<20)
	for _, p := range paths {
		header, err := r.ReadString('\n')
		if err != nil {
			return "", fmt.Errorf("reading %s from %s: %w", p, gitDir, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			return "", fmt.Errorf("reading %s from %s: unexpected %q", p, gitDir, header)
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return "", fmt.Errorf("reading %s from %s: %w", p, gitDir, err)
		}
		data := make([]byte, size+1) // and the newline after the content
		if _, err := io.ReadFull(r, data); err != nil {
			return "", fmt.Errorf("reading %s from %s: %w", p, gitDir, err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(dst, data[:size], 0o644); err != nil {
			return "", err
		}
	}
	if err := cmd.Wait(); err != nil {
		return "", fmt.Errorf("git cat-file in %s: %w", gitDir, err)
	}
	return dir, os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
}

// corpusFile reports whether the corpus keeps a file: sources, headers,
// build settings, nibs and property lists.
func corpusFile(p string) bool {
	switch strings.ToLower(strings.TrimPrefix(path.Ext(p), ".")) {
	case "m", "mm", "h", "c", "pch", "xcconfig", "pbxproj", "xib", "storyboard", "swift", "plist":
		return true
	}
	return false
}

// recall lints each bug's project at the parent and the fix commits and
// prints which bugs are found at their lines and which fixes are still
// flagged.
func recall(out io.Writer, file, mirrors string, l *linter, verbose bool) error {
	bugs, err := readRecall(file)
	if err != nil {
		return err
	}
	if len(bugs) == 0 {
		return fmt.Errorf("%s: no bugs", file)
	}
	if mirrors == "" {
		return errors.New("no mirrors: set -mirrors or $OBJCLEAK_MIRRORS (git directories as owner+name/repo)")
	}
	lint := func(project, commit string) ([]diag, error) {
		dir, err := recallTree(mirrors, l.cacheDir, project, commit)
		if err != nil {
			return nil, err
		}
		return l.lint(dir, project+"@"+commit[:12])
	}
	for _, b := range bugs {
		ds, err := lint(b.Project, b.Parent)
		if err != nil {
			return err
		}
		for _, d := range ds {
			primary := d.Path == b.ParentPath && in(d.Line, b.ParentLines)
			rel := false
			for _, r := range d.Related {
				rel = rel || (r.Path == b.ParentPath && in(r.Line, b.ParentLines))
			}
			switch {
			case !primary && !rel:
			case !expected(b.Rules, d.Rule):
				if b.other == "" {
					b.other = d.Rule
				}
			case primary:
				b.caught = true
			default:
				b.related = true
			}
		}
		ds, err = lint(b.Project, b.Fix)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Path == b.FixPath && in(d.Line, b.FixLines) && expected(b.Rules, d.Rule) {
				b.stillFlagged = true
			}
		}
	}
	// Recall per expected rule (a bug counts for its first rule) and in all.
	type tally struct{ bugs, caught, related, other, still int }
	byRule := map[string]*tally{}
	var total tally
	for _, b := range bugs {
		t := byRule[b.Rules[0]]
		if t == nil {
			t = &tally{}
			byRule[b.Rules[0]] = t
		}
		for _, t := range []*tally{t, &total} {
			t.bugs++
			switch {
			case b.caught:
				t.caught++
			case b.related:
				t.related++
			case b.other != "":
				t.other++
			}
			if b.stillFlagged {
				t.still++
			}
		}
	}
	rules := make([]string, 0, len(byRule))
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	pct := func(n, d int) string {
		if d == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "expected rule\tbugs\tfound at the lines\tonly as a related location\tanother rule there\trecall\tfix still flagged\t")
	row := func(name string, t *tally) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%d\t\n", name, t.bugs, t.caught, t.related, t.other, pct(t.caught+t.related, t.bugs), t.still)
	}
	for _, r := range rules {
		row(r, byRule[r])
	}
	row("all", &total)
	tw.Flush()
	fmt.Fprintln(out, "\n(recall counts a bug found when a finding of an expected rule, or of its family, is at the bug's lines or has a related location there)")
	for _, b := range bugs {
		status := ""
		switch {
		case b.caught || b.related:
			if !verbose && !b.stillFlagged {
				continue
			}
			status = "found"
		case b.other != "":
			status = "missed (" + b.other + " there)"
		default:
			status = "missed"
		}
		if b.stillFlagged {
			status += ", fix still flagged"
		}
		fmt.Fprintf(out, "  %s %s %s:%d-%d [%s] %s: %s\n", status, b.Project, b.ParentPath, b.ParentLines[0], b.ParentLines[1],
			strings.Join(b.Rules, ","), b.Kind, b.Description)
	}
	return nil
}

func in(line int, r [2]int) bool { return line >= r[0] && line <= r[1] }

// ruleFamilies are the rules that report one kind of bug in different
// words: a cycle through a strong delegate is a retaincycle or a
// strongdelegate finding, a session made per request a sessionleak (it
// has a delegate) or a sessionperrequest one.
var ruleFamilies = [][]string{
	{"retaincycle", "strongdelegate", "mixedselfweakself", "capturedstrongself"},
	{"sessionleak", "sessionperrequest"},
	{"concurrentsetter", "concurrentsettertagged", "concurrentsetterconstant"},
}

// expected reports whether a finding of rule reports a bug the set expects
// one of rules for: the same rule or one of its family.
func expected(rules []string, rule string) bool {
	if slices.Contains(rules, rule) {
		return true
	}
	for _, fam := range ruleFamilies {
		if !slices.Contains(fam, rule) {
			continue
		}
		for _, r := range rules {
			if slices.Contains(fam, r) {
				return true
			}
		}
	}
	return false
}
