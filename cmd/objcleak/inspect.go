package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/objcleak/objcleak/rules/passes/classinfo"
)

// newInspectCmd is `objcleak inspect`: what the model believes about a
// piece of the project. Its one sub-command is `class`.
func newInspectCmd(stdout io.Writer) *cobra.Command {
	inspect := &cobra.Command{
		Use:   "inspect",
		Short: "Show what objcleak's model believes about a class",
		Long: `Show what objcleak's model believes about a part of the project, to see why
a finding appeared or did not. Sub-commands:

  objcleak inspect class NAME [paths...]`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("unknown inspect sub-command %q (sub-commands: class)", args[0])
			}
			return usageError("inspect needs a sub-command: objcleak inspect class NAME [paths...]")
		},
	}
	var format string
	class := &cobra.Command{
		Use:   "class NAME [paths...]",
		Short: "Show a class's superclasses, ivars, properties, ivar layouts and owning references",
		Long: `Read the .h, .m and .mm files below the given paths (default ".", the same
files lint reads) and print what the model believes about the class NAME:
its superclass chain, where it is declared, whether its instances live as
long as the process and why (a singleton, the application delegate, a root
controller of the main storyboard: cycles among them are not leaks), every ivar with its ownership,
offset and size, every property with its effective attributes, the strong
and weak ivar layouts exactly as class_getIvarLayout and
class_getWeakIvarLayout return them (e.g. \x03\x12) with the word slots they
describe, the owning references that leave an instance, and notes on what
was assumed. The exit status is 2 when the class is not found.`,
		Example: `  objcleak inspect class FeedAPIClient ./App
  objcleak inspect class PHPhotoCell --format json Sources/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("inspect class needs a class name: objcleak inspect class NAME [paths...]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg := classinfo.Config{Class: args[0], Paths: args[1:], Format: format}
			if err := classinfo.Run(cmd.Context(), cfg, stdout); err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			return nil
		},
	}
	class.Flags().StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(classinfo.Formats(), ", "))
	inspect.AddCommand(class)
	return inspect
}
