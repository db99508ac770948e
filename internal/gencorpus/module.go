package gencorpus

import (
	"strings"
)

// A module is one feature of the app: models, a service, an API client, a
// store, views and screens, in subdirectories of Harbor/<Module>.
type module struct {
	name     string
	dir      string
	entities []string // model class names, root first
	root     *modelInfo
	service  string // class names, "" when not generated
	api      string
	store    string
	cell     *cellInfo
	header   string          // header view class
	detail   string          // detail view controller class
	plan     map[string]bool // bug kinds to inject (see class.bug)
	// strongServiceDelegate is set when the service's delegate is strong:
	// the list screen that sets itself as the delegate forms a cycle.
	strongServiceDelegate bool
}

type modelInfo struct {
	name   string
	kind   string // its NS_ENUM type
	fields []*field
}

type cellInfo struct {
	name, protocol, model string
	didTap, didToggle     string // delegate selectors
}

func (g *gen) module(i int) {
	name := moduleNames[i%len(moduleNames)]
	if i >= len(moduleNames) {
		name += itoa(i/len(moduleNames) + 1)
	}
	m := &module{name: name, dir: appName + "/" + name, plan: map[string]bool{}}
	for _, k := range bugKinds {
		if g.r.chance(bugRate) || i == 0 {
			m.plan[k] = true
		}
	}
	for _, e := range pickN(g.r, entityNames, g.r.between(2, 3)) {
		m.entities = append(m.entities, prefix+name+e)
	}
	for k, e := range m.entities {
		if g.full() {
			return
		}
		g.model(m, k, e)
	}
	steps := []func(*module){g.utilities, g.service, g.apiClient}
	if g.r.chance(600) {
		steps = append(steps, g.store)
	}
	steps = append(steps, g.cell)
	if g.r.chance(700) {
		steps = append(steps, g.headerView)
	}
	steps = append(steps, g.detailController, g.listController)
	if g.r.chance(400) {
		steps = append(steps, g.settingsController)
	}
	steps = append(steps, g.category)
	if g.r.chance(500) {
		steps = append(steps, g.layoutEngine)
	}
	for _, step := range steps {
		if g.full() {
			return
		}
		step(m)
	}
}

// selfRef is one way of referring to self weakly from blocks: the
// statement before the blocks, the first statements of each block, and
// the name the block uses for self.
type selfRef struct {
	outer, inner, me string
}

func (c *class) weakSelf() selfRef {
	switch c.r.intn(10) {
	case 0, 1, 2, 3:
		return selfRef{"__weak typeof(self) weakSelf = self;", "__strong typeof(weakSelf) strongSelf = weakSelf;\n        if (!strongSelf) {\n            return;\n        }", "strongSelf"}
	case 4, 5:
		return selfRef{"@weakify(self);", "@strongify(self);", "self"}
	case 6:
		return selfRef{"HB_WEAKIFY(self);", "HB_STRONGIFY(self);", "self"}
	case 7:
		return selfRef{"__weak __typeof__(self) wself = self;", "", "wself"}
	case 8:
		return selfRef{"__weak " + c.name + " *weakSelf = self;", "", "weakSelf"}
	default:
		return selfRef{"__weak typeof(self) weakSelf = self;", "typeof(self) strongSelf = weakSelf;\n        if (strongSelf == nil) return;", "strongSelf"}
	}
}

// field is a model property with its JSON and NSCoding code.
type field struct {
	name, typ, attrs string
	key              string // JSON key
	parse            string // expression from `dictionary`, with %K for the key
	encode, decode   string // statements/expressions with %N for the ivar or name
	object           bool
	readonly         bool
}

func snake(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'A' && ch <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			ch += 'a' - 'A'
		}
		b.WriteByte(ch)
	}
	return b.String()
}

func (c *class) objectAttrs(typ string) string {
	copyable := strings.HasPrefix(typ, "NSString") || strings.HasPrefix(typ, "NSArray") || strings.HasPrefix(typ, "NSDictionary")
	if copyable {
		return pick(c.r, []string{"nonatomic, copy", "nonatomic, copy", "nonatomic, copy, nullable", "copy", "atomic, copy", "nonatomic, copy, readonly", "nonatomic, readwrite, copy", "nonatomic, strong"})
	}
	return pick(c.r, []string{"nonatomic, strong", "nonatomic, strong", "nonatomic, strong, nullable", "strong", "nonatomic, retain", "atomic, strong, nullable", "nonatomic, readonly, strong", "nonatomic"})
}

