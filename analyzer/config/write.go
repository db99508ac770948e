package config

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/analyzer"
)

// Default returns the text of a commented default configuration file for
// analyzers (rules.All): every rule with its default severity and its
// options with their defaults, the global options, and commented-out
// examples of include, exclude (Pods, Carthage, generated code),
// header-paths and arc. It parses to the defaults.
func Default(analyzers []*analyzer.Analyzer) string {
	w := &writer{}
	w.comment(0, "objcleak configuration: https://github.com/objcleak/objcleak#configuration")
	w.comment(0, "Globs and paths are relative to the directory of this file, which is also the "+
		"default --root. Command-line flags add to or override what it says.")
	w.line(0, fmt.Sprintf("version: %d", Version))
	w.blank()
	w.list("include", "Lint only the files matching these globs (default: every .h, .m and .mm file). "+
		`"**" matches any directories, a pattern without "/" matches at any depth, and a directory matches everything below it.`,
		nil, nil, []string{"Sources/**"})
	w.list("exclude", "Do not lint the files matching these globs, even when named on the command line or by an editor. "+
		"Directories named Pods, Carthage, build, DerivedData, .git, .build and node_modules are not walked into anyway.",
		nil, nil, []string{"Pods/**", "Carthage/**", "**/Generated/**", "*.pb.h", "*.pbobjc.m"})
	w.list("header-paths", "Extra directories searched for quoted imports when linting single files.",
		nil, nil, []string{"Sources/Shared/Headers"})
	w.comment(0, "Files compiled without ARC (-fno-objc-arc) or with it; the first matching entry wins. "+
		"Without an entry, a file is MRC when it calls [super dealloc] or has an objc_arc #error guard.")
	w.line(0, "# arc:")
	w.line(0, `#   - path: "Legacy/**"`)
	w.line(0, "#     arc: false")
	w.blank()
	w.globalOptions(analyzers, func(o analyzer.OptionDoc, users []string) item {
		return item{key: o.Name, value: formatValue(o.Default), doc: o.Doc + " (used by " + strings.Join(users, ", ") + ")"}
	})
	w.rules(analyzers, func(a *analyzer.Analyzer) []item {
		return []item{{key: "enabled", value: "true"}, {key: "severity", value: a.Severity.String()}}
	}, func(a *analyzer.Analyzer, o analyzer.OptionDoc) item {
		return item{key: o.Name, value: formatValue(o.Default), doc: o.Doc}
	})
	return w.String()
}

// Write prints the effective settings as a configuration file, each value
// followed by a comment saying where it came from: "default", the
// configuration file, or a flag. Globs are shown relative to Root.
func (s *Settings) Write(out io.Writer) error {
	w := &writer{}
	w.line(0, "# Effective objcleak configuration; after each value, where it comes from.")
	if s.File != nil {
		w.line(0, "# file: "+s.File.Path)
	} else {
		w.line(0, "# file: none (no "+FileName+" found, or --no-config)")
	}
	root := s.Root
	if root == "" {
		root = "."
	}
	w.line(0, "# root: "+root+" ("+s.from["root"]+"); globs are relative to it")
	w.line(0, fmt.Sprintf("version: %d", Version))
	w.list("include", "", s.Include, s.origins("include", len(s.Include)), nil)
	w.list("exclude", "", s.Exclude, s.origins("exclude", len(s.Exclude)), nil)
	w.list("header-paths", "", s.HeaderPaths, s.origins("header-paths", len(s.HeaderPaths)), nil)
	w.line(0, fmt.Sprintf("tests: %t  # %s", s.Tests, s.origin("tests")))
	w.line(0, fmt.Sprintf("samples: %t  # %s", s.Samples, s.origin("samples")))
	if len(s.ARC) == 0 {
		w.line(0, "arc: []")
	} else {
		w.line(0, "arc:")
		for i, e := range s.ARC {
			w.line(1, fmt.Sprintf("- {path: %s, arc: %t}  # %s", strconv.Quote(e.Path), e.ARC, s.origin(fmt.Sprintf("arc.%d", i))))
		}
	}
	w.blank()
	w.globalOptions(s.all, func(o analyzer.OptionDoc, _ []string) item {
		return s.optionItem(passOf(s.all, o.Name), o, "options."+o.Name)
	})
	w.rules(s.all, func(a *analyzer.Analyzer) []item {
		on := false
		for _, x := range s.Analyzers {
			on = on || x == a
		}
		sev, ok := s.Severity[a.Name]
		if !ok {
			sev = a.Severity
		}
		sevFrom := s.origin("rules." + a.Name + ".severity")
		if ok {
			sevFrom += " (default " + a.Severity.String() + ")"
		}
		return []item{
			{key: "enabled", value: strconv.FormatBool(on), from: s.origin("rules." + a.Name + ".enabled")},
			{key: "severity", value: sev.String(), from: sevFrom},
		}
	}, func(a *analyzer.Analyzer, o analyzer.OptionDoc) item {
		return s.optionItem(a.Name, o, "rules."+a.Name+".options."+o.Name)
	})
	_, err := io.WriteString(out, w.String())
	return err
}

