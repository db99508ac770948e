package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/format"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules"
)

// Exit codes.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitError    = 2 // usage, configuration or input error
)

// exitError carries an exit code through cobra.
type exitCodeError struct {
	code int
	err  error
}

func (e *exitCodeError) Error() string { return e.err.Error() }

// usageError marks errors in how the command was called.
func usageError(format string, args ...any) error {
	return &exitCodeError{code: exitError, err: fmt.Errorf(format, args...)}
}

// version returns the module version when installed with `go install
// …@version`, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "devel"
}

const informationURI = "https://github.com/objcleak/objcleak"

// run is the whole program; main only exits with its result. Tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(defaultToLint(root, args))
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ec *exitCodeError
	if errors.As(err, &ec) {
		if ec.err != nil && ec.code == exitError {
			fmt.Fprintf(stderr, "objcleak: %v\n", ec.err)
		}
		return ec.code
	}
	fmt.Fprintf(stderr, "objcleak: %v\n", err)
	return exitError
}

// defaultToLint makes lint the default command: `objcleak ./App` and
// `objcleak --format sarif .` mean `objcleak lint …`.
func defaultToLint(root *cobra.Command, args []string) []string {
	if len(args) == 0 {
		return args
	}
	switch args[0] {
	case "-h", "--help", "help", "completion", "__complete", "__completeNoDesc":
		return args
	}
	for _, c := range root.Commands() {
		if c.Name() == args[0] || c.HasAlias(args[0]) {
			return args
		}
	}
	return append([]string{"lint"}, args...)
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "objcleak",
		Short: "Find memory bugs in Objective-C source",
		Long: `objcleak finds memory bugs in Objective-C source code: leaked URL sessions,
retain cycles and over-release crashes, and explains each finding with the
runtime's own rules. It reads .h, .m and .mm files; it needs no build, no
Xcode and no SDK.

Run "objcleak lint ./App" to lint a project, "objcleak rules" to see what it checks.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v (see %q)", err, c.CommandPath()+" --help")
	})
	root.AddCommand(newLintCmd(stdout, stderr), newRulesCmd(stdout), newExplainCmd(stdout), newVersionCmd(stdout))
	root.AddCommand(newInspectCmd(stdout))
	root.AddCommand(newLSPCmd(stdout, stderr))
	root.AddCommand(newConfigCmd(stdout))
	root.AddCommand(newGraphCmd(stdout))
	root.AddCommand(newSARIFCmd(stdout, stderr))
	root.AddCommand(newCacheCmd(stdout))
	return root
}

// lintOptions are the flags of `objcleak lint`.
type lintOptions struct {
	format  string
	output  string
	failOn  string
	enable  []string
	disable []string
	jobs    int
	root    string
	maxSize int64
	quiet   bool

	parseTimeout   time.Duration // --parse-timeout
	followSymlinks bool          // --follow-symlinks

	exclude, include []string
	forceExclusion   bool
	headerPaths      []string
	tests            bool
	samples          bool
	stdinFilename    string

	config   string // --config FILE
	noConfig bool   // --no-config

	baseline baselineOptions // --write-baseline, --baseline, --new-from-rev, --new
	cache    cacheOptions    // --no-cache, --cache-dir
	profile  profileOptions  // hidden: --cpuprofile, --memprofile
	shard    string          // --shard i/n
}

func newLintCmd(stdout, stderr io.Writer) *cobra.Command {
	var o lintOptions
	cmd := &cobra.Command{
		Use:   "lint [paths...]",
		Short: "Lint Objective-C files and directories (default \".\")",
		Long: `Lint the .h, .m and .mm files below the given paths (default ".").
Directories named Pods, Carthage, build, DerivedData, .git, .build and
node_modules are skipped unless named explicitly.

Findings go to standard output in the chosen format; a summary goes to
standard error. The exit status is 0 when nothing at or above --fail-on was
found, 1 when something was, and 2 on a usage or input error.

While the rules run, the heap is bounded to about 1.55 times the facts of
the project (a 1M-line project stays under 300 MB); set GOMEMLIMIT (a
size, or "off") to choose the bound yourself.`,
		Example: `  objcleak lint ./App
  objcleak lint --format sarif --output objcleak.sarif .
  objcleak lint --disable sessionperrequest --fail-on error Sources/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") && os.Getenv("GITHUB_ACTIONS") == "true" {
				o.format = "github"
			}
			return lint(cmd.Context(), o, args, cmd.InOrStdin(), stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(format.Formats(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write findings to `FILE` instead of standard output")
	f.StringVar(&o.failOn, "fail-on", "warning", "exit 1 when a finding has at least this severity: note, warning, error")
	f.StringSliceVar(&o.enable, "enable", nil, "run only these `rules` (comma-separated or repeated)")
	f.StringSliceVar(&o.disable, "disable", nil, "do not run these `rules` (comma-separated or repeated)")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "parse with `N` parallel workers (default: number of CPUs)")
	f.StringVar(&o.root, "root", "", "directory that output paths are relative to, SARIF's %SRCROOT% (default: current directory)")
	f.Int64Var(&o.maxSize, "max-file-size", analyzer.DefaultMaxFileSize, "skip (and report) files larger than `BYTES`")
	addLimitFlags(f, &o)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print the summary to standard error")
	f.StringSliceVar(&o.exclude, "exclude", nil, "do not lint files matching these `globs` (relative to --root; `**` matches any directories)")
	f.StringSliceVar(&o.include, "include", nil, "lint only files matching these `globs`")
	f.BoolVar(&o.forceExclusion, "force-exclusion", true, "apply --exclude to files named on the command line too")
	f.StringSliceVar(&o.headerPaths, "header-path", nil, "extra `directories` searched for quoted imports when linting single files")
	f.BoolVar(&o.tests, "tests", false, "also report findings in test code (directories and files named like tests, XCTestCase subclasses), which are dropped by default")
	f.BoolVar(&o.samples, "samples", false, "also report findings in sample code (directories named like examples, samples and demos), which are dropped by default")
	f.StringVar(&o.stdinFilename, "stdin-filename", "", "read the file to lint from standard input and report it as `PATH` (an editor's unsaved buffer)")
	addConfigFlags(f, &o)
	addBaselineFlags(f, &o.baseline)
	addCacheFlags(f, &o.cache)
	addProfileFlags(f, &o.profile)
	addShardFlag(f, &o.shard)
	return cmd
}

// addLimitFlags adds the flags bounding what objcleak reads, shared by
// lint and lsp.
func addLimitFlags(f *pflag.FlagSet, o *lintOptions) {
	f.DurationVar(&o.parseTimeout, "parse-timeout", objcparse.DefaultBudget, "give up (and report) a file whose parsing takes longer than `DURATION`")
	f.BoolVar(&o.followSymlinks, "follow-symlinks", false, "follow symbolic links that lead outside --root (or to directories outside the linted paths)")
}

func (o lintOptions) checkLimits() error {
	if o.parseTimeout <= 0 {
		return usageError("--parse-timeout must be positive (e.g. 10s)")
	}
	return nil
}

func lint(ctx context.Context, o lintOptions, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	start := time.Now()
	if !contains(format.Formats(), o.format) {
		return usageError("unknown format %q (formats: %s)", o.format, strings.Join(format.Formats(), ", "))
	}
	failOn, err := analyzer.ParseSeverity(o.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	if o.jobs < 0 {
		return usageError("--jobs must be at least 1")
	}
	if o.maxSize <= 0 {
		return usageError("--max-file-size must be positive")
	}
	if err := o.checkLimits(); err != nil {
		return err
	}
	settings, err := loadSettings(o, paths)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	cfg := &analyzer.Config{
		Paths:          paths,
		Jobs:           o.jobs,
		MaxFileSize:    o.maxSize,
		ParseBudget:    o.parseTimeout,
		FollowSymlinks: o.followSymlinks,
		KnownRules:     rules.Names(),
		KeepExplicit:   !o.forceExclusion,
	}
	settings.Apply(cfg) // root, rules, severities, options, globs, header paths, MRC
	if err := applyShard(o, cfg); err != nil {
		return err
	}
	if o.stdinFilename != "" {
		if len(paths) > 0 {
			return usageError("--stdin-filename lints standard input; do not name paths too")
		}
		buf, err := io.ReadAll(io.LimitReader(stdin, o.maxSize+1))
		if err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("reading standard input: %w", err)}
		}
		name := filepath.Clean(o.stdinFilename)
		cfg.Paths = []string{name}
		cfg.Overlay = map[string][]byte{name: buf}
	}
	cfg.DiskCache = openCache(o.cache, stderr, o.quiet)
	stopProfile, err := o.profile.start()
	if err != nil {
		return usageError("%v", err)
	}
	var heapErr error
	cfg.AfterAnalysis = o.profile.heapAtPeak(&heapErr)
	cfg.BeforeAnalysis = boundHeap
	defer func() {
		if err := stopProfile(); err != nil {
			fmt.Fprintf(stderr, "objcleak: %v\n", err)
		}
		if heapErr != nil {
			fmt.Fprintf(stderr, "objcleak: %v\n", heapErr)
		}
	}()
	prog := newProgress(stderr, 0, o.quiet)
	cfg.Progress = prog.Update
	res, err := analyzer.Run(ctx, cfg)
	prog.Done()
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	if err := applyBaseline(o.baseline, res, stderr); err != nil {
		return err
	}
	out := stdout
	var file *os.File
	if o.output != "" {
		file, err = os.Create(o.output)
		if err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("cannot write output: %w", err)}
		}
		out = file
	}
	werr := format.Write(out, o.format, res, format.ToolInfo{Name: "objcleak", Version: version(), InformationURI: informationURI, AutomationID: cfg.Shard.AutomationID()})
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("writing %s output: %w", o.format, werr)}
	}
	failing := 0
	for _, d := range res.Diagnostics {
		if d.Severity >= failOn {
			failing++
		}
	}
	if !o.quiet {
		fmt.Fprintln(stderr, summary(res, time.Since(start))+cacheSummary(cfg.DiskCache))
	}
	if failing > 0 {
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

// summary is the one-line report printed to standard error.
func summary(res *analyzer.Result, elapsed time.Duration) string {
	counts := map[analyzer.Severity]int{}
	for _, d := range res.Diagnostics {
		counts[d.Severity]++
	}
	var parts []string
	for _, s := range []analyzer.Severity{analyzer.SeverityError, analyzer.SeverityWarning, analyzer.SeverityNote} {
		if n := counts[s]; n > 0 {
			parts = append(parts, plural(n, s.String()))
		}
	}
	what := "no findings"
	if len(parts) > 0 {
		what = plural(len(res.Diagnostics), "finding") + " (" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("objcleak: %s in %s, %s (%.2fs)", what, plural(res.Files, "file"), plural(res.Lines, "line"), elapsed.Seconds())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func newRulesCmd(stdout io.Writer) *cobra.Command {
	var markdown bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules with their default severity",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if markdown {
				_, err := io.WriteString(stdout, RuleTable())
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tSEVERITY\tTITLE")
			for _, a := range sortedRules() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Name, a.Severity, a.Title())
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "\nRun \"objcleak explain RULE\" for a rule's documentation.")
			return nil
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print the rule table in Markdown (as in the README)")
	return cmd
}

func sortedRules() []*analyzer.Analyzer {
	as := append([]*analyzer.Analyzer(nil), rules.All...)
	sort.SliceStable(as, func(i, j int) bool { return as[i].Name < as[j].Name })
	return as
}

// RuleTable is the Markdown rule table of the README, generated from the
// rules' docs (a test keeps the README in sync).
func RuleTable() string {
	var b strings.Builder
	b.WriteString("| rule | default | what it finds |\n|---|---|---|\n")
	for _, a := range sortedRules() {
		fmt.Fprintf(&b, "| [`%s`](%s) | %s | %s |\n", a.Name, a.URL, a.Severity, ruleSummary(a))
	}
	return b.String()
}

func ruleSummary(a *analyzer.Analyzer) string {
	d := analyzer.ParseDoc(a.Doc)
	return strings.ReplaceAll(d.Title, "|", "\\|")
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Show a rule's documentation",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("explain takes one rule name (rules: %s)", strings.Join(rules.Names(), ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			a := rules.Lookup(args[0])
			if a == nil {
				return usageError("unknown rule %q (rules: %s)", args[0], strings.Join(rules.Names(), ", "))
			}
			d := analyzer.ParseDoc(a.Doc)
			fmt.Fprintf(stdout, "%s: %s\n\nDefault severity: %s. Suppress with: // objcleak:ignore %s -- <reason>\nMore: %s\n\n%s\n", a.Name, d.Title, a.Severity, a.Name, a.URL, d.Body)
			if len(a.Options) > 0 {
				fmt.Fprintf(stdout, "\n## Options\n\nSet in .objcleak.yml under `rules: %s: options:`.\n\n", a.Name)
				for _, o := range a.Options {
					fmt.Fprintf(stdout, "- `%s` (%s, default %v): %s\n", o.Name, o.Type, o.Default, o.Doc)
				}
			}
			return nil
		},
	}
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(stdout, "objcleak %s (grammar tree-sitter-objc %s, %s %s/%s)\n", version(), objcparse.GrammarVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		},
	}
}
