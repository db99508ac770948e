package objcparse

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// The corpus measurement (PARSING.md targets: ≥ 95% of .m + Objective-C .h
// files without error nodes, ≤ 1% of their bytes in error nodes).
//
//	OBJCLEAK_CORPUS=/work/corpus go test ./objcparse -run TestCorpus -v -timeout 30m
//	OBJCLEAK_CORPUS=/work/corpus OBJCLEAK_CORPUS_ABLATE=1 go test ./objcparse -run TestCorpus -v
//	OBJCLEAK_CORPUS=/work/corpus go test ./objcparse -run '^$' -bench Corpus -benchtime 3x
//
// Each directory directly under OBJCLEAK_CORPUS is one project (its macros
// are scanned together); files directly under it form the project ".".
// The corpus lives outside the repository (see /work/shared/corpus/README.md).

type corpusFile struct {
	project, path string // path relative to the corpus root
	src           []byte
	kind          FileKind
}

type corpusProject struct {
	name   string
	files  []*corpusFile
	prefix [][]byte // .pch files: macros only
	macros *Macros
}

// loadCorpus reads every .h .m .mm under dir (symbolic links are skipped)
// and scans each project's macros.
func loadCorpus(tb testing.TB, dir string) (projects []*corpusProject, scanTime time.Duration) {
	tb.Helper()
	byName := map[string]*corpusProject{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		macroOnly := false
		switch filepath.Ext(path) {
		case ".h", ".m", ".mm":
		case ".pch":
			// Prefix headers define macros every file sees; scanned, not parsed.
			macroOnly = true
		default:
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		proj := "."
		if i := strings.IndexByte(rel, filepath.Separator); i >= 0 {
			proj = rel[:i]
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		p := byName[proj]
		if p == nil {
			p = &corpusProject{name: proj, macros: NewMacros()}
			byName[proj] = p
			projects = append(projects, p)
		}
		if macroOnly {
			p.prefix = append(p.prefix, src)
			return nil
		}
		p.files = append(p.files, &corpusFile{project: proj, path: rel, src: src, kind: fileKind(path, src)})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Slice(projects, func(i, j int) bool { return strings.ToLower(projects[i].name) < strings.ToLower(projects[j].name) })
	start := time.Now()
	for _, p := range projects {
		var wg sync.WaitGroup
		ch := make(chan *corpusFile)
		for w := 0; w < runtime.NumCPU(); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range ch {
					p.macros.Scan(f.src)
				}
			}()
		}
		for _, f := range p.files {
			ch <- f
		}
		close(ch)
		wg.Wait()
		for _, src := range p.prefix {
			p.macros.Scan(src)
		}
		p.macros.rules() // classify now, outside the parse timing
	}
	return projects, time.Since(start)
}

// fileResult is what one file measured.
type fileResult struct {
	f                                *corpusFile
	rawRanges, preRanges, fullRanges int
	rawBytes, preBytes, fullBytes    int
	fallback, fallbackUsed           bool
	fallbackTime                     time.Duration
	rawTime, fullTime                time.Duration
	firstErr                         int // offset of the first error of the final tree, -1 if none
	firstErrEnd                      int
	applied                          []string
	timeout                          bool
}

// forEachFile runs fn on every file with runtime.NumCPU workers, one parser
// per worker.
func forEachFile(files []*corpusFile, fn func(p *sitter.Parser, f *corpusFile)) {
	ch := make(chan *corpusFile)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := sitter.NewParser()
			defer p.Close()
			p.SetLanguage(language)
			for f := range ch {
				fn(p, f)
			}
		}()
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
}

