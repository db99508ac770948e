package objcparse

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// This file holds the macro knowledge of the pre-pass (prepass.go): the
// built-in table of Apple SDK macros and the project's own #defines
// collected by Macros.Scan. See /work/shared/PARSING.md "A same-length
// pre-pass fixes most of it".

// rewriteKind says what the pre-pass does with one use of a macro.
type rewriteKind uint8

const (
	kindNone rewriteKind = iota
	// kindRegion: blank the name and an optional (...) argument. Region
	// macros (NS_ASSUME_NONNULL_BEGIN …) are counted apart in statistics.
	kindRegion
	// kindAttr: blank the name and an optional balanced (...) argument.
	kindAttr
	// kindNoEscape: like kindAttr, and record the offset (NS_NOESCAPE).
	kindNoEscape
	// kindExtern: write `extern` over the name (blank it when shorter).
	kindExtern
	// kindInline: write `static inline` (or `static`) over the name.
	kindInline
	// kindEnum: NS_ENUM(T, Name) → `enum Name`, blanking a preceding typedef.
	kindEnum
	// kindUnwrap: M(x) → `extern x` (or ` x` when the body has no extern).
	kindUnwrap
	// kindUnwrapExtern is kindUnwrap whose body was `extern … x`.
	kindUnwrapExtern
	// kindStringify: M(anything) → `@""` or `""` padded with spaces.
	kindStringify
	kindStringifyObjC
	// kindBlankCall: blank the name and its whole balanced argument, even when
	// the argument holds `;` or braces (macros generating @interface…@end
	// or methods, test DSL Begin/End pairs).
	kindBlankCall
	// kindStmt: a statement (or definition) macro whose expansion ends with
	// `;` or `}`; a use without `;` gets one in the white space after it.
	kindStmt
	// kindString, kindStringObjC: an object-like macro expanding to string
	// literals; a use next to a string literal (concatenation) becomes
	// `""` or `@""`.
	kindString
	kindStringObjC
	// kindImplBegin: `M(Name)` opening `@implementation Name` (written in
	// place when it fits); kindImplEnd: a macro standing for `@end`.
	kindImplBegin
	kindImplEnd
)

var kindNames = [...]string{
	kindNone:          "none",
	kindRegion:        "region",
	kindAttr:          "attr",
	kindNoEscape:      "noescape",
	kindExtern:        "extern",
	kindInline:        "inline",
	kindEnum:          "enum",
	kindUnwrap:        "unwrap",
	kindUnwrapExtern:  "unwrap-extern",
	kindStringify:     "stringify",
	kindStringifyObjC: "stringify",
	kindBlankCall:     "blank-call",
	kindStmt:          "stmt",
	kindString:        "string",
	kindStringObjC:    "string",
	kindImplBegin:     "impl-begin",
	kindImplEnd:       "impl-end",
}

