package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
)

// The result cache keeps the findings of a whole run, for when nothing
// changed: a second run over an unchanged project (a CI re-run, a
// pre-commit hook) then only reads and hashes the files, loads their facts
// from the facts cache and prints. The rules analyze the whole program, so
// findings are reused only when every input is the same: each file's
// contents, path and role, the project macros, what was skipped and why,
// the MRC settings, the rules, their options and severities, and
// objcleak's version. Sharded runs are not cached.

// runKey hashes the project inputs of a run: everything but the rules and
// their configuration (see resultCacheKey). It returns "" when a file has
// no facts key (a read error is part of the key instead).
func runKey(c *DiskCache, root string, sources []source, results []parsed, problems []Diagnostic, nib []NibObject) string {
	h := sha256.New()
	h.Write(c.salt[:])
	fmt.Fprintf(h, "results v1\x00%s\x00", root)
	for i, r := range results {
		s := sources[i]
		fmt.Fprintf(h, "%s\x00%t%t%t\x00%s\x00", s.path, s.indexOnly, s.foreign, s.explicit, r.key)
		if r.err != nil {
			fmt.Fprintf(h, "err %s\x00", r.err)
		} else if r.key == "" {
			return ""
		}
		if r.file != nil {
			fmt.Fprintf(h, "mrc %t %s\x00", r.file.MRC, r.file.MRCReason)
		}
	}
	for _, d := range problems {
		fmt.Fprintf(h, "problem %s %s\x00", d.Rule, d.Message)
	}
	for _, o := range nib {
		fmt.Fprintf(h, "nib %s %s %q\x00", o.Class, o.Nib, o.Segues)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// resultCacheKey adds the rules and their configuration to a run key.
func resultCacheKey(runKey string, cfg *Config) string {
	h := sha256.New()
	io.WriteString(h, runKey)
	for _, a := range requiresClosure(cfg.Analyzers) {
		fmt.Fprintf(h, "\x00analyzer %s %d %t", a.Name, a.Severity, a.Comments)
	}
	// encoding/json sorts map keys: the same configuration hashes the same.
	b, err := json.Marshal(struct {
		Options  map[string]map[string]any
		Severity map[string]Severity
		Known    []string
		Tests    bool
		Samples  bool
	}{cfg.Options, cfg.Severity, knownRules(cfg), cfg.Tests, cfg.Samples})
	if err != nil {
		return "" // an option value JSON cannot encode: do not cache
	}
	h.Write(b)
	return "r" + hex.EncodeToString(h.Sum(nil))
}

// cachedPos is a position as a file name and offset.
type cachedPos struct {
	File   string `json:"f"`
	Offset int    `json:"o"`
}

type cachedStep struct {
	Pos, End *cachedPos
	Message  string
}

type cachedDiagnostic struct {
	Pos, End *cachedPos
	Rule     string
	Severity Severity
	Message  string
	Details  string       `json:",omitempty"`
	Related  []cachedStep `json:",omitempty"`
	Flow     []cachedStep `json:",omitempty"`
}

// putResult stores the findings of a run under key.
func (c *DiskCache) putResult(key string, fset *token.FileSet, diags []Diagnostic) {
	if key == "" {
		return
	}
	pos := func(p token.Pos) *cachedPos {
		if !p.IsValid() {
			return nil
		}
		f := fset.File(p)
		if f == nil {
			return nil
		}
		return &cachedPos{File: f.Name(), Offset: f.Offset(p)}
	}
	out := make([]cachedDiagnostic, len(diags))
	for i, d := range diags {
		out[i] = cachedDiagnostic{Pos: pos(d.Pos), End: pos(d.End), Rule: d.Rule, Severity: d.Severity, Message: d.Message, Details: d.Details}
		for _, r := range d.Related {
			out[i].Related = append(out[i].Related, cachedStep{pos(r.Pos), pos(r.End), r.Message})
		}
		for _, s := range d.Flow {
			out[i].Flow = append(out[i].Flow, cachedStep{pos(s.Pos), pos(s.End), s.Message})
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return
	}
	c.putBlob(key, b)
}

// getResult returns the findings stored under key, placed in fset (which
// must hold the same files), or false.
func (c *DiskCache) getResult(key string, fset *token.FileSet) ([]Diagnostic, bool) {
	data, ok := c.getBlob(key)
	if !ok {
		return nil, false
	}
	var in []cachedDiagnostic
	if err := json.Unmarshal(data, &in); err != nil {
		c.bad.Add(1)
		return nil, false
	}
	files := map[string]*token.File{}
	fset.Iterate(func(f *token.File) bool {
		if files[f.Name()] == nil {
			files[f.Name()] = f
		}
		return true
	})
	bad := false
	pos := func(p *cachedPos) token.Pos {
		if p == nil {
			return token.NoPos
		}
		f := files[p.File]
		if f == nil || p.Offset < 0 || p.Offset > f.Size() {
			bad = true
			return token.NoPos
		}
		return f.Pos(p.Offset)
	}
	diags := make([]Diagnostic, len(in))
	for i, d := range in {
		diags[i] = Diagnostic{Pos: pos(d.Pos), End: pos(d.End), Rule: d.Rule, Severity: d.Severity, Message: d.Message, Details: d.Details}
		for _, r := range d.Related {
			diags[i].Related = append(diags[i].Related, Related{Pos: pos(r.Pos), End: pos(r.End), Message: r.Message})
		}
		for _, s := range d.Flow {
			diags[i].Flow = append(diags[i].Flow, Step{Pos: pos(s.Pos), End: pos(s.End), Message: s.Message})
		}
	}
	if bad {
		c.bad.Add(1)
		return nil, false
	}
	c.resultHits.Add(1)
	return diags, true
}
