package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
)

// DefaultMaxMessageSize is the largest message body the server reads (an
// 8 MiB source file escaped into JSON fits); larger ones are skipped.
const DefaultMaxMessageSize = 64 << 20

const (
	maxHeaderLine  = 4096 // bytes, line ending included
	maxHeaderLines = 32
)

// errTooLarge is returned (wrapped) by messageReader.read for a message
// whose body was longer than the limit. The body has been skipped: the
// stream is still in sync and the next read returns the next message.
var errTooLarge = errors.New("message too large")

// A headerError is a malformed header block. The stream cannot be
// resynchronized after it.
type headerError struct{ msg string }

func (e *headerError) Error() string { return "bad message header: " + e.msg }

// A messageReader reads message bodies framed by the LSP base protocol:
// header lines ("Content-Length: N"), an empty line, then N bytes of JSON.
// Header names are case-insensitive, lines may end with "\r\n" or "\n",
// and headers other than Content-Length (such as Content-Type) are ignored.
type messageReader struct {
	r       *bufio.Reader
	maxSize int64
}

func newMessageReader(r io.Reader, maxSize int64) *messageReader {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	return &messageReader{r: bufio.NewReaderSize(r, maxHeaderLine), maxSize: maxSize}
}

// read returns the next message body. It returns io.EOF when the input
// ends between messages, an error wrapping io.ErrUnexpectedEOF when it ends
// inside one, a *headerError for a malformed header, and an error wrapping
// errTooLarge (after skipping the body) for a body over the limit.
func (mr *messageReader) read() ([]byte, error) {
	length := int64(-1)
	lines := 0
	for {
		line, err := mr.r.ReadSlice('\n')
		if err != nil {
			switch {
			case errors.Is(err, bufio.ErrBufferFull):
				return nil, &headerError{"header line longer than " + strconv.Itoa(maxHeaderLine) + " bytes"}
			case errors.Is(err, io.EOF) && len(line) == 0 && lines == 0 && length < 0:
				return nil, io.EOF
			case errors.Is(err, io.EOF):
				return nil, fmt.Errorf("reading message header: %w", io.ErrUnexpectedEOF)
			}
			return nil, fmt.Errorf("reading message header: %w", err)
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) == 0 {
			if lines == 0 {
				continue // a stray line break between messages
			}
			break
		}
		lines++
		if lines > maxHeaderLines {
			return nil, &headerError{"more than " + strconv.Itoa(maxHeaderLines) + " header lines"}
		}
		name, value, ok := strings.Cut(string(line), ":")
		if !ok {
			return nil, &headerError{fmt.Sprintf("line %q is not \"Name: value\"", line)}
		}
		if !strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil || n < 0 {
			return nil, &headerError{fmt.Sprintf("invalid Content-Length %q", strings.TrimSpace(value))}
		}
		if length >= 0 && n != length {
			return nil, &headerError{"conflicting Content-Length headers"}
		}
		length = n
	}
	if length < 0 {
		return nil, &headerError{"no Content-Length header"}
	}
	if length > mr.maxSize {
		if _, err := io.CopyN(io.Discard, mr.r, length); err != nil {
			return nil, fmt.Errorf("skipping a %d-byte message: %w", length, io.ErrUnexpectedEOF)
		}
		return nil, fmt.Errorf("%w: %d bytes (limit %d); skipped", errTooLarge, length, mr.maxSize)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(mr.r, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading %d-byte message body: %w", length, err)
	}
	return body, nil
}

// A messageWriter writes framed messages, one whole message per Write
// call, from any number of goroutines.
type messageWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// write frames body with a Content-Length header and writes it.
func (mw *messageWriter) write(body []byte) error {
	buf := make([]byte, 0, len(body)+32)
	buf = append(buf, "Content-Length: "...)
	buf = strconv.AppendInt(buf, int64(len(body)), 10)
	buf = append(buf, "\r\n\r\n"...)
	buf = append(buf, body...)
	mw.mu.Lock()
	defer mw.mu.Unlock()
	_, err := mw.w.Write(buf)
	return err
}

// message is any incoming JSON-RPC 2.0 message: a request (method and
// id), a notification (method, no id) or a response (id and result or
// error). ID stays raw so that a response echoes it exactly; it is nil when
// absent and "null" when null.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  *string         `json:"method"`
	Params  json.RawMessage `json:"params"`
	Result  json.RawMessage `json:"result"`
	Error   json.RawMessage `json:"error"`
}

// responseError is the error member of a response.
type responseError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *responseError) Error() string { return e.Message }

// rpcErrorf returns a responseError with a formatted message.
func rpcErrorf(code int, format string, args ...any) *responseError {
	return &responseError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// response is an outgoing response. Exactly one of Result and Error is
// written: Result (possibly null) on success.
type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

type errorResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *responseError  `json:"error"`
}

// notification is an outgoing notification.
type notification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// validID reports whether id is a JSON-RPC request id: a number or a
// string (null is tolerated, as JSON-RPC 2.0 does).
func validID(id json.RawMessage) bool {
	id = bytes.TrimSpace(id)
	if len(id) == 0 {
		return false
	}
	switch id[0] {
	case '"':
		var s string
		return json.Unmarshal(id, &s) == nil
	case 'n':
		return string(id) == "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var n json.Number
		return json.Unmarshal(id, &n) == nil
	}
	return false
}