func (k rewriteKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// builtinExact maps Apple SDK macro names to their rewrite. Names with
// arguments (API_AVAILABLE(ios(13))) lose the balanced argument too.
var builtinExact = map[string]rewriteKind{
	// Regions: the grammar reads the bare name as a type and swallows the
	// next @interface (PARSING.md failure class 1).
	"NS_ASSUME_NONNULL_BEGIN":       kindRegion,
	"NS_ASSUME_NONNULL_END":         kindRegion,
	"CF_ASSUME_NONNULL_BEGIN":       kindRegion,
	"CF_ASSUME_NONNULL_END":         kindRegion,
	"NS_HEADER_AUDIT_BEGIN":         kindRegion,
	"NS_HEADER_AUDIT_END":           kindRegion,
	"CF_EXTERN_C_BEGIN":             kindRegion,
	"CF_EXTERN_C_END":               kindRegion,
	"__BEGIN_DECLS":                 kindRegion,
	"__END_DECLS":                   kindRegion,
	"CF_IMPLICIT_BRIDGING_ENABLED":  kindRegion,
	"CF_IMPLICIT_BRIDGING_DISABLED": kindRegion,
	"API_AVAILABLE_BEGIN":           kindRegion,
	"API_AVAILABLE_END":             kindRegion,
	"API_UNAVAILABLE_BEGIN":         kindRegion,
	"API_UNAVAILABLE_END":           kindRegion,
	"API_DEPRECATED_BEGIN":          kindRegion,
	"API_DEPRECATED_END":            kindRegion,
	"NS_REFINED_FOR_SWIFT_BEGIN":    kindRegion,
	"NS_REFINED_FOR_SWIFT_END":      kindRegion,

	// Enums (PARSING.md failure class 3).
	"NS_ENUM":        kindEnum,
	"NS_OPTIONS":     kindEnum,
	"NS_CLOSED_ENUM": kindEnum,
	"NS_ERROR_ENUM":  kindEnum,
	"CF_ENUM":        kindEnum,
	"CF_OPTIONS":     kindEnum,
	"CF_CLOSED_ENUM": kindEnum,
	"OBJC_ENUM":      kindEnum,
	// Generated Swift headers (-Swift.h) define these themselves.
	"SWIFT_ENUM":          kindEnum,
	"SWIFT_ENUM_NAMED":    kindEnum,
	"SWIFT_ENUM_FWD_DECL": kindEnum,

	// Block parameter annotations: recorded, then blanked (SEMANTICS: a
	// non-escaping block cannot form a cycle through the callee).
	"NS_NOESCAPE": kindNoEscape,
	"CF_NOESCAPE": kindNoEscape,

	// Storage-class macros.
	"APPKIT_EXTERN":            kindExtern,
	"UIKIT_EXTERN":             kindExtern,
	"FOUNDATION_EXPORT":        kindExtern,
	"FOUNDATION_EXTERN":        kindExtern,
	"CF_EXPORT":                kindExtern,
	"CF_EXTERN":                kindExtern,
	"CG_EXTERN":                kindExtern,
	"CA_EXTERN":                kindExtern,
	"OBJC_EXPORT":              kindExtern,
	"OBJC_EXTERN":              kindExtern,
	"AVF_EXPORT":               kindExtern,
	"MP_EXTERN":                kindExtern,
	"GLK_EXTERN":               kindExtern,
	"XCT_EXPORT":               kindExtern,
	"WK_EXTERN":                kindExtern,
	"MTL_EXTERN":               kindExtern,
	"SK_EXPORT":                kindExtern,
	"GK_EXTERN":                kindExtern,
	"NS_INLINE":                kindInline,
	"CF_INLINE":                kindInline,
	"CG_INLINE":                kindInline,
	"GLK_INLINE":               kindInline,
	"MTL_INLINE":               kindInline,
	"UIKIT_STATIC_INLINE":      kindInline,
	"FOUNDATION_STATIC_INLINE": kindInline,

	// Attributes without or with arguments.
	"NS_DESIGNATED_INITIALIZER":                    kindAttr,
	"NS_REQUIRES_SUPER":                            kindAttr,
	"NS_REQUIRES_NIL_TERMINATION":                  kindAttr,
	"NS_REQUIRES_PROPERTY_DEFINITIONS":             kindAttr,
	"NS_UNAVAILABLE":                               kindAttr,
	"NS_RETURNS_RETAINED":                          kindAttr,
	"NS_RETURNS_NOT_RETAINED":                      kindAttr,
	"NS_RETURNS_INNER_POINTER":                     kindAttr,
	"NS_RETURNS_AUTORELEASED":                      kindAttr,
	"NS_RELEASES_ARGUMENT":                         kindAttr,
	"NS_CONSUMED":                                  kindAttr,
	"NS_CONSUMES_SELF":                             kindAttr,
	"NS_NO_TAIL_CALL":                              kindAttr,
	"NS_WARN_UNUSED_RESULT":                        kindAttr,
	"NS_ROOT_CLASS":                                kindAttr,
	"NS_VALID_UNTIL_END_OF_SCOPE":                  kindAttr,
	"NS_STRING_ENUM":                               kindAttr,
	"NS_EXTENSIBLE_STRING_ENUM":                    kindAttr,
	"NS_TYPED_ENUM":                                kindAttr,
	"NS_TYPED_EXTENSIBLE_ENUM":                     kindAttr,
	"NS_REFINED_FOR_SWIFT":                         kindAttr,
	"NS_OBJC_DIRECT":                               kindAttr,
	"NS_OBJC_DIRECT_MEMBERS":                       kindAttr,
	"NS_PROTOCOL_REQUIRES_EXPLICIT_IMPLEMENTATION": kindAttr,
	"NS_AUTOMATED_REFCOUNT_UNAVAILABLE":            kindAttr,
	"NS_AUTOMATED_REFCOUNT_WEAK_UNAVAILABLE":       kindAttr,
	"NS_FORMAT_FUNCTION":                           kindAttr,
	"NS_FORMAT_ARGUMENT":                           kindAttr,
	"NS_UNAVAILABLE_ATTRIBUTE":                     kindAttr,
	"CF_RETURNS_RETAINED":                          kindAttr,
	"CF_RETURNS_NOT_RETAINED":                      kindAttr,
	"CF_CONSUMED":                                  kindAttr,
	"CF_RELEASES_ARGUMENT":                         kindAttr,
	"CF_FORMAT_FUNCTION":                           kindAttr,
	"CF_FORMAT_ARGUMENT":                           kindAttr,
	"CF_REFINED_FOR_SWIFT":                         kindAttr,
	"CF_BRIDGED_TYPE":                              kindAttr,
	"CF_BRIDGED_MUTABLE_TYPE":                      kindAttr,
	"CF_RELATED_TYPE":                              kindAttr,
	"CF_AUTOMATED_REFCOUNT_UNAVAILABLE":            kindAttr,
	"CF_WARN_UNUSED_RESULT":                        kindAttr,
	"UI_APPEARANCE_SELECTOR":                       kindAttr,
	"IB_DESIGNABLE":                                kindAttr,
	"DEPRECATED_ATTRIBUTE":                         kindAttr,
	"DEPRECATED_MSG_ATTRIBUTE":                     kindAttr,
	"UNAVAILABLE_ATTRIBUTE":                        kindAttr,
	"OBJC_ROOT_CLASS":                              kindAttr,
	"OBJC_SUBCLASSING_RESTRICTED":                  kindAttr,
	"OBJC_DESIGNATED_INITIALIZER":                  kindAttr,
	"OBJC_ARC_UNAVAILABLE":                         kindAttr,
	"OBJC_UNAVAILABLE":                             kindAttr,
	"OBJC_AVAILABLE":                               kindAttr,
	"OBJC_DEPRECATED":                              kindAttr,
	"OBJC_SWIFT_UNAVAILABLE":                       kindAttr,
	"OBJC_BOXABLE":                                 kindAttr,
	"OBJC_RUNTIME_NAME":                            kindAttr,
	"OBJC_DIRECT":                                  kindAttr,
	"OBJC_DIRECT_MEMBERS":                          kindAttr,
	"API_AVAILABLE":                                kindAttr,
	"API_UNAVAILABLE":                              kindAttr,
	"API_DEPRECATED":                               kindAttr,
	"API_DEPRECATED_WITH_REPLACEMENT":              kindAttr,
	"SPI_AVAILABLE":                                kindAttr,
	"SPI_DEPRECATED":                               kindAttr,
	"SPI_DEPRECATED_WITH_REPLACEMENT":              kindAttr,
	"__deprecated_msg":                             kindAttr,
	"__deprecated_enum_msg":                        kindAttr,
	"__deprecated":                                 kindAttr,
	"__unavailable":                                kindAttr,
	"__dead2":                                      kindAttr,
	"__pure2":                                      kindAttr,
	"__printflike":                                 kindAttr,
	"__scanflike":                                  kindAttr,
	"CG_AVAILABLE_STARTING":                        kindAttr,
	"CG_AVAILABLE_BUT_DEPRECATED":                  kindAttr,
	"WK_API_AVAILABLE":                             kindAttr,
	"WK_API_DEPRECATED":                            kindAttr,
	"WK_API_UNAVAILABLE":                           kindAttr,
	"WK_CLASS_AVAILABLE":                           kindAttr,
	"WK_SWIFT_UI_ACTOR":                            kindAttr,
	"MP_API":                                       kindAttr,
	"MP_PROHIBITED":                                kindAttr,
	"MP_DEPRECATED":                                kindAttr,
	"MP_UNAVAILABLE":                               kindAttr,
	"UIKIT_SWIFT_UI_ACTOR":                         kindAttr,
	"UIKIT_CLASS_AVAILABLE_IOS_ONLY":               kindAttr,
	"XCT_UNAVAILABLE":                              kindAttr,
	"XCT_DEPRECATED_WITH_REPLACEMENT":              kindAttr,

	// Test DSLs whose Begin macro opens an @implementation and a method
	// (Quick, Specta, Kiwi): blanked, the body reads as file-scope
	// statements (`describe(@"…", ^{ … });`).
	"QuickSpecBegin":                kindBlankCall,
	"QuickSpecEnd":                  kindBlankCall,
	"QuickConfigurationBegin":       kindImplBegin, // @interface N : QuickConfiguration @end @implementation N
	"QuickConfigurationEnd":         kindImplEnd,
	"QuickSharedExampleGroupsBegin": kindBlankCall,
	"QuickSharedExampleGroupsEnd":   kindBlankCall,
	"SpecBegin":                     kindBlankCall,
	"SpecEnd":                       kindBlankCall,
	"SharedExamplesBegin":           kindBlankCall,
	"SharedExamplesEnd":             kindBlankCall,
	"SPEC_BEGIN":                    kindBlankCall,
	"SPEC_END":                      kindBlankCall,
}

// enumNameArg is the argument index of the enum name for the enum macros
// whose name is not the last argument (the default).
var enumNameArg = map[string]int{"SWIFT_ENUM": 1, "SWIFT_ENUM_NAMED": 1}

// enumSemi lists the enum macros whose expansion ends with `;`.
var enumSemi = map[string]bool{"SWIFT_ENUM_FWD_DECL": true}

// builtinPrefixes are attribute families matched by prefix; each blanks
// the name and an optional balanced (...) argument.
var builtinPrefixes = []string{
	"NS_AVAILABLE",
	"NS_DEPRECATED",
	"NS_SWIFT_",
	"NS_ENUM_AVAILABLE",
	"NS_ENUM_DEPRECATED",
	"NS_CLASS_AVAILABLE",
	"NS_CLASS_DEPRECATED",
	"NS_EXTENSION_UNAVAILABLE",
	"CF_AVAILABLE",
	"CF_DEPRECATED",
	"CF_ENUM_AVAILABLE",
	"CF_ENUM_DEPRECATED",
	"CF_SWIFT_",
	"__IOS_",
	"__OSX_",
	"__TVOS_",
	"__WATCHOS_",
	"__API_",
	"__AVAILABILITY_INTERNAL",
	"AVAILABLE_MAC_OS_X_VERSION_",
	"DEPRECATED_IN_MAC_OS_X_VERSION_",
	"API_DEPRECATED_",
	"API_AVAILABLE_",
	"API_UNAVAILABLE_",
}

// protectedNames are never reclassified from a project #define: a project
// that writes `#define __weak` for MRC builds must not make the extractor lose
// every __weak qualifier, and C keywords keep their meaning for the grammar.
var protectedNames = map[string]bool{
	"__weak": true, "__strong": true, "__block": true, "__unsafe_unretained": true,
	"__autoreleasing": true, "__bridge": true, "__bridge_transfer": true,
	"__bridge_retained": true, "__kindof": true, "__typeof": true, "__typeof__": true,
	"typeof": true, "nullable": true, "nonnull": true, "_Nullable": true, "_Nonnull": true,
	"__nullable": true, "__nonnull": true, "null_unspecified": true, "_Null_unspecified": true,
	"instancetype": true, "id": true, "BOOL": true, "YES": true, "NO": true, "nil": true,
	"Nil": true, "NULL": true, "SEL": true, "IMP": true, "Class": true, "self": true,
	"super": true, "inline": true, "static": true, "extern": true, "const": true,
	"volatile": true, "restrict": true, "__restrict": true, "__inline": true,
	"__inline__": true, "__const": true, "register": true, "auto": true, "void": true,
	"char": true, "short": true, "int": true, "long": true, "float": true,
	"double": true, "signed": true, "unsigned": true, "struct": true, "union": true,
	"enum": true, "typedef": true, "return": true, "if": true, "else": true,
	"for": true, "while": true, "do": true, "switch": true, "case": true,
	"default": true, "break": true, "continue": true, "goto": true, "sizeof": true,
	"_Atomic": true, "__attribute__": true, "__attribute": true, "_Pragma": true,
	"weak": true, "strong": true, "assign": true, "copy": true, "retain": true,
	"atomic": true, "nonatomic": true, "readonly": true, "readwrite": true,
	"NSLog": true, "NSAssert": true, "NSCAssert": true, "NSParameterAssert": true,
	"assert": true, "__has_feature": true, "__has_attribute": true, "__has_include": true,
	"defined": true, "__cplusplus": true, "__OBJC__": true, "TARGET_OS_IPHONE": true,
	"DEBUG": true,
}

// builtinRule is the macroRule of an Apple SDK macro.
func builtinRule(name string, k rewriteKind) macroRule {
	r := macroRule{kind: k, param: -1, fn: true}
	if k == kindEnum {
		if i, ok := enumNameArg[name]; ok {
			r.param = i
		}
		r.semi = enumSemi[name]
	}
	return r
}

// builtinKind returns the rewrite of an Apple SDK macro name.
func builtinKind(name string) (rewriteKind, string) {
	if k, ok := builtinExact[name]; ok {
		return k, name
	}
	for _, p := range builtinPrefixes {
		if strings.HasPrefix(name, p) {
			return kindAttr, p + "*"
		}
	}
	return kindNone, ""
}

// Macros collects the #defines of one project so that the pre-pass can
// rewrite project macros the grammar cannot read: attribute-only macros
// (blanked), storage-class macros (`extern`, `static inline`), `M(x)`
// wrappers of `extern … x` (unwrapped), stringifying macros (`@""`),
// macros generating @interface/@implementation/@end (blanked) and aliases
// of NS_ENUM (rewritten like NS_ENUM).
//
// Use: call Scan on every file of the project (any order, from any number of
// goroutines), then Prepare. A Macros is safe for concurrent use; the
// classification is computed once after the last Scan and cached. Scan only
// looks at lines starting with `#define`, so scanning a file costs about a
// bytes.Index over it. A `#define` inside a block comment is taken as a
// definition (harmless: at worst one more macro is known).
//
// A name defined several times (under #if branches) is rewritten only when
// every definition agrees on the rewrite; Apple SDK names and C keywords are
// never reclassified. The zero value is ready to use; a nil *Macros means
// "only the built-in Apple table".
type Macros struct {
	mu    sync.Mutex
	defs  map[string][]macroDef
	table map[string]macroRule // nil when stale
}

type macroDef struct {
	fn     bool     // function-like
	params []string // parameter names ("..." for variadic)
	body   []ptoken // body tokens, comments removed
}

// macroRule is the resolved rewrite of one project macro.
type macroRule struct {
	kind rewriteKind
	// param is the argument index kept by kindUnwrap; -1 otherwise.
	param int
	// fn is set for function-like macros: only they take a (...) argument.
	fn bool
	// semi is set when the expansion ends with `;` that uses may omit.
	semi bool
}

// ptoken is one preprocessing token of a macro body.
type ptoken struct {
	text string
	kind byte // 'i' identifier, 's' string/char, 'n' number, 'p' punctuation
}

// NewMacros returns an empty Macros.
func NewMacros() *Macros { return &Macros{} }

// Scan records the #define lines of src. It never fails; malformed
// definitions are ignored.
func (m *Macros) Scan(src []byte) {
	if m == nil {
		return
	}
	var local []struct {
		name string
		def  macroDef
	}
	forEachDefine(src, func(name string, def macroDef) {
		local = append(local, struct {
			name string
			def  macroDef
		}{name, def})
	})
	if len(local) == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.defs == nil {
		m.defs = make(map[string][]macroDef)
	}
	changed := false
	for _, l := range local {
		if !hasDef(m.defs[l.name], l.def) {
			m.defs[l.name] = append(m.defs[l.name], l.def)
			changed = true
		}
	}
	if changed {
		m.table = nil
	}
}

// hasDef reports whether defs holds a definition identical to d (vendored
// copies of a library define the same macros many times).
func hasDef(defs []macroDef, d macroDef) bool {
next:
	for _, e := range defs {
		if e.fn != d.fn || len(e.params) != len(d.params) || len(e.body) != len(d.body) {
			continue
		}
		for i := range e.params {
			if e.params[i] != d.params[i] {
				continue next
			}
		}
		for i := range e.body {
			if e.body[i] != d.body[i] {
				continue next
			}
		}
		return true
	}
	return false
}

// Len returns the number of distinct macro names scanned.
func (m *Macros) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.defs)
}

