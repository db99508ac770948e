package objcparse

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// The parse pipeline: pre-pass, parse, and when the tree still has errors
// the `#if` fallback (PARSING.md "A same-length pre-pass fixes most of it").

// defaultParseBudget bounds one parse call when the caller gives no budget
// (tree-sitter's timeout, wall-clock). The slowest corpus file, a 623 KB
// generated C++ header, takes ≈0.5 s; a file over budget is reported as
// unparsed rather than stalling the run.
const defaultParseBudget = 10 * time.Second

// PipelineStats says how parseBest produced its tree.
type PipelineStats struct {
	// Applied lists the pre-pass rewrites (Prepared.Applied).
	Applied []string
	// NoEscape holds the sorted byte offsets of the noescape annotations
	// (Prepared.NoEscape): NS_NOESCAPE is blanked in the text, so the
	// extractor asks whether an offset falls inside a parameter's range.
	NoEscape []int
	// PrepassErrorBytes and PrepassErrorRanges measure the tree of the
	// pre-passed text, before any fallback.
	PrepassErrorBytes, PrepassErrorRanges int
	// Fallback is set when the #if fallback was parsed; FallbackUsed when its
	// tree had fewer errors and was kept.
	Fallback, FallbackUsed bool
	// ErrorRanges and ErrorBytes describe the returned tree (see
	// errorRanges).
	ErrorRanges [][2]uint32
	ErrorBytes  int
	// ParseTime is the time spent in tree-sitter (both parses), FallbackTime
	// the part of it spent on the fallback.
	ParseTime, FallbackTime time.Duration
}

// parseBest parses src through the pipeline: Prepare (with the project
// macros m; nil scans src itself), parse, and, when the tree has errors, the
// text has conditional directives and is not pure C++ (looksCPlusPlus
// without any Objective-C marker), a second parse of ifVariantText —
// one branch of each #if kept, the other branches and the directive lines
// blanked — keeping whichever tree has fewer error bytes (then fewer error
// ranges). The other tree is closed; the caller closes the returned one.
//
// text is the text the returned tree was parsed from: read node text from
// it, never from src (it differs where the pre-pass rewrote and, after the
// fallback, in the dropped #if branches). Offsets, lines and columns are
// those of src.
//
// budget bounds each parse call (≤ 0: defaultParseBudget), shortened to the
// context deadline. The budget is tree-sitter's own timeout and ctx is only
// checked between the parses: the binding's context watcher can set the
// parser's cancellation flag after a parse has finished, which would abort
// the next parse on the same parser. On timeout the parser is reset (a
// halted parser resumes the old parse on its next call) and an error
// wrapping sitter.ErrOperationLimit (or ctx.Err()) is returned with no tree —
// unless only the fallback ran out of time: then the first tree is kept.
func parseBest(ctx context.Context, p *sitter.Parser, src []byte, m *Macros, budget time.Duration) (tree *sitter.Tree, text []byte, stats PipelineStats, err error) {
	return parseBestInto(ctx, nil, p, src, m, budget)
}

// parseBestInto is parseBest preparing the text in buf's array when it is
// large enough.
func parseBestInto(ctx context.Context, buf []byte, p *sitter.Parser, src []byte, m *Macros, budget time.Duration) (tree *sitter.Tree, text []byte, stats PipelineStats, err error) {
	prep := prepareInto(buf, src, m, compAll)
	stats.Applied, stats.NoEscape = prep.Applied, prep.NoEscape
	tree, err = timedParse(ctx, p, prep.Text, budget, &stats.ParseTime)
	if err != nil {
		return nil, prep.Text, stats, fmt.Errorf("parse: %w", err)
	}
	stats.ErrorRanges, stats.ErrorBytes = errorRanges(tree.RootNode())
	stats.PrepassErrorBytes, stats.PrepassErrorRanges = stats.ErrorBytes, len(stats.ErrorRanges)
	if len(stats.ErrorRanges) == 0 {
		return tree, prep.Text, stats, nil
	}
	// Pure C++ (generated .pb.h headers…) holds no Objective-C fact and its
	// tree is not trusted anyway: a second parse would cost a quarter of the
	// corpus parse time for nothing the analysis reads.
	if !looksObjC(src) && looksCPlusPlus(src) {
		return tree, prep.Text, stats, nil
	}
	variant, changed := ifVariant(prep.Text)
	if !changed {
		return tree, prep.Text, stats, nil
	}
	stats.Fallback = true
	alt, aerr := timedParse(ctx, p, variant, budget, &stats.FallbackTime)
	stats.ParseTime += stats.FallbackTime
	if aerr != nil {
		return tree, prep.Text, stats, nil
	}
	ranges, nbytes := errorRanges(alt.RootNode())
	if nbytes < stats.ErrorBytes || nbytes == stats.ErrorBytes && len(ranges) < len(stats.ErrorRanges) {
		tree.Close()
		stats.FallbackUsed = true
		stats.ErrorRanges, stats.ErrorBytes = ranges, nbytes
		return alt, variant, stats, nil
	}
	alt.Close()
	return tree, prep.Text, stats, nil
}

