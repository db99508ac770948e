package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// objcleak lint's memory policy (README, "Memory"). The facts of the whole
// project stay in memory while the analyzers run, and the analyzers'
// working set comes on top: 0.3 to 0.65 times the facts on the 21 projects
// of the corpus (0.5 on the 1M-line one). Go's collector, left alone, lets the heap grow to twice
// what is live, so the 1M-line corpus would peak near 355 MB.
//
// Once the facts are loaded, boundHeap sets a soft memory limit: the
// runtime's own overhead (metadata, stacks) plus heapLimitFactor times the
// facts plus heapLimitSlack (at least heapLimitMin). The 1M-line corpus
// then peaks near 280 MB, for a few more collections during the analysis.
// A limit the working set outgrows would make the collector run all the
// time (Go lets it take half the CPU), so a watchdog raises the limit
// whenever the live heap comes within heapHeadroom of it. The limit is
// lifted when the analyzers are done. GOMEMLIMIT, when set (to a size or
// "off"), is the user's choice and is left alone.
const (
	heapLimitFactor = 1.55
	heapLimitSlack  = 16 << 20
	heapLimitMin    = 64 << 20
	// heapHeadroom and heapWatchSlack are the least room the watchdog
	// keeps between the live heap and the limit: a fraction of the live
	// heap, plus a constant.
	heapHeadroom   = 0.05
	heapWatchSlack = 8 << 20
	// heapWatch is how often the watchdog looks.
	heapWatch = 10 * time.Millisecond
)

// heapLimit returns the soft memory limit for facts of live bytes with the
// runtime's overhead beside the heap.
func heapLimit(live, overhead uint64) int64 {
	return int64(overhead) + max(int64(heapLimitFactor*float64(live))+heapLimitSlack, heapLimitMin)
}

// raisedLimit returns the limit the watchdog sets when the live heap has
// grown too close to limit, or limit itself.
func raisedLimit(limit int64, live, overhead uint64) int64 {
	need := int64(overhead) + int64((1+heapHeadroom)*float64(live)) + heapWatchSlack
	return max(limit, need)
}

// memoryStats reads the live heap (as of the last collection) and the
// runtime's memory outside heap objects that counts against the limit.
func memoryStats() (live, overhead uint64) {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return 0, 0
		}
	}
	live = s[0].Value.Uint64()
	used := s[1].Value.Uint64() - s[2].Value.Uint64()
	if heap := s[3].Value.Uint64() + s[4].Value.Uint64(); used > heap {
		overhead = used - heap
	}
	return live, overhead
}

// boundHeap is analyzer.Config.BeforeAnalysis for lint: it measures the
// facts (the live heap after a collection) and bounds the heap while the
// analyzers run.
func boundHeap() (done func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return nil
	}
	// A small project (or one file linted on save) needs no bound, nor
	// the collection that measures the facts.
	if live, _ := memoryStats(); live < heapLimitMin/4 {
		return nil
	}
	runtime.GC()
	live, overhead := memoryStats()
	if live == 0 {
		return nil
	}
	limit := heapLimit(live, overhead)
	old := debug.SetMemoryLimit(-1)
	if limit >= old {
		return nil
	}
	debug.SetMemoryLimit(limit)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(heapWatch)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				live, overhead := memoryStats()
				if raised := raisedLimit(limit, live, overhead); raised > limit {
					limit = raised
					debug.SetMemoryLimit(limit)
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-stopped
		debug.SetMemoryLimit(old)
	}
}
