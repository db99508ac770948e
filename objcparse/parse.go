// Package objcparse parses Objective-C source files (.h, .m, .mm) with the
// tree-sitter Objective-C grammar and extracts compact per-file facts:
// classes, protocols, properties, ivars, methods and flattened bodies
// (message sends, calls, assignments, locals, block literals with the names
// they use). It decides what nothing means: that is package model's job.
//
// Real code is full of macros the grammar does not know; a same-length
// pre-pass (Prepare) rewrites them before parsing, so every position in the
// facts is a position in the original file. Syntax trees never leave this
// package and are closed as soon as the facts are extracted.
package objcparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// LangOf returns the language of path by its extension, or 0 when objcleak
// does not read such files.
func LangOf(path string) Lang {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".m":
		return LangObjC
	case ".h":
		return LangHeader
	case ".mm":
		return LangObjCpp
	}
	return 0
}

// Options control parsing.
type Options struct {
	// Macros are the project's own #defines (see Macros.Scan); nil means
	// the file's own #defines only.
	Macros *Macros
	// Budget bounds the time spent on one file (parsing and extracting its
	// facts); 0 means DefaultBudget. A file over budget yields ErrBudget.
	Budget time.Duration
	// KeepComment, when set, decides which comments File.Comments keeps
	// (a linter needs only its directives; every comment of a large
	// project costs megabytes). Nil keeps them all.
	KeepComment func(text []byte) bool
}

// DefaultBudget is the default per-file parse time budget.
const DefaultBudget = 10 * time.Second

// ErrBinary is returned for files that are not text.
var ErrBinary = errors.New("binary file (contains NUL bytes)")

// SetLines sets the line table of tf, a file of src's size, from src, as
// token.File.SetLinesForContent does but in a table of exactly the right
// size: the tables live as long as the facts (8 bytes a line).
func SetLines(tf *token.File, src []byte) {
	if len(src) == 0 {
		tf.SetLines(nil)
		return
	}
	n := 1 + bytes.Count(src, []byte{'\n'})
	if src[len(src)-1] == '\n' {
		n-- // no line starts after the final newline
	}
	lines := make([]int, 0, n)
	lines = append(lines, 0)
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			lines = append(lines, i+1)
		}
	}
	tf.SetLines(lines)
}

// ErrBudget is returned when a file could not be parsed within the budget.
var ErrBudget = errors.New("parse time budget exceeded")

// A Parser parses files. It is not safe for concurrent use: use one per
// goroutine.
type Parser struct {
	p    *sitter.Parser
	flat flatTree // the flattened tree of the file being extracted (buffers reused)
	// uses is the extractor's buffer of identifier uses, reused.
	uses []scopedUse
	// text is the array of the last prepared text, reused.
	text []byte
	// arena holds a file's expressions until they are laid out.
	arena exprArena
	// strs interns the strings of the facts, from file to file, and
	// extras the qualifiers of types.
	strs   map[string]string
	extras map[string]*typeExtra
}

// resetTables makes the parser's intern tables, or new ones when they
// have grown past maxInterned.
func (p *Parser) resetTables() {
	if p.strs == nil || len(p.strs) > maxInterned {
		p.strs = make(map[string]string, 1024)
		p.extras = map[string]*typeExtra{}
	}
}

// maxInterned bounds Parser.strs: past it, the table starts again.
const maxInterned = 1 << 17

// maxTextKept is the largest prepared text whose array a parser keeps.
const maxTextKept = 4 << 20

// maxArenaKept is how many expression nodes a parser keeps for the next
// file; a huge file's are dropped.
const maxArenaKept = 1 << 18

// NewParser returns a parser for Objective-C.
func NewParser() *Parser {
	p := sitter.NewParser()
	p.SetLanguage(language)
	return &Parser{p: p}
}

// Close releases the parser's C memory.
func (p *Parser) Close() { p.p.Close() }

// Parse parses src (the contents of path), registers it in fset and returns
// its facts. The error is non-nil only when nothing could be extracted
// (binary content, budget exceeded); parse errors inside the file are
// reported in File.Errors.
func (p *Parser) Parse(fset *token.FileSet, path string, src []byte, opt Options) (*File, error) {
	f, err := p.parse(fset, path, src, opt)
	if f != nil {
		f.OwnMRC, f.OwnMRCReason = f.MRC, f.MRCReason
	}
	return f, err
}

