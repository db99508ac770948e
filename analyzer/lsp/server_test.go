package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

// timeout bounds every wait for the server; generous for -race on a busy
// machine.
const timeout = 30 * time.Second

const leaksURL = "https://example.com/rules/leaks"

// leaks reports every [x leak] send, with the class's @interface as a
// related location and the method as a flow step.
var leaks = &analyzer.Analyzer{
	Name:     "leaks",
	Doc:      "leaks: reports leak sends\n\nFor server tests.",
	URL:      leaksURL,
	Severity: analyzer.SeverityError,
	Run: func(pass *analyzer.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, c := range f.Classes {
				for _, m := range c.Methods {
					if m.Body == nil {
						continue
					}
					for _, s := range m.Body.Sends {
						if s.Selector() != "leak" {
							continue
						}
						d := analyzer.Diagnostic{Pos: s.Expr.Pos, End: s.Expr.End(), Message: "leak in " + c.Name,
							Flow: []analyzer.Step{{Pos: m.Pos, Message: "in -" + m.Selector}}}
						if cl := pass.Index.Class(c.Name); cl != nil {
							for _, decl := range cl.DeclsOf(objcparse.DeclInterface) {
								d.Related = append(d.Related, analyzer.Related{Pos: decl.Pos, Message: "declared here"})
							}
						}
						pass.Report(d)
					}
				}
			}
		}
		return nil, nil
	},
}

// incoming is a message from the server.
type incoming struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *responseError  `json:"error"`
}

// client drives an in-process server over pipes.
type client struct {
	t       *testing.T
	in      *io.PipeWriter
	msgs    chan incoming
	backlog []incoming
	done    chan error // Serve's result
	nextID  int
	log     *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T, opts Options) *client {
	t.Helper()
	if opts.Analyzers == nil {
		opts.Analyzers = []*analyzer.Analyzer{leaks}
	}
	c := &client{t: t, msgs: make(chan incoming, 100), done: make(chan error, 1), log: &syncBuffer{}}
	opts.Log = c.log
	opts.Verbose = true
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c.in = inW
	go func() {
		err := Serve(context.Background(), inR, outW, opts)
		inR.Close()
		outW.Close()
		c.done <- err
	}()
	go func() {
		defer close(c.msgs)
		mr := newMessageReader(outR, 0)
		for {
			body, err := mr.read()
			if err != nil {
				return
			}
			var m incoming
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("the server wrote invalid JSON %q: %v", body, err)
				return
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() {
		c.in.Close()
		select {
		case <-c.done:
		case <-time.After(timeout):
			t.Errorf("Serve did not return after its input was closed")
		}
		for range c.msgs {
		}
		if t.Failed() {
			t.Logf("server log:\n%s", c.log.String())
		}
	})
	return c
}

func (c *client) sendRaw(body string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, frame(body)); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

func (c *client) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(string(b))
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and returns its response; messages that arrive
// first are kept for next.
func (c *client) call(method string, params any) incoming {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return c.response(json.RawMessage(itoa(id)))
}

// response waits for the response with the given id.
func (c *client) response(id json.RawMessage) incoming {
	c.t.Helper()
	for {
		m := c.receive()
		if m.Method == "" && string(m.ID) == string(id) {
			return m
		}
		c.backlog = append(c.backlog, m)
	}
}

func (c *client) receive() incoming {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("the server closed its output")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message from the server in %s", timeout)
	}
	panic("unreachable")
}

// next returns the next message, skipping window/logMessage.
func (c *client) next() incoming {
	c.t.Helper()
	for {
		var m incoming
		if len(c.backlog) > 0 {
			m, c.backlog = c.backlog[0], c.backlog[1:]
		} else {
			m = c.receive()
		}
		if m.Method != "window/logMessage" {
			return m
		}
	}
}

// publish returns the next message, which must be publishDiagnostics.
func (c *client) publish() PublishDiagnosticsParams {
	c.t.Helper()
	m := c.next()
	if m.Method != "textDocument/publishDiagnostics" {
		c.t.Fatalf("got %+v, want textDocument/publishDiagnostics", m)
	}
	var p PublishDiagnosticsParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		c.t.Fatal(err)
	}
	if p.Diagnostics == nil {
		c.t.Fatalf("diagnostics is null, want a list: %s", m.Params)
	}
	return p
}

