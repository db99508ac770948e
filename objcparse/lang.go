package objcparse

import (
	sitter "github.com/smacker/go-tree-sitter"
	objc "github.com/tree-sitter-grammars/tree-sitter-objc/bindings/go"
)

var language = sitter.NewLanguage(objc.Language())
