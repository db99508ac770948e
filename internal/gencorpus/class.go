package gencorpus

import (
	"fmt"
	"strings"
)

// gen is one generation run.
type gen struct {
	r      *rng
	target int
	total  int
	files  []*file
	// years vary the copyright lines.
	year int
}

// generate builds the corpus of about lines lines.
func generate(lines int) *gen {
	g := &gen{r: &rng{s: 0x0bc1eaa5eed}, target: lines, year: 2015}
	g.common()
	for i := 0; !g.full(); i++ {
		g.module(i)
	}
	return g
}

// full reports whether the corpus has reached its size.
func (g *gen) full() bool { return g.total >= g.target }

// remaining is the number of lines still wanted.
func (g *gen) remaining() int { return g.target - g.total }

// emit adds a file.
func (g *gen) emit(path string, s *src) {
	g.files = append(g.files, &file{path: path, data: s.b, lines: s.lines, bugs: s.bugs})
	g.total += s.lines
}

// bugKinds are the sites where a bug can be injected. The first module
// has one of each (where sites do not exclude each other), so that even a
// small corpus gives every rule work; later modules draw each with
// probability bugRate per mille.
var bugKinds = []string{
	"model.owner", "service.delegate", "service.session", "batch.heap", "batch.tagged",
	"api.delegateSession", "api.upload", "api.report", "store.timer", "cell.delegate",
	"list.block", "list.ivarBlock", "list.fakeWeak", "list.header", "list.timer",
	"list.observer", "list.mixed", "list.nestedStrong", "detail.timer", "detail.setterHeap",
	"detail.setterConst", "detail.session",
}

const bugRate = 150

// prop is a declared property.
type prop struct {
	attrs, typ, name, doc string
	bug                   string // the rule of a bug injected at the declaration
}

func (p prop) decl() string {
	var t string
	switch {
	case strings.Contains(p.typ, "%s"):
		t = fmt.Sprintf(p.typ, p.name)
	case strings.HasSuffix(p.typ, "*"):
		t = p.typ + p.name
	default:
		t = p.typ + " " + p.name
	}
	mark := ""
	if p.bug != "" {
		mark = bugMark + p.bug + "»"
	}
	if p.attrs == "" {
		return "@property " + t + ";" + mark
	}
	return "@property (" + p.attrs + ") " + t + ";" + mark
}

// class builds one class: its header and its implementation file.
type class struct {
	g    *gen
	r    *rng
	mod  *module
	name string
	sup  string
	dir  string // slash-separated directory of both files
	ext  string // ".m" or ".mm"
	doc  []string

	hImports, mImports []string
	fwd                []string
	hTop               src // header declarations before @interface
	adopts, extAdopts  []string
	pub, priv          []prop
	ivars              []string
	implIvars          bool // ivars in @implementation braces instead of the extension
	decls              src  // header method declarations
	statics            src  // .m file-scope declarations
	body               src  // method definitions
	deallocs           []string
	names              map[string]bool
	vars               []string
	// target is the wanted number of lines of the implementation file.
	target int
	// minHeader is the wanted minimum number of lines of the header.
	minHeader int
	mark      string // current #pragma mark, to avoid repeating it
	// category, when set, makes this a category of sup: @interface sup (category).
	category string
	// autoDoc makes some undocumented methods public (with a generic
	// comment), as the helpers written by fill.
	autoDoc bool
	// ident is the base of identifiers derived from the class (its name,
	// except for categories).
	ident string
}

func (g *gen) newClass(mod *module, dir, name, sup string) *class {
	c := &class{g: g, r: g.r, mod: mod, name: name, ident: name, sup: sup, dir: dir, ext: ".m", names: map[string]bool{}, minHeader: 100}
	c.vars = []string{"Class", name, "Super", sup, "P", prefix, "App", appName}
	if mod != nil {
		c.vars = append(c.vars, "M", mod.name, "m", lowerFirst(mod.name), "domain", "com.harbor."+strings.ToLower(mod.name))
	} else {
		c.vars = append(c.vars, "M", "Common", "m", "common", "domain", "com.harbor.common")
	}
	c.implIvars = g.r.chance(300)
	c.target = g.fileSize()
	return c
}

// fileSize draws the size of an implementation file, cut to what the
// corpus still needs.
func (g *gen) fileSize() int {
	var n int
	switch x := g.r.intn(100); {
	case x < 15:
		n = g.r.between(130, 250)
	case x < 70:
		n = g.r.between(250, 600)
	case x < 93:
		n = g.r.between(600, 1000)
	default:
		n = g.r.between(1000, 1350)
	}
	if left := g.remaining() - 110; left < n {
		n = max(left, 120)
	}
	return n
}

// set binds template variables for the rest of the class.
func (c *class) set(kv ...string) { c.vars = append(c.vars, kv...) }

// uniq returns base, or base followed by a number, not used before in
// this class.
func (c *class) uniq(base string) string {
	name := base
	for i := 2; c.names[name]; i++ {
		name = base + itoa(i)
	}
	c.names[name] = true
	return name
}

