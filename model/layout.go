package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// This file implements SEMANTICS §1 "Ivar layout": the strings the runtime
// returns from class_getIvarLayout and class_getWeakIvarLayout, computed
// from declarations exactly as clang emits them. Sources read:
//
//   - clang/lib/CodeGen/CGObjCMac.cpp: CGObjCCommonMac::BuildIvarLayout,
//     IvarLayoutBuilder::visitField and ::buildBitmap, GetGCAttrTypeForType;
//   - clang/lib/AST/DeclObjC.cpp: ObjCInterfaceDecl::all_declared_ivar_begin
//     (ivar order);
//   - clang/test/CodeGenObjC/arc-ivar-layout.m (expected layouts, reused as
//     test cases);
//   - objc4 runtime/objc-layout.mm (the encoding) and FBRetainCycleDetector's
//     FBGetLayoutAsIndexesForDescription (decoding to word indexes).

// WordSize is the size of a pointer, in bytes, on the 64-bit Apple
// platforms objcleak models (arm64, x86_64).
const WordSize = 8

// AssumedSize is the size and alignment, in bytes, given to an ivar whose
// non-object type is not in the size table (a project struct, an enum
// typedef): one word. NS_ENUM/NS_OPTIONS types are NSInteger or NSUInteger
// based, so the assumption is exact for them; for other types the layout
// may be off, and ComputeLayout lists the ivar in Layout.Assumed.
const AssumedSize = 8

// A LayoutIvar is one instance variable as the layout sees it.
type LayoutIvar struct {
	Name string
	Type objcparse.Type
	// Own is the ivar's ownership, decided by the caller (IvarOwnership for
	// declared ivars, PropertyOwnership for synthesized ones). Only
	// pointer-sized object ivars use it: strong and copy ivars are scanned
	// by the strong layout, weak ones by the weak layout.
	Own Ownership
	// Size and Align, in bytes, override the size table when Size > 0
	// (structs and arrays the table does not know). Align 0 means
	// min(Size, 8).
	Size, Align int
	// StrongWords and WeakWords describe an aggregate (a struct or array
	// ivar) that contains object pointers: the word offsets, relative to
	// the ivar's start, of its strong and weak members. When either is
	// set, Own is ignored. Offsets outside the ivar are ignored.
	StrongWords, WeakWords []int
	// Synthesized marks an ivar synthesized for a property; OrderIvars
	// places these last, as clang does.
	Synthesized bool
}

// Layout is the computed layout of a class's own ivars.
type Layout struct {
	// Start is the byte offset the class's ivars were laid out from (the
	// argument of ComputeLayout).
	Start int
	// Base is where the layout strings start: the first ivar's offset
	// rounded up to a word (clang: InstanceStart aligned to the pointer
	// alignment). Base/WordSize is the word index of the first layout word.
	Base int
	// End is one past the last ivar's last byte: the class's unaligned
	// instance size. Pass it as a subclass's start.
	End int
	// InstanceSize is End rounded up to a word (class_getInstanceSize).
	InstanceSize int
	// Offsets holds each ivar's byte offset, in input order.
	Offsets []int
	// Strong is class_getIvarLayout's string and Weak is
	// class_getWeakIvarLayout's, both WITHOUT the terminating 0x00 byte the
	// runtime strings end with. nil means the runtime returns NULL.
	Strong, Weak []byte
	// Assumed lists the ivars sized by the AssumedSize assumption.
	Assumed []string
}

