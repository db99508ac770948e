// Package lsp is objcleak's language server: it speaks the Language Server
// Protocol (JSON-RPC 2.0 framed by Content-Length headers) over a pair of
// streams, lints each open Objective-C document as it is opened, edited and
// saved, and publishes the findings as diagnostics.
//
// The server has no feature but diagnostics. Documents are synced in full
// (TextDocumentSyncKind.Full). Each document is linted in single-file mode
// (analyzer.Config with the buffer as an Overlay): the driver parses the
// document and the project headers it imports, so an answer takes tens of
// milliseconds. Messages are read on the caller's goroutine and never wait
// for a lint: one worker goroutine lints, debouncing edits and dropping
// results for versions that are no longer current.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/objcparse"
)

// DefaultDebounce is how long the server waits after the last edit of a
// document before linting it.
const DefaultDebounce = 200 * time.Millisecond

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without shutdown first, or closed the input without either; the process
// should then exit with status 1.
var ErrExitWithoutShutdown = errors.New("the client did not request shutdown before exit")

// Options configure Serve.
type Options struct {
	// Analyzers are the rules to run (with their Requires), as for
	// analyzer.Config.
	Analyzers []*analyzer.Analyzer
	// KnownRules are the ids of every rule the program has, enabled or not
	// (analyzer.Config.KnownRules).
	KnownRules []string
	// HeaderPaths are directories searched for quoted imports, relative to
	// the workspace root (analyzer.Config.HeaderPaths).
	HeaderPaths []string
	// Configure, when set, adjusts the configuration of each lint, after
	// Paths, Overlay, Root (the workspace folder containing the document,
	// else its directory), Analyzers, KnownRules and HeaderPaths are
	// filled in: the CLI applies the project's configuration file here. An
	// error is reported like a failed lint (logged, and shown to the user
	// once until it changes).
	Configure func(cfg *analyzer.Config) error
	// Debounce is how long to wait after an edit before linting; zero
	// means DefaultDebounce and a negative value lints at once. Opening
	// and saving a document lint it at once.
	Debounce time.Duration
	// Version is reported as serverInfo.version.
	Version string
	// Log receives the server's log (standard error in the CLI); nil
	// discards it. Standard output carries only the protocol.
	Log io.Writer
	// Verbose also logs every lint and every message the server ignores.
	Verbose bool
}

// Serve runs a language server that reads requests and notifications from
// in and writes responses and notifications to out, until the client sends
// exit or closes in. It returns nil after shutdown and exit (or shutdown
// and the end of in), ErrExitWithoutShutdown when the client exits or
// closes in without shutdown, and an error when in cannot be read (a
// malformed header). Malformed or unknown messages get JSON-RPC errors and
// do not stop the server.
//
// Cancelling ctx cancels running lints and stops Serve before it reads the
// next message. Serve returns only after its worker goroutine has stopped.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if err := analyzer.Validate(opts.Analyzers); err != nil {
		return fmt.Errorf("lsp: %w", err)
	}
	s := newServer(out, opts)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.work(ctx)
	}()
	defer func() {
		cancel()
		wg.Wait()
	}()
	return s.loop(ctx, newMessageReader(in, DefaultMaxMessageSize))
}

// server is the state of one session.
type server struct {
	opts     Options
	debounce time.Duration
	out      *messageWriter
	log      *log.Logger

	// Read and written by the message loop only.
	initialized bool // initialize was handled
	shutdown    bool // shutdown was handled

	mu      sync.Mutex
	roots   []string             // workspace folders, absolute paths
	docs    map[string]*document // open documents by URI
	pending map[string]time.Time // URIs to lint (or clear, when closed) and when
	gen     uint64               // last document generation handed out
	running string               // URI being linted by the worker, or ""
	cancel  context.CancelFunc   // cancels the running lint
	wake    chan struct{}        // tells the worker that pending changed

	// cache keeps the facts of unchanged files (the headers a document
	// imports) between lints, so that re-linting an edited buffer parses
	// only the buffer.
	cache *analyzer.FileCache
}

// document is an open text document.
type document struct {
	uri      string
	path     string // absolute file path; "" when the URI is not a file
	version  int
	gen      uint64 // changes whenever text changes (or the document is reopened)
	text     string
	lintable bool   // a file with an Objective-C extension
	lastErr  string // the last lint error shown to the user
}

func newServer(out io.Writer, opts Options) *server {
	w := opts.Log
	if w == nil {
		w = io.Discard
	}
	debounce := opts.Debounce
	switch {
	case debounce == 0:
		debounce = DefaultDebounce
	case debounce < 0:
		debounce = 0
	}
	return &server{
		opts:     opts,
		debounce: debounce,
		out:      &messageWriter{w: out},
		log:      log.New(w, "objcleak lsp: ", log.LstdFlags),
		docs:     map[string]*document{},
		pending:  map[string]time.Time{},
		cache:    analyzer.NewFileCache(),
		wake:     make(chan struct{}, 1),
	}
}

