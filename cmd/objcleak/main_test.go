package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

// TestMain keeps the tests' facts cache in a temporary directory, away
// from the user's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "objcleak-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv(analyzer.CacheDirEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
