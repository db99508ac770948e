package analyzer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"go/token"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// Sharding (Config.Shard) splits one lint run over n processes, for CI
// matrices:
//
//   - Every file belongs to exactly one shard, ShardOf its path relative to
//     the root with forward slashes, so the assignment is the same on every
//     machine and wherever the project is checked out.
//   - A shard parses and analyzes its own implementation files (.m, .mm)
//     and every header (.h) of the project, so that the index knows every
//     class, property and protocol declared in a header. It reports
//     findings only in its own files, headers included: a header's
//     findings appear in exactly one shard.
//   - Other shards' implementation files are not parsed: that is the time
//     a shard saves. They are read, cheaply: for the project's #defines
//     (so that every file is parsed as in an unsharded run), and for the
//     classes they implement (`@implementation Name` and its superclass,
//     and whether the file is compiled without ARC), which the index gets
//     as bare implementation declarations (foreignImplementations). Rules
//     that treat a class declared only in headers as an SDK class (its
//     storage unknown) thus treat a project class the same in every shard.
//   - Counts (Result.Files, Result.Lines) and parse problems are those of
//     the shard's own files, so the shards' counts add up to the whole.
//
// Limitation: what only another shard's implementation files declare or
// do is not seen: class extensions, @implementation ivars, @synthesize,
// categories and typedefs in a .m file, and every method and function
// body there. A finding that needs such facts (a retain cycle through a
// property declared in another shard's class extension, or through a
// method of another shard's file that stores its argument; a class-level
// cycle whose back-pointer only another shard's files assign, or that an
// unsharded run leaves out because a statement in another shard's file
// shows the same cycle) can be missing from, or added to, the merged
// result.

// A Shard selects the part of a project one process lints: shard Index
// (1-based) of Count. The zero value means no sharding.
type Shard struct {
	Index, Count int
}

// ParseShard parses "i/n" (1 ≤ i ≤ n). The empty string is the zero Shard.
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("invalid shard %q: want i/n, e.g. 2/4", s)
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	switch {
	case err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("invalid shard %q: want i/n with whole numbers, e.g. 2/4", s)
	case n < 1:
		return Shard{}, fmt.Errorf("invalid shard %q: the number of shards must be at least 1", s)
	case i < 1 || i > n:
		return Shard{}, fmt.Errorf("invalid shard %q: the shard number must be between 1 and %d", s, n)
	}
	return Shard{Index: i, Count: n}, nil
}

// Validate reports whether s is the zero Shard or a valid one.
func (s Shard) Validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.Count < 1 || s.Index < 1 || s.Index > s.Count {
		return errors.New("invalid shard " + s.String() + ": want 1 ≤ i ≤ n")
	}
	return nil
}

// Enabled reports whether s splits the project (Count > 1). Shard 1/1 is
// the whole project, the same as no sharding.
func (s Shard) Enabled() bool { return s.Count > 1 }