func (s *server) verbosef(format string, args ...any) {
	if s.opts.Verbose {
		s.log.Printf(format, args...)
	}
}

// loop reads and handles messages until exit, the end of the input or a
// read error.
func (s *server) loop(ctx context.Context, mr *messageReader) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := mr.read()
		switch {
		case err == nil:
		case errors.Is(err, errTooLarge):
			s.log.Printf("%v", err)
			continue
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			if s.shutdown {
				return nil
			}
			s.log.Printf("the input ended before shutdown and exit")
			return ErrExitWithoutShutdown
		default:
			s.log.Printf("%v; stopping", err)
			return fmt.Errorf("reading the client's messages: %w", err)
		}
		exit, err := s.handle(body)
		if exit {
			return err
		}
		if err != nil {
			// Only writing to the client fails here; it is gone.
			return fmt.Errorf("writing to the client: %w", err)
		}
	}
}

// handle dispatches one message body. It reports exit for the exit
// notification, and an error when a response cannot be written.
func (s *server) handle(body []byte) (exit bool, err error) {
	var m message
	if jerr := json.Unmarshal(body, &m); jerr != nil {
		if !json.Valid(body) {
			s.log.Printf("unparseable message: %v", jerr)
			return false, s.replyError(nil, rpcErrorf(codeParseError, "parse error: %v", jerr))
		}
		s.log.Printf("invalid message: %v", jerr)
		id := m.ID
		if !validID(id) {
			id = nil
		}
		return false, s.replyError(id, rpcErrorf(codeInvalidRequest, "invalid request: %v", jerr))
	}
	isRequest := m.ID != nil
	if m.Method == nil {
		if isRequest && (m.Result != nil || m.Error != nil) {
			s.verbosef("ignoring a response to id %s: the server sends no requests", m.ID)
			return false, nil
		}
		return false, s.replyError(idOrNull(m.ID), rpcErrorf(codeInvalidRequest, "invalid request: no method"))
	}
	method := *m.Method
	if isRequest && !validID(m.ID) {
		return false, s.replyError(nil, rpcErrorf(codeInvalidRequest, "invalid request: id must be a number or a string, not %s", m.ID))
	}
	if m.JSONRPC != "2.0" {
		if isRequest {
			return false, s.replyError(m.ID, rpcErrorf(codeInvalidRequest, `invalid request: "jsonrpc" must be "2.0"`))
		}
		s.log.Printf("ignoring %s notification: \"jsonrpc\" is not \"2.0\"", method)
		return false, nil
	}
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("internal error handling %s: %v\n%s", method, r, debug.Stack())
			exit = false
			if isRequest {
				err = s.replyError(m.ID, rpcErrorf(codeInternalError, "internal error handling %s: %v", method, r))
			}
		}
	}()
	if isRequest {
		result, rerr := s.request(method, m.Params)
		if rerr != nil {
			if rerr.Code != codeMethodNotFound || s.opts.Verbose {
				s.log.Printf("%s request: %v", method, rerr.Message)
			}
			return false, s.replyError(m.ID, rerr)
		}
		return false, s.reply(m.ID, result)
	}
	if method == "exit" {
		if !s.shutdown {
			return true, ErrExitWithoutShutdown
		}
		return true, nil
	}
	s.notification(method, m.Params)
	return false, nil
}

func idOrNull(id json.RawMessage) json.RawMessage {
	if validID(id) {
		return id
	}
	return nil
}

// request handles a request and returns its result or error.
func (s *server) request(method string, params json.RawMessage) (any, *responseError) {
	switch {
	case method == "initialize":
		if s.initialized {
			return nil, rpcErrorf(codeInvalidRequest, "initialize was already received")
		}
		return s.initialize(params)
	case !s.initialized:
		return nil, rpcErrorf(codeServerNotInitialized, "the server is not initialized: send initialize first")
	case s.shutdown:
		return nil, rpcErrorf(codeInvalidRequest, "%s after shutdown: only the exit notification is accepted", method)
	case method == "shutdown":
		s.shutdown = true
		s.mu.Lock()
		clear(s.pending)
		if s.cancel != nil {
			s.cancel()
		}
		s.mu.Unlock()
		return nil, nil
	}
	return nil, rpcErrorf(codeMethodNotFound, "method not found: %s", method)
}

func (s *server) initialize(params json.RawMessage) (any, *responseError) {
	var p initializeParams
	if err := decodeParams(params, &p); err != nil {
		return nil, rpcErrorf(codeInvalidParams, "invalid initialize params: %v", err)
	}
	var roots []string
	addRoot := func(uri string) {
		if uri == "" {
			return
		}
		path, err := uriToPath(uri)
		if err != nil {
			s.log.Printf("ignoring workspace folder: %v", err)
			return
		}
		roots = append(roots, path)
	}
	for _, f := range p.WorkspaceFolders {
		addRoot(f.URI)
	}
	switch {
	case p.RootURI != nil:
		addRoot(*p.RootURI)
	case p.RootPath != nil && *p.RootPath != "":
		if abs, err := filepath.Abs(*p.RootPath); err == nil {
			roots = append(roots, abs)
		}
	}
	s.mu.Lock()
	s.roots = roots
	s.mu.Unlock()
	s.initialized = true
	client := "unknown client"
	if p.ClientInfo != nil && p.ClientInfo.Name != "" {
		client = strings.TrimSpace(p.ClientInfo.Name + " " + p.ClientInfo.Version)
	}
	s.verbosef("initialized by %s; workspace folders %q", client, roots)
	return initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: textDocumentSync{OpenClose: true, Change: textDocumentSyncKindFull, Save: saveOptions{IncludeText: false}},
		},
		ServerInfo: serverInfo{Name: "objcleak", Version: s.opts.Version},
	}, nil
}