// Classified returns the project macros the pre-pass rewrites, as
// "kind:NAME" strings, sorted. It is meant for debugging and statistics.
func (m *Macros) Classified() []string {
	t := m.rules()
	out := make([]string, 0, len(t))
	for name, r := range t {
		out = append(out, r.kind.String()+":"+name)
	}
	sort.Strings(out)
	return out
}

// rules returns the rewrites of the project macros, classifying them on
// the first call after a Scan. The map is never modified afterwards.
func (m *Macros) rules() map[string]macroRule {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.table == nil {
		m.table = classifyAll(m.defs)
	}
	return m.table
}

// forEachDefine calls f for each well-formed #define of src.
func forEachDefine(src []byte, f func(name string, def macroDef)) {
	i := 0
	for i < len(src) {
		j := bytes.IndexByte(src[i:], '#')
		if j < 0 {
			return
		}
		h := i + j
		// Only white space may precede '#' on its line.
		ls := h
		for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
			ls--
		}
		lineEnd := directiveEnd(src, h)
		if ls == 0 || src[ls-1] == '\n' || src[ls-1] == '\r' {
			k := skipHSpace(src, h+1)
			if bytes.HasPrefix(src[k:], []byte("define")) {
				k += len("define")
				if k < lineEnd && (src[k] == ' ' || src[k] == '\t') {
					if name, def, ok := parseDefine(src[k:lineEnd]); ok {
						f(name, def)
					}
				}
			}
		}
		i = lineEnd
		if i <= h {
			i = h + 1
		}
	}
}