// String returns "i/n", or "" for the zero Shard.
func (s Shard) String() string {
	if s == (Shard{}) {
		return ""
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// AutomationID is the SARIF runs[0].automationDetails.id of the shard's
// run, "objcleak/shard-I-of-N/", or "" when s does not split the project
// (an unsharded run has no automationDetails). GitHub code scanning takes
// the id up to its last "/" as the analysis category, so each shard is a
// category of its own when uploaded alone; `objcleak sarif merge` combines
// the shards into one run without automationDetails, as unsharded.
func (s Shard) AutomationID() string {
	if !s.Enabled() {
		return ""
	}
	return fmt.Sprintf("objcleak/shard-%d-of-%d/", s.Index, s.Count)
}

// Owns reports whether the file with the slash-separated path rel
// (relative to the root) belongs to s. Every path belongs to the zero
// Shard.
func (s Shard) Owns(rel string) bool {
	return !s.Enabled() || ShardOf(rel, s.Count) == s.Index
}

// ShardOf returns the 1-based shard, of n, of the file whose path relative
// to the root, with forward slashes, is rel: 1 + the first 8 bytes of
// SHA-256(rel), read as a big-endian unsigned integer, modulo n.
func ShardOf(rel string, n int) int {
	if n <= 1 {
		return 1
	}
	sum := sha256.Sum256([]byte(rel))
	return 1 + int(binary.BigEndian.Uint64(sum[:8])%uint64(n))
}

// shardSources marks the sources other shards own: their implementation
// files become macro-only (scanned for #defines and implementations, not
// parsed) and their headers foreign (parsed and analyzed, not reported or
// counted). Sources of other shards that are not read at all (skipped
// links) are dropped: their own shard reports them.
func shardSources(sources []source, root string, s Shard) []source {
	if !s.Enabled() {
		return sources
	}
	out := sources[:0]
	for _, src := range sources {
		switch {
		case src.macrosOnly || src.indexOnly || s.Owns(relTo(root, src.path)):
		case src.skip != nil:
			continue
		case objcparse.LangOf(src.path) == objcparse.LangHeader && src.readErr == nil:
			src.foreign = true
		default:
			src.macrosOnly = true
		}
		out = append(out, src)
	}
	return out
}

// addForeign records a header another shard reports: the rules see it, the
// output does not.
func (pr *Project) addForeign(f *objcparse.File) {
	if f == nil {
		return
	}
	if pr.foreign == nil {
		pr.foreign = map[string]bool{}
	}
	pr.foreign[f.Path] = true
	pr.Files = append(pr.Files, f)
}

// ownDiagnostics drops the diagnostics positioned in foreign headers.
func (pr *Project) ownDiagnostics(diags []Diagnostic) []Diagnostic {
	if len(pr.foreign) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if !pr.foreign[pr.Fset.Position(d.Pos).Filename] {
			out = append(out, d)
		}
	}
	return out
}

// implementationRE finds `@implementation Name` and `@implementation Name :
// Super` at the start of a line; a category implementation (`Name (Cat)`)
// is told apart by the "(" that follows.
var implementationRE = regexp.MustCompile(`(?m)^[ \t]*@implementation[ \t]+([A-Za-z_$][A-Za-z0-9_$]*)[ \t]*(?::[ \t]*([A-Za-z_$][A-Za-z0-9_$]*))?[ \t]*(\(?)`)

// superDeallocRE finds `[super dealloc]`, which only MRC code calls.
var superDeallocRE = regexp.MustCompile(`\[\s*super\s+dealloc\s*\]`)

// mrcSendRE finds a retain, release or autorelease message, which ARC
// rejects (objcparse.MRCSelectors); it counts only in files that do not
// mention objc_arc.
var mrcSendRE = regexp.MustCompile(`\s(retain|release|autorelease)\s*\]`)

// foreignImplementations returns, for each implementation file another
// shard owns (a macro-only source with a source extension), a File that
// holds only the bare @implementation declarations a text scan finds in
// it: name, superclass and position, no ivars, methods or properties. The
// file's MRC flag is what the configuration says, else what its text
// shows (the guard objcparse recognizes, or a `[super dealloc]` outside
// comments and strings). Files that an unsharded run could not parse
// (unreadable, too large, binary) give nothing.
func foreignImplementations(ctx context.Context, fset *token.FileSet, sources []source, root string, cfg *Config, contents map[string][]byte) []*objcparse.File {
	var foreign []source
	for _, s := range sources {
		if s.macrosOnly && objcparse.LangOf(s.path) != 0 && s.readErr == nil {
			foreign = append(foreign, s)
		}
	}
	if len(foreign) == 0 {
		return nil
	}
	maxSize := cfg.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	out := make([]*objcparse.File, len(foreign))
	parallel(ctx, len(foreign), jobs, func() (func(int), func()) {
		return func(i int) {
			src, err := readSource(foreign[i], maxSize, contents)
			if err != nil || bytes.IndexByte(src, 0) >= 0 {
				return
			}
			out[i] = implementationStub(fset, foreign[i].path, src)
		}, func() {}
	})
	var files []*objcparse.File
	for i, f := range out {
		if f == nil {
			continue
		}
		if cfg.MRC != nil {
			if mrc, ok := cfg.MRC(relTo(root, foreign[i].path)); ok {
				f.MRC = mrc
				f.MRCReason = ""
				if mrc {
					f.MRCReason = "configuration (arc: false)"
				}
			}
		}
		files = append(files, f)
	}
	return files
}

// implementationStub scans src, the contents of path, for its class
// implementations (see foreignImplementations). It returns nil when there
// is none.
func implementationStub(fset *token.FileSet, path string, src []byte) *objcparse.File {
	code := blankCommentsAndStrings(src)
	matches := implementationRE.FindAllSubmatchIndex(code, -1)
	if len(matches) == 0 {
		return nil
	}
	tf := fset.AddFile(path, -1, len(src))
	objcparse.SetLines(tf, src)
	base := tf.Base()
	f := &objcparse.File{Path: path, Lang: objcparse.LangOf(path), Size: len(src),
		Pos: token.Pos(base), End: token.Pos(base + len(src))}
	for _, m := range matches {
		if m[6] < m[7] { // "(": a category
			continue
		}
		d := &objcparse.ClassDecl{Kind: objcparse.DeclImplementation, Name: string(code[m[2]:m[3]]), File: f,
			Pos: token.Pos(base + m[0]), End: f.End}
		for d.Pos < f.End && (code[int(d.Pos)-base] == ' ' || code[int(d.Pos)-base] == '\t') {
			d.Pos++
		}
		if m[4] >= 0 {
			d.Super = string(code[m[4]:m[5]])
		}
		if end := bytes.Index(code[m[1]:], []byte("@end")); end >= 0 {
			d.End = token.Pos(base + m[1] + end + len("@end"))
		}
		f.Classes = append(f.Classes, d)
	}
	if len(f.Classes) == 0 {
		return nil
	}
	f.MRC, f.MRCReason = mrcGuard(src)
	if !f.MRC {
		if loc := superDeallocRE.FindIndex(code); loc != nil {
			f.MRC, f.MRCReason = true, "[super dealloc] at line "+strconv.Itoa(tf.Line(token.Pos(base+loc[0])))
		}
	}
	if !f.MRC && !bytes.Contains(src, []byte("objc_arc")) {
		if m := mrcSendRE.FindSubmatchIndex(code); m != nil {
			f.MRC, f.MRCReason = true, "-"+string(code[m[2]:m[3]])+" sent at line "+strconv.Itoa(tf.Line(token.Pos(base+m[0])))+" (ARC rejects it)"
		}
	}
	return f
}

// mrcGuard recognizes the guard MRC files carry, as objcparse does:
//
//	#if __has_feature(objc_arc)
//	#error This file must be compiled without ARC
func mrcGuard(src []byte) (bool, string) {
	const feature = "__has_feature(objc_arc)"
	for i := bytes.Index(src, []byte(feature)); i >= 0; {
		lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
		if strings.Join(strings.Fields(string(src[lineStart:i])), "") == "#if" {
			if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
				next := bytes.TrimSpace(src[i+nl+1:])
				if bytes.HasPrefix(next, []byte("#error")) || bytes.HasPrefix(next, []byte("# error")) {
					return true, "`#if __has_feature(objc_arc)` + `#error` guard at line " + strconv.Itoa(1+bytes.Count(src[:i], []byte("\n")))
				}
			}
		}
		j := bytes.Index(src[i+1:], []byte(feature))
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false, ""
}

// blankCommentsAndStrings returns a copy of src with comments and string
// and character literals replaced by spaces (newlines kept), so that
// offsets and lines stay those of src.
func blankCommentsAndStrings(src []byte) []byte {
	out := append([]byte(nil), src...)
	blank := func(from, to int) {
		for k := from; k < to && k < len(out); k++ {
			if out[k] != '\n' {
				out[k] = ' '
			}
		}
	}
	n := len(src)
	for i := 0; i < n; i++ {
		switch c := src[i]; {
		case c == '"' || c == '\'':
			j := i + 1
			for j < n && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			blank(i, j+1)
			i = j
		case c == '/' && i+1 < n && src[i+1] == '/':
			j := i
			for j < n && src[j] != '\n' {
				if src[j] == '\\' && j+1 < n && src[j+1] == '\n' {
					j++ // a line comment continued by a backslash
				}
				j++
			}
			blank(i, j)
			i = j - 1
		case c == '/' && i+1 < n && src[i+1] == '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			end := n
			if j >= 0 {
				end = i + 2 + j + 2
			}
			blank(i, end)
			i = end - 1
		}
	}
	return out
}