// has reports whether name is taken.
func (c *class) has(name string) bool { return c.names[name] }

// addProp declares a property (public in the header or private in the
// extension) under a unique name derived from base and returns the name.
func (c *class) addProp(public bool, attrs, typ, base, doc string) string {
	name := c.uniq(base)
	p := prop{attrs: attrs, typ: typ, name: name, doc: doc}
	if public {
		c.pub = append(c.pub, p)
	} else {
		c.priv = append(c.priv, p)
	}
	return name
}

// addIvar declares an ivar and returns its name.
func (c *class) addIvar(typ, base string) string {
	name := c.uniq("_" + base)
	sep := " "
	if strings.HasSuffix(typ, "*") {
		sep = ""
	}
	c.ivars = append(c.ivars, typ+sep+name+";")
	return name
}

func (c *class) mImport(s string) {
	for _, x := range c.mImports {
		if x == s {
			return
		}
	}
	c.mImports = append(c.mImports, s)
}

func (c *class) hImport(s string) {
	for _, x := range c.hImports {
		if x == s {
			return
		}
	}
	c.hImports = append(c.hImports, s)
}

func (c *class) forward(name string) {
	for _, x := range c.fwd {
		if x == name {
			return
		}
	}
	c.fwd = append(c.fwd, name)
}

// bug reports whether the module planned a bug of kind; the plan is used
// up, so that a kind with several sites gets one bug.
func (c *class) bug(kind string) bool {
	if c.mod == nil || !c.mod.plan[kind] {
		return false
	}
	delete(c.mod.plan, kind)
	return true
}

// pragma writes a #pragma mark section header when the section changes.
func (c *class) pragma(name string) {
	if c.mark == name {
		return
	}
	c.mark = name
	c.body.line("#pragma mark - " + name)
	c.body.line("")
}

// def writes a method definition. sig is its signature (template); body
// its statements (template, indented by four spaces). When doc is not
// empty the method is declared in the header with that documentation.
func (c *class) def(doc, sig, body string, kv ...string) {
	vars := append(c.vars[:len(c.vars):len(c.vars)], kv...)
	if doc == "" && c.autoDoc && c.r.chance(400) {
		doc = pick(c.r, fillerDocs)
	}
	if doc != "" {
		c.decls.add("/// "+doc, vars)
		c.decls.add(sig+";", vars)
		c.decls.line("")
	}
	c.body.add(sig+" {", vars)
	c.body.add(body, vars)
	c.body.line("}")
	c.body.line("")
}

// declare writes a method declaration into the header only.
func (c *class) declare(doc, sig string, kv ...string) {
	vars := append(c.vars[:len(c.vars):len(c.vars)], kv...)
	if doc != "" {
		c.decls.add("/// "+doc, vars)
	}
	c.decls.add(sig+";", vars)
	c.decls.line("")
}

// t writes a template into the implementation body.
func (c *class) t(text string, kv ...string) {
	c.body.add(text, append(c.vars[:len(c.vars):len(c.vars)], kv...))
}

// ht writes a template into the header, before the @interface.
func (c *class) ht(text string, kv ...string) {
	c.hTop.add(text, append(c.vars[:len(c.vars):len(c.vars)], kv...))
}

// st writes a template into the file scope of the implementation.
func (c *class) st(text string, kv ...string) {
	c.statics.add(text, append(c.vars[:len(c.vars):len(c.vars)], kv...))
}

// dealloc adds a statement to -dealloc.
func (c *class) dealloc(stmt string) { c.deallocs = append(c.deallocs, tmpl(stmt).Replace(c)) }

// implLines estimates the implementation file's line count so far.
func (c *class) implLines() int {
	return c.body.lines + c.statics.lines + len(c.priv) + len(c.ivars) + len(c.mImports) + len(c.deallocs) + 20
}

// room reports whether the implementation file can take about n more lines.
func (c *class) room(n int) bool { return c.implLines()+n <= c.target }

func (c *class) copyright(s *src, file string) {
	s.line("//")
	s.line("//  " + file)
	s.line("//  " + appName)
	s.line("//")
	s.line(fmt.Sprintf("//  Copyright © %d Harbor Labs. All rights reserved.", c.g.year+c.r.intn(9)))
	s.line("//")
	s.line("")
}

// finish writes the header and the implementation file.
func (c *class) finish() {
	h := c.header()
	for h.lines < c.minHeader {
		c.padHeader()
		h = c.header()
	}
	c.g.emit(c.dir+"/"+c.name+".h", h)
	c.g.emit(c.dir+"/"+c.name+c.ext, c.impl())
}

