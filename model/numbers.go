package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Tagged NSNumber limits (SEMANTICS §6). objc4 gives a tagged pointer a
// 60-bit payload on arm64 and x86_64 (64 bits minus the tag bit and the 3
// tag-index bits; objc-internal.h _OBJC_TAG_PAYLOAD_RSHIFT = 4), and
// Foundation keeps the number's type in the low 4 bits of that payload
// (seed 001: 0xb000000000000012 is the int 1, type 2), leaving 56 bits for
// the value, sign-extended. CFNumber's old tagged layout (kCFTaggedIntValueOffset
// 8) gave the same 56 bits. So an integer is tagged iff
// TaggedIntMin <= v <= TaggedIntMax.
const (
	TaggedIntMin = -1 << 55  // -36028797018963968
	TaggedIntMax = 1<<55 - 1 // 36028797018963967
)

// TaggedInteger reports whether an NSNumber holding the signed integer v
// is a tagged pointer, with the reason.
func TaggedInteger(v int64) (tagged bool, reason string) {
	if v >= TaggedIntMin && v <= TaggedIntMax {
		return true, fmt.Sprintf("%d fits in the 56-bit payload of a tagged NSNumber", v)
	}
	return false, fmt.Sprintf("%d does not fit in the 56-bit payload of a tagged NSNumber (-2^55 to 2^55-1)", v)
}

// TaggedUnsigned is TaggedInteger for an unsigned value (numberWithUnsignedLong:
// and friends); values above 2^55-1 are heap objects.
func TaggedUnsigned(v uint64) (tagged bool, reason string) {
	if v <= TaggedIntMax {
		return true, fmt.Sprintf("%d fits in the 56-bit payload of a tagged NSNumber", v)
	}
	return false, fmt.Sprintf("%d does not fit in the 56-bit payload of a tagged NSNumber (-2^55 to 2^55-1)", v)
}

// floatNumberReason explains why floating-point NSNumbers are classified as
// heap objects: newer Foundation versions tag some doubles, older ones
// never do, so a value that is tagged on one OS is a heap object on another.
const floatNumberReason = "floating-point NSNumber; tagging depends on the OS version"

func classifyInteger(v int64) ValueClass {
	ok, why := TaggedInteger(v)
	if ok {
		return ValueClass{KindTagged, why}
	}
	return ValueClass{KindHeap, why}
}

func classifyUnsigned(v uint64) ValueClass {
	ok, why := TaggedUnsigned(v)
	if ok {
		return ValueClass{KindTagged, why}
	}
	return ValueClass{KindHeap, why}
}

// ClassifyNumberLiteral classifies a boxed literal NSNumber (SEMANTICS §6):
// @42, @(42), @-1, @42ULL, @'a', @3.14, @YES. The leading @ and
// parentheses are optional. Integer literals are judged at the C type the
// literal has (int, long, unsigned long long, ...): 32-bit types always
// fit the tagged payload, 64-bit ones when |v| < 2^55. @YES/@NO
// (and @true/@false) are the constants kCFBooleanTrue/kCFBooleanFalse.
// Floating-point literals are heap objects (floatNumberReason). Anything
// else (an expression, a macro) is unknown.
func ClassifyNumberLiteral(lit string) ValueClass {
	n, ok := parseNumber(lit)
	if !ok {
		return ValueClass{KindUnknown, "not a numeric literal"}
	}
	switch n.kind {
	case numBool:
		return boolClass(n.boolVal)
	case numFloat:
		return ValueClass{KindHeap, floatNumberReason}
	}
	if n.unsigned {
		return classifyUnsigned(n.bits)
	}
	return classifyInteger(int64(n.bits))
}

func boolClass(v bool) ValueClass {
	if v {
		return ValueClass{KindConstant, "@YES is the constant kCFBooleanTrue"}
	}
	return ValueClass{KindConstant, "@NO is the constant kCFBooleanFalse"}
}

// numberParam is the C type of an NSNumber factory's parameter.
type numberParam int

