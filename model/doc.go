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
//     [ClassifyNumberCreation], [ClassifyValue]);
//   - API knowledge tables: URL sessions and managers (§5: [SessionCreated],
//     [Invalidates]), how APIs keep block arguments ([FunctionArgUse],
//     [SelectorArgUse], [AssociationRetains]), timers and display links (§4),
//     notification and KVO observers (§7), concurrency sources and locks
//     (§6), delegate-like properties ([DelegateLike]), the init method
//     family ([IsInitSelector]);
//   - the ownership graph and its cycle search ([Graph]: strongly connected
//     components, the shortest cycle through each node, de-duplicated by
//     rotation).
//
// The package imports objcparse only for its fact types (Type, Property,
// Synthesize). Every function accepts any input, including nil and empty
// values, without panicking.
package model
