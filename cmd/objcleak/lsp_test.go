package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/objcleak/objcleak/analyzer/lsp"
)

// lspTimeout bounds each wait for the server; generous, since the first
// lint of a busy CI machine can be slow.
const lspTimeout = 60 * time.Second

// buildObjcleak builds the command into a temporary directory.
func buildObjcleak(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the objcleak binary")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "objcleak")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(gocmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lspSession is a client talking to an objcleak lsp process.
type lspSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	msgs   chan map[string]json.RawMessage
	stderr *bytes.Buffer
	exited chan struct{}
	err    error // the process's exit error, after exited is closed
}

func startLSP(t *testing.T, bin, dir string, args ...string) *lspSession {
	t.Helper()
	var err error
	s := &lspSession{t: t, msgs: make(chan map[string]json.RawMessage, 100), stderr: &bytes.Buffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"lsp"}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stderr = s.stderr
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The client side of the framing uses net/textproto, independently of
	// the server's reader. Wait closes stdout, so it runs after the last
	// read.
	go func() {
		defer func() {
			close(s.msgs)
			s.err = s.cmd.Wait()
			close(s.exited)
		}()
		r := textproto.NewReader(bufio.NewReader(stdout))
		for {
			h, err := r.ReadMIMEHeader()
			if err != nil {
				return
			}
			n, err := strconv.Atoi(h.Get("Content-Length"))
			if err != nil {
				t.Errorf("bad Content-Length %q from the server", h.Get("Content-Length"))
				return
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r.R, body); err != nil {
				t.Errorf("reading a message body: %v", err)
				return
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("the server wrote invalid JSON %q: %v", body, err)
				return
			}
			select {
			case s.msgs <- m:
			default:
				t.Errorf("more than %d unread messages from the server", cap(s.msgs))
				return
			}
		}
	}()
	t.Cleanup(func() {
		s.stdin.Close()
		select {
		case <-s.exited:
		case <-time.After(lspTimeout):
			s.cmd.Process.Kill()
			<-s.exited
			t.Errorf("objcleak lsp did not exit")
		}
		if t.Failed() {
			t.Logf("objcleak lsp stderr:\n%s", s.stderr.String())
		}
	})
	return s
}

func (s *lspSession) send(v map[string]any) {
	s.t.Helper()
	v["jsonrpc"] = "2.0"
	body, err := json.Marshal(v)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(s.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		s.t.Fatalf("writing to objcleak lsp: %v", err)
	}
}

// next returns the next message other than window/logMessage.
func (s *lspSession) next() map[string]json.RawMessage {
	s.t.Helper()
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				s.t.Fatalf("objcleak lsp closed its output")
			}
			if string(m["method"]) == `"window/logMessage"` {
				continue
			}
			return m
		case <-time.After(lspTimeout):
			s.t.Fatalf("no message from objcleak lsp in %s", lspTimeout)
		}
	}
}

func (s *lspSession) publish(uri string) lsp.PublishDiagnosticsParams {
	s.t.Helper()
	m := s.next()
	var p lsp.PublishDiagnosticsParams
	if string(m["method"]) != `"textDocument/publishDiagnostics"` || json.Unmarshal(m["params"], &p) != nil || p.URI != uri {
		s.t.Fatalf("got %s %s, want textDocument/publishDiagnostics for %s", m["method"], m["params"], uri)
	}
	if !bytes.Contains(m["params"], []byte(`"diagnostics":[`)) {
		s.t.Fatalf("diagnostics is not a list: %s", m["params"])
	}
	return p
}

func (s *lspSession) response(id int) map[string]json.RawMessage {
	s.t.Helper()
	m := s.next()
	if string(m["id"]) != strconv.Itoa(id) || m["method"] != nil {
		s.t.Fatalf("got %v, want the response to request %d", m, id)
	}
	return m
}

