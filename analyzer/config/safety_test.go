package config_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer/config"
)

// TestPathsStayInProject: a configuration comes with the code it lints (a
// pull request may change it), so nothing path-like in it can name a file
// outside the project: absolute header paths and `..` escapes are errors
// that name the key. Globs are only matched, never opened; a leading "/"
// still means the file's directory.
func TestPathsStayInProject(t *testing.T) {
	const file = "proj/.objcleak.yml"
	for _, tc := range []struct{ name, text, want string }{
		{"absolute header path", "version: 1\nheader-paths: [/usr/include]\n",
			file + `:2:16: header-paths: "/usr/include" is an absolute path; paths in .objcleak.yml are relative to its directory and stay inside it`},
		{"header path leaving the project", "version: 1\nheader-paths: [Sources, ../../etc]\n",
			file + `:2:25: header-paths: "../../etc" leads outside the directory of .objcleak.yml (..); paths in it stay inside the project`},
		{"header path leaving after a detour", "version: 1\nheader-paths:\n  - Sources/../../x\n",
			file + `:3:5: header-paths: "Sources/../../x" leads outside the directory of .objcleak.yml (..); paths in it stay inside the project`},
		{"exclude leaving the project", "version: 1\nexclude: [\"../Other/**\"]\n",
			file + `:2:11: exclude: "../Other/**" leads outside the directory of .objcleak.yml (..); paths in it stay inside the project`},
		{"include leaving the project", "version: 1\ninclude: [\"..\"]\n",
			file + `:2:11: include: ".." leads outside the directory of .objcleak.yml (..); paths in it stay inside the project`},
		{"arc glob leaving the project", "version: 1\narc:\n  - {path: \"../Legacy/**\", arc: false}\n",
			file + `:3:12: arc[0].path: "../Legacy/**" leads outside the directory of .objcleak.yml (..); paths in it stay inside the project`},
	} {
		_, err := parse(t, tc.text)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error\n got %v\nwant %s", tc.name, err, tc.want)
		}
	}
	for _, ok := range []string{
		"version: 1\nheader-paths: [Sources, ./Shared, Sources/../Shared]\n",
		"version: 1\nexclude: [\"/Vendor/\", \"**/Gen/**\", \"a/../b\"]\n",
	} {
		if _, err := parse(t, ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// TestFindRefusesLinkOutOfProject: a .objcleak.yml in the linted tree that
// links to a file outside its directory is not read (its contents would
// show in error messages); --config can still name any file.
func TestFindRefusesLinkOutOfProject(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.yml")
	write(t, secret, "version: 1\n")
	proj := filepath.Join(dir, "proj")
	write(t, filepath.Join(proj, "Sub", "real.yml"), "version: 1\n")
	write(t, filepath.Join(proj, "Sub", "Inner", "A.m"), "")
	if err := os.Symlink(secret, filepath.Join(proj, config.FileName)); err != nil {
		t.Skip("symbolic links not supported:", err)
	}
	if err := os.Symlink("real.yml", filepath.Join(proj, "Sub", config.FileName)); err != nil {
		t.Fatal(err)
	}
	if got, err := config.Find(filepath.Join(proj, "A.m")); err == nil || !strings.Contains(err.Error(), "is a symbolic link to a file outside its directory") {
		t.Errorf("Find through a link out of the project = %q, %v; want an error", got, err)
	}
	// A link within the project is fine.
	if got, err := config.Find(filepath.Join(proj, "Sub", "Inner", "A.m")); err != nil || got != filepath.Join(proj, "Sub", config.FileName) {
		t.Errorf("Find through a link inside the project = %q, %v", got, err)
	}
	if _, err := config.Load(filepath.Join(proj, config.FileName), all); err != nil {
		t.Errorf("Load (--config) of a link: %v", err)
	}
}

// TestLoadReadsOnlyRegularFiles: a named pipe would block and a device never
// end; both are errors, as is a file too large to be a configuration.
func TestLoadReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe.yml")
	if err := mkfifo(pipe); err != nil {
		t.Skip("named pipes not supported:", err)
	}
	if _, err := config.Load(pipe, all); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load(pipe) = %v", err)
	}
	big := filepath.Join(dir, "big.yml")
	write(t, big, "version: 1\n# "+strings.Repeat("x", 2<<20)+"\n")
	if _, err := config.Load(big, all); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load(big) = %v", err)
	}
}

// mkfifo makes a named pipe at path with the mkfifo command (there is no
// portable system call; where the command is missing, tests skip).
func mkfifo(path string) error {
	return exec.Command("mkfifo", path).Run()
}
