// Package model is SEMANTICS.md as code: the facts about the Objective-C
// runtime, CoreFoundation and Foundation that objcleak's rules rely on,
// written as pure, table-driven Go with no parsing and no I/O.
//
// Rules ask the model; they never re-derive a fact. The package covers:
//
//   - ownership (SEMANTICS §1, §2): [Memory], [Ownership], how a property,
//     an ivar, a local variable or a block capture owns what it points to
//     ([PropertyOwnership], [IvarOwnership], [LocalOwnership],
//     [CaptureOwnership]), how the declarations of one property combine
//     ([EffectiveProperty]) and which ivar backs it ([SynthesizedIvar]);
//   - ivar layouts (SEMANTICS §1 "Ivar layout"): what the runtime's
//     class_getIvarLayout and class_getWeakIvarLayout return for a class,
//     computed from its declarations the way clang emits them
//     ([ComputeLayout], [FormatLayout], [LayoutSlots]);
//   - value kinds (SEMANTICS §6): whether an NSString or NSNumber value is
//     a constant, a tagged pointer or a heap object, with a human reason
//     ([TaggedString], [ClassifyStringCreation], [ClassifyNumberLiteral],
//     [ClassifyNumberCreation]).
//
// The package imports objcparse only for its fact types (Type, Property,
// Synthesize). Every function accepts any input, including nil and empty
// values, without panicking.
package model
