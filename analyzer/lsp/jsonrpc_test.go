package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

func frame(body string) string {
	return "Content-Length: " + itoa(len(body)) + "\r\n\r\n" + body
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// readAll reads messages until an error and returns the bodies and the error.
func readAll(r io.Reader, maxSize int64) ([]string, error) {
	mr := newMessageReader(r, maxSize)
	var out []string
	for {
		body, err := mr.read()
		if err != nil {
			return out, err
		}
		out = append(out, string(body))
	}
}

// chunkReader returns its chunks one per Read call.
type chunkReader struct{ chunks []string }

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.chunks[0])
	if n < len(c.chunks[0]) {
		c.chunks[0] = c.chunks[0][n:]
	} else {
		c.chunks = c.chunks[1:]
	}
	return n, nil
}

func TestReadFraming(t *testing.T) {
	a := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`
	b := `{"jsonrpc":"2.0","method":"initialized","params":{"text":"正 😀"}}`
	stream := frame(a) + frame(b)
	for name, r := range map[string]io.Reader{
		"one read":          strings.NewReader(stream),
		"byte by byte":      iotest.OneByteReader(strings.NewReader(stream)),
		"half reads":        iotest.HalfReader(strings.NewReader(stream)),
		"data with EOF":     iotest.DataErrReader(strings.NewReader(stream)),
		"split in header":   &chunkReader{[]string{"Content-Le", "ngth: " + itoa(len(a)) + "\r", "\n\r\n" + a[:10], a[10:] + frame(b)[:3], frame(b)[3:]}},
		"split in the body": &chunkReader{[]string{stream[:30], stream[30:31], stream[31:]}},
	} {
		got, err := readAll(r, 0)
		if err != io.EOF {
			t.Errorf("%s: error = %v, want io.EOF", name, err)
		}
		if len(got) != 2 || got[0] != a || got[1] != b {
			t.Errorf("%s: read %q, want the two messages", name, got)
		}
	}
}

func TestReadHeaderVariants(t *testing.T) {
	body := `{"x":1}`
	for name, stream := range map[string]string{
		"lower-case name":   "content-length: 7\r\n\r\n" + body,
		"content type":      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 7\r\n\r\n" + body,
		"type after length": "Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body,
		"LF line endings":   "Content-Length: 7\n\n" + body,
		"spaces":            "Content-Length:   7  \r\n\r\n" + body,
		"stray line breaks": "\r\n\r\nContent-Length: 7\r\n\r\n" + body + "\r\n",
		"repeated length":   "Content-Length: 7\r\nContent-Length: 7\r\n\r\n" + body,
	} {
		got, err := readAll(strings.NewReader(stream), 0)
		if err != io.EOF || len(got) != 1 || got[0] != body {
			t.Errorf("%s: read %q, %v; want [%q], EOF", name, got, err, body)
		}
	}
}

func TestReadBadHeaders(t *testing.T) {
	for name, tc := range map[string]struct {
		stream string
		header bool // a *headerError rather than an unexpected EOF
		want   string
	}{
		"no length":          {"Content-Type: x\r\n\r\n{}", true, "no Content-Length"},
		"not a number":       {"Content-Length: ten\r\n\r\n{}", true, `invalid Content-Length "ten"`},
		"negative":           {"Content-Length: -2\r\n\r\n{}", true, "invalid Content-Length"},
		"overflow":           {"Content-Length: 99999999999999999999\r\n\r\n{}", true, "invalid Content-Length"},
		"no colon":           {"Content-Length 2\r\n\r\n{}", true, "is not \"Name: value\""},
		"conflicting":        {"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", true, "conflicting"},
		"long line":          {"X-Junk: " + strings.Repeat("a", 5000) + "\r\n", true, "longer than"},
		"many lines":         {strings.Repeat("X: y\r\n", 40), true, "more than 32 header lines"},
		"EOF in header":      {"Content-Length: 5\r\n", false, "unexpected EOF"},
		"EOF in header line": {"Content-Len", false, "unexpected EOF"},
		"EOF in body":        {"Content-Length: 5\r\n\r\n{}", false, "unexpected EOF"},
	} {
		got, err := readAll(strings.NewReader(tc.stream), 0)
		var he *headerError
		if len(got) != 0 || err == nil || errors.As(err, &he) != tc.header || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: read %q, %v; want an error containing %q (header error %v)", name, got, err, tc.want, tc.header)
		}
		if !tc.header && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: error %v does not wrap io.ErrUnexpectedEOF", name, err)
		}
	}
}

func TestReadTooLargeIsSkipped(t *testing.T) {
	big := `{"text":"` + strings.Repeat("x", 100) + `"}`
	small := `{"x":1}`
	mr := newMessageReader(strings.NewReader(frame(big)+frame(small)), 50)
	if _, err := mr.read(); !errors.Is(err, errTooLarge) {
		t.Fatalf("first read: %v, want errTooLarge", err)
	}
	if body, err := mr.read(); err != nil || string(body) != small {
		t.Fatalf("second read = %q, %v; want the next message", body, err)
	}
	// A too-large message cut short is an unexpected end.
	mr = newMessageReader(strings.NewReader(frame(big)[:40]), 50)
	if _, err := mr.read(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated large message: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestWriteFraming(t *testing.T) {
	var buf bytes.Buffer
	mw := &messageWriter{w: &buf}
	var wg sync.WaitGroup
	bodies := []string{`{"a":"正"}`, `{}`, `{"b":[1,2,3]}`}
	for _, b := range bodies {
		wg.Add(1)
		go func(b string) {
			defer wg.Done()
			if err := mw.write([]byte(b)); err != nil {
				t.Error(err)
			}
		}(b)
	}
	wg.Wait()
	got, err := readAll(&buf, 0)
	if err != io.EOF || len(got) != len(bodies) {
		t.Fatalf("read back %q, %v", got, err)
	}
	seen := map[string]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for _, b := range bodies {
		if !seen[b] {
			t.Errorf("message %s was not written intact; got %q", b, got)
		}
	}
	buf.Reset()
	mw.write([]byte(`{"a":"正"}`))
	if want := "Content-Length: 11\r\n\r\n" + `{"a":"正"}`; buf.String() != want {
		t.Errorf("framed as %q, want %q (the length counts bytes)", buf.String(), want)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		`1`: true, `-3`: true, `"abc"`: true, `null`: true, `1.5`: true,
		``: false, `{}`: false, `[1]`: false, `true`: false, `"unterminated`: false,
	} {
		if got := validID(json.RawMessage(id)); got != want {
			t.Errorf("validID(%s) = %v, want %v", id, got, want)
		}
	}
}