func measureFile(p *sitter.Parser, f *corpusFile, m *Macros) *fileResult {
	r := &fileResult{f: f, firstErr: -1}
	ctx := context.Background()
	start := time.Now()
	var spent time.Duration
	tree, err := timedParse(ctx, p, f.src, 0, &spent)
	r.rawTime = time.Since(start)
	if err != nil {
		r.rawRanges, r.rawBytes = 1, len(f.src)
	} else {
		rr, rb := errorRanges(tree.RootNode())
		r.rawRanges, r.rawBytes = len(rr), rb
		tree.Close()
	}
	start = time.Now()
	tree, _, st, err := parseBest(ctx, p, f.src, m, 0)
	r.fullTime = time.Since(start)
	if err != nil {
		r.timeout = true
		r.preRanges, r.preBytes = 1, len(f.src)
		r.fullRanges, r.fullBytes = 1, len(f.src)
		r.firstErr, r.firstErrEnd = 0, len(f.src)
		return r
	}
	tree.Close()
	r.preRanges, r.preBytes = st.PrepassErrorRanges, st.PrepassErrorBytes
	r.fullRanges, r.fullBytes = len(st.ErrorRanges), st.ErrorBytes
	r.fallback, r.fallbackUsed = st.Fallback, st.FallbackUsed
	r.fallbackTime = st.FallbackTime
	r.applied = st.Applied
	if len(st.ErrorRanges) > 0 {
		r.firstErr, r.firstErrEnd = int(st.ErrorRanges[0][0]), int(st.ErrorRanges[0][1])
	}
	return r
}

// tally aggregates results of one group of files.
type tally struct {
	files, bytes               int
	rawZero, preZero, fullZero int
	rawErrB, preErrB, fullErrB int
	rawTime, fullTime          time.Duration
	fallbacks, fallbackUsed    int
	fallbackTime               time.Duration
	fallbackFixed              int // files without errors thanks to the fallback
}