// timedParse runs one parse within budget (or what is left before the
// context deadline).
func timedParse(ctx context.Context, p *sitter.Parser, text []byte, budget time.Duration, spent *time.Duration) (*sitter.Tree, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if budget <= 0 {
		budget = defaultParseBudget
	}
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < budget {
			budget = left
		}
	}
	if budget < time.Microsecond {
		return nil, context.DeadlineExceeded
	}
	p.SetOperationLimit(int(budget / time.Microsecond))
	start := time.Now()
	// Never a cancellable context here: see parseBest.
	tree, err := p.ParseCtx(context.Background(), nil, text)
	*spent += time.Since(start)
	if err != nil || tree == nil {
		p.Reset()
		if err == nil {
			err = sitter.ErrOperationLimit
		}
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		return nil, err
	}
	return tree, nil
}

// ifVariant returns ifVariantText(text) and whether it differs from text.
func ifVariant(text []byte) ([]byte, bool) {
	has := false
	forEachDirective(text, func(ds, de int) {
		if !has {
			switch w, _ := directiveWord(text[ds:de]); w {
			case "if", "ifdef", "ifndef":
				has = true
			}
		}
	})
	if !has {
		return text, false
	}
	return ifVariantText(text), true
}

// errorRanges returns the byte ranges of the ERROR and MISSING nodes under
// root, in source order, and the number of bytes inside ERROR nodes. It
// descends only into nodes whose HasError is set (each node visited through
// the binding costs a cgo call and a cached Go object: PARSING.md "Speed and
// memory") and does not descend into ERROR nodes. A MISSING node (a token
// the parser pretended to see, e.g. a `;`) is zero-width: it is a range
// [pos, pos] and adds 0 bytes, so "no errors" means len(ranges) == 0 while
// ErrorBytes measures how much text was lost.
func errorRanges(root *sitter.Node) (ranges [][2]uint32, errorBytes int) {
	if root == nil || !root.HasError() {
		return nil, 0
	}
	stack := []*sitter.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.IsError():
			s, e := n.StartByte(), n.EndByte()
			ranges = append(ranges, [2]uint32{s, e})
			errorBytes += int(e - s)
			continue
		case n.IsMissing():
			s := n.StartByte()
			ranges = append(ranges, [2]uint32{s, s})
			continue
		}
		// Push the erroneous children in reverse so they pop in order.
		k := len(stack)
		for i := 0; i < int(n.ChildCount()); i++ {
			if c := n.Child(i); c != nil && c.HasError() {
				stack = append(stack, c)
			}
		}
		for a, b := k, len(stack)-1; a < b; a, b = a+1, b-1 {
			stack[a], stack[b] = stack[b], stack[a]
		}
	}
	return ranges, errorBytes
}

// FileKind sorts source files for parse statistics (PARSING.md keeps
// Objective-C headers apart from C/C++ ones: the grammar cannot be trusted
// in C++ regions, where it fails silently).
type FileKind int

// File kinds.
const (
	KindUnknown    FileKind = iota
	KindM                   // .m
	KindObjCHeader          // .h with Objective-C and no C++
	KindCHeader             // .h with C++ (outside #ifdef __cplusplus), or plain C
	KindMM                  // .mm
)

func (k FileKind) String() string {
	switch k {
	case KindM:
		return ".m"
	case KindObjCHeader:
		return "objc.h"
	case KindCHeader:
		return "c/c++.h"
	case KindMM:
		return ".mm"
	}
	return "?"
}

// fileKind classifies a file by extension and, for headers, by content:
// a header is C/C++ when looksCPlusPlus, Objective-C when it shows an
// Objective-C marker (@interface, @protocol, @class, @end, @import,
// #import, NS_ASSUME_NONNULL_BEGIN, NS_ENUM, NS_OPTIONS), C otherwise.
func fileKind(path string, src []byte) FileKind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".m":
		return KindM
	case ".mm":
		return KindMM
	case ".h", ".hh", ".hpp":
	default:
		return KindUnknown
	}
	if looksCPlusPlus(src) {
		return KindCHeader
	}
	if looksObjC(src) {
		return KindObjCHeader
	}
	return KindCHeader
}

// looksObjC reports an Objective-C marker in src (cheap substring tests).
func looksObjC(src []byte) bool {
	for _, m := range objcMarkers {
		if containsWord(src, m) {
			return true
		}
	}
	return false
}

