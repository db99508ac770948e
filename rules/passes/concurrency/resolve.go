package concurrency

import (
	"fmt"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/summaries"
)

// maxDepth bounds how many variables, properties and methods a queue is
// followed through.
const maxDepth = 6

// resolver follows queue expressions to where the queues are created.
type resolver struct {
	ix   *analyzer.Index
	res  *Result
	sums *summaries.Result // nil when the pass did not run
	// storage caches the queue held by a property or ivar, by "CLASS.KEY".
	storage map[string]Queue
	busy    map[string]bool
}

func newResolver(ix *analyzer.Index) *resolver {
	return &resolver{ix: ix, storage: map[string]Queue{}, busy: map[string]bool{}}
}

// value is an expression evaluated in a body.
type value struct {
	body *Body
	expr *objcparse.Expr
	// returned is set for a value a getter or function returns.
	returned bool
}

// env lets the model see through b's local variables.
func (r *resolver) env(b *Body) model.Env {
	return model.Env{Value: b.SingleValue, KindOf: r.ix.IsKindOfAny}
}

// SingleValue returns the value of the local variable name when it has
// exactly one (its initializer or its only assignment), or nil.
func (b *Body) SingleValue(name string) *objcparse.Expr {
	v := b.localVar(name)
	if v == nil || v.Static {
		return nil
	}
	vals := b.localValues(name)
	if len(vals) != 1 {
		return nil
	}
	return vals[0].expr
}

// TypeOf returns the declared type of a local variable or parameter of b.
func (b *Body) TypeOf(name string) (objcparse.Type, bool) {
	if v := b.localVar(name); v != nil {
		return v.Type, true
	}
	if p := b.param(name); p != nil {
		return p.Type, true
	}
	return objcparse.Type{}, false
}

