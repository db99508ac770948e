// Package config reads objcleak's configuration file, .objcleak.yml:
// which files to lint, which rules run at which severity with which
// options, and which files are compiled without ARC. Find locates the file
// by walking up from the linted path; Parse checks it against the
// analyzers' declared options (an unknown key, rule or option is an error
// that names the file and line and lists the valid ones); Resolve combines
// it with command-line flags into the settings of one run, which Apply
// copies into an analyzer.Config.
//
// A file looks like this (Default writes a commented one):
//
//	version: 1
//	exclude: ["Pods/**", "**/Generated/**"]
//	rules:
//	  sessionperrequest: off
//	  strongdelegate: {severity: error}
//	  retaincycle:
//	    options: {maxlength: 6}
//	options:
//	  weakify-macros: [FOO_WEAKIFY]
//	arc:
//	  - {path: "Legacy/**", arc: false}
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/objcleak/objcleak/analyzer"
)

// FileName is the name of the configuration file.
const FileName = ".objcleak.yml"

// Version is the only schema version this package reads.
const Version = 1

// A File is a parsed, valid configuration file. Globs and paths are as
// written, relative to the file's directory (Dir).
type File struct {
	// Path is the file's path as given to Parse.
	Path string
	// Include and Exclude are glob patterns (see analyzer.MatchGlob).
	Include, Exclude []string
	// HeaderPaths are directories searched for quoted imports when linting
	// single files.
	HeaderPaths []string
	// Rules are the per-rule settings, by rule name.
	Rules map[string]*Rule
	// Options are the options of passes, by pass name and option name,
	// converted to their declared types (see analyzer.ConvertOption).
	Options map[string]map[string]any
	// ARC lists per-glob memory management; the first match wins.
	ARC []ARCEntry
	// Tests reports findings in test code too (analyzer.Config.Tests).
	Tests bool
	// Samples reports findings in sample code too (analyzer.Config.Samples).
	Samples bool
}

// Dir returns the absolute directory holding the file, which globs are
// relative to.
func (f *File) Dir() string {
	abs, err := filepath.Abs(f.Path)
	if err != nil {
		return filepath.Dir(f.Path)
	}
	return filepath.Dir(abs)
}

// Rule is the configuration of one rule.
type Rule struct {
	// Enabled is nil when the file does not say.
	Enabled *bool
	// Severity is zero when the file does not override the default.
	Severity analyzer.Severity
	// Options are the rule's options, converted to their declared types.
	Options map[string]any
}

// An ARCEntry says whether the files matching a glob are compiled with
// ARC (arc: true) or without (arc: false, MRC).
type ARCEntry struct {
	Path string
	ARC  bool
}

// An Error is a problem at one place in a configuration file.
type Error struct {
	File         string
	Line, Column int // 0 when unknown
	Msg          string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Find returns the configuration file that applies to start, a file or
// directory that need not exist: FileName in start (a directory) or in
// its directory, or else in the nearest parent, up to the filesystem root.
// It returns "" when there is none. The path is absolute, or relative to
// the current directory when start is relative and the file lies below
// the current directory.
func Find(start string) (string, error) {
	if start == "" {
		start = "."
	}
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	dir := abs
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			if err := checkLink(p); err != nil {
				return "", err
			}
			return display(start, p), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// checkLink refuses a configuration file found in a linted tree that is a
// symbolic link to a file outside its directory: the tree may be a
// stranger's, and the file's contents would show in error messages.
func checkLink(p string) error {
	lst, err := os.Lstat(p)
	if err != nil || lst.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return fmt.Errorf("finding %s: %w", FileName, err)
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return fmt.Errorf("finding %s: %w", FileName, err)
	}
	if rel, err := filepath.Rel(dir, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is a symbolic link to a file outside its directory; objcleak does not follow it (name the file with --config, or use --no-config)", p)
	}
	return nil
}

// maxFileSize bounds the configuration file read.
const maxFileSize = 1 << 20

// display returns the absolute path p relative to the current directory
// when start is relative and p lies below the current directory.
func display(start, p string) string {
	if filepath.IsAbs(start) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// Load reads and parses the configuration file at path (see Parse).
func Load(path string, analyzers []*analyzer.Analyzer) (*File, error) {
	data, err := readConfig(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	return Parse(path, data, analyzers)
}

// readConfig reads the regular file at path, at most maxFileSize bytes (a
// named pipe would block, a device never end).
func readConfig(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFileSize)
	}
	return data, nil
}

// Top-level keys, rule keys and arc entry keys.
var (
	fileKeys = []string{"version", "include", "exclude", "header-paths", "rules", "options", "arc", "tests", "samples"}
	ruleKeys = []string{"enabled", "severity", "options"}
	arcKeys  = []string{"path", "arc"}
)

// Parse parses the configuration data read from path. analyzers are the
// rules the program has (rules.All): they decide which rule names and
// rule options are valid, and the passes they require decide the valid
// global options. Every problem is reported, each as an *Error naming the
// file, line and column, joined with errors.Join.
func Parse(path string, data []byte, analyzers []*analyzer.Analyzer) (*File, error) {
	p := newParser(path, analyzers)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: path, Line: 1, Msg: fmt.Sprintf("missing \"version: %d\" (the file is empty)", Version)}
		}
		return nil, p.syntaxError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, p.at(&extra, "more than one YAML document; a configuration is one mapping")
	} else if !errors.Is(err, io.EOF) {
		return nil, p.syntaxError(err)
	}
	f := &File{Path: path, Rules: map[string]*Rule{}, Options: map[string]map[string]any{}}
	p.file(f, &doc)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return f, nil
}