// noMessage checks that nothing (but logs) is waiting, after a round trip.
func (c *client) noMessage() {
	c.t.Helper()
	c.call("objcleak/ping", nil) // any request: its response orders the stream
	for _, m := range c.backlog {
		if m.Method != "window/logMessage" {
			c.t.Fatalf("unexpected message %+v (%s)", m, m.Params)
		}
	}
	c.backlog = nil
}

// exit sends shutdown and exit and returns Serve's result.
func (c *client) exit(shutdown bool) error {
	c.t.Helper()
	if shutdown {
		if r := c.call("shutdown", nil); r.Error != nil || string(r.Result) != "null" {
			c.t.Fatalf("shutdown: %+v", r)
		}
	}
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		c.done <- err // for Cleanup
		return err
	case <-time.After(timeout):
		c.t.Fatalf("Serve did not return after exit")
	}
	return nil
}

func (c *client) initialize(rootURI string) incoming {
	c.t.Helper()
	r := c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": rootURI, "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "test"}})
	if r.Error != nil {
		c.t.Fatalf("initialize: %v", r.Error)
	}
	c.notify("initialized", map[string]any{})
	return r
}

// project writes A.h and A.m below a directory whose name has a space and
// non-ASCII characters and returns the directory and the URIs of the files.
func project(t *testing.T) (dir, hURI, mURI, mText string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "My Proj 正", "src")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := "// A.h\n@interface A : NSObject\n@end\n"
	mText = "#import \"A.h\"\n\n@implementation A\n- (void)run {\n    NSString *s = @\"正😀\"; [self leak];\n}\n@end\n"
	for name, text := range map[string]string{"A.h": h, "A.m": mText} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, pathToURI(filepath.Join(dir, "A.h")), pathToURI(filepath.Join(dir, "A.m")), mText
}

// pos returns the LSP position of the first occurrence of sub in text,
// computed independently of the server.
func pos(text, sub string) Position {
	off := strings.Index(text, sub)
	before := text[:off]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndex(before, "\n")+1:]
	return Position{Line: line, Character: len(utf16.Encode([]rune(col)))}
}

func TestInitialize(t *testing.T) {
	c := startServer(t, Options{Version: "1.2.3"})
	if r := c.call("textDocument/hover", map[string]any{}); r.Error == nil || r.Error.Code != codeServerNotInitialized {
		t.Errorf("request before initialize: %+v, want error %d", r, codeServerNotInitialized)
	}
	if r := c.call("initialize", "not an object"); r.Error == nil || r.Error.Code != codeInvalidParams {
		t.Errorf("initialize with bad params: %+v, want error %d", r, codeInvalidParams)
	}
	r := c.initialize("file:///nonexistent")
	var got struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
		ServerInfo   serverInfo                 `json:"serverInfo"`
	}
	if err := json.Unmarshal(r.Result, &got); err != nil {
		t.Fatal(err)
	}
	if s := string(got.Capabilities["textDocumentSync"]); s != `{"openClose":true,"change":1,"save":{"includeText":false}}` {
		t.Errorf("textDocumentSync = %s", s)
	}
	for k := range got.Capabilities {
		if k != "textDocumentSync" && k != "positionEncoding" {
			t.Errorf("unexpected capability %s", k)
		}
	}
	if got.ServerInfo != (serverInfo{Name: "objcleak", Version: "1.2.3"}) {
		t.Errorf("serverInfo = %+v", got.ServerInfo)
	}
	if r := c.call("initialize", map[string]any{}); r.Error == nil || r.Error.Code != codeInvalidRequest {
		t.Errorf("second initialize: %+v, want error %d", r, codeInvalidRequest)
	}
	if err := c.exit(true); err != nil {
		t.Errorf("Serve after shutdown and exit = %v, want nil", err)
	}
}