func (p *Parser) parse(fset *token.FileSet, path string, src []byte, opt Options) (*File, error) {
	start := time.Now()
	tf := fset.AddFile(path, -1, len(src))
	SetLines(tf, src)
	f := &File{
		Path: path,
		Lang: LangOf(path),
		Size: len(src),
		Pos:  token.Pos(tf.Base()),
		End:  token.Pos(tf.Base() + len(src)),
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return f, ErrBinary
	}
	f.Comments = scanComments(src, tf.Base(), opt.KeepComment)
	f.MRC, f.MRCReason = mrcGuard(src)

	budget := opt.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	// The budget is tree-sitter's own timeout, not a cancellable context:
	// the binding's context watcher can set the parser's cancellation flag
	// after a parse has finished, which silently aborts the next parse on
	// the same parser (parseBest resets the parser after a timeout).
	macros := opt.Macros
	if macros == nil {
		// Single-file mode: the file's own #defines.
		macros = NewMacros()
		macros.Scan(src)
	}
	// The budget bounds the whole file: both parses (parseBest shortens
	// the second to what is left) and the extraction.
	deadline := start.Add(budget)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	tree, text, stats, err := parseBestInto(ctx, p.text, p.p, src, macros, budget)
	// The prepared text is only read until the facts are out: its array
	// serves the next file (unless it is huge).
	defer func() {
		p.text = nil
		if cap(text) <= maxTextKept {
			p.text = text[:0]
		}
	}()
	if err != nil {
		if errors.Is(err, sitter.ErrOperationLimit) || errors.Is(err, context.DeadlineExceeded) {
			return f, fmt.Errorf("%w (%s)", ErrBudget, budget)
		}
		return f, err
	}
	f.Prepass = stats.Applied

	ok := p.flat.load(tree.RootNode())
	tree.Close() // the flat copy is all the extraction reads
	if !ok {
		return f, errors.New("cannot read the syntax tree")
	}
	defer p.flat.reset()
	root := p.flat.root()
	f.CPlusPlus = f.Lang == LangObjCpp || (f.Lang == LangHeader && looksCPlusPlus(src))
	p.resetTables()
	defer p.arena.reset(maxArenaKept)
	x := &extractor{src: text, base: tf.Base(), f: f, cpp: f.CPlusPlus, noEscape: stats.NoEscape, macros: macros, deadline: deadline,
		strs: p.strs, extras: p.extras, arena: &p.arena, uses: p.uses[:0]}
	defer func() {
		p.uses = nil
		if cap(x.uses) <= maxArenaKept {
			p.uses = x.uses[:0]
		}
	}()
	f.ErrorBytes = stats.ErrorBytes
	for _, r := range stats.ErrorRanges {
		f.Errors = append(f.Errors, Range{Pos: token.Pos(tf.Base() + int(r[0])), End: token.Pos(tf.Base() + int(r[1]))})
	}
	x.topLevel(root)
	if x.overBudget {
		// Partial facts would make findings come and go with the
		// machine's speed: keep none.
		bare := &File{Path: f.Path, Lang: f.Lang, Size: f.Size, Pos: f.Pos, End: f.End,
			Comments: f.Comments, MRC: f.MRC, MRCReason: f.MRCReason}
		return bare, fmt.Errorf("%w (%s)", ErrBudget, budget)
	}
	if x.tooDeep {
		f.Errors = append(f.Errors, Range{Pos: f.Pos, End: f.End})
	}
	p.arena.layoutFile(f)
	x.useTab.done()
	return f, nil
}

// mrcGuard recognizes the guard MRC files carry:
//
//	#if __has_feature(objc_arc)
//	#error This file must be compiled without ARC
func mrcGuard(src []byte) (bool, string) {
	i := bytes.Index(src, []byte("__has_feature(objc_arc)"))
	for i >= 0 {
		lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
		line := strings.Join(strings.Fields(string(src[lineStart:i])), "")
		if line == "#if" {
			rest := src[i:]
			if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
				next := bytes.TrimSpace(rest[nl+1:])
				if bytes.HasPrefix(next, []byte("#error")) || bytes.HasPrefix(next, []byte("# error")) {
					return true, "`#if __has_feature(objc_arc)` + `#error` guard at line " + fmt.Sprint(1+bytes.Count(src[:i], []byte("\n")))
				}
			}
		}
		j := bytes.Index(src[i+1:], []byte("__has_feature(objc_arc)"))
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false, ""
}

// scanComments finds every comment by a lexical scan that skips string and
// character literals. It is cheaper than collecting comment nodes and also
// sees comments in regions the grammar could not read.
func scanComments(src []byte, base int, keep func([]byte) bool) []*Comment {
	var out []*Comment
	n := len(src)
	for i := 0; i < n; i++ {
		switch src[i] {
		case '"', '\'':
			q := src[i]
			for i++; i < n && src[i] != q && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 >= n {
				continue
			}
			switch src[i+1] {
			case '/':
				j := i
				for j < n && src[j] != '\n' {
					// A backslash-newline continues a line comment.
					if src[j] == '\\' && j+1 < n && src[j+1] == '\n' {
						j++
					}
					j++
				}
				if keep == nil || keep(src[i:j]) {
					out = append(out, &Comment{Pos: token.Pos(base + i), End: token.Pos(base + j), Text: string(src[i:j]), OwnLine: ownLine(src, i)})
				}
				i = j
			case '*':
				j := bytes.Index(src[i+2:], []byte("*/"))
				end := n
				if j >= 0 {
					end = i + 2 + j + 2
				}
				if keep == nil || keep(src[i:end]) {
					out = append(out, &Comment{Pos: token.Pos(base + i), End: token.Pos(base + end), Text: string(src[i:end]), OwnLine: ownLine(src, i)})
				}
				i = end - 1
			}
		}
	}
	return out
}

// ownLine reports whether only spaces and tabs precede offset i on its line.
func ownLine(src []byte, i int) bool {
	for j := i - 1; j >= 0 && src[j] != '\n'; j-- {
		if src[j] != ' ' && src[j] != '\t' && src[j] != '\r' {
			return false
		}
	}
	return true
}