// globalOption is an option of a pass, set under the top-level options key.
type globalOption struct {
	pass *analyzer.Analyzer
	doc  analyzer.OptionDoc
}

type parser struct {
	path   string
	errs   []error
	rules  map[string]*analyzer.Analyzer
	names  []string // rule names, sorted
	global map[string]globalOption
	// ruleOption maps an option name to the rules declaring it, for hints.
	ruleOption map[string][]string
}

func newParser(path string, analyzers []*analyzer.Analyzer) *parser {
	p := &parser{path: path, rules: map[string]*analyzer.Analyzer{}, global: map[string]globalOption{}, ruleOption: map[string][]string{}}
	for _, a := range analyzers {
		if !a.IsRule() {
			continue
		}
		p.rules[a.Name] = a
		p.names = append(p.names, a.Name)
		for _, o := range a.Options {
			p.ruleOption[o.Name] = append(p.ruleOption[o.Name], a.Name)
		}
	}
	sort.Strings(p.names)
	for _, pass := range analyzer.Passes(analyzers) {
		for _, o := range pass.Options {
			p.global[o.Name] = globalOption{pass: pass, doc: o}
		}
	}
	return p
}

func (p *parser) at(n *yaml.Node, format string, args ...any) *Error {
	return &Error{File: p.path, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, p.at(n, format, args...))
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a YAML syntax error into an *Error at its line.
func (p *parser) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.path, Line: line, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: p.path, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// deref follows YAML aliases (*anchor).
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// entries checks that n is a mapping whose keys are all in valid (nil:
// any key) and unique, and calls f for each entry in file order. where
// names the mapping in messages ("" for the top level).
func (p *parser) entries(n *yaml.Node, where string, valid []string, f func(key string, k, v *yaml.Node)) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		if where == "" {
			p.errorf(n, "want a mapping with the keys %s", strings.Join(sorted(valid), ", "))
		} else {
			p.errorf(n, "%s: want a mapping", where)
		}
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%skeys must be plain names", prefix(where))
			continue
		}
		if line, ok := seen[key]; ok {
			p.errorf(k, "%skey %q repeated (first at line %d)", prefix(where), key, line)
			continue
		}
		seen[key] = k.Line
		if valid != nil && !contains(valid, key) {
			in := ""
			if where != "" {
				in = " in " + where
			}
			p.errorf(k, "unknown key %q%s (valid keys: %s)", key, in, strings.Join(sorted(valid), ", "))
			continue
		}
		f(key, k, v)
	}
}

