package objcparse

import (
	"bytes"
	"sort"
)

// The same-length pre-pass (PARSING.md "A same-length pre-pass fixes most
// of it"). Prepare overwrites bytes the grammar cannot read with spaces or
// an equal-or-shorter keyword padded with spaces. The text keeps its length
// and every line break, so each byte offset, line and column of the tree is
// the original's. Rewrites, in order of measured gain on the corpus:
//
//   - region macros (NS_ASSUME_NONNULL_BEGIN, NS_HEADER_AUDIT_BEGIN(…),
//     CF_EXTERN_C_BEGIN, __BEGIN_DECLS …): blanked;
//   - project macros (see Macros): attribute-only → blanked, storage class →
//     `extern`/`static inline`, `M(x)` = `extern x` → unwrapped, stringifying
//     → `@""`, @interface/@implementation/method generators → blanked with a
//     following `;`, enum aliases → like NS_ENUM, statement macros used
//     without `;` → a `;` written into the white space after the use, string
//     macros next to a string literal → `@""`;
//   - enums: `typedef NS_ENUM(T, Name)` (NS_OPTIONS, NS_CLOSED_ENUM,
//     NS_ERROR_ENUM, CF_ENUM, CF_OPTIONS, CF_CLOSED_ENUM, OBJC_ENUM,
//     SWIFT_ENUM…) → `enum Name` with Name at its offset and the typedef
//     (and an attribute before it) blanked; the one-argument form keeps the
//     typedef; an enum declared directly inside @interface/@protocol/
//     @implementation is blanked whole (the grammar takes none there);
//   - Apple attributes (~120 names and 24 prefix families, with their
//     balanced argument on the same line) → blanked, NS_NOESCAPE recorded
//     first; APPKIT_EXTERN, UIKIT_EXTERN, FOUNDATION_EXPORT, CF_EXPORT … →
//     `extern`; NS_INLINE, CF_INLINE (9 bytes) → `static`, longer inline
//     macros → `static inline`; test DSLs (QuickSpecBegin, SpecBegin …) →
//     blanked, QuickConfigurationBegin(N) → `@implementation N`;
//   - `#ifdef __cplusplus` branches holding only `extern "C" {` or `}`:
//     blanked (the grammar reads the rest of the header as the linkage body);
//   - small ones: `@onExit` → blanked, `_Atomic(T)` → `_Atomic T`,
//     `__unused` → blanked;
//   - block comments inside a multi-line #define that more text follows:
//     blanked (the grammar ends a #define at its first comment).
//
// Comments, string and character literals (C++ raw strings included) and
// preprocessor lines are never rewritten, with three exceptions: the
// __cplusplus linkage branches and #define comments above, comments inside
// an enum blanked in a container are kept, and arguments of a blanked
// attribute (which may hold strings) go with it.

// Prepared is the result of PrepareSource.
type Prepared struct {
	// Text has the length and the newlines of the source; parse it and read
	// node text from it.
	Text []byte
	// NoEscape holds, sorted, the byte offsets of every noescape annotation
	// of the source: NS_NOESCAPE and CF_NOESCAPE (blanked in Text) and project
	// macros expanding to them, and `__attribute__((noescape))` (kept in Text,
	// the grammar reads it). The extractor asks NoEscapeIn with the range of
	// a parameter (method_parameter, parameter_declaration) or of its type
	// (method_type) to set Param.NoEscape.
	NoEscape []int
	// Applied names the rewrites done, each once, sorted: "region:NAME",
	// "enum:NAME", "attr:NAME" (a prefix family is "attr:NS_SWIFT_*"),
	// "extern:NAME", "inline:NAME", "noescape:NAME", "blank-call:NAME",
	// "impl-begin:NAME", "project-<kind>:NAME" (kinds: attr, extern,
	// inline, noescape, unwrap, unwrap-extern, stringify, blank-call, enum,
	// stmt, stmt-types, string), "enum-in-container", "cplusplus:extern-C",
	// "directive-comment", "onExit", "atomic", "unused". For statistics and
	// debugging (File.Prepass).
	Applied []string
}

// NoEscapeIn reports whether a noescape annotation starts in [start, end).
func (p *Prepared) NoEscapeIn(start, end uint32) bool {
	if p == nil {
		return false
	}
	i := sort.SearchInts(p.NoEscape, int(start))
	return i < len(p.NoEscape) && p.NoEscape[i] < int(end)
}

// Prepare returns src rewritten for the grammar (same length, same
// newlines) and the names of the rewrites applied. m holds the project's
// macros (see Macros); nil means "scan src itself", which suits single-file
// use. Prepare never panics and never fails.
func Prepare(src []byte, m *Macros) (out []byte, applied []string) {
	p := PrepareSource(src, m)
	return p.Text, p.Applied
}

// PrepareSource is Prepare returning also the noescape offsets.
func PrepareSource(src []byte, m *Macros) *Prepared {
	return prepareWith(src, m, compAll)
}

// component is a pre-pass component; the corpus test switches them off one
// at a time to measure each one's gain.
type component uint16

