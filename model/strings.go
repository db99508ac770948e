package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ValueKind says where an object value lives, which decides whether
// retain/release do anything (SEMANTICS §6).
type ValueKind int

// Value kinds (SEMANTICS §6).
const (
	// KindUnknown: the kind cannot be decided statically.
	KindUnknown ValueKind = iota
	// KindConstant: an immortal object (a string literal,
	// __NSCFConstantString, kCFBooleanTrue/False); retain/release are no-ops.
	KindConstant
	// KindTagged: a tagged pointer; objc_retain/objc_release return at once.
	KindTagged
	// KindHeap: a heap object with a real retain count; an over-release
	// crashes.
	KindHeap
)

// String returns "unknown", "constant", "tagged" or "heap".
func (k ValueKind) String() string {
	switch k {
	case KindUnknown:
		return "unknown"
	case KindConstant:
		return "constant"
	case KindTagged:
		return "tagged"
	case KindHeap:
		return "heap"
	}
	return fmt.Sprintf("ValueKind(%d)", int(k))
}

// ValueClass is the classification of a value with its explanation
// (SEMANTICS §6: the message must say which kind the value is and why).
type ValueClass struct {
	Kind ValueKind
	// Reason explains Kind in words a diagnostic uses verbatim, e.g.
	// "3 ASCII characters fit in a tagged pointer".
	Reason string
}

// String returns "kind (reason)", or just the kind when there is no reason.
func (v ValueClass) String() string {
	if v.Reason == "" {
		return v.Kind.String()
	}
	return v.Kind.String() + " (" + v.Reason + ")"
}

// IsRefcounted reports whether retain/release act on the value: heap and
// unknown values (unknown must be assumed to be heap).
func (v ValueClass) IsRefcounted() bool {
	return v.Kind == KindHeap || v.Kind == KindUnknown
}

// TaggedAlphabet6 is CoreFoundation's table for tagged strings of length
// 8 and 9, 6 bits per character (SEMANTICS §6, copied exactly).
const TaggedAlphabet6 = "eilotrm.apdnsIc ufkMShjTRxgC4013bDNvwyUL2O856P-B79AFKEWV_zGJ/HYX"

// TaggedAlphabet5 is the table for lengths 10 and 11, 5 bits per character:
// the first 32 characters of TaggedAlphabet6.
const TaggedAlphabet5 = "eilotrm.apdnsIc ufkMShjTRxgC4013"

// MaxTaggedStringLength is the longest string that can be tagged.
const MaxTaggedStringLength = 11

// UTF16Len returns the length of s as an NSString counts it (SEMANTICS §6): UTF-16 code
// units (characters outside the Basic Multilingual Plane count 2). Invalid
// UTF-8 bytes count 1 each.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// TaggedString reports whether a string with contents s, created at run
// time (stringWithFormat:, initWithFormat:, copy of a mutable string, ...),
// is a tagged pointer, with the reason (SEMANTICS §6, CoreFoundation's rule
// as reverse-engineered by Mike Ash, "Tagged Pointer Strings", 2015):
//
//   - any character that is not ASCII (>= 0x80, e.g. Chinese): heap;
//   - length 1–7: 8-bit ASCII characters: tagged;
//   - length 8–9: every character in TaggedAlphabet6: tagged;
//   - length 10–11: every character in TaggedAlphabet5: tagged;
//   - longer than 11: heap.
//
// Length counts UTF-16 code units. The empty string is not tagged: the
// CoreFoundation creation funnel returns the constant kCFEmptyString for
// every empty string ("If we are using the system default allocator, and
// the string is empty, then use the empty string!", CFString.c), so its
// kind is constant (see ClassifyRuntimeString); SEMANTICS' "length 0–7" is
// imprecise there. iOS 14's pointer obfuscation does not change eligibility.
func TaggedString(s string) (tagged bool, reason string) {
	if s == "" {
		return false, "empty string: CoreFoundation returns the constant empty string"
	}
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false, "contains non-ASCII character " + strconv.QuoteRune(r)
		}
	}
	n := UTF16Len(s)
	switch {
	case n <= 7:
		if n == 1 {
			return true, "1 ASCII character fits in a tagged pointer"
		}
		return true, fmt.Sprintf("%d ASCII characters fit in a tagged pointer", n)
	case n <= 9:
		return inAlphabet(s, n, TaggedAlphabet6, "6-bit")
	case n <= MaxTaggedStringLength:
		return inAlphabet(s, n, TaggedAlphabet5, "5-bit")
	}
	return false, fmt.Sprintf("longer than %d characters (%d)", MaxTaggedStringLength, n)
}