// directiveEnd returns the end of the logical line starting at i: the
// offset of the first newline not preceded by a backslash (or len(src)).
// Block comments inside the directive may span lines.
func directiveEnd(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			return i
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		case c == '\\' && i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n':
			i += 3
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			e := bytes.Index(src[i+2:], []byte("*/"))
			if e < 0 {
				return len(src)
			}
			i += 2 + e + 2
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			// A line comment ends the directive at the end of the line
			// (a backslash-newline continues the comment).
			for i < len(src) && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) && src[i+1] == '\n' {
					i++
				}
				i++
			}
			return i
		case c == '"' || c == '\'':
			i = skipQuoted(src, i)
		default:
			i++
		}
	}
	return len(src)
}

func skipHSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// parseDefine parses the text after `#define` (name, parameters, body).
func parseDefine(s []byte) (string, macroDef, bool) {
	toks := ppTokens(s)
	if len(toks) == 0 || toks[0].kind != 'i' {
		return "", macroDef{}, false
	}
	name := toks[0].text
	var def macroDef
	rest := toks[1:]
	// Function-like iff '(' follows the name immediately.
	nameEnd := bytes.Index(s, []byte(name)) + len(name)
	if nameEnd < len(s) && s[nameEnd] == '(' && len(rest) > 0 && rest[0].text == "(" {
		def.fn = true
		k := 1
		for ; k < len(rest) && rest[k].text != ")"; k++ {
			switch t := rest[k]; {
			case t.kind == 'i':
				def.params = append(def.params, t.text)
			case t.text == "...":
				def.params = append(def.params, "...")
			}
		}
		if k >= len(rest) {
			return "", macroDef{}, false
		}
		rest = rest[k+1:]
	}
	def.body = rest
	return name, def, true
}

