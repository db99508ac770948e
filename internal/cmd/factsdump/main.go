// Command factsdump prints the facts objcleak extracts from a tree, for
// checking that a change to the parser or to the facts' representation
// changes nothing:
//
//	go run ./internal/cmd/factsdump DIR > before.txt
//	# change objcparse
//	go run ./internal/cmd/factsdump DIR > after.txt && cmp before.txt after.txt
//
// By default it prints one line per file: its path and the SHA-256 of its
// facts in the cache's encoding (objcparse.EncodeFile, which stores every
// field). With -render it prints the facts as objcparse.Render does. It
// exits 2 on an error.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

func main() {
	jobs := flag.Int("j", 0, "parse with `N` parallel workers (default: number of CPUs)")
	render := flag.Bool("render", false, "print the facts in full (objcparse.Render) instead of a digest per file")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: factsdump [-j N] [-render] [paths...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: flag.Args(), Jobs: *jobs})
	if err != nil {
		fmt.Fprintln(os.Stderr, "factsdump:", err)
		os.Exit(2)
	}
	files := append([]*objcparse.File(nil), pr.Files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		if *render {
			objcparse.Render(os.Stdout, pr.Fset, f)
			continue
		}
		fmt.Printf("%s %x\n", f.Path, sha256.Sum256(objcparse.EncodeFile(f)))
	}
}