// inAlphabet checks every character of s (n characters) against alphabet.
func inAlphabet(s string, n int, alphabet, name string) (bool, string) {
	for _, r := range s {
		if !strings.ContainsRune(alphabet, r) {
			return false, fmt.Sprintf("%d characters, and %s is not in the %s tagged alphabet", n, strconv.QuoteRune(r), name)
		}
	}
	return true, fmt.Sprintf("%d characters, all in the %s tagged alphabet, fit in a tagged pointer", n, name)
}

// ClassifyRuntimeString classifies an immutable NSString created at run time
// with contents s (SEMANTICS §6): the constant empty string, a tagged
// pointer, or a heap __NSCFString. Use it for stringWithFormat: results
// whose contents are known, and for the `copy` of an NSMutableString whose
// contents are known (copy tries a tagged pointer first).
func ClassifyRuntimeString(s string) ValueClass {
	if s == "" {
		return ValueClass{KindConstant, "empty string: CoreFoundation returns the constant empty string"}
	}
	tagged, why := TaggedString(s)
	if tagged {
		return ValueClass{KindTagged, why}
	}
	return ValueClass{KindHeap, why}
}

// ClassifyStringLiteral classifies the string literal @"…" (SEMANTICS §6):
// always a constant (__NSCFConstantString), whatever its contents.
func ClassifyStringLiteral() ValueClass {
	return ValueClass{KindConstant, "string literal: a constant __NSCFConstantString, never deallocated"}
}

// stringCreation says what an NSString creation selector does with its
// literal argument.
type stringCreation int

const (
	creationPassThrough stringCreation = iota + 1 // returns the literal itself
	creationFormat                                // formats the literal
	creationContents                              // copies the literal's characters
)

// stringSelectors maps NSString class and instance creation selectors to
// what they do with their first (literal) argument. "" is the bare literal.
var stringSelectors = map[string]stringCreation{
	"":                  creationPassThrough,
	"copy":              creationPassThrough,
	"stringWithString:": creationPassThrough,
	"initWithString:":   creationPassThrough,

	"stringWithFormat:":          creationFormat,
	"initWithFormat:":            creationFormat,
	"localizedStringWithFormat:": creationFormat,
	"initWithFormat:locale:":     creationFormat,
	"stringByAppendingFormat:":   creationFormat,

	"stringWithUTF8String:":       creationContents,
	"initWithUTF8String:":         creationContents,
	"stringWithCString:encoding:": creationContents,
	"initWithCString:encoding:":   creationContents,
	"stringWithCString:":          creationContents,
	"initWithCString:":            creationContents,
}