// ComputeLayout lays out ivars, in the order given, from byte offset start
// and computes the strong and weak ivar layouts the runtime reports for the
// class (SEMANTICS §1 "Ivar layout").
//
// start is where the class's ivars begin: the superclass's unaligned
// instance end (its Layout.End), 8 for a direct NSObject subclass (isa),
// 0 for a root class. clang lays a subclass's first ivar out right after
// the superclass's last field, not after its rounded instance size.
// Use OrderIvars first to get clang's ivar order.
//
// What clang emits, and so what this returns (CGObjCMac.cpp):
//   - the encoding: bytes 0xSN, S = words to skip, N = words to scan, runs
//     over 15 split across bytes (skips merge into a previous skip-only
//     byte, scans into the previous byte), counted from Base;
//   - leading non-strong words are skips; trailing non-strong words are
//     not encoded at all (only GC layouts add a final skip);
//   - no strong word at all, or no ivars: NULL (Strong == nil), not an
//     empty string; likewise Weak;
//   - __unsafe_unretained and C pointers are never scanned; __weak only by
//     the weak layout; unqualified object pointers and blocks are strong;
//   - MRC: "If this is MRC, and we're either building a strong layout or
//     there are no weak ivars, bail out early" — Strong is always NULL and
//     Weak is NULL unless the class has __weak ivars (-fobjc-weak).
func ComputeLayout(ivars []LayoutIvar, start int, mem Memory) Layout {
	if start < 0 {
		start = 0
	}
	l := Layout{Start: start, Base: alignUp(start, WordSize), End: start}
	var strong, weak []int // byte offsets of scanned words
	off := start
	for i, iv := range ivars {
		size, align, assumed := ivarSize(iv)
		if assumed {
			l.Assumed = append(l.Assumed, iv.Name)
		}
		off = alignUp(off, align)
		if i == 0 {
			l.Base = alignUp(off, WordSize)
		}
		l.Offsets = append(l.Offsets, off)
		if len(iv.StrongWords) > 0 || len(iv.WeakWords) > 0 {
			strong = appendWords(strong, off, size, iv.StrongWords)
			weak = appendWords(weak, off, size, iv.WeakWords)
		} else if size == WordSize {
			switch {
			case iv.Own.IsOwning():
				strong = append(strong, off)
			case iv.Own == OwnWeak:
				weak = append(weak, off)
			}
		}
		off += size
	}
	l.End = off
	l.InstanceSize = alignUp(off, WordSize)
	if len(ivars) == 0 {
		l.Base = alignUp(start, WordSize)
		return l
	}
	if mem != MRC {
		l.Strong = buildBitmap(strong, l.Base)
	}
	l.Weak = buildBitmap(weak, l.Base)
	return l
}

// appendWords adds the byte offsets of an aggregate's object words.
func appendWords(dst []int, off, size int, words []int) []int {
	for _, w := range words {
		if w < 0 || (w+1)*WordSize > size {
			continue
		}
		dst = append(dst, off+w*WordSize)
	}
	return dst
}

// buildBitmap is clang's IvarLayoutBuilder::buildBitmap for the ARC case:
// offsets are the byte offsets of one-word scan requests, base the start of
// the layout. It returns nil for an empty bitmap (NULL).
func buildBitmap(offsets []int, base int) []byte {
	if len(offsets) == 0 {
		return nil
	}
	offs := append([]int(nil), offsets...)
	sort.Ints(offs)
	const maxNibble = 0xF
	var buf []byte
	skip := func(n int) {
		// Merge into the previous byte if it holds only a skip.
		if len(buf) > 0 && buf[len(buf)-1]&0x0F == 0 {
			last := int(buf[len(buf)-1] >> 4)
			if last < maxNibble {
				claimed := min(maxNibble-last, n)
				n -= claimed
				buf[len(buf)-1] = byte((last + claimed) << 4)
			}
		}
		for n >= maxNibble {
			buf = append(buf, maxNibble<<4)
			n -= maxNibble
		}
		if n > 0 {
			buf = append(buf, byte(n<<4))
		}
	}
	scan := func(n int) {
		// Scans come second in a byte, so they may merge into any byte.
		if len(buf) > 0 {
			b := buf[len(buf)-1]
			last := int(b & 0x0F)
			if last < maxNibble {
				claimed := min(maxNibble-last, n)
				n -= claimed
				buf[len(buf)-1] = b&0xF0 | byte(last+claimed)
			}
		}
		for n >= maxNibble {
			buf = append(buf, maxNibble)
			n -= maxNibble
		}
		if n > 0 {
			buf = append(buf, byte(n))
		}
	}
	endOfLastScan := 0 // in words
	for _, o := range offs {
		begin := o - base
		// clang ignores requests that are not word aligned or that start
		// before the layout's base.
		if begin < 0 || begin%WordSize != 0 {
			continue
		}
		beginWord := begin / WordSize
		endWord := beginWord + 1
		if beginWord > endOfLastScan {
			skip(beginWord - endOfLastScan)
		} else {
			beginWord = endOfLastScan
			if beginWord >= endWord {
				continue
			}
		}
		scan(endWord - beginWord)
		endOfLastScan = endWord
	}
	if len(buf) == 0 {
		return nil
	}
	return buf
}

// OrderIvars returns ivars in the order clang lays them out (SEMANTICS §1)
// (ObjCInterfaceDecl::all_declared_ivar_begin): the declared ivars in the
// order given — the caller passes @interface ivars, then class-extension
// ivars, then @implementation ivars — followed by the synthesized ones
// stable-sorted by size, smallest first ("Order synthesized ivars by their
// size"), so a synthesized BOOL comes before a synthesized object pointer.
// Synthesized ivars are expected in property declaration order.
func OrderIvars(ivars []LayoutIvar) []LayoutIvar {
	out := make([]LayoutIvar, 0, len(ivars))
	var synth []LayoutIvar
	for _, iv := range ivars {
		if iv.Synthesized {
			synth = append(synth, iv)
		} else {
			out = append(out, iv)
		}
	}
	sort.SliceStable(synth, func(i, j int) bool {
		si, _, _ := ivarSize(synth[i])
		sj, _, _ := ivarSize(synth[j])
		return si < sj
	})
	return append(out, synth...)
}

