package objcparse

import (
	"fmt"
	"go/token"
	"io"
	"strings"
)

// Render writes a compact, stable, human-readable dump of the facts of f.
// It is used by golden tests and by `objcleak debug facts`.
func Render(w io.Writer, fset *token.FileSet, f *File) {
	pos := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		ps := fset.Position(p)
		return fmt.Sprintf("%d:%d", ps.Line, ps.Column)
	}
	fmt.Fprintf(w, "file %s (%s)", f.Path, f.Lang)
	if f.MRC {
		fmt.Fprintf(w, " mrc: %s", f.MRCReason)
	}
	fmt.Fprintln(w)
	for _, imp := range f.Imports {
		fmt.Fprintf(w, "import %q quoted=%v @%s\n", imp.Path, imp.Quoted, pos(imp.Pos))
	}
	for _, e := range f.Errors {
		fmt.Fprintf(w, "error %s-%s\n", pos(e.Pos), pos(e.End))
	}
	for _, g := range f.Globals {
		fmt.Fprintf(w, "global %s%s: %s = %s @%s\n", staticWord(g.Static), g.Name, renderType(g.Type), RenderExpr(g.Init), pos(g.Pos))
	}
	for _, t := range f.Typedefs {
		fmt.Fprintf(w, "typedef %s: %s @%s\n", t.Name, renderType(t.Type), pos(t.Pos))
	}
	for _, p := range f.Protocols {
		fmt.Fprintf(w, "protocol %s <%s> @%s\n", p.Name, strings.Join(p.Protocols, ", "), pos(p.Pos))
		for _, pr := range p.Properties {
			fmt.Fprintf(w, "  property %s: %s (%s)\n", pr.Name, renderType(pr.Type), strings.Join(pr.Attrs, ", "))
		}
		for _, m := range p.Methods {
			fmt.Fprintf(w, "  method %s\n", methodSig(m))
		}
	}
	for _, c := range f.Classes {
		fmt.Fprintf(w, "%s %s", c.Kind, c.Name)
		if c.Category != "" {
			fmt.Fprintf(w, " (%s)", c.Category)
		}
		if c.Super != "" {
			fmt.Fprintf(w, " : %s", c.Super)
		}
		if len(c.Protocols) > 0 {
			fmt.Fprintf(w, " <%s>", strings.Join(c.Protocols, ", "))
		}
		fmt.Fprintf(w, " @%s\n", pos(c.Pos))
		for _, iv := range c.Ivars {
			fmt.Fprintf(w, "  ivar %s: %s @%s\n", iv.Name, renderType(iv.Type), pos(iv.Pos))
		}
		for _, pr := range c.Properties {
			fmt.Fprintf(w, "  property %s: %s (%s) @%s\n", pr.Name, renderType(pr.Type), strings.Join(pr.Attrs, ", "), pos(pr.Pos))
		}
		for _, s := range c.Synthesize {
			kw := "synthesize"
			if s.Dynamic {
				kw = "dynamic"
			}
			fmt.Fprintf(w, "  %s %s=%s\n", kw, s.Property, s.Ivar)
		}
		for _, m := range c.Methods {
			fmt.Fprintf(w, "  method %s @%s", methodSig(m), pos(m.Pos))
			if m.HasError {
				fmt.Fprint(w, " has-error")
			}
			fmt.Fprintln(w)
			if m.Body != nil {
				renderBody(w, m.Body, pos, "    ")
			}
		}
	}
	for _, fn := range f.Functions {
		fmt.Fprintf(w, "function %s%s @%s\n", staticWord(fn.Static), fn.Name, pos(fn.Pos))
		if fn.Body != nil {
			renderBody(w, fn.Body, pos, "  ")
		}
	}
}

func staticWord(b bool) string {
	if b {
		return "static "
	}
	return ""
}

func methodSig(m *Method) string {
	sign := "-"
	if m.ClassMethod {
		sign = "+"
	}
	var ps []string
	for _, p := range m.Params {
		s := p.Name + ": " + renderType(p.Type)
		if p.NoEscape {
			s += " noescape"
		}
		ps = append(ps, s)
	}
	return fmt.Sprintf("%s%s(%s) %s", sign, m.Selector, strings.Join(ps, ", "), renderType(m.Return))
}

func renderType(t Type) string {
	s := t.Text
	var flags []string
	if t.Object {
		flags = append(flags, "obj")
	}
	if t.Block {
		flags = append(flags, "block")
	}
	for _, q := range t.Qualifiers() {
		flags = append(flags, q)
	}
	if t.Typeof() != "" {
		flags = append(flags, "typeof="+t.Typeof())
	}
	if len(flags) > 0 {
		s += " [" + strings.Join(flags, " ") + "]"
	}
	return s
}

