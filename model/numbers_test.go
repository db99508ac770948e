package model

import (
	"math"
	"strings"
	"testing"
)

func TestTaggedInteger(t *testing.T) {
	tests := []struct {
		v      int64
		tagged bool
	}{
		{0, true},
		{42, true},
		{-1, true},
		{123456789, true},
		{math.MaxInt32, true},
		{TaggedIntMax, true},
		{TaggedIntMax + 1, false},
		{TaggedIntMin, true},
		{TaggedIntMin - 1, false},
		{math.MaxInt64, false},
		{math.MinInt64, false},
	}
	for _, tt := range tests {
		tagged, reason := TaggedInteger(tt.v)
		if tagged != tt.tagged || reason == "" {
			t.Errorf("TaggedInteger(%d) = %v, %q; want %v", tt.v, tagged, reason, tt.tagged)
		}
	}
	if _, reason := TaggedInteger(42); reason != "42 fits in the 56-bit payload of a tagged NSNumber" {
		t.Errorf("reason = %q", reason)
	}
}

func TestTaggedUnsigned(t *testing.T) {
	tests := []struct {
		v      uint64
		tagged bool
	}{
		{0, true},
		{math.MaxUint32, true},
		{TaggedIntMax, true},
		{TaggedIntMax + 1, false},
		{math.MaxUint64, false},
	}
	for _, tt := range tests {
		if tagged, _ := TaggedUnsigned(tt.v); tagged != tt.tagged {
			t.Errorf("TaggedUnsigned(%d) = %v, want %v", tt.v, tagged, tt.tagged)
		}
	}
}

func TestClassifyNumberLiteral(t *testing.T) {
	tests := []struct {
		lit            string
		kind           ValueKind
		reasonContains string
	}{
		{"@42", KindTagged, "42 fits"},
		{"@(42)", KindTagged, "42 fits"},
		{"42", KindTagged, "42 fits"},
		{" @( ( 7 ) ) ", KindTagged, "7 fits"},
		{"@-1", KindTagged, "-1 fits"},
		{"@(-1)", KindTagged, "-1 fits"},
		{"@(+5)", KindTagged, "5 fits"},
		{"@0", KindTagged, "0 fits"},
		{"@1234567890", KindTagged, "1234567890 fits"},
		{"@2147483648", KindTagged, "2147483648 fits"},
		{"@4294967295u", KindTagged, "4294967295 fits"},
		{"@(-1u)", KindTagged, "4294967295 fits"},
		{"@0x7FFFFFFFFFFFFF", KindTagged, "36028797018963967 fits"},
		{"@0x80000000000000", KindHeap, "36028797018963968 does not fit"},
		{"@36028797018963967L", KindTagged, "fits"},
		{"@36028797018963968", KindHeap, "does not fit"},
		{"@(-36028797018963968)", KindTagged, "fits"},
		{"@(-36028797018963969)", KindHeap, "does not fit"},
		{"@18446744073709551615ULL", KindHeap, "18446744073709551615 does not fit"},
		{"@(-1ULL)", KindHeap, "18446744073709551615 does not fit"},
		{"@(-1LL)", KindTagged, "-1 fits"},
		{"@9223372036854775808", KindHeap, "does not fit"},
		{"@0b101", KindTagged, "5 fits"},
		{"@017", KindTagged, "15 fits"},
		{"@'a'", KindTagged, "97 fits"},
		{"@'\\n'", KindTagged, "10 fits"},
		{"@'ab'", KindTagged, "24930 fits"},
		{"@YES", KindConstant, "kCFBooleanTrue"},
		{"@NO", KindConstant, "kCFBooleanFalse"},
		{"@(YES)", KindConstant, "kCFBooleanTrue"},
		{"@true", KindConstant, "kCFBooleanTrue"},
		{"@3.14", KindHeap, "floating-point"},
		{"@1.5f", KindHeap, "floating-point"},
		{"@1e3", KindHeap, "floating-point"},
		{"@.5", KindHeap, "floating-point"},
		{"@(-2.0)", KindHeap, "floating-point"},
		{"@0x1p3", KindHeap, "floating-point"},
		{"@(kMaxCount)", KindUnknown, "not a numeric literal"},
		{"@(1 << 20)", KindUnknown, "not a numeric literal"},
		{"@08", KindUnknown, "not a numeric literal"},
		{"@10f", KindUnknown, "not a numeric literal"},
		{"@12uuu", KindUnknown, "not a numeric literal"},
		{"@99999999999999999999", KindUnknown, "not a numeric literal"},
		{"@''", KindUnknown, "not a numeric literal"},
		{"@", KindUnknown, "not a numeric literal"},
		{"", KindUnknown, "not a numeric literal"},
		{"@(", KindUnknown, "not a numeric literal"},
		{"-", KindUnknown, "not a numeric literal"},
	}
	for _, tt := range tests {
		t.Run(tt.lit, func(t *testing.T) {
			got := ClassifyNumberLiteral(tt.lit)
			if got.Kind != tt.kind || !strings.Contains(got.Reason, tt.reasonContains) {
				t.Errorf("ClassifyNumberLiteral(%q) = %v; want kind %v, reason containing %q", tt.lit, got, tt.kind, tt.reasonContains)
			}
		})
	}
}