const (
	compRegion    component = 1 << iota // NS_ASSUME_NONNULL_BEGIN …
	compEnum                            // typedef NS_ENUM(T, Name)
	compApple                           // Apple attribute / storage-class macros
	compProject                         // the project's own #defines
	compCPlusPlus                       // `extern "C" {` / `}` under #ifdef __cplusplus
	compSmall                           // @onExit, _Atomic(T), __unused
	compDirective                       // comments inside #define bodies
	compAll       component = 1<<iota - 1
)

var componentNames = []struct {
	c    component
	name string
}{
	{compRegion, "region"},
	{compEnum, "enum"},
	{compApple, "apple"},
	{compProject, "project"},
	{compCPlusPlus, "cplusplus"},
	{compSmall, "small"},
	{compDirective, "directive"},
}

type prepass struct {
	src, out []byte
	rules    map[string]macroRule
	comps    component
	applied  []string
	noEscape []int
	// last and prev are the last two significant tokens left as is, used to
	// find the `typedef` (and an `__attribute__((…))` before it) preceding
	// NS_ENUM. A whole __attribute__((…)) counts as one token.
	last, prev span
	// inContainer is set between @interface/@protocol/@implementation and
	// @end, where the grammar accepts no enum declaration; depth counts the
	// open braces (outside comments, literals, directives) and
	// containerDepth is the depth at the container's start.
	inContainer           bool
	depth, containerDepth int
}

// span is a token of the pre-pass; end < 0 means none.
type span struct {
	start, end int
	attr       bool // a whole __attribute__((…))
	str        bool // a string literal or a rewritten string macro
}

func (p *prepass) setLast(start, end int) {
	p.prev, p.last = p.last, span{start: start, end: end}
}

func prepareWith(src []byte, m *Macros, comps component) *Prepared {
	return prepareInto(nil, src, m, comps)
}

// prepareInto is prepareWith writing the text into buf's array when it is
// large enough (a parser reuses one from file to file).
func prepareInto(buf, src []byte, m *Macros, comps component) *Prepared {
	if m == nil && comps&compProject != 0 {
		m = NewMacros()
		m.Scan(src)
	}
	p := &prepass{
		src:   src,
		out:   append(buf[:0], src...),
		comps: comps,
		last:  span{end: -1},
		prev:  span{end: -1},
	}
	if p.out == nil {
		p.out = []byte{}
	}
	if comps&compProject != 0 {
		p.rules = m.rules()
	}
	p.run()
	sort.Strings(p.applied)
	sort.Ints(p.noEscape)
	return &Prepared{Text: p.out, NoEscape: p.noEscape, Applied: p.applied}
}

func (p *prepass) note(label string) {
	for _, a := range p.applied {
		if a == label {
			return
		}
	}
	p.applied = append(p.applied, label)
}

// blank overwrites [a, b) with spaces, keeping line breaks.
func (p *prepass) blank(a, b int) {
	blankRange(p.out, a, b)
}

func blankRange(out []byte, a, b int) {
	if a < 0 {
		a = 0
	}
	if b > len(out) {
		b = len(out)
	}
	for k := a; k < b; k++ {
		if c := out[k]; c != '\n' && c != '\r' {
			out[k] = ' '
		}
	}
}

// write puts s at a and blanks the rest of [a, b). When s does not fit or
// would overwrite a line break, the range is only blanked.
func (p *prepass) write(a, b int, s string) {
	if b-a >= len(s) && bytes.IndexAny(p.src[a:a+len(s)], "\r\n") < 0 {
		copy(p.out[a:], s)
		p.blank(a+len(s), b)
		return
	}
	p.blank(a, b)
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipQuoted skips a string or character literal starting at i (the quote)
// and returns the offset after it. An unterminated literal ends at the end
// of the line.
func skipQuoted(s []byte, i int) int {
	q := s[i]
	i++
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case q:
			return i + 1
		case '\n':
			return i
		}
		i++
	}
	return len(s)
}

// skipNumber skips a preprocessing number (with C++14 ' separators).
func skipNumber(s []byte, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case isIdentByte(c) || c == '.':
			if (c|0x20 == 'e' || c|0x20 == 'p') && i+1 < len(s) && (s[i+1] == '+' || s[i+1] == '-') {
				i++
			}
			i++
		case c == '\'' && i+1 < len(s) && isIdentByte(s[i+1]) && i > 0 && isIdentByte(s[i-1]):
			i++
		default:
			return i
		}
	}
	return i
}

// skipLineComment skips a // comment from i to the end of its line,
// honouring backslash continuations; it returns the offset of the newline.
func skipLineComment(s []byte, i int) int {
	for i < len(s) && s[i] != '\n' {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		i++
	}
	return i
}

// skipBlockComment skips a /* */ comment starting at i.
func skipBlockComment(s []byte, i int) int {
	e := bytes.Index(s[i+2:], []byte("*/"))
	if e < 0 {
		return len(s)
	}
	return i + 2 + e + 2
}

