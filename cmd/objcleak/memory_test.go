package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestHeapLimit: the limit leaves the analyzers' working set (0.5 times
// the facts on the 1M-line corpus) room above the facts and the runtime's
// overhead, and keeps that corpus (141 MB of facts) under 300 MB; the
// watchdog (TestRaisedLimit) makes room for more.
func TestHeapLimit(t *testing.T) {
	const overhead = 20 << 20
	for _, live := range []uint64{0, 13 << 20, 75 << 20, 141 << 20, 2 << 30} {
		got := heapLimit(live, overhead)
		if got < overhead+int64(1.5*float64(live))+heapLimitSlack/2 || got < overhead+heapLimitMin {
			t.Errorf("heapLimit(%d MiB) = %d MiB: no room for the working set", live>>20, got>>20)
		}
	}
	if got := heapLimit(141<<20, overhead); got > 280<<20 {
		t.Errorf("heapLimit(141 MiB) = %d MiB, want at most 280 MiB", got>>20)
	}
}

// TestRaisedLimit: the watchdog leaves a limit with room alone and raises
// one the live heap has come close to.
func TestRaisedLimit(t *testing.T) {
	const overhead = 20 << 20
	limit := heapLimit(75<<20, overhead)
	if got := raisedLimit(limit, 100<<20, overhead); got != limit {
		t.Errorf("raised at 100 MiB live: %d -> %d MiB", limit>>20, got>>20)
	}
	got := raisedLimit(limit, 129<<20, overhead)
	if room := got - overhead - 129<<20; room < 129<<20/20 {
		t.Errorf("at 129 MiB live the limit is %d MiB: %d MiB of room", got>>20, room>>20)
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
	runtime.GC()
	if live, _ := memoryStats(); live < heapLimitMin/4 && boundHeap() != nil {
		t.Error("a bound was set for a small heap")
	}
	ballast := make([][]byte, 0, 64)
	for len(ballast) < cap(ballast) {
		ballast = append(ballast, make([]byte, 1<<20))
	}
	runtime.GC()
	done := boundHeap()
	runtime.KeepAlive(ballast)
	if done == nil {
		t.Fatal("no bound set")
	}
	if during := debug.SetMemoryLimit(-1); during == math.MaxInt64 || during < heapLimitMin {
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
