package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/config"
	"github.com/objcleak/objcleak/analyzer/lsp"
	"github.com/objcleak/objcleak/rules"
)

// newLSPCmd is `objcleak lsp`: a language server on standard input and
// output that publishes findings as diagnostics while files are edited.
func newLSPCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		o        lintOptions
		debounce time.Duration
		verbose  bool
	)
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run a language server on standard input and output (for editors)",
		Long: `Run a Language Server Protocol server on standard input and output. Editors
start it and send the open Objective-C documents; it lints each one as it is
opened, edited (after a pause of --debounce) and saved, using the unsaved
text, and publishes the findings as diagnostics. Each document is linted in
single-file mode: the file and the project headers it imports, found next to
it, in --header-path directories or below the workspace folder. The
configuration file that applies to a document (` + config.FileName + ` in its
directory or a parent) is read for each lint, unless --no-config.

Standard output carries only the protocol; logs go to standard error. The
exit status is 0 after the client's shutdown and exit, and 1 when the client
exits without shutdown or the input ends before it.`,
		Example: `  objcleak lsp
  objcleak lsp --disable sessionperrequest --header-path Vendor/include`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("lsp takes no arguments; it reads requests from standard input")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.config != "" && o.noConfig {
				return usageError("--config and --no-config exclude each other")
			}
			if err := o.checkLimits(); err != nil {
				return err
			}
			if debounce < 0 {
				return usageError("--debounce must not be negative")
			}
			if debounce == 0 {
				debounce = -1 // lsp.Options: lint at once
			}
			// Unknown rule names are usage errors now, not at each lint.
			s, err := config.Resolve(nil, rules.All, config.Flags{Enable: o.enable, Disable: o.disable})
			if err != nil {
				return usageError("%v", err)
			}
			cache := openCache(o.cache, stderr, false)
			err = lsp.Serve(cmd.Context(), cmd.InOrStdin(), stdout, lsp.Options{
				Analyzers:   s.Analyzers,
				KnownRules:  rules.Names(),
				HeaderPaths: o.headerPaths,
				Configure: func(cfg *analyzer.Config) error {
					cfg.DiskCache = cache
					return configureLSP(o, cfg)
				},
				Debounce: debounce,
				Version:  version(),
				Log:      stderr,
				Verbose:  verbose,
			})
			if err != nil {
				if !errors.Is(err, lsp.ErrExitWithoutShutdown) {
					fmt.Fprintf(stderr, "objcleak lsp: %v\n", err)
				}
				return &exitCodeError{code: 1, err: err}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.enable, "enable", nil, "run only these `rules` (comma-separated or repeated)")
	f.StringSliceVar(&o.disable, "disable", nil, "do not run these `rules` (comma-separated or repeated)")
	f.StringSliceVar(&o.headerPaths, "header-path", nil, "extra `directories` searched for quoted imports, relative to the configuration file's directory, else the workspace folder")
	addConfigFlags(f, &o)
	addCacheFlags(f, &o.cache)
	addLimitFlags(f, &o)
	f.DurationVar(&debounce, "debounce", lsp.DefaultDebounce, "wait this long after an edit before linting")
	f.BoolVarP(&verbose, "verbose", "v", false, "log every lint and every ignored message to standard error")
	f.Bool("stdio", false, "accepted and ignored: standard input and output are the only transport (vscode-languageclient passes --stdio)")
	return cmd
}

// configureLSP applies the configuration file for the document being
// linted (cfg.Paths[0]) and the flags to cfg. The workspace root stays the
// root unless the file or --root gives one.
func configureLSP(o lintOptions, cfg *analyzer.Config) error {
	s, err := loadSettings(o, cfg.Paths)
	if err != nil {
		return err
	}
	root := cfg.Root
	cfg.ParseBudget, cfg.FollowSymlinks = o.parseTimeout, o.followSymlinks
	s.Apply(cfg)
	if cfg.Root == "" {
		cfg.Root = root
	}
	return nil
}