// skipRawString skips a C++ raw string whose `"` is at q; it returns q+1
// when the delimiter is malformed.
func skipRawString(s []byte, q int) int {
	open := bytes.IndexByte(s[q+1:], '(')
	if open < 0 || open > 16 || bytes.ContainsAny(s[q+1:q+1+open], " \\)\n\t") {
		return q + 1
	}
	delim := append(append([]byte(")"), s[q+1:q+1+open]...), '"')
	e := bytes.Index(s[q+1+open+1:], delim)
	if e < 0 {
		return len(s)
	}
	return q + 1 + open + 1 + e + len(delim)
}

// run scans the source once, dispatching identifiers and directives.
func (p *prepass) run() {
	s := p.src
	n := len(s)
	lineStart := true
	for i := 0; i < n; {
		c := s[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '\\' && i+1 < n && (s[i+1] == '\n' || s[i+1] == '\r'):
			i++
		case c == '#' && lineStart:
			end := directiveEnd(s, i)
			p.directive(i, end)
			i = end
		case c == '/' && i+1 < n && s[i+1] == '/':
			i = skipLineComment(s, i)
		case c == '/' && i+1 < n && s[i+1] == '*':
			i = skipBlockComment(s, i)
		case c == '"' || c == '\'':
			j := skipQuoted(s, i)
			p.setLast(i, j)
			p.last.str = c == '"'
			i = j
			lineStart = false
		case isDigit(c) || c == '.' && i+1 < n && isDigit(s[i+1]):
			j := skipNumber(s, i)
			p.setLast(i, j)
			i = j
			lineStart = false
		case isIdentStart(c):
			j := i + 1
			for j < n && isIdentByte(s[j]) {
				j++
			}
			if j < n && s[j] == '"' && isRawPrefix(s[i:j]) {
				i = skipRawString(s, j)
			} else {
				i = p.ident(i, j)
			}
			lineStart = false
		case c == '@' && i+1 < n && isIdentStart(s[i+1]):
			j := i + 2
			for j < n && isIdentByte(s[j]) {
				j++
			}
			i = p.atKeyword(i, j)
			lineStart = false
		default:
			switch c {
			case '{':
				p.depth++
			case '}':
				if p.depth > 0 {
					p.depth--
				}
			}
			p.setLast(i, i+1)
			i++
			lineStart = false
		}
	}
}

func isRawPrefix(b []byte) bool {
	switch string(b) {
	case "R", "LR", "uR", "UR", "u8R":
		return true
	}
	return false
}

// atKeyword handles `@word` at [i, j).
func (p *prepass) atKeyword(i, j int) int {
	if p.comps&compSmall != 0 && string(p.src[i+1:j]) == "onExit" {
		// libextobjc `@onExit { … };` — the statements run in place at scope
		// exit; reading them as a plain compound statement is enough.
		p.blank(i, j)
		p.note("onExit")
		return j
	}
	word := string(p.src[i+1 : j])
	switch word {
	case "interface", "implementation":
		p.inContainer, p.containerDepth = true, p.depth
	case "protocol":
		// Not `@protocol(X)` (an expression) nor `@protocol X;` (forward).
		if k := p.nextNonSpace(j); k < len(p.src) && isIdentStart(p.src[k]) {
			e := k
			for e < len(p.src) && isIdentByte(p.src[e]) {
				e++
			}
			if e2 := p.nextNonSpace(e); e2 < len(p.src) && p.src[e2] != ';' && p.src[e2] != ',' {
				p.inContainer, p.containerDepth = true, p.depth
			}
		}
	case "end":
		p.inContainer = false
	}
	// `@weakify(self)` without `;` where the project defines weakify as
	// complete statements.
	if r, ok := p.rules[word]; ok && r.kind == kindStmt && p.comps&compProject != 0 {
		if p.stmtMacro(i, j) {
			p.note("project-stmt:" + word)
		}
	}
	p.setLast(i, j)
	return j
}

// stmtMacro supplies the `;` a statement macro use at [i, j) omits: when
// the use is the first thing on its line (or follows `;`, `{`, `}`), its
// argument ends the line, and the next token starts a statement, a `;` is
// written into the white space between them (never moving a token). It
// reports whether it wrote one.
func (p *prepass) stmtMacro(i, j int) bool {
	s := p.src
	open := p.nextOpenParen(j, false)
	if open < 0 {
		return false
	}
	close := p.matchParen(open, false)
	if close < 0 {
		return false
	}
	// First on its line, or after a statement end.
	if p.last.end >= 0 {
		lineStart := bytes.LastIndexByte(s[:i], '\n') + 1
		if p.last.end > lineStart {
			switch string(s[p.last.start:p.last.end]) {
			case ";", "{", "}":
			default:
				return false
			}
		}
	}
	next := p.nextNonSpace(close + 1)
	if next < len(s) {
		c := s[next]
		if !(isIdentStart(c) || c == '@' || c == '[' || c == '}' || c == '#') {
			return false
		}
		// The argument must end its line.
		if nl := bytes.IndexByte(s[close+1:next], '\n'); nl < 0 {
			return false
		}
	}
	// The first space or tab outside comments between them — on the line of
	// the ')' when a directive follows: a `;` before `#` would stop it being
	// a directive.
	limit := next
	if next < len(s) && s[next] == '#' {
		if nl := bytes.IndexByte(s[close+1:next], '\n'); nl >= 0 {
			limit = close + 1 + nl
		}
	}
	for k := close + 1; k < limit; {
		switch c := s[k]; {
		case c == ' ' || c == '\t':
			p.out[k] = ';'
			return true
		case c == '/' && k+1 < len(s) && s[k+1] == '/':
			k = skipLineComment(s, k)
		case c == '/' && k+1 < len(s) && s[k+1] == '*':
			k = skipBlockComment(s, k)
		default:
			k++
		}
	}
	return false
}

