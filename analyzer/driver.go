package analyzer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	// %SRCROOT%). Every path linted must lie in it, so that no output path
	// leaves it: a path of Paths or HeaderPaths outside it is an
	// InputError. Empty means the current directory when it contains
	// every path of Paths, else their nearest common directory.
	Root string
	// Analyzers are the rules to run. Their Requires run too.
	Analyzers []*Analyzer
	// Jobs is the number of parallel parsers; 0 means GOMAXPROCS.
	Jobs int
	// SkipDirs are directory names not descended into; nil means DefaultSkipDirs.
	SkipDirs []string
	// MaxFileSize is the largest file parsed, in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// ParseBudget bounds the time spent parsing one file (tree-sitter and
	// the extraction of facts); 0 means objcparse.DefaultBudget. A file
	// over budget is reported under the parse rule and not analyzed.
	ParseBudget time.Duration
	// FollowSymlinks follows symbolic links whose target lies outside
	// Root, and links to directories outside the linted paths. Without
	// it such links are reported under the parse rule and not read: a
	// linted tree cannot make objcleak read files elsewhere.
	FollowSymlinks bool
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
	// DiskCache, when set, reuses the facts of files whose contents were
	// parsed by an earlier run (see DiskCache).
	DiskCache *DiskCache
	// BeforeAnalysis, when set, is called once the facts are loaded, just
	// before the first analyzer runs (not when the findings come from the
	// findings cache); the function it returns, if not nil, is called when
	// the analyzers are done. The CLI bounds the heap there (see
	// cmd/objcleak's memory policy).
	BeforeAnalysis func() (done func())
	// AfterAnalysis, when set, is called once every analyzer has run,
	// while the facts and the analyzers' results are still in memory
	// (with it set, results are kept to the end instead of being dropped
	// when their last user is done): the CLI's --memprofile writes the
	// heap profile there, at its peak.
	AfterAnalysis func()
	// Progress, when set, is called after each file is parsed with the
	// number of files done and the total. It is called from the parsing
	// goroutines, one call at a time.
	Progress func(done, total int)
	// Shard, when set, lints only the files of one shard (see shard.go).
	Shard Shard
	// Tests reports findings in test code too. By default they are
	// dropped (parse problems are kept): files under a directory named
	// like a test target (AppTests/, UnitTests/, Specs/), files named
	// like tests (LoginTests.m) and files implementing an XCTestCase
	// subclass (see IsTestPath). XCTest keeps every test case alive until
	// the run ends, and what tests create lives only as long as the test
	// process, so their leaks and races are not worth fixing.
	Tests bool
	// Samples reports findings in sample code too. By default they are
	// dropped (parse problems are kept): files under a directory named
	// like an example, sample or demo app, relative to the root
	// (Examples/, Sample/, HudDemo/; see IsSamplePath). Such code is not
	// shipped, and its leaks are often planted on purpose (a leak
	// detector's demo); on real projects two of three of its findings
	// were judged not worth fixing. Linting the example directory itself
	// (as the root) reports its findings.
	Samples bool
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
	// macrosOnly marks files read for project facts, not linted: prefix
	// headers (.pch), scanned for the project's #defines, Interface
	// Builder documents and Info.plists.
	macrosOnly bool
	// nib marks an Interface Builder document (a .xib or .storyboard,
	// nib.go): read, when it is a main nib, for the classes it
	// instantiates, not for #defines.
	nib bool
	// plist marks an application's Info.plist (nib.go): read for the main
	// nib and storyboard it names.
	plist bool
	// settings marks a build-settings file (.xcconfig, project.pbxproj):
	// read for the preprocessor definitions it passes to the compiler.
	settings bool
	// indexOnly marks headers parsed for the index but not linted (the
	// imports of a file linted in single-file mode).
	indexOnly bool
	// explicit marks files named on the command line.
	explicit bool
	// foreign marks headers another shard reports (see shard.go).
	foreign bool
	// skip, when set, says why the path is not read at all (a symbolic
	// link not followed, a named pipe): the parse rule reports it.
	skip *skipError
	// links decides which symbolic links reading may follow (walk.go).
	links *linkPolicy
}

