package analyzer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// File discovery and reading. objcleak lints trees it does not trust (pull
// requests from strangers), so it reads only regular files, never blocks on
// a named pipe or device, never reads more than the size limit, and follows
// a symbolic link only when its target lies inside the root (or
// Config.FollowSymlinks is set). Anything it does not read is reported under
// the parse rule, never skipped silently.

// linkPolicy decides which symbolic links discovery and reading follow.
type linkPolicy struct {
	// root is the root with symbolic links resolved. A link whose target
	// lies outside it is not followed unless follow is set. Empty (the
	// exported Discover, which knows no root): every link to a file is
	// followed.
	root   string
	follow bool
}

// allows reports whether a link whose resolved target is real may be
// followed.
func (lp *linkPolicy) allows(real string) bool {
	return lp == nil || lp.follow || lp.root == "" || within(lp.root, real)
}

// within reports whether path p lies in directory dir (or is dir); both are
// absolute and clean.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath returns the absolute path of p with symbolic links resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// A skipError says why discovery did not read a path (a link not followed,
// a named pipe, an unreadable directory). The driver reports it under the
// parse rule as it is; the path is not parsed.
type skipError struct {
	msg string
	// dir is set when the path is a directory: it is not counted as a file.
	dir bool
}

func (e *skipError) Error() string { return e.msg }

func skipf(dir bool, format string, args ...any) *skipError {
	return &skipError{msg: fmt.Sprintf(format, args...), dir: dir}
}

// followHint ends the message of a link that is not followed.
const followHint = "(not followed without --follow-symlinks)"

// report returns the parse-rule message of a path that was not read.
func (e *skipError) report() string {
	if e.dir {
		return e.msg + "; the files below it were not analyzed"
	}
	return e.msg + "; the file was not analyzed"
}

// brokenLink describes a link whose target cannot be resolved.
func brokenLink(err error) *skipError {
	if isLinkLoop(err) {
		return skipf(false, "symbolic link loop (the link leads back to itself)")
	}
	return skipf(false, "broken symbolic link (%v)", unwrapPathError(err))
}

// isLinkLoop reports whether err is ELOOP: too many levels of links.
func isLinkLoop(err error) bool {
	msg := unwrapPathError(err).Error()
	return strings.Contains(msg, "too many levels of symbolic links") || strings.Contains(msg, "too many links")
}

// notRegular describes a non-regular file by its mode.
func notRegular(m fs.FileMode) error {
	what := "a special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		what = "a device"
	case m.IsDir():
		what = "a directory"
	}
	return fmt.Errorf("not a regular file (%s)", what)
}

// walker discovers sources below the named paths.
type walker struct {
	lp   *linkPolicy
	skip map[string]bool
	// trees are the real paths of the named directories: a link into one
	// of them is not followed, since its target is linted under its own
	// path anyway (no duplicates, no loops).
	trees []string
	// visited are the real paths of the directories walked: a link to one
	// of them (a loop, a second link) is not followed again.
	visited map[string]bool
	seen    map[string]bool
	out     []source
}

func (w *walker) add(s source) {
	if !w.seen[s.path] {
		w.seen[s.path] = true
		w.out = append(w.out, s)
	}
}

func (w *walker) inTrees(real string) bool {
	for _, t := range w.trees {
		if within(t, real) {
			return true
		}
	}
	return false
}

