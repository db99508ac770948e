package objcleak_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// maxTrackedSize bounds a tracked file outside testdata/: source stays
// small, and a big file is most likely a build output committed by
// mistake (a 14 MB rules.test once was).
const maxTrackedSize = 1 << 20

// TestTrackedFiles fails when git tracks a compiled executable (ELF,
// Mach-O or PE) anywhere, or a file larger than 1 MiB outside testdata/.
// Outside a git checkout (a source archive) it is skipped.
func TestTrackedFiles(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	magics := [][]byte{
		{0x7f, 'E', 'L', 'F'},    // ELF
		{0xcf, 0xfa, 0xed, 0xfe}, // Mach-O 64-bit
		{0xce, 0xfa, 0xed, 0xfe}, // Mach-O 32-bit
		{0xca, 0xfe, 0xba, 0xbe}, // Mach-O universal
		{'M', 'Z'},               // PE
	}
	n := 0
	for _, path := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if path == "" {
			continue
		}
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		n++
		if info.Size() > maxTrackedSize && !strings.HasPrefix(path, "testdata/") {
			t.Errorf("%s: %d bytes, more than %d outside testdata/ (a build output?)", path, info.Size(), maxTrackedSize)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Error(err)
			continue
		}
		head := make([]byte, 4)
		k, _ := f.Read(head)
		f.Close()
		for _, m := range magics {
			if k >= len(m) && bytes.Equal(head[:len(m)], m) {
				t.Errorf("%s: a compiled executable is tracked; remove it and ignore it", path)
			}
		}
	}
	if n == 0 {
		t.Error("git ls-files listed no files")
	}
}
