package objcparse

import (
	"reflect"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// The binding keeps a Go *Node for every node it ever hands out, in a map
// per tree that lives as long as the tree (PARSING.md, "Speed and memory").
// The extractor visits each node about once, so the cache only costs: on a
// large file it grows to millions of entries. dropNodeCache empties it
// between top-level declarations. Nodes already handed out stay valid (the
// cache only de-duplicates them), so this is safe; it relies on the pinned
// binding's unexported field `cache`, and does nothing if that field is
// missing or has another type (TestNodeCacheField guards it).
var nodeCache = func() (f reflect.StructField, ok bool) {
	f, ok = reflect.TypeOf(sitter.Tree{}).FieldByName("cache")
	return f, ok && f.Type.Kind() == reflect.Map
}

var nodeCacheField, nodeCacheOK = nodeCache()

func dropNodeCache(t *sitter.Tree) {
	if !nodeCacheOK || t == nil {
		return
	}
	m := reflect.NewAt(nodeCacheField.Type, unsafe.Add(unsafe.Pointer(t), nodeCacheField.Offset)).Elem()
	m.Clear()
}

// nodeCacheLen returns the number of cached nodes (for tests).
func nodeCacheLen(t *sitter.Tree) int {
	if !nodeCacheOK || t == nil {
		return -1
	}
	return reflect.NewAt(nodeCacheField.Type, unsafe.Add(unsafe.Pointer(t), nodeCacheField.Offset)).Elem().Len()
}
