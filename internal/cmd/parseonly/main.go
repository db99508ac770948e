// Command parseonly does what `objcleak lint` does before the first rule
// runs — find the files, scan their macros, parse them, build the index —
// and nothing else, so that scripts/bench.sh can compare a lint with
// parsing alone:
//
//	go build -o parseonly ./internal/cmd/parseonly
//	./parseonly -j 2 DIR
//
// It prints nothing unless asked: -v prints a summary on standard error,
// -stats prints "FILES LINES BYTES" of the linted files on standard
// output. It exits 2 on an error.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/objcleak/objcleak/analyzer"
)

func main() {
	jobs := flag.Int("j", 0, "parse with `N` parallel workers (default: number of CPUs)")
	verbose := flag.Bool("v", false, "print a summary to standard error")
	stats := flag.Bool("stats", false, "print the number of files, lines and bytes on standard output")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: parseonly [-j N] [-v] [-stats] [paths...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	start := time.Now()
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: flag.Args(), Jobs: *jobs})
	if err != nil {
		fmt.Fprintln(os.Stderr, "parseonly:", err)
		os.Exit(2)
	}
	if *stats {
		var size int64
		for _, f := range pr.Files {
			size += int64(f.Size)
		}
		fmt.Println(pr.Sources, pr.Lines, size)
	}
	if *verbose {
		errs := 0
		for _, f := range pr.Files {
			if len(f.Errors) > 0 {
				errs++
			}
		}
		fmt.Fprintf(os.Stderr, "parseonly: %d files, %d lines, %d with parse errors, %d problems (%.2fs)\n",
			pr.Sources, pr.Lines, errs, len(pr.Problems), time.Since(start).Seconds())
	}
}
