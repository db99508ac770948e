// Package baseline lets a project adopt objcleak without fixing every
// existing finding first. A baseline file records the findings of one run;
// later runs filtered through it (File.Apply) report only findings that are
// not in it. Findings are matched by rule, file and analyzer.Fingerprint,
// never by line number, so unrelated edits that move code up or down do not
// bring baselined findings back.
//
// The package also computes the lines changed in a git work tree since a
// revision (GitChanges, FilterChanged), for reporting only the findings on
// new or edited lines.
package baseline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"

	"github.com/objcleak/objcleak/analyzer"
)

// The baseline file is a JSON document, indented by two spaces:
//
//	{
//	  "kind": "objcleak-baseline",      // identifies the document
//	  "version": 1,                     // Version; bumped on incompatible change
//	  "tool": {"name": "objcleak", "version": "1.2.0"},  // who wrote it (informational)
//	  "fingerprintScheme": "objcleak/v1",                // analyzer.FingerprintKey
//	  "findings": [{
//	    "rule": "sessionleak",
//	    "path": "App/FeedAPIClient.m",  // relative to the run's root, forward slashes
//	    "line": 27,                     // for humans only; never used for matching
//	    "fingerprint": "…",             // analyzer.Fingerprint, 32 hex digits
//	    "message": "…"                  // the finding's message
//	  }]
//	}
//
// Findings are in the order of the run's output (file, line, column, rule).
// Readers ignore keys they do not know.

// Kind is the value of the "kind" key of every baseline file.
const Kind = "objcleak-baseline"

// Version is the version of the baseline file format that this package
// writes and reads.
const Version = 1

// File is the content of a baseline file.
type File struct {
	Kind    string `json:"kind"`
	Version int    `json:"version"`
	Tool    Tool   `json:"tool"`
	// FingerprintScheme is the analyzer.FingerprintKey of the objcleak
	// that computed the fingerprints. Fingerprints of different schemes are
	// never compared.
	FingerprintScheme string    `json:"fingerprintScheme"`
	Findings          []Finding `json:"findings"`
}

// Tool names the program that wrote a baseline. It is informational.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// A Finding is one baselined finding.
type Finding struct {
	// Rule is the rule id.
	Rule string `json:"rule"`
	// Path is the file, relative to the run's root (analyzer.Result.RelPath),
	// or "" for a finding without a position.
	Path string `json:"path"`
	// Line is the 1-based line of the finding when the baseline was
	// written (0 without a position). It helps humans read the file; it is
	// not used for matching.
	Line int `json:"line"`
	// Fingerprint is the finding's analyzer.Fingerprint.
	Fingerprint string `json:"fingerprint"`
	// Message is the finding's message.
	Message string `json:"message"`
}

// New returns a baseline holding every diagnostic of res, in order,
// except internal errors: those are bugs in objcleak, never hidden.
func New(res *analyzer.Result, tool Tool) *File {
	f := &File{Kind: Kind, Version: Version, Tool: tool, FingerprintScheme: analyzer.FingerprintKey, Findings: []Finding{}}
	fps := res.Fingerprints()
	for i, d := range res.Diagnostics {
		if d.Rule == analyzer.InternalRuleName {
			continue // a bug in objcleak is never accepted as existing
		}
		path, line := position(res, d)
		f.Findings = append(f.Findings, Finding{Rule: d.Rule, Path: path, Line: line, Fingerprint: fps[i], Message: d.Message})
	}
	return f
}

// position returns the path relative to res.Root and the line of d, as
// Result.Fingerprints computes them ("" and 0 without a position).
func position(res *analyzer.Result, d analyzer.Diagnostic) (string, int) {
	if res.Fset == nil {
		return "", 0
	}
	p := res.Fset.PositionFor(d.Pos, false)
	if !p.IsValid() {
		return "", 0
	}
	return res.RelPath(p.Filename), p.Line
}

// Encode writes f to w as indented JSON.
func (f *File) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// WriteFile writes f to the file name. It writes a temporary file in the
// same directory and renames it, so that a failed write leaves an existing
// baseline intact.
func (f *File) WriteFile(name string) error {
	var buf bytes.Buffer
	if err := f.Encode(&buf); err != nil {
		return fmt.Errorf("baseline %s: %w", name, err)
	}
	if err := analyzer.WriteFileAtomic(name, buf.Bytes(), 0o644, "."+filepath.Base(name)+".*.tmp"); err != nil {
		return fmt.Errorf("baseline %s: cannot write: %w", name, err)
	}
	return nil
}

// Decode reads a baseline from r and checks it: the kind, the format
// version, the fingerprint scheme and that every finding has a rule and a
// well-formed fingerprint.
func Decode(r io.Reader) (*File, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty file, not a baseline")
		}
		return nil, fmt.Errorf("not a valid baseline: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a valid baseline: data after the JSON document")
	}
	if f.Kind != Kind {
		return nil, fmt.Errorf("not an objcleak baseline (want \"kind\": %q); write one with --write-baseline", Kind)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline format version %d, this objcleak reads version %d; rewrite it with --write-baseline", f.Version, Version)
	}
	if f.FingerprintScheme != analyzer.FingerprintKey {
		return nil, fmt.Errorf("fingerprints use scheme %q, this objcleak computes %q; rewrite the baseline with --write-baseline", f.FingerprintScheme, analyzer.FingerprintKey)
	}
	for i, e := range f.Findings {
		switch {
		case e.Rule == "":
			return nil, fmt.Errorf("finding %d: no rule", i+1)
		case !isFingerprint(e.Fingerprint):
			return nil, fmt.Errorf("finding %d: fingerprint %q is not 32 lower-case hex digits", i+1, e.Fingerprint)
		}
	}
	return &f, nil
}

