package model

import (
	"strings"
	"testing"
)

func TestTaggedString(t *testing.T) {
	tests := []struct {
		name   string
		s      string
		tagged bool
		reason string
	}{
		{"seed CJL", "CJL", true, "3 ASCII characters fit in a tagged pointer"},
		{"seed Chinese", "CJL_越努力,越幸运!!!", false, "contains non-ASCII character '越'"},
		{"seed 123456789", "123456789", true, "9 characters, all in the 6-bit tagged alphabet, fit in a tagged pointer"},
		{"seed 1234567890", "1234567890", false, "10 characters, and '2' is not in the 5-bit tagged alphabet"},
		{"empty", "", false, "empty string: CoreFoundation returns the constant empty string"},
		{"one character", "a", true, "1 ASCII character fits in a tagged pointer"},
		{"one control character", "\n", true, "1 ASCII character fits in a tagged pointer"},
		{"7 ASCII with punctuation", "a;b{c}!", true, "7 ASCII characters fit in a tagged pointer"},
		{"7 with a non-ASCII character", "abcdef\u00e9", false, "contains non-ASCII character 'é'"},
		{"8 in the 6-bit alphabet", "Abcdefg-", true, "8 characters, all in the 6-bit tagged alphabet, fit in a tagged pointer"},
		{"8 with ';'", "abcdefg;", false, "8 characters, and ';' is not in the 6-bit tagged alphabet"},
		{"8 with 'q'", "queueing", false, "8 characters, and 'q' is not in the 6-bit tagged alphabet"},
		{"9 in the 6-bit alphabet", "HelloYX/_", true, "9 characters, all in the 6-bit tagged alphabet, fit in a tagged pointer"},
		{"9 with 'Z'", "Zebracorn", false, "9 characters, and 'Z' is not in the 6-bit tagged alphabet"},
		{"10 in the 5-bit alphabet", "eilotrm.ap", true, "10 characters, all in the 5-bit tagged alphabet, fit in a tagged pointer"},
		{"10 with 'b' (6-bit only)", "eilotrm.ab", false, "10 characters, and 'b' is not in the 5-bit tagged alphabet"},
		{"11 in the 5-bit alphabet", "Main Screen", true, "11 characters, all in the 5-bit tagged alphabet, fit in a tagged pointer"},
		{"11 with '2'", "eilotrm.ap2", false, "11 characters, and '2' is not in the 5-bit tagged alphabet"},
		{"12 in the 5-bit alphabet", "eilotrm.apdn", false, "longer than 11 characters (12)"},
		{"long ASCII", "hello, world, again", false, "longer than 11 characters (19)"},
		{"emoji", "a😀", false, "contains non-ASCII character '😀'"},
		{"invalid UTF-8", "ab\xff", false, "contains non-ASCII character '�'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tagged, reason := TaggedString(tt.s)
			if tagged != tt.tagged || reason != tt.reason {
				t.Errorf("TaggedString(%q) = %v, %q; want %v, %q", tt.s, tagged, reason, tt.tagged, tt.reason)
			}
		})
	}
}