func TestMalformedMessages(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize("")
	for _, tc := range []struct {
		body string
		id   string
		code int
	}{
		{`{"jsonrpc":"2.0","id":1,"method":`, "null", codeParseError},
		{`not json at all`, "null", codeParseError},
		{`[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]`, "null", codeInvalidRequest},
		{`42`, "null", codeInvalidRequest},
		{`{"jsonrpc":"2.0","id":7,"method":5}`, "7", codeInvalidRequest},
		{`{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}`, "null", codeInvalidRequest},
		{`{"jsonrpc":"2.0","id":8}`, "8", codeInvalidRequest},
		{`{"jsonrpc":"1.0","id":"s","method":"shutdown"}`, `"s"`, codeInvalidRequest},
		{`{"jsonrpc":"2.0","id":"abc","method":"textDocument/definition","params":{}}`, `"abc"`, codeMethodNotFound},
		{`{"jsonrpc":"2.0","id":9,"method":"$/unknownRequest"}`, "9", codeMethodNotFound},
	} {
		c.sendRaw(tc.body)
		r := c.next()
		if r.Method != "" || string(r.ID) != tc.id || r.Error == nil || r.Error.Code != tc.code || r.Result != nil {
			t.Errorf("%s: got %+v (id %s), want error %d with id %s", tc.body, r, r.ID, tc.code, tc.id)
		}
	}
	// Notifications get no response, valid or not, and responses from
	// the client are ignored.
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}`,
		`{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}`,
		`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"bad"}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen"}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.m"}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///not/open.m","version":2},"contentChanges":[{"text":""}]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"file:///not/open.m"}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didClose","params":[]}`,
		`{"jsonrpc":"1.0","method":"textDocument/didOpen","params":{}}`,
		`{"jsonrpc":"2.0","id":99,"result":{}}`,
		`{"jsonrpc":"2.0","id":98,"error":{"code":1,"message":"no"}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:Untitled-1","languageId":"objective-c","version":1,"text":"[self leak];"}}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/notes.txt","languageId":"plaintext","version":1,"text":"[self leak];"}}}`,
	} {
		c.sendRaw(body)
	}
	c.noMessage()
	for _, want := range []string{"unparseable message", "textDocument/didOpen: invalid params", "is not open", "ignoring $/cancelRequest", "not linting untitled:Untitled-1", "not a .h, .m or .mm file"} {
		if !strings.Contains(c.log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, c.log.String())
		}
	}
	if err := c.exit(true); err != nil {
		t.Errorf("Serve = %v", err)
	}
}

func TestDiagnosticsLifecycle(t *testing.T) {
	dir, hURI, mURI, mText := project(t)
	c := startServer(t, Options{Debounce: time.Hour}) // edits are linted on save only
	c.initialize(pathToURI(filepath.Dir(dir)))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mURI, "languageId": "objective-c", "version": 1, "text": mText}})
	p := c.publish()
	if p.URI != mURI || p.Version == nil || *p.Version != 1 || len(p.Diagnostics) != 1 {
		t.Fatalf("after didOpen: %+v, want one diagnostic for %s version 1", p, mURI)
	}
	d := p.Diagnostics[0]
	start, end := pos(mText, "[self leak]"), pos(mText, ";\n}")
	want := Diagnostic{
		Range:    Range{start, end},
		Severity: severityError, Code: "leaks", CodeDescription: &CodeDescription{Href: leaksURL},
		Source: "objcleak", Message: "leak in A",
		RelatedInformation: []DiagnosticRelatedInformation{
			{Location: Location{URI: hURI, Range: Range{Position{1, 0}, Position{1, 0}}}, Message: "declared here"},
			{Location: Location{URI: mURI, Range: Range{pos(mText, "- (void)run"), pos(mText, "- (void)run")}}, Message: "step 1: in -run"},
		},
	}
	if got, _ := json.Marshal(d); string(got) != string(mustJSON(t, want)) {
		t.Errorf("diagnostic\n got %s\nwant %s", got, mustJSON(t, want))
	}
	if start.Character != 26 {
		t.Errorf("the finding starts at UTF-16 character %d, want 26 (after 正 and the surrogate pair of 😀)", start.Character)
	}

	// Edits are debounced (an hour here): nothing is published until save.
	fixed := strings.Replace(mText, "[self leak];", "[self stop];", 1)
	for v := 2; v <= 4; v++ {
		text := mText
		if v == 4 {
			text = fixed
		}
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": v}, "contentChanges": []any{map[string]any{"text": text}}})
	}
	c.noMessage()
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": mURI}})
	if p := c.publish(); *p.Version != 4 || len(p.Diagnostics) != 0 {
		t.Fatalf("after the fix and save: %+v, want no diagnostics for version 4", p)
	}

	// An incremental change (a client ignoring the full-sync capability)
	// brings the bug back; the unsaved text of an open header is used.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": hURI, "languageId": "objective-c", "version": 1, "text": "// A.h\n\n\n@interface A : NSObject\n@end\n"}})
	if p := c.publish(); p.URI != hURI || len(p.Diagnostics) != 0 {
		t.Fatalf("after opening the header: %+v", p)
	}
	at := pos(fixed, "stop")
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": 5},
		"contentChanges": []any{map[string]any{"range": Range{at, Position{at.Line, at.Character + 4}}, "text": "leak"}}})
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": mURI}})
	p = c.publish()
	if *p.Version != 5 || len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start != start {
		t.Fatalf("after the incremental change: %+v", p)
	}
	if rel := p.Diagnostics[0].RelatedInformation[0]; rel.Location.URI != hURI || rel.Location.Range.Start != (Position{3, 0}) {
		t.Errorf("related location %+v, want line 3 of the unsaved header", rel)
	}

	// Closing clears the document's diagnostics.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": mURI}})
	if p := c.publish(); p.URI != mURI || p.Version != nil || len(p.Diagnostics) != 0 {
		t.Fatalf("after didClose: %+v, want an empty list without version", p)
	}
	c.noMessage()
	if err := c.exit(true); err != nil {
		t.Errorf("Serve = %v", err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDebouncedChange(t *testing.T) {
	_, _, mURI, mText := project(t)
	c := startServer(t, Options{Debounce: 20 * time.Millisecond})
	c.initialize("")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mURI, "languageId": "objective-c", "version": 1, "text": mText}})
	if p := c.publish(); len(p.Diagnostics) != 1 {
		t.Fatalf("after didOpen: %+v", p)
	}
	fixed := strings.Replace(mText, "[self leak];", "", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}})
	if p := c.publish(); *p.Version != 2 || len(p.Diagnostics) != 0 {
		t.Fatalf("after the debounced change: %+v", p)
	}
}