// nextNonSpace returns the first offset at or after i that is not white
// space or a comment (newlines included), or len(src).
func (p *prepass) nextNonSpace(i int) int {
	s := p.src
	for i < len(s) {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\\':
			i++
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		default:
			return i
		}
	}
	return i
}

// nextOpenParen returns the offset of a '(' following i after horizontal
// white space only (or also line breaks and comments when multiline), or -1.
func (p *prepass) nextOpenParen(i int, multiline bool) int {
	k := skipHSpace(p.src, i)
	if multiline {
		k = p.nextNonSpace(i)
	}
	if k < len(p.src) && p.src[k] == '(' {
		return k
	}
	return -1
}

// matchParen returns the offset of the ')' closing the '(' at open. When
// strict, it gives up (returns -1) at `;`, braces, a directive line or after
// 4 KB: attribute arguments hold none of those.
func (p *prepass) matchParen(open int, strict bool) int {
	s := p.src
	depth := 0
	for i := open; i < len(s); {
		c := s[i]
		if strict && i-open > 4096 {
			return -1
		}
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		case c == '"' || c == '\'':
			i = skipQuoted(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
			continue
		case strict && (c == ';' || c == '{' || c == '}'):
			return -1
		case strict && c == '\n':
			if k := skipHSpace(s, i+1); k < len(s) && s[k] == '#' {
				return -1
			}
		}
		i++
	}
	return -1
}

