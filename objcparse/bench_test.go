package objcparse_test

import (
	"go/token"
	"testing"

	"github.com/objcleak/objcleak/internal/benchcorpus"
	"github.com/objcleak/objcleak/objcparse"
)

// BenchmarkParse parses and extracts every file of the benchmark corpus
// (a generated 10k-line project by default; see package benchcorpus for
// OBJCLEAK_BENCH_LINES and OBJCLEAK_BENCH_DIR) on one goroutine with one
// parser, as a driver worker does. The project's macros are scanned
// before the timer starts. MB/s counts source bytes.
//
//	go test ./objcparse -run '^$' -bench Parse -benchmem
//	OBJCLEAK_BENCH_LINES=1000000 go test ./objcparse -run '^$' -bench 'Parse$' -benchtime 2x
func BenchmarkParse(b *testing.B) {
	files, prefix := benchcorpus.Sources(b)
	macros := objcparse.NewMacros()
	for _, f := range prefix {
		macros.Scan(f.Data)
	}
	for _, f := range files {
		macros.Scan(f.Data)
	}
	lines := benchcorpus.Lines(files)
	b.SetBytes(benchcorpus.Bytes(files))
	p := objcparse.NewParser()
	defer p.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fset := token.NewFileSet()
		for _, f := range files {
			if _, err := p.Parse(fset, f.Path, f.Data, objcparse.Options{Macros: macros}); err != nil {
				b.Logf("%s: %v", f.Path, err)
			}
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkMacroScan scans the #defines of every file of the benchmark
// corpus, the driver's first pass.
func BenchmarkMacroScan(b *testing.B) {
	files, prefix := benchcorpus.Sources(b)
	files = append(files, prefix...)
	b.SetBytes(benchcorpus.Bytes(files))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := objcparse.NewMacros()
		for _, f := range files {
			m.Scan(f.Data)
		}
	}
}