func (c *class) makeField(name, typ string) *field {
	f := &field{name: name, typ: typ, key: snake(name)}
	base := strings.TrimSuffix(strings.Fields(typ)[0], "<")
	if i := strings.IndexByte(base, '<'); i >= 0 {
		base = base[:i]
	}
	switch {
	case strings.HasSuffix(typ, "*"):
		f.object = true
		f.attrs = c.objectAttrs(typ)
		f.encode = "[coder encodeObject:%N forKey:@\"" + name + "\"];"
		switch base {
		case "NSString":
			f.parse = "HBStringValue(dictionary[@\"%K\"])"
			f.decode = "[coder decodeObjectOfClass:[NSString class] forKey:@\"" + name + "\"]"
		case "NSURL":
			f.parse = "HBURLValue(dictionary[@\"%K\"])"
			f.decode = "[coder decodeObjectOfClass:[NSURL class] forKey:@\"" + name + "\"]"
		case "NSDate":
			f.parse = "[NSDate dateWithTimeIntervalSince1970:HBIntegerValue(dictionary[@\"%K\"], 0)]"
			f.decode = "[coder decodeObjectOfClass:[NSDate class] forKey:@\"" + name + "\"]"
		case "NSNumber":
			f.parse = "([dictionary[@\"%K\"] isKindOfClass:[NSNumber class]] ? dictionary[@\"%K\"] : nil)"
			f.decode = "[coder decodeObjectOfClass:[NSNumber class] forKey:@\"" + name + "\"]"
		case "NSArray":
			f.parse = "([dictionary[@\"%K\"] isKindOfClass:[NSArray class]] ? dictionary[@\"%K\"] : @[])"
			f.decode = "[coder decodeObjectOfClasses:[NSSet setWithObjects:[NSArray class], [NSString class], [NSURL class], nil] forKey:@\"" + name + "\"]"
		default:
			f.parse = "([dictionary[@\"%K\"] isKindOfClass:[NSDictionary class]] ? dictionary[@\"%K\"] : @{})"
			f.decode = "[coder decodeObjectOfClasses:[NSSet setWithObjects:[NSDictionary class], [NSString class], [NSNumber class], nil] forKey:@\"" + name + "\"]"
		}
	case typ == "BOOL":
		f.attrs = pick(c.r, []string{"nonatomic, assign, getter=is" + upperFirst(name), "nonatomic, getter=is" + upperFirst(name), "nonatomic, assign", "nonatomic"})
		f.parse = "[dictionary[@\"%K\"] boolValue]"
		f.encode = "[coder encodeBool:%N forKey:@\"" + name + "\"];"
		f.decode = "[coder decodeBoolForKey:@\"" + name + "\"]"
	default:
		f.attrs = pick(c.r, []string{"nonatomic, assign", "nonatomic, assign", "nonatomic", "assign", "nonatomic, readonly", "atomic, assign", "atomic"})
		switch typ {
		case "NSInteger", "NSUInteger", "int32_t":
			f.parse = "(" + typ + ")HBIntegerValue(dictionary[@\"%K\"], 0)"
			f.encode = "[coder encodeInteger:(NSInteger)%N forKey:@\"" + name + "\"];"
			f.decode = "(" + typ + ")[coder decodeIntegerForKey:@\"" + name + "\"]"
		case "uint64_t":
			f.parse = "(uint64_t)[dictionary[@\"%K\"] unsignedLongLongValue]"
			f.encode = "[coder encodeInt64:(int64_t)%N forKey:@\"" + name + "\"];"
			f.decode = "(uint64_t)[coder decodeInt64ForKey:@\"" + name + "\"]"
		case "CGSize":
			f.parse = "CGSizeMake([dictionary[@\"%K_width\"] doubleValue], [dictionary[@\"%K_height\"] doubleValue])"
			f.encode = "[coder encodeCGSize:%N forKey:@\"" + name + "\"];"
			f.decode = "[coder decodeCGSizeForKey:@\"" + name + "\"]"
		case "CGPoint":
			f.parse = "CGPointMake([dictionary[@\"%K_x\"] doubleValue], [dictionary[@\"%K_y\"] doubleValue])"
			f.encode = "[coder encodeCGPoint:%N forKey:@\"" + name + "\"];"
			f.decode = "[coder decodeCGPointForKey:@\"" + name + "\"]"
		default:
			f.parse = "[dictionary[@\"%K\"] doubleValue]"
			f.encode = "[coder encodeDouble:%N forKey:@\"" + name + "\"];"
			f.decode = "[coder decodeDoubleForKey:@\"" + name + "\"]"
		}
	}
	f.readonly = strings.Contains(f.attrs, "readonly")
	return f
}

