// Command gencorpus writes objcleak's generated Objective-C benchmark
// corpus into a directory:
//
//	go run ./internal/gencorpus/cmd/gencorpus -lines 1000000 DIR
//
// It prints the number of files, lines and bytes written.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/objcleak/objcleak/internal/gencorpus"
)

func main() {
	lines := flag.Int("lines", 100000, "about how many `lines` to write")
	quiet := flag.Bool("q", false, "print nothing")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gencorpus [-lines N] [-q] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *lines <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	st, err := gencorpus.Write(flag.Arg(0), *lines)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !*quiet {
		fmt.Printf("%d files, %d lines, %d bytes in %s (%.2fs)\n", st.Files, st.Lines, st.Bytes, flag.Arg(0), time.Since(start).Seconds())
	}
}
