package analyzer

import (
	"reflect"
	"strings"
	"testing"
)

func TestConvertOption(t *testing.T) {
	for _, tc := range []struct {
		t       OptionType
		in      any
		want    any
		wantErr string
	}{
		{OptionInt, 7, 7, ""},
		{OptionInt, int64(7), 7, ""},
		{OptionInt, 2.0, 2, ""},
		{OptionInt, 2.5, nil, "want an integer, got 2.5"},
		{OptionInt, "ten", nil, `want an integer, got "ten"`},
		{OptionBool, true, true, ""},
		{OptionBool, 1, nil, "want true or false, got 1"},
		{OptionString, "x", "x", ""},
		{OptionString, []any{"x"}, nil, "want a string, got a list"},
		{OptionStrings, nil, []string{}, ""},
		{OptionStrings, []any{"a", "b"}, []string{"a", "b"}, ""},
		{OptionStrings, []string{"a"}, []string{"a"}, ""},
		{OptionStrings, "a", nil, `want a list of strings, got "a"`},
		{OptionStrings, []any{"a", 3}, nil, "want a list of strings, got an element 3"},
		{OptionStrings, map[string]any{}, nil, "want a list of strings, got a mapping"},
		{"float", 1, nil, `unknown option type "float"`},
	} {
		got, err := ConvertOption(tc.t, tc.in)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("ConvertOption(%s, %#v) error = %v, want %q", tc.t, tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ConvertOption(%s, %#v) = %#v, %v; want %#v", tc.t, tc.in, got, err, tc.want)
		}
	}
}

func TestPassOptions(t *testing.T) {
	a := &Analyzer{Name: "x", Options: []OptionDoc{
		{Name: "n", Type: OptionInt, Default: 10, Doc: "n"},
		{Name: "on", Type: OptionBool, Default: true, Doc: "on"},
		{Name: "s", Type: OptionString, Default: "d", Doc: "s"},
		{Name: "l", Type: OptionStrings, Doc: "l"},
	}}
	p := &Pass{Analyzer: a}
	if p.IntOption("n") != 10 || !p.BoolOption("on") || p.StringOption("s") != "d" || len(p.StringsOption("l")) != 0 {
		t.Errorf("defaults: %d %v %q %q", p.IntOption("n"), p.BoolOption("on"), p.StringOption("s"), p.StringsOption("l"))
	}
	p.Options = map[string]any{"n": 3.0, "on": false, "s": "v", "l": []any{"A"}, "undeclared": 5}
	if p.IntOption("n") != 3 || p.BoolOption("on") || p.StringOption("s") != "v" || !reflect.DeepEqual(p.StringsOption("l"), []string{"A"}) {
		t.Errorf("configured: %d %v %q %q", p.IntOption("n"), p.BoolOption("on"), p.StringOption("s"), p.StringsOption("l"))
	}
	if p.IntOption("undeclared") != 5 || p.IntOption("missing") != 0 {
		t.Errorf("undeclared options: %d %d", p.IntOption("undeclared"), p.IntOption("missing"))
	}
	// A value of the wrong type falls back to the default.
	p.Options = map[string]any{"n": "many"}
	if p.IntOption("n") != 10 {
		t.Errorf("wrong type: %d, want the default 10", p.IntOption("n"))
	}
	if got := a.OptionNames(); !reflect.DeepEqual(got, []string{"l", "n", "on", "s"}) {
		t.Errorf("OptionNames = %q", got)
	}
}

func TestValidateOptions(t *testing.T) {
	run := func(*Pass) (any, error) { return nil, nil }
	pass1 := &Analyzer{Name: "pone", Run: run, Options: []OptionDoc{{Name: "macros", Type: OptionStrings, Doc: "d"}}}
	pass2 := &Analyzer{Name: "ptwo", Run: run, Options: []OptionDoc{{Name: "macros", Type: OptionStrings, Doc: "d"}}}
	rule := &Analyzer{Name: "rule", Doc: "rule: title\n\nbody", Severity: SeverityWarning, Run: run, Requires: []*Analyzer{pass1, pass2},
		Options: []OptionDoc{
			{Name: "Bad_Name", Type: OptionInt, Default: 1, Doc: "d"},
			{Name: "n", Type: OptionInt, Default: "x", Doc: "d"},
			{Name: "n", Type: OptionInt, Default: 1, Doc: "d"},
			{Name: "b", Type: OptionBool, Doc: ""},
		}}
	err := Validate([]*Analyzer{rule})
	if err == nil {
		t.Fatal("Validate accepted bad option declarations")
	}
	for _, want := range []string{
		`analyzer "rule": option name "Bad_Name" must match`,
		`analyzer "rule": option "n": Default: want an integer, got "x"`,
		`analyzer "rule" declares option "n" twice`,
		`analyzer "rule": option "b" has no Doc`,
		`analyzer "rule": option "b" of type bool has no Default`,
		`passes "pone" and "ptwo" both declare option "macros"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
	if got := Dependents([]*Analyzer{rule}, pass2); !reflect.DeepEqual(got, []string{"rule"}) {
		t.Errorf("Dependents = %q", got)
	}
	if got := Passes([]*Analyzer{rule}); len(got) != 2 || got[0] != pass1 || got[1] != pass2 {
		t.Errorf("Passes = %v", got)
	}
}