func subst(s, name, key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "%N", name), "%K", key)
}

// model writes a model class: NS_ENUM, properties with every attribute
// mix, JSON, NSSecureCoding, NSCopying, equality. The root model of the
// module owns an array of the next model, which points back weakly.
func (g *gen) model(m *module, k int, name string) {
	sup := "NSObject"
	if k > 0 && g.r.chance(250) {
		sup = m.entities[0]
	}
	c := g.newClass(m, m.dir+"/Models", name, sup)
	mi := &modelInfo{name: name, kind: name + "Kind"}
	c.set("Kind", mi.kind)
	if sup == "NSObject" {
		c.hImports = []string{"#import <Foundation/Foundation.h>", "#import <CoreGraphics/CoreGraphics.h>", `#import "HBMacros.h"`}
		c.adopts = []string{"NSCopying", "NSSecureCoding"}
	} else {
		c.hImports = []string{`#import "` + sup + `.h"`}
	}
	c.mImports = []string{"#import <UIKit/UIKit.h>"}
	c.doc = []string{"/**", " * A " + strings.ToLower(strings.TrimPrefix(name, prefix+m.name)) + " as the server sends it. Immutable once parsed, except", " * for the local state flags.", " */"}
	kinds := pickN(g.r, []string{"Unknown", "Default", "Featured", "Archived", "Draft", "Shared", "Private", "Promoted", "System"}, g.r.between(3, 6))
	var b strings.Builder
	for j, kd := range kinds {
		if j == 0 {
			b.WriteString("    " + mi.kind + kd + " = 0,\n")
		} else {
			b.WriteString("    " + mi.kind + kd + ",\n")
		}
	}
	c.ht(`
/// What a {{Class}} is used for.
typedef NS_ENUM(NSInteger, {{Kind}}) {
{{cases}}};

`, "cases", b.String())
	// Fields.
	for _, of := range pickN(g.r, objectFields, g.r.between(4, 9)) {
		mi.fields = append(mi.fields, c.makeField(of[0], of[1]))
	}
	for _, sf := range pickN(g.r, scalarFields, g.r.between(2, 4)) {
		mi.fields = append(mi.fields, c.makeField(sf[0], sf[1]))
	}
	for _, bf := range pickN(g.r, boolFields, g.r.between(1, 2)) {
		mi.fields = append(mi.fields, c.makeField(bf, "BOOL"))
	}
	if sup != "NSObject" {
		// Fields of a subclass get a prefix: the superclass may have them.
		for _, f := range mi.fields {
			f.name = lowerFirst(strings.TrimPrefix(name, prefix+m.name)) + upperFirst(f.name)
			f.key = snake(f.name)
			if f.typ == "BOOL" && strings.Contains(f.attrs, "getter") {
				f.attrs = "nonatomic, assign"
			}
		}
	}
	for _, f := range mi.fields {
		c.names[f.name] = true
		c.pub = append(c.pub, prop{attrs: f.attrs, typ: f.typ, name: f.name, doc: pick(g.r, []string{"", "", "From the server; nil when not sent.", "Local only; not sent back."})})
		if f.readonly {
			c.priv = append(c.priv, prop{attrs: strings.Replace(f.attrs, "readonly", "readwrite", 1), typ: f.typ, name: f.name})
		}
	}
	c.addProp(true, "nonatomic, assign", mi.kind, "kind", "")
	c.addProp(true, "nonatomic, unsafe_unretained, nullable", "id", "context", "Opaque; owned by whoever set it.")
	// Relationships: the root owns the next model; the next one points back.
	if k == 0 && len(m.entities) > 1 {
		child := m.entities[1]
		c.forward(child)
		c.addProp(true, "nonatomic, copy", "NSArray<"+child+" *> *", "children", "The "+strings.ToLower(strings.TrimPrefix(child, prefix+m.name))+"s of this one, in display order.")
		m.root = mi
	}
	if k == 1 && sup == "NSObject" {
		root := m.entities[0]
		c.forward(root)
		if c.bug("model.owner") {
			c.pub = append(c.pub, prop{attrs: "nonatomic, strong, nullable", typ: root + " *", name: "owner", doc: "The " + strings.ToLower(strings.TrimPrefix(root, prefix+m.name)) + " this belongs to.", bug: "retaincycle"})
		} else {
			c.pub = append(c.pub, prop{attrs: pick(g.r, []string{"nonatomic, weak, nullable", "weak, nullable", "nonatomic, weak"}), typ: root + " *", name: "owner", doc: "The " + strings.ToLower(strings.TrimPrefix(root, prefix+m.name)) + " this belongs to."})
		}
		c.names["owner"] = true
	}

	// Methods.
	c.pragma("Lifecycle")
	var init, dict, enc, dec, copyb, eq, hash, desc strings.Builder
	for _, f := range mi.fields {
		iv := "_" + f.name
		init.WriteString("        " + iv + " = " + subst(f.parse, iv, f.key) + ";\n")
		if f.object {
			dict.WriteString("    if (" + iv + ") {\n        dictionary[@\"" + f.key + "\"] = " + iv + ";\n    }\n")
		} else if f.typ == "CGSize" || f.typ == "CGPoint" {
			dict.WriteString("    dictionary[@\"" + f.key + "\"] = [NSValue value" + "With" + strings.TrimPrefix(f.typ, "CG") + ":" + iv + "];\n")
		} else {
			dict.WriteString("    dictionary[@\"" + f.key + "\"] = @(" + iv + ");\n")
		}
		enc.WriteString("    " + subst(f.encode, iv, "") + "\n")
		dec.WriteString("        " + iv + " = " + f.decode + ";\n")
		if f.object {
			copyb.WriteString("    copy->" + iv + " = [" + iv + " copyWithZone:zone];\n")
		} else {
			copyb.WriteString("    copy->" + iv + " = " + iv + ";\n")
		}
	}
	id := "_" + mi.fields[0].name
	for _, f := range mi.fields[:min(3, len(mi.fields))] {
		iv := "_" + f.name
		if f.object {
			eq.WriteString("        && ((" + iv + " == other->" + iv + ") || [" + iv + " isEqual:other->" + iv + "])\n")
			hash.WriteString(" ^ [" + iv + " hash]")
		} else if f.typ == "CGSize" {
			eq.WriteString("        && CGSizeEqualToSize(" + iv + ", other->" + iv + ")\n")
		} else if f.typ == "CGPoint" {
			eq.WriteString("        && CGPointEqualToPoint(" + iv + ", other->" + iv + ")\n")
		} else {
			eq.WriteString("        && " + iv + " == other->" + iv + "\n")
			hash.WriteString(" ^ (NSUInteger)" + iv)
		}
		desc.WriteString(" " + f.name + "=%@")
	}
	if sup == "NSObject" {
		c.declare("", "- (instancetype)init NS_UNAVAILABLE")
		c.declare("", "+ (instancetype)new NS_UNAVAILABLE")
		c.def("Parses a JSON object; missing fields keep their defaults.", "- (instancetype)initWithDictionary:(NSDictionary<NSString *, id> *)dictionary", `
    self = [super init];
    if (self) {
{{init}}        _kind = ({{Kind}})HBIntegerValue(dictionary[@"kind"], 0);
    }
    return self;`, "init", init.String())
	} else {
		c.def("", "- (instancetype)initWithDictionary:(NSDictionary<NSString *, id> *)dictionary", `
    self = [super initWithDictionary:dictionary];
    if (self) {
{{init}}    }
    return self;`, "init", init.String())
	}
	if sup == "NSObject" {
		c.pub = append(c.pub, prop{attrs: "class, nonatomic, copy, readonly", typ: "NSString *", name: "entityName", doc: "The name of the entity in the API."})
		c.names["entityName"] = true
	}
	c.def("", "+ (NSString *)entityName", `
    return @"{{key}}";`, "key", snake(strings.TrimPrefix(name, prefix)))
	c.pragma("Serialization")
	superDict := "[NSMutableDictionary dictionary]"
	if sup != "NSObject" {
		superDict = "[[super dictionaryRepresentation] mutableCopy]"
	}
	c.def("The JSON object for this model.", "- (NSDictionary<NSString *, id> *)dictionaryRepresentation", `
    NSMutableDictionary<NSString *, id> *dictionary = {{sd}};
{{dict}}    dictionary[@"kind"] = @(_kind);
    return [dictionary copy];`, "sd", superDict, "dict", dict.String())
	c.pragma("NSSecureCoding")
	if sup == "NSObject" {
		c.def("", "+ (BOOL)supportsSecureCoding", `
    return YES;`)
		c.def("", "- (void)encodeWithCoder:(NSCoder *)coder", `
{{enc}}    [coder encodeInteger:_kind forKey:@"kind"];`, "enc", enc.String())
		c.def("", "- (nullable instancetype)initWithCoder:(NSCoder *)coder", `
    self = [super init];
    if (self) {
{{dec}}        _kind = ({{Kind}})[coder decodeIntegerForKey:@"kind"];
    }
    return self;`, "dec", dec.String())
		c.pragma("NSCopying")
		c.def("", "- (id)copyWithZone:(nullable NSZone *)zone", `
    {{Class}} *copy = [[[self class] allocWithZone:zone] initWithDictionary:@{}];
{{copy}}    copy->_kind = _kind;
    return copy;`, "copy", copyb.String())
	} else {
		c.def("", "- (void)encodeWithCoder:(NSCoder *)coder", `
    [super encodeWithCoder:coder];
{{enc}}`, "enc", strings.TrimSuffix(enc.String(), "\n"))
		c.def("", "- (nullable instancetype)initWithCoder:(NSCoder *)coder", `
    self = [super initWithCoder:coder];
    if (self) {
{{dec}}    }
    return self;`, "dec", dec.String())
	}
	c.pragma("Equality")
	c.def("", "- (BOOL)isEqual:(id)object", `
    if (self == object) {
        return YES;
    }
    if (![object isKindOfClass:[{{Class}} class]]) {
        return NO;
    }
    {{Class}} *other = object;
    return _kind == other->_kind
{{eq}}        ;`, "eq", eq.String())
	c.def("", "- (NSUInteger)hash", `
    return (NSUInteger)_kind{{hash}};`, "hash", hash.String())
	c.def("", "- (NSString *)description", `
    return [NSString stringWithFormat:@"<%@: %p{{desc}}>", NSStringFromClass([self class]), self, {{args}}];`,
		"desc", desc.String(), "args", descArgs(mi.fields[:min(3, len(mi.fields))]))
	c.pragma("Display")
	c.def("The text shown in lists.", "- (NSString *)displayTitle", `
    NSString *value = [{{id}} description];
    if (value.length == 0) {
        return NSLocalizedString(@"Untitled", nil);
    }
    return value.length > 40 ? [[value substringToIndex:39] stringByAppendingString:@"…"] : value;`, "id", id)
	c.def("Whether the model matches a search query.", "- (BOOL)matchesQuery:(NSString *)query", `
    if (query.length == 0) {
        return YES;
    }
    return [[self displayTitle] localizedCaseInsensitiveContainsString:query];`)
	c.fill()
	c.finish()
	if k == 0 {
		m.root = mi
	}
}

func descArgs(fs []*field) string {
	var out []string
	for _, f := range fs {
		if f.object {
			out = append(out, "_"+f.name)
		} else if f.typ == "CGSize" {
			out = append(out, "NSStringFromCGSize(_"+f.name+")")
		} else if f.typ == "CGPoint" {
			out = append(out, "NSStringFromCGPoint(_"+f.name+")")
		} else if f.typ == "BOOL" {
			out = append(out, "_"+f.name+" ? @\"YES\" : @\"NO\"")
		} else {
			out = append(out, "@(_"+f.name+")")
		}
	}
	return strings.Join(out, ", ")
}

// lineOf returns the 1-based line of the first line of data containing s, or 0.
func lineOf(data []byte, s string) int {
	i := strings.Index(string(data), s)
	if i < 0 {
		return 0
	}
	return strings.Count(string(data[:i]), "\n") + 1
}
