package analyzer

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// MatchGlob reports whether the slash-separated relative path rel matches
// pattern. Patterns use path.Match syntax per segment, plus `**` for any
// number of segments (zero included). A pattern without a slash matches
// the base name at any depth (`*.pb.h`), and a pattern naming a directory
// matches everything below it (`Vendor`, `Vendor/`, `Vendor/**`).
func MatchGlob(pattern, rel string) bool {
	pattern = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(pattern)), "/")
	rel = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(rel)), "/")
	if pattern == "" {
		return false
	}
	if !strings.Contains(pattern, "/") {
		pattern = "**/" + pattern
	}
	segs := strings.Split(rel, "/")
	// A directory pattern matches what is below it.
	return matchSegs(strings.Split(pattern, "/"), segs) ||
		matchSegs(strings.Split(pattern+"/**", "/"), segs)
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// displayPath returns p relative to the current directory when it lies
// below it (the form discovery gives paths), else p.
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	return relToWd(wd, p)
}

// relToWd returns the absolute path p relative to wd when it lies below.
func relToWd(wd, p string) string {
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}

// relTo returns p relative to root with forward slashes ("" when it is
// not below root).
func relTo(root, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

// filterSources applies Include and Exclude.
func filterSources(sources []source, root string, cfg *Config) []source {
	if len(cfg.Exclude) == 0 && len(cfg.Include) == 0 {
		return sources
	}
	out := sources[:0]
	for _, s := range sources {
		rel := relTo(root, s.path)
		keep := len(cfg.Include) == 0 || anyGlob(cfg.Include, rel)
		if anyGlob(cfg.Exclude, rel) && !(s.explicit && cfg.KeepExplicit) {
			keep = false
		}
		if keep || s.macrosOnly {
			out = append(out, s)
		}
	}
	return out
}

func anyGlob(patterns []string, rel string) bool {
	for _, p := range patterns {
		if MatchGlob(p, rel) {
			return true
		}
	}
	return false
}

// singleFileMode reports whether only files were named (an editor linting
// on save): then the project is not walked; the files' imported headers
// are found instead.
func singleFileMode(sources []source) bool {
	if len(sources) == 0 {
		return false
	}
	for _, s := range sources {
		if !s.explicit {
			return false
		}
	}
	return true
}

// withImports adds, as index-only sources, the headers the named files
// import by quoted #import/#include (transitively) and each .m/.mm file's
// sibling header. A quoted name is resolved next to the importing file,
// then in cfg.HeaderPaths, then by file name anywhere in the project below
// root (skipping skipDirs), the way Xcode's header maps find project
// headers. The contents it reads are recorded in contents (which holds
// the overlay already), so that scanning and parsing do not read the files
// again.
func withImports(sources []source, root string, skipDirs []string, cfg *Config, contents map[string][]byte) []source {
	seen := map[string]bool{}
	for _, s := range sources {
		seen[filepath.Clean(s.path)] = true
	}
	var byName map[string][]string // lazily built: base name -> paths
	lookup := func(name string) []string {
		if byName == nil {
			if cfg.DiskCache != nil {
				byName = cfg.DiskCache.headerIndex(root, skipDirs)
			} else {
				byName = headerIndex(root, skipDirs)
			}
		}
		return byName[path.Base(filepath.ToSlash(name))]
	}
	resolve := func(from, name string) string {
		cands := []string{filepath.Join(filepath.Dir(from), filepath.FromSlash(name))}
		for _, hp := range cfg.HeaderPaths {
			if !filepath.IsAbs(hp) {
				hp = filepath.Join(root, hp)
			}
			cands = append(cands, filepath.Join(hp, filepath.FromSlash(name)))
		}
		for _, c := range cands {
			// `#import "../../../etc/x.h"` cannot make objcleak read
			// outside the root.
			if !inRoot(root, c) {
				continue
			}
			if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
				return c
			}
		}
		for _, c := range lookup(name) {
			if strings.HasSuffix(filepath.ToSlash(c), "/"+strings.TrimPrefix(filepath.ToSlash(name), "./")) || path.Base(filepath.ToSlash(name)) == filepath.Base(c) {
				return c
			}
		}
		return ""
	}
	var links *linkPolicy
	if len(sources) > 0 {
		links = sources[0].links
	}
	queue := append([]source(nil), sources...)
	out := append([]source(nil), sources...)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		var next []string
		if lang := objcparse.LangOf(s.path); lang == objcparse.LangObjC || lang == objcparse.LangObjCpp {
			if sib := strings.TrimSuffix(s.path, filepath.Ext(s.path)) + ".h"; inRoot(root, sib) && fileExists(sib) {
				next = append(next, sib)
			}
		}
		src, err := readSource(s, DefaultMaxFileSize, contents)
		if err != nil {
			continue
		}
		contents[s.path] = src
		for _, name := range quotedImports(src) {
			if p := resolve(s.path, name); p != "" {
				next = append(next, p)
			}
		}
		for _, p := range next {
			p = filepath.Clean(p)
			if seen[p] || objcparse.LangOf(p) == 0 {
				continue
			}
			seen[p] = true
			h := source{path: p, indexOnly: true, links: links}
			out = append(out, h)
			queue = append(queue, h)
		}
	}
	return out
}

