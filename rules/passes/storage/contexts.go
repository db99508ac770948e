package storage

import (
	"reflect"
	"sync"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

// Analyzer is the storage pass. Its result is a *Contexts: one Context per
// method and function body of the project, shared by the passes and rules
// that ask where values go, so that each body's index of who consumes
// which expression is built at most once per run.
var Analyzer = &analyzer.Analyzer{
	Name:       "storage",
	Doc:        "storage: prepares, for every body, where the values created in it are stored",
	Run:        run,
	ResultType: reflect.TypeOf((*Contexts)(nil)),
}

// Contexts are the shared Contexts of the project's bodies. A nil
// *Contexts is valid: it makes a new Context on every call (for callers
// that run a pass by hand).
type Contexts struct {
	byBody map[*objcparse.Body]*Context

	// lifeMu guards what ProcessLifetime computes and caches.
	lifeMu     sync.Mutex
	lifetimes  map[string]lifetimeAnswer
	allocs     map[string][]allocSite
	sends      map[string][]allocSite // every send by selector (callers of factories)
	typeRefs   map[string][]typedRef  // strong references by declared class
	subclasses map[string][]string    // direct project subclasses

	// setupOnly caches Context.SetupOnly's answers by class and selector
	// (it is asked from passes that run in parallel).
	setupOnly sync.Map
}

func run(pass *analyzer.Pass) (any, error) {
	cs := &Contexts{byBody: map[*objcparse.Body]*Context{}}
	for _, f := range pass.Index.Files {
		for _, cd := range f.Classes {
			for _, m := range cd.Methods {
				if m.Body != nil {
					cs.byBody[m.Body] = cs.newContext(pass.Index, f, cd.Name, m, m.Body, m.Params)
				}
			}
		}
		for _, fn := range f.Functions {
			if fn.Body != nil {
				cs.byBody[fn.Body] = cs.newContext(pass.Index, f, "", nil, fn.Body, fn.Params)
			}
		}
	}
	return cs, nil
}

// For returns the Context of body (of method m of class in file f, or of a
// C function when m is nil): the shared one when the project defines the
// body, else a new one.
func (cs *Contexts) For(ix *analyzer.Index, f *objcparse.File, class string, m *objcparse.Method, body *objcparse.Body, params []objcparse.Param) *Context {
	if cs != nil {
		if c := cs.byBody[body]; c != nil && c.Index == ix && c.File == f && c.Class == class && c.Method == m {
			return c
		}
	}
	return cs.newContext(ix, f, class, m, body, params)
}

// newContext returns a new Context that knows cs.
func (cs *Contexts) newContext(ix *analyzer.Index, f *objcparse.File, class string, m *objcparse.Method, body *objcparse.Body, params []objcparse.Param) *Context {
	c := NewContext(ix, f, class, m, body, params)
	c.contexts = cs
	return c
}

// InstanceMethods is Contexts.InstanceMethods with the Contexts c came
// from.
func (c *Context) InstanceMethods(class string, fn func(mc *Context)) {
	c.contexts.InstanceMethods(c.Index, class, fn)
}
