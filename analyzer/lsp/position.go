package lsp

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// A lineIndex converts between byte offsets into a text and LSP positions:
// 0-based lines ended by "\n", "\r\n" or "\r", and characters counted in
// UTF-16 code units.
type lineIndex struct {
	text   []byte
	starts []int // byte offset of each line's first byte
}

func newLineIndex(text []byte) *lineIndex {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts}
}

// position returns the position of byte offset off, clamped to the text.
// An offset inside a "\r\n" line break is the end of its line.
func (li *lineIndex) position(off int) Position {
	off = max(0, min(off, len(li.text)))
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	start := li.starts[line]
	return Position{Line: line, Character: utf16Len(li.text[start:li.lineEnd(line, off)])}
}

// lineEnd returns the offset where the content of line ends (before its
// line break), but at most limit.
func (li *lineIndex) lineEnd(line, limit int) int {
	end := len(li.text)
	if line+1 < len(li.starts) {
		end = li.starts[line+1]
		if end > 0 && li.text[end-1] == '\n' {
			end--
		}
		if end > li.starts[line] && li.text[end-1] == '\r' {
			end--
		}
	}
	return min(end, limit)
}

// offset returns the byte offset of p. A line past the end means the end
// of the text; a character past the end of its line means the end of the
// line, as the protocol says; a character inside a surrogate pair counts as
// the start of the pair.
func (li *lineIndex) offset(p Position) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("invalid position %d:%d", p.Line, p.Character)
	}
	if p.Line >= len(li.starts) {
		return len(li.text), nil
	}
	off := li.starts[p.Line]
	end := li.lineEnd(p.Line, len(li.text))
	for units := 0; off < end; {
		r, size := utf8.DecodeRune(li.text[off:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > p.Character {
			break
		}
		units += n
		off += size
	}
	return off, nil
}

// utf16Len returns the number of UTF-16 code units of b decoded as UTF-8;
// each byte of an invalid sequence counts as one unit (U+FFFD), as editors
// show it.
func utf16Len(b []byte) int {
	n := 0
	for _, r := range string(b) {
		if r >= 0x10000 {
			n += 2 // a surrogate pair
		} else {
			n++
		}
	}
	return n
}

// applyChange applies one textDocument/didChange content change to text:
// the whole new text, or, when the change has a range, a replacement of
// that range (for clients that send incremental changes regardless of the
// server's full-sync capability).
func applyChange(text string, c contentChange) (string, error) {
	if c.Range == nil {
		return c.Text, nil
	}
	li := newLineIndex([]byte(text))
	start, err := li.offset(c.Range.Start)
	if err != nil {
		return "", err
	}
	end, err := li.offset(c.Range.End)
	if err != nil {
		return "", err
	}
	if end < start {
		return "", fmt.Errorf("range end %d:%d is before its start %d:%d", c.Range.End.Line, c.Range.End.Character, c.Range.Start.Line, c.Range.Start.Character)
	}
	return text[:start] + c.Text + text[end:], nil
}
