package captures

import "strings"

// SelfStrongPastMacros is SelfStrong for code that uses its own
// weakify/strongify macros, which the parser sees as plain calls
// (`FIRMessaging_WEAKIFY(self);` outside, `FIRMessaging_STRONGIFY(self);`
// inside the block): when the first use of self in the block is the
// argument of a call whose name contains "strongify" (any case), self is
// re-bound there from a weak variable and is not captured strongly.
func (b *Block) SelfStrongPastMacros() (Capture, bool) {
	c, ok := b.SelfStrong()
	if !ok || c.Kind != CaptureSelf {
		return c, ok
	}
	for _, cl := range b.Body.Body.Calls {
		e := cl.Expr
		if !strings.Contains(strings.ToLower(e.Name), "strongify") || c.Pos < e.Pos || c.Pos >= e.End {
			continue
		}
		for _, s := range b.Body.Body.BlockChain(cl.Scope) {
			if s == b.Block.Index {
				return Capture{}, false
			}
		}
	}
	return c, ok
}
