package objcparse

/*
#include <stdint.h>
#include <stdbool.h>

// The tree-sitter types and functions the flattening walk needs, declared
// with the layout of the runtime that github.com/smacker/go-tree-sitter
// compiles into the binary (api.h of that version); the final link
// resolves them to the binding's definitions. On ELF systems they are weak
// so that cgo's per-package link check (_cgo_.o) passes; elsewhere (Mach-O)
// that check fails, and the go command then links externally, which
// resolves them all the same (golang.org/issue/52863).
#if defined(__ELF__)
#define OC_WEAK __attribute__((weak))
#else
#define OC_WEAK
#endif
typedef struct { uint32_t context[4]; const void *id; const void *tree; } ocTSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } ocTSTreeCursor;
typedef struct { uint32_t row; uint32_t column; } ocTSPoint;

extern ocTSTreeCursor ts_tree_cursor_new(ocTSNode) OC_WEAK;
extern void ts_tree_cursor_delete(ocTSTreeCursor *) OC_WEAK;
extern bool ts_tree_cursor_goto_first_child(ocTSTreeCursor *) OC_WEAK;
extern bool ts_tree_cursor_goto_next_sibling(ocTSTreeCursor *) OC_WEAK;
extern bool ts_tree_cursor_goto_parent(ocTSTreeCursor *) OC_WEAK;
extern ocTSNode ts_tree_cursor_current_node(const ocTSTreeCursor *) OC_WEAK;
extern uint16_t ts_tree_cursor_current_field_id(const ocTSTreeCursor *) OC_WEAK;
extern uint16_t ts_node_symbol(ocTSNode) OC_WEAK;
extern uint32_t ts_node_start_byte(ocTSNode) OC_WEAK;
extern uint32_t ts_node_end_byte(ocTSNode) OC_WEAK;
extern ocTSPoint ts_node_start_point(ocTSNode) OC_WEAK;
extern bool ts_node_is_named(ocTSNode) OC_WEAK;
extern bool ts_node_is_missing(ocTSNode) OC_WEAK;
extern bool ts_node_has_error(ocTSNode) OC_WEAK;

typedef struct {
	uint32_t start, end;
	uint32_t row, col;
	int32_t parent, first, next;
	uint16_t sym;
	uint8_t field;
	uint8_t flags;
} ocFlatNode;

enum { ocNamed = 1, ocMissing = 2, ocHasError = 4 };

// oc_flatten writes the nodes below root in pre-order into out (at most
// cap) and returns how many there are; when that is more than cap, only
// the count is meaningful and the caller calls again with room enough.
static int64_t oc_flatten(ocTSNode root, ocFlatNode *out, int64_t cap) {
#if defined(__ELF__)
	if (!ts_tree_cursor_new) return -1; // not linked: the caller reports it
#endif
	ocTSTreeCursor c = ts_tree_cursor_new(root);
	int64_t n = 0;
	int64_t cur = -1;      // index of the current node
	int64_t parent = -1;   // its parent
	int64_t prev = -1;     // the previous sibling, to link next
	// Explicit stack of (parent, last child) while descending.
	for (;;) {
		ocTSNode node = ts_tree_cursor_current_node(&c);
		cur = n++;
		if (cur < cap) {
			ocFlatNode *f = &out[cur];
			f->start = ts_node_start_byte(node);
			f->end = ts_node_end_byte(node);
			ocTSPoint p = ts_node_start_point(node);
			f->row = p.row;
			f->col = p.column;
			f->parent = (int32_t)parent;
			f->first = -1;
			f->next = -1;
			f->sym = ts_node_symbol(node);
			f->field = (uint8_t)ts_tree_cursor_current_field_id(&c);
			f->flags = (ts_node_is_named(node) ? ocNamed : 0) | (ts_node_is_missing(node) ? ocMissing : 0) | (ts_node_has_error(node) ? ocHasError : 0);
			if (prev >= 0 && prev < cap) out[prev].next = (int32_t)cur;
			else if (parent >= 0 && parent < cap && out[parent].first < 0) out[parent].first = (int32_t)cur;
		}
		if (ts_tree_cursor_goto_first_child(&c)) {
			parent = cur;
			prev = -1;
			continue;
		}
		prev = cur;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return n;
			}
			prev = parent;
			parent = (parent >= 0 && parent < cap) ? out[parent].parent : -2;
		}
	}
}
*/
import "C"

import "unsafe"

// flattenC calls oc_flatten on the C node at the start of the binding's
// sitter.Node (its first field is the C TSNode).
func flattenC(node, out unsafe.Pointer, cap int64) int64 {
	return int64(C.oc_flatten(*(*C.ocTSNode)(node), (*C.ocFlatNode)(out), C.int64_t(cap)))
}

// cFlatNodeSize is sizeof(ocFlatNode), which flatNode must match.
var cFlatNodeSize = int(C.sizeof_ocFlatNode)
