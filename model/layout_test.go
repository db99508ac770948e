package model

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

func ivar(name string, t objcparse.Type, own Ownership) LayoutIvar {
	return LayoutIvar{Name: name, Type: t, Own: own}
}

func strongIvar(name string) LayoutIvar { return ivar(name, idT, OwnStrong) }

func repeatIvars(n int, iv LayoutIvar) []LayoutIvar {
	out := make([]LayoutIvar, n)
	for i := range out {
		out[i] = iv
		out[i].Name = fmt.Sprintf("%s%d", iv.Name, i)
	}
	return out
}

var (
	uintT   = objcparse.Type{Text: "unsigned int", Name: "unsigned int"}
	charT   = objcparse.Type{Text: "char", Name: "char"}
	nsIntT  = objcparse.Type{Text: "NSInteger", Name: "NSInteger"}
	unknown = objcparse.Type{Text: "MyStruct", Name: "MyStruct"}
)

// seedIvars is FBRetainCycleDetectorTests.mm's _RCDTestClass (seed 002):
// properties object (strong), secondObject (strong), array (copy),
// weakObject (weak), block (strong) and someStruct, a struct
// { id<NSObject> model; __weak id<NSObject> weakModel; } — all synthesized.
var seedIvars = []LayoutIvar{
	{Name: "_object", Type: objT("NSObject"), Own: OwnStrong, Synthesized: true},
	{Name: "_secondObject", Type: objT("NSObject"), Own: OwnStrong, Synthesized: true},
	{Name: "_array", Type: objT("NSArray"), Own: OwnCopy, Synthesized: true},
	{Name: "_weakObject", Type: objT("NSObject"), Own: OwnWeak, Synthesized: true},
	{Name: "_block", Type: blockT, Own: OwnStrong, Synthesized: true},
	{Name: "_someStruct", Type: objcparse.Type{Text: "_RCDTestStruct", Name: "_RCDTestStruct"},
		Size: 16, Align: 8, StrongWords: []int{0}, WeakWords: []int{1}, Synthesized: true},
}