// notification handles a notification other than exit. Problems are
// logged: a notification has no response.
func (s *server) notification(method string, params json.RawMessage) {
	if !s.initialized {
		s.verbosef("ignoring %s before initialize", method)
		return
	}
	if s.shutdown {
		s.verbosef("ignoring %s after shutdown", method)
		return
	}
	// The document handlers run under s.mu: the worker reads documents.
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	switch method {
	case "initialized":
	case "textDocument/didOpen":
		err = s.didOpen(params)
	case "textDocument/didChange":
		err = s.didChange(params)
	case "textDocument/didSave":
		err = s.didSave(params)
	case "textDocument/didClose":
		err = s.didClose(params)
	default:
		// $/cancelRequest (every request is answered at once), $/setTrace,
		// workspace notifications and anything else.
		s.verbosef("ignoring %s notification", method)
	}
	if err != nil {
		s.log.Printf("%s: %v", method, err)
	}
}

// didOpen stores the document and lints it at once. s.mu must be held.
func (s *server) didOpen(params json.RawMessage) error {
	var p didOpenParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	td := p.TextDocument
	if td.URI == "" || td.Text == nil {
		return errors.New("invalid params: textDocument needs uri and text")
	}
	d := &document{uri: td.URI, version: td.Version, text: *td.Text}
	path, err := uriToPath(td.URI)
	switch {
	case err != nil:
		s.verbosef("not linting %s: %v", td.URI, err)
	case objcparse.LangOf(path) == 0:
		s.verbosef("not linting %s: not a .h, .m or .mm file", path)
	default:
		d.path, d.lintable = path, true
	}
	s.gen++
	d.gen = s.gen
	s.docs[td.URI] = d
	if d.lintable {
		s.schedule(td.URI, 0)
	}
	return nil
}

// didChange applies the changes and lints the document after the debounce delay. s.mu must be held.
func (s *server) didChange(params json.RawMessage) error {
	var p didChangeParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return err
	}
	text := d.text
	for i, c := range p.ContentChanges {
		if text, err = applyChange(text, c); err != nil {
			return fmt.Errorf("%s: change %d: %w; the document is out of sync until it is reopened or saved with text", d.uri, i+1, err)
		}
	}
	s.gen++
	d.gen, d.version, d.text = s.gen, p.TextDocument.Version, text
	if d.lintable {
		s.schedule(d.uri, s.debounce)
	}
	return nil
}

// didSave lints the document at once. s.mu must be held.
func (s *server) didSave(params json.RawMessage) error {
	var p didSaveParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return err
	}
	if p.Text != nil && *p.Text != d.text {
		s.gen++
		d.gen, d.text = s.gen, *p.Text
	}
	if d.lintable {
		// Lint again even when the text is the same: imported headers
		// may have been saved since.
		s.schedule(d.uri, 0)
	}
	return nil
}

// didClose forgets the document and clears its diagnostics. s.mu must be held.
func (s *server) didClose(params json.RawMessage) error {
	var p didCloseParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	uri := p.TextDocument.URI
	if uri == "" {
		return errors.New("invalid params: textDocument needs uri")
	}
	delete(s.docs, uri)
	// The worker publishes the empty list, after any result it is about
	// to publish for the document.
	s.schedule(uri, 0)
	return nil
}

// document returns the open document uri. s.mu must be held.
func (s *server) document(uri string) (*document, error) {
	if d := s.docs[uri]; d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("%s is not open", uri)
}

// schedule asks the worker to lint uri (or clear its diagnostics, when it
// is closed) after delay, replacing an earlier request, and cancels a
// running lint of uri, whose result is stale now. s.mu must be held.
func (s *server) schedule(uri string, delay time.Duration) {
	s.pending[uri] = time.Now().Add(delay)
	if s.running == uri && s.cancel != nil {
		s.cancel()
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *server) reply(id json.RawMessage, result any) error {
	return s.send(response{JSONRPC: "2.0", ID: id, Result: result})
}

func (s *server) replyError(id json.RawMessage, e *responseError) error {
	return s.send(errorResponse{JSONRPC: "2.0", ID: id, Error: e})
}

func (s *server) notify(method string, params any) error {
	return s.send(notification{JSONRPC: "2.0", Method: method, Params: params})
}

func (s *server) send(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding a message: %w", err)
	}
	return s.out.write(body)
}