// matchBrace returns the offset of the '}' closing the '{' at open, or -1.
func (p *prepass) matchBrace(open int) int {
	s := p.src
	depth := 0
	for i := open; i < len(s); {
		switch c := s[i]; {
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		case c == '"' || c == '\'':
			i = skipQuoted(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
			continue
		case c == '\n':
			if k := skipHSpace(s, i+1); k < len(s) && s[k] == '#' {
				// Skip directive lines: their braces are not code.
				i = directiveEnd(s, k)
				continue
			}
		}
		i++
	}
	return -1
}

// blankCall blanks the name at [i, j) and, when a balanced (...) follows
// and args allows it, the argument too. It returns where scanning resumes.
func (p *prepass) blankCall(i, j int, args, strict, multiline bool) int {
	end := j
	if args {
		// Apple attributes take their argument on the same line; a project
		// function-like macro is a call wherever its '(' is.
		if open := p.nextOpenParen(j, multiline); open >= 0 {
			if close := p.matchParen(open, strict); close >= 0 {
				end = close + 1
			}
		}
	}
	p.blank(i, end)
	return end
}

// ident handles the identifier at [i, j) and returns where scanning resumes.
func (p *prepass) ident(i, j int) int {
	name := p.src[i:j]
	kind, label := kindNone, ""
	project := false
	var rule macroRule
	if k, ok := builtinExact[string(name)]; ok {
		kind, label = k, string(name)
	} else if c := name[0]; c == 'N' || c == 'C' || c == '_' || c == 'A' || c == 'D' {
		for _, pre := range builtinPrefixes {
			if len(name) >= len(pre) && string(name[:len(pre)]) == pre {
				kind, label = kindAttr, pre+"*"
				break
			}
		}
	}
	if kind == kindNone && p.rules != nil {
		if r, ok := p.rules[string(name)]; ok {
			kind, rule, project = r.kind, r, true
			label = string(name)
		}
	}
	if kind == kindNone {
		return p.special(i, j)
	}
	if project {
		if p.comps&compProject == 0 {
			return p.plain(i, j)
		}
	} else {
		switch kind {
		case kindRegion:
			if p.comps&compRegion == 0 {
				return p.plain(i, j)
			}
		case kindEnum:
			if p.comps&compEnum == 0 {
				return p.plain(i, j)
			}
		default:
			if p.comps&compApple == 0 {
				return p.plain(i, j)
			}
		}
		rule = builtinRule(string(name), kind)
	}
	prefix := kind.String()
	if project {
		prefix = "project-" + prefix
	}
	switch kind {
	case kindRegion, kindAttr, kindNoEscape:
		if kind == kindNoEscape {
			p.noEscape = append(p.noEscape, i)
		}
		p.note(prefix + ":" + label)
		return p.blankCall(i, j, rule.fn, true, project)
	case kindBlankCall:
		p.note(prefix + ":" + label)
		end := p.blankCall(i, j, rule.fn, false, true)
		// A `;` after the use would be a stray empty declaration inside
		// @implementation: blank it when on the same line.
		if k := skipHSpace(p.src, end); k < len(p.src) && p.src[k] == ';' {
			p.blank(k, k+1)
			end = k + 1
		}
		return end
	case kindStmt:
		if open := p.nextOpenParen(j, false); open >= 0 {
			if close := p.matchParen(open, false); close >= 0 && p.typeLikeArgs(open, close) {
				// `RESULT_FOR(NSString *, stringValue);`: types as arguments
				// are no expression; the expansion is invisible anyway.
				p.blank(i, close+1)
				p.note(prefix + "-types:" + label)
				return close + 1
			}
		}
		if p.stmtMacro(i, j) {
			p.note(prefix + ":" + label)
		}
	case kindImplBegin:
		// `QuickConfigurationBegin(Name)` → `@implementation         Name `.
		open := p.nextOpenParen(j, false)
		if open < 0 {
			break
		}
		close := p.matchParen(open, true)
		if close < 0 {
			break
		}
		a, b := trimSpace(p.src, open+1, close)
		if a < b && a-i > len("@implementation") && p.isIdentSpan(a, b) {
			p.write(i, a, "@implementation")
			p.blank(b, close+1)
			p.note(prefix + ":" + label)
			p.inContainer, p.containerDepth = true, p.depth
			return close + 1
		}
	case kindImplEnd:
		p.write(i, j, "@end")
		p.note(prefix + ":" + label)
		p.inContainer = false
		return j
	case kindExtern:
		p.write(i, j, "extern")
		p.note(prefix + ":" + label)
		return j
	case kindInline:
		if j-i >= len("static inline") {
			p.write(i, j, "static inline")
		} else {
			p.write(i, j, "static")
		}
		p.note(prefix + ":" + label)
		return j
	case kindEnum:
		if end := p.enumMacro(i, j, rule); end > j {
			p.note(prefix + ":" + label)
			return end
		}
	case kindUnwrap, kindUnwrapExtern:
		open := p.nextOpenParen(j, true)
		if open < 0 {
			break
		}
		close := p.matchParen(open, true)
		if close < 0 {
			break
		}
		if kind == kindUnwrapExtern {
			p.write(i, open+1, "extern")
		} else {
			p.blank(i, open+1)
		}
		p.blank(close, close+1)
		p.note(prefix + ":" + label)
		// Rescan the argument: it may hold more macros.
		return open + 1
	case kindString, kindStringObjC:
		if p.stringNeighbour(j) {
			lit := `""`
			if kind == kindStringObjC {
				lit = `@""`
			}
			if j-i >= len(lit) {
				p.write(i, j, lit)
				p.note(prefix + ":" + label)
				p.setLast(i, j)
				p.last.str = true
				return j
			}
		}
	case kindStringify, kindStringifyObjC:
		open := p.nextOpenParen(j, true)
		if open < 0 {
			break
		}
		close := p.matchParen(open, false)
		if close < 0 {
			break
		}
		lit := `""`
		if kind == kindStringifyObjC {
			lit = `@""`
		}
		p.write(i, close+1, lit)
		p.note(prefix + ":" + label)
		p.setLast(i, close+1)
		return close + 1
	}
	return p.plain(i, j)
}

// isIdentSpan reports whether src[a:b] is one identifier.
func (p *prepass) isIdentSpan(a, b int) bool {
	if a >= b || !isIdentStart(p.src[a]) || isDigit(p.src[a]) {
		return false
	}
	for k := a; k < b; k++ {
		if !isIdentByte(p.src[k]) {
			return false
		}
	}
	return true
}

// typeLikeArgs reports whether the macro arguments in (open, close) hold a
// type rather than an expression: an argument ending with `*`, or made of
// two identifiers in a row (`unsigned char`, `long long`).
func (p *prepass) typeLikeArgs(open, close int) bool {
	s := p.src
	depth := 0
	prevIdent, prevStar := false, false
	for k := open + 1; k < close; {
		c := s[k]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			k++
			continue
		case c == '"' || c == '\'':
			k = skipQuoted(s, k)
			prevIdent, prevStar = false, false
			continue
		case c == '/' && k+1 < close && (s[k+1] == '/' || s[k+1] == '*'):
			if s[k+1] == '/' {
				k = skipLineComment(s, k)
			} else {
				k = skipBlockComment(s, k)
			}
			continue
		case isIdentStart(c):
			e := k
			for e < close && isIdentByte(s[e]) {
				e++
			}
			if prevIdent && depth == 0 {
				return true
			}
			prevIdent, prevStar = true, false
			k = e
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '*':
			prevIdent, prevStar = false, true
			k++
			continue
		case c == ',':
			if prevStar && depth == 0 {
				return true
			}
		}
		prevIdent, prevStar = false, false
		k++
	}
	return prevStar
}

// plain records an identifier left as is.
func (p *prepass) plain(i, j int) int {
	p.setLast(i, j)
	return j
}