// Discover lists the .h, .m and .mm files below paths, sorted, skipping
// skipDirs. Explicitly named files are always included. Symbolic links to
// directories are not followed (no loops); links to files are followed.
// Paths that cannot be linted (a broken link, a named pipe) are listed too.
func Discover(paths []string, skipDirs []string) ([]string, error) {
	files, err := discover(paths, skipDirs, nil, &linkPolicy{})
	var out []string
	for _, s := range files {
		if !s.macrosOnly && (s.skip == nil || !s.skip.dir) {
			out = append(out, s.path)
		}
	}
	return out, err
}

// parsed is the outcome of parsing one source.
type parsed struct {
	file  *objcparse.File
	lines int
	err   error  // a problem reported through the parse rule
	key   string // the file's facts cache key (with a DiskCache)
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

	foreign map[string]bool // headers another shard reports (shard.go)
	// runKey identifies everything the project's findings depend on
	// except the rules and their configuration; "" when findings must
	// not be cached (see resultcache.go).
	runKey string
}

// Load discovers and parses the files of cfg.Paths and indexes them. It
// runs no analyzer; `objcleak inspect` and Run use it.
func Load(ctx context.Context, cfg *Config) (*Project, error) {
	root, err := projectRoot(cfg)
	if err != nil {
		return nil, err
	}
	if err := cfg.Shard.Validate(); err != nil {
		return nil, err
	}
	skip := cfg.SkipDirs
	if skip == nil {
		skip = DefaultSkipDirs
	}
	sources, err := discover(cfg.Paths, skip, cfg.Overlay, newLinkPolicy(root, cfg.FollowSymlinks))
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
		sources = withProjects(sources, root)
	}
	sources = shardSources(sources, root, cfg.Shard)
	sources, skipped := splitSkipped(sources)
	fset := token.NewFileSet()
	if cfg.Cache != nil {
		fset = cfg.Cache.fileSet()
	}
	stubs := foreignImplementations(ctx, fset, sources, root, cfg, contents) // shard.go
	maxSize := cfg.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	nibObjects, nibProblems := readMainNibs(fset, sources, root, maxSize, contents)
	// The Xcode projects are read while the sources are parsed.
	var (
		arcByProject    map[string]arcDecision
		projectProblems []string
		projectsRead    = make(chan struct{})
	)
	go func(sources []source, overlay map[string][]byte) {
		defer close(projectsRead)
		arcByProject, projectProblems = readXcodeProjects(sources, maxSize, overlay)
	}(sources, cfg.Overlay) // the caller's overlay: parsing may add to contents meanwhile
	results, sources, err := parseAll(ctx, fset, sources, cfg, contents)
	<-projectsRead
	if err != nil {
		return nil, err
	}
	for _, msg := range projectProblems {
		path, why, _ := strings.Cut(msg, ": ")
		nibProblems = append(nibProblems, Diagnostic{Pos: fset.AddFile(path, -1, 0).Pos(0), Rule: ParseRuleName,
			Message: relTo(root, path) + ": cannot read the Xcode project (" + why + "); the memory model of its files is decided from the files"})
	}
	pr := &Project{Root: root, Fset: fset}
	var all []*objcparse.File
	for i, r := range results {
		if r.file != nil {
			// What the file shows, then what the settings say: facts
			// a file cache keeps carry no decision of an earlier load.
			r.file.MRC, r.file.MRCReason = r.file.OwnMRC, r.file.OwnMRCReason
			configured := false
			if cfg.MRC != nil {
				if mrc, ok := cfg.MRC(relTo(root, sources[i].path)); ok {
					configured = true
					r.file.MRC = mrc
					if mrc {
						r.file.MRCReason = "configuration (arc: false)"
					}
				}
			}
			if d, ok := arcByProject[filepath.Clean(sources[i].path)]; ok && !configured && (d.mrc || !r.file.MRC) {
				// The build setting is the compiler's word, except that a
				// file calling retain/release or [super dealloc] cannot
				// be compiled with ARC whatever a stale project says.
				r.file.MRC, r.file.MRCReason = d.mrc, d.reason
			}
			all = append(all, r.file)
		}
		if sources[i].indexOnly {
			continue
		}
		if sources[i].foreign {
			pr.addForeign(r.file)
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
		var pe *panicError
		if errors.As(r.err, &pe) {
			// A bug in objcleak, not in the file: reported as such
			// whatever rules run.
			pr.Problems = append(pr.Problems, Diagnostic{Pos: fset.AddFile(sources[i].path, -1, 0).Pos(0), Rule: InternalRuleName, Severity: SeverityError,
				Message: fmt.Sprintf("internal error while parsing %s: panic: %s (at %s); the file was not analyzed; please report it at %s",
					relTo(root, sources[i].path), oneLine(fmt.Sprint(pe.value)), pe.site, issuesURL)})
		} else if r.err != nil {
			d := Diagnostic{Message: fmt.Sprintf("%s: %v; the file was not analyzed%s", relTo(root, sources[i].path), r.err, limitHint(r.err)), Rule: ParseRuleName}
			if r.file != nil {
				d.Pos = r.file.Pos
			} else {
				d.Pos = fset.AddFile(sources[i].path, -1, 0).Pos(0)
			}
			pr.Problems = append(pr.Problems, d)
		}
	}
	for _, s := range skipped {
		if !s.skip.dir {
			pr.Sources++
		}
		pr.Problems = append(pr.Problems, Diagnostic{Pos: fset.AddFile(s.path, -1, 0).Pos(0), Rule: ParseRuleName,
			Message: relTo(root, s.path) + ": " + s.skip.report()})
	}
	// Findings of a run over an unsaved buffer (an editor's) are not
	// cached either: the buffer changes with every keystroke.
	pr.Problems = append(pr.Problems, nibProblems...)
	if cfg.DiskCache != nil && cfg.Shard.Count <= 1 && len(cfg.Overlay) == 0 {
		pr.runKey = runKey(cfg.DiskCache, root, sources, results, pr.Problems, nibObjects)
	}
	indexed := append(all, stubs...)
	inferMRCByDirectory(indexed, func(f *objcparse.File) bool {
		if _, ok := arcByProject[filepath.Clean(f.Path)]; ok {
			return true
		}
		if cfg.MRC == nil {
			return false
		}
		_, ok := cfg.MRC(relTo(root, f.Path))
		return ok
	})
	pr.Index = NewIndex(indexed)
	pr.Index.setMainNib(nibObjects)
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
	return RunProject(ctx, cfg, pr)
}

