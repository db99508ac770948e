package model

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

// The fuzz targets check that no input makes the model panic and that
// results stay consistent. Their seeds run as ordinary tests.

func FuzzStrings(f *testing.F) {
	for _, s := range []string{"", "CJL", "CJL_越努力,越幸运!!!", "1234567890", "%", "%*.*lld%%", "%1$@", "\xff"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, nArgs int) {
		tagged, reason := TaggedString(s)
		if reason == "" {
			t.Errorf("TaggedString(%q): empty reason", s)
		}
		if tagged && UTF16Len(s) > MaxTaggedStringLength {
			t.Errorf("TaggedString(%q) tagged with length %d", s, UTF16Len(s))
		}
		for _, sel := range []string{"", "stringWithFormat:", "initWithUTF8String:", "copy"} {
			if v := ClassifyStringCreation("NSString", sel, s, nArgs); v.Reason == "" {
				t.Errorf("ClassifyStringCreation(%q, %q): empty reason", sel, s)
			}
		}
	})
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"@42", "@(-1ULL)", "@'a'", "@3.14", "@YES", "0x", "0b", "'\\", "-(", "@()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v := ClassifyNumberLiteral(s); v.Reason == "" {
			t.Errorf("ClassifyNumberLiteral(%q): empty reason", s)
		}
		for _, sel := range []string{"numberWithInteger:", "numberWithUnsignedLongLong:", "numberWithBool:"} {
			if v := ClassifyNumberCreation(sel, s); v.Reason == "" {
				t.Errorf("ClassifyNumberCreation(%q, %q): empty reason", sel, s)
			}
		}
	})
}

func FuzzLayout(f *testing.F) {
	f.Add([]byte{0x03, 0x12}, 1, "int", 8)
	f.Add([]byte{}, -3, "", -1)
	f.Fuzz(func(t *testing.T, layout []byte, base int, typeName string, start int) {
		_ = FormatLayout(layout)
		_ = FormatSlots(LayoutSlots(layout, base%1024))
		ty := objcparse.Type{Name: typeName, Text: typeName}
		ivars := []LayoutIvar{
			{Name: "a", Type: ty, Own: IvarOwnership(ty, ARC)},
			{Name: "b", Type: idT, Own: OwnStrong},
			{Name: "c", Size: len(layout), StrongWords: []int{base % 8}, WeakWords: []int{start % 8}},
		}
		l := ComputeLayout(OrderIvars(ivars), start%4096, ARC)
		if l.Strong == nil {
			t.Errorf("no strong layout although ivar b is strong: %+v", l)
		}
		for _, c := range l.Strong {
			if c == 0 {
				t.Errorf("layout %s contains a 0x00 byte", FormatLayout(l.Strong))
			}
		}
	})
}