func TestComputeLayout(t *testing.T) {
	tests := []struct {
		name         string
		ivars        []LayoutIvar
		start        int
		mem          Memory
		strong, weak []byte // nil: NULL
		base, end    int
		offsets      []int // checked when non-nil
	}{
		{
			name:  "seed _RCDTestClass",
			ivars: OrderIvars(seedIvars), start: 8,
			strong: []byte{0x03, 0x12}, weak: []byte{0x31, 0x21},
			base: 8, end: 64, offsets: []int{8, 16, 24, 32, 40, 48},
		},
		{
			name:  "clang AllPointers: three strong ivars",
			ivars: []LayoutIvar{strongIvar("foo"), ivar("bar", qual(idT, "__strong"), OwnStrong), ivar("bletch", objT("NSObject"), OwnStrong)},
			start: 8, strong: []byte{0x03}, base: 8, end: 32,
		},
		{
			name: "clang A: strong, strong, unsigned int, weak",
			ivars: []LayoutIvar{
				ivar("foo", objT("NSString"), OwnStrong), ivar("bar", objT("NSNumber"), OwnStrong),
				ivar("bletch", uintT, OwnNone), ivar("delegate", qual(idT, "__weak"), OwnWeak),
			},
			start: 8, strong: []byte{0x02}, weak: []byte{0x31}, base: 8, end: 40,
			offsets: []int{8, 16, 24, 32},
		},
		{
			name: "clang B: subclass of A starts at A's end",
			ivars: []LayoutIvar{
				ivar("x", uintT, OwnNone), ivar("y", objT("NSString"), OwnStrong), ivar("z", objT("NSString"), OwnStrong),
			},
			start: 40, strong: []byte{0x12}, base: 40, end: 64,
		},
		{
			name: "clang UnsafePerson: root class, leading __unsafe_unretained",
			ivars: []LayoutIvar{
				ivar("name", qual(idT, "__unsafe_unretained"), OwnUnretained),
				ivar("age", qual(idT, "__unsafe_unretained"), OwnUnretained),
				strongIvar("value"),
			},
			start: 0, strong: []byte{0x21}, base: 0, end: 24,
		},
		{
			name:  "clang rdar16136439: weak property in a root class",
			ivars: []LayoutIvar{{Name: "_first", Type: idT, Own: OwnWeak, Synthesized: true}},
			start: 0, weak: []byte{0x01}, base: 0, end: 8,
		},
		{
			name:  "clang Misalign: superclass ending with a char",
			ivars: []LayoutIvar{ivar("a", charT, OwnNone)},
			start: 8, base: 8, end: 9,
		},
		{
			name:  "clang Misaligned: tail-packed char, base rounded up",
			ivars: []LayoutIvar{ivar("b", charT, OwnNone), strongIvar("x")},
			start: 9, strong: []byte{0x01}, base: 16, end: 24, offsets: []int{9, 16},
		},
		{
			name:  "run of 20 strong words splits over two bytes",
			ivars: repeatIvars(20, strongIvar("o")),
			start: 8, strong: []byte{0x0f, 0x05}, base: 8, end: 168,
		},
		{
			name:  "run of exactly 15",
			ivars: repeatIvars(15, strongIvar("o")),
			start: 8, strong: []byte{0x0f}, base: 8, end: 128,
		},
		{
			name:  "16 strong, 1 weak, 16 strong",
			ivars: append(append(repeatIvars(16, strongIvar("a")), ivar("w", idT, OwnWeak)), repeatIvars(16, strongIvar("b"))...),
			start: 8, strong: []byte{0x0f, 0x01, 0x1f, 0x01}, weak: []byte{0xf0, 0x11}, base: 8, end: 8 + 33*8,
		},
		{
			name:  "17 leading scalar words",
			ivars: append(repeatIvars(17, ivar("n", nsIntT, OwnNone)), strongIvar("o")),
			start: 8, strong: []byte{0xf0, 0x21}, base: 8, end: 8 + 18*8,
		},
		{
			name:  "leading weak and scalar ivars are skips",
			ivars: []LayoutIvar{ivar("w", idT, OwnWeak), ivar("n", intT, OwnNone), strongIvar("o")},
			start: 8, strong: []byte{0x21}, weak: []byte{0x01}, base: 8, end: 32,
		},
		{
			name: "BOOL and object packing",
			ivars: []LayoutIvar{
				ivar("a", boolT, OwnNone), strongIvar("b"), ivar("c", boolT, OwnNone), ivar("d", boolT, OwnNone), strongIvar("e"),
			},
			start: 8, strong: []byte{0x11, 0x11}, base: 8, end: 40, offsets: []int{8, 16, 24, 25, 32},
		},
		{
			name:  "trailing non-strong words are not encoded",
			ivars: []LayoutIvar{strongIvar("o"), ivar("n", intT, OwnNone), ivar("w", idT, OwnWeak), ivar("u", idT, OwnUnretained)},
			start: 8, strong: []byte{0x01}, weak: []byte{0x21}, base: 8, end: 40,
		},
		{
			name:  "no strong ivars: NULL strong layout",
			ivars: []LayoutIvar{ivar("n", intT, OwnNone), ivar("w", idT, OwnWeak)},
			start: 8, weak: []byte{0x11}, base: 8, end: 24,
		},
		{
			name:  "only __unsafe_unretained and C pointers: both NULL",
			ivars: []LayoutIvar{ivar("u", idT, OwnUnretained), ivar("p", voidPtr, OwnNone)},
			start: 8, base: 8, end: 24,
		},
		{
			name:  "no ivars",
			start: 8, base: 8, end: 8,
		},
		{
			name:  "struct with objects (FB _RCDTestStructWithObjects)",
			ivars: []LayoutIvar{{Name: "structure", Size: 24, StrongWords: []int{0, 2}}},
			start: 8, strong: []byte{0x01, 0x11}, base: 8, end: 32,
		},
		{
			name:  "struct words outside the struct are ignored",
			ivars: []LayoutIvar{{Name: "s", Size: 16, StrongWords: []int{-1, 1, 2}}},
			start: 8, strong: []byte{0x11}, base: 8, end: 24,
		},
		{
			name:  "CGRect then object",
			ivars: []LayoutIvar{ivar("frame", rectT, OwnNone), strongIvar("o")},
			start: 8, strong: []byte{0x41}, base: 8, end: 48,
		},
		{
			name:  "copy counts as strong",
			ivars: []LayoutIvar{ivar("s", objT("NSString"), OwnCopy)},
			start: 8, strong: []byte{0x01}, base: 8, end: 16,
		},
		{
			name: "MRC: no strong layout, weak layout only with __weak ivars",
			ivars: []LayoutIvar{
				ivar("foo", objT("NSString"), IvarOwnership(objT("NSString"), MRC)),
				ivar("bletch", uintT, OwnNone),
				ivar("delegate", qual(idT, "__weak"), IvarOwnership(qual(idT, "__weak"), MRC)),
			},
			start: 8, mem: MRC, weak: []byte{0x21}, base: 8, end: 32,
		},
		{
			name:  "MRC: owning ivars still give no strong layout",
			ivars: []LayoutIvar{strongIvar("o")},
			start: 8, mem: MRC, base: 8, end: 16,
		},
		{
			name:  "negative start is treated as 0",
			ivars: []LayoutIvar{strongIvar("o")},
			start: -5, strong: []byte{0x01}, base: 0, end: 8,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ComputeLayout(tt.ivars, tt.start, tt.mem)
			if !bytes.Equal(l.Strong, tt.strong) || (l.Strong == nil) != (tt.strong == nil) {
				t.Errorf("Strong = %s, want %s", FormatLayout(l.Strong), FormatLayout(tt.strong))
			}
			if !bytes.Equal(l.Weak, tt.weak) || (l.Weak == nil) != (tt.weak == nil) {
				t.Errorf("Weak = %s, want %s", FormatLayout(l.Weak), FormatLayout(tt.weak))
			}
			if l.Base != tt.base || l.End != tt.end {
				t.Errorf("Base, End = %d, %d; want %d, %d", l.Base, l.End, tt.base, tt.end)
			}
			if want := alignUp(tt.end, 8); l.InstanceSize != want {
				t.Errorf("InstanceSize = %d, want %d", l.InstanceSize, want)
			}
			if tt.offsets != nil && !reflect.DeepEqual(l.Offsets, tt.offsets) {
				t.Errorf("Offsets = %v, want %v", l.Offsets, tt.offsets)
			}
			if len(l.Offsets) != len(tt.ivars) {
				t.Errorf("len(Offsets) = %d, want %d", len(l.Offsets), len(tt.ivars))
			}
		})
	}
}