// RunProject runs cfg.Analyzers over pr, a project that Load returned for
// cfg, and returns the result as Run does: Run(ctx, cfg) is Load followed
// by RunProject. It lets a caller parse once and analyze many times
// (benchmarks of single rules, tools that try several rule sets). The
// project is not modified.
func RunProject(ctx context.Context, cfg *Config, pr *Project) (*Result, error) {
	if err := Validate(cfg.Analyzers); err != nil {
		return nil, err
	}
	// Formats read files again (UTF-16 columns, fingerprints): as safely
	// as the parse did, so a named pipe or a link out of the root cannot
	// make them block or read elsewhere.
	links := newLinkPolicy(pr.Root, cfg.FollowSymlinks)
	maxSize := cfg.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	read := func(name string) ([]byte, error) {
		if b, ok := cfg.Overlay[filepath.Clean(name)]; ok {
			return b, nil
		}
		return readFile(name, maxSize, links)
	}
	res := &Result{Root: pr.Root, Fset: pr.Fset, ReadFile: read, Files: pr.Sources, Lines: pr.Lines, Unparsed: pr.Unparsed}
	for _, a := range cfg.Analyzers {
		if a.IsRule() {
			res.Rules = append(res.Rules, a)
		}
	}
	sort.Slice(res.Rules, func(i, j int) bool { return res.Rules[i].Name < res.Rules[j].Name })
	resultKey := ""
	if pr.runKey != "" && cfg.AfterAnalysis == nil {
		resultKey = resultCacheKey(pr.runKey, cfg)
		if diags, ok := cfg.DiskCache.getResult(resultKey, pr.Fset); ok {
			res.Diagnostics = diags
			return res, nil
		}
	}
	var doneAnalysis func()
	if cfg.BeforeAnalysis != nil {
		doneAnalysis = cfg.BeforeAnalysis()
	}
	diags, err := runAnalyzers(ctx, cfg, pr.Root, pr.Fset, pr.Files, pr.Index)
	if doneAnalysis != nil {
		doneAnalysis()
	}
	if err != nil {
		return nil, err
	}
	diags = inFiles(pr.Fset, pr.Files, diags)
	if !cfg.Tests {
		diags = dropFindingsIn(pr.Fset, testFiles(pr.Root, pr.Files, pr.Index), diags)
	}
	if !cfg.Samples {
		diags = dropFindingsIn(pr.Fset, sampleFiles(pr.Root, pr.Files), diags)
	}
	parseRule := enabled(cfg.Analyzers, ParseRuleName)
	for _, d := range pr.Problems {
		if parseRule || d.Rule == InternalRuleName {
			diags = append(diags, d)
		}
	}
	diags = applySuppressions(pr.Fset, pr.Files, diags, cfg.Analyzers)
	diags = pr.ownDiagnostics(diags)
	for i := range diags {
		d := &diags[i]
		if d.Severity == 0 {
			d.Severity = severityOf(cfg, d.Rule)
		}
	}
	SortDiagnostics(pr.Fset, diags)
	res.Diagnostics = diags
	if resultKey != "" {
		cfg.DiskCache.putResult(resultKey, pr.Fset, diags)
	}
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
	keep := IsDirectiveComment
	if needsComments(cfg.Analyzers) {
		keep = nil
	}
	// digest sums up what, besides a file's contents, shapes its facts:
	// part of its cache key.
	var digest [sha256.Size]byte
	if cfg.DiskCache != nil {
		md := macros.Digest()
		h := sha256.New()
		h.Write(md[:])
		// Facts with every comment are cached apart; so are facts parsed
		// with another budget (the fallback parse can be cut short).
		fmt.Fprintf(h, "comments=%t budget=%d", keep == nil, cfg.ParseBudget)
		digest = [sha256.Size]byte(h.Sum(nil))
	}
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
			out[i] = parseOne(p, fset, sources[i], objcparse.Options{Macros: macros, KeepComment: keep, Budget: cfg.ParseBudget}, maxSize, contents, cfg, digest)
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

// requiresClosure returns the analyzers of as and every analyzer they
// require, each once, in the order a sequential depth-first run finishes
// them (an analyzer after its Requires).
func requiresClosure(as []*Analyzer) []*Analyzer {
	seen := map[*Analyzer]bool{}
	var order []*Analyzer
	var visit func(a *Analyzer)
	visit = func(a *Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range as {
		visit(a)
	}
	return order
}

// needsComments reports whether an analyzer of the run, or one it
// requires, reads every comment.
func needsComments(as []*Analyzer) bool {
	for _, a := range requiresClosure(as) {
		if a.Comments {
			return true
		}
	}
	return false
}

// scanSources feeds every readable source to m.Scan (build-settings files
// to m.ScanBuildSettings), in parallel.
func scanSources(ctx context.Context, sources []source, m *objcparse.Macros, jobs int, maxSize int64, overlay map[string][]byte) {
	parallel(ctx, len(sources), jobs, func() (func(int), func()) {
		return func(i int) {
			if sources[i].nib || sources[i].plist {
				return
			}
			if src, err := readSource(sources[i], maxSize, overlay); err == nil {
				if sources[i].settings {
					m.ScanBuildSettings(src)
				} else {
					m.Scan(src)
				}
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

// parseHook, set by tests, is called before each file is parsed (to make
// parsing one file panic).
var parseHook func(path string)

func parseOne(p *objcparse.Parser, fset *token.FileSet, s source, opt objcparse.Options, maxSize int64, overlay map[string][]byte, cfg *Config, digest [sha256.Size]byte) (res parsed) {
	defer func() {
		if r := recover(); r != nil {
			res = parsed{err: &panicError{value: r, site: panicSite()}}
		}
	}()
	if parseHook != nil {
		parseHook(s.path)
	}
	src, err := readSource(s, maxSize, overlay)
	if err != nil {
		return parsed{err: fmt.Errorf("cannot read: %w", err)}
	}
	// One hash of the contents serves both caches.
	var sum [sha256.Size]byte
	if cfg.DiskCache != nil || cfg.Cache != nil {
		sum = sha256.Sum256(src)
	}
	var key string
	if cfg.DiskCache != nil {
		key = cfg.DiskCache.key(objcparse.LangOf(s.path), digest, sum)
	}
	cache := cfg.Cache
	if cache != nil {
		if f, lines, ok := cache.get(s.path, sum); ok {
			return parsed{file: f, lines: lines, key: key}
		}
	}
	lines := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		lines++
	}
	if cfg.DiskCache != nil {
		if f, ok := cfg.DiskCache.get(p, fset, s.path, src, key); ok {
			if cache != nil {
				cache.put(fset, s.path, sum, f, lines)
			}
			return parsed{file: f, lines: lines, key: key}
		}
		if f, terr := cfg.DiskCache.getTimeout(p, fset, s.path, src, key); terr != nil {
			return parsed{file: f, lines: lines, err: terr, key: key}
		}
	}
	// token.FileSet is safe for concurrent use; files get bases in
	// whatever order workers reach them, which does not affect output
	// (diagnostics are sorted by file name and line).
	f, err := p.Parse(fset, s.path, src, opt)
	if err != nil {
		if cfg.DiskCache != nil && f != nil && errors.Is(err, objcparse.ErrBudget) {
			cfg.DiskCache.putTimeout(key, f, err)
		}
		return parsed{file: f, lines: lines, err: err, key: key}
	}
	// An editor's unsaved buffer changes with every keystroke: its facts
	// are not worth an entry on disk (the LSP server keeps them in memory).
	if _, unsaved := cfg.Overlay[s.path]; cfg.DiskCache != nil && !unsaved {
		cfg.DiskCache.put(key, f)
	}
	if cache != nil {
		cache.put(fset, s.path, sum, f, lines)
	}
	return parsed{file: f, lines: lines, key: key}
}

// runAnalyzers runs every analyzer once, after its Requires, and collects
// diagnostics. A panic in an analyzer becomes an internal-error diagnostic:
// at the file being analyzed when the analyzer guards its work per file
// (Pass.ForEachFile, Pass.Guard), which then goes on with the other files;
// else at the first file, and the analyzer (and those requiring it) yields
// nothing.
func runAnalyzers(ctx context.Context, cfg *Config, root string, fset *token.FileSet, files []*objcparse.File, ix *Index) ([]Diagnostic, error) {
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// Every analyzer reachable from cfg.Analyzers, in the order a
	// sequential depth-first run would finish them: diagnostics are
	// collected in that order whatever order the goroutines ran in.
	order := requiresClosure(cfg.Analyzers)
	states := make(map[*Analyzer]*analyzerState, len(order))
	for _, a := range order {
		states[a] = &analyzerState{}
	}
	// A pass's result is dropped once every analyzer requiring it is done
	// (the facts stay): the garbage collector gets its memory back while
	// slower analyzers still run.
	for _, a := range order {
		for _, r := range a.Requires {
			states[r].dependents.Add(1)
		}
	}
	done := func(a *Analyzer) {
		for _, r := range a.Requires {
			if st := states[r]; st.dependents.Add(-1) == 0 && cfg.AfterAnalysis == nil {
				st.res = nil
			}
		}
	}
	known := knownRules(cfg)
	enabledSet := map[string]bool{}
	for _, a := range cfg.Analyzers {
		enabledSet[a.Name] = true
	}
	// The run slots go first to the analyzers that others wait for, the
	// longest chain first (storage → captures → ownergraph → retaincycle),
	// so that the slowest path through the graph starts as early as it
	// can.
	height := map[*Analyzer]int{}
	for i := len(order) - 1; i >= 0; i-- {
		for _, r := range order[i].Requires {
			height[r] = max(height[r], height[order[i]]+1)
		}
	}
	sem := newSlots(jobs)
	// exec runs a once, after its Requires (run concurrently), holding
	// one of the jobs slots only while a itself runs.
	var exec func(a *Analyzer) *analyzerState
	exec = func(a *Analyzer) *analyzerState {
		st := states[a]
		st.once.Do(func() {
			defer done(a)
			var wg sync.WaitGroup
			for _, r := range a.Requires {
				wg.Add(1)
				go func(r *Analyzer) {
					defer wg.Done()
					exec(r)
				}(r)
			}
			wg.Wait()
			for _, r := range a.Requires {
				if err := states[r].err; err != nil {
					st.err = fmt.Errorf("%s: required analyzer %s failed: %w", a.Name, r.Name, err)
					return
				}
			}
			if err := ctx.Err(); err != nil {
				st.err = err
				return
			}
			sem.acquire(height[a])
			defer sem.release()
			st.run(a, &Pass{
				Analyzer: a,
				Fset:     fset,
				Files:    files,
				Index:    ix,
				ResultOf: map[*Analyzer]any{},
				Options:  cfg.Options[a.Name],
				known:    known,
				enabled:  enabledSet,
				relPath:  func(name string) string { return relTo(root, name) },
			}, states, files)
		})
		return st
	}
	var wg sync.WaitGroup
	for _, a := range cfg.Analyzers {
		wg.Add(1)
		go func(a *Analyzer) {
			defer wg.Done()
			exec(a)
		}(a)
	}
	wg.Wait()
	// A cancellation that stopped an analyzer fails the run; one that came
	// after every analyzer finished does not.
	for _, a := range order {
		if err := states[a].err; err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
	}
	var diags []Diagnostic
	for _, a := range order {
		diags = append(diags, states[a].diags...)
	}
	if cfg.AfterAnalysis != nil {
		cfg.AfterAnalysis()
		runtime.KeepAlive(files)
		runtime.KeepAlive(states)
	}
	return diags, nil
}

// slots hands out a fixed number of run slots, to the waiter with the
// highest priority first (the earliest among equals).
type slots struct {
	mu      sync.Mutex
	free    int
	seq     int
	waiting []slotWaiter
}

type slotWaiter struct {
	prio, seq int
	ready     chan struct{}
}

func newSlots(n int) *slots { return &slots{free: n} }

// acquire waits for a slot.
func (s *slots) acquire(prio int) {
	s.mu.Lock()
	if s.free > 0 && len(s.waiting) == 0 {
		s.free--
		s.mu.Unlock()
		return
	}
	w := slotWaiter{prio: prio, seq: s.seq, ready: make(chan struct{})}
	s.seq++
	s.waiting = append(s.waiting, w)
	s.mu.Unlock()
	<-w.ready
}

// release gives a slot back, to the best waiter if there is one.
func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiting) == 0 {
		s.free++
		return
	}
	best := 0
	for i, w := range s.waiting {
		if b := s.waiting[best]; w.prio > b.prio || w.prio == b.prio && w.seq < b.seq {
			best = i
		}
	}
	w := s.waiting[best]
	s.waiting = append(s.waiting[:best], s.waiting[best+1:]...)
	close(w.ready)
}

// analyzerState is one analyzer's run: its result or error and its
// diagnostics. Independent analyzers run in parallel; they share the
// facts, the index and the results of the passes they require, which
// therefore must not be modified after they are returned.
type analyzerState struct {
	once sync.Once
	res  any
	err  error
	// dependents counts the analyzers requiring this one that are not
	// done yet.
	dependents atomic.Int32
	mu         sync.Mutex // guards diags: an analyzer may report from several goroutines
	diags      []Diagnostic
}

func (st *analyzerState) add(d Diagnostic) {
	st.mu.Lock()
	st.diags = append(st.diags, d)
	st.mu.Unlock()
}

// run runs a with pass, whose Requires have all succeeded.
func (st *analyzerState) run(a *Analyzer, pass *Pass, states map[*Analyzer]*analyzerState, files []*objcparse.File) {
	for _, r := range a.Requires {
		pass.ResultOf[r] = states[r].res
	}
	pass.internal = st.add
	pass.Report = func(d Diagnostic) {
		if !a.IsRule() {
			return
		}
		d.Rule = a.Name
		st.add(d)
	}
	res, err := safeRun(a, pass)
	if err == nil {
		st.res = res
		return
	}
	st.err = err
	var pos token.Pos
	if len(files) > 0 {
		pos = files[0].Pos
	}
	msg := fmt.Sprintf("internal error in %s: %s", a.Name, oneLine(err.Error()))
	var pe *panicError
	if errors.As(err, &pe) {
		msg = internalMessage(a, "", pe.value, pe.site)
	}
	st.add(Diagnostic{Pos: pos, Rule: InternalRuleName, Severity: SeverityError, Message: msg})
}

// safeRun runs a, turning a panic into a *panicError.
func safeRun(a *Analyzer, pass *Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r, site: panicSite()}
		}
	}()
	return a.Run(pass)
}

// panicError is a recovered panic: its value and where it was raised.
type panicError struct {
	value any
	site  string
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

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