// TestReadsWhileLinting checks that a slow lint blocks neither requests
// nor edits, and that the result for an outdated version is dropped: the
// edit cancels the lint when an analyzer is still to run, and the finished
// result is discarded when the edit came during the last analyzer.
func TestReadsWhileLinting(t *testing.T) {
	for _, tc := range []struct {
		name     string
		gateLast bool
		log      string
	}{
		{"cancelled", false, "cancelled: the document changed"},
		{"dropped", true, "dropping the result for"},
	} {
		t.Run(tc.name, func(t *testing.T) { testReadsWhileLinting(t, tc.gateLast, tc.log) })
	}
}

func testReadsWhileLinting(t *testing.T, gateLast bool, wantLog string) {
	_, _, mURI, mText := project(t)
	started := make(chan struct{}, 10)
	release := make(chan struct{})
	gate := &analyzer.Analyzer{Name: "gate", Doc: "gate: waits\n\nFor server tests.", Severity: analyzer.SeverityNote,
		Run: func(*analyzer.Pass) (any, error) {
			started <- struct{}{}
			<-release
			return nil, nil
		}}
	// Analyzers run in parallel, so the order is forced with Requires:
	// gate first means the other rule cannot start before the edit
	// cancels the lint; gate last means everything ran before the edit,
	// and the finished result is dropped instead.
	other := *leaks
	as := []*analyzer.Analyzer{gate, &other}
	if gateLast {
		gate.Requires = []*analyzer.Analyzer{&other}
	} else {
		other.Requires = []*analyzer.Analyzer{gate}
	}
	c := startServer(t, Options{Analyzers: as, Debounce: -1})
	c.initialize("")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mURI, "languageId": "objective-c", "version": 1, "text": mText}})
	select {
	case <-started:
	case <-time.After(timeout):
		t.Fatal("the lint did not start")
	}
	// The worker is blocked in gate: requests are still answered.
	if r := c.call("objcleak/ping", nil); r.Error == nil || r.Error.Code != codeMethodNotFound {
		t.Fatalf("request during a lint: %+v", r)
	}
	fixed := strings.Replace(mText, "[self leak];", "", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}})
	c.noMessage()
	close(release)
	// Version 1's result is stale: the first publication is version 2's.
	if p := c.publish(); *p.Version != 2 || len(p.Diagnostics) != 0 {
		t.Fatalf("first publication %+v, want version 2 without diagnostics", p)
	}
	if !strings.Contains(c.log.String(), wantLog) {
		t.Errorf("log lacks %q:\n%s", wantLog, c.log.String())
	}
}

