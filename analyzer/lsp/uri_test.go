package lsp

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestURIToPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file URIs are not supported")
	}
	for uri, want := range map[string]string{
		"file:///Users/me/App/Feed.m":                        "/Users/me/App/Feed.m",
		"file:///Users/me/My%20App/Feed%20View.m":            "/Users/me/My App/Feed View.m",
		"file:///tmp/%E6%AD%A3%E7%A2%BA/Caf%C3%A9.m":         "/tmp/正確/Café.m",
		"file:///tmp/already decoded/Café.m":                 "/tmp/already decoded/Café.m",
		"file://localhost/tmp/a.m":                           "/tmp/a.m",
		"FILE:///tmp/a.m":                                    "/tmp/a.m",
		"file:///tmp/a%2Bb+c.m":                              "/tmp/a+b+c.m",
		"file:///tmp/x/../y/./a.m":                           "/tmp/y/a.m",
		"file:///tmp/100%25/a%23b.m":                         "/tmp/100%/a#b.m",
		"file:///tmp/a.m?query#fragment":                     "/tmp/a.m",
		"file:///tmp/%5Bbrackets%5D%20%26%20%40at/file.m":    "/tmp/[brackets] & @at/file.m",
		"file:///tmp/emoji%F0%9F%98%80/%F0%9F%98%80.h":       "/tmp/emoji😀/😀.h",
		"file:///home/u/Proj%C3%A9t%20%E6%96%B0/src/File.mm": "/home/u/Projét 新/src/File.mm",
	} {
		got, err := uriToPath(uri)
		if err != nil || got != filepath.FromSlash(want) {
			t.Errorf("uriToPath(%q) = %q, %v; want %q", uri, got, err, want)
		}
	}
	for uri, want := range map[string]string{
		"untitled:Untitled-1":        "unsupported URI scheme \"untitled\"",
		"git:/tmp/a.m?ref=HEAD":      "unsupported URI scheme",
		"file://server/share/a.m":    "names host \"server\"",
		"file:///tmp/bad%zzescape.m": "invalid URL escape",
		"file:///tmp/nul%00.m":       "NUL",
		"/tmp/a.m":                   "not a file URI",
		"":                           "not a file URI",
	} {
		if got, err := uriToPath(uri); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("uriToPath(%q) = %q, %v; want an error containing %q", uri, got, err, want)
		}
	}
}

func TestPathToURIRoundTrip(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file URIs are not supported")
	}
	for path, want := range map[string]string{
		"/tmp/a.m":                "file:///tmp/a.m",
		"/tmp/My App/Feed View.m": "file:///tmp/My%20App/Feed%20View.m",
		"/tmp/正確/Café.m":          "file:///tmp/%E6%AD%A3%E7%A2%BA/Caf%C3%A9.m",
		"/tmp/100%/a#b?.m":        "file:///tmp/100%25/a%23b%3F.m",
		"/tmp/emoji😀/a+b & c@d.h": "file:///tmp/emoji%F0%9F%98%80/a+b%20&%20c@d.h",
	} {
		got := pathToURI(path)
		if got != want {
			t.Errorf("pathToURI(%q) = %q, want %q", path, got, want)
		}
		back, err := uriToPath(got)
		if err != nil || back != path {
			t.Errorf("uriToPath(pathToURI(%q)) = %q, %v", path, back, err)
		}
	}
}