// discover lists the sources below paths (files and directories; "." when
// empty), sorted by path. overlay holds paths whose contents are given (an
// editor's buffer): they need not exist. Directories named in skipDirs are
// not descended into unless named. lp decides which symbolic links are
// followed (see linkPolicy); links to directories whose target is linted
// anyway are never followed. A named path that does not exist, or a named
// file that is not Objective-C, is an *InputError; everything else that
// cannot be read becomes a source with a skipError or readErr, reported
// under the parse rule.
func discover(paths []string, skipDirs []string, overlay map[string][]byte, lp *linkPolicy) ([]source, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	w := &walker{lp: lp, skip: map[string]bool{}, visited: map[string]bool{}, seen: map[string]bool{}}
	for _, d := range skipDirs {
		w.skip[d] = true
	}
	for _, p := range paths {
		if _, ok := overlay[filepath.Clean(p)]; ok {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if real, err := realPath(p); err == nil {
				w.trees = append(w.trees, real)
			}
		}
	}
	for _, p := range paths {
		p = filepath.Clean(p)
		if _, ok := overlay[p]; ok {
			if objcparse.LangOf(p) == 0 {
				return nil, &InputError{Path: p, Err: errors.New("not an Objective-C source file (want .h, .m or .mm)")}
			}
			w.add(source{path: p, explicit: true, links: lp})
			continue
		}
		lst, err := os.Lstat(p)
		if err != nil {
			return nil, &InputError{Path: p, Err: unwrapPathError(err)}
		}
		if lst.Mode()&fs.ModeSymlink != 0 {
			// A named link: its target must be allowed like any other.
			real, err := realPath(p)
			if err != nil {
				if isLinkLoop(err) {
					return nil, &InputError{Path: p, Err: errors.New("symbolic link loop")}
				}
				return nil, &InputError{Path: p, Err: fmt.Errorf("broken symbolic link: %w", unwrapPathError(err))}
			}
			st, err := os.Stat(real)
			if err != nil {
				return nil, &InputError{Path: p, Err: unwrapPathError(err)}
			}
			if !lp.allows(real) {
				if !st.IsDir() && objcparse.LangOf(p) == 0 {
					return nil, &InputError{Path: p, Err: errors.New("not an Objective-C source file (want .h, .m or .mm)")}
				}
				w.add(source{path: p, explicit: true, skip: outsideRoot(st.IsDir())})
				continue
			}
			if st.IsDir() {
				w.dir(p, real)
				continue
			}
			lst = st
		}
		if lst.IsDir() {
			real, err := realPath(p)
			if err != nil {
				real = p
			}
			w.dir(p, real)
			continue
		}
		if objcparse.LangOf(p) == 0 {
			return nil, &InputError{Path: p, Err: errors.New("not an Objective-C source file (want .h, .m or .mm)")}
		}
		w.add(source{path: p, explicit: true, links: lp})
	}
	sort.Slice(w.out, func(i, j int) bool { return w.out[i].path < w.out[j].path })
	return w.out, nil
}

// outsideRoot is the skip of a link whose target lies outside the root.
func outsideRoot(dir bool) *skipError {
	if dir {
		return skipf(true, "symbolic link to a directory outside the root %s", followHint)
	}
	return skipf(false, "symbolic link to a file outside the root %s", followHint)
}

// dir walks the directory at path, whose real path (links resolved) is real.
func (w *walker) dir(path, real string) {
	if w.visited[real] {
		return
	}
	w.visited[real] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		w.add(source{path: path, skip: skipf(true, "cannot read the directory (%v)", unwrapPathError(err))})
		// ReadDir returns the entries it read before the error.
	}
	for _, e := range entries {
		p := filepath.Join(path, e.Name())
		t := e.Type()
		switch {
		case t&fs.ModeSymlink != 0:
			w.link(p)
		case t.IsDir():
			if !w.skip[e.Name()] {
				w.dir(p, filepath.Join(real, e.Name()))
			}
		case t.IsRegular():
			w.file(p)
		default:
			if objcparse.LangOf(p) != 0 {
				w.add(source{path: p, skip: skipf(false, "%v", notRegular(t))})
			}
		}
	}
}

// file adds the regular file at path when objcleak reads it.
func (w *walker) file(path string) {
	if objcparse.LangOf(path) != 0 {
		w.add(source{path: path, links: w.lp})
	} else if strings.EqualFold(filepath.Ext(path), ".pch") {
		w.add(source{path: path, macrosOnly: true, links: w.lp})
	} else if isBuildSettings(path) {
		w.add(source{path: path, macrosOnly: true, settings: true, links: w.lp})
	} else if isNibDocument(path) {
		w.add(source{path: path, macrosOnly: true, nib: true, links: w.lp})
	} else if isInfoPlist(path) {
		w.add(source{path: path, macrosOnly: true, plist: true, links: w.lp})
	}
}