func renderBody(w io.Writer, b *Body, pos func(token.Pos) string, ind string) {
	scope := func(s int) string {
		if s < 0 {
			return "body"
		}
		return fmt.Sprintf("block%d", s)
	}
	ctx := func(c Context) string {
		var s []string
		if c&InLoop != 0 {
			s = append(s, "loop")
		}
		if c&InSynchronized != 0 {
			s = append(s, "sync")
		}
		if c&InCondition != 0 {
			s = append(s, "cond")
		}
		if len(s) == 0 {
			return ""
		}
		return " {" + strings.Join(s, ",") + "}"
	}
	for _, blk := range b.Blocks {
		var ps []string
		for _, p := range blk.Params {
			ps = append(ps, p.Name)
		}
		var us []string
		for _, u := range blk.Uses.All() {
			us = append(us, u.Name)
		}
		fmt.Fprintf(w, "%sblock%d parent=%s params=(%s) uses=[%s] @%s\n", ind, blk.Index, scope(blk.Parent), strings.Join(ps, ","), strings.Join(us, " "), pos(blk.Pos))
	}
	for _, v := range b.Locals {
		fmt.Fprintf(w, "%slocal %s%s: %s = %s in %s @%s\n", ind, staticWord(v.Static), v.Name, renderType(v.Type), RenderExpr(v.Init), scope(v.Scope), pos(v.Pos))
	}
	for _, s := range b.Sends {
		fmt.Fprintf(w, "%ssend %s in %s%s @%s\n", ind, RenderExpr(s.Expr), scope(s.Scope), ctx(s.Context), pos(s.Expr.Pos))
	}
	for _, c := range b.Calls {
		fmt.Fprintf(w, "%scall %s in %s%s @%s\n", ind, RenderExpr(c.Expr), scope(c.Scope), ctx(c.Context), pos(c.Expr.Pos))
	}
	for _, a := range b.Assigns {
		fmt.Fprintf(w, "%sassign %s in %s%s @%s\n", ind, RenderExpr(a.Expr), scope(a.Scope), ctx(a.Context), pos(a.Expr.Pos))
	}
	for _, r := range b.Returns {
		fmt.Fprintf(w, "%sreturn %s in %s @%s\n", ind, RenderExpr(r.Value), scope(r.Scope), pos(r.Pos))
	}
	for _, m := range b.Macros {
		at := ""
		if m.At {
			at = "@"
		}
		fmt.Fprintf(w, "%smacro %s%s(%s) in %s @%s\n", ind, at, m.Name, strings.Join(m.Args, ","), scope(m.Scope), pos(m.Pos))
	}
	var us []string
	for _, u := range b.Uses.All() {
		us = append(us, u.Name)
	}
	if len(us) > 0 {
		fmt.Fprintf(w, "%suses [%s]\n", ind, strings.Join(us, " "))
	}
}

// RenderExpr returns a compact source-like rendering of e, for tests,
// debugging and messages.
func RenderExpr(e *Expr) string {
	if e == nil {
		return "<nil>"
	}
	args := func(sep string) string {
		var s []string
		for _, a := range e.Args() {
			s = append(s, RenderExpr(a))
		}
		return strings.Join(s, sep)
	}
	switch e.Kind {
	case ExprIdent, ExprNumber:
		return e.Name
	case ExprMember:
		return RenderExpr(e.X()) + "." + e.Name
	case ExprArrow:
		return RenderExpr(e.X()) + "->" + e.Name
	case ExprMessage:
		var b strings.Builder
		b.WriteString("[" + RenderExpr(e.X()) + " ")
		if e.NumArgs() == 0 || !strings.Contains(e.Name, ":") {
			b.WriteString(e.Name)
		} else {
			keywords := strings.SplitAfter(strings.TrimSuffix(e.Name, ":"), ":")
			for i, kw := range keywords {
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteString(strings.TrimSuffix(kw, ":") + ":")
				if i < e.NumArgs() {
					b.WriteString(RenderExpr(e.Arg(i)))
				}
			}
			// Variadic arguments follow the last keyword's argument.
			for i := len(keywords); i < e.NumArgs(); i++ {
				b.WriteString(", " + RenderExpr(e.Arg(i)))
			}
		}
		b.WriteString("]")
		return b.String()
	case ExprCall:
		callee := e.Name
		if callee == "" {
			callee = RenderExpr(e.X())
		}
		return callee + "(" + args(", ") + ")"
	case ExprBlock:
		return fmt.Sprintf("^block%d", e.Block())
	case ExprString:
		if e.CString {
			return fmt.Sprintf("%q", e.Name)
		}
		return "@" + fmt.Sprintf("%q", e.Name)
	case ExprBoxed:
		if e.X() != nil {
			return "@(" + RenderExpr(e.X()) + ")"
		}
		return "@" + e.Name
	case ExprArray:
		return "@[" + args(", ") + "]"
	case ExprDict:
		return "@{" + args(", ") + "}"
	case ExprSelector:
		return "@selector(" + e.Name + ")"
	case ExprCast:
		return "(" + e.Name + ")" + RenderExpr(e.X())
	case ExprAssign:
		return RenderExpr(e.X()) + " " + e.Name + " " + args("")
	case ExprUnary:
		return e.Name + RenderExpr(e.X())
	case ExprBinary:
		return "(" + args(" "+e.Name+" ") + ")"
	case ExprCond:
		return "(" + args(" ? ") + ")"
	case ExprSubscript:
		return RenderExpr(e.X()) + "[" + args(", ") + "]"
	}
	return "<" + args(", ") + ">"
}