func prefix(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

// file reads the top-level mapping.
func (p *parser) file(f *File, doc *yaml.Node) {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	version := false
	p.entries(root, "", fileKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			version = true
			var n any
			if v.Kind != yaml.ScalarNode || v.Decode(&n) != nil || n != Version {
				p.errorf(v, "version: unsupported version %s (want %d)", v.Value, Version)
			}
		case "tests":
			if v.Kind != yaml.ScalarNode || v.Decode(&f.Tests) != nil {
				p.errorf(v, "tests: want true or false, got %s", v.Value)
			}
		case "samples":
			if v.Kind != yaml.ScalarNode || v.Decode(&f.Samples) != nil {
				p.errorf(v, "samples: want true or false, got %s", v.Value)
			}
		case "include":
			f.Include = p.globs(v, key)
		case "exclude":
			f.Exclude = p.globs(v, key)
		case "header-paths":
			f.HeaderPaths = p.strings(v, key)
			for i, hp := range f.HeaderPaths {
				if err := checkInside(hp); err != nil {
					p.errorf(listItem(v, i), "%s: %v", key, err)
				}
			}
		case "rules":
			p.entries(v, key, nil, func(name string, k, v *yaml.Node) {
				if r := p.rule(name, k, v); r != nil {
					f.Rules[name] = r
				}
			})
		case "options":
			p.entries(v, key, nil, func(name string, k, v *yaml.Node) { p.globalOption(f, name, k, v) })
		case "arc":
			f.ARC = p.arc(v)
		}
	})
	if !version && deref(root).Kind == yaml.MappingNode {
		p.errorf(deref(root), "missing \"version: %d\"", Version)
	}
}

// value decodes a scalar, sequence or mapping into plain Go values.
func (p *parser) value(n *yaml.Node, where string) (any, bool) {
	var v any
	if err := n.Decode(&v); err != nil {
		p.errorf(n, "%s: %v", where, err)
		return nil, false
	}
	return v, true
}

// strings reads a list of strings (null is an empty list).
func (p *parser) strings(n *yaml.Node, where string) []string {
	v, ok := p.value(n, where)
	if !ok {
		return nil
	}
	l, err := analyzer.ConvertOption(analyzer.OptionStrings, v)
	if err != nil {
		p.errorf(n, "%s: %v", where, err)
		return nil
	}
	return l.([]string)
}

// globs reads a list of glob patterns and checks their syntax.
func (p *parser) globs(n *yaml.Node, where string) []string {
	l := p.strings(n, where)
	for i, g := range l {
		if err := checkGlob(g); err != nil {
			p.errorf(listItem(n, i), "%s: %v", where, err)
		}
	}
	return l
}

// listItem returns the node of the i-th element of the list n, or n.
func listItem(n *yaml.Node, i int) *yaml.Node {
	n = deref(n)
	if n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i]
	}
	return n
}

// checkInside reports a path that could name something outside the
// project: an absolute one, or one whose `..` elements leave the
// configuration file's directory. A configuration comes with the code it
// lints, which may be a stranger's pull request: it must not make objcleak
// read anything else.
func checkInside(p string) error {
	slash := filepath.ToSlash(p)
	if path.IsAbs(slash) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return fmt.Errorf("%q is an absolute path; paths in %s are relative to its directory and stay inside it", p, FileName)
	}
	return checkNoEscape(p)
}

// checkNoEscape reports a path or glob whose `..` elements leave the
// configuration file's directory. (A glob may start with "/": it still
// means a path relative to the file's directory, and globs are only
// matched against the paths of files found below the root, never opened.)
func checkNoEscape(p string) error {
	if c := path.Clean(filepath.ToSlash(p)); c == ".." || strings.HasPrefix(c, "../") {
		return fmt.Errorf("%q leads outside the directory of %s (..); paths in it stay inside the project", p, FileName)
	}
	return nil
}

// checkGlob reports a malformed pattern (see analyzer.MatchGlob).
func checkGlob(g string) error {
	if strings.TrimSpace(g) == "" {
		return errors.New("empty glob")
	}
	if filepath.VolumeName(g) != "" {
		return fmt.Errorf("%q is an absolute path; globs in %s are relative to its directory", g, FileName)
	}
	if err := checkNoEscape(g); err != nil {
		return err
	}
	for _, seg := range strings.Split(filepath.ToSlash(g), "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad glob %q: %v", g, err)
		}
	}
	return nil
}

// flag reads true/false (and on/off).
func (p *parser) flag(n *yaml.Node) (bool, bool) {
	var v any
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		return false, false
	}
	switch v {
	case true, "on":
		return true, true
	case false, "off":
		return false, true
	}
	return false, false
}

