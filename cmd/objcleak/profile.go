package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/pflag"
)

// profileOptions are hidden flags writing pprof profiles of one run, for
// the people working on objcleak's speed (see docs in README "Performance").
type profileOptions struct {
	cpu, mem string
}

func addProfileFlags(f *pflag.FlagSet, o *profileOptions) {
	f.StringVar(&o.cpu, "cpuprofile", "", "write a CPU profile to `FILE`")
	f.StringVar(&o.mem, "memprofile", "", "write a heap profile to `FILE` when the analyzers are done (the peak)")
	f.MarkHidden("cpuprofile")
	f.MarkHidden("memprofile")
}

// heapAtPeak returns a function writing the heap profile, for
// analyzer.Config.AfterAnalysis: when the facts are still live.
func (o profileOptions) heapAtPeak(errs *error) func() {
	if o.mem == "" {
		return nil
	}
	return func() {
		f, err := os.Create(o.mem)
		if err == nil {
			runtime.GC()
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			*errs = fmt.Errorf("--memprofile: %w", err)
		}
	}
}

// start begins CPU profiling; the returned function ends it.
func (o profileOptions) start() (stop func() error, err error) {
	var cpu *os.File
	if o.cpu != "" {
		if cpu, err = os.Create(o.cpu); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
		}
		return nil
	}, nil
}