// localVar returns the local variable named name (the first declared).
func (b *Body) localVar(name string) *objcparse.Var {
	for _, v := range b.Facts.Locals {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// param returns the method, function or block parameter named name.
func (b *Body) param(name string) *objcparse.Param {
	var params []objcparse.Param
	if b.Storage != nil {
		params = b.Storage.Params
	}
	for _, blk := range b.Facts.Blocks {
		params = append(params, blk.Params...)
	}
	for i := range params {
		if params[i].Name == name {
			return &params[i]
		}
	}
	return nil
}

// localValues returns the initializer and the assigned values of the local
// variable name.
func (b *Body) localValues(name string) []value {
	var out []value
	for _, v := range b.Facts.Locals {
		if v.Name == name && v.Init != nil {
			out = append(out, value{body: b, expr: v.Init})
		}
	}
	for _, a := range b.Facts.Assigns {
		if a.Expr.Name == "=" && a.Target().IsIdent(name) {
			out = append(out, value{body: b, expr: a.Value()})
		}
	}
	return out
}

// queue resolves the queue expression e written in b.
func (r *resolver) queue(b *Body, e *objcparse.Expr, depth int) Queue {
	e = e.Unparen()
	if e == nil {
		return Queue{}
	}
	written := objcparse.RenderExpr(e)
	if q, ok := model.QueueOf(e, r.env(b)); ok {
		out := Queue{Kind: q.Kind, Global: q.Global, Operation: q.Operation, New: q.New, Expr: written, Name: q.Name, Why: q.Why}
		switch {
		case q.Kind == model.QueueMain:
			out.Key = "main"
		case q.Global:
			out.Key = "global"
		case q.New:
			out.Key = fmt.Sprintf("new@%d", e.Pos)
		}
		return out
	}
	if depth > maxDepth {
		return Queue{Expr: written}
	}
	var out Queue
	switch {
	case e.Kind == objcparse.ExprIdent && b.localVar(e.Name) != nil:
		v := b.localVar(e.Name)
		key := fmt.Sprintf("local:%d", v.Pos)
		if v.Static {
			key = fmt.Sprintf("static:%d", v.Pos)
		}
		out = r.combine(b.localValues(e.Name), key, depth, b.localWidths(e.Name))
	case e.Kind == objcparse.ExprIdent && b.param(e.Name) != nil:
		// A queue passed in: the caller decides.
	case e.Kind == objcparse.ExprIdent && r.isGlobal(b.File, e.Name):
		out = r.combine(r.globalValues(b.File, e.Name), "global:"+b.File.Path+":"+e.Name, depth, nil)
	default:
		if b.Storage == nil {
			break
		}
		if key, ok := b.Storage.SelfKey(e); ok && b.Class != "" {
			out = r.storageQueue(b.Class, key, depth)
			break
		}
		switch e.Kind {
		case objcparse.ExprMessage:
			out = r.classMethodQueue(b, e, depth)
		case objcparse.ExprCall:
			out = r.functionQueue(e.Name, depth)
		}
	}
	out.Expr, out.Via = written, true
	return out
}

// combine resolves the values a variable or property is assigned and
// decides the queue it holds: the queue of its only value when that is a
// queue kept elsewhere (an alias), otherwise a queue identified by key
// whose kind is concurrent if any value is concurrent, or the kind all
// values share. nil values are skipped. widths are values assigned to the
// holder's maxConcurrentOperationCount.
func (r *resolver) combine(values []value, key string, depth int, widths []value) Queue {
	var qs []Queue
	for _, v := range values {
		if model.IsNil(v.expr) {
			continue
		}
		q := r.queue(v.body, v.expr, depth+1)
		if !q.Via {
			q.Created = v.expr.Unparen().Pos
			switch {
			case q.New:
				q.Origin = "created in " + v.body.Where
			case v.returned:
				q.Origin = "returned by " + v.body.Where
			default:
				q.Origin = "set in " + v.body.Where
			}
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return Queue{Key: key}
	}
	var out Queue
	if len(qs) == 1 && !qs[0].New && qs[0].Key != "" && qs[0].Kind != model.QueueUnknown {
		out = qs[0]
	} else {
		out = pick(qs)
		out.Key = key
	}
	out.New = false
	if out.Operation && out.Kind != model.QueueMain && len(widths) > 0 {
		out.Kind, out.Why = width(widths, out)
	}
	return out
}

// pick chooses the queue that decides a combined kind: the first
// concurrent one, else the first when every value has the same kind.
func pick(qs []Queue) Queue {
	global := true
	for _, q := range qs {
		global = global && q.Global
	}
	for _, q := range qs {
		if q.Kind == model.QueueConcurrent {
			q.Global = global
			return q
		}
	}
	for _, q := range qs[1:] {
		if q.Kind != qs[0].Kind {
			return Queue{}
		}
	}
	return qs[0]
}

// width applies settings of maxConcurrentOperationCount to an operation
// queue: 1 anywhere makes it serial, an unknown value makes it unknown.
func width(widths []value, q Queue) (model.QueueKind, string) {
	unknown := ""
	for _, w := range widths {
		switch model.OperationQueueWidth(w.expr) {
		case model.QueueSerial:
			return model.QueueSerial, model.MaxConcurrentOperationCount + " = 1"
		case model.QueueUnknown:
			unknown = model.MaxConcurrentOperationCount + " = " + objcparse.RenderExpr(w.expr)
		}
	}
	if unknown != "" {
		return model.QueueUnknown, unknown
	}
	return q.Kind, q.Why
}

// localWidths returns the values assigned to the maxConcurrentOperationCount
// of the local variable name.
func (b *Body) localWidths(name string) []value {
	return b.widths(func(holder *objcparse.Expr) bool { return holder.IsIdent(name) })
}

// widths returns the values assigned to holder.maxConcurrentOperationCount
// (or through setMaxConcurrentOperationCount:) for holders that match.
func (b *Body) widths(match func(holder *objcparse.Expr) bool) []value {
	var out []value
	for _, a := range b.Facts.Assigns {
		if t := a.Target().Unparen(); t != nil && t.Kind == objcparse.ExprMember && t.Name == model.MaxConcurrentOperationCount && match(t.X()) {
			out = append(out, value{body: b, expr: a.Value()})
		}
	}
	for _, s := range b.Facts.Sends {
		if s.Selector() == model.SetMaxConcurrentOperationCount && s.Expr.NumArgs() == 1 && match(s.Expr.X()) {
			out = append(out, value{body: b, expr: s.Expr.Arg(0)})
		}
	}
	return out
}

// storageQueue resolves the queue kept in property or ivar key of class:
// every value any instance method of the class (or of a project
// superclass) stores in it — `self.key = …`, `_key = …`, `[self setKey:…]`
// — and the values a getter method named key returns.
func (r *resolver) storageQueue(class, key string, depth int) Queue {
	ck := class + "." + key
	if q, ok := r.storage[ck]; ok {
		return q
	}
	if r.busy[ck] {
		return Queue{Key: "self:" + ck}
	}
	r.busy[ck] = true
	defer delete(r.busy, ck)
	setter := model.DefaultSetter(key)
	isKey := func(m *Body, e *objcparse.Expr) bool {
		k, ok := m.Storage.SelfKey(e)
		return ok && k == key
	}
	var values, widths []value
	for _, m := range r.instanceMethods(class) {
		for _, a := range m.Facts.Assigns {
			if a.Expr.Name == "=" && a.Target().Unparen().Kind != objcparse.ExprMessage && isKey(m, a.Target()) {
				values = append(values, value{body: m, expr: a.Value()})
			}
		}
		for _, s := range m.Facts.Sends {
			if s.Selector() == setter && s.Expr.NumArgs() == 1 && s.Expr.X().IsIdent("self") {
				values = append(values, value{body: m, expr: s.Expr.Arg(0)})
			}
		}
		if m.Method.Selector == key {
			for _, ret := range m.Facts.Returns {
				if ret.Value != nil && !isKey(m, ret.Value) {
					values = append(values, value{m, ret.Value, true})
				}
			}
		}
		widths = append(widths, m.widths(func(h *objcparse.Expr) bool { return isKey(m, h) })...)
	}
	q := r.combine(values, "self:"+ck, depth, widths)
	r.storage[ck] = q
	return q
}

// instanceMethods returns the instance method bodies of class and of its
// project superclasses.
func (r *resolver) instanceMethods(class string) []*Body {
	var out []*Body
	for _, c := range append([]string{class}, r.ix.Superclasses(class)...) {
		for _, m := range r.res.methods[c] {
			if !m.Method.ClassMethod {
				out = append(out, m)
			}
		}
	}
	return out
}

// classMethodQueue resolves `[C sel]` (or `[self sel]` in a class method)
// through the project's implementation of the class method.
func (r *resolver) classMethodQueue(b *Body, e *objcparse.Expr, depth int) Queue {
	recv := e.X().Unparen()
	if recv == nil || recv.Kind != objcparse.ExprIdent || e.NumArgs() > 0 {
		return Queue{}
	}
	class := recv.Name
	if class == "self" {
		if b.Method == nil || !b.Method.ClassMethod {
			return Queue{}
		}
		class = b.Class
	}
	for _, m := range r.res.methods[class] {
		if m.Method.ClassMethod && m.Method.Selector == e.Name {
			return r.combine(returns(m), "method:+"+class+"."+e.Name, depth, nil)
		}
	}
	return Queue{}
}

// functionQueue resolves `f()` through the project's definition of f.
func (r *resolver) functionQueue(name string, depth int) Queue {
	if name == "" {
		return Queue{}
	}
	for _, b := range r.res.Bodies {
		if b.Method == nil && b.Where == name+"()" {
			return r.combine(returns(b), "func:"+name, depth, nil)
		}
	}
	return Queue{}
}

func returns(b *Body) []value {
	var out []value
	for _, ret := range b.Facts.Returns {
		if ret.Value != nil {
			out = append(out, value{b, ret.Value, true})
		}
	}
	return out
}

// isGlobal reports whether name is a file-scope variable of f.
func (r *resolver) isGlobal(f *objcparse.File, name string) bool {
	for _, g := range f.Globals {
		if g.Name == name {
			return true
		}
	}
	return false
}

// globalValues returns the initializer of the file-scope variable name and
// the values the file's bodies assign to it (where no local shadows it).
func (r *resolver) globalValues(f *objcparse.File, name string) []value {
	var out []value
	for _, b := range r.res.Bodies {
		if b.File != f || b.localVar(name) != nil {
			continue
		}
		for _, a := range b.Facts.Assigns {
			if a.Expr.Name == "=" && a.Target().IsIdent(name) {
				out = append(out, value{body: b, expr: a.Value()})
			}
		}
	}
	for _, g := range f.Globals {
		if g.Name == name && g.Init != nil {
			out = append(out, value{body: &Body{File: f, Where: "a file-scope initializer", Facts: &objcparse.Body{}}, expr: g.Init})
		}
	}
	return out
}
