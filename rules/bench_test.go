package rules_test

import (
	"context"
	"sort"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/internal/benchcorpus"
	"github.com/objcleak/objcleak/rules"
)

// BenchmarkRule runs each rule alone (with the passes it requires) over
// the benchmark corpus, loaded once before the timer starts (a generated
// 10k-line project by default; see package benchcorpus for
// OBJCLEAK_BENCH_LINES and OBJCLEAK_BENCH_DIR).
//
//	go test ./rules -run '^$' -bench Rule
//	OBJCLEAK_BENCH_LINES=1000000 go test ./rules -run '^$' -bench Rule -benchtime 3x
func BenchmarkRule(b *testing.B) {
	pr := loadBenchProject(b)
	for _, a := range rules.All {
		b.Run(a.Name, func(b *testing.B) { benchAnalyzers(b, pr, a) })
	}
}

// BenchmarkPass runs each shared pass (an analyzer that rules require
// and that reports nothing itself) alone, with the passes it requires.
func BenchmarkPass(b *testing.B) {
	pr := loadBenchProject(b)
	for _, a := range passes() {
		b.Run(a.Name, func(b *testing.B) { benchAnalyzers(b, pr, a) })
	}
}

// BenchmarkAllRules runs every rule over the loaded project: the
// analysis part of a lint.
func BenchmarkAllRules(b *testing.B) {
	pr := loadBenchProject(b)
	benchAnalyzers(b, pr, rules.All...)
}

var benchProject struct {
	dir string
	pr  *analyzer.Project
}

// loadBenchProject loads the benchmark corpus once per test binary.
func loadBenchProject(b *testing.B) *analyzer.Project {
	dir := benchcorpus.Dir(b)
	if benchProject.dir != dir {
		pr, err := analyzer.Load(context.Background(), &analyzer.Config{Paths: []string{dir}, Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		benchProject.dir, benchProject.pr = dir, pr
	}
	return benchProject.pr
}

func benchAnalyzers(b *testing.B, pr *analyzer.Project, as ...*analyzer.Analyzer) {
	cfg := &analyzer.Config{Paths: []string{benchProject.dir}, Root: benchProject.dir, Analyzers: as, KnownRules: rules.Names()}
	b.ReportAllocs()
	b.ResetTimer()
	findings := 0
	for i := 0; i < b.N; i++ {
		res, err := analyzer.RunProject(context.Background(), cfg, pr)
		if err != nil {
			b.Fatal(err)
		}
		findings = len(res.Diagnostics)
	}
	b.ReportMetric(float64(pr.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(findings), "findings")
}

// passes returns the analyzers the rules require that are not rules,
// sorted by name.
func passes() []*analyzer.Analyzer {
	seen := map[*analyzer.Analyzer]bool{}
	var out []*analyzer.Analyzer
	var walk func(a *analyzer.Analyzer)
	walk = func(a *analyzer.Analyzer) {
		for _, r := range a.Requires {
			if !seen[r] {
				seen[r] = true
				if !r.IsRule() {
					out = append(out, r)
				}
				walk(r)
			}
		}
	}
	for _, a := range rules.All {
		walk(a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
