package config

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
)

// Flags are the command-line settings that combine with the file. Empty
// fields were not given.
type Flags struct {
	// Root is --root: it replaces the file's directory as the root.
	Root string
	// Enable (--enable) replaces the file's selection of rules: exactly
	// these run. Disable (--disable) turns rules off, after the file and
	// Enable.
	Enable, Disable []string
	// Exclude (--exclude) adds to the file's excludes; Include (--include)
	// replaces the file's includes; HeaderPaths (--header-path) adds to
	// the file's. They are relative to the root, as analyzer.Config says.
	Exclude, Include, HeaderPaths []string
	// Tests (--tests) reports findings in test code too, whatever the file says.
	Tests bool
	// Samples (--samples) reports findings in sample code too, whatever
	// the file says.
	Samples bool
}

// Settings are the effective configuration of one run: defaults, then the
// file, then the flags.
type Settings struct {
	// File is the configuration file, or nil.
	File *File
	// Root is the absolute directory that paths, globs and output are
	// relative to: --root, else the file's directory; "" (the current
	// directory) when there is neither.
	Root string
	// Analyzers are the rules that run, in the order given to Resolve.
	Analyzers []*analyzer.Analyzer
	// Severity overrides default severities by rule name.
	Severity map[string]analyzer.Severity
	// Options are the configured options by analyzer name (rules and
	// passes) and option name; unset options keep their declared default.
	Options map[string]map[string]any
	// Include, Exclude and ARC globs are relative to Root; HeaderPaths
	// from the file are absolute, those from flags relative to Root.
	Include, Exclude, HeaderPaths []string
	ARC                           []ARCEntry
	// Tests reports findings in test code too (analyzer.Config.Tests).
	Tests bool
	// Samples reports findings in sample code too (analyzer.Config.Samples).
	Samples bool

	all []*analyzer.Analyzer
	// from says where each setting came from, by key ("root",
	// "rules.NAME.severity", "options.NAME", "exclude.N", …).
	from map[string]string
}

// Origins of settings, as Write shows them.
const (
	fromDefault = "default"
)

// Resolve computes the settings of a run from the file f (nil when there
// is none), the analyzers the program has (rules.All) and the flags. It
// fails on an unknown rule name in the flags and when the file has globs
// but --root is not its directory or a parent of it (the globs could not
// be expressed relative to the root).
func Resolve(f *File, analyzers []*analyzer.Analyzer, fl Flags) (*Settings, error) {
	s := &Settings{File: f, all: analyzers, Severity: map[string]analyzer.Severity{},
		Options: map[string]map[string]any{}, from: map[string]string{}}
	fileFrom := ""
	if f != nil {
		fileFrom = f.Path
	}
	switch {
	case fl.Root != "":
		abs, err := filepath.Abs(fl.Root)
		if err != nil {
			return nil, fmt.Errorf("--root: %w", err)
		}
		s.Root, s.from["root"] = abs, "--root"
	case f != nil:
		s.Root, s.from["root"] = f.Dir(), "the directory of "+f.Path
	default:
		s.from["root"] = "the current directory"
	}
	if err := s.selectRules(f, fl); err != nil {
		return nil, err
	}
	if f != nil {
		for name, r := range f.Rules {
			if r.Severity != 0 {
				s.Severity[name] = r.Severity
				s.from["rules."+name+".severity"] = fileFrom
			}
			for opt, v := range r.Options {
				s.setOption(name, opt, v, "rules."+name+".options."+opt, fileFrom)
			}
		}
		for pass, opts := range f.Options {
			for opt, v := range opts {
				s.setOption(pass, opt, v, "options."+opt, fileFrom)
			}
		}
	}
	if err := s.paths(f, fl); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Settings) setOption(name, opt string, v any, key, from string) {
	if s.Options[name] == nil {
		s.Options[name] = map[string]any{}
	}
	s.Options[name][opt] = v
	s.from[key] = from
}

// selectRules decides which rules run: all, minus those the file turns
// off; exactly --enable when given; minus --disable.
func (s *Settings) selectRules(f *File, fl Flags) error {
	var names []string
	known := map[string]bool{}
	for _, a := range s.all {
		if a.IsRule() {
			names = append(names, a.Name)
			known[a.Name] = true
		}
	}
	for _, l := range [][]string{fl.Enable, fl.Disable} {
		for _, n := range l {
			if !known[n] {
				return fmt.Errorf("unknown rule %q (rules: %s)", n, strings.Join(sorted(names), ", "))
			}
		}
	}
	on := map[string]bool{}
	for _, n := range names {
		on[n] = true
	}
	if f != nil {
		for name, r := range f.Rules {
			if r.Enabled != nil {
				on[name] = *r.Enabled
				s.from["rules."+name+".enabled"] = f.Path
			}
		}
	}
	if len(fl.Enable) > 0 {
		for _, n := range names {
			on[n] = false
			s.from["rules."+n+".enabled"] = "--enable"
		}
		for _, n := range fl.Enable {
			on[n] = true
		}
	}
	for _, n := range fl.Disable {
		on[n] = false
		s.from["rules."+n+".enabled"] = "--disable"
	}
	for _, a := range s.all {
		if a.IsRule() && on[a.Name] {
			s.Analyzers = append(s.Analyzers, a)
		}
	}
	return nil
}

// paths combines the file's globs and header paths with the flags'.
func (s *Settings) paths(f *File, fl Flags) error {
	add := func(list *[]string, key, from string, values ...string) {
		for _, v := range values {
			s.from[fmt.Sprintf("%s.%d", key, len(*list))] = from
			*list = append(*list, v)
		}
	}
	if f != nil {
		rebase, err := rebaser(f, s.Root)
		if err != nil {
			return err
		}
		if len(fl.Include) == 0 {
			add(&s.Include, "include", f.Path, mapStrings(f.Include, rebase)...)
		}
		add(&s.Exclude, "exclude", f.Path, mapStrings(f.Exclude, rebase)...)
		for i, e := range f.ARC {
			s.ARC = append(s.ARC, ARCEntry{Path: rebase(e.Path), ARC: e.ARC})
			s.from[fmt.Sprintf("arc.%d", i)] = f.Path
		}
		for _, hp := range f.HeaderPaths {
			if !filepath.IsAbs(hp) {
				hp = filepath.Join(f.Dir(), filepath.FromSlash(hp))
			}
			add(&s.HeaderPaths, "header-paths", f.Path, hp)
		}
	}
	// A switch is on when the file or the flag turns it on; the flag wins
	// as its origin.
	on := func(dst *bool, key string, inFile, flag bool) {
		if inFile {
			*dst = true
			s.from[key] = f.Path
		}
		if flag {
			*dst = true
			s.from[key] = "--" + key
		}
	}
	on(&s.Tests, "tests", f != nil && f.Tests, fl.Tests)
	on(&s.Samples, "samples", f != nil && f.Samples, fl.Samples)
	add(&s.Include, "include", "--include", fl.Include...)
	add(&s.Exclude, "exclude", "--exclude", fl.Exclude...)
	add(&s.HeaderPaths, "header-paths", "--header-path", fl.HeaderPaths...)
	return nil
}

func mapStrings(l []string, f func(string) string) []string {
	var out []string
	for _, s := range l {
		out = append(out, f(s))
	}
	return out
}

// rebaser returns the function that rewrites a glob of the file (relative
// to its directory) relative to root: unchanged when root is the file's
// directory, prefixed with the directory's path below root otherwise. It
// fails when the file has globs and root is not its directory or a parent.
func rebaser(f *File, root string) (func(string) string, error) {
	rel, err := filepath.Rel(root, f.Dir())
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		if len(f.Include)+len(f.Exclude)+len(f.ARC) == 0 {
			return func(g string) string { return g }, nil
		}
		return nil, fmt.Errorf("%s: its globs are relative to %s, which is not below --root %s; use a --root at or above it, or --config/--no-config", f.Path, f.Dir(), root)
	}
	if rel == "." {
		return func(g string) string { return g }, nil
	}
	dir := filepath.ToSlash(rel)
	return func(g string) string {
		g = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(g)), "/")
		if !strings.Contains(g, "/") {
			g = "**/" + g // a pattern without a slash matches at any depth
		}
		return dir + "/" + g
	}, nil
}

// MRC says whether the file at rel (relative to Root, slash-separated) is
// compiled without ARC, by the first ARC entry whose glob matches; ok is
// false when none does (see analyzer.Config.MRC).
func (s *Settings) MRC(rel string) (mrc, ok bool) {
	for _, e := range s.ARC {
		if analyzer.MatchGlob(e.Path, rel) {
			return !e.ARC, true
		}
	}
	return false, false
}

// Apply copies the settings into cfg: root, analyzers, severities,
// options, globs, header paths and the MRC hook.
func (s *Settings) Apply(cfg *analyzer.Config) {
	cfg.Root = s.Root
	cfg.Analyzers = s.Analyzers
	cfg.Severity = s.Severity
	cfg.Options = s.Options
	cfg.Include = s.Include
	cfg.Exclude = s.Exclude
	cfg.HeaderPaths = s.HeaderPaths
	cfg.Tests = s.Tests
	cfg.Samples = s.Samples
	cfg.MRC = nil
	if len(s.ARC) > 0 {
		cfg.MRC = s.MRC
	}
}
