package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/analyzer/baseline"
)

// baselineOptions are the flags of `objcleak lint` that narrow the report
// to new findings: --write-baseline, --baseline, --new-from-rev and --new.
type baselineOptions struct {
	write   string // --write-baseline FILE
	read    string // --baseline FILE
	rev     string // --new-from-rev REV
	newOnly bool   // --new: --new-from-rev HEAD

	// flags is the flag set the options were added to; applyBaseline
	// looks up --quiet in it.
	flags *pflag.FlagSet
}

// addBaselineFlags adds the baseline flags to f, bound to o.
func addBaselineFlags(f *pflag.FlagSet, o *baselineOptions) {
	o.flags = f
	f.StringVar(&o.write, "write-baseline", "", "write every current finding to the baseline `FILE`, then exit 0 (as if run with --baseline FILE)")
	f.StringVar(&o.read, "baseline", "", "report only findings that are not in the baseline `FILE` (see --write-baseline)")
	f.StringVar(&o.rev, "new-from-rev", "", "report only findings on lines added or changed since the git revision `REV`, and in files git does not track")
	f.BoolVar(&o.newOnly, "new", false, "report only findings on uncommitted changes (--new-from-rev HEAD)")
}

// applyBaseline narrows res.Diagnostics, in place, as o asks, after the
// lint and before the output:
//
//   - --write-baseline writes every finding to the file and then empties
//     res.Diagnostics, so that the run reports what --baseline with that
//     file would report right away: nothing (exit status 0);
//   - --baseline removes the findings the baseline holds;
//   - --new-from-rev and --new remove the findings on lines not changed
//     since the revision (after --baseline, when both are given).
//
// It says on stderr how many findings it hid and how many baseline entries
// are stale, unless --quiet is set in the flag set the options were added
// to. Its errors carry exit status 2: usage errors (conflicting flags), a
// missing or invalid baseline, a file that cannot be written, git errors.
func applyBaseline(o baselineOptions, res *analyzer.Result, stderr io.Writer) error {
	rev := o.rev
	if o.newOnly {
		if rev != "" && rev != "HEAD" {
			return usageError("--new means --new-from-rev HEAD; do not combine it with --new-from-rev %s", rev)
		}
		rev = "HEAD"
	}
	if o.write != "" && (o.read != "" || rev != "") {
		return usageError("--write-baseline records every finding; do not combine it with --baseline, --new-from-rev or --new")
	}
	if o.flags != nil {
		if quiet, err := o.flags.GetBool("quiet"); err == nil && quiet {
			stderr = io.Discard
		}
	}

	if o.write != "" {
		b := baseline.New(res, baseline.Tool{Name: "objcleak", Version: version()})
		if err := b.WriteFile(o.write); err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
		fmt.Fprintf(stderr, "objcleak: wrote %s to baseline %s; lint with --baseline %s to report only new ones\n", plural(len(b.Findings), "finding"), o.write, o.write)
		clear(res.Diagnostics)
		res.Diagnostics = res.Diagnostics[:0]
		return nil
	}

	if o.read != "" {
		b, err := baseline.ReadFile(o.read)
		if err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
		st := b.Apply(res)
		msg := fmt.Sprintf("objcleak: baseline %s hid %s", o.read, plural(st.Hidden, "finding"))
		if st.ByMessage > 0 {
			msg += fmt.Sprintf(" (%d matched by message after their line was edited)", st.ByMessage)
		}
		fmt.Fprintln(stderr, msg)
		if st.Stale > 0 {
			entries, them := fmt.Sprintf("%d entries", st.Stale), "them"
			if st.Stale == 1 {
				entries, them = "1 entry", "it"
			}
			fmt.Fprintf(stderr, "objcleak: %s in baseline %s matched no finding (fixed, or changed beyond recognition); run with --write-baseline %s to drop %s\n",
				entries, o.read, o.read, them)
		}
	}

	if rev != "" {
		n, err := baseline.FilterChanged(res, rev)
		if err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("--new-from-rev: %w", err)}
		}
		fmt.Fprintf(stderr, "objcleak: hid %s on lines not changed since %s\n", plural(n, "finding"), rev)
	}
	return nil
}