// inRoot reports whether p (relative to the current directory, or
// absolute) lies in root, as written.
func inRoot(root, p string) bool {
	abs, err := filepath.Abs(p)
	return err == nil && within(root, abs)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// quotedImports returns the names in `#import "x"` and `#include "x"` lines.
func quotedImports(src []byte) []string {
	var out []string
	for _, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] != '#' {
			continue
		}
		rest := bytes.TrimSpace(line[1:])
		var kw []byte
		switch {
		case bytes.HasPrefix(rest, []byte("import")):
			kw = []byte("import")
		case bytes.HasPrefix(rest, []byte("include")):
			kw = []byte("include")
		default:
			continue
		}
		rest = bytes.TrimSpace(rest[len(kw):])
		if len(rest) < 2 || rest[0] != '"' {
			continue
		}
		if end := bytes.IndexByte(rest[1:], '"'); end > 0 {
			out = append(out, string(rest[1:1+end]))
		}
	}
	return out
}

// headerIndex maps header base names to their paths below root, as
// displayPath gives them.
func headerIndex(root string, skipDirs []string) map[string][]string {
	headers, _ := walkHeaders(root, skipDirs)
	return displayHeaderIndex(headers)
}

// walkedDir is a directory walkHeaders read, with its modification time.
type walkedDir struct {
	path  string
	mtime int64
}

// walkHeaders lists the regular .h files below root, in walk order, with
// absolute paths, and the directories it read.
func walkHeaders(root string, skipDirs []string) ([]string, []walkedDir) {
	skip := map[string]bool{}
	for _, d := range skipDirs {
		skip[d] = true
	}
	var out []string
	var dirs []walkedDir
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && skip[d.Name()] {
				return fs.SkipDir
			}
			if info, err := d.Info(); err == nil {
				dirs = append(dirs, walkedDir{path: p, mtime: info.ModTime().UnixNano()})
			}
			return nil
		}
		if strings.EqualFold(filepath.Ext(p), ".h") && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out, dirs
}

// displayHeaderIndex maps the base names of headers to their paths, in
// order, as displayPath gives them.
func displayHeaderIndex(headers []string) map[string][]string {
	wd, err := os.Getwd() // once: Getwd costs two stats
	out := make(map[string][]string, len(headers))
	for _, p := range headers {
		name := filepath.Base(p)
		if err == nil && filepath.IsAbs(p) {
			p = relToWd(wd, p)
		}
		out[name] = append(out[name], p)
	}
	return out
}
