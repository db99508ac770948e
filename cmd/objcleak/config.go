package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/objcleak/objcleak/analyzer/config"
	"github.com/objcleak/objcleak/rules"
)

// addConfigFlags adds --config and --no-config to f, bound to o.
func addConfigFlags(f *pflag.FlagSet, o *lintOptions) {
	f.StringVar(&o.config, "config", "", "read the configuration from `FILE` instead of the "+config.FileName+" found by walking up from the first path")
	f.BoolVar(&o.noConfig, "no-config", false, "ignore "+config.FileName+" files")
}

// loadSettings finds and reads the configuration file for linting paths
// (unless --no-config) and combines it with the flags in o. Its errors
// carry exit status 2.
func loadSettings(o lintOptions, paths []string) (*config.Settings, error) {
	file, err := configFile(o, paths)
	if err != nil {
		return nil, err
	}
	var f *config.File
	if file != "" {
		if f, err = config.Load(file, rules.All); err != nil {
			return nil, &exitCodeError{code: exitError, err: err}
		}
	}
	s, err := config.Resolve(f, rules.All, config.Flags{Root: o.root, Enable: o.enable, Disable: o.disable,
		Exclude: o.exclude, Include: o.include, HeaderPaths: o.headerPaths, Tests: o.tests, Samples: o.samples})
	if err != nil {
		return nil, usageError("%v", err)
	}
	return s, nil
}

// configFile returns the configuration file to use: --config, none with
// --no-config, else the one found by walking up from the --stdin-filename
// path, the first path, or the current directory.
func configFile(o lintOptions, paths []string) (string, error) {
	switch {
	case o.config != "" && o.noConfig:
		return "", usageError("--config and --no-config exclude each other")
	case o.noConfig:
		return "", nil
	case o.config != "":
		return o.config, nil
	}
	start := "."
	if o.stdinFilename != "" {
		start = o.stdinFilename
	} else if len(paths) > 0 {
		start = paths[0]
	}
	file, err := config.Find(start)
	if err != nil {
		return "", &exitCodeError{code: exitError, err: err}
	}
	return file, nil
}

// newConfigCmd is `objcleak config`: init writes a default configuration
// file, show prints the effective configuration.
func newConfigCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Write a default " + config.FileName + " or show the effective configuration",
		Long: `Manage the configuration file, ` + config.FileName + `. Sub-commands:

  objcleak config init [--force] [DIR]   write a commented default file
  objcleak config show [flags] [paths]   print the effective configuration`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("unknown config sub-command %q (sub-commands: init, show)", args[0])
			}
			return usageError("config needs a sub-command: init or show")
		},
	}
	var force bool
	initCmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented default " + config.FileName + " in DIR (default \".\")",
		Long: `Write ` + config.FileName + ` in DIR (default "."), listing every rule with its
default severity and options and, commented out, examples of excludes (Pods,
Carthage, generated code), includes, header paths and MRC globs. An existing
file is kept unless --force is given.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError("config init takes at most one directory")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return configInit(dir, force, stdout)
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "overwrite an existing "+config.FileName)

	var o lintOptions
	show := &cobra.Command{
		Use:   "show [paths...]",
		Short: "Print the effective configuration and where each setting comes from",
		Long: `Print the configuration that "objcleak lint" would use with the same paths
and flags, as a configuration file in which each value is followed by where
it comes from: "default", the configuration file, or a flag.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadSettings(o, args)
			if err != nil {
				return err
			}
			return s.Write(stdout)
		},
	}
	f := show.Flags()
	addConfigFlags(f, &o)
	f.StringVar(&o.root, "root", "", "as for lint: the root directory")
	f.StringSliceVar(&o.enable, "enable", nil, "as for lint: run only these `rules`")
	f.StringSliceVar(&o.disable, "disable", nil, "as for lint: do not run these `rules`")
	f.StringSliceVar(&o.exclude, "exclude", nil, "as for lint: more `globs` to exclude")
	f.StringSliceVar(&o.include, "include", nil, "as for lint: lint only files matching these `globs`")
	f.StringSliceVar(&o.headerPaths, "header-path", nil, "as for lint: more header search `directories`")
	cmd.AddCommand(initCmd, show)
	return cmd
}

// configInit writes the default configuration file into dir.
func configInit(dir string, force bool, stdout io.Writer) error {
	st, err := os.Stat(dir)
	if err != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("config init: %w", err)}
	}
	if !st.IsDir() {
		return usageError("config init: %s is not a directory", dir)
	}
	file := filepath.Join(dir, config.FileName)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	w, err := os.OpenFile(file, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &exitCodeError{code: exitError, err: fmt.Errorf("%s already exists; use --force to overwrite it", file)}
	}
	if err != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("config init: %w", err)}
	}
	_, werr := io.WriteString(w, config.Default(rules.All))
	if cerr := w.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("writing %s: %w", file, werr)}
	}
	fmt.Fprintf(stdout, "wrote %s\n", file)
	return nil
}