// ppTokens splits macro text into preprocessing tokens, dropping comments
// and line continuations.
func ppTokens(s []byte) []ptoken {
	var out []ptoken
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			e := bytes.Index(s[i+2:], []byte("*/"))
			if e < 0 {
				return out
			}
			i += 2 + e + 2
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			return out
		case c == '"' || c == '\'':
			j := skipQuoted(s, i)
			out = append(out, ptoken{string(s[i:j]), 's'})
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			out = append(out, ptoken{string(s[i:j]), 'i'})
			i = j
		case isDigit(c):
			j := skipNumber(s, i)
			out = append(out, ptoken{string(s[i:j]), 'n'})
			i = j
		default:
			n := 1
			if c == '#' && i+1 < len(s) && s[i+1] == '#' {
				n = 2
			} else if c == '.' && i+2 < len(s) && s[i+1] == '.' && s[i+2] == '.' {
				n = 3
			}
			out = append(out, ptoken{string(s[i : i+n]), 'p'})
			i += n
		}
	}
	return out
}

// classifyAll resolves every scanned macro to a rewrite; names whose
// definitions disagree, or that the pre-pass cannot rewrite safely, are left
// out.
func classifyAll(defs map[string][]macroDef) map[string]macroRule {
	c := &classifier{defs: defs, memo: make(map[string]macroRule), busy: make(map[string]bool)}
	out := make(map[string]macroRule)
	for name := range defs {
		if r := c.rule(name); r.kind != kindNone {
			out[name] = r
		}
	}
	return out
}

type classifier struct {
	defs map[string][]macroDef
	memo map[string]macroRule
	busy map[string]bool
}

var noRule = macroRule{kind: kindNone, param: -1}

// rule classifies a project macro name (memoized, cycle-safe).
func (c *classifier) rule(name string) macroRule {
	if r, ok := c.memo[name]; ok {
		return r
	}
	if protectedNames[name] {
		return noRule
	}
	if k, _ := builtinKind(name); k != kindNone {
		// Apple names keep their built-in meaning even when a project
		// redefines them for older SDKs.
		return builtinRule(name, k)
	}
	defs := c.defs[name]
	if len(defs) == 0 || c.busy[name] {
		return noRule
	}
	c.busy[name] = true
	r := noRule
	for i, d := range defs {
		ri := c.classifyDef(d)
		if i == 0 {
			r = ri
		} else if ri != r {
			// Definitions under different #if branches must agree, except
			// that an empty alternative (`#else #define X`) of an attribute
			// or storage-class macro is compatible with it.
			switch {
			case ri.kind == kindAttr && isBlankable(r.kind) && d.fn == defs[0].fn:
			case r.kind == kindAttr && isBlankable(ri.kind) && d.fn == defs[0].fn:
				r = ri
			default:
				r = noRule
			}
		}
		if r.kind == kindNone {
			break
		}
	}
	delete(c.busy, name)
	if r.kind != kindNone {
		r.fn = defs[0].fn
	}
	c.memo[name] = r
	return r
}

// isBlankable reports kinds for which blanking the use is also acceptable.
func isBlankable(k rewriteKind) bool {
	return k == kindAttr || k == kindExtern || k == kindInline || k == kindRegion
}

