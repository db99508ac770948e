package baseline

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
)

// Changes are the lines of a git work tree that are new or changed since a
// revision: the added side of `git diff --unified=0 REV`, and every line of
// the files git does not track (and does not ignore). Lines only deleted
// leave nothing to report on, so they do not count.
type Changes struct {
	// Rev is the revision as the user gave it; Commit is what it names.
	Rev, Commit string
	// top is the work tree's top directory, with symbolic links resolved.
	top string
	// added maps a slash-separated path relative to top to the sorted,
	// disjoint ranges of its new or changed lines.
	added map[string][]lineRange
	// untracked holds the files git does not track, relative to top.
	untracked map[string]bool
	// rels caches rel by file name.
	rels map[string]relPath
}

// relPath is a file's path relative to the work tree's top, and whether it
// is inside the work tree.
type relPath struct {
	path   string
	inside bool
}

// lineRange is the lines [start, end) of a file, 1-based.
type lineRange struct{ start, end int }

// gitBatch is how many paths one git command line names at most.
const gitBatch = 500

// GitChanges returns the lines of files changed since rev, in the git
// repository that contains dir. files are the files of interest (absolute,
// or relative to the current directory); files outside the repository are
// not asked about. Errors (git missing, dir not in a work tree, an unknown
// revision) carry git's own message.
func GitChanges(dir, rev string, files []string) (*Changes, error) {
	if rev == "" {
		return nil, errors.New("empty git revision")
	}
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("git revision %q must not start with '-'", rev)
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	out, err := git(absDir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git work tree: %w", absDir, err)
	}
	top, err := filepath.EvalSymlinks(strings.TrimSpace(string(out)))
	if err != nil {
		return nil, fmt.Errorf("git work tree of %s: %w", absDir, err)
	}
	out, err = git(top, "rev-parse", "--verify", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("unknown git revision %q in %s (git rev-parse: %w)", rev, top, err)
	}
	c := &Changes{Rev: rev, Commit: strings.TrimSpace(string(out)), top: top, added: map[string][]lineRange{}, untracked: map[string]bool{}, rels: map[string]relPath{}}

	var specs []string
	seen := map[string]bool{}
	for _, f := range files {
		if rel, ok := c.rel(f); ok && !seen[rel] {
			seen[rel] = true
			specs = append(specs, ":(literal)"+rel)
		}
	}
	sort.Strings(specs)
	for len(specs) > 0 {
		batch := specs[:min(gitBatch, len(specs))]
		specs = specs[len(batch):]
		args := append([]string{"diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
			"--src-prefix=a/", "--dst-prefix=b/", c.Commit, "--"}, batch...)
		out, err := git(top, args...)
		if err != nil {
			return nil, fmt.Errorf("git diff %s: %w", rev, err)
		}
		if err := parseDiff(out, c.added); err != nil {
			return nil, fmt.Errorf("git diff %s: %w", rev, err)
		}
		out, err = git(top, append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--"}, batch...)...)
		if err != nil {
			return nil, fmt.Errorf("git ls-files: %w", err)
		}
		for _, p := range strings.Split(string(out), "\x00") {
			if p != "" {
				c.untracked[p] = true
			}
		}
	}
	for p, rs := range c.added {
		c.added[p] = mergeRanges(rs)
	}
	return c, nil
}

// rel returns filename relative to the work tree's top, slash-separated,
// and whether it is inside the work tree. Symbolic links in its directory
// are resolved, as git resolved them in the top directory; the file itself
// need not exist (an editor's unsaved buffer).
func (c *Changes) rel(filename string) (string, bool) {
	if r, ok := c.rels[filename]; ok {
		return r.path, r.inside
	}
	var r relPath
	if abs, err := filepath.Abs(filename); err == nil {
		if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(dir, filepath.Base(abs))
		}
		if p, err := filepath.Rel(c.top, abs); err == nil && p != ".." && !strings.HasPrefix(p, ".."+string(filepath.Separator)) {
			r = relPath{filepath.ToSlash(p), true}
		}
	}
	c.rels[filename] = r
	return r.path, r.inside
}

// Changed reports whether line (1-based) of filename is new or changed.
// Files git does not track, and files outside the work tree, are new in
// every line.
func (c *Changes) Changed(filename string, line int) bool {
	rel, ok := c.rel(filename)
	if !ok || c.untracked[rel] {
		return true
	}
	rs := c.added[rel]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].end > line })
	return i < len(rs) && rs[i].start <= line
}

