package model

import (
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// SEMANTICS §6: which kind of object (constant, tagged, heap) an expression
// stores, decided from its syntax with the string and number rules of
// strings.go and numbers.go.

// ValueEnv lets ClassifyValue see what a variable holds. Both fields may be nil.
type ValueEnv struct {
	// Value returns the single value a local variable holds (its
	// initializer when it is never reassigned), or nil.
	Value func(name string) *objcparse.Expr
	// TypeOf returns the declared type of a variable, for boxed
	// expressions such as @(i).
	TypeOf func(name string) (objcparse.Type, bool)
}

// NilValue is the class of a nil value: the setter's retain of nil and a
// later release of it do nothing.
var NilValue = ValueClass{KindConstant, "nil, which retain and release ignore"}

// maxValueDepth bounds how many variables ClassifyValue follows.
const maxValueDepth = 4

// ClassifyValue classifies the object that e evaluates to (SEMANTICS §6):
//
//   - nil: like a constant (NilValue);
//   - @"…": constant; @(…) and @42: ClassifyNumberLiteral, or
//     BoxedScalar for a variable of known type;
//   - NSString and NSMutableString creations with a literal first
//     argument: ClassifyStringCreation; NSNumber factories and
//     initializers: ClassifyNumberCreation;
//   - [[C alloc] init…], [C new] and non-empty collection literals of
//     other classes: a new heap object;
//   - c ? a : b: the most dangerous of both (heap, unknown, tagged, constant);
//   - a local variable: what it holds, when env knows a single value;
//   - anything else: unknown (callers must treat unknown as heap).
func ClassifyValue(e *objcparse.Expr, env ValueEnv) ValueClass {
	return classifyValue(e, env, 0)
}

func classifyValue(e *objcparse.Expr, env ValueEnv, depth int) ValueClass {
	e = e.Unparen()
	if e == nil {
		return ValueClass{KindUnknown, "the value could not be read"}
	}
	if IsNil(e) {
		return NilValue
	}
	switch e.Kind {
	case objcparse.ExprString:
		if !e.CString {
			return ClassifyStringLiteral()
		}
	case objcparse.ExprBoxed:
		return classifyBoxed(e, env)
	case objcparse.ExprMessage:
		return classifyMessage(e, env)
	case objcparse.ExprArray, objcparse.ExprDict:
		if e.NumArgs() == 0 {
			return ValueClass{KindUnknown, "an empty collection literal may be a shared singleton"}
		}
		return ValueClass{KindHeap, "a collection literal creates a new heap object"}
	case objcparse.ExprCond:
		if e.NumArgs() == 3 {
			return worst(classifyValue(e.Arg(1), env, depth), classifyValue(e.Arg(2), env, depth))
		}
		if e.NumArgs() == 2 { // a ?: b
			return worst(classifyValue(e.Arg(0), env, depth), classifyValue(e.Arg(1), env, depth))
		}
	case objcparse.ExprIdent:
		if e.Name == "self" {
			return ValueClass{KindHeap, "self is a heap object"}
		}
		if env.Value != nil && depth < maxValueDepth {
			if v := env.Value(e.Name); v != nil {
				return classifyValue(v, env, depth+1)
			}
		}
		return ValueClass{KindUnknown, "the value of " + e.Name + " is not known"}
	}
	return ValueClass{KindUnknown, "objcleak does not classify " + shorten(objcparse.RenderExpr(e))}
}

// shorten cuts a rendered expression for use in a reason.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// severityOrder ranks kinds by how dangerous a concurrent write of them is.
var severityOrder = map[ValueKind]int{KindConstant: 0, KindTagged: 1, KindUnknown: 2, KindHeap: 3}

// worst returns the more dangerous of a and b.
func worst(a, b ValueClass) ValueClass {
	if severityOrder[b.Kind] > severityOrder[a.Kind] {
		return b
	}
	return a
}

// classifyBoxed classifies @42, @YES and @(expr).
func classifyBoxed(e *objcparse.Expr, env ValueEnv) ValueClass {
	if e.X() == nil {
		return ClassifyNumberLiteral(e.Name)
	}
	x := e.X()
	if x.Kind == objcparse.ExprCast && x.X() != nil {
		if v, ok := BoxedScalar(x.Name); ok {
			return v
		}
	}
	x = x.Unparen()
	if t := literalText(x); t != "" {
		return ClassifyNumberLiteral(t)
	}
	switch x.Kind {
	case objcparse.ExprString:
		// @("abc") boxes a C string: a run-time copy of its characters.
		return ClassifyRuntimeString(x.Name)
	case objcparse.ExprIdent:
		if env.TypeOf != nil {
			if t, ok := env.TypeOf(x.Name); ok {
				if v, ok := BoxedScalar(t.Name); ok {
					return v
				}
			}
		}
	}
	return ValueClass{KindUnknown, "the boxed value " + shorten(objcparse.RenderExpr(x)) + " is not a literal"}
}

// scalarWidth maps C scalar type names to the NSNumber rule for them.
var scalarWidth = map[string]numberParam{
	"char": param32, "signed char": param32, "unsigned char": param32,
	"short": param32, "unsigned short": param32, "int": param32, "unsigned": param32,
	"unsigned int": param32, "int8_t": param32, "uint8_t": param32, "int16_t": param32,
	"uint16_t": param32, "int32_t": param32, "uint32_t": param32, "UInt8": param32,
	"UInt16": param32, "UInt32": param32, "SInt32": param32, "unichar": param32,
	"long": paramInt64, "long long": paramInt64, "NSInteger": paramInt64, "int64_t": paramInt64,
	"intptr_t": paramInt64, "ssize_t": paramInt64,
	"unsigned long": paramUint64, "unsigned long long": paramUint64, "NSUInteger": paramUint64,
	"uint64_t": paramUint64, "size_t": paramUint64, "uintptr_t": paramUint64,
	"float": paramFloat, "double": paramFloat, "CGFloat": paramFloat, "NSTimeInterval": paramFloat,
	"BOOL": paramBool, "bool": paramBool, "_Bool": paramBool,
}

// BoxedScalar classifies @(x) for a variable x of the C type typeName
// (SEMANTICS §6 NSNumber rule): types of at most 32 bits always fit the
// tagged payload; 64-bit integers depend on the value (unknown); floating
// point is a heap object (floatNumberReason); BOOL boxes to the constants
// kCFBooleanTrue/kCFBooleanFalse. ok is false for other types.
func BoxedScalar(typeName string) (ValueClass, bool) {
	typeName = strings.Join(strings.Fields(strings.TrimPrefix(strings.TrimSpace(typeName), "const ")), " ")
	p, ok := scalarWidth[typeName]
	if !ok {
		return ValueClass{}, false
	}
	switch p {
	case param32:
		return ValueClass{KindTagged, typeName + " has at most 32 bits, which always fit in a tagged NSNumber"}, true
	case paramFloat:
		return ValueClass{KindHeap, floatNumberReason}, true
	case paramBool:
		return ValueClass{KindConstant, "a boxed " + typeName + " is the constant kCFBooleanTrue or kCFBooleanFalse"}, true
	}
	return ValueClass{KindUnknown, "a 64-bit " + typeName + " is tagged only when it fits in 56 bits, which depends on the value"}, true
}

// classifyMessage classifies NSString, NSNumber and object creations.
func classifyMessage(e *objcparse.Expr, env ValueEnv) ValueClass {
	recv := e.X().Unparen()
	class := ""
	switch {
	case recv == nil:
	case recv.Kind == objcparse.ExprIdent:
		class = recv.Name
	case recv.Kind == objcparse.ExprMessage && recv.Name == "alloc" && recv.X().Unparen() != nil && recv.X().Unparen().Kind == objcparse.ExprIdent:
		class = recv.X().Unparen().Name
	case recv.Kind == objcparse.ExprString && !recv.CString:
		// [@"…" copy], [@"…" mutableCopy].
		if e.Name == "copy" || e.Name == "mutableCopy" {
			return ClassifyStringCreation("NSString", e.Name, recv.Name, 0)
		}
	}
	var first *objcparse.Expr
	if e.NumArgs() > 0 {
		first = e.Arg(0).Unparen()
	}
	switch class {
	case "NSString", "NSMutableString":
		if class == "NSMutableString" {
			return ClassifyStringCreation(class, e.Name, "", 0)
		}
		if first != nil && first.Kind == objcparse.ExprString && !first.CString {
			return ClassifyStringCreation(class, e.Name, first.Name, e.NumArgs()-1)
		}
		if first != nil && first.Kind == objcparse.ExprString && first.CString && stringSelectors[e.Name] == creationContents {
			return ClassifyRuntimeString(first.Name)
		}
		return ValueClass{KindUnknown, "the string's contents are not known"}
	case "NSNumber":
		arg := literalText(first)
		if arg == "" && first != nil && first.Kind == objcparse.ExprIdent && env.TypeOf != nil {
			if p := numberSelectors[e.Name]; p == paramInt64 || p == paramUint64 {
				if t, ok := env.TypeOf(first.Name); ok && scalarWidth[t.Name] == param32 {
					return ValueClass{KindTagged, t.Name + " has at most 32 bits, which always fit in a tagged NSNumber"}
				}
			}
		}
		return ClassifyNumberCreation(e.Name, arg)
	}
	if class != "" && class[0] >= 'A' && class[0] <= 'Z' && (e.Name == "new" || IsInitSelector(e.Name) && recv.Kind == objcparse.ExprMessage) {
		return ValueClass{KindHeap, "a new " + class + " is a heap object"}
	}
	return ValueClass{KindUnknown, "objcleak does not classify the result of " + e.Name}
}
