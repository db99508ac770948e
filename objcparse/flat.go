package objcparse

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// The extractor reads a syntax tree flattened by one cgo call (oc_flatten
// in flat_c.go) instead of calling into tree-sitter for every node and
// property: the binding's per-node calls (and the Go object it caches for
// each node) cost as much as parsing itself. A flatTree holds the nodes in
// pre-order with parent, first-child and next-sibling links; an *fnode is
// a node of it with the few methods of sitter.Node the extractor uses.

// flatNode mirrors ocFlatNode (32 bytes, no Go pointers: C writes it).
type flatNode struct {
	start, end uint32
	row, col   uint32
	parent     int32
	first      int32
	next       int32
	sym        uint16
	field      uint8
	flags      uint8
}

const (
	flagNamed    = 1
	flagMissing  = 2
	flagHasError = 4
)

// flatTree is one flattened syntax tree. Its buffers are reused from file
// to file (see Parser); nothing of it outlives the extraction.
type flatTree struct {
	flat  []flatNode
	nodes []fnode
}

// fnode is node i of a flatTree.
type fnode struct {
	t *flatTree
	i int32
}

// load flattens the tree below root into t, reusing t's buffers.
func (t *flatTree) load(root *sitter.Node) bool {
	buf := t.flat
	if cap(buf) < 1024 {
		buf = make([]flatNode, 0, 1024)
	}
	for {
		buf = buf[:cap(buf)]
		n := flattenC(unsafe.Pointer(root), unsafe.Pointer(&buf[0]), int64(len(buf)))
		if n < 0 {
			return false
		}
		if n <= int64(len(buf)) {
			t.flat = buf[:n]
			break
		}
		buf = make([]flatNode, 0, n+n/8)
	}
	if cap(t.nodes) < len(t.flat) {
		t.nodes = make([]fnode, len(t.flat), cap(t.flat))
	}
	t.nodes = t.nodes[:len(t.flat)]
	for i := range t.nodes {
		t.nodes[i] = fnode{t: t, i: int32(i)}
	}
	return true
}

// root returns the tree's root node.
func (t *flatTree) root() *fnode { return &t.nodes[0] }

// maxKeptNodes bounds the buffers a Parser keeps between files (about
// 12 MB): one huge file must not hold its buffers for the rest of the run.
const maxKeptNodes = 1 << 18

// reset forgets the tree, keeping the buffers unless they are large.
func (t *flatTree) reset() {
	if cap(t.flat) > maxKeptNodes {
		t.flat, t.nodes = nil, nil
		return
	}
	t.flat = t.flat[:0]
	t.nodes = t.nodes[:0]
}

func (t *flatTree) at(i int32) *fnode {
	if i < 0 {
		return nil
	}
	return &t.nodes[i]
}

func (n *fnode) f() *flatNode { return &n.t.flat[n.i] }

// StartByte, EndByte, ... are sitter.Node's methods of the same names
// (those the extractor uses).
func (n *fnode) StartByte() uint32 { return n.f().start }
func (n *fnode) EndByte() uint32   { return n.f().end }
func (n *fnode) StartPoint() sitter.Point {
	f := n.f()
	return sitter.Point{Row: f.row, Column: f.col}
}
func (n *fnode) Symbol() sitter.Symbol { return sitter.Symbol(n.f().sym) }
func (n *fnode) IsNamed() bool         { return n.f().flags&flagNamed != 0 }
func (n *fnode) HasError() bool        { return n.f().flags&flagHasError != 0 }
func (n *fnode) firstChild() *fnode    { return n.t.at(n.f().first) }
func (n *fnode) nextSibling() *fnode   { return n.t.at(n.f().next) }

// Type returns the node's grammar symbol name ("ERROR" for errors).
func (n *fnode) Type() string {
	s := int(n.f().sym)
	if s == errorSymbol {
		return "ERROR"
	}
	if s < len(symbolNames) {
		return symbolNames[s]
	}
	return ""
}

// fieldName returns the field name of n in its parent ("" if none).
func (n *fnode) fieldName() string {
	if id := int(n.f().field); id > 0 && id < len(fieldNames) {
		return fieldNames[id]
	}
	return ""
}

// ChildByFieldName returns the first child with the field name, or nil.
func (n *fnode) ChildByFieldName(name string) *fnode {
	id, ok := fieldIDs[name]
	if !ok {
		return nil
	}
	for c := n.firstChild(); c != nil; c = c.nextSibling() {
		if c.f().field == id {
			return c
		}
	}
	return nil
}

// symbolNames, fieldNames and fieldIDs are the grammar's tables.
var (
	symbolNames = func() []string {
		n := language.SymbolCount()
		out := make([]string, n)
		for s := uint32(0); s < n; s++ {
			out[s] = language.SymbolName(sitter.Symbol(s))
		}
		return out
	}()
	fieldNames = func() []string {
		out := []string{""}
		for i := 1; i < 256; i++ {
			name := language.FieldName(i)
			if name == "" {
				break
			}
			out = append(out, name)
		}
		return out
	}()
	fieldIDs = func() map[string]uint8 {
		m := map[string]uint8{}
		for i, name := range fieldNames {
			if i > 0 {
				m[name] = uint8(i)
			}
		}
		return m
	}()
)
