package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/objcleak/objcleak/analyzer/format/sarifmerge"
)

// newSARIFCmd is `objcleak sarif`, tools for SARIF logs: merge.
func newSARIFCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sarif",
		Short: "Work with SARIF logs: merge the logs of sharded runs",
		Long: `Work with objcleak's SARIF logs. Sub-commands:

  objcleak sarif merge [-o FILE] a.sarif b.sarif ...   combine the logs of "lint --shard" into one`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newSARIFMergeCmd(stdout, stderr))
	return cmd
}

func newSARIFMergeCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		output       string
		allowPartial bool
		quiet        bool
	)
	cmd := &cobra.Command{
		Use:   "merge [flags] a.sarif b.sarif ...",
		Short: "Combine the SARIF logs of sharded lint runs into one run",
		Long: `Combine SARIF logs, such as those of "objcleak lint --shard i/n --format sarif",
into one log with one run: the rules of all logs (by id), all results (sorted
as "objcleak lint" sorts them, a finding reported by more than one log kept
once), and no automationDetails, like a run without --shard. Merging the
logs of shards 1/n ... n/n gives the log that one unsharded run writes.

The logs must come from the same version of objcleak, and, when they are
shards, be every shard of the same count: a missing shard is an error
(--allow-partial merges anyway), because code scanning would close the
alerts of the missing files as fixed. Differences that do not prevent a
merge (shards checked out in different directories) are reported as
warnings on standard error.

Upload the merged log to GitHub code scanning as one analysis (one
category); see "Sharding in CI" in the README.

The exit status is 0 when the logs were merged, 2 when an input cannot be
read or merged.`,
		Example: `  objcleak lint --shard 1/2 --format sarif -o shard-1.sarif .
  objcleak lint --shard 2/2 --format sarif -o shard-2.sarif .
  objcleak sarif merge -o objcleak.sarif shard-1.sarif shard-2.sarif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("sarif merge needs the SARIF files to merge (see %q)", cmd.CommandPath()+" --help")
			}
			inputs := make([]sarifmerge.Input, len(args))
			for i, name := range args {
				data, err := os.ReadFile(name)
				if err != nil {
					return &exitCodeError{code: exitError, err: fmt.Errorf("%s: cannot read: %w", name, unwrapPath(err))}
				}
				inputs[i] = sarifmerge.Input{Name: name, Data: data}
			}
			res, err := sarifmerge.Merge(inputs, sarifmerge.Options{AllowPartial: allowPartial})
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(stderr, "objcleak: warning: %s\n", w)
			}
			if err := writeOutput(output, stdout, res.Data); err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			if !quiet {
				fmt.Fprintf(stderr, "objcleak: merged %s into %s (%s dropped)\n",
					plural(res.Runs, "run"), plural(res.Results, "result"), plural(res.Duplicates, "duplicate"))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "", "write the merged log to `FILE` instead of standard output")
	f.BoolVar(&allowPartial, "allow-partial", false, "merge the shards given even when some shards of the run are missing")
	f.BoolVarP(&quiet, "quiet", "q", false, "do not print the summary to standard error")
	return cmd
}

// writeOutput writes data to the file name, or to w when name is empty.
func writeOutput(name string, w io.Writer, data []byte) error {
	if name == "" {
		_, err := w.Write(data)
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("cannot write output: %w", err)
	}
	return nil
}

// unwrapPath returns the reason of an *os.PathError (the caller names the
// file itself).
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
