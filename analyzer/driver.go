package analyzer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/objcleak/objcleak/objcparse"
)

// DefaultSkipDirs are directory names never descended into unless named
// explicitly: dependency managers' checkouts and build products.
var DefaultSkipDirs = []string{"Pods", "Carthage", "build", "DerivedData", ".git", ".build", "node_modules"}

// DefaultMaxFileSize is the largest file parsed by default; larger files
// are reported by the parse rule and skipped.
const DefaultMaxFileSize = 8 << 20

// Config describes one lint run.
type Config struct {
	// Paths are files and directories to lint; empty means ".".
	Paths []string
	// Root is the directory output paths are relative to (SARIF
	// %SRCROOT%); empty means the current directory.
	Root string
	// Analyzers are the rules to run. Their Requires run too.
	Analyzers []*Analyzer
	// Jobs is the number of parallel parsers; 0 means GOMAXPROCS.
	Jobs int
	// SkipDirs are directory names not descended into; nil means DefaultSkipDirs.
	SkipDirs []string
	// MaxFileSize is the largest file parsed, in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Severity overrides rules' default severities by rule name.
	Severity map[string]Severity
	// Options are per-rule options by rule name.
	Options map[string]map[string]any
	// KnownRules are the ids of every rule the program has, enabled or
	// not, so that a suppression naming a disabled rule is not "unknown".
	// Nil means the names of Analyzers.
	KnownRules []string

	// Exclude and Include are slash-separated glob patterns matched
	// against paths relative to Root (see MatchGlob). A file matching
	// Exclude is not linted; when Include is set, only matching files are.
	// Excludes win over explicitly named files unless KeepExplicit is set.
	Exclude, Include []string
	KeepExplicit     bool
	// MRC, when set, decides per file (path relative to Root) whether it
	// is compiled without ARC; ok false keeps what objcparse inferred.
	MRC func(relPath string) (mrc, ok bool)
	// Overlay maps a path, as named in Paths, to contents that replace the
	// file on disk (an editor's unsaved buffer); the file need not exist.
	Overlay map[string][]byte
	// HeaderPaths are directories (relative to Root) searched for quoted
	// imports when only files are named (single-file mode).
	HeaderPaths []string
	// Cache, when set, reuses the facts of unchanged files from earlier
	// runs (a long-lived process such as the LSP server).
	Cache *FileCache
	// Progress, when set, is called after each file is parsed with the
	// number of files done and the total. It is called from the parsing
	// goroutines, one call at a time.
	Progress func(done, total int)
}

// An InputError is a problem with the paths the user asked to lint (a
// missing path, an unreadable root); the CLI exits with status 2 on it.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// source is a discovered file.
type source struct {
	path    string
	readErr error // set when the file was found but cannot be used
	// macrosOnly marks prefix headers (.pch): scanned for the project's
	// #defines, not linted.
	macrosOnly bool
	// indexOnly marks headers parsed for the index but not linted (the
	// imports of a file linted in single-file mode).
	indexOnly bool
	// explicit marks files named on the command line.
	explicit bool
}

// Discover lists the .h, .m and .mm files below paths, sorted, skipping
// skipDirs. Explicitly named files are always included. Symbolic links to
// directories are not followed (no loops); links to files are followed.
func Discover(paths []string, skipDirs []string) ([]string, error) {
	files, err := discover(paths, skipDirs, nil)
	var out []string
	for _, s := range files {
		if !s.macrosOnly {
			out = append(out, s.path)
		}
	}
	return out, err
}