// ClassifyStringCreation classifies the NSString produced by sending
// selector to receiverClass with a string literal as first argument, whose
// decoded contents are literal, followed by nArgs format arguments
// (SEMANTICS §6). receiverClass is "NSString" (or "" for it) or
// "NSMutableString"; for `[[NSString alloc] initWithFormat:…]` pass
// "NSString". selector "" classifies the bare literal @"…" and "copy" a
// copy of it. When the first argument is not a literal the kind is
// unknown: do not call this.
//
//   - NSMutableString (and mutableCopy): always a heap object — mutable
//     strings are never tagged nor constant; their `copy` is classified by
//     ClassifyRuntimeString on the contents;
//   - @"…", copy, stringWithString:, initWithString: of a literal: the
//     constant literal itself (seed 001: initWithString:@"222" is
//     __NSCFConstantString);
//   - stringWithFormat: / initWithFormat: / localizedStringWithFormat: /
//     stringByAppendingFormat: with no conversion specifiers (other than %%):
//     the formatted text, classified by ClassifyRuntimeString;
//   - with specifiers: heap if the fixed text alone already contains a
//     non-ASCII character or is longer than 11 characters (arguments only
//     add characters), otherwise unknown (it depends on the arguments);
//   - stringWithUTF8String: / initWithCString:encoding: / ...: a run-time
//     copy of the literal's characters, classified by ClassifyRuntimeString;
//   - any other selector: unknown.
func ClassifyStringCreation(receiverClass, selector, literal string, nArgs int) ValueClass {
	switch receiverClass {
	case "", "NSString":
	case "NSMutableString":
		return ValueClass{KindHeap, "NSMutableString is always a heap object"}
	default:
		return ValueClass{KindUnknown, fmt.Sprintf("%s is not NSString", receiverClass)}
	}
	if selector == "mutableCopy" {
		return ValueClass{KindHeap, "mutableCopy returns an NSMutableString, always a heap object"}
	}
	kind, ok := stringSelectors[selector]
	if !ok {
		return ValueClass{KindUnknown, fmt.Sprintf("result of %s is not modelled", selector)}
	}
	switch kind {
	case creationPassThrough:
		if selector == "" {
			return ClassifyStringLiteral()
		}
		return ValueClass{KindConstant, selector + " of a string literal returns the constant literal"}
	case creationContents:
		return ClassifyRuntimeString(literal)
	}
	fixed, specs, ok := parseFormat(literal)
	switch {
	case !ok:
		return ValueClass{KindUnknown, "the format string is not valid"}
	case specs == 0:
		return ClassifyRuntimeString(fixed)
	}
	for _, r := range fixed {
		if r >= utf8.RuneSelf {
			return ValueClass{KindHeap, "contains non-ASCII character " + strconv.QuoteRune(r)}
		}
	}
	if n := UTF16Len(fixed); n > MaxTaggedStringLength {
		return ValueClass{KindHeap, fmt.Sprintf("longer than %d characters (at least %d)", MaxTaggedStringLength, n)}
	}
	if nArgs <= 0 {
		return ValueClass{KindUnknown, "the format has conversion specifiers but no arguments"}
	}
	if specs == 1 {
		return ValueClass{KindUnknown, "the length depends on the formatted argument"}
	}
	return ValueClass{KindUnknown, fmt.Sprintf("the length depends on the %d formatted arguments", specs)}
}

// parseFormat splits an NSString format into its fixed text (with %%
// turned into %) and the number of conversion specifiers (counting `*`
// widths and precisions, which consume arguments too). ok is false for a
// malformed format.
func parseFormat(f string) (fixed string, specs int, ok bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return "", 0, false
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		// %[argnum$][flags][width][.precision][length]conversion
		j := i
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j < len(f) && f[j] == '$' && j > i {
			i = j + 1
		}
		for i < len(f) && strings.IndexByte("-+ #0'", f[i]) >= 0 {
			i++
		}
		if i < len(f) && f[i] == '*' {
			specs++
			i++
		}
		for i < len(f) && f[i] >= '0' && f[i] <= '9' {
			i++
		}
		if i < len(f) && f[i] == '.' {
			i++
			if i < len(f) && f[i] == '*' {
				specs++
				i++
			}
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				i++
			}
		}
		for i < len(f) && strings.IndexByte("hlqLztj", f[i]) >= 0 {
			i++
		}
		if i >= len(f) || strings.IndexByte("@dDiuUxXoOfFeEgGaAcCsSpn", f[i]) < 0 {
			return "", 0, false
		}
		specs++
	}
	return b.String(), specs, true
}