func (t *tally) add(r *fileResult) {
	t.files++
	t.bytes += len(r.f.src)
	if r.rawRanges == 0 {
		t.rawZero++
	}
	if r.preRanges == 0 {
		t.preZero++
	}
	if r.fullRanges == 0 {
		t.fullZero++
	}
	t.rawErrB += r.rawBytes
	t.preErrB += r.preBytes
	t.fullErrB += r.fullBytes
	t.rawTime += r.rawTime
	t.fullTime += r.fullTime
	if r.fallback {
		t.fallbacks++
	}
	if r.fallbackUsed {
		t.fallbackUsed++
	}
	if r.preRanges > 0 && r.fullRanges == 0 {
		t.fallbackFixed++
	}
	t.fallbackTime += r.fallbackTime
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func (t *tally) row(name string) string {
	return fmt.Sprintf("%-34s %5d  %5.1f%% %5.1f%% %5.1f%%  %6.2f%% %6.2f%% %6.2f%%",
		name, t.files,
		pct(t.rawZero, t.files), pct(t.preZero, t.files), pct(t.fullZero, t.files),
		pct(t.rawErrB, t.bytes), pct(t.preErrB, t.bytes), pct(t.fullErrB, t.bytes))
}

const tallyHeader = "group                              files   zero-error files         bytes in error nodes\n" +
	"                                          raw    pre  +fallb     raw    pre  +fallb"

func isObjC(k FileKind) bool { return k == KindM || k == KindObjCHeader }

func TestCorpus(t *testing.T) {
	dir := os.Getenv("OBJCLEAK_CORPUS")
	if dir == "" {
		t.Skip("set OBJCLEAK_CORPUS to a directory of projects")
	}
	projects, scanTime := loadCorpus(t, dir)
	var all []*corpusFile
	macrosOf := map[string]*Macros{}
	totalBytes := 0
	for _, p := range projects {
		all = append(all, p.files...)
		macrosOf[p.name] = p.macros
		for _, f := range p.files {
			totalBytes += len(f.src)
		}
	}
	// Biggest files first: better load balance.
	sort.SliceStable(all, func(i, j int) bool { return len(all[i].src) > len(all[j].src) })
	results := make(map[*corpusFile]*fileResult, len(all))
	var mu sync.Mutex
	wall := time.Now()
	forEachFile(all, func(p *sitter.Parser, f *corpusFile) {
		r := measureFile(p, f, macrosOf[f.project])
		mu.Lock()
		results[f] = r
		mu.Unlock()
	})
	wallTime := time.Since(wall)

	var sb strings.Builder
	fmt.Fprintf(&sb, "corpus %s: %d projects, %d files, %.1f MB; macro scan %v (%.0f MB/s)\n",
		dir, len(projects), len(all), float64(totalBytes)/1e6, scanTime.Round(time.Millisecond), float64(totalBytes)/1e6/scanTime.Seconds())
	fmt.Fprintf(&sb, "\nObjective-C files (.m + Objective-C .h) per project:\n%s\n", tallyHeader)
	var objcTotal tally
	kinds := map[FileKind]*tally{KindM: {}, KindObjCHeader: {}, KindCHeader: {}, KindMM: {}}
	var everything tally
	for _, p := range projects {
		var pt tally
		counts := map[FileKind]int{}
		for _, f := range p.files {
			r := results[f]
			counts[f.kind]++
			kinds[f.kind].add(r)
			everything.add(r)
			if isObjC(f.kind) {
				pt.add(r)
				objcTotal.add(r)
			}
		}
		name := fmt.Sprintf("%s (%d/%d/%d/%d)", p.name, counts[KindM], counts[KindObjCHeader], counts[KindCHeader], counts[KindMM])
		sb.WriteString(pt.row(name) + "\n")
	}
	sb.WriteString(objcTotal.row("TOTAL .m + objc.h") + "\n")
	fmt.Fprintf(&sb, "(per project: files .m/objc.h/c-c++.h/.mm)\n\nBy kind:\n%s\n", tallyHeader)
	for _, k := range []FileKind{KindM, KindObjCHeader, KindCHeader, KindMM} {
		sb.WriteString(kinds[k].row(k.String()) + "\n")
	}
	sb.WriteString(everything.row("all files") + "\n")
	fmt.Fprintf(&sb, "\n#if fallback: parsed for %d files, kept for %d, %d files made error-free; %.1f%% of the pipeline time\n",
		everything.fallbacks, everything.fallbackUsed, everything.fallbackFixed, 100*everything.fallbackTime.Seconds()/everything.fullTime.Seconds())
	for _, k := range []FileKind{KindM, KindObjCHeader, KindCHeader, KindMM} {
		kt := kinds[k]
		fmt.Fprintf(&sb, "  %-8s parsed %4d kept %4d fixed %4d  time %v\n", k, kt.fallbacks, kt.fallbackUsed, kt.fallbackFixed, kt.fallbackTime.Round(time.Millisecond))
	}
	if os.Getenv("OBJCLEAK_CORPUS_FALLBACK") != "" {
		var fb []*fileResult
		for _, r := range results {
			if r.fallback {
				fb = append(fb, r)
			}
		}
		sort.Slice(fb, func(i, j int) bool { return fb[i].fallbackTime > fb[j].fallbackTime })
		for i, r := range fb {
			if i == 15 {
				break
			}
			fmt.Fprintf(&sb, "  fallback %v %7d B kept=%v pre=%d→%d B %s\n", r.fallbackTime.Round(time.Millisecond), len(r.f.src), r.fallbackUsed, r.preBytes, r.fullBytes, r.f.path)
		}
	}
	cpu := everything.rawTime.Seconds()
	fmt.Fprintf(&sb, "speed per core: raw parse %.1f MB/s, pipeline (pre-pass+parse+fallback) %.1f MB/s; wall %v on %d CPUs (both runs)\n",
		float64(everything.bytes)/1e6/cpu, float64(everything.bytes)/1e6/everything.fullTime.Seconds(), wallTime.Round(time.Millisecond), runtime.NumCPU())

	// Rewrites applied (files using each family).
	fam := map[string]int{}
	for _, r := range results {
		seen := map[string]bool{}
		for _, a := range r.applied {
			k := a
			if i := strings.IndexByte(a, ':'); i >= 0 && strings.HasPrefix(a, "project-") {
				k = a[:i]
			}
			if !seen[k] {
				seen[k] = true
				fam[k]++
			}
		}
	}
	sb.WriteString("\nfiles per rewrite (top 80):\n")
	writeTop(&sb, fam, 80)

	// First-error classes of the remaining Objective-C failures.
	classes := map[string][]string{}
	for _, f := range all {
		r := results[f]
		if !isObjC(f.kind) || r.fullRanges == 0 {
			continue
		}
		cls, where := firstErrorClass(f, r)
		classes[cls] = append(classes[cls], where)
	}
	// Regressions: files clean raw that the pipeline breaks.
	var regressed []string
	for _, f := range all {
		if r := results[f]; r.rawRanges == 0 && r.fullRanges > 0 {
			_, where := firstErrorClass(f, r)
			regressed = append(regressed, where)
		}
	}
	sort.Strings(regressed)
	fmt.Fprintf(&sb, "\nfiles clean raw but not after the pipeline: %d\n", len(regressed))
	for _, w := range regressed {
		fmt.Fprintf(&sb, "       %s\n", w)
	}

	// The Objective-C files with most error bytes.
	var worst []*fileResult
	for _, f := range all {
		if r := results[f]; isObjC(f.kind) && r.fullBytes > 0 {
			worst = append(worst, r)
		}
	}
	sort.Slice(worst, func(i, j int) bool { return worst[i].fullBytes > worst[j].fullBytes })
	sb.WriteString("\nObjective-C files with most error bytes:\n")
	for i, r := range worst {
		if i == 12 {
			break
		}
		_, where := firstErrorClass(r.f, r)
		fmt.Fprintf(&sb, "%8d B %5.1f%%  %s\n", r.fullBytes, pct(r.fullBytes, len(r.f.src)), where)
	}

	fmt.Fprintf(&sb, "\nremaining Objective-C failures by first-error class (%d files):\n", objcTotal.files-objcTotal.fullZero)
	keys := make([]string, 0, len(classes))
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(classes[keys[i]]) != len(classes[keys[j]]) {
			return len(classes[keys[i]]) > len(classes[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		ex := classes[k]
		sort.Strings(ex)
		n := len(ex)
		if len(ex) > 4 {
			ex = ex[:4]
		}
		fmt.Fprintf(&sb, "%4d %s\n", n, k)
		for _, e := range ex {
			fmt.Fprintf(&sb, "       %s\n", e)
		}
	}
	t.Log("\n" + sb.String())

	if os.Getenv("OBJCLEAK_CORPUS_ABLATE") != "" {
		ablate(t, projects)
	}
}

func writeTop(sb *strings.Builder, m map[string]int, n int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		if i == n {
			break
		}
		fmt.Fprintf(sb, "%6d %s\n", m[k], k)
	}
}

// firstErrorClass names the construct at the first error of a file and
// returns "file:line: text" as an example.
func firstErrorClass(f *corpusFile, r *fileResult) (string, string) {
	if r.timeout {
		return "timeout", f.path
	}
	off := r.firstErr
	if off > len(f.src) {
		off = len(f.src)
	}
	line := 1 + bytes.Count(f.src[:off], []byte("\n"))
	ls := bytes.LastIndexByte(f.src[:off], '\n') + 1
	le := bytes.IndexByte(f.src[off:], '\n')
	if le < 0 {
		le = len(f.src)
	} else {
		le += off
	}
	text := strings.TrimSpace(string(f.src[ls:le]))
	if len(text) > 90 {
		text = text[:90]
	}
	where := fmt.Sprintf("%s:%d: %s", f.path, line, text)
	return classifyErrorLine(f.src, ls, le, off), where
}

// classifyErrorLine buckets an error by the first token of its line, with
// a few recognizable shapes named.
func classifyErrorLine(src []byte, ls, le, off int) string {
	lineText := string(src[ls:le])
	trim := strings.TrimSpace(lineText)
	switch {
	case trim == "":
		return "blank line (error spans from above)"
	case strings.HasPrefix(trim, "#"):
		return "preprocessor line"
	case strings.HasPrefix(trim, "//") || strings.HasPrefix(trim, "/*") || strings.HasPrefix(trim, "*"):
		return "comment line"
	}
	// First token of the line.
	i := 0
	for i < len(trim) && (isIdentByte(trim[i]) || (i == 0 && trim[i] == '@')) {
		i++
	}
	first := trim[:i]
	if first == "" {
		first = trim[:1]
	}
	// A call-like macro statement without ';': NAME(...) alone on its line.
	if i > 0 && isUpperIdent(first) && strings.HasSuffix(trim, ")") && i < len(trim) && trim[i] == '(' {
		return "UPPER_MACRO(...) line without ; (" + first + ")"
	}
	if isUpperIdent(first) && len(first) > 3 {
		return "UPPER_NAME at line start (" + first + ")"
	}
	return "line starts with " + first
}

func isUpperIdent(s string) bool {
	if s == "" {
		return false
	}
	up := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			up++
		case c == '_' || isDigit(c):
		default:
			return false
		}
	}
	return up > 0
}

