package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// objcleak lint's memory policy (README, "Memory"). The facts of the whole
// project stay in memory while the analyzers run, and the analyzers'
// working set comes on top: at most 1.65 times the facts on the 21
// projects of the corpus. Go's collector, left alone, lets the heap grow
// to twice what is live, so a 1M-line project would peak near 360 MB. Once
// the facts are loaded, boundHeap sets a soft memory limit of
// heapLimitFactor times their size plus heapLimitSlack (at least
// heapLimitMin), and lifts it when the analyzers are done: the 1M-line
// corpus then peaks near 280 MB instead of 355 MB, for a few more
// collections during the analysis.
//
// A limit the working set outgrows would make the collector run
// constantly (Go caps it at half the CPU), so the factor keeps a margin
// above what the corpus needs. GOMEMLIMIT, when set (to a size or "off"),
// is the user's choice and is left alone.
const (
	heapLimitFactor = 1.7
	heapLimitSlack  = 16 << 20
	heapLimitMin    = 64 << 20
)

// heapLimit returns the soft memory limit for facts of live bytes.
func heapLimit(live uint64) int64 {
	return max(int64(heapLimitFactor*float64(live))+heapLimitSlack, heapLimitMin)
}

// boundHeap is analyzer.Config.BeforeAnalysis for lint: it measures the
// live heap (the facts and the index) and bounds the heap while the
// analyzers run.
func boundHeap() (done func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return nil
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return nil
	}
	limit := heapLimit(sample[0].Value.Uint64())
	old := debug.SetMemoryLimit(-1)
	if limit >= old {
		return nil
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}
