// Command objcleak finds memory bugs in Objective-C source: retain cycles,
// leaked URL sessions, over-release crashes from concurrent nonatomic
// setters. It reads source; it needs no build, no Xcode and no SDK.
//
//	objcleak lint [paths...]          lint files and directories (default ".")
//	objcleak rules                    list the rules
//	objcleak explain RULE             show a rule's documentation
//	objcleak inspect class NAME       show what the model believes about a class
//	objcleak graph [--class NAME]     print the ownership graph (dot or mermaid)
//	objcleak config init|show         write or show the configuration
//	objcleak lsp                      serve the Language Server Protocol on stdio
//	objcleak version                  print the version
//
// Exit status: 0 when nothing at or above --fail-on was found, 1 when
// something was, 2 on a usage or input error.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
