package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/rules"
)

// Hostile input through the real driver with every rule: each bad file
// gets a one-line parse-rule finding that names it (or, where nothing is
// skipped, is linted like any other file), nothing panics, and the run
// goes on to lint the good file next to it.

// good declares a strong delegate: a warning of the strongdelegate rule,
// proof that the run went on.
const good = "@protocol GoodDelegate <NSObject>\n@end\n@interface Good : UIView\n@property (nonatomic, strong) id<GoodDelegate> delegate;\n@end\n" +
	"@interface GoodController : UIViewController <GoodDelegate>\n@end\n@implementation GoodController\n- (void)show:(Good *)g {\n    g.delegate = self;\n}\n@end\n"

const goodFinding = `^Good\.m:10: strongdelegate: -\[GoodController show:\] sets the strong Good\.delegate`

// oneLine is a whole class on one line, with a strong delegate.
const oneLine = "@protocol BigDelegate <NSObject> @end @interface Big : UIView @property (nonatomic, strong) id<BigDelegate> delegate; @end " +
	"@interface BigController : UIViewController <BigDelegate> @end @implementation BigController - (void)show:(Big *)b { b.delegate = self; } @end "

// nestedText returns n copies of open, then middle, then n copies of close.
func nestedText(n int, open, middle, close string) string {
	return strings.Repeat(open, n) + middle + strings.Repeat(close, n)
}