// classifyDef classifies one definition from its body tokens.
func (c *classifier) classifyDef(d macroDef) macroRule {
	body := d.body
	if len(body) == 0 {
		return macroRule{kind: kindAttr, param: -1}
	}
	// Macros generating @interface/@implementation/@end/@protocol.
	for i := 0; i+1 < len(body); i++ {
		if body[i].text == "@" && body[i+1].kind == 'i' {
			switch body[i+1].text {
			case "interface", "implementation", "end":
				return macroRule{kind: kindBlankCall, param: -1}
			case "protocol":
				// Not the expression @protocol(P).
				if i+2 < len(body) && body[i+2].text != "(" {
					return macroRule{kind: kindBlankCall, param: -1}
				}
			}
		}
	}
	// Macros generating methods: `- (T)name …` / `+ (T)name …`, first or
	// after a declaration (`static char key; - (id)name { … }`).
	if lead := skipAttrTokens(body); len(lead) > 2 && (lead[0].text == "-" || lead[0].text == "+") && lead[1].text == "(" {
		return macroRule{kind: kindBlankCall, param: -1}
	}
	for i := 1; i < len(body); i++ {
		if (body[i-1].text == ";" || body[i-1].text == "}") && methodStart(body[i:]) {
			return macroRule{kind: kindBlankCall, param: -1}
		}
	}
	// Aliases of such macros (`#define EXPMatcherInterface(a, b)
	// _EXPMatcherInterface(a, b)`).
	if body[0].kind == 'i' && !protectedNames[body[0].text] && !isParam(body[0].text, d.params) {
		if r := c.rule(body[0].text); r.kind == kindBlankCall && (len(body) == 1 || body[1].text == "(") {
			return macroRule{kind: kindBlankCall, param: -1}
		}
	}
	// C++ linkage helpers: `extern "C" {` and a lone `}`. Parsing as
	// Objective-C, the non-C++ alternative (empty) is the right one.
	if len(body) == 1 && body[0].text == "}" {
		return macroRule{kind: kindAttr, param: -1}
	}
	if len(body) == 3 && body[0].text == "extern" && body[1].text == `"C"` && body[2].text == "{" {
		return macroRule{kind: kindAttr, param: -1}
	}
	if !d.fn {
		if k := c.stringMacro(body); k != kindNone {
			return macroRule{kind: k, param: -1}
		}
	}
	if d.fn {
		if k := c.stringify(d); k != kindNone {
			return macroRule{kind: k, param: -1}
		}
		if r := c.enumAlias(d); r.kind != kindNone {
			return r
		}
	}
	// An object-like alias of an enum macro (`#define MY_ENUM NS_ENUM`).
	if !d.fn && len(body) == 1 && body[0].kind == 'i' {
		if k, _ := builtinKind(body[0].text); k == kindEnum || c.rule(body[0].text).kind == kindEnum {
			return macroRule{kind: kindEnum, param: -1}
		}
	}
	// Strip attributes; what remains decides.
	rest, ok := c.stripAttrs(body, d.params)
	if !ok {
		return stmtRule(d)
	}
	noEscape := false
	for _, t := range body {
		if t.kind != 'i' {
			continue
		}
		switch t.text {
		case "noescape", "__noescape__", "NS_NOESCAPE", "CF_NOESCAPE":
			noEscape = true
		default:
			if !protectedNames[t.text] && !isParam(t.text, d.params) && c.defs[t.text] != nil && c.rule(t.text).kind == kindNoEscape {
				noEscape = true
			}
		}
	}
	hasExtern, hasStatic, hasInline := false, false, false
	var other []ptoken
	for _, t := range rest {
		switch t.text {
		case "extern":
			hasExtern = true
		case "static":
			hasStatic = true
		case "inline", "__inline__", "__inline":
			hasInline = true
		case `"C"`:
			if !hasExtern {
				other = append(other, t)
			}
		default:
			other = append(other, t)
		}
	}
	if d.fn && len(d.params) == 1 && len(other) == 1 && other[0].text == d.params[0] && !hasStatic && !hasInline {
		if hasExtern {
			return macroRule{kind: kindUnwrapExtern, param: 0}
		}
		return macroRule{kind: kindUnwrap, param: 0}
	}
	if len(other) > 0 {
		return stmtRule(d)
	}
	switch {
	case hasExtern && !hasStatic && !hasInline:
		return macroRule{kind: kindExtern, param: -1}
	case hasStatic || hasInline:
		if hasExtern {
			return noRule
		}
		return macroRule{kind: kindInline, param: -1}
	}
	if noEscape {
		return macroRule{kind: kindNoEscape, param: -1}
	}
	return macroRule{kind: kindAttr, param: -1}
}

// methodStart reports whether b starts a method definition or
// declaration: `-` or `+`, then `(type)` and the selector's first word.
func methodStart(b []ptoken) bool {
	if len(b) < 5 || (b[0].text != "-" && b[0].text != "+") || b[1].text != "(" {
		return false
	}
	for k := 2; k < len(b)-1 && k < 10; k++ {
		if b[k].text == ")" {
			return k > 2 && b[k+1].kind == 'i'
		}
		if b[k].kind != 'i' && b[k].text != "*" && b[k].text != "^" && b[k].text != "<" && b[k].text != ">" && b[k].text != "," {
			return false
		}
	}
	return false
}