// FormatLayout renders a layout (SEMANTICS §1) the way debuggers and the
// seed articles show it: `\x03\x12`, lower-case hex, one `\x` per byte, without the
// terminating `\x00`. A nil or empty layout (the runtime's NULL) is "NULL".
// Bytes after an embedded 0x00 are not part of the runtime string and are
// not shown.
func FormatLayout(layout []byte) string {
	if len(layout) == 0 || layout[0] == 0 {
		return "NULL"
	}
	var b strings.Builder
	for _, c := range layout {
		if c == 0 {
			break
		}
		fmt.Fprintf(&b, `\x%02x`, c)
	}
	return b.String()
}

// LayoutSlots decodes a layout (SEMANTICS §1) into the indexes of the scanned words,
// counted in words from the start of the object, ascending: what
// FBRetainCycleDetector's FBGetLayoutAsIndexesForDescription computes.
// baseWord is the word index of the layout's first word (Layout.Base /
// WordSize; 1 for a direct NSObject subclass). Decoding stops at a 0x00
// byte; nil or empty layouts have no slots. For the seed example
// (`\x03\x12`, baseWord 1) it returns 1 2 3 5 6.
func LayoutSlots(layout []byte, baseWord int) []int {
	var out []int
	idx := baseWord
	for _, c := range layout {
		if c == 0 {
			break
		}
		idx += int(c >> 4)
		for n := int(c & 0x0F); n > 0; n-- {
			out = append(out, idx)
			idx++
		}
	}
	return out
}

