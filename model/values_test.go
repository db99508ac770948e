package model

import (
	"strings"
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

// TestClassifyValue covers the SEMANTICS §6 value kinds as they appear on
// the right of a setter: seed 001's strings, NSNumber literals, factories
// and boxed variables, and values followed through locals.
func TestClassifyValue(t *testing.T) {
	locals := map[string]string{
		"s":     `[NSString stringWithFormat:@"CJL"]`,
		"loop":  "loop",
		"chain": "s",
	}
	types := map[string]string{"i": "int", "n": "NSInteger", "d": "double", "flag": "BOOL", "obj": "NSString"}
	env := ValueEnv{
		Value: func(name string) *objcparse.Expr {
			if src, ok := locals[name]; ok {
				return exprOf(t, src)
			}
			return nil
		},
		TypeOf: func(name string) (objcparse.Type, bool) {
			n, ok := types[name]
			return objcparse.Type{Name: n, Text: n}, ok
		},
	}
	for _, tc := range []struct {
		src    string
		kind   ValueKind
		reason string
	}{
		// Seed 001: taggedPointerDemo and touchesBegan:withEvent:.
		{`[NSString stringWithFormat:@"CJL"]`, KindTagged, "3 ASCII characters fit in a tagged pointer"},
		{`[NSString stringWithFormat:@"CJL_越努力,越幸运!!!"]`, KindHeap, "non-ASCII"},
		{`[[NSString alloc] initWithFormat:@"123456789"]`, KindTagged, "6-bit"},
		{`[[NSString alloc] initWithFormat:@"1234567890"]`, KindHeap, "5-bit"},
		{`[NSString stringWithFormat:@"正在同步第%d张照片，请稍候", i]`, KindHeap, "non-ASCII"},
		{`[NSString stringWithFormat:@"#%d", i]`, KindUnknown, "depends on the formatted argument"},
		{`[NSString stringWithString:@"33"]`, KindConstant, "constant literal"},
		{`@"literal"`, KindConstant, "string literal"},
		{`[@"lit" copy]`, KindConstant, "copy"},
		{`[@"lit" mutableCopy]`, KindHeap, "NSMutableString"},
		{`[NSMutableString stringWithString:@"x"]`, KindHeap, "NSMutableString"},
		{`[NSString stringWithUTF8String:"abc"]`, KindTagged, "3 ASCII"},
		{`[NSString stringWithFormat:fmt]`, KindUnknown, "contents are not known"},
		{`nil`, KindConstant, "nil"},
		{`NULL`, KindConstant, "nil"},
		// NSNumber (SEMANTICS §6).
		{`@(42)`, KindTagged, "56-bit"},
		{`@42`, KindTagged, "56-bit"},
		{`@(-1)`, KindTagged, "fits"},
		{`@3.14`, KindHeap, "floating-point"},
		{`@YES`, KindConstant, "kCFBooleanTrue"},
		{`@(YES)`, KindConstant, "kCFBooleanTrue"},
		{`@(i)`, KindTagged, "int has at most 32 bits"},
		{`@((int)n)`, KindTagged, "int has at most 32 bits"},
		{`@(n)`, KindUnknown, "64-bit NSInteger"},
		{`@(d)`, KindHeap, "floating-point"},
		{`@(flag)`, KindConstant, "kCFBoolean"},
		{`@(obj)`, KindUnknown, "not a literal"},
		{`@(0x7fffffffffffffff)`, KindHeap, "does not fit"},
		{`[NSNumber numberWithInt:i]`, KindTagged, "at most 32 bits"},
		{`[NSNumber numberWithInteger:7]`, KindTagged, "fits"},
		{`[NSNumber numberWithInteger:i]`, KindTagged, "int has at most 32 bits"},
		{`[NSNumber numberWithInteger:n]`, KindUnknown, "not a literal"},
		{`[NSNumber numberWithDouble:1.5]`, KindHeap, "floating-point"},
		{`[[NSNumber alloc] initWithLongLong:36028797018963968LL]`, KindHeap, "does not fit"},
		{`[NSNumber numberWithBool:NO]`, KindConstant, "kCFBooleanFalse"},
		// Other objects.
		{`[[NSObject alloc] init]`, KindHeap, "a new NSObject"},
		{`[NSMutableArray new]`, KindHeap, "a new NSMutableArray"},
		{`@[@1, @2]`, KindHeap, "collection literal"},
		{`@{}`, KindUnknown, "singleton"},
		{`self`, KindHeap, "self"},
		{`[self makeName]`, KindUnknown, "makeName"},
		{`NSStringFromClass([self class])`, KindUnknown, "does not classify"},
		// Followed through locals and conditionals.
		{`s`, KindTagged, "3 ASCII"},
		{`chain`, KindTagged, "3 ASCII"},
		{`loop`, KindUnknown, "not known"},
		{`other`, KindUnknown, "value of other is not known"},
		{`flag ? @"a" : [NSString stringWithFormat:@"CJL"]`, KindTagged, "3 ASCII"},
		{`flag ? @"a" : name`, KindUnknown, "name"},
		{`flag ? [[NSObject alloc] init] : name`, KindHeap, "NSObject"},
		{`(NSString *)@"cast"`, KindConstant, "string literal"},
	} {
		v := ClassifyValue(exprOf(t, tc.src), env)
		if v.Kind != tc.kind || !strings.Contains(v.Reason, tc.reason) {
			t.Errorf("ClassifyValue(%s) = %v, want %v with reason ~%q", tc.src, v, tc.kind, tc.reason)
		}
	}
	if v := ClassifyValue(nil, ValueEnv{}); v.Kind != KindUnknown || v.Reason == "" {
		t.Errorf("ClassifyValue(nil) = %v", v)
	}
}

func TestBoxedScalar(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		kind ValueKind
		ok   bool
	}{
		{"int", KindTagged, true}, {"const int", KindTagged, true}, {"unsigned  char", KindTagged, true},
		{"uint32_t", KindTagged, true}, {"NSInteger", KindUnknown, true}, {"NSUInteger", KindUnknown, true},
		{"CGFloat", KindHeap, true}, {"BOOL", KindConstant, true}, {"NSString", 0, false}, {"", 0, false},
	} {
		v, ok := BoxedScalar(tc.typ)
		if ok != tc.ok || (ok && (v.Kind != tc.kind || v.Reason == "")) {
			t.Errorf("BoxedScalar(%q) = %v, %v; want %v, %v", tc.typ, v, ok, tc.kind, tc.ok)
		}
	}
}

func TestIsNil(t *testing.T) {
	for src, want := range map[string]bool{
		"nil": true, "Nil": true, "NULL": true, "0": true, "0x00": true, "0L": true, "(id)0": true,
		"x = nil": true, "x = y = nil": true,
		"1": false, "0.0": false, "zero": false, "@0": false, "x = y": false, "x += 0": false,
	} {
		if got := IsNil(exprOf(t, src)); got != want {
			t.Errorf("IsNil(%s) = %v, want %v", src, got, want)
		}
	}
}