var objcMarkers = []string{"@interface", "@protocol", "@class", "@end", "@import", "#import", "NS_ASSUME_NONNULL_BEGIN", "NS_ENUM", "NS_OPTIONS"}

func containsWord(src []byte, w string) bool {
	if w[0] == '@' || w[0] == '#' {
		return hasWordAt(src, w)
	}
	return hasWord(src, w)
}

// hasWordAt is hasWord for words starting with punctuation (@, #).
func hasWordAt(src []byte, w string) bool {
	for k := 0; k < len(src); {
		e := indexString(src[k:], w)
		if e < 0 {
			return false
		}
		b := k + e + len(w)
		if b == len(src) || !isIdentByte(src[b]) {
			return true
		}
		k = b
	}
	return false
}

func indexString(s []byte, w string) int { return bytes.Index(s, []byte(w)) }

// looksCPlusPlus reports C++ outside comments, literals, directives and
// `#ifdef __cplusplus` branches: `namespace X {`/`namespace {`, `using
// namespace`, `template <`, `class X {`/`class X;` at the start of a
// declaration and `class X : public …`, `A::B`, access labels (`public:`),
// C++-only keywords (`nullptr`, `constexpr`, `static_cast` …). Objective-C
// selectors named class or namespace (`(Class)class fromData:`) do not
// count. It is a heuristic for statistics and for the extractor's "do not
// trust this file" flag.
func looksCPlusPlus(src []byte) bool {
	text := src
	if bytesContains(src, "__cplusplus") {
		text = ifVariantText(src)
	}
	// The last five tokens (a zero tok is "none") and whether each touches
	// the one before it.
	var w [5]tok
	var adj [5]bool
	prevEnd := -1
	found := false
	is := func(k int, x string) bool { return w[k].b > w[k].a && string(text[w[k].a:w[k].b]) == x }
	isIdent := func(k int) bool { return w[k].kind == 'i' }
	declStart := func(k int) bool { return w[k].b == w[k].a || is(k, ";") || is(k, "{") || is(k, "}") || is(k, ">") }
	access := func(k int) bool { return is(k, "public") || is(k, "private") || is(k, "protected") }
	forEachToken(text, func(t tok) bool {
		copy(w[:], w[1:])
		copy(adj[:], adj[1:])
		w[4], adj[4] = t, t.a == prevEnd
		if t.kind == 's' || t.kind == 'n' {
			w[4] = tok{kind: t.kind} // literals only separate
		}
		prevEnd = t.b
		switch {
		case t.kind == 'i' && cppKeywords[string(text[t.a:t.b])]:
			found = true
		case is(3, "template") && is(4, "<"),
			is(3, "using") && is(4, "namespace"),
			is(3, "namespace") && is(4, "{") && declStart(2),
			is(2, "namespace") && isIdent(3) && is(4, "{") && declStart(1),
			is(1, "class") && declStart(0) && isIdent(2) && (is(3, "{") || is(3, ";")),
			is(1, "class") && isIdent(2) && is(3, ":") && access(4),
			access(3) && is(4, ":") && (is(2, ";") || is(2, "{") || is(2, "}")),
			// A::B (not the clang:: / gnu:: attribute namespaces).
			isIdent(1) && is(2, ":") && is(3, ":") && adj[3] && isIdent(4) && !is(1, "clang") && !is(1, "gnu"):
			found = true
		}
		return !found
	})
	return found
}

var cppKeywords = map[string]bool{
	"nullptr": true, "constexpr": true, "static_cast": true, "reinterpret_cast": true,
	"dynamic_cast": true, "const_cast": true, "decltype": true, "noexcept": true,
	"static_assert": true, "thread_local": true,
}

func bytesContains(s []byte, w string) bool { return indexString(s, w) >= 0 }

// tok is a token of forEachToken: kind 'i' identifier, 's' literal, 'n'
// number, 'p' punctuation (one byte).
type tok struct {
	a, b int
	kind byte
}

// forEachToken calls f for every token of s outside comments and
// preprocessor lines, until f returns false.
func forEachToken(s []byte, f func(tok) bool) {
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		var t tok
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\\':
			i++
			continue
		case c == '#' && lineStart:
			i = directiveEnd(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment(s, i)
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
			continue
		case c == '"' || c == '\'':
			t = tok{i, skipQuoted(s, i), 's'}
		case isDigit(c):
			t = tok{i, skipNumber(s, i), 'n'}
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			t = tok{i, j, 'i'}
			if j < len(s) && s[j] == '"' && isRawPrefix(s[i:j]) {
				t = tok{i, skipRawString(s, j), 's'}
			}
		default:
			t = tok{i, i + 1, 'p'}
		}
		lineStart = false
		i = t.b
		if !f(t) {
			return
		}
	}
}