func writeHostile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHostileInput(t *testing.T) {
	const mb = 1 << 20
	impl := "@implementation H\n- (void)run {\n    %s\n}\n@end\n"
	for _, tc := range []struct {
		name string
		// setup writes the bad files into dir (Good.m is there already)
		// and may change cfg.
		setup func(t *testing.T, dir string, cfg *analyzer.Config)
		// want are regexps for the findings other than Good.m's, in order.
		want []string
	}{{
		name: "binary file named .m",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			var b bytes.Buffer
			for i := 0; i < 64; i++ {
				for c := 0; c < 256; c++ {
					b.WriteByte(byte(c))
				}
			}
			writeHostile(t, dir, "Binary.m", b.Bytes())
		},
		want: []string{`^Binary\.m:1: parse: Binary\.m: binary file \(contains NUL bytes\); the file was not analyzed$`},
	}, {
		name: "invalid UTF-8 in strings and comments is linted",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Latin1.m", []byte("// caf\xe9 \xff\xfe\n@protocol LDelegate <NSObject>\n@end\n@interface Latin1 : UIView\n@property (nonatomic, strong) id<LDelegate> delegate;\n@end\n@implementation Latin1\n- (void)run { NSLog(@\"\xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc\"); }\n@end\n@interface LController : UIViewController <LDelegate>\n@end\n@implementation LController\n- (void)show:(Latin1 *)l { l.delegate = self; }\n@end\n"))
		},
		want: []string{`^Latin1\.m:13: strongdelegate: -\[LController show:\] sets the strong Latin1\.delegate`},
	}, {
		name: "invalid UTF-8 everywhere",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			var b bytes.Buffer
			for i := 0; i < 4096; i++ {
				b.WriteByte(byte(0x80 + i%0x7f))
				if i%80 == 79 {
					b.WriteByte('\n')
				}
			}
			writeHostile(t, dir, "Garbage.m", b.Bytes())
		},
		want: []string{`^Garbage\.m:1: parse: could not parse lines 1-\d+; findings in this range may be missing$`},
	}, {
		name: "NUL bytes",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Nul.m", []byte("@implementation N\n// a NUL: \x00\n@end\n"))
		},
		want: []string{`^Nul\.m:1: parse: Nul\.m: binary file \(contains NUL bytes\); the file was not analyzed$`},
	}, {
		name: "20 MB one-line file over the default size limit",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Big.m", []byte(oneLine+"/*"+strings.Repeat("x", 20*mb-len(oneLine)-4)+"*/"))
		},
		want: []string{`^Big\.m:1: parse: Big\.m: cannot read: file is 20971520 bytes, larger than the limit of 8388608 bytes \(--max-file-size\); the file was not analyzed$`},
	}, {
		name: "20 MB one-line file with the limit raised",
		setup: func(t *testing.T, dir string, cfg *analyzer.Config) {
			writeHostile(t, dir, "Big.m", []byte(oneLine+"/*"+strings.Repeat("x", 20*mb-len(oneLine)-4)+"*/"))
			cfg.MaxFileSize = 32 * mb
		},
		want: []string{`^Big\.m:1: strongdelegate: -\[BigController show:\] sets the strong Big\.delegate`},
	}, {
		name: "20 MB one-line file of code over the parse budget",
		setup: func(t *testing.T, dir string, cfg *analyzer.Config) {
			writeHostile(t, dir, "Decls.m", bytes.Repeat([]byte("static int x = 1; "), 20*mb/18))
			cfg.MaxFileSize = 32 * mb
			cfg.ParseBudget = 100 * time.Millisecond
		},
		want: []string{`^Decls\.m:1: parse: Decls\.m: parse time budget exceeded \(100ms\); the file was not analyzed \(--parse-timeout raises the limit\)$`},
	}, {
		name: "10 000 nested blocks",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Blocks.m", []byte(fmt.Sprintf(impl, nestedText(10000, "^{ ", "[self run];", " }")+";")))
		},
		want: []string{`^Blocks\.m:1: parse: could not parse lines 1-5; findings in this range may be missing$`},
	}, {
		name: "10 000 nested dispatch_async blocks",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Async.m", []byte(fmt.Sprintf(impl, nestedText(10000, "dispatch_async(q, ^{ ", "[self run];", " });"))))
		},
		want: []string{`^Async\.m:1: parse: could not parse lines 1-5; findings in this range may be missing$`},
	}, {
		name: "10 000 nested parentheses",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Parens.m", []byte(fmt.Sprintf(impl, "int x = "+nestedText(10000, "(", "1", ")")+";")))
		},
		want: []string{`^Parens\.m:1: parse: could not parse lines 1-5; findings in this range may be missing$`},
	}, {
		name: "10 000 nested message sends",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Sends.m", []byte(fmt.Sprintf(impl, nestedText(10000, "[self a:", "nil", "]")+";")))
		},
		want: []string{`^Sends\.m:1: parse: could not parse lines 1-5; findings in this range may be missing$`},
	}, {
		// An empty file is valid: nothing is skipped, nothing to say.
		name: "empty file",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "Empty.m", nil)
			writeHostile(t, dir, "Empty.h", nil)
		},
	}, {
		name: "symbolic link loop",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			symlinkOrSkip(t, "Loop2.m", filepath.Join(dir, "Loop1.m"))
			symlinkOrSkip(t, "Loop1.m", filepath.Join(dir, "Loop2.m"))
			symlinkOrSkip(t, ".", filepath.Join(dir, "Dir")) // a loop of directories: not followed, nothing skipped
		},
		want: []string{
			`^Loop1\.m:1: parse: Loop1\.m: symbolic link loop \(the link leads back to itself\); the file was not analyzed$`,
			`^Loop2\.m:1: parse: Loop2\.m: symbolic link loop \(the link leads back to itself\); the file was not analyzed$`,
		},
	}, {
		// A directory is walked whatever its name.
		name: "directory named X.m",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "X.m/Inner.h", []byte(strings.ReplaceAll(good, "Good", "Inner")))
		},
		want: []string{`^X\.m/Inner\.h:10: strongdelegate: -\[InnerController show:\] sets the strong Inner\.delegate`},
	}, {
		name: "paths with spaces and non-ASCII characters",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			writeHostile(t, dir, "My Files/Ünïcödé 文件 😀.m", []byte(strings.ReplaceAll(good, "Good", "Uni")))
		},
		want: []string{`^My Files/Ünïcödé 文件 😀\.m:10: strongdelegate: -\[UniController show:\] sets the strong Uni\.delegate`},
	}, {
		name: "a named pipe named .h",
		setup: func(t *testing.T, dir string, _ *analyzer.Config) {
			if err := mkfifo(filepath.Join(dir, "Pipe.h")); err != nil {
				t.Skip("no named pipes:", err)
			}
		},
		want: []string{`^Pipe\.h:1: parse: Pipe\.h: not a regular file \(a named pipe\); the file was not analyzed$`},
	}, {
		// Files change between discovery and parsing: Progress runs after
		// each file is parsed, with one worker in path order. Tests run
		// as root (where chmod 000 does not stop reading) replace a file
		// by a directory, a named pipe and a dangling link instead.
		name: "files deleted or made unreadable mid-run",
		setup: func(t *testing.T, dir string, cfg *analyzer.Config) {
			for _, n := range []string{"A.m", "B.m", "C.m", "D.m", "E.m"} {
				writeHostile(t, dir, n, []byte(strings.ReplaceAll(good, "Good", strings.TrimSuffix(n, ".m"))))
			}
			p := func(n string) string { return filepath.Join(dir, n) }
			changes := map[int]func() error{
				1: func() error { return os.Remove(p("B.m")) },
				2: func() error {
					if os.Getuid() != 0 {
						return os.Chmod(p("C.m"), 0)
					}
					os.Remove(p("C.m"))
					return os.Mkdir(p("C.m"), 0o755)
				},
				3: func() error { os.Remove(p("D.m")); return mkfifo(p("D.m")) },
				4: func() error { os.Remove(p("E.m")); return os.Symlink("gone.m", p("E.m")) },
			}
			cfg.Jobs = 1
			cfg.Progress = func(done, total int) {
				if change := changes[done]; change != nil {
					if err := change(); err != nil {
						t.Errorf("changing file %d: %v", done, err)
					}
				}
			}
		},
		want: []string{
			`^A\.m:10: strongdelegate: -\[AController show:\] sets the strong A\.delegate`,
			`^B\.m:1: parse: B\.m: cannot read: no such file or directory; the file was not analyzed$`,
			`^C\.m:1: parse: C\.m: cannot read: (is a directory|permission denied); the file was not analyzed$`,
			`^D\.m:1: parse: D\.m: cannot read: not a regular file \(a named pipe\); the file was not analyzed$`,
			`^E\.m:1: parse: E\.m: cannot read: broken symbolic link \(no such file or directory\); the file was not analyzed$`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeHostile(t, dir, "Good.m", []byte(good))
			cfg := &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: rules.All, KnownRules: rules.Names()}
			tc.setup(t, dir, cfg)
			start := time.Now()
			res, err := analyzer.Run(context.Background(), cfg)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			t.Logf("linted in %v", time.Since(start).Round(time.Millisecond))
			var got []string
			sawGood := false
			for _, d := range res.Diagnostics {
				p := res.Fset.Position(d.Pos)
				line := fmt.Sprintf("%s:%d: %s: %s", res.RelPath(p.Filename), p.Line, d.Rule, d.Message)
				if strings.Contains(line, "\n") {
					t.Errorf("a finding spans lines: %q", line)
				}
				if regexp.MustCompile(goodFinding).MatchString(line) {
					sawGood = true
					continue
				}
				got = append(got, line)
			}
			if !sawGood {
				t.Errorf("Good.m was not linted: the run did not go on")
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings besides Good.m's, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !regexp.MustCompile(w).MatchString(got[i]) {
					t.Errorf("finding %d = %q\nwant match for %s", i, got[i], w)
				}
			}
		})
	}
}

func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("symbolic links not supported:", err)
	}
}

// mkfifo makes a named pipe at path with the mkfifo command (there is no
// portable system call; where the command is missing, tests skip).
func mkfifo(path string) error {
	return exec.Command("mkfifo", path).Run()
}