func TestTaggedAlphabets(t *testing.T) {
	if len(TaggedAlphabet6) != 64 || len(TaggedAlphabet5) != 32 {
		t.Fatalf("alphabet lengths %d, %d; want 64, 32", len(TaggedAlphabet6), len(TaggedAlphabet5))
	}
	if !strings.HasPrefix(TaggedAlphabet6, TaggedAlphabet5) {
		t.Errorf("TaggedAlphabet5 is not the first half of TaggedAlphabet6")
	}
	seen := map[rune]bool{}
	for _, r := range TaggedAlphabet6 {
		if seen[r] {
			t.Errorf("duplicate %q in TaggedAlphabet6", r)
		}
		seen[r] = true
	}
}

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"越努力", 3},
		{"😀", 2},
		{"a😀b", 4},
		{"\xff\xfe", 2},
	}
	for _, tt := range tests {
		if got := UTF16Len(tt.s); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestClassifyRuntimeString(t *testing.T) {
	tests := []struct {
		s    string
		want ValueClass
	}{
		{"", ValueClass{KindConstant, "empty string: CoreFoundation returns the constant empty string"}},
		{"CJL", ValueClass{KindTagged, "3 ASCII characters fit in a tagged pointer"}},
		{"CJL_越努力,越幸运!!!", ValueClass{KindHeap, "contains non-ASCII character '越'"}},
	}
	for _, tt := range tests {
		if got := ClassifyRuntimeString(tt.s); got != tt.want {
			t.Errorf("ClassifyRuntimeString(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestClassifyStringCreation(t *testing.T) {
	tests := []struct {
		name           string
		class, sel     string
		literal        string
		nArgs          int
		kind           ValueKind
		reasonContains string
	}{
		{"seed: stringWithFormat CJL", "NSString", "stringWithFormat:", "CJL", 0, KindTagged, "3 ASCII characters"},
		{"seed: stringWithFormat Chinese", "NSString", "stringWithFormat:", "CJL_越努力,越幸运!!!", 0, KindHeap, "non-ASCII character '越'"},
		{"seed: initWithFormat 123456789", "NSString", "initWithFormat:", "123456789", 0, KindTagged, "6-bit"},
		{"seed: initWithFormat 1234567890", "NSString", "initWithFormat:", "1234567890", 0, KindHeap, "'2' is not in the 5-bit"},
		{"seed: literal", "NSString", "", "1", 0, KindConstant, "string literal"},
		{"seed: initWithString", "NSString", "initWithString:", "222", 0, KindConstant, "initWithString: of a string literal"},
		{"seed: stringWithString", "NSString", "stringWithString:", "33", 0, KindConstant, "stringWithString:"},
		{"copy of a literal", "", "copy", "abc", 0, KindConstant, "copy"},
		{"literal with non-ASCII is still constant", "", "", "越努力", 0, KindConstant, "constant"},
		{"localized format", "NSString", "localizedStringWithFormat:", "abc", 0, KindTagged, "3 ASCII"},
		{"initWithFormat:locale:", "NSString", "initWithFormat:locale:", "abcdefghijklm", 0, KindHeap, "longer than 11"},
		{"%% is one character", "NSString", "stringWithFormat:", "100%%", 0, KindTagged, "4 ASCII characters"},
		{"extra arguments ignored without specifiers", "NSString", "stringWithFormat:", "abc", 2, KindTagged, "3 ASCII"},
		{"empty format", "NSString", "stringWithFormat:", "", 0, KindConstant, "empty string"},
		{"one specifier", "NSString", "stringWithFormat:", "%d", 1, KindUnknown, "depends on the formatted argument"},
		{"two specifiers", "NSString", "stringWithFormat:", "%@ and %@", 2, KindUnknown, "depends on the 2 formatted arguments"},
		{"positional specifiers", "NSString", "stringWithFormat:", "%2$@%1$@", 2, KindUnknown, "2 formatted arguments"},
		{"star width consumes an argument", "NSString", "stringWithFormat:", "%*d", 2, KindUnknown, "2 formatted arguments"},
		{"fixed text non-ASCII", "NSString", "stringWithFormat:", "用户-%ld", 1, KindHeap, "non-ASCII character '用'"},
		{"fixed text too long", "NSString", "stringWithFormat:", "a very long prefix %d", 1, KindHeap, "at least 19"},
		{"specifier without argument", "NSString", "stringWithFormat:", "%d", 0, KindUnknown, "no arguments"},
		{"malformed format", "NSString", "stringWithFormat:", "50%", 0, KindUnknown, "not valid"},
		{"unknown conversion", "NSString", "stringWithFormat:", "%k", 1, KindUnknown, "not valid"},
		{"UTF8 string", "NSString", "stringWithUTF8String:", "hello", 0, KindTagged, "5 ASCII"},
		{"C string, long", "NSString", "initWithCString:encoding:", "hello, world!", 0, KindHeap, "longer than 11"},
		{"mutable string", "NSMutableString", "stringWithFormat:", "a", 0, KindHeap, "NSMutableString"},
		{"mutable string from literal", "NSMutableString", "stringWithString:", "a", 0, KindHeap, "NSMutableString"},
		{"mutableCopy", "NSString", "mutableCopy", "a", 0, KindHeap, "mutableCopy"},
		{"unknown selector", "NSString", "stringByAppendingString:", "a", 0, KindUnknown, "not modelled"},
		{"other class", "NSAttributedString", "initWithString:", "a", 0, KindUnknown, "not NSString"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClassifyStringCreation(tt.class, tt.sel, tt.literal, tt.nArgs)
			if got.Kind != tt.kind || !strings.Contains(got.Reason, tt.reasonContains) {
				t.Errorf("ClassifyStringCreation(%q, %q, %q, %d) = %v; want kind %v, reason containing %q",
					tt.class, tt.sel, tt.literal, tt.nArgs, got, tt.kind, tt.reasonContains)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		f     string
		fixed string
		specs int
		ok    bool
	}{
		{"", "", 0, true},
		{"plain", "plain", 0, true},
		{"a%%b", "a%b", 0, true},
		{"%@", "", 1, true},
		{"x%-08.3lfy", "xy", 1, true},
		{"%lld and %hhu", " and ", 2, true},
		{"%1$@", "", 1, true},
		{"%.*s", "", 2, true},
		{"%*.*f", "", 3, true},
		{"%qd%zu%td%jd%Lf", "", 5, true},
		{"%", "", 0, false},
		{"abc%", "", 0, false},
		{"%k", "", 0, false},
		{"%5", "", 0, false},
	}
	for _, tt := range tests {
		fixed, specs, ok := parseFormat(tt.f)
		if fixed != tt.fixed || specs != tt.specs || ok != tt.ok {
			t.Errorf("parseFormat(%q) = %q, %d, %v; want %q, %d, %v", tt.f, fixed, specs, ok, tt.fixed, tt.specs, tt.ok)
		}
	}
}

func TestValueKindAndClass(t *testing.T) {
	tests := []struct {
		v          ValueClass
		str        string
		refcounted bool
	}{
		{ValueClass{KindUnknown, ""}, "unknown", true},
		{ValueClass{KindConstant, "string literal"}, "constant (string literal)", false},
		{ValueClass{KindTagged, "3 ASCII characters fit in a tagged pointer"}, "tagged (3 ASCII characters fit in a tagged pointer)", false},
		{ValueClass{KindHeap, "x"}, "heap (x)", true},
		{ValueClass{ValueKind(9), ""}, "ValueKind(9)", false},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.v.IsRefcounted(); got != tt.refcounted {
			t.Errorf("%v.IsRefcounted() = %v, want %v", tt.v, got, tt.refcounted)
		}
	}
	var zero ValueKind
	if zero != KindUnknown {
		t.Errorf("zero ValueKind = %v, want unknown", zero)
	}
}
