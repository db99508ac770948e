package objcparse

import (
	"bytes"
	"errors"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics and that every position it
// extracts lies inside the file.
//
//	go test ./objcparse -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.[hm]", "../testdata/src/*/*.[hm]", "../testdata/src/*/*.mm"} {
		names, _ := filepath.Glob(pattern)
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("@implementation A\n- (void)a { [self b:^{ [self c]; }]; }\n@end\n"))
	f.Add([]byte("@interface A : NSObject <P> { __weak id x; }\n@property (nonatomic) id y;\n@end\n"))
	f.Add(bytes.Repeat([]byte("^{"), 500))
	p := NewParser()
	defer p.Close()
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		start := time.Now()
		file, err := p.Parse(fset, "fuzz.m", src, Options{Budget: fuzzBudget})
		// The budget bounds the whole parse: an input that takes much
		// longer does work outside it (a hang on a bigger input).
		if d := time.Since(start); d > fuzzSlow {
			t.Fatalf("Parse took %v, over %v with a budget of %v", d, fuzzSlow, fuzzBudget)
		}
		if err != nil {
			if errors.Is(err, ErrBinary) || errors.Is(err, ErrBudget) {
				return
			}
			t.Fatalf("Parse: %v", err)
		}
		check := func(what string, pos token.Pos) {
			if pos.IsValid() && (pos < file.Pos || pos > file.End) {
				t.Fatalf("%s position %d outside the file [%d, %d]", what, pos, file.Pos, file.End)
			}
		}
		for _, c := range file.Classes {
			check("class", c.Pos)
			for _, m := range c.Methods {
				check("method", m.Pos)
				if m.Body == nil {
					continue
				}
				for _, s := range m.Body.Sends {
					check("send", s.Expr.Pos)
					check("send end", s.Expr.End())
				}
				for _, b := range m.Body.Blocks {
					if b.Parent >= b.Index {
						t.Fatalf("block %d has parent %d", b.Index, b.Parent)
					}
				}
			}
		}
		for _, r := range file.Errors {
			check("error", r.Pos)
			check("error end", r.End)
		}
		// The cache's codec keeps every fact: decoding what was encoded
		// gives facts that encode to the same bytes.
		data := EncodeFile(file)
		back, err := DecodeFile(data, token.NewFileSet(), "fuzz.m", src)
		if err != nil {
			t.Fatalf("DecodeFile of EncodeFile: %v", err)
		}
		if !bytes.Equal(EncodeFile(back), data) {
			t.Fatal("facts changed through the codec")
		}
	})
}

// FuzzDecode checks that DecodeFile, reading a cache entry an attacker
// wrote, returns facts or an error in bounded time, and that the facts it
// returns can be rendered and encoded again.
//
//	go test ./objcparse -run '^$' -fuzz FuzzDecode -fuzztime 60s
func FuzzDecode(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.[hm]")
	p := NewParser()
	defer p.Close()
	var src []byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil || len(b) > 1<<16 {
			continue
		}
		if file, err := p.Parse(token.NewFileSet(), n, b, Options{}); err == nil {
			f.Add(EncodeFile(file), len(b))
			src = b
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, size int) {
		if size < 0 || size > 1<<16 {
			return
		}
		text := make([]byte, size)
		copy(text, src)
		fset := token.NewFileSet()
		file, err := DecodeFile(data, fset, "fuzz.m", text)
		if err != nil {
			return
		}
		Render(io.Discard, fset, file)
		EncodeFile(file)
	})
}

// fuzzBudget keeps pathological inputs (tree-sitter's error recovery can be
// slow on some mutations) from stalling the fuzzer; they end as ErrBudget.
const fuzzBudget = 200 * time.Millisecond

// fuzzSlow is how long a parse may take before the fuzzer reports it.
const fuzzSlow = 5 * time.Second