// ablate measures each pre-pass component: the zero-error share and error
// bytes of Objective-C files with all components but one (no fallback), and
// with that one alone.
func ablate(t *testing.T, projects []*corpusProject) {
	var files []*corpusFile
	macrosOf := map[string]*Macros{}
	for _, p := range projects {
		macrosOf[p.name] = p.macros
		for _, f := range p.files {
			if isObjC(f.kind) {
				files = append(files, f)
			}
		}
	}
	run := func(comps component) (zero, errB, total int) {
		var mu sync.Mutex
		forEachFile(files, func(p *sitter.Parser, f *corpusFile) {
			var text []byte
			if comps == 0 {
				text = f.src
			} else {
				text = prepareWith(f.src, macrosOf[f.project], comps).Text
			}
			var spent time.Duration
			tree, err := timedParse(context.Background(), p, text, 0, &spent)
			z, b := 0, len(f.src)
			if err == nil {
				rr, rb := errorRanges(tree.RootNode())
				tree.Close()
				b = rb
				if len(rr) == 0 {
					z = 1
				}
			}
			mu.Lock()
			zero += z
			errB += b
			total += len(f.src)
			mu.Unlock()
		})
		return
	}
	var sb strings.Builder
	n := len(files)
	z0, b0, tot := run(0)
	zA, bA, _ := run(compAll)
	fmt.Fprintf(&sb, "ablation over %d Objective-C files (pre-pass only, no fallback)\n", n)
	fmt.Fprintf(&sb, "%-12s %8s %8s   %8s %8s\n", "component", "alone", "errB", "all-but", "errB")
	fmt.Fprintf(&sb, "%-12s %7.1f%% %7.2f%%\n", "none", pct(z0, n), pct(b0, tot))
	for _, cn := range componentNames {
		za, ba, _ := run(cn.c)
		zb, bb, _ := run(compAll &^ cn.c)
		fmt.Fprintf(&sb, "%-12s %7.1f%% %7.2f%%   %7.1f%% %7.2f%%  (marginal %+d files = %+.2f pts, %+.3f pts bytes)\n",
			cn.name, pct(za, n), pct(ba, tot), pct(zb, n), pct(bb, tot), zA-zb, pct(zA, n)-pct(zb, n), pct(bA, tot)-pct(bb, tot))
	}
	fmt.Fprintf(&sb, "%-12s %7.1f%% %7.2f%%\n", "all", pct(zA, n), pct(bA, tot))
	t.Log("\n" + sb.String())
}

