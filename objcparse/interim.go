package objcparse

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"
)

// interimStats is replaced by the pre-pass pipeline's statistics.
type interimStats struct {
	Applied  []string
	NoEscape []int
}

// parseInterim parses src as is (no pre-pass yet).
func parseInterim(ctx context.Context, p *sitter.Parser, src []byte) (*sitter.Tree, []byte, interimStats, error) {
	t, err := p.ParseCtx(ctx, nil, src)
	return t, src, interimStats{}, err
}

// interimErrorRanges collects ERROR and MISSING ranges, descending only into
// subtrees that contain errors.
func interimErrorRanges(n *sitter.Node) (out [][2]uint32, bytes int) {
	if n.IsError() || n.IsMissing() {
		out = append(out, [2]uint32{n.StartByte(), n.EndByte()})
		return out, int(n.EndByte() - n.StartByte())
	}
	if !n.HasError() {
		return nil, 0
	}
	cnt := int(n.ChildCount())
	for i := 0; i < cnt; i++ {
		r, b := interimErrorRanges(n.Child(i))
		out = append(out, r...)
		bytes += b
	}
	return out, bytes
}