// special handles identifiers that are not macros: _Atomic(T), __unused,
// __attribute__((noescape)).
func (p *prepass) special(i, j int) int {
	switch string(p.src[i:j]) {
	case "__unused":
		if p.comps&compSmall != 0 {
			// `T x __unused = …` is a syntax error for the grammar; the
			// attribute means nothing to the analysis.
			p.blank(i, j)
			p.note("unused")
			return j
		}
	case "_Atomic":
		if p.comps&compSmall != 0 {
			if open := p.nextOpenParen(j, false); open >= 0 {
				if close := p.matchParen(open, true); close >= 0 {
					// _Atomic(T) → _Atomic T: the qualifier form.
					p.blank(open, open+1)
					p.blank(close, close+1)
					p.note("atomic")
					p.setLast(i, j)
					return open + 1
				}
			}
		}
	case "enum":
		// `enum [Name] {…};` directly inside @interface/@implementation: the
		// grammar takes only `typedef enum …` there.
		if p.comps&compEnum != 0 && p.inContainer && p.depth == p.containerDepth &&
			!(p.last.end >= 0 && string(p.src[p.last.start:p.last.end]) == "typedef") {
			k := p.nextNonSpace(j)
			if k < len(p.src) && isIdentStart(p.src[k]) {
				for k < len(p.src) && isIdentByte(p.src[k]) {
					k++
				}
				k = p.nextNonSpace(k)
			}
			if k < len(p.src) && p.src[k] == '{' {
				if e := p.matchBrace(k); e >= 0 {
					if semi := p.nextNonSpace(e + 1); semi < len(p.src) && p.src[semi] == ';' {
						p.blankCode(i, semi+1)
						p.note("enum-in-container")
						return semi + 1
					}
				}
			}
		}
	case "__attribute__", "__attribute":
		if open := p.nextOpenParen(j, true); open >= 0 {
			if close := p.matchParen(open, true); close >= 0 {
				if hasWord(p.src[open:close], "noescape") || hasWord(p.src[open:close], "__noescape__") {
					p.noEscape = append(p.noEscape, i)
				}
				p.prev, p.last = p.last, span{start: i, end: close + 1, attr: true}
				return close + 1
			}
		}
	}
	return p.plain(i, j)
}

// stringNeighbour reports whether the string macro ending at j is
// concatenated with a string: the previous token is a string literal (or a
// rewritten string macro), or the next one is a string literal or a string
// macro.
func (p *prepass) stringNeighbour(j int) bool {
	if p.last.end >= 0 && p.last.str {
		return true
	}
	s := p.src
	k := p.nextNonSpace(j)
	switch {
	case k >= len(s):
		return false
	case s[k] == '"', s[k] == '@' && k+1 < len(s) && s[k+1] == '"':
		return true
	case isIdentStart(s[k]):
		e := k
		for e < len(s) && isIdentByte(s[e]) {
			e++
		}
		r, ok := p.rules[string(s[k:e])]
		return ok && (r.kind == kindString || r.kind == kindStringObjC)
	}
	return false
}

// hasWord reports whether w occurs in s as a whole identifier.
func hasWord(s []byte, w string) bool {
	for k := 0; k < len(s); {
		e := bytes.Index(s[k:], []byte(w))
		if e < 0 {
			return false
		}
		a, b := k+e, k+e+len(w)
		if (a == 0 || !isIdentByte(s[a-1])) && (b == len(s) || !isIdentByte(s[b])) {
			return true
		}
		k = b
	}
	return false
}

// enumMacro rewrites `[typedef] NS_ENUM(T, Name)` at [i, j) to
// `[       ] enum      Name ` (Name keeps its offset) and the one-argument
// form `NS_ENUM(T)` to `enum      `. It returns the end of the rewritten
// text, or j when nothing was done.
func (p *prepass) enumMacro(i, j int, rule macroRule) int {
	s := p.src
	open := p.nextNonSpace(j)
	if open >= len(s) || s[open] != '(' {
		return j
	}
	close := p.matchParen(open, true)
	if close < 0 {
		return j
	}
	// Split the arguments at top-level commas.
	var args [][2]int
	depth, start := 0, open+1
	for k := open + 1; k < close; k++ {
		switch s[k] {
		case '(', '<', '[':
			depth++
		case ')', '>', ']':
			depth--
		case ',':
			if depth == 0 {
				args = append(args, [2]int{start, k})
				start = k + 1
			}
		}
	}
	args = append(args, [2]int{start, close})
	end := close + 1
	if rule.semi {
		// The expansion ends with `;`; supply it when the use omits it.
		if k := p.nextNonSpace(end); k >= len(s) || s[k] != ';' {
			end = close
		}
	}
	nameArg := len(args) - 1
	if rule.param >= 0 {
		nameArg = rule.param
	}
	if nameArg >= len(args) {
		return j
	}
	if len(args) == 1 && rule.param < 0 {
		p.write(i, end, "enum")
		if end == close {
			p.out[close] = ';'
		}
		return close + 1
	}
	// The name must be one identifier, with room for `enum ` before it.
	a, b := trimSpace(s, args[nameArg][0], args[nameArg][1])
	if a >= b || !isIdentStart(s[a]) || a-i < len("enum ") {
		return j
	}
	for k := a; k < b; k++ {
		if !isIdentByte(s[k]) {
			return j
		}
	}
	from := i
	if p.last.end >= 0 && string(s[p.last.start:p.last.end]) == "typedef" {
		from = p.last.start
		p.blank(p.last.start, p.last.end)
		// `__attribute__((deprecated)) typedef NS_ENUM(…)`: without the
		// typedef the attribute would need a declarator.
		if p.prev.attr {
			from = p.prev.start
			p.blank(p.prev.start, p.prev.end)
		}
	}
	if p.inContainer && p.depth == p.containerDepth {
		// The grammar takes no enum declaration directly inside @interface,
		// @protocol or @implementation: blank the whole declaration (enums
		// carry no fact the analysis uses).
		k := p.nextNonSpace(close + 1)
		if k < len(s) && s[k] == '{' {
			if e := p.matchBrace(k); e >= 0 {
				k = p.nextNonSpace(e + 1)
			} else {
				k = -1
			}
		}
		if k >= 0 && k < len(s) && s[k] == ';' {
			p.blankCode(from, k+1)
			p.note("enum-in-container")
			return k + 1
		}
	}
	p.write(i, a, "enum")
	// Arguments after the name (SWIFT_ENUM's extensibility, realm's error
	// domain) are blanked with the closing parenthesis.
	p.blank(b, end)
	if end == close {
		p.out[close] = ';'
	}
	p.setLast(a, b)
	return close + 1
}