// Benchmarks over OBJCLEAK_CORPUS: raw parse, pre-pass alone, and the
// whole pipeline, each over every file with runtime.NumCPU workers.

func benchCorpus(b *testing.B) []*corpusProject {
	dir := os.Getenv("OBJCLEAK_CORPUS")
	if dir == "" {
		b.Skip("set OBJCLEAK_CORPUS to a directory of projects")
	}
	projects, _ := loadCorpus(b, dir)
	return projects
}

func corpusFiles(projects []*corpusProject) (files []*corpusFile, macros map[string]*Macros, total int64) {
	macros = map[string]*Macros{}
	for _, p := range projects {
		macros[p.name] = p.macros
		for _, f := range p.files {
			files = append(files, f)
			total += int64(len(f.src))
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return len(files[i].src) > len(files[j].src) })
	return files, macros, total
}

func BenchmarkCorpusRaw(b *testing.B) {
	files, _, total := corpusFiles(benchCorpus(b))
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		forEachFile(files, func(p *sitter.Parser, f *corpusFile) {
			var spent time.Duration
			if tree, err := timedParse(context.Background(), p, f.src, 0, &spent); err == nil {
				tree.Close()
			}
		})
	}
}

func BenchmarkCorpusPipeline(b *testing.B) {
	files, macros, total := corpusFiles(benchCorpus(b))
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		forEachFile(files, func(p *sitter.Parser, f *corpusFile) {
			if tree, _, _, err := parseBest(context.Background(), p, f.src, macros[f.project], 0); err == nil {
				tree.Close()
			}
		})
	}
}

