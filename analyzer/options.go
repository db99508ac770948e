package analyzer

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// OptionType is the type of an option's value.
type OptionType string

// Option types and the Go type of their values in Pass.Options.
const (
	OptionInt     OptionType = "int"     // int
	OptionBool    OptionType = "bool"    // bool
	OptionString  OptionType = "string"  // string
	OptionStrings OptionType = "strings" // []string, a list of names
)

// An OptionDoc declares one option an analyzer accepts (Analyzer.Options).
type OptionDoc struct {
	// Name is the option's key in the configuration: lower-case letters,
	// digits and dashes ("maxlength", "weakify-macros").
	Name string
	Type OptionType
	// Default is the value used when the configuration does not set the
	// option, of the Go type Type stands for (nil is an empty list for
	// OptionStrings).
	Default any
	// Doc says what the option does, in one sentence.
	Doc string
}

// Option returns the declaration of the option name of a.
func (a *Analyzer) Option(name string) (OptionDoc, bool) {
	for _, o := range a.Options {
		if o.Name == name {
			return o, true
		}
	}
	return OptionDoc{}, false
}

// OptionNames returns the names of a's options, sorted.
func (a *Analyzer) OptionNames() []string {
	var out []string
	for _, o := range a.Options {
		out = append(out, o.Name)
	}
	sort.Strings(out)
	return out
}

// ConvertOption checks that v is a value of type t and returns it as the
// Go type t stands for: an int for OptionInt (integral float64 and other
// integer types are converted), a bool, a string, or a []string for
// OptionStrings (a []any of strings is converted; nil is an empty list).
// The error says what was expected and what v is.
func ConvertOption(t OptionType, v any) (any, error) {
	switch t {
	case OptionInt:
		switch n := v.(type) {
		case int:
			return n, nil
		case int64:
			if n >= math.MinInt && n <= math.MaxInt {
				return int(n), nil
			}
		case int32:
			return int(n), nil
		case uint64:
			if n <= math.MaxInt {
				return int(n), nil
			}
		case float64:
			if n == math.Trunc(n) && n >= math.MinInt32 && n <= math.MaxInt32 {
				return int(n), nil
			}
		}
		return nil, fmt.Errorf("want an integer, got %s", describeValue(v))
	case OptionBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want true or false, got %s", describeValue(v))
	case OptionString:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("want a string, got %s", describeValue(v))
	case OptionStrings:
		switch l := v.(type) {
		case nil:
			return []string{}, nil
		case []string:
			return append([]string{}, l...), nil
		case []any:
			out := make([]string, 0, len(l))
			for _, x := range l {
				s, ok := x.(string)
				if !ok {
					return nil, fmt.Errorf("want a list of strings, got an element %s", describeValue(x))
				}
				out = append(out, s)
			}
			return out, nil
		}
		return nil, fmt.Errorf("want a list of strings, got %s", describeValue(v))
	}
	return nil, fmt.Errorf("unknown option type %q", t)
}

// describeValue names a value in an error message.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("%q", x)
	case []any, []string:
		return "a list"
	case map[string]any, map[any]any:
		return "a mapping"
	}
	return fmt.Sprint(v)
}

// option returns the configured value of the option name as type t, or
// its declared default when it is not set or not of type t.
func (p *Pass) option(name string, t OptionType) any {
	if v, ok := p.Options[name]; ok {
		if c, err := ConvertOption(t, v); err == nil {
			return c
		}
	}
	if p.Analyzer != nil {
		if o, ok := p.Analyzer.Option(name); ok {
			if c, err := ConvertOption(t, o.Default); err == nil {
				return c
			}
		}
	}
	return nil
}

// IntOption returns the int option name: the configured value, or the
// default the analyzer declares (0 when it declares none).
func (p *Pass) IntOption(name string) int {
	n, _ := p.option(name, OptionInt).(int)
	return n
}

// BoolOption returns the bool option name: the configured value, or the
// default the analyzer declares (false when it declares none).
func (p *Pass) BoolOption(name string) bool {
	b, _ := p.option(name, OptionBool).(bool)
	return b
}

// StringOption returns the string option name: the configured value, or
// the default the analyzer declares ("" when it declares none).
func (p *Pass) StringOption(name string) string {
	s, _ := p.option(name, OptionString).(string)
	return s
}

// StringsOption returns the list option name: the configured value, or
// the default the analyzer declares (empty when it declares none).
func (p *Pass) StringsOption(name string) []string {
	l, _ := p.option(name, OptionStrings).([]string)
	return l
}

var optionNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// validateOptions checks a's option declarations.
func validateOptions(a *Analyzer) []error {
	var errs []error
	seen := map[string]bool{}
	for _, o := range a.Options {
		if !optionNameRE.MatchString(o.Name) {
			errs = append(errs, fmt.Errorf("analyzer %q: option name %q must match %s", a.Name, o.Name, optionNameRE))
		}
		if seen[o.Name] {
			errs = append(errs, fmt.Errorf("analyzer %q declares option %q twice", a.Name, o.Name))
		}
		seen[o.Name] = true
		if strings.TrimSpace(o.Doc) == "" {
			errs = append(errs, fmt.Errorf("analyzer %q: option %q has no Doc", a.Name, o.Name))
		}
		if o.Default == nil && o.Type != OptionStrings {
			errs = append(errs, fmt.Errorf("analyzer %q: option %q of type %s has no Default", a.Name, o.Name, o.Type))
			continue
		}
		if _, err := ConvertOption(o.Type, o.Default); err != nil {
			errs = append(errs, fmt.Errorf("analyzer %q: option %q: Default: %v", a.Name, o.Name, err))
		}
	}
	return errs
}

// validateGlobalOptions checks that no two passes reachable from
// analyzers declare an option of the same name: pass options share one
// namespace in the configuration.
func validateGlobalOptions(analyzers []*Analyzer) []error {
	var errs []error
	owner := map[string]*Analyzer{}
	for _, p := range Passes(analyzers) {
		for _, o := range p.Options {
			if prev, ok := owner[o.Name]; ok && prev != p {
				errs = append(errs, fmt.Errorf("passes %q and %q both declare option %q", prev.Name, p.Name, o.Name))
				continue
			}
			owner[o.Name] = p
		}
	}
	return errs
}

// Passes returns the passes (analyzers that are not rules) among analyzers
// and everything they require, transitively, sorted by name.
func Passes(analyzers []*Analyzer) []*Analyzer {
	seen := map[*Analyzer]bool{}
	var out []*Analyzer
	var visit func(a *Analyzer)
	visit = func(a *Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		if !a.IsRule() {
			out = append(out, a)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Dependents returns the names of the rules among analyzers that require
// pass, directly or through other passes, sorted.
func Dependents(analyzers []*Analyzer, pass *Analyzer) []string {
	var out []string
	for _, a := range analyzers {
		if a.IsRule() && requires(a, pass, map[*Analyzer]bool{}) {
			out = append(out, a.Name)
		}
	}
	sort.Strings(out)
	return out
}

func requires(a, target *Analyzer, seen map[*Analyzer]bool) bool {
	if seen[a] {
		return false
	}
	seen[a] = true
	for _, r := range a.Requires {
		if r == target || requires(r, target, seen) {
			return true
		}
	}
	return false
}