// trimSpace trims white space and comments off both ends of s[a:b].
func trimSpace(s []byte, a, b int) (int, int) {
	for a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r') {
		a++
	}
	for b > a && (s[b-1] == ' ' || s[b-1] == '\t' || s[b-1] == '\n' || s[b-1] == '\r') {
		b--
	}
	return a, b
}

// directive handles the preprocessor line [i, end). Directives are never
// rewritten; a `#ifdef __cplusplus` (or `#if defined(__cplusplus)`) whose
// branch is only `extern "C" {` or only `}` has that branch blanked: the
// grammar would otherwise read the rest of the header as the body of a
// linkage specification.
func (p *prepass) directive(i, end int) {
	if p.comps&compDirective != 0 {
		p.directiveComments(i, end)
	}
	if p.comps&compCPlusPlus == 0 {
		return
	}
	word, cond := directiveWord(p.src[i:end])
	switch word {
	case "ifdef", "if", "elif":
	default:
		return
	}
	if !condIsCPlusPlus(word, cond) {
		return
	}
	// The branch runs to the next directive line.
	s := p.src
	bs := end
	be := bs
	for be < len(s) {
		nl := bytes.IndexByte(s[be:], '\n')
		if nl < 0 {
			be = len(s)
			break
		}
		line := be + nl + 1
		if k := skipHSpace(s, line); k < len(s) && s[k] == '#' {
			be = line
			break
		}
		be = line
		if be-bs > 256 {
			return
		}
	}
	toks := ppTokens(s[bs:be])
	switch {
	case len(toks) == 3 && toks[0].text == "extern" && toks[1].text == `"C"` && toks[2].text == "{",
		len(toks) == 1 && toks[0].text == "}":
		// Blank code only: keep any comment bytes intact.
		p.blankCode(bs, be)
		p.note("cplusplus:extern-C")
	}
}

// directiveComments blanks the block comments of the directive [i, end)
// that more directive text follows: the grammar ends a #define at its first
// comment and would parse the rest of a multi-line body as code. A comment
// ending the directive is left alone.
func (p *prepass) directiveComments(i, end int) {
	s := p.src
	for k := i; k < end; {
		switch c := s[k]; {
		case c == '"' || c == '\'':
			k = skipQuoted(s, k)
		case c == '/' && k+1 < end && s[k+1] == '/':
			return
		case c == '/' && k+1 < end && s[k+1] == '*':
			e := skipBlockComment(s, k)
			rest := e
			for rest < end && (s[rest] == ' ' || s[rest] == '\t' || s[rest] == '\\' || s[rest] == '\r' || s[rest] == '\n') {
				rest++
			}
			if rest < end {
				p.blank(k, e)
				p.note("directive-comment")
			}
			k = e
		default:
			k++
		}
	}
}

// blankCode blanks [a, b) except comments.
func (p *prepass) blankCode(a, b int) {
	s := p.src
	for k := a; k < b; {
		switch {
		case s[k] == '/' && k+1 < b && s[k+1] == '/':
			k = skipLineComment(s, k)
		case s[k] == '/' && k+1 < b && s[k+1] == '*':
			k = skipBlockComment(s, k)
		default:
			if s[k] != '\n' && s[k] != '\r' {
				p.out[k] = ' '
			}
			k++
		}
	}
}

