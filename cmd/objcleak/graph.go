package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/objcleak/objcleak/rules/passes/ownergraph/render"
)

// newGraphCmd is `objcleak graph`: the ownership graph as a picture.
func newGraphCmd(stdout io.Writer) *cobra.Command {
	var cfg render.Config
	cmd := &cobra.Command{
		Use:   "graph [--class NAME] [--format dot|mermaid] [paths...]",
		Short: "Draw the ownership graph (retain cycles in red) as Graphviz DOT or Mermaid",
		Long: `Read the .h, .m and .mm files below the given paths (default ".", the same
files lint reads), build the graph of owning references that the
retaincycle rule searches, and print it as a Graphviz digraph (--format dot,
the default) or a Mermaid flowchart (--format mermaid, which GitHub renders
in a Markdown file).

Without --class the picture holds every object on a cycle of owning
references, its direct neighbours and the references that touch a cycle;
with --class NAME, everything an instance of NAME owns, directly or through
other objects. References on a cycle, and the objects they join, are red
and bold; references implied only by a declared property or ivar type are
dashed. Each reference is labelled with its name and kind, as in lint's
messages. The output is deterministic. The exit status is 2 when the class
is not found.`,
		Example: `  objcleak graph --class FeedViewController ./App | dot -Tsvg -o feed.svg
  objcleak graph --format mermaid ./App > cycles.mmd`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg.Paths = args
			if err := render.Run(cmd.Context(), cfg, stdout); err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Class, "class", "", "draw only what an instance of the class `NAME` owns")
	f.StringVarP(&cfg.Format, "format", "f", "dot", "output format: "+strings.Join(render.Formats(), ", "))
	return cmd
}
