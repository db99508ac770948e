package lsp

import (
	"context"
	"errors"
	"go/token"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/objcleak/objcleak/analyzer"
)

// A job is what the worker does next for one URI: lint a snapshot of the
// document, or publish an empty list when it is closed (doc nil).
type job struct {
	uri string
	doc *document // a copy; nil when the document is closed
	// root is the workspace folder containing the document, or its directory.
	root string
	// overlay holds the unsaved text of the other open headers, so that
	// the document sees their current declarations.
	overlay map[string][]byte
	// uris maps the paths of open documents to the URIs the client uses.
	uris   map[string]string
	ctx    context.Context
	cancel context.CancelFunc
}

// work is the worker goroutine: it runs the pending job that is due
// first, one at a time, until ctx is done.
func (s *server) work(ctx context.Context) {
	for ctx.Err() == nil {
		j, wait, pending := s.nextJob(ctx)
		switch {
		case j != nil:
			s.run(j)
			if j.cancel != nil {
				j.cancel()
			}
			s.mu.Lock()
			s.running, s.cancel = "", nil
			s.mu.Unlock()
			continue
		case pending:
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
			case <-s.wake:
			case <-t.C:
			}
			t.Stop()
		default:
			select {
			case <-ctx.Done():
			case <-s.wake:
			}
		}
	}
}

// nextJob takes the pending job that is due first. When none is due yet,
// it returns how long until one is (pending is false when nothing is
// pending).
func (s *server) nextJob(ctx context.Context) (j *job, wait time.Duration, pending bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil, 0, false
	}
	var uri string
	var due time.Time
	for u, t := range s.pending {
		if uri == "" || t.Before(due) || t.Equal(due) && u < uri {
			uri, due = u, t
		}
	}
	if wait := time.Until(due); wait > 0 {
		return nil, wait, true
	}
	delete(s.pending, uri)
	j = &job{uri: uri}
	d := s.docs[uri]
	if d == nil || !d.lintable {
		return j, 0, true
	}
	snap := *d
	j.doc = &snap
	j.root = rootFor(s.roots, d.path)
	j.overlay = map[string][]byte{d.path: []byte(d.text)}
	j.uris = map[string]string{}
	for _, o := range s.docs {
		if o.path == "" {
			continue
		}
		j.uris[o.path] = o.uri
		if o != d && strings.EqualFold(filepath.Ext(o.path), ".h") {
			j.overlay[o.path] = []byte(o.text)
		}
	}
	j.ctx, j.cancel = context.WithCancel(ctx)
	s.running, s.cancel = uri, j.cancel
	return j, 0, true
}

// rootFor returns the innermost of roots that contains path, or path's
// directory.
func rootFor(roots []string, path string) string {
	best := ""
	for _, r := range roots {
		rel, err := filepath.Rel(r, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			continue
		}
		if len(r) > len(best) {
			best = r
		}
	}
	if best == "" {
		return filepath.Dir(path)
	}
	return best
}

// run lints a job's document and publishes the result unless the
// document changed or closed meanwhile; for a closed document it
// publishes an empty list.
func (s *server) run(j *job) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("internal error linting %s: %v\n%s", j.uri, r, debug.Stack())
		}
	}()
	if j.doc == nil {
		if err := s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: j.uri, Diagnostics: []Diagnostic{}}); err != nil {
			s.log.Printf("publishing diagnostics: %v", err)
		}
		return
	}
	start := time.Now()
	diags, err := s.lint(j)
	if errors.Is(err, context.Canceled) {
		s.verbosef("lint of %s (version %d) cancelled: the document changed", j.doc.path, j.doc.version)
		return
	}
	s.mu.Lock()
	cur := s.docs[j.uri]
	current := cur != nil && cur.gen == j.doc.gen
	var showErr bool
	if current && err != nil {
		showErr = cur.lastErr != err.Error()
		cur.lastErr = err.Error()
	} else if current {
		cur.lastErr = ""
	}
	s.mu.Unlock()
	if !current {
		s.verbosef("dropping the result for %s version %d: the document changed", j.doc.path, j.doc.version)
		return
	}
	if err != nil {
		s.log.Printf("linting %s: %v", j.doc.path, err)
		if showErr {
			s.notify("window/logMessage", logMessageParams{Type: messageTypeError, Message: "objcleak: linting " + j.doc.path + ": " + err.Error()})
		}
		return
	}
	s.verbosef("linted %s (version %d): %d findings (%s)", j.doc.path, j.doc.version, len(diags), time.Since(start).Round(time.Millisecond))
	version := j.doc.version
	if err := s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: j.uri, Version: &version, Diagnostics: diags}); err != nil {
		s.log.Printf("publishing diagnostics: %v", err)
	}
}