// optionItem is the effective value of option o of the analyzer named name.
func (s *Settings) optionItem(name string, o analyzer.OptionDoc, key string) item {
	v, ok := s.Options[name][o.Name]
	if !ok {
		v = o.Default
	}
	return item{key: o.Name, value: formatValue(v), from: s.origin(key)}
}

func (s *Settings) origin(key string) string {
	if f, ok := s.from[key]; ok {
		return f
	}
	return fromDefault
}

func (s *Settings) origins(key string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s.origin(fmt.Sprintf("%s.%d", key, i))
	}
	return out
}

// passOf returns the name of the pass among analyzers' requirements that
// declares the option opt.
func passOf(analyzers []*analyzer.Analyzer, opt string) string {
	for _, p := range analyzer.Passes(analyzers) {
		if _, ok := p.Option(opt); ok {
			return p.Name
		}
	}
	return ""
}

// formatValue spells an option value in YAML: 10, true, "text", ["a", "b"].
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "[]"
	case string:
		return strconv.Quote(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// An item is one "key: value" line, with an optional comment above (doc)
// and after it (from).
type item struct {
	key, value, doc, from string
}

// writer builds a YAML text with comments.
type writer struct {
	strings.Builder
}

func (w *writer) line(indent int, s string) {
	w.WriteString(strings.Repeat("  ", indent) + s + "\n")
}

func (w *writer) blank() { w.WriteString("\n") }

// comment writes text as "# " lines of at most about 80 columns.
func (w *writer) comment(indent int, text string) {
	pre := strings.Repeat("  ", indent) + "# "
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(pre)+len(line)+1+len(word) > 80 {
			w.WriteString(pre + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	w.WriteString(strings.TrimRight(pre+line, " ") + "\n")
}

func (w *writer) item(indent int, it item) {
	if it.doc != "" {
		w.comment(indent, it.doc)
	}
	s := it.key + ": " + it.value
	if it.from != "" {
		s += "  # " + it.from
	}
	w.line(indent, s)
}

// list writes a list of strings, one per line with its origin; an empty
// list as its examples commented out, or as [].
func (w *writer) list(key, doc string, values, from, examples []string) {
	if doc != "" {
		w.comment(0, doc)
	}
	switch {
	case len(values) > 0:
		w.line(0, key+":")
		for i, v := range values {
			w.line(1, "- "+strconv.Quote(v)+"  # "+from[i])
		}
	case len(examples) > 0:
		w.line(0, "# "+key+":")
		for _, e := range examples {
			w.line(0, "#   - "+strconv.Quote(e))
		}
		w.blank()
	default:
		w.line(0, key+": []")
	}
}

// globalOptions writes the options of the passes that analyzers require.
func (w *writer) globalOptions(analyzers []*analyzer.Analyzer, of func(o analyzer.OptionDoc, users []string) item) {
	var items []item
	for _, p := range analyzer.Passes(analyzers) {
		users := analyzer.Dependents(analyzers, p)
		for _, o := range p.Options {
			items = append(items, of(o, users))
		}
	}
	if len(items) == 0 {
		return
	}
	w.comment(0, "Options shared by the rules that use them.")
	w.line(0, "options:")
	for _, it := range items {
		w.item(1, it)
	}
	w.blank()
}

// rules writes every rule of analyzers, sorted by name, with the items of
// head (enabled, severity) and its options.
func (w *writer) rules(analyzers []*analyzer.Analyzer, head func(*analyzer.Analyzer) []item, option func(*analyzer.Analyzer, analyzer.OptionDoc) item) {
	var rules []*analyzer.Analyzer
	for _, a := range analyzers {
		if a.IsRule() {
			rules = append(rules, a)
		}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
	w.comment(0, `Every rule with its severity (note, warning or error) and options. "RULE: off" turns a rule off.`)
	w.line(0, "rules:")
	for _, a := range rules {
		w.comment(1, a.Name+": "+a.Title())
		w.line(1, a.Name+":")
		for _, it := range head(a) {
			w.item(2, it)
		}
		if len(a.Options) > 0 {
			w.line(2, "options:")
			for _, o := range a.Options {
				w.item(3, option(a, o))
			}
		}
	}
}