// isBuildSettings reports whether path is an Xcode build-settings file
// whose preprocessor definitions the compiler sees: an .xcconfig, or the
// project.pbxproj of an .xcodeproj.
func isBuildSettings(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".xcconfig") || filepath.Base(path) == "project.pbxproj"
}

// link handles the symbolic link at path, found while walking.
func (w *walker) link(path string) {
	lang := objcparse.LangOf(path)
	real, err := realPath(path)
	if err != nil {
		if lang != 0 {
			w.add(source{path: path, skip: brokenLink(err)})
		}
		return
	}
	st, err := os.Stat(real)
	if err != nil {
		if lang != 0 {
			w.add(source{path: path, skip: brokenLink(err)})
		}
		return
	}
	if st.IsDir() {
		switch {
		case w.skip[filepath.Base(path)] || w.inTrees(real) || w.visited[real]:
			// Skipped by name, linted under its own path, or walked
			// already (a loop).
		case !w.lp.allows(real):
			w.add(source{path: path, skip: outsideRoot(true)})
		case w.lp == nil || !w.lp.follow:
			w.add(source{path: path, skip: skipf(true, "symbolic link to a directory outside the linted paths %s", followHint)})
		default:
			w.dir(path, real)
		}
		return
	}
	if lang == 0 {
		return
	}
	if !w.lp.allows(real) {
		w.add(source{path: path, skip: outsideRoot(false)})
		return
	}
	if !st.Mode().IsRegular() {
		w.add(source{path: path, skip: skipf(false, "symbolic link to %s", strings.TrimSuffix(strings.TrimPrefix(notRegular(st.Mode()).Error(), "not a regular file ("), ")"))})
		return
	}
	w.add(source{path: path, links: w.lp})
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// readSource returns the contents of s: from overlay when it is there,
// else from the disk (see readFile).
func readSource(s source, maxSize int64, overlay map[string][]byte) ([]byte, error) {
	if s.skip != nil {
		return nil, s.skip
	}
	if s.readErr != nil {
		return nil, s.readErr
	}
	if src, ok := overlay[s.path]; ok {
		if int64(len(src)) > maxSize {
			return nil, fmt.Errorf("buffer is %d bytes, larger than the limit of %d bytes (--max-file-size)", len(src), maxSize)
		}
		return src, nil
	}
	return readFile(s.path, maxSize, s.links)
}

// readFile reads the regular file at name, at most maxSize bytes. The file
// may have changed since discovery (deleted, replaced by a directory, a
// named pipe or a link): a symbolic link is followed only as lp allows, and
// the file is opened without following links and checked to be the
// regular file that was looked at, so that a swap cannot make objcleak read
// elsewhere or block.
func readFile(name string, maxSize int64, lp *linkPolicy) ([]byte, error) {
	st, err := os.Lstat(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	open := name
	if st.Mode()&fs.ModeSymlink != 0 {
		real, err := realPath(name)
		if err != nil {
			return nil, brokenLink(err)
		}
		if !lp.allows(real) {
			return nil, outsideRoot(false)
		}
		if st, err = os.Stat(real); err != nil {
			return nil, unwrapPathError(err)
		}
		open = real
	}
	switch {
	case st.IsDir():
		return nil, errors.New("is a directory")
	case !st.Mode().IsRegular():
		return nil, notRegular(st.Mode())
	case st.Size() > maxSize:
		return nil, fmt.Errorf("file is %d bytes, larger than the limit of %d bytes (--max-file-size)", st.Size(), maxSize)
	}
	f, err := os.OpenFile(open, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if !fst.Mode().IsRegular() || !os.SameFile(st, fst) {
		return nil, errors.New("the file changed while objcleak was reading it")
	}
	// One read of the size stat gave, plus one byte to notice a file
	// that grew since (then the rest, up to the limit).
	data := make([]byte, st.Size()+1)
	n, err := io.ReadFull(f, data)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		data = data[:n]
	case err != nil:
		return nil, unwrapPathError(err)
	default:
		rest, err := io.ReadAll(io.LimitReader(f, maxSize+1-int64(n)))
		if err != nil {
			return nil, unwrapPathError(err)
		}
		data = append(data, rest...)
	}
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("file is larger than the limit of %d bytes (--max-file-size)", maxSize)
	}
	return data, nil
}

// newLinkPolicy returns the policy of a run whose root is the absolute
// directory root.
func newLinkPolicy(root string, follow bool) *linkPolicy {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return &linkPolicy{root: real, follow: follow}
}

// splitSkipped separates the sources discovery decided not to read.
func splitSkipped(sources []source) (read, skipped []source) {
	read = make([]source, 0, len(sources))
	for _, s := range sources {
		if s.skip != nil {
			skipped = append(skipped, s)
		} else {
			read = append(read, s)
		}
	}
	return read, skipped
}

// projectRoot returns the absolute root of cfg (see Config.Root) and checks
// that every path of cfg.Paths and cfg.HeaderPaths lies in it. Paths are
// compared as written (made absolute), before symbolic links are resolved:
// where a link leads is the link policy's business.
func projectRoot(cfg *Config) (string, error) {
	paths := cfg.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", &InputError{Path: p, Err: err}
		}
		abs[i] = a
	}
	var root string
	if cfg.Root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", &InputError{Path: ".", Err: err}
		}
		root = wd
		for _, a := range abs {
			if !within(root, a) {
				root = commonDir(abs)
				break
			}
		}
	} else {
		r, err := filepath.Abs(cfg.Root)
		if err != nil {
			return "", &InputError{Path: cfg.Root, Err: err}
		}
		root = r
		for i, a := range abs {
			if !within(root, a) {
				return "", &InputError{Path: paths[i], Err: fmt.Errorf("lies outside the root %s; output paths are relative to the root and never leave it, so give a --root that contains every path", root)}
			}
		}
	}
	for _, hp := range cfg.HeaderPaths {
		h := hp
		if !filepath.IsAbs(h) {
			h = filepath.Join(root, h)
		}
		if !within(root, filepath.Clean(h)) {
			return "", &InputError{Path: hp, Err: fmt.Errorf("header path lies outside the root %s; objcleak reads nothing outside the root (give a --root that contains it)", root)}
		}
	}
	return root, nil
}