// TestSeedLayout checks the whole seed 002 walk-through: layout `\x03\x12`,
// FBRetainCycleDetector's index set 1-3 5-6.
func TestSeedLayout(t *testing.T) {
	l := ComputeLayout(OrderIvars(seedIvars), 8, ARC)
	if got, want := FormatLayout(l.Strong), `\x03\x12`; got != want {
		t.Errorf("FormatLayout = %s, want %s", got, want)
	}
	slots := LayoutSlots(l.Strong, l.Base/WordSize)
	if want := []int{1, 2, 3, 5, 6}; !reflect.DeepEqual(slots, want) {
		t.Errorf("LayoutSlots = %v, want %v", slots, want)
	}
	if got, want := FormatSlots(slots), "1-3 5-6"; got != want {
		t.Errorf("FormatSlots = %q, want %q", got, want)
	}
	if got, want := FormatSlots(LayoutSlots(l.Weak, l.Base/WordSize)), "4 7"; got != want {
		t.Errorf("weak slots = %q, want %q", got, want)
	}
}

func TestOrderIvars(t *testing.T) {
	tests := []struct {
		name  string
		ivars []LayoutIvar
		want  []string
	}{
		{
			name: "synthesized sorted by size after declared",
			ivars: []LayoutIvar{
				{Name: "_obj", Type: idT, Synthesized: true},
				{Name: "declared", Type: intT},
				{Name: "_flag", Type: boolT, Synthesized: true},
				{Name: "_frame", Type: rectT, Synthesized: true},
				{Name: "_other", Type: idT, Synthesized: true},
				{Name: "declared2", Type: rectT},
			},
			want: []string{"declared", "declared2", "_flag", "_obj", "_other", "_frame"},
		},
		{
			name:  "declared order kept",
			ivars: []LayoutIvar{{Name: "c", Type: rectT}, {Name: "a", Type: boolT}, {Name: "b", Type: idT}},
			want:  []string{"c", "a", "b"},
		},
		{name: "empty", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{}
			for _, iv := range OrderIvars(tt.ivars) {
				got = append(got, iv.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("OrderIvars = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFormatLayout(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, "NULL"},
		{[]byte{}, "NULL"},
		{[]byte{0x00}, "NULL"},
		{[]byte{0x03, 0x12}, `\x03\x12`},
		{[]byte{0xf0, 0x21}, `\xf0\x21`},
		{[]byte{0x0f, 0x05, 0x00, 0x11}, `\x0f\x05`},
	}
	for _, tt := range tests {
		if got := FormatLayout(tt.in); got != tt.want {
			t.Errorf("FormatLayout(% x) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestLayoutSlots(t *testing.T) {
	tests := []struct {
		name   string
		layout []byte
		base   int
		want   []int
	}{
		{"seed", []byte{0x03, 0x12}, 1, []int{1, 2, 3, 5, 6}},
		{"root class", []byte{0x21}, 0, []int{2}},
		{"terminator stops decoding", []byte{0x01, 0x00, 0x01}, 1, []int{1}},
		{"split run", []byte{0x0f, 0x02}, 1, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
		{"long skip", []byte{0xf0, 0x21}, 1, []int{18}},
		{"NULL", nil, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LayoutSlots(tt.layout, tt.base); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LayoutSlots = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFormatSlots(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{4}, "4"},
		{[]int{1, 2, 3, 5, 6}, "1-3 5-6"},
		{[]int{1, 3, 5}, "1 3 5"},
		{[]int{0, 1, 7, 8, 9, 20}, "0-1 7-9 20"},
	}
	for _, tt := range tests {
		if got := FormatSlots(tt.in); got != tt.want {
			t.Errorf("FormatSlots(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTypeSize(t *testing.T) {
	tests := []struct {
		name        string
		t           objcparse.Type
		size, align int
		assumed     bool
	}{
		{"object", objT("NSObject"), 8, 8, false},
		{"id", idT, 8, 8, false},
		{"Class without Object flag", objcparse.Type{Text: "Class", Name: "Class"}, 8, 8, false},
		{"block", blockT, 8, 8, false},
		{"SEL", objcparse.Type{Text: "SEL", Name: "SEL"}, 8, 8, false},
		{"C pointer", cPtrT, 8, 8, false},
		{"CGRect pointer", objcparse.Type{Text: "CGRect *", Name: "CGRect"}, 8, 8, false},
		{"BOOL", boolT, 1, 1, false},
		{"bool", objcparse.Type{Name: "bool"}, 1, 1, false},
		{"char", charT, 1, 1, false},
		{"unsigned char", objcparse.Type{Name: "unsigned char"}, 1, 1, false},
		{"short", objcparse.Type{Name: "short"}, 2, 2, false},
		{"unsigned short int", objcparse.Type{Name: "unsigned short int"}, 2, 2, false},
		{"int", intT, 4, 4, false},
		{"unsigned", objcparse.Type{Name: "unsigned"}, 4, 4, false},
		{"unsigned int", uintT, 4, 4, false},
		{"float", objcparse.Type{Name: "float"}, 4, 4, false},
		{"int32_t", objcparse.Type{Name: "int32_t"}, 4, 4, false},
		{"long", objcparse.Type{Name: "long"}, 8, 8, false},
		{"unsigned long long", objcparse.Type{Name: "unsigned  long long"}, 8, 8, false},
		{"const NSInteger", objcparse.Type{Name: "const NSInteger"}, 8, 8, false},
		{"NSUInteger", objcparse.Type{Name: "NSUInteger"}, 8, 8, false},
		{"CGFloat", objcparse.Type{Name: "CGFloat"}, 8, 8, false},
		{"double", objcparse.Type{Name: "double"}, 8, 8, false},
		{"size_t", objcparse.Type{Name: "size_t"}, 8, 8, false},
		{"int64_t", objcparse.Type{Name: "int64_t"}, 8, 8, false},
		{"NSTimeInterval", objcparse.Type{Name: "NSTimeInterval"}, 8, 8, false},
		{"CGPoint", objcparse.Type{Name: "CGPoint"}, 16, 8, false},
		{"CGSize", objcparse.Type{Name: "CGSize"}, 16, 8, false},
		{"NSRange", objcparse.Type{Name: "NSRange"}, 16, 8, false},
		{"CGRect", rectT, 32, 8, false},
		{"UIEdgeInsets", objcparse.Type{Name: "UIEdgeInsets"}, 32, 8, false},
		{"CGAffineTransform", objcparse.Type{Name: "CGAffineTransform"}, 48, 8, false},
		{"name from Text", objcparse.Type{Text: "CGSize"}, 16, 8, false},
		{"unknown struct", unknown, 8, 8, true},
		{"long double is not modelled", objcparse.Type{Name: "long double"}, 8, 8, true},
		{"zero type", objcparse.Type{}, 8, 8, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			size, align, assumed := TypeSize(tt.t)
			if size != tt.size || align != tt.align || assumed != tt.assumed {
				t.Errorf("TypeSize = %d, %d, %v; want %d, %d, %v", size, align, assumed, tt.size, tt.align, tt.assumed)
			}
		})
	}
}

func TestComputeLayoutAssumed(t *testing.T) {
	l := ComputeLayout([]LayoutIvar{ivar("s", unknown, OwnNone), strongIvar("o"), {Name: "given", Type: unknown, Size: 4}}, 8, ARC)
	if want := []string{"s"}; !reflect.DeepEqual(l.Assumed, want) {
		t.Errorf("Assumed = %v, want %v", l.Assumed, want)
	}
	if got, want := FormatLayout(l.Strong), `\x11`; got != want {
		t.Errorf("Strong = %s, want %s", got, want)
	}
}