// FormatSlots renders word indexes (SEMANTICS §1) as ranges, as
// NSIndexSet's description does: "1-3 5-6". Indexes must be ascending; nil gives "".
func FormatSlots(slots []int) string {
	var parts []string
	for i := 0; i < len(slots); {
		j := i
		for j+1 < len(slots) && slots[j+1] == slots[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprint(slots[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", slots[i], slots[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}

func alignUp(x, a int) int {
	if a <= 1 {
		return x
	}
	return (x + a - 1) / a * a
}

// ivarSize returns the size and alignment of an ivar in bytes, and whether
// the AssumedSize assumption was used.
func ivarSize(iv LayoutIvar) (size, align int, assumed bool) {
	if iv.Size > 0 {
		align = iv.Align
		if align <= 0 {
			align = min(iv.Size, WordSize)
		}
		return iv.Size, align, false
	}
	size, align, assumed = TypeSize(iv.Type)
	return size, align, assumed
}

// TypeSize returns the size and alignment in bytes of a value of type t on
// 64-bit Apple platforms, for ivar layouts (SEMANTICS §1): object pointers, blocks, id, Class, SEL, C
// pointers and CF references are one word; scalars and the common
// framework structs come from a table (BOOL 1, int 4, NSInteger 8, CGRect
// 32, CGAffineTransform 48, ...). Unknown non-object types get AssumedSize
// and assumed is true.
func TypeSize(t objcparse.Type) (size, align int, assumed bool) {
	if t.Object || t.Block || objectTypeNames[canonicalTypeName(t)] ||
		strings.Contains(t.Text, "*") || strings.Contains(t.Text, "^") {
		return WordSize, WordSize, false
	}
	if s, a, ok := scalarSize(canonicalTypeName(t)); ok {
		return s, a, false
	}
	return AssumedSize, AssumedSize, true
}

// canonicalTypeName returns t's base type name with qualifiers removed and
// spaces collapsed ("unsigned  int" → "unsigned int", "const CGFloat" →
// "CGFloat"), falling back to Text when Name is empty.
func canonicalTypeName(t objcparse.Type) string {
	name := t.Name
	if name == "" {
		name = t.Text
	}
	var words []string
	for _, w := range strings.Fields(name) {
		if typeNoiseWords[w] {
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// typeNoiseWords are words that do not change a type's size.
var typeNoiseWords = map[string]bool{
	"const": true, "volatile": true, "__strong": true, "__weak": true,
	"__unsafe_unretained": true, "__autoreleasing": true, "__block": true,
	"_Nullable": true, "_Nonnull": true, "_Null_unspecified": true,
	"__nullable": true, "__nonnull": true, "nullable": true, "nonnull": true,
	"static": true, "__unused": true, "register": true, "_Atomic": true,
}

// sizeAlign is a size and alignment in bytes.
type sizeAlign struct{ size, align int }

// typeSizes is the size table for named non-pointer types on arm64 and
// x86_64 (LP64; CGFloat is double).
var typeSizes = map[string]sizeAlign{
	// 1 byte. BOOL is bool on arm64 and signed char on x86_64: 1 either way.
	"BOOL": {1, 1}, "bool": {1, 1}, "_Bool": {1, 1}, "Boolean": {1, 1},
	"int8_t": {1, 1}, "uint8_t": {1, 1}, "UInt8": {1, 1}, "SInt8": {1, 1},
	"u_int8_t": {1, 1}, "Byte": {1, 1}, "SignedByte": {1, 1},
	// 2 bytes.
	"int16_t": {2, 2}, "uint16_t": {2, 2}, "UInt16": {2, 2}, "SInt16": {2, 2},
	"unichar": {2, 2}, "UniChar": {2, 2}, "UTF16Char": {2, 2}, "CGGlyph": {2, 2},
	"u_int16_t": {2, 2},
	// 4 bytes.
	"float": {4, 4}, "int32_t": {4, 4}, "uint32_t": {4, 4}, "UInt32": {4, 4},
	"SInt32": {4, 4}, "OSStatus": {4, 4}, "OSType": {4, 4}, "FourCharCode": {4, 4},
	"UTF32Char": {4, 4}, "wchar_t": {4, 4}, "pid_t": {4, 4}, "uid_t": {4, 4},
	"mach_port_t": {4, 4}, "os_unfair_lock": {4, 4}, "OSSpinLock": {4, 4},
	"Float32": {4, 4}, "GLfloat": {4, 4}, "GLint": {4, 4}, "GLuint": {4, 4},
	"GLenum": {4, 4}, "u_int32_t": {4, 4}, "UIAccessibilityNotifications": {4, 4},
	// 8 bytes.
	"NSInteger": {8, 8}, "NSUInteger": {8, 8}, "CGFloat": {8, 8}, "double": {8, 8},
	"size_t": {8, 8}, "ssize_t": {8, 8}, "int64_t": {8, 8}, "uint64_t": {8, 8},
	"intptr_t": {8, 8}, "uintptr_t": {8, 8}, "ptrdiff_t": {8, 8}, "off_t": {8, 8},
	"UInt64": {8, 8}, "SInt64": {8, 8}, "Float64": {8, 8}, "u_int64_t": {8, 8},
	"NSTimeInterval": {8, 8}, "CFTimeInterval": {8, 8}, "CFAbsoluteTime": {8, 8},
	"CFIndex": {8, 8}, "CFOptionFlags": {8, 8}, "CFHashCode": {8, 8},
	"CFTypeID": {8, 8}, "NSStringEncoding": {8, 8}, "NSComparisonResult": {8, 8},
	"dispatch_once_t": {8, 8}, "dispatch_time_t": {8, 8}, "time_t": {8, 8},
	"CLLocationDegrees": {8, 8}, "CLLocationDistance": {8, 8},
	"CLLocationAccuracy": {8, 8}, "CLLocationSpeed": {8, 8},
	"CLLocationDirection": {8, 8}, "CMTimeValue": {8, 8}, "UIBackgroundTaskIdentifier": {8, 8},
	"SEL": {8, 8}, "IMP": {8, 8},
	// Structs.
	"CGPoint": {16, 8}, "CGSize": {16, 8}, "CGVector": {16, 8}, "NSRange": {16, 8},
	"NSPoint": {16, 8}, "NSSize": {16, 8}, "UIOffset": {16, 8},
	"CLLocationCoordinate2D": {16, 8}, "CFRange": {16, 8}, "MKCoordinateSpan": {16, 8},
	"CMTime": {24, 8},
	"CGRect": {32, 8}, "NSRect": {32, 8}, "UIEdgeInsets": {32, 8}, "NSEdgeInsets": {32, 8},
	"NSDirectionalEdgeInsets": {32, 8}, "MKCoordinateRegion": {32, 8},
	"CGAffineTransform": {48, 8}, "CMTimeRange": {48, 8},
	"CATransform3D":   {128, 8},
	"pthread_mutex_t": {64, 8}, "pthread_cond_t": {48, 8}, "pthread_rwlock_t": {200, 8},
}

// scalarSize looks a canonical type name up in the size table, including
// C integer spellings ("unsigned long int", "long long", "short").
func scalarSize(name string) (size, align int, ok bool) {
	if sa, found := typeSizes[name]; found {
		return sa.size, sa.align, true
	}
	if name == "" {
		return 0, 0, false
	}
	// C integer and character types written with keywords.
	longs, short, char, other := 0, false, false, false
	for _, w := range strings.Fields(name) {
		switch w {
		case "long":
			longs++
		case "short":
			short = true
		case "char":
			char = true
		case "int", "signed", "unsigned", "__signed", "__signed__":
		default:
			other = true
		}
	}
	switch {
	case other:
		return 0, 0, false
	case char:
		return 1, 1, true
	case short:
		return 2, 2, true
	case longs > 0:
		return 8, 8, true
	}
	return 4, 4, true
}