// padHeader adds documented public declarations to a header that would
// be too short: notification names (defined in the .m), option sets or
// completion typedefs with a property of that type.
func (c *class) padHeader() {
	n := pick(c.r, nouns)
	v := pick(c.r, verbs)
	c.hImport(`#import "HBMacros.h"`)
	switch c.r.intn(3) {
	case 0:
		name := c.uniq(c.ident + upperFirst(v) + n + "Notification")
		key := c.uniq(c.ident + n + "Key")
		c.ht(`
/**
 * Posted on the main queue after the {{v}} of a {{n}} finishes.
 *
 * The notification's object is the {{Class}} that did the work. The user
 * info dictionary holds the affected identifiers under {{key}}.
 */
{{P}}_EXTERN NSString * const {{name}};

/// The user info key of {{name}}: an NSArray of NSString identifiers.
{{P}}_EXTERN NSString * const {{key}};

`, "v", v, "n", strings.ToLower(n), "name", name, "key", key)
		c.st(`
NSString * const {{name}} = @"{{name}}";
NSString * const {{key}} = @"{{key}}";
`, "name", name, "key", key)
	case 1:
		name := c.uniq(c.ident + n + "Options")
		var b strings.Builder
		for k, o := range pickN(c.r, []string{"Animated", "Cached", "Silent", "Forced", "Background", "Deferred", "Partial", "Verbose"}, c.r.between(3, 6)) {
			b.WriteString("    " + name + o + " = 1 << " + itoa(k) + ",\n")
		}
		c.ht(`
/**
 * How a {{n}} {{v}} runs. Combine with |; the default, {{name}}None,
 * runs it in the foreground without animation.
 */
typedef NS_OPTIONS(NSUInteger, {{name}}) {
    {{name}}None = 0,
{{opts}}};

`, "v", v, "n", strings.ToLower(n), "name", name, "opts", b.String())
	default:
		name := c.uniq(c.ident + n + upperFirst(v) + "Handler")
		pname := c.uniq(lowerFirst(n) + upperFirst(v) + "Handler")
		c.ht(`
/**
 * Called on the main queue when a {{n}} {{v}} ends.
 *
 * @param finished NO when the {{v}} was cancelled.
 * @param error Why the {{v}} failed, or nil.
 */
typedef void (^{{name}})(BOOL finished, NSError * _Nullable error);

`, "v", v, "n", strings.ToLower(n), "name", name)
		c.pub = append(c.pub, prop{attrs: "nonatomic, copy, nullable", typ: name, name: pname, doc: "Called when a " + strings.ToLower(n) + " " + v + " ends."})
	}
}

func (c *class) header() *src {
	s := &src{}
	c.copyright(s, c.name+".h")
	for _, imp := range c.hImports {
		s.line(imp)
	}
	s.line("")
	s.line("NS_ASSUME_NONNULL_BEGIN")
	s.line("")
	if len(c.fwd) > 0 {
		s.line("@class " + strings.Join(c.fwd, ", ") + ";")
		s.line("")
	}
	s.append(&c.hTop)
	for _, d := range c.doc {
		s.line(d)
	}
	head := "@interface " + c.name + " : " + c.sup
	if c.category != "" {
		head = "@interface " + c.sup + " (" + c.category + ")"
	}
	if len(c.adopts) > 0 {
		head += " <" + strings.Join(c.adopts, ", ") + ">"
	}
	s.line(head)
	s.line("")
	for _, p := range c.pub {
		if p.doc != "" {
			s.line("/// " + p.doc)
		}
		s.add(p.decl(), c.vars)
	}
	if len(c.pub) > 0 {
		s.line("")
	}
	s.append(&c.decls)
	s.line("@end")
	s.line("")
	s.line("NS_ASSUME_NONNULL_END")
	return s
}

func (c *class) impl() *src {
	s := &src{}
	c.copyright(s, c.name+c.ext)
	s.line(`#import "` + c.name + `.h"`)
	for _, imp := range c.mImports {
		s.line(imp)
	}
	s.line("")
	if c.statics.lines > 0 {
		s.append(&c.statics)
		s.line("")
	}
	ext := len(c.priv) > 0 || len(c.extAdopts) > 0 || (len(c.ivars) > 0 && !c.implIvars)
	if ext && c.category != "" {
		panic("gencorpus: category " + c.name + " with a class extension")
	}
	if ext {
		head := "@interface " + c.name + " ()"
		if len(c.extAdopts) > 0 {
			head += " <" + strings.Join(c.extAdopts, ", ") + ">"
		}
		if len(c.ivars) > 0 && !c.implIvars {
			s.line(head + " {")
			for _, iv := range c.ivars {
				s.line("    " + iv)
			}
			s.line("}")
		} else {
			s.line(head)
		}
		s.line("")
		for _, p := range c.priv {
			s.add(p.decl(), c.vars)
		}
		s.line("")
		s.line("@end")
		s.line("")
	}
	if c.category != "" {
		s.line("@implementation " + c.sup + " (" + c.category + ")")
	} else if len(c.ivars) > 0 && c.implIvars {
		s.line("@implementation " + c.name + " {")
		for _, iv := range c.ivars {
			s.line("    " + iv)
		}
		s.line("}")
	} else {
		s.line("@implementation " + c.name)
	}
	s.line("")
	s.append(&c.body)
	if len(c.deallocs) > 0 {
		s.line("- (void)dealloc {")
		for _, d := range c.deallocs {
			s.line("    " + d)
		}
		s.line("}")
		s.line("")
	}
	s.line("@end")
	return s
}