func discover(paths []string, skipDirs []string, overlay map[string][]byte) ([]source, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	skip := map[string]bool{}
	for _, d := range skipDirs {
		skip[d] = true
	}
	seen := map[string]bool{}
	var out []source
	add := func(s source) {
		if !seen[s.path] {
			seen[s.path] = true
			out = append(out, s)
		}
	}
	for _, root := range paths {
		root = filepath.Clean(root)
		if _, ok := overlay[root]; ok {
			if objcparse.LangOf(root) == 0 {
				return nil, &InputError{Path: root, Err: errors.New("not an Objective-C source file (want .h, .m or .mm)")}
			}
			add(source{path: root, explicit: true})
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			return nil, &InputError{Path: root, Err: unwrapPathError(err)}
		}
		if !info.IsDir() {
			if objcparse.LangOf(root) == 0 {
				return nil, &InputError{Path: root, Err: errors.New("not an Objective-C source file (want .h, .m or .mm)")}
			}
			add(source{path: root, explicit: true})
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root {
					return &InputError{Path: root, Err: unwrapPathError(err)}
				}
				// An unreadable directory below the root: report it, go on.
				add(source{path: path, readErr: unwrapPathError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != root && skip[d.Name()] {
					return fs.SkipDir
				}
				return nil
			}
			if objcparse.LangOf(path) == 0 {
				if strings.EqualFold(filepath.Ext(path), ".pch") && d.Type().IsRegular() {
					add(source{path: path, macrosOnly: true})
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				st, err := os.Stat(path)
				switch {
				case err != nil:
					add(source{path: path, readErr: fmt.Errorf("broken symbolic link: %w", unwrapPathError(err))})
					return nil
				case st.IsDir():
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			add(source{path: path})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parsed is the outcome of parsing one source.
type parsed struct {
	file  *objcparse.File
	lines int
	err   error // a problem reported through the parse rule
}

// Project is a parsed project: every file's facts and their index,
// before any analyzer runs.
type Project struct {
	// Root is the absolute directory output paths are relative to.
	Root  string
	Fset  *token.FileSet
	Files []*objcparse.File
	Index *Index
	// Lines is the total line count of the files.
	Lines int
	// Sources is the number of source files found (parsed or not).
	Sources int
	// Problems are files that could not be analyzed (parse rule findings).
	Problems []Diagnostic
	// Unparsed holds the start of the first unreadable range of each file
	// that has one.
	Unparsed []token.Pos
}

// Load discovers and parses the files of cfg.Paths and indexes them. It
// runs no analyzer; `objcleak inspect` and Run use it.
func Load(ctx context.Context, cfg *Config) (*Project, error) {
	root := cfg.Root
	if root == "" {
		root = "."
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, &InputError{Path: cfg.Root, Err: err}
	}
	skip := cfg.SkipDirs
	if skip == nil {
		skip = DefaultSkipDirs
	}
	sources, err := discover(cfg.Paths, skip, cfg.Overlay)
	contents := cfg.Overlay // file contents known without reading the disk
	if err != nil {
		return nil, err
	}
	sources = filterSources(sources, root, cfg)
	if singleFileMode(sources) {
		// Single-file mode reads few files, each three times otherwise
		// (imports, macro scan, parse): keep what was read.
		contents = make(map[string][]byte, len(cfg.Overlay))
		for k, v := range cfg.Overlay {
			contents[k] = v
		}
		sources = withImports(sources, root, skip, cfg, contents)
	}
	fset := token.NewFileSet()
	if cfg.Cache != nil {
		fset = cfg.Cache.fileSet()
	}
	results, sources, err := parseAll(ctx, fset, sources, cfg, contents)
	if err != nil {
		return nil, err
	}
	pr := &Project{Root: root, Fset: fset}
	var all []*objcparse.File
	for i, r := range results {
		if r.file != nil {
			if cfg.MRC != nil {
				if mrc, ok := cfg.MRC(relTo(root, sources[i].path)); ok {
					r.file.MRC = mrc
					if mrc {
						r.file.MRCReason = "configuration (arc: false)"
					}
				}
			}
			all = append(all, r.file)
		}
		if sources[i].indexOnly {
			continue
		}
		pr.Sources++
		pr.Lines += r.lines
		if r.file != nil {
			pr.Files = append(pr.Files, r.file)
			if len(r.file.Errors) > 0 {
				pr.Unparsed = append(pr.Unparsed, r.file.Errors[0].Pos)
			}
		}
		if r.err != nil {
			d := Diagnostic{Message: fmt.Sprintf("%s: %v; the file was not analyzed", sources[i].path, r.err), Rule: ParseRuleName}
			if r.file != nil {
				d.Pos = r.file.Pos
			} else {
				d.Pos = fset.AddFile(sources[i].path, -1, 0).Pos(0)
			}
			pr.Problems = append(pr.Problems, d)
		}
	}
	pr.Index = NewIndex(all)
	return pr, nil
}

// Run lints the project described by cfg.
func Run(ctx context.Context, cfg *Config) (*Result, error) {
	if err := Validate(cfg.Analyzers); err != nil {
		return nil, err
	}
	pr, err := Load(ctx, cfg)
	if err != nil {
		return nil, err
	}
	readFile := os.ReadFile
	if len(cfg.Overlay) > 0 {
		readFile = func(name string) ([]byte, error) {
			if b, ok := cfg.Overlay[filepath.Clean(name)]; ok {
				return b, nil
			}
			return os.ReadFile(name)
		}
	}
	res := &Result{Root: pr.Root, Fset: pr.Fset, ReadFile: readFile, Files: pr.Sources, Lines: pr.Lines, Unparsed: pr.Unparsed}
	diags, err := runAnalyzers(ctx, cfg, pr.Fset, pr.Files, pr.Index)
	if err != nil {
		return nil, err
	}
	diags = inFiles(pr.Fset, pr.Files, diags)
	if enabled(cfg.Analyzers, ParseRuleName) {
		diags = append(diags, pr.Problems...)
	}
	diags = applySuppressions(pr.Fset, pr.Files, diags, cfg.Analyzers)
	for i := range diags {
		d := &diags[i]
		if d.Severity == 0 {
			d.Severity = severityOf(cfg, d.Rule)
		}
	}
	SortDiagnostics(pr.Fset, diags)
	res.Diagnostics = diags
	for _, a := range cfg.Analyzers {
		if a.IsRule() {
			res.Rules = append(res.Rules, a)
		}
	}
	sort.Slice(res.Rules, func(i, j int) bool { return res.Rules[i].Name < res.Rules[j].Name })
	return res, nil
}

func enabled(as []*Analyzer, name string) bool {
	for _, a := range as {
		if a.Name == name {
			return true
		}
	}
	return false
}

func severityOf(cfg *Config, rule string) Severity {
	if s, ok := cfg.Severity[rule]; ok {
		return s
	}
	for _, a := range cfg.Analyzers {
		if a.Name == rule {
			return a.Severity
		}
	}
	switch rule {
	case ParseRuleName:
		return SeverityNote
	case InternalRuleName:
		return SeverityError
	}
	return SeverityWarning
}

// parseAll parses sources in parallel, one parser per worker, keeping the
// input order. Only the facts are kept; trees are closed by objcparse.
func parseAll(ctx context.Context, fset *token.FileSet, all []source, cfg *Config, contents map[string][]byte) ([]parsed, []source, error) {
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	maxSize := cfg.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	// The project's own #defines are scanned first (prefix headers too):
	// the pre-pass uses them in every file.
	macros := objcparse.NewMacros()
	scanSources(ctx, all, macros, jobs, maxSize, contents)
	var sources []source
	for _, s := range all {
		if !s.macrosOnly {
			sources = append(sources, s)
		}
	}
	out := make([]parsed, len(sources))
	var mu sync.Mutex
	done := 0
	parallel(ctx, len(sources), jobs, func() (func(int), func()) {
		p := objcparse.NewParser()
		return func(i int) {
			out[i] = parseOne(p, fset, sources[i], macros, maxSize, contents, cfg.Cache)
			if cfg.Progress != nil {
				mu.Lock()
				done++
				cfg.Progress(done, len(sources))
				mu.Unlock()
			}
		}, p.Close
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	return out, sources, nil
}

// scanSources feeds every readable source to m.Scan, in parallel.
func scanSources(ctx context.Context, sources []source, m *objcparse.Macros, jobs int, maxSize int64, overlay map[string][]byte) {
	parallel(ctx, len(sources), jobs, func() (func(int), func()) {
		return func(i int) {
			if src, err := readSource(sources[i], maxSize, overlay); err == nil {
				m.Scan(src)
			}
		}, func() {}
	})
}

// parallel calls a worker's do(i) for every i in [0, n) on jobs goroutines
// and waits. newWorker makes each goroutine's state (e.g. one parser) and
// returns its do and done functions. Cancelling ctx stops handing out work.
func parallel(ctx context.Context, n, jobs int, newWorker func() (do func(int), done func())) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do, done := newWorker()
			defer done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func readSource(s source, maxSize int64, overlay map[string][]byte) ([]byte, error) {
	if s.readErr != nil {
		return nil, s.readErr
	}
	if src, ok := overlay[s.path]; ok {
		if int64(len(src)) > maxSize {
			return nil, fmt.Errorf("buffer is %d bytes, larger than the limit of %d bytes", len(src), maxSize)
		}
		return src, nil
	}
	st, err := os.Stat(s.path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if st.IsDir() {
		return nil, errors.New("is a directory")
	}
	if st.Size() > maxSize {
		return nil, fmt.Errorf("file is %d bytes, larger than the limit of %d bytes", st.Size(), maxSize)
	}
	src, err := os.ReadFile(s.path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return src, nil
}

func parseOne(p *objcparse.Parser, fset *token.FileSet, s source, macros *objcparse.Macros, maxSize int64, overlay map[string][]byte, cache *FileCache) (res parsed) {
	defer func() {
		if r := recover(); r != nil {
			res = parsed{err: fmt.Errorf("internal error while parsing: %v\n%s", r, debug.Stack())}
		}
	}()
	src, err := readSource(s, maxSize, overlay)
	if err != nil {
		return parsed{err: fmt.Errorf("cannot read: %w", err)}
	}
	if cache != nil {
		if f, lines, ok := cache.get(s.path, src); ok {
			return parsed{file: f, lines: lines}
		}
	}
	// token.FileSet is safe for concurrent use; files get bases in
	// whatever order workers reach them, which does not affect output
	// (diagnostics are sorted by file name and line).
	f, err := p.Parse(fset, s.path, src, objcparse.Options{Macros: macros})
	lines := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		lines++
	}
	if err != nil {
		return parsed{file: f, lines: lines, err: err}
	}
	if cache != nil {
		cache.put(fset, s.path, src, f, lines)
	}
	return parsed{file: f, lines: lines}
}

// runAnalyzers runs every analyzer once, after its Requires, and collects
// diagnostics. A panic in an analyzer becomes an internal-error diagnostic.
func runAnalyzers(ctx context.Context, cfg *Config, fset *token.FileSet, files []*objcparse.File, ix *Index) ([]Diagnostic, error) {
	results := map[*Analyzer]any{}
	failed := map[*Analyzer]error{}
	var diags []Diagnostic
	var exec func(a *Analyzer) error
	done := map[*Analyzer]bool{}
	exec = func(a *Analyzer) error {
		if done[a] {
			return failed[a]
		}
		done[a] = true
		for _, r := range a.Requires {
			if err := exec(r); err != nil {
				failed[a] = fmt.Errorf("%s: required analyzer %s failed: %w", a.Name, r.Name, err)
				return failed[a]
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		pass := &Pass{
			Analyzer: a,
			Fset:     fset,
			Files:    files,
			Index:    ix,
			ResultOf: map[*Analyzer]any{},
			Options:  cfg.Options[a.Name],
			known:    knownRules(cfg),
		}
		for _, r := range a.Requires {
			pass.ResultOf[r] = results[r]
		}
		pass.Report = func(d Diagnostic) {
			if !a.IsRule() {
				return
			}
			d.Rule = a.Name
			diags = append(diags, d)
		}
		res, err := safeRun(a, pass)
		if err != nil {
			failed[a] = err
			var pos token.Pos
			if len(files) > 0 {
				pos = files[0].Pos
			}
			diags = append(diags, Diagnostic{Pos: pos, Rule: InternalRuleName, Severity: SeverityError,
				Message: fmt.Sprintf("internal error in %s: %v", a.Name, err)})
			return err
		}
		results[a] = res
		return nil
	}
	for _, a := range cfg.Analyzers {
		if err := exec(a); err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return diags, nil
}

func safeRun(a *Analyzer, pass *Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return a.Run(pass)
}

// SortDiagnostics sorts by file, line, column, rule and message: the
// deterministic output order.
func SortDiagnostics(fset *token.FileSet, ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := fset.Position(ds[i].Pos), fset.Position(ds[j].Pos)
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if ds[i].Rule != ds[j].Rule {
			return ds[i].Rule < ds[j].Rule
		}
		return ds[i].Message < ds[j].Message
	})
}

func knownRules(cfg *Config) []string {
	names := append([]string(nil), cfg.KnownRules...)
	if names == nil {
		for _, a := range cfg.Analyzers {
			if a.IsRule() {
				names = append(names, a.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// inFiles keeps the diagnostics positioned in one of files: headers parsed
// only for the index (single-file mode) are not linted.
func inFiles(fset *token.FileSet, files []*objcparse.File, diags []Diagnostic) []Diagnostic {
	names := make(map[string]bool, len(files))
	for _, f := range files {
		names[f.Path] = true
	}
	out := diags[:0]
	for _, d := range diags {
		if d.Rule == InternalRuleName || names[fset.Position(d.Pos).Filename] {
			out = append(out, d)
		}
	}
	return out
}
