package captures

import "github.com/objcleak/objcleak/objcparse"

// BlockOf returns the analysis of the block an argument expression stands
// for: a block literal, or a local variable of the body initialized with
// one (`void (^handler)(id) = ^{ … }; [x run:handler];`). It returns nil
// for anything else (a parameter, a property, a call).
func (b *Body) BlockOf(e *objcparse.Expr) *Block {
	e = e.Unparen()
	if e == nil {
		return nil
	}
	if e.Kind == objcparse.ExprIdent {
		var init *objcparse.Expr
		for _, v := range b.Body.Locals {
			if v.Name == e.Name && v.Pos < e.Pos {
				init = v.Init.Unparen()
			}
		}
		e = init
	}
	if e == nil || e.Kind != objcparse.ExprBlock || e.Block() < 0 || e.Block() >= len(b.Blocks) {
		return nil
	}
	return b.Blocks[e.Block()]
}