func TestExitCodes(t *testing.T) {
	t.Run("exit without shutdown", func(t *testing.T) {
		c := startServer(t, Options{})
		c.initialize("")
		if err := c.exit(false); !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
	})
	t.Run("exit before initialize", func(t *testing.T) {
		c := startServer(t, Options{})
		if err := c.exit(false); !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
	})
	t.Run("end of input after shutdown", func(t *testing.T) {
		c := startServer(t, Options{})
		c.initialize("")
		c.call("shutdown", nil)
		if r := c.call("shutdown", nil); r.Error == nil || r.Error.Code != codeInvalidRequest {
			t.Errorf("request after shutdown: %+v, want error %d", r, codeInvalidRequest)
		}
		c.in.Close()
		if err := <-c.done; err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
		c.done <- nil
	})
	t.Run("end of input without shutdown", func(t *testing.T) {
		c := startServer(t, Options{})
		c.initialize("")
		c.in.Close()
		if err := <-c.done; !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
		c.done <- nil
	})
	t.Run("bad header", func(t *testing.T) {
		c := startServer(t, Options{})
		io.WriteString(c.in, "Content-Length: x\r\n\r\n{}")
		var he *headerError
		if err := <-c.done; !errors.As(err, &he) {
			t.Errorf("Serve = %v, want a header error", err)
		}
		c.done <- nil
	})
	t.Run("invalid analyzers", func(t *testing.T) {
		bad := &analyzer.Analyzer{Name: "Bad Name"}
		if err := Serve(context.Background(), strings.NewReader(""), io.Discard, Options{Analyzers: []*analyzer.Analyzer{bad}}); err == nil {
			t.Error("Serve accepted an invalid analyzer")
		}
	})
}

func TestRootFor(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip()
	}
	roots := []string{"/w", "/w/sub", "/other"}
	for path, want := range map[string]string{
		"/w/a/B.m":       "/w",
		"/w/sub/x/C.m":   "/w/sub",
		"/wx/D.m":        "/wx",
		"/elsewhere/E.h": "/elsewhere",
	} {
		if got := rootFor(roots, path); got != want {
			t.Errorf("rootFor(%s) = %s, want %s", path, got, want)
		}
	}
}

// TestNoGoroutineLeak checks that Serve leaves no goroutine behind.
func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Run("session", func(t *testing.T) {
		_, _, mURI, mText := project(t)
		c := startServer(t, Options{})
		c.initialize("")
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mURI, "languageId": "objective-c", "version": 1, "text": mText}})
		c.publish()
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": 2}, "contentChanges": []any{map[string]any{"text": ""}}})
		c.exit(true)
	})
	deadline := time.Now().Add(timeout)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestConfigure checks the Configure hook: its settings apply, and its
// error is logged, shown once with window/logMessage until it changes, and
// publishes nothing.
func TestConfigure(t *testing.T) {
	_, _, mURI, mText := project(t)
	failed := make(chan struct{}, 10)
	c := startServer(t, Options{Debounce: -1, Configure: func(cfg *analyzer.Config) error {
		if strings.Contains(string(cfg.Overlay[cfg.Paths[0]]), "FAIL") {
			failed <- struct{}{}
			return errors.New("configured to fail")
		}
		cfg.Severity = map[string]analyzer.Severity{"leaks": analyzer.SeverityNote}
		return nil
	}})
	c.initialize("")
	failing := "// FAIL\n" + mText
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mURI, "languageId": "objective-c", "version": 1, "text": failing}})
	// Saves lint the same version again. The worker lints one job at a
	// time, so when the third attempt starts, the first two are done.
	for attempt := 1; attempt <= 3; attempt++ {
		select {
		case <-failed:
		case <-time.After(timeout):
			t.Fatalf("attempt %d did not run", attempt)
		}
		if attempt < 3 {
			c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": mURI}})
		}
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": mURI, "version": 3}, "contentChanges": []any{map[string]any{"text": mText}}})
	// The worker writes in order: everything before version 3's
	// diagnostics has arrived with them.
	var logs []string
	for {
		m := c.receive()
		if m.Method == "window/logMessage" {
			var p logMessageParams
			json.Unmarshal(m.Params, &p)
			logs = append(logs, p.Message)
			continue
		}
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil || m.Method != "textDocument/publishDiagnostics" || *p.Version != 3 {
			t.Fatalf("got %+v (%s), want version 3's diagnostics", m, m.Params)
		}
		if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != severityInformation {
			t.Errorf("diagnostics %+v, want one with severity %d (note, as configured)", p.Diagnostics, severityInformation)
		}
		break
	}
	if len(logs) != 1 || !strings.Contains(logs[0], "configured to fail") {
		t.Errorf("window/logMessage sent %q, want the error once", logs)
	}
	if n := strings.Count(c.log.String(), "configured to fail"); n < 2 {
		t.Errorf("the error was logged %d times, want at least 2:\n%s", n, c.log.String())
	}
}
