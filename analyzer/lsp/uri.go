package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// uriToPath returns the absolute, cleaned file system path of a file URI
// ("file:///Users/me/My%20App/%E6%AD%A3.m" → "/Users/me/My App/正.m").
// Other schemes (untitled:, git:) and URIs naming another host are errors.
func uriToPath(uri string) (string, error) {
	rest, ok := cutPrefixFold(uri, "file://")
	if !ok {
		if i := strings.IndexByte(uri, ':'); i > 0 {
			return "", fmt.Errorf("unsupported URI scheme %q in %q (only file: documents are linted)", uri[:i], uri)
		}
		return "", fmt.Errorf("not a file URI: %q", uri)
	}
	// Query and fragment have no meaning for a file; a literal '#' or '?'
	// in a name is percent-encoded by clients.
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	host, p, _ := strings.Cut(rest, "/")
	if host != "" && !strings.EqualFold(host, "localhost") {
		return "", fmt.Errorf("file URI %q names host %q; only local files are linted", uri, host)
	}
	p, err := url.PathUnescape("/" + p)
	if err != nil {
		return "", fmt.Errorf("file URI %q: %w", uri, err)
	}
	if strings.IndexByte(p, 0) >= 0 {
		return "", fmt.Errorf("file URI %q contains a NUL byte", uri)
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// pathToURI returns the file URI of an absolute path, percent-encoding
// what a URI path cannot hold (spaces, non-ASCII, '%', '?', '#').
func pathToURI(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return u.String()
}