// FilterChanged removes from res.Diagnostics, in place and keeping their
// order, the findings whose line (the line the finding starts on) is not
// new or changed since rev in the git repository containing res.Root. It
// returns how many it removed. Findings without a position and internal
// errors are kept.
func FilterChanged(res *analyzer.Result, rev string) (int, error) {
	pos := func(d analyzer.Diagnostic) token.Position {
		if res.Fset == nil {
			return token.Position{}
		}
		return res.Fset.PositionFor(d.Pos, false)
	}
	var files []string
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		if p := pos(d); p.IsValid() && !seen[p.Filename] {
			seen[p.Filename] = true
			files = append(files, p.Filename)
		}
	}
	root := res.Root
	if root == "" {
		root = "."
	}
	c, err := GitChanges(root, rev, files)
	if err != nil {
		return 0, err
	}
	kept := res.Diagnostics[:0]
	for _, d := range res.Diagnostics {
		if p := pos(d); !p.IsValid() || d.Rule == analyzer.InternalRuleName || c.Changed(p.Filename, p.Line) {
			kept = append(kept, d)
		}
	}
	removed := len(res.Diagnostics) - len(kept)
	clear(res.Diagnostics[len(kept):])
	res.Diagnostics = kept
	return removed, nil
}

// gitError is a failed git command; its message is git's standard error.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	if e.stderr != "" {
		return e.stderr
	}
	return fmt.Sprintf("git %s: %v", strings.Join(e.args, " "), e.err)
}

func (e *gitError) Unwrap() error { return e.err }

// git runs git with args in dir, without a shell, and returns its standard
// output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	// objcleak only reads: do not take the index lock to refresh it, which
	// could make a concurrent git command of the user fail.
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("git is not installed or not on PATH: %w", err)
		}
		return nil, &gitError{args: args, stderr: strings.TrimSpace(stderr.String()), err: err}
	}
	return out, nil
}

// parseDiff adds to added the new-side line ranges of each hunk of a
// unified diff produced with --unified=0 and prefixes a/ and b/. Content
// lines are skipped by count, so a line whose text looks like a header is
// not taken for one.
func parseDiff(diff []byte, added map[string][]lineRange) error {
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	path := ""
	oldLeft, newLeft := 0, 0 // content lines still expected in the current hunk
	for sc.Scan() {
		line := sc.Text()
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case strings.HasPrefix(line, "-"):
				oldLeft--
			case strings.HasPrefix(line, "+"):
				newLeft--
			case strings.HasPrefix(line, `\`): // "\ No newline at end of file"
			default:
				return fmt.Errorf("unexpected line in hunk of %s: %q", path, line)
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "diff --git "):
			path = ""
		case strings.HasPrefix(line, "+++ "):
			p, err := diffPath(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return err
			}
			path = p
		case strings.HasPrefix(line, "@@ "):
			oldCount, newStart, newCount, err := parseHunkHeader(line)
			if err != nil {
				return err
			}
			oldLeft, newLeft = oldCount, newCount
			if path != "" && newCount > 0 {
				added[path] = append(added[path], lineRange{newStart, newStart + newCount})
			}
		}
	}
	return sc.Err()
}

// diffPath returns the path of a "+++ " line's file name: "b/dir/x.m",
// possibly C-quoted ("\"b/dir/\\303\\251.m\""), or "" for /dev/null.
func diffPath(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("cannot read file name %s: %w", s, err)
		}
		s = u
	}
	if s == "/dev/null" {
		return "", nil
	}
	p, ok := strings.CutPrefix(s, "b/")
	if !ok {
		return "", fmt.Errorf("unexpected file name %q (want b/…)", s)
	}
	return p, nil
}

// parseHunkHeader parses "@@ -l[,s] +l[,s] @@…" into the number of old
// lines and the start and number of new lines; an omitted count is 1.
func parseHunkHeader(line string) (oldCount, newStart, newCount int, err error) {
	f := strings.Fields(line)
	if len(f) < 4 || f[3] != "@@" || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q", line)
	}
	_, oldCount, err1 := parseRange(f[1][1:])
	newStart, newCount, err2 := parseRange(f[2][1:])
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q: %w", line, err)
	}
	return oldCount, newStart, newCount, nil
}

func parseRange(s string) (start, count int, err error) {
	a, b, ok := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad line number %q", a)
	}
	count = 1
	if ok {
		count, err = strconv.Atoi(b)
		if err != nil || count < 0 {
			return 0, 0, fmt.Errorf("bad line count %q", b)
		}
	}
	return start, count, nil
}

// mergeRanges sorts rs and merges overlapping or adjacent ranges.
func mergeRanges(rs []lineRange) []lineRange {
	sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, r.end)
			continue
		}
		out = append(out, r)
	}
	return out
}