const (
	param32     numberParam = iota + 1 // char, short, int and their unsigned forms
	paramInt64                         // long, long long, NSInteger
	paramUint64                        // unsigned long, unsigned long long, NSUInteger
	paramFloat                         // float, double
	paramBool                          // BOOL
)

// numberSelectors maps NSNumber factories and initializers to their
// parameter type.
var numberSelectors = map[string]numberParam{
	"numberWithChar:": param32, "numberWithUnsignedChar:": param32,
	"numberWithShort:": param32, "numberWithUnsignedShort:": param32,
	"numberWithInt:": param32, "numberWithUnsignedInt:": param32,
	"numberWithLong:": paramInt64, "numberWithLongLong:": paramInt64,
	"numberWithInteger:":      paramInt64,
	"numberWithUnsignedLong:": paramUint64, "numberWithUnsignedLongLong:": paramUint64,
	"numberWithUnsignedInteger:": paramUint64,
	"numberWithFloat:":           paramFloat, "numberWithDouble:": paramFloat,
	"numberWithBool:": paramBool,

	"initWithChar:": param32, "initWithUnsignedChar:": param32,
	"initWithShort:": param32, "initWithUnsignedShort:": param32,
	"initWithInt:": param32, "initWithUnsignedInt:": param32,
	"initWithLong:": paramInt64, "initWithLongLong:": paramInt64,
	"initWithInteger:":      paramInt64,
	"initWithUnsignedLong:": paramUint64, "initWithUnsignedLongLong:": paramUint64,
	"initWithUnsignedInteger:": paramUint64,
	"initWithFloat:":           paramFloat, "initWithDouble:": paramFloat,
	"initWithBool:": paramBool,
}

// ClassifyNumberCreation classifies the NSNumber returned by
// `[NSNumber selector arg]` or `[[NSNumber alloc] selector arg]`, where arg
// is the argument's source text (SEMANTICS §6):
//
//   - numberWithChar: … numberWithUnsignedInt: take at most 32 bits, which
//     always fit: tagged whatever the argument;
//   - numberWithLong:, numberWithInteger:, numberWithUnsignedLong:, ...:
//     tagged when the literal argument, converted to the parameter type,
//     fits in 56 bits; unknown when the argument is not a literal;
//   - numberWithFloat:, numberWithDouble:: heap (floatNumberReason);
//   - numberWithBool:: the constant kCFBooleanTrue or kCFBooleanFalse;
//   - other selectors: unknown.
func ClassifyNumberCreation(selector, arg string) ValueClass {
	p, ok := numberSelectors[selector]
	if !ok {
		return ValueClass{KindUnknown, fmt.Sprintf("result of %s is not modelled", selector)}
	}
	switch p {
	case param32:
		return ValueClass{KindTagged, selector + " takes a value of at most 32 bits, which always fits in a tagged NSNumber"}
	case paramFloat:
		return ValueClass{KindHeap, floatNumberReason}
	case paramBool:
		if n, ok := parseNumber(arg); ok && n.kind == numBool {
			return boolClass(n.boolVal)
		}
		return ValueClass{KindConstant, "numberWithBool: returns the constant kCFBooleanTrue or kCFBooleanFalse"}
	}
	n, ok := parseNumber(arg)
	if !ok {
		return ValueClass{KindUnknown, "the value is not a literal"}
	}
	var bits uint64
	switch n.kind {
	case numInt, numChar:
		bits = n.bits
	case numBool:
		if n.boolVal {
			bits = 1
		}
	case numFloat:
		// C converts the double to the integer parameter; out-of-range
		// conversions are undefined.
		f := math.Trunc(n.floatVal)
		switch {
		case math.IsNaN(f) || f < math.MinInt64 || f >= math.MaxUint64:
			return ValueClass{KindUnknown, "the value does not fit the parameter type"}
		case f < 0:
			bits = uint64(int64(f))
		default:
			bits = uint64(f)
		}
	}
	if p == paramUint64 {
		return classifyUnsigned(bits)
	}
	return classifyInteger(int64(bits))
}