// directiveWord splits a directive line into its word (`if`, `define` …)
// and the tokens after it.
// Only conditionals (#if, #ifdef, #ifndef, #elif…) have their condition
// tokenized; other words come back with no tokens.
func directiveWord(line []byte) (string, []ptoken) {
	k := skipHSpace(line, 0)
	if k >= len(line) || line[k] != '#' {
		return "", nil
	}
	k = skipHSpace(line, k+1)
	e := k
	for e < len(line) && isIdentByte(line[e]) {
		e++
	}
	switch w := line[k:e]; string(w) {
	case "if":
		return "if", ppTokens(line[e:])
	case "ifdef":
		return "ifdef", ppTokens(line[e:])
	case "ifndef":
		return "ifndef", ppTokens(line[e:])
	case "elif":
		return "elif", ppTokens(line[e:])
	case "elifdef":
		return "elifdef", ppTokens(line[e:])
	case "elifndef":
		return "elifndef", ppTokens(line[e:])
	case "else":
		return "else", nil
	case "endif":
		return "endif", nil
	case "":
		return "", nil
	default:
		return "other", nil
	}
}

// condIsCPlusPlus reports whether a conditional tests that C++ is on:
// `#ifdef __cplusplus`, `#if __cplusplus`, `#if defined(__cplusplus)`,
// possibly in a conjunction.
func condIsCPlusPlus(word string, cond []ptoken) bool {
	if word == "ifdef" || word == "elifdef" {
		return len(cond) > 0 && cond[0].text == "__cplusplus"
	}
	if word != "if" && word != "elif" {
		return false
	}
	found := false
	for k, t := range cond {
		switch t.text {
		case "||":
			return false
		case "__cplusplus":
			// Negated?
			for b := k - 1; b >= 0; b-- {
				if cond[b].text == "(" || cond[b].text == "defined" {
					continue
				}
				if cond[b].text == "!" {
					return false
				}
				break
			}
			found = true
		}
	}
	return found
}

// ifVariantText returns a copy of text with every conditional directive
// line blanked and only one branch of each conditional kept: the first,
// except that branches whose condition is certainly false for an
// Objective-C compile (`0`, `__cplusplus`) are skipped in favour of the next
// one. The other branches are blanked (same length, same newlines). It is
// the `#if` fallback of the parse pipeline: it repairs files whose
// conditional branches split braces or declarations.
func ifVariantText(text []byte) []byte {
	out := bytes.Clone(text)
	type frame struct{ parentLive, taken bool }
	var stack []frame
	live := true
	regionStart := 0
	forEachDirective(text, func(ds, de int) {
		word, cond := directiveWord(text[ds:de])
		isCond := true
		var take func(parentLive, taken bool) bool
		switch word {
		case "if", "ifdef", "ifndef", "elif", "elifdef", "elifndef":
			f := condFalse(word, cond)
			take = func(parentLive, taken bool) bool { return parentLive && !taken && !f }
		case "else":
			take = func(parentLive, taken bool) bool { return parentLive && !taken }
		case "endif":
		default:
			isCond = false
		}
		if !isCond {
			return
		}
		if !live {
			blankRange(out, regionStart, ds)
		}
		blankRange(out, ds, de)
		regionStart = de
		switch word {
		case "if", "ifdef", "ifndef":
			fr := frame{parentLive: live}
			live = take(fr.parentLive, false)
			fr.taken = live
			stack = append(stack, fr)
		case "endif":
			if len(stack) > 0 {
				live = stack[len(stack)-1].parentLive
				stack = stack[:len(stack)-1]
			}
		default: // elif, else
			if len(stack) == 0 {
				return
			}
			fr := &stack[len(stack)-1]
			live = take(fr.parentLive, fr.taken)
			if live {
				fr.taken = true
			}
		}
	})
	if !live {
		blankRange(out, regionStart, len(out))
	}
	return out
}

// condFalse reports whether a conditional is certainly false when
// compiling Objective-C (not C++): `#if 0`, `#ifdef __cplusplus`,
// `#if defined(__cplusplus) && …`.
func condFalse(word string, cond []ptoken) bool {
	switch word {
	case "ifdef", "elifdef":
		return len(cond) > 0 && cond[0].text == "__cplusplus"
	case "ifndef", "elifndef":
		return false
	}
	// Strip enclosing parentheses.
	for len(cond) >= 2 && cond[0].text == "(" && cond[len(cond)-1].text == ")" {
		cond = cond[1 : len(cond)-1]
	}
	if len(cond) == 0 {
		return false
	}
	if (cond[0].text == "0" || cond[0].text == "false") && (len(cond) == 1 || cond[1].text == "&&") {
		return true
	}
	return condIsCPlusPlus("if", cond)
}

// forEachDirective calls f with the [start, end) of every preprocessor line
// of s, skipping comments and literals.
func forEachDirective(s []byte, f func(start, end int)) {
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '\\' && i+1 < len(s) && (s[i+1] == '\n' || s[i+1] == '\r'):
			i++
		case c == '#' && lineStart:
			end := directiveEnd(s, i)
			f(i, end)
			i = end
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		case c == '"' || c == '\'':
			i = skipQuoted(s, i)
			lineStart = false
		case isDigit(c):
			i = skipNumber(s, i)
			lineStart = false
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '"' && isRawPrefix(s[i:j]) {
				j = skipRawString(s, j)
			}
			i = j
			lineStart = false
		default:
			i++
			lineStart = false
		}
	}
}
