package analyzer_test

import (
	"context"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/internal/benchcorpus"
	"github.com/objcleak/objcleak/rules"
)

// Benchmarks of the driver over the benchmark corpus (a generated
// 10k-line project by default; see package benchcorpus for
// OBJCLEAK_BENCH_LINES and OBJCLEAK_BENCH_DIR). They use GOMAXPROCS
// parse workers; -cpu 1,2 compares one and two.
//
//	go test ./analyzer -run '^$' -bench . -cpu 1,2
//	OBJCLEAK_BENCH_LINES=1000000 go test ./analyzer -run '^$' -bench . -benchtime 2x

// benchConfig lints dir with every rule, as `objcleak lint` does without
// a configuration file.
func benchConfig(dir string) *analyzer.Config {
	return &analyzer.Config{Paths: []string{dir}, Root: dir, Analyzers: rules.All, KnownRules: rules.Names()}
}

// reportRates adds lines/s and files/s to a benchmark that handles
// project p b.N times.
func reportRates(b *testing.B, pr *analyzer.Project) {
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(pr.Lines)*float64(b.N)/s, "lines/s")
	b.ReportMetric(float64(pr.Sources)*float64(b.N)/s, "files/s")
}

func projectBytes(pr *analyzer.Project) int64 {
	var n int64
	for _, f := range pr.Files {
		n += int64(f.Size)
	}
	return n
}

// BenchmarkLoad measures file discovery, the macro scan, parsing and the
// index: everything before the first analyzer.
func BenchmarkLoad(b *testing.B) {
	dir := benchcorpus.Dir(b)
	cfg := benchConfig(dir)
	pr, err := analyzer.Load(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(projectBytes(pr))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if pr, err = analyzer.Load(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, pr)
}

// BenchmarkNewIndex measures the cross-file index alone, over facts
// parsed once.
func BenchmarkNewIndex(b *testing.B) {
	dir := benchcorpus.Dir(b)
	pr, err := analyzer.Load(context.Background(), benchConfig(dir))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		analyzer.NewIndex(pr.Files)
	}
	reportRates(b, pr)
}

// BenchmarkRun measures the whole lint: Load and every rule.
func BenchmarkRun(b *testing.B) {
	dir := benchcorpus.Dir(b)
	cfg := benchConfig(dir)
	pr, err := analyzer.Load(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(projectBytes(pr))
	b.ReportAllocs()
	b.ResetTimer()
	findings := 0
	for i := 0; i < b.N; i++ {
		res, err := analyzer.Run(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		findings = len(res.Diagnostics)
	}
	reportRates(b, pr)
	b.ReportMetric(float64(findings), "findings")
}

// BenchmarkAnalyze measures every rule over a project loaded once: the
// difference between Run and Load.
func BenchmarkAnalyze(b *testing.B) {
	dir := benchcorpus.Dir(b)
	cfg := benchConfig(dir)
	pr, err := analyzer.Load(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := analyzer.RunProject(context.Background(), cfg, pr); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, pr)
}