func TestClassifyNumberCreation(t *testing.T) {
	tests := []struct {
		sel, arg       string
		kind           ValueKind
		reasonContains string
	}{
		{"numberWithInt:", "42", KindTagged, "at most 32 bits"},
		{"numberWithInt:", "count", KindTagged, "at most 32 bits"},
		{"numberWithUnsignedChar:", "255", KindTagged, "at most 32 bits"},
		{"initWithInt:", "5", KindTagged, "at most 32 bits"},
		{"numberWithInteger:", "42", KindTagged, "42 fits"},
		{"numberWithInteger:", "36028797018963967", KindTagged, "fits"},
		{"numberWithInteger:", "36028797018963968", KindHeap, "does not fit"},
		{"numberWithInteger:", "-36028797018963968", KindTagged, "fits"},
		{"numberWithLongLong:", "-36028797018963969", KindHeap, "does not fit"},
		{"numberWithInteger:", "'a'", KindTagged, "97 fits"},
		{"numberWithLong:", "YES", KindTagged, "1 fits"},
		{"numberWithInteger:", "3.9", KindTagged, "3 fits"},
		{"numberWithInteger:", "-3.9", KindTagged, "-3 fits"},
		{"numberWithInteger:", "1e18", KindHeap, "does not fit"},
		{"numberWithInteger:", "1e30", KindUnknown, "does not fit the parameter type"},
		{"numberWithInteger:", "count", KindUnknown, "not a literal"},
		{"numberWithUnsignedLongLong:", "-1", KindHeap, "18446744073709551615 does not fit"},
		{"numberWithUnsignedInteger:", "36028797018963967", KindTagged, "fits"},
		{"initWithUnsignedLong:", "0x80000000000000", KindHeap, "does not fit"},
		{"numberWithDouble:", "3.0", KindHeap, "floating-point"},
		{"numberWithFloat:", "x", KindHeap, "floating-point"},
		{"numberWithBool:", "YES", KindConstant, "kCFBooleanTrue"},
		{"numberWithBool:", "NO", KindConstant, "kCFBooleanFalse"},
		{"numberWithBool:", "flag", KindConstant, "kCFBooleanTrue or kCFBooleanFalse"},
		{"numberWithFoo:", "1", KindUnknown, "not modelled"},
		{"", "", KindUnknown, "not modelled"},
	}
	for _, tt := range tests {
		t.Run(tt.sel+tt.arg, func(t *testing.T) {
			got := ClassifyNumberCreation(tt.sel, tt.arg)
			if got.Kind != tt.kind || !strings.Contains(got.Reason, tt.reasonContains) {
				t.Errorf("ClassifyNumberCreation(%q, %q) = %v; want kind %v, reason containing %q", tt.sel, tt.arg, got, tt.kind, tt.reasonContains)
			}
		})
	}
}