// stmtRule classifies a function-like macro whose expansion is complete
// statements or definitions: it ends with `;` or `}` (trailing _Pragma(…)
// ignored), so uses may omit the `;` (`strongify(self)`, `CASE(Bool)`).
func stmtRule(d macroDef) macroRule {
	if !d.fn {
		return noRule
	}
	b := d.body
	for len(b) >= 4 && b[len(b)-1].text == ")" {
		// Drop a trailing _Pragma("…").
		k := len(b) - 2
		for k >= 0 && b[k].text != "(" {
			k--
		}
		if k < 1 || b[k-1].text != "_Pragma" {
			break
		}
		b = b[:k-1]
	}
	if len(b) == 0 {
		return noRule
	}
	switch b[len(b)-1].text {
	case ";", "}":
		return macroRule{kind: kindStmt, param: -1}
	}
	return noRule
}

// stripAttrs removes attribute syntax from body tokens: __attribute__((…)),
// _Pragma(…), __declspec(…), Apple attribute and region macros with their
// argument and project macros classified so; storage-class macros become
// their keyword. Other tokens are returned for the caller to judge. It
// reports false for bodies using # or ## or macros of other kinds.
func (c *classifier) stripAttrs(body []ptoken, params []string) ([]ptoken, bool) {
	var out []ptoken
	for i := 0; i < len(body); i++ {
		t := body[i]
		if t.kind != 'i' {
			if t.text == "#" || t.text == "##" {
				return nil, false
			}
			out = append(out, t)
			continue
		}
		skipArgs := false
		switch t.text {
		case "__attribute__", "__attribute", "_Pragma", "__declspec", "__asm__", "__asm":
			skipArgs = true
		default:
			k, _ := builtinKind(t.text)
			if k == kindNone && !isParam(t.text, params) {
				r := c.rule(t.text)
				k = r.kind
			}
			switch k {
			case kindAttr, kindRegion, kindNoEscape:
				skipArgs = true
			case kindExtern:
				out = append(out, ptoken{"extern", 'i'})
				skipArgs = true
			case kindInline:
				out = append(out, ptoken{"static", 'i'}, ptoken{"inline", 'i'})
				skipArgs = true
			case kindNone:
				out = append(out, t)
			default:
				return nil, false
			}
		}
		if skipArgs && i+1 < len(body) && body[i+1].text == "(" {
			depth := 0
			j := i + 1
			for ; j < len(body); j++ {
				switch body[j].text {
				case "(":
					depth++
				case ")":
					depth--
				}
				if depth == 0 {
					break
				}
			}
			i = j
		}
	}
	return out, true
}

func isParam(s string, params []string) bool {
	for _, p := range params {
		if p == s || (p == "..." && s == "__VA_ARGS__") {
			return true
		}
	}
	return false
}

// stringMacro recognizes bodies made of string literals and string macros
// (`@"Tabs: "`, `PREFIX @"x"`), possibly parenthesized.
func (c *classifier) stringMacro(body []ptoken) rewriteKind {
	for len(body) >= 2 && body[0].text == "(" && body[len(body)-1].text == ")" {
		body = body[1 : len(body)-1]
	}
	if len(body) == 0 {
		return kindNone
	}
	objc := false
	for k := 0; k < len(body); k++ {
		t := body[k]
		switch {
		case t.text == "@" && k+1 < len(body) && body[k+1].kind == 's' && body[k+1].text[0] == '"':
			objc = true
		case t.kind == 's' && t.text[0] == '"':
		case t.kind == 'i' && !protectedNames[t.text]:
			switch c.rule(t.text).kind {
			case kindString:
			case kindStringObjC:
				objc = true
			default:
				return kindNone
			}
		default:
			return kindNone
		}
	}
	if objc {
		return kindStringObjC
	}
	return kindString
}

// stringify recognizes `M(x) #x`, `M(x) @#x`, `M(x) @ STRINGIFY(x)` and
// `M(x) STRINGIFY(x)` where STRINGIFY is itself stringifying.
func (c *classifier) stringify(d macroDef) rewriteKind {
	b := d.body
	objc := false
	if len(b) > 0 && b[0].text == "@" {
		objc = true
		b = b[1:]
	}
	if len(b) == 2 && b[0].text == "#" && b[1].kind == 'i' && isParam(b[1].text, d.params) {
		if objc {
			return kindStringifyObjC
		}
		return kindStringify
	}
	if len(b) >= 4 && b[0].kind == 'i' && b[1].text == "(" && b[len(b)-1].text == ")" {
		r := c.rule(b[0].text)
		if r.kind == kindStringify || r.kind == kindStringifyObjC {
			if objc || r.kind == kindStringifyObjC {
				return kindStringifyObjC
			}
			return kindStringify
		}
	}
	return kindNone
}

// enumAlias recognizes project aliases of NS_ENUM: bodies starting with an
// enum macro (`NS_ENUM(_type, _name)`, possibly after _Pragma and
// attributes) and Apple-style expansions (`enum _name : _type _name; enum
// _name : _type`). The rule's param is the index of the macro parameter
// that carries the enum name.
func (c *classifier) enumAlias(d macroDef) macroRule {
	if len(d.params) == 0 {
		return noRule
	}
	b := skipAttrTokens(d.body)
	if len(b) == 0 || b[0].kind != 'i' {
		return noRule
	}
	semi := d.body[len(d.body)-1].text == ";"
	if b[0].text == "enum" || b[0].text == "typedef" {
		for _, t := range b {
			if t.text == "{" || t.text == "}" {
				return noRule
			}
		}
		for k := 0; k+1 < len(b); k++ {
			if b[k].text == "enum" && b[k+1].kind == 'i' {
				if idx := paramIndex(b[k+1].text, d.params); idx >= 0 {
					return macroRule{kind: kindEnum, param: idx, semi: semi}
				}
				break
			}
		}
		return noRule
	}
	inner := -1
	if k, _ := builtinKind(b[0].text); k == kindEnum {
		inner = enumNameArg[b[0].text]
		if inner == 0 {
			inner = -1
		}
	} else if r := c.rule(b[0].text); r.kind == kindEnum {
		inner = r.param
	} else {
		return noRule
	}
	if len(b) < 2 || b[1].text != "(" {
		return noRule
	}
	// Split the inner invocation's arguments.
	var args [][]ptoken
	var cur []ptoken
	depth := 0
	closed := false
	for _, t := range b[2:] {
		if depth == 0 && t.text == ")" {
			closed = true
			break
		}
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				args = append(args, cur)
				cur = nil
				continue
			}
		}
		cur = append(cur, t)
	}
	if !closed {
		return noRule
	}
	args = append(args, cur)
	var arg []ptoken
	switch {
	case inner >= 0 && inner < len(args):
		arg = args[inner]
	case inner < 0 && len(args) >= 2:
		arg = args[len(args)-1]
	default:
		return noRule
	}
	if len(arg) == 0 || arg[len(arg)-1].kind != 'i' {
		return noRule
	}
	if idx := paramIndex(arg[len(arg)-1].text, d.params); idx >= 0 {
		return macroRule{kind: kindEnum, param: idx, semi: semi}
	}
	return noRule
}

// skipAttrTokens drops leading __attribute__((…)) and _Pragma(…).
func skipAttrTokens(b []ptoken) []ptoken {
	for len(b) > 0 && b[0].kind == 'i' {
		switch b[0].text {
		case "__attribute__", "__attribute", "_Pragma":
		default:
			return b
		}
		if len(b) < 2 || b[1].text != "(" {
			return b
		}
		depth, j := 0, 1
		for ; j < len(b); j++ {
			switch b[j].text {
			case "(":
				depth++
			case ")":
				depth--
			}
			if depth == 0 {
				break
			}
		}
		if j >= len(b) {
			return nil
		}
		b = b[j+1:]
	}
	return b
}

func paramIndex(s string, params []string) int {
	for i, p := range params {
		if p == s {
			return i
		}
	}
	return -1
}

// IdentAliases returns the bodies of the object-like definitions of name
// that consist of one identifier (e.g. `#define weak_delegate weak` and,
// under another #if branch, `#define weak_delegate unsafe_unretained`),
// in definition order, or nil when name has another kind of definition.
// The extractor uses it to read property attributes spelled through a
// project macro. Safe for concurrent use once scanning is done.
func (m *Macros) IdentAliases(name string) []string {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, d := range m.defs[name] {
		if d.fn || len(d.body) != 1 || d.body[0].kind != 'i' {
			return nil
		}
		out = append(out, d.body[0].text)
	}
	return out
}

// TypeofQualifiers resolves a function-like project macro that spells a
// qualified typeof of its one argument (`#define ORKWeakTypeOf(x) __weak
// __typeof(x)`, a weak-self idiom): it returns the qualifiers (`__weak`)
// when every definition of name is such a macro with the same qualifiers.
// The extractor uses it to read `ORKWeakTypeOf(self) weakSelf = self;` as
// `__weak __typeof(self) weakSelf = self;`. Safe for concurrent use once
// scanning is done.
func (m *Macros) TypeofQualifiers(name string) ([]string, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.typeofQualifiers(name)
}

func (m *Macros) typeofQualifiers(name string) ([]string, bool) {
	defs := m.defs[name]
	if len(defs) == 0 {
		return nil, false
	}
	var out []string
	for i, d := range defs {
		if !d.fn || len(d.params) != 1 {
			return nil, false
		}
		var quals []string
		b := d.body
		for len(b) > 0 && b[0].kind == 'i' && qualifierWords[b[0].text] {
			quals = append(quals, b[0].text)
			b = b[1:]
		}
		if len(b) != 4 || (b[0].text != "typeof" && b[0].text != "__typeof" && b[0].text != "__typeof__") ||
			b[1].text != "(" || b[2].text != d.params[0] || b[3].text != ")" {
			return nil, false
		}
		if i > 0 && strings.Join(quals, " ") != strings.Join(out, " ") {
			return nil, false
		}
		out = quals
	}
	return out, true
}

// Digest returns a hash of everything the project's macros change in the
// facts of a file: the pre-pass rewrite of each classified macro and the
// identifier aliases the extractor reads. Facts parsed with macros of equal
// digests are equal, so the digest is part of a facts cache key.
func (m *Macros) Digest() [sha256.Size]byte {
	h := sha256.New()
	if m == nil {
		return [sha256.Size]byte(h.Sum(nil))
	}
	t := m.rules()
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r := t[name]
		fmt.Fprintf(h, "r %s %d %d %t %t\n", name, r.kind, r.param, r.fn, r.semi)
	}
	m.mu.Lock()
	names = names[:0]
	for name := range m.defs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var alts []string
		for _, d := range m.defs[name] {
			if !d.fn && len(d.body) == 1 && d.body[0].kind == 'i' {
				alts = append(alts, d.body[0].text)
			}
		}
		if len(alts) > 0 {
			sort.Strings(alts)
			fmt.Fprintf(h, "a %s %d %s\n", name, len(m.defs[name]), strings.Join(alts, " "))
		}
		if quals, ok := m.typeofQualifiers(name); ok {
			fmt.Fprintf(h, "t %s %s\n", name, strings.Join(quals, " "))
		}
	}
	m.mu.Unlock()
	return [sha256.Size]byte(h.Sum(nil))
}