// exitCode closes stdin and waits for the process.
func (s *lspSession) exitCode() int {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(lspTimeout):
		s.t.Fatalf("objcleak lsp did not exit")
	}
	var ee *exec.ExitError
	if errors.As(s.err, &ee) {
		return ee.ExitCode()
	}
	if s.err != nil {
		s.t.Fatalf("waiting for objcleak lsp: %v", s.err)
	}
	return 0
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// TestLSPEndToEnd builds objcleak and drives `objcleak lsp` over standard
// input and output like an editor.
func TestLSPEndToEnd(t *testing.T) {
	bin := buildObjcleak(t)
	t.Run("session", func(t *testing.T) { testLSPSession(t, bin) })
	t.Run("exit without shutdown", func(t *testing.T) { testLSPExitWithoutShutdown(t, bin) })
}

// testLSPSession opens a file with a leaked session manager, fixes it,
// closes it and shuts the server down.
func testLSPSession(t *testing.T, bin string) {
	// A workspace whose path has a space and non-ASCII characters, to be
	// percent-encoded in URIs.
	ws := filepath.Join(t.TempDir(), "Photo Hub 正")
	if err := os.MkdirAll(filepath.Join(ws, "Networking"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, name := range []string{"FeedAPIClient.m", "FeedAPIClient.h"} {
		b, err := os.ReadFile(filepath.Join(demoApp, "PhotoHub", "Networking", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
		if err := os.WriteFile(filepath.Join(ws, "Networking", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mPath, hPath := filepath.Join(ws, "Networking", "FeedAPIClient.m"), filepath.Join(ws, "Networking", "FeedAPIClient.h")
	mURI := fileURI(mPath)
	if !strings.Contains(mURI, "Photo%20Hub%20%E6%AD%A3") {
		t.Fatalf("test URI %s is not percent-encoded", mURI)
	}

	s := startLSP(t, bin, t.TempDir(), "--stdio")
	s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{
		"processId": os.Getpid(), "rootUri": fileURI(ws), "capabilities": map[string]any{},
		"workspaceFolders": []any{map[string]any{"uri": fileURI(ws), "name": "Photo Hub 正"}},
	}})
	var initRes struct {
		Result struct {
			Capabilities struct {
				TextDocumentSync struct {
					OpenClose bool            `json:"openClose"`
					Change    int             `json:"change"`
					Save      json.RawMessage `json:"save"`
				} `json:"textDocumentSync"`
			} `json:"capabilities"`
			ServerInfo struct{ Name string } `json:"serverInfo"`
		} `json:"result"`
	}
	r := s.response(1)
	raw, _ := json.Marshal(r)
	if err := json.Unmarshal(raw, &initRes); err != nil {
		t.Fatal(err)
	}
	if ts := initRes.Result.Capabilities.TextDocumentSync; !ts.OpenClose || ts.Change != 1 || ts.Save == nil || initRes.Result.ServerInfo.Name != "objcleak" {
		t.Fatalf("initialize result %s", raw)
	}
	s.send(map[string]any{"method": "initialized", "params": map[string]any{}})

	// An unknown request is an error; $/cancelRequest is ignored.
	s.send(map[string]any{"method": "$/cancelRequest", "params": map[string]any{"id": 1}})
	s.send(map[string]any{"id": 2, "method": "textDocument/hover", "params": map[string]any{}})
	if r := s.response(2); !bytes.Contains(r["error"], []byte(`"code":-32601`)) {
		t.Errorf("unknown request: %v, want MethodNotFound", r)
	}

	// Open the file with the bug.
	s.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
		"uri": mURI, "languageId": "objective-c", "version": 1, "text": files["FeedAPIClient.m"]}}})
	p := s.publish(mURI)
	if p.Version == nil || *p.Version != 1 || len(p.Diagnostics) != 1 {
		t.Fatalf("after didOpen: %+v, want one diagnostic for version 1", p)
	}
	d := p.Diagnostics[0]
	if d.Code != "sessionleak" || d.Severity != 1 || d.Source != "objcleak" || d.CodeDescription == nil ||
		d.CodeDescription.Href != "https://github.com/objcleak/objcleak/blob/main/rules/sessionleak/doc.md" ||
		!strings.Contains(d.Message, "AFHTTPSessionManager created in -initWithFeedType: and stored in self.manager is never invalidated") {
		t.Errorf("diagnostic %+v", d)
	}
	// `lint` reports FeedAPIClient.m:27:24 (1-based): line 26, character 23.
	if d.Range.Start != (lsp.Position{Line: 26, Character: 23}) || d.Range.End.Line != 26 || d.Range.End.Character <= 23 {
		t.Errorf("range %+v, want to start at 26:23 and end later on that line", d.Range)
	}
	related := map[string]lsp.DiagnosticRelatedInformation{}
	for _, ri := range d.RelatedInformation {
		related[ri.Message] = ri
	}
	setNil := related["set to nil here, which releases only this reference"]
	if setNil.Location.URI != mURI || setNil.Location.Range.Start != (lsp.Position{Line: 38, Character: 4}) {
		t.Errorf("related information %+v lacks 'set to nil here' at %s 38:4", d.RelatedInformation, mURI)
	}
	decl := related["declared here"]
	if decl.Location.URI != fileURI(hPath) || decl.Location.Range.Start != (lsp.Position{Line: 23, Character: 52}) {
		t.Errorf("related information %+v lacks 'declared here' at %s 23:52", d.RelatedInformation, fileURI(hPath))
	}

	// Fix it: invalidate the session instead of only dropping the reference.
	fixed := strings.Replace(files["FeedAPIClient.m"], "    self.manager = nil;", "    [self.manager invalidateSessionCancelingTasks:YES resetSession:NO];", 1)
	if fixed == files["FeedAPIClient.m"] {
		t.Fatal("the fix did not apply to FeedAPIClient.m")
	}
	s.send(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
		"textDocument":   map[string]any{"uri": mURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}}}})
	if p := s.publish(mURI); p.Version == nil || *p.Version != 2 || len(p.Diagnostics) != 0 {
		t.Fatalf("after the fix: %+v, want no diagnostics for version 2", p)
	}

	s.send(map[string]any{"method": "textDocument/didClose", "params": map[string]any{"textDocument": map[string]any{"uri": mURI}}})
	if p := s.publish(mURI); p.Version != nil || len(p.Diagnostics) != 0 {
		t.Fatalf("after didClose: %+v, want an empty list", p)
	}

	s.send(map[string]any{"id": 3, "method": "shutdown"})
	if r := s.response(3); string(r["result"]) != "null" || r["error"] != nil {
		t.Fatalf("shutdown: %v", r)
	}
	s.send(map[string]any{"method": "exit"})
	if code := s.exitCode(); code != 0 {
		t.Errorf("exit code after shutdown and exit = %d, want 0", code)
	}
}

// testLSPExitWithoutShutdown: the process exits with status 1 when the
// client sends exit without shutdown, and when its input just ends.
func testLSPExitWithoutShutdown(t *testing.T, bin string) {
	s := startLSP(t, bin, t.TempDir())
	s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}})
	s.response(1)
	s.send(map[string]any{"method": "exit"})
	if code := s.exitCode(); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}

	s = startLSP(t, bin, t.TempDir())
	s.stdin.Close()
	if code := s.exitCode(); code != 1 {
		t.Errorf("exit code after the input ended = %d, want 1", code)
	}
}

func TestLSPUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"lsp", "--enable", "nosuchrule"},
		{"lsp", "extra-arg"},
		{"lsp", "--debounce", "-1s"},
		{"lsp", "--config", "x.yml", "--no-config"},
	} {
		if code, _, errs := objcleak(t, args...); code != exitError || errs == "" {
			t.Errorf("objcleak %s: exit code %d, stderr %q; want %d and a message", strings.Join(args, " "), code, errs, exitError)
		}
	}
}
