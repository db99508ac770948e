package model

import "strings"

// SEMANTICS §2: the weak/strong dance and the libraries that spell it.

// WeakifyMacros are the macros that declare a weak alias of their argument
// (libextobjc/ReactiveObjC's @weakify declares `self_weak_`, @unsafeify an
// unretained one) and their common look-alikes.
var WeakifyMacros = map[string]bool{"weakify": true, "unsafeify": true, "WeakSelf": true, "WEAKSELF": true}

// StrongifyMacros are the macros that re-bind their argument strongly
// inside a block from the alias the weakify macro declared.
var StrongifyMacros = map[string]bool{"strongify": true, "StrongSelf": true, "STRONGSELF": true}

// MacroLookalike says whether a call of a project's own macro acts like
// @weakify or @strongify: projects define `FOO_WEAKIFY(self)` /
// `FOO_STRONGIFY(self)` (the parser sees plain calls), so a name containing
// "weakify" or "strongify" in any case is taken to be one, and so are
// the bare WEAK(var) / STRONG(var) pair (Stripe's and others': `__weak
// typeof(var) weak_##var = var;` and a strong local named var made from
// it).
func MacroLookalike(name string) (weakify, strongify bool) {
	switch name {
	case "WEAK":
		return true, false
	case "STRONG":
		return false, true
	}
	lower := strings.ToLower(name)
	return strings.Contains(lower, "weakify"), strings.Contains(lower, "strongify")
}

// weakSelfNames are the variable names that announce a weak alias of self.
var weakSelfNames = map[string]bool{
	"weakself": true, "wself": true, "weak_self": true, "weakthis": true, "ws": true, "welf": true,
}

// LooksLikeWeakSelf reports whether a variable's name announces a weak
// alias of self (weakSelf, wself, weak_self, …, in any case). A variable
// so named that is not declared weak captures self strongly.
func LooksLikeWeakSelf(name string) bool { return weakSelfNames[strings.ToLower(name)] }

// GenericProtocols are adopted by almost every class: `id<NSCopying>`
// says nothing about which object a reference holds.
var GenericProtocols = map[string]bool{
	"NSObject": true, "NSCopying": true, "NSMutableCopying": true, "NSCoding": true,
	"NSSecureCoding": true, "NSFastEnumeration": true,
}

// StrongCollections are the Foundation collections that hold their
// elements strongly (SEMANTICS §2: a block in a collection the owner holds
// is owned); the element type comes from the lightweight generic (the last
// type argument for dictionaries: the values).
var StrongCollections = map[string]bool{
	"NSArray": true, "NSMutableArray": true, "NSSet": true, "NSMutableSet": true,
	"NSOrderedSet": true, "NSMutableOrderedSet": true, "NSDictionary": true,
	"NSMutableDictionary": true, "NSCache": true,
}

// SEMANTICS §1 "Ivar layout": what a class outside the project
// contributes to its subclasses' layout.

// IsaOnlyRoots are the root classes whose instances hold only `isa`, so
// a direct subclass's ivars start at one word.
var IsaOnlyRoots = map[string]bool{"NSObject": true, "NSProxy": true}

// NSObjectProtocolProperties are the properties of the NSObject protocol,
// which every class deriving from a root outside the project adopts: a
// redeclaration in a project class is not synthesized.
var NSObjectProtocolProperties = map[string]bool{"hash": true, "superclass": true, "description": true, "debugDescription": true}