// lint runs the analyzers on the job's document in single-file mode and
// converts the findings.
func (s *server) lint(j *job) ([]Diagnostic, error) {
	cfg := &analyzer.Config{
		Paths:       []string{j.doc.path},
		Root:        j.root,
		Analyzers:   s.opts.Analyzers,
		KnownRules:  s.opts.KnownRules,
		HeaderPaths: s.opts.HeaderPaths,
		Overlay:     j.overlay,
		Cache:       s.cache,
	}
	if s.opts.Configure != nil {
		if err := s.opts.Configure(cfg); err != nil {
			return nil, err
		}
	}
	res, err := analyzer.Run(j.ctx, cfg)
	if err != nil {
		return nil, err
	}
	return convert(res, j), nil
}

// convert turns a result into LSP diagnostics for the job's document.
// Positions are computed from the text that was linted: the buffer for the
// document itself, the overlay or the file on disk for other files.
func convert(res *analyzer.Result, j *job) []Diagnostic {
	c := &converter{res: res, j: j, lines: map[string]*lineIndex{}}
	urls := map[string]string{}
	for _, a := range res.Rules {
		if a != nil && a.URL != "" {
			urls[a.Name] = a.URL
		}
	}
	out := []Diagnostic{}
	for _, d := range res.Diagnostics {
		ld := Diagnostic{
			Severity: lspSeverity(d.Severity),
			Code:     d.Rule,
			Source:   "objcleak",
			Message:  d.Message,
		}
		if details := strings.TrimSpace(d.Details); details != "" {
			ld.Message += "\n\n" + details // editors show the first line as the title
		}
		if u := urls[d.Rule]; u != "" {
			ld.CodeDescription = &CodeDescription{Href: u}
		}
		// Findings are only reported in the linted file; anything else
		// (an internal error) is shown at the top of the document.
		if loc, ok := c.location(d.Pos, d.End); ok && loc.URI == j.uri {
			ld.Range = loc.Range
		}
		for i, r := range d.Related {
			if loc, ok := c.location(r.Pos, r.End); ok {
				msg := oneLine(r.Message)
				if msg == "" {
					msg = "related location " + strconv.Itoa(i+1)
				}
				ld.RelatedInformation = append(ld.RelatedInformation, DiagnosticRelatedInformation{Location: loc, Message: msg})
			}
		}
		for i, st := range d.Flow {
			if loc, ok := c.location(st.Pos, st.End); ok {
				msg := "step " + strconv.Itoa(i+1)
				if m := oneLine(st.Message); m != "" {
					msg += ": " + m
				}
				ld.RelatedInformation = append(ld.RelatedInformation, DiagnosticRelatedInformation{Location: loc, Message: msg})
			}
		}
		out = append(out, ld)
	}
	return out
}

func lspSeverity(s analyzer.Severity) int {
	switch s {
	case analyzer.SeverityError:
		return severityError
	case analyzer.SeverityNote:
		return severityInformation
	}
	return severityWarning
}

// oneLine joins the lines of s with spaces and trims it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

type converter struct {
	res   *analyzer.Result
	j     *job
	lines map[string]*lineIndex // by FileSet file name; nil when unreadable
}

// location resolves [pos, end); end is ignored when it is invalid, in
// another file or before pos (the range is then empty).
func (c *converter) location(pos, end token.Pos) (Location, bool) {
	fset := c.res.Fset
	if fset == nil || !pos.IsValid() {
		return Location{}, false
	}
	tf := fset.File(pos)
	if tf == nil {
		return Location{}, false
	}
	name := tf.Name()
	path := name
	if abs, err := filepath.Abs(name); err == nil {
		path = abs
	}
	uri := c.j.uris[path]
	if uri == "" {
		uri = pathToURI(path)
	}
	start := c.position(tf, pos)
	r := Range{Start: start, End: start}
	if end.IsValid() && end > pos && fset.File(end) == tf {
		r.End = c.position(tf, end)
	}
	return Location{URI: uri, Range: r}, true
}

// position converts pos to a line and UTF-16 character using the text of
// its file, or, when the text is unavailable, the FileSet's line and byte
// column.
func (c *converter) position(tf *token.File, pos token.Pos) Position {
	name := tf.Name()
	li, ok := c.lines[name]
	if !ok {
		if c.res.ReadFile != nil {
			if text, err := c.res.ReadFile(name); err == nil {
				li = newLineIndex(text)
			}
		}
		c.lines[name] = li
	}
	if li == nil {
		p := tf.PositionFor(pos, false)
		return Position{Line: max(p.Line-1, 0), Character: max(p.Column-1, 0)}
	}
	return li.position(tf.Offset(pos))
}
