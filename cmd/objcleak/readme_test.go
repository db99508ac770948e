package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The README's set-up: exactly these two commands, on a fresh machine after
// cloning.
const (
	readmeLintCommand = "go run ./cmd/objcleak lint ./testdata/App"
	readmeTestCommand = "go test -race ./..."
)

const (
	rulesBegin = "<!-- rules:begin -->"
	rulesEnd   = "<!-- rules:end -->"
)

var (
	readmePath = filepath.Join("..", "..", "README.md")
	ciRunPath  = filepath.Join("..", "..", ".ci", "run")
)

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// TestReadmeRuleTable keeps the README's Rules section equal to RuleTable.
func TestReadmeRuleTable(t *testing.T) {
	readme := readText(t, readmePath)
	_, rest, ok := strings.Cut(readme, rulesBegin+"\n")
	if !ok {
		t.Fatalf("README.md has no line %q", rulesBegin)
	}
	table, _, ok := strings.Cut(rest, rulesEnd)
	if !ok {
		t.Fatalf("README.md has no line %q after %q", rulesEnd, rulesBegin)
	}
	if strings.Contains(rest[len(table)+len(rulesEnd):], rulesBegin) {
		t.Fatalf("README.md has more than one %q", rulesBegin)
	}
	got := strings.Trim(table, "\n")
	want := strings.Trim(RuleTable(), "\n")
	if got != want {
		t.Errorf("the rule table in README.md is out of date; run\n\n\tgo run ./cmd/objcleak rules --markdown\n\n"+
			"and paste its output between %q and %q.\n\nREADME.md has:\n%s\n\nRuleTable() is:\n%s", rulesBegin, rulesEnd, got, want)
	}
}

// TestReadmeSetupCommands checks that the README gives the two set-up
// commands and that CI runs the README's test command.
func TestReadmeSetupCommands(t *testing.T) {
	readme := readText(t, readmePath)
	for _, c := range []string{readmeLintCommand, readmeTestCommand} {
		if !strings.Contains(readme, c) {
			t.Errorf("README.md does not contain the set-up command %q", c)
		}
	}

	ci := readText(t, ciRunPath)
	if !runsCommand(ci, readmeTestCommand) {
		t.Errorf(".ci/run does not run the README's test command %q (flags allowed in between: -count=1, -v)", readmeTestCommand)
	}
}

// runsCommand reports whether a line of script runs command: whether the
// words of command appear in order on one line, ignoring the test flags
// that do not change what is tested (-count=1, -v) and a comment.
func runsCommand(script, command string) bool {
	want := strings.Fields(command)
	for _, line := range strings.Split(script, "\n") {
		line, _, _ = strings.Cut(line, "#")
		var words []string
		for _, w := range strings.Fields(line) {
			if w != "-count=1" && w != "-v" {
				words = append(words, w)
			}
		}
		for i := range words {
			if len(words)-i >= len(want) && slices.Equal(words[i:i+len(want)], want) {
				return true
			}
		}
	}
	return false
}

func TestReadmeRunsCommand(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   bool
	}{
		{"run go test -race -count=1 ./...\n", true},
		{"go test -race ./...", true},
		{"set -e\n  go test -race ./... 2>&1\n", true},
		{"# go test -race ./...\n", false},
		{"go test ./...\n", false},
		{"go test -race ./cmd/...\n", false},
		{"go test -race -run X ./...\n", false},
	} {
		if got := runsCommand(tc.script, readmeTestCommand); got != tc.want {
			t.Errorf("runsCommand(%q) = %v, want %v", tc.script, got, tc.want)
		}
	}
}
