package lsp

import (
	"strings"
	"testing"
)

func TestLineIndexPosition(t *testing.T) {
	// "😀" is 4 bytes and 2 UTF-16 units, "正" 3 bytes and 1 unit.
	text := "ab\r\nx😀y正z\rlast\n\nend"
	li := newLineIndex([]byte(text))
	for _, tc := range []struct {
		sub  string // the offset is the first occurrence of sub
		want Position
	}{
		{"ab", Position{0, 0}},
		{"b\r", Position{0, 1}},
		{"\r\nx", Position{0, 2}},
		{"\nx", Position{0, 2}}, // inside "\r\n": the end of the line
		{"x😀", Position{1, 0}},
		{"😀", Position{1, 1}},
		{"y正", Position{1, 3}},
		{"正", Position{1, 4}},
		{"z", Position{1, 5}},
		{"last", Position{2, 0}},
		{"\n\nend", Position{2, 4}},
		{"end", Position{4, 0}},
	} {
		off := strings.Index(text, tc.sub)
		if got := li.position(off); got != tc.want {
			t.Errorf("position of %q (offset %d) = %v, want %v", tc.sub, off, got, tc.want)
		}
		if tc.sub == "\nx" {
			continue
		}
		if back, err := li.offset(tc.want); err != nil || back != off {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.want, back, err, off)
		}
	}
	if got := li.position(len(text) + 10); got != (Position{4, 3}) {
		t.Errorf("position past the end = %v, want 4:3", got)
	}
	if got := li.position(-1); got != (Position{0, 0}) {
		t.Errorf("position(-1) = %v", got)
	}
	for _, tc := range []struct {
		p    Position
		want int
	}{
		{Position{0, 99}, 2},                       // past the end of the line: its end
		{Position{1, 2}, strings.Index(text, "😀")}, // inside a surrogate pair: its start
		{Position{9, 0}, len(text)},                // past the last line: the end
	} {
		if got, err := li.offset(tc.p); err != nil || got != tc.want {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.p, got, err, tc.want)
		}
	}
	if _, err := li.offset(Position{-1, 0}); err == nil {
		t.Error("offset of a negative line did not fail")
	}
}

func TestLineIndexInvalidUTF8(t *testing.T) {
	li := newLineIndex([]byte("a\xff\xfeb"))
	if got := li.position(3); got != (Position{0, 3}) {
		t.Errorf("each invalid byte is one unit: got %v, want 0:3", got)
	}
}

func TestApplyChange(t *testing.T) {
	text := "line one\nx😀y\nthree"
	r := func(l1, c1, l2, c2 int) *Range { return &Range{Position{l1, c1}, Position{l2, c2}} }
	for _, tc := range []struct {
		c    contentChange
		want string
	}{
		{contentChange{Text: "all new"}, "all new"},
		{contentChange{Range: r(0, 5, 0, 8), Text: "1"}, "line 1\nx😀y\nthree"},
		{contentChange{Range: r(1, 1, 1, 3), Text: "正"}, "line one\nx正y\nthree"},
		{contentChange{Range: r(0, 8, 2, 0), Text: " "}, "line one three"},
		{contentChange{Range: r(3, 0, 3, 0), Text: "\nfour"}, "line one\nx😀y\nthree\nfour"},
	} {
		got, err := applyChange(text, tc.c)
		if err != nil || got != tc.want {
			t.Errorf("applyChange(%+v) = %q, %v; want %q", tc.c, got, err, tc.want)
		}
	}
	if _, err := applyChange(text, contentChange{Range: r(1, 0, 0, 0)}); err == nil {
		t.Error("a range that ends before it starts was applied")
	}
}
