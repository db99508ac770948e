package classinfo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
)

// Formats returns the output formats of Write: "text" and "json".
func Formats() []string { return []string{"text", "json"} }

// Config describes one `objcleak inspect class` run.
type Config struct {
	// Class is the name of the class to inspect.
	Class string
	// Paths are the files and directories to read; empty means ".".
	Paths []string
	// Format is one of Formats; "" means "text".
	Format string
	// Root is the directory paths are shown relative to; "" means the
	// current directory.
	Root string
}

// Run reads the project of cfg.Paths (analyzer.Load: the same files, and
// the same input errors, as lint), inspects cfg.Class and writes the report
// to w.
func Run(ctx context.Context, cfg Config, w io.Writer) error {
	if cfg.Format == "" {
		cfg.Format = "text"
	}
	if !validFormat(cfg.Format) {
		return fmt.Errorf("unknown format %q (formats: %s)", cfg.Format, strings.Join(Formats(), ", "))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	pr, err := analyzer.Load(ctx, &analyzer.Config{Paths: cfg.Paths, Root: cfg.Root})
	if err != nil {
		return err
	}
	ci, err := Inspect(pr.Index, pr.Fset, cfg.Class, Options{Root: pr.Root})
	if err != nil {
		return err
	}
	if n := len(pr.Problems); n > 0 {
		ci.Notes = append(ci.Notes, fmt.Sprintf("%d of the %d files could not be read or parsed; declarations in them are missing "+
			"(objcleak lint reports them under the parse rule)", n, pr.Sources))
	}
	return Write(w, cfg.Format, ci)
}

func validFormat(f string) bool {
	for _, x := range Formats() {
		if x == f {
			return true
		}
	}
	return false
}

// Write writes ci in format "text" or "json".
func Write(w io.Writer, format string, ci *ClassInfo) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(ci)
	case "text", "":
		return writeText(w, ci)
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats(), ", "))
}

// writeText writes the human-readable report.
func writeText(w io.Writer, ci *ClassInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(cells ...string) { fmt.Fprintln(tw, "  "+strings.Join(cells, "\t")) }
	section := func(title string) {
		tw.Flush()
		fmt.Fprintln(tw, "\n"+title)
	}

	fmt.Fprintln(tw, "Class "+ci.Name)
	row("memory:", ci.Memory+" ("+ci.MemoryReason+")")
	if ci.Lifetime != "" {
		row("lifetime:", "as long as the process: "+ci.Lifetime)
	} else {
		row("lifetime:", "made and freed by the program (nothing shows that it lives as long as the process)")
	}
	row("superclasses:", orNone(superNames(ci.Superclasses)))
	row("protocols:", orNone(strings.Join(ci.Protocols, ", ")))
	row("ivars:", fmt.Sprintf("bytes %d to %d, instance size %d (class_getInstanceSize)", ci.IvarStart, ci.IvarEnd, ci.InstanceSize))

	section("Superclasses")
	if len(ci.Superclasses) == 0 {
		row("(none)")
	} else {
		row("CLASS", "IVAR BYTES", "DECLARED")
		for _, s := range ci.Superclasses {
			where := s.Position.String()
			switch {
			case !s.InProject && s.Assumed:
				where = "not in the project: assumed isa only"
			case !s.InProject:
				where = "not in the project: isa only"
			}
			row(s.Name, fmt.Sprintf("%d-%d", s.IvarStart, s.IvarEnd), where)
		}
	}

	section("Declared in")
	for _, d := range ci.Declarations {
		kind := d.Kind
		if d.Category != "" {
			kind += " (" + d.Category + ")"
		}
		row(kind, d.Position.String())
	}

	section("Ivars")
	assumed := false
	if len(ci.Ivars) == 0 {
		row("(none)")
	} else {
		row("OFFSET", "SIZE", "NAME", "TYPE", "OWNERSHIP", "PROPERTY", "SOURCE", "DECLARED")
		for _, iv := range ci.Ivars {
			size := strconv.Itoa(iv.Size)
			if iv.SizeAssumed {
				size += "*"
				assumed = true
			}
			row(strconv.Itoa(iv.Offset), size, iv.Name, iv.Type, iv.Ownership, orDash(iv.Property), iv.Source, iv.Position.String())
		}
	}
	if assumed {
		tw.Flush()
		fmt.Fprintln(tw, "  * assumed size (see Notes)")
	}

	section("Properties")
	if len(ci.Properties) == 0 {
		row("(none)")
	} else {
		row("NAME", "TYPE", "OWNERSHIP", "ATOMICITY", "ACCESS", "IVAR", "DECLARED")
		for _, p := range ci.Properties {
			atomicity, access := "atomic", "readwrite"
			if !p.Atomic {
				atomicity = "nonatomic"
			}
			if p.ReadOnly {
				access = "readonly"
			}
			if a := accessors(p); a != "" {
				access += ", " + a
			}
			row(p.Name, p.Type, p.Ownership, atomicity, access, ivarCell(p), declCell(p.Declarations))
		}
	}

	section("Ivar layout")
	row("strong:", layoutCell(ci.StrongLayout))
	row("weak:", layoutCell(ci.WeakLayout))

	section("Owning references")
	if len(ci.OwningReferences) == 0 {
		row("(none)")
	} else {
		for _, r := range ci.OwningReferences {
			via := r.Ivar
			if r.Property != "" {
				via += " (property " + r.Property + ")"
			}
			row(via, r.Ownership, "-> "+r.Target, r.Position.String())
		}
	}

	if len(ci.Notes) > 0 {
		section("Notes")
		for _, n := range ci.Notes {
			fmt.Fprintln(tw, "  - "+n)
		}
	}
	return tw.Flush()
}

func superNames(ss []Superclass) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return strings.Join(names, " : ")
}

// accessors lists the accessors that differ from the default names.
func accessors(p Property) string {
	var out []string
	if p.Getter != p.Name {
		out = append(out, "getter="+p.Getter)
	}
	if p.Setter != "" && p.Setter != model.DefaultSetter(p.Name) {
		out = append(out, "setter="+p.Setter)
	}
	return strings.Join(out, ", ")
}

// ivarCell is the backing ivar and, when it is not synthesized, why.
func ivarCell(p Property) string {
	switch {
	case p.Ivar == "":
		return "- (" + p.Storage + ")"
	case p.Storage == StorageSynthesized:
		return p.Ivar
	}
	return p.Ivar + " (" + p.Storage + ")"
}

// declCell lists a property's declarations with their attributes.
func declCell(ds []PropertyDecl) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.In + " " + d.Position.String()
		if len(d.Attributes) > 0 {
			parts[i] += " (" + strings.Join(d.Attributes, ", ") + ")"
		}
	}
	return strings.Join(parts, "; ")
}

func layoutCell(l Layout) string {
	if l.Bytes == "NULL" {
		return "NULL"
	}
	return fmt.Sprintf("%s (slots %s)", l.Bytes, l.SlotRanges)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