// rule reads the entry of one rule: a mapping, or a bare true/false/on/off.
func (p *parser) rule(name string, k, v *yaml.Node) *Rule {
	a := p.rules[name]
	if a == nil {
		p.errorf(k, "unknown rule %q (rules: %s)", name, strings.Join(p.names, ", "))
		return nil
	}
	where := "rules." + name
	r := &Rule{}
	if v.Kind == yaml.ScalarNode && !isNull(v) {
		on, ok := p.flag(v)
		if !ok {
			p.errorf(v, "%s: want true, false, on, off or a mapping with the keys %s, got %q", where, strings.Join(sorted(ruleKeys), ", "), v.Value)
			return nil
		}
		r.Enabled = &on
		return r
	}
	p.entries(v, where, ruleKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "enabled":
			on, ok := p.flag(v)
			if !ok {
				p.errorf(v, "%s.enabled: want true or false, got %q", where, v.Value)
				return
			}
			r.Enabled = &on
		case "severity":
			s, err := analyzer.ParseSeverity(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				p.errorf(v, "%s.severity: unknown severity %q (want note, warning or error)", where, v.Value)
				return
			}
			r.Severity = s
		case "options":
			r.Options = map[string]any{}
			p.entries(v, where+".options", nil, func(opt string, k, v *yaml.Node) {
				o, ok := a.Option(opt)
				if !ok {
					p.errorf(k, "unknown option %q for rule %s (%s)", opt, name, validOptions(a.OptionNames()))
					return
				}
				if val, ok := p.option(o, v, where+".options."+opt); ok {
					r.Options[opt] = val
				}
			})
		}
	})
	return r
}

func validOptions(names []string) string {
	if len(names) == 0 {
		return "it has no options"
	}
	return "options: " + strings.Join(names, ", ")
}

// option decodes and converts the value of option o.
func (p *parser) option(o analyzer.OptionDoc, n *yaml.Node, where string) (any, bool) {
	v, ok := p.value(n, where)
	if !ok {
		return nil, false
	}
	c, err := analyzer.ConvertOption(o.Type, v)
	if err != nil {
		p.errorf(n, "%s: %v", where, err)
		return nil, false
	}
	return c, true
}

// globalOption reads one entry of the top-level options: an option of a
// pass, shared by every rule that requires it.
func (p *parser) globalOption(f *File, name string, k, v *yaml.Node) {
	g, ok := p.global[name]
	if !ok {
		var valid []string
		for n := range p.global {
			valid = append(valid, n)
		}
		msg := fmt.Sprintf("unknown option %q in options (%s)", name, validOptions(sorted(valid)))
		if rs := p.ruleOption[name]; len(rs) > 0 {
			msg += fmt.Sprintf("; %s is an option of rule %s (rules: %s: options: %s)", name, rs[0], rs[0], name)
		}
		p.errorf(k, "%s", msg)
		return
	}
	val, ok := p.option(g.doc, v, "options."+name)
	if !ok {
		return
	}
	if f.Options[g.pass.Name] == nil {
		f.Options[g.pass.Name] = map[string]any{}
	}
	f.Options[g.pass.Name][name] = val
}

// arc reads the list of {path, arc} entries.
func (p *parser) arc(n *yaml.Node) []ARCEntry {
	n = deref(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "arc: want a list of {path: GLOB, arc: true|false} entries")
		return nil
	}
	var out []ARCEntry
	for i, item := range n.Content {
		item = deref(item)
		where := fmt.Sprintf("arc[%d]", i)
		var e ARCEntry
		hasPath, hasARC := false, false
		p.entries(item, where, arcKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "path":
				hasPath = true
				if v.Kind != yaml.ScalarNode || isNull(v) {
					p.errorf(v, "%s.path: want a glob", where)
					return
				}
				if err := checkGlob(v.Value); err != nil {
					p.errorf(v, "%s.path: %v", where, err)
				}
				e.Path = v.Value
			case "arc":
				hasARC = true
				on, ok := p.flag(v)
				if !ok {
					p.errorf(v, "%s.arc: want true (ARC) or false (MRC), got %q", where, v.Value)
				}
				e.ARC = on
			}
		})
		if item.Kind == yaml.MappingNode {
			if !hasPath {
				p.errorf(item, "%s: missing key \"path\"", where)
			}
			if !hasARC {
				p.errorf(item, "%s: missing key \"arc\"", where)
			}
		}
		out = append(out, e)
	}
	return out
}

func sorted(l []string) []string {
	out := append([]string(nil), l...)
	sort.Strings(out)
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