func BenchmarkCorpusPrepare(b *testing.B) {
	files, macros, total := corpusFiles(benchCorpus(b))
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			PrepareSource(f.src, macros[f.project])
		}
	}
}

// TestCorpusFidelity checks that the pre-pass loses no structure: for
// every file that parses without errors both raw and through the pipeline,
// the counts of the node kinds the extractor reads must be equal (a
// rewrite that silently drops a method, a message send or a block would
// show here). Opt-in: OBJCLEAK_CORPUS=dir OBJCLEAK_CORPUS_FIDELITY=1.
func TestCorpusFidelity(t *testing.T) {
	dir := os.Getenv("OBJCLEAK_CORPUS")
	if dir == "" || os.Getenv("OBJCLEAK_CORPUS_FIDELITY") == "" {
		t.Skip("set OBJCLEAK_CORPUS and OBJCLEAK_CORPUS_FIDELITY")
	}
	projects, _ := loadCorpus(t, dir)
	kinds := []string{"method_definition", "method_declaration", "property_declaration", "message_expression",
		"block_literal", "class_interface", "class_implementation", "function_definition", "compound_statement"}
	var pattern strings.Builder
	for i, k := range kinds {
		fmt.Fprintf(&pattern, "(%s) @k%d\n", k, i)
	}
	q, err := sitter.NewQuery([]byte(pattern.String()), language)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	count := func(tree *sitter.Tree) []int {
		c := make([]int, len(kinds))
		qc := sitter.NewQueryCursor()
		defer qc.Close()
		qc.Exec(q, tree.RootNode())
		for {
			m, ok := qc.NextMatch()
			if !ok {
				break
			}
			c[m.PatternIndex]++
		}
		return c
	}
	var mu sync.Mutex
	compared, differ := 0, 0
	var examples []string
	for _, proj := range projects {
		forEachFile(proj.files, func(p *sitter.Parser, f *corpusFile) {
			var spent time.Duration
			raw, err := timedParse(context.Background(), p, f.src, 0, &spent)
			if err != nil {
				return
			}
			defer raw.Close()
			if raw.RootNode().HasError() {
				return
			}
			full, _, st, err := parseBest(context.Background(), p, f.src, proj.macros, 0)
			if err != nil {
				return
			}
			defer full.Close()
			if len(st.ErrorRanges) > 0 {
				return
			}
			a, b := count(raw), count(full)
			mu.Lock()
			defer mu.Unlock()
			compared++
			for i := range kinds {
				if a[i] != b[i] {
					differ++
					examples = append(examples, fmt.Sprintf("%s: %s raw %d, pipeline %d (%s)", f.path, kinds[i], a[i], b[i], strings.Join(st.Applied, " ")))
					break
				}
			}
		})
	}
	sort.Strings(examples)
	t.Logf("compared %d files clean raw and after the pipeline; %d differ", compared, differ)
	for _, e := range examples {
		t.Log(e)
	}
}