// numKind is the kind of a parsed numeric literal.
type numKind int

const (
	numInt numKind = iota + 1
	numFloat
	numBool
	numChar
)

// number is a parsed C/Objective-C numeric literal.
type number struct {
	kind numKind
	// bits is the integer value as its C type holds it (two's complement
	// for negative values).
	bits     uint64
	unsigned bool // the C type is unsigned
	bits32   bool // the C type is 32 bits wide (int or unsigned int)
	floatVal float64
	boolVal  bool
}

// parseNumber parses a numeric literal as written in source: optional @,
// parentheses, a sign, and an integer (decimal, hex, octal, binary, with
// u/l suffixes), floating-point, character or boolean literal.
func parseNumber(lit string) (number, bool) {
	s := strings.TrimSpace(lit)
	s = strings.TrimPrefix(s, "@")
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	switch s {
	case "YES", "true", "__objc_yes":
		return number{kind: numBool, boolVal: true}, true
	case "NO", "false", "__objc_no":
		return number{kind: numBool, boolVal: false}, true
	}
	if len(s) >= 3 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return parseChar(s[1 : len(s)-1])
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	if s == "" || !(s[0] >= '0' && s[0] <= '9' || s[0] == '.') {
		return number{}, false
	}
	lower := strings.ToLower(s)
	isHex := strings.HasPrefix(lower, "0x")
	if !isHex && strings.ContainsAny(lower, ".e") || isHex && strings.Contains(lower, "p") {
		body := strings.TrimRight(lower, "fl")
		f, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return number{}, false
		}
		if neg {
			f = -f
		}
		return number{kind: numFloat, floatVal: f}, true
	}
	// Integer: strip the u/l suffix.
	body := strings.TrimRight(lower, "ul")
	suffix := lower[len(body):]
	if strings.Count(suffix, "u") > 1 || strings.Count(suffix, "l") > 2 {
		return number{}, false
	}
	base := 10
	digits := body
	switch {
	case isHex:
		base, digits = 16, body[2:]
	case strings.HasPrefix(body, "0b"):
		base, digits = 2, body[2:]
	case len(body) > 1 && body[0] == '0':
		base, digits = 8, body[1:]
	}
	v, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return number{}, false
	}
	hasU := strings.Contains(suffix, "u")
	hasL := strings.Contains(suffix, "l")
	n := number{kind: numInt}
	// C's literal type rules (C11 6.4.4.1): decimal literals without u go
	// int → long → (too large) unsigned long long; hex/octal/binary ones
	// may also become unsigned.
	switch {
	case !hasL && !hasU && v <= math.MaxInt32:
		n.bits32 = true
	case !hasL && (hasU || base != 10) && v <= math.MaxUint32:
		n.bits32, n.unsigned = true, true
	case hasU:
		n.unsigned = true
	case v > math.MaxInt64:
		n.unsigned = true // too large for long: unsigned long long
	}
	n.bits = v
	if neg {
		n.bits = -v // unary minus in the literal's own type
		if n.bits32 {
			// A 32-bit value, whatever its sign, fits the payload.
			n.bits = uint64(int64(int32(uint32(n.bits))))
			if n.unsigned {
				n.bits = uint64(uint32(n.bits))
			}
		}
	}
	return n, true
}

// parseChar parses the contents of a character literal: one character or
// escape ('a', '\n', '\x41'), or a multi-character constant ('abcd', an
// int in C). Its value is a 32-bit int.
func parseChar(body string) (number, bool) {
	n := number{kind: numChar, bits32: true}
	if r, _, tail, err := strconv.UnquoteChar(body, '\''); err == nil && tail == "" {
		n.bits = uint64(r)
		return n, true
	}
	if body == "" || len(body) > 4 || strings.ContainsRune(body, '\\') {
		return number{}, false
	}
	for i := 0; i < len(body); i++ {
		n.bits = n.bits<<8 | uint64(body[i])
	}
	return n, true
}