func isFingerprint(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ReadFile reads and checks the baseline file name (see Decode). Errors
// name the file.
func ReadFile(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", name, unwrapPath(err))
	}
	f, err := Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", name, err)
	}
	return f, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Stats says what File.Apply did.
type Stats struct {
	// Hidden is the number of findings the baseline hid.
	Hidden int
	// ByMessage is how many of Hidden matched by message only: their line
	// was edited, so the fingerprint changed.
	ByMessage int
	// Stale is the number of baseline entries that matched no finding,
	// counting only entries of rules that ran, in files that were part of
	// the run or no longer exist: their findings were fixed, or their line
	// and message both changed.
	Stale int
}

type fpKey struct{ rule, path, fingerprint string }

type msgKey struct{ rule, path, message string }

// Apply removes from res.Diagnostics, in place and keeping their order,
// every finding that the baseline holds. Each baseline entry hides at most
// one finding, in two steps:
//
//  1. A finding matches an unused entry with the same rule, path and
//     fingerprint. The fingerprint hashes the normalized text of the
//     finding's line and an occurrence counter, not its line number, so
//     this survives edits elsewhere in the file.
//  2. The finding's own line was edited, so its fingerprint changed: among
//     the findings and entries still unmatched, a finding matches an entry
//     with the same rule, path and message when it is the only such
//     finding and that is the only such entry.
//
// Everything else is reported as new, and so are internal errors, always.
func (f *File) Apply(res *analyzer.Result) Stats {
	var st Stats
	fps := res.Fingerprints()
	used := make([]bool, len(f.Findings))
	byFP := map[fpKey][]int{}
	for i, e := range f.Findings {
		k := fpKey{e.Rule, e.Path, e.Fingerprint}
		byFP[k] = append(byFP[k], i)
	}
	hidden := make([]bool, len(res.Diagnostics))
	paths := make([]string, len(res.Diagnostics))
	for i, d := range res.Diagnostics {
		paths[i], _ = position(res, d)
		if d.Rule == analyzer.InternalRuleName {
			continue
		}
		k := fpKey{d.Rule, paths[i], fps[i]}
		if idx := byFP[k]; len(idx) > 0 {
			used[idx[0]] = true
			byFP[k] = idx[1:]
			hidden[i] = true
			st.Hidden++
		}
	}

	// Step 2: unique rule, path and message on both sides.
	diagsByMsg := map[msgKey][]int{}
	var order []msgKey
	for i, d := range res.Diagnostics {
		if !hidden[i] && d.Rule != analyzer.InternalRuleName {
			k := msgKey{d.Rule, paths[i], d.Message}
			if diagsByMsg[k] == nil {
				order = append(order, k)
			}
			diagsByMsg[k] = append(diagsByMsg[k], i)
		}
	}
	entriesByMsg := map[msgKey][]int{}
	for i, e := range f.Findings {
		if !used[i] {
			k := msgKey{e.Rule, e.Path, e.Message}
			entriesByMsg[k] = append(entriesByMsg[k], i)
		}
	}
	for _, k := range order {
		ds, es := diagsByMsg[k], entriesByMsg[k]
		if len(ds) == 1 && len(es) == 1 {
			hidden[ds[0]] = true
			used[es[0]] = true
			st.Hidden++
			st.ByMessage++
		}
	}

	kept := res.Diagnostics[:0]
	for i, d := range res.Diagnostics {
		if !hidden[i] {
			kept = append(kept, d)
		}
	}
	clear(res.Diagnostics[len(kept):])
	res.Diagnostics = kept

	scope := newStaleScope(res)
	for i, e := range f.Findings {
		if !used[i] && scope.covers(e) {
			st.Stale++
		}
	}
	return st
}

// staleScope decides which unmatched baseline entries count as stale: an
// entry whose rule did not run, or whose file exists but was not linted
// (another path, an exclude), says nothing about whether its finding is
// still there.
type staleScope struct {
	res   *analyzer.Result
	rules map[string]bool // nil: every rule ran
	files map[string]bool
}

func newStaleScope(res *analyzer.Result) *staleScope {
	s := &staleScope{res: res, files: map[string]bool{}}
	if len(res.Rules) > 0 {
		s.rules = map[string]bool{analyzer.InternalRuleName: true}
		for _, a := range res.Rules {
			s.rules[a.Name] = true
		}
	}
	if res.Fset != nil {
		res.Fset.Iterate(func(tf *token.File) bool {
			s.files[res.RelPath(tf.Name())] = true
			return true
		})
	}
	return s
}

func (s *staleScope) covers(e Finding) bool {
	if s.rules != nil && !s.rules[e.Rule] {
		return false
	}
	if e.Path == "" || s.files[e.Path] {
		return true
	}
	name := filepath.FromSlash(e.Path)
	if !filepath.IsAbs(name) && s.res.Root != "" {
		name = filepath.Join(s.res.Root, name)
	}
	_, err := os.Stat(name)
	return errors.Is(err, os.ErrNotExist)
}
