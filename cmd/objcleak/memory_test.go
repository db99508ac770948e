package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestHeapLimit: the limit leaves the analyzers' working set (up to 1.65
// times the facts on the corpus) room above the facts, and keeps a 1M-line
// project (141 MB of facts) under 300 MB.
func TestHeapLimit(t *testing.T) {
	for _, live := range []uint64{0, 13 << 20, 75 << 20, 141 << 20, 2 << 30} {
		got := heapLimit(live)
		if got < int64(1.65*float64(live))+heapLimitSlack/2 || got < heapLimitMin {
			t.Errorf("heapLimit(%d MiB) = %d MiB: no room for the working set", live>>20, got>>20)
		}
	}
	if got := heapLimit(141 << 20); got > 260<<20 {
		t.Errorf("heapLimit(141 MiB) = %d MiB, want at most 260 MiB", got>>20)
	}
}

// TestBoundHeap: lint bounds the heap during the analysis and lifts the
// bound after; GOMEMLIMIT, when set, is left alone.
func TestBoundHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	if before != math.MaxInt64 {
		t.Skipf("GOMEMLIMIT is set for the test process (%d)", before)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set")
	}
	done := boundHeap()
	if done == nil {
		t.Fatal("no bound set")
	}
	if during := debug.SetMemoryLimit(-1); during == math.MaxInt64 || during < heapLimitSlack {
		t.Errorf("limit during the analysis = %d", during)
	}
	done()
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("limit after = %d, want %d", after, before)
	}

	t.Setenv("GOMEMLIMIT", "off")
	if boundHeap() != nil || debug.SetMemoryLimit(-1) != before {
		t.Error("a bound was set although GOMEMLIMIT is set")
	}
}
