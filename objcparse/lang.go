package objcparse

//go:generate go run ./internal/genkinds

import (
	sitter "github.com/smacker/go-tree-sitter"
	objc "github.com/tree-sitter-grammars/tree-sitter-objc/bindings/go"
)

// GrammarVersion is the pinned version of the tree-sitter-objc grammar module.
const GrammarVersion = "v1.2.1-0.20250131075517-181a81b8f23a"

// language is the Objective-C grammar. This is the only place the grammar
// is imported.
var language = sitter.NewLanguage(objc.Language())

// kind is a named node type of the grammar (see kinds.go).
type kind uint16

// symbolKinds maps grammar symbols to kinds, so that classifying a node is
// one cgo call (Symbol) rather than a string conversion (Type).
var symbolKinds = func() []kind {
	n := language.SymbolCount()
	out := make([]kind, n)
	for s := uint32(0); s < n; s++ {
		if language.SymbolType(sitter.Symbol(s)) != sitter.SymbolTypeRegular {
			continue
		}
		out[s] = kindByName[language.SymbolName(sitter.Symbol(s))]
	}
	return out
}()

// errorSymbol is tree-sitter's ts_builtin_sym_error, (TSSymbol)-1: what
// ts_node_is_error compares the symbol with.
const errorSymbol = 1<<16 - 1

// kindOf returns the kind of n, or kAnon for anonymous tokens.
func kindOf(n *fnode) kind {
	s := int(n.Symbol())
	if s == errorSymbol {
		return kError
	}
	if s < len(symbolKinds) {
		return symbolKinds[s]
	}
	return kAnon
}