// commonDir returns the nearest directory that contains every path of
// abs (absolute and clean): a directory contains itself, a file (or an
// overlay path, which need not exist) is contained by its directory.
func commonDir(abs []string) string {
	var common []string
	for i, a := range abs {
		dir := a
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			dir = filepath.Dir(a)
		}
		parts := splitPath(dir)
		if i == 0 {
			common = parts
			continue
		}
		n := 0
		for n < len(common) && n < len(parts) && common[n] == parts[n] {
			n++
		}
		common = common[:n]
	}
	return joinPath(common)
}

// splitPath splits an absolute clean path into its volume+root and its
// elements: "/a/b" → ["/", "a", "b"].
func splitPath(p string) []string {
	vol := filepath.VolumeName(p)
	rest := strings.TrimPrefix(p[len(vol):], string(filepath.Separator))
	out := []string{vol + string(filepath.Separator)}
	if rest != "" {
		out = append(out, strings.Split(rest, string(filepath.Separator))...)
	}
	return out
}

func joinPath(parts []string) string {
	if len(parts) == 0 {
		return string(filepath.Separator)
	}
	return filepath.Join(parts...)
}

// limitHint names the option that lifts the limit err ran into.
func limitHint(err error) string {
	if errors.Is(err, objcparse.ErrBudget) {
		return " (--parse-timeout raises the limit)"
	}
	return ""
}
