package objcparse

import (
	"go/token"
	"iter"
)

// Uses is a compact list of identifier uses (Block.Uses, Body.Uses): 8
// bytes a use, holding no pointer, with the names in a table shared by the
// file's bodies. Identifier uses are the most numerous facts after
// expressions.
type Uses struct {
	t    *useTable
	recs []useRec
}

// useTable holds the names of a file's uses and the file's base position.
type useTable struct {
	base  token.Pos
	names []string
	index map[string]uint32 // while the file is being built
}

type useRec struct {
	name uint32 // index in useTable.names
	off  uint32 // position - useTable.base
}

// Len returns the number of uses.
func (u Uses) Len() int { return len(u.recs) }

// At returns use i.
func (u Uses) At(i int) Use {
	r := u.recs[i]
	return Use{Name: u.t.names[r.name], Pos: u.t.base + token.Pos(r.off)}
}

// All iterates over the uses in source order:
//
//	for _, u := range blk.Uses.All() { ... }
func (u Uses) All() iter.Seq2[int, Use] {
	return func(yield func(int, Use) bool) {
		for i := range u.recs {
			if !yield(i, u.At(i)) {
				return
			}
		}
	}
}

// newUseTable returns a table for the uses of a file at base.
func newUseTable(base token.Pos) *useTable {
	return &useTable{base: base, index: map[string]uint32{}}
}

// rec returns the record of u, adding its name to the table.
func (t *useTable) rec(u Use) useRec {
	i, ok := t.index[u.Name]
	if !ok {
		i = uint32(len(t.names))
		t.names = append(t.names, u.Name)
		t.index[u.Name] = i
	}
	return useRec{name: i, off: uint32(u.Pos - t.base)}
}

// make returns Uses of n records to be filled with add.
func (t *useTable) make(n int) Uses {
	if n == 0 {
		return Uses{}
	}
	return Uses{t: t, recs: make([]useRec, 0, n)}
}

// add appends u to us.
func (us *Uses) add(u Use) { us.recs = append(us.recs, us.t.rec(u)) }

// done drops the table's build index and the unused end of its names.
func (t *useTable) done() {
	if t != nil {
		t.index = nil
		t.names = trim(t.names)
	}
}
