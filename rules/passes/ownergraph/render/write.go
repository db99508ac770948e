package render

import (
	"strconv"
	"strings"

	"github.com/objcleak/objcleak/model"
)

// cycleColor is the colour of cycles in both formats.
const cycleColor = "#d00000"

// writeDOT writes p as a Graphviz digraph (`dot -Tsvg`).
//
// Shapes: instances are boxes, objects held in a reference rounded boxes,
// blocks ellipses, locals notes, process-lifetime roots double octagons.
func writeDOT(b *strings.Builder, p *Picture) {
	b.WriteString("// objcleak ownership graph: " + oneLine(p.Title) + "\n")
	b.WriteString("// Red, bold: on a retain cycle. Dashed: by declared type (may own).\n")
	b.WriteString("digraph objcleak {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range p.Nodes {
		attrs := []string{"label=" + dotQuote(n.Label)}
		shape, style := dotShape(n.Kind)
		attrs = append(attrs, "shape="+shape)
		if n.Cycle {
			style = append(style, "bold")
			attrs = append(attrs, "color="+dotQuote(cycleColor), "penwidth=2")
		}
		if len(style) > 0 {
			attrs = append(attrs, "style="+dotQuote(strings.Join(style, ",")))
		}
		b.WriteString("  " + n.ID + " [" + strings.Join(attrs, ", ") + "];\n")
	}
	for _, e := range p.Edges {
		attrs := []string{"label=" + dotQuote(e.Label)}
		var style []string
		if e.ClassLevel {
			style = append(style, "dashed")
		}
		if e.Cycle {
			style = append(style, "bold")
			attrs = append(attrs, "color="+dotQuote(cycleColor), "fontcolor="+dotQuote(cycleColor), "penwidth=2")
		}
		if len(style) > 0 {
			attrs = append(attrs, "style="+dotQuote(strings.Join(style, ",")))
		}
		b.WriteString("  " + e.From + " -> " + e.To + " [" + strings.Join(attrs, ", ") + "];\n")
	}
	b.WriteString("}\n")
}

func dotShape(k model.NodeKind) (shape string, style []string) {
	switch k {
	case model.NodeInstance:
		return "box", nil
	case model.NodeObject:
		return "box", []string{"rounded"}
	case model.NodeBlock:
		return "ellipse", nil
	case model.NodeLocal:
		return "note", nil
	case model.NodeRoot:
		return "doubleoctagon", nil
	}
	return "box", nil
}

// dotQuote returns s as a DOT double-quoted string. Backslashes are
// doubled so that DOT's escapes (\n, \l, \N) are never formed by accident.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// writeMermaid writes p as a Mermaid flowchart (GitHub renders a
// ```mermaid block).
//
// Shapes: instances are rectangles, objects held in a reference rounded
// rectangles, blocks stadiums, locals parallelograms, roots subroutines.
// Cycle edges are thick (==>) and red, class-level edges dotted (-.->).
func writeMermaid(b *strings.Builder, p *Picture) {
	b.WriteString("flowchart LR\n")
	b.WriteString("  %% objcleak ownership graph: " + oneLine(p.Title) + "\n")
	b.WriteString("  %% Red, thick: on a retain cycle. Dotted: by declared type (may own).\n")
	var cycleNodes []string
	for _, n := range p.Nodes {
		open, closing := mermaidShape(n.Kind)
		b.WriteString("  " + n.ID + open + mermaidQuote(n.Label) + closing + "\n")
		if n.Cycle {
			cycleNodes = append(cycleNodes, n.ID)
		}
	}
	var cycleEdges []string
	for i, e := range p.Edges {
		arrow := "-->"
		switch {
		case e.ClassLevel:
			arrow = "-.->"
		case e.Cycle:
			arrow = "==>"
		}
		b.WriteString("  " + e.From + " " + arrow + "|" + mermaidQuote(e.Label) + "| " + e.To + "\n")
		if e.Cycle {
			cycleEdges = append(cycleEdges, strconv.Itoa(i))
		}
	}
	if len(cycleNodes) > 0 {
		b.WriteString("  classDef cycle stroke:" + cycleColor + ",stroke-width:3px\n")
		b.WriteString("  class " + strings.Join(cycleNodes, ",") + " cycle\n")
	}
	if len(cycleEdges) > 0 {
		b.WriteString("  linkStyle " + strings.Join(cycleEdges, ",") + " stroke:" + cycleColor + ",stroke-width:3px,color:" + cycleColor + "\n")
	}
}

func mermaidShape(k model.NodeKind) (open, closing string) {
	switch k {
	case model.NodeObject:
		return "(", ")"
	case model.NodeBlock:
		return "([", "])"
	case model.NodeLocal:
		return "[/", "/]"
	case model.NodeRoot:
		return "[[", "]]"
	}
	return "[", "]"
}

// mermaidQuote returns s as a Mermaid quoted string. Characters that end
// the string or open markup are written as Mermaid entity codes (#quot;,
// #lt;, …); line breaks become <br/>.
func mermaidQuote(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "#", "#35;", "&", "#amp;", "\r", "", "\n", "<br/>")
	return `"` + r.Replace(s) + `"`
}

// oneLine keeps a comment on one line.
func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }
