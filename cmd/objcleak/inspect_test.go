package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestInspectDemoApp(t *testing.T) {
	code, out, errs := objcleak(t, "inspect", "class", "FeedAPIClient", demoApp)
	if code != exitOK {
		t.Fatalf("exit code = %d, want 0\nstderr: %s", code, errs)
	}
	for _, want := range []string{
		"Class FeedAPIClient\n",
		"superclasses:  NSObject\n",
		// The demo app lies outside the current directory and no --root is
		// given: paths are relative to the app, the nearest directory that
		// holds every named path (they never leave the root).
		"extension       PhotoHub/Networking/FeedAPIClient.m:10\n",
		"_manager     AFHTTPSessionManager *  strong     manager",
		"strong:  \\x01\\x12 (slots 1 3-4)\n",
		"weak:    NULL\n",
		"_manager (property manager)        strong  -> AFHTTPSessionManager",
		"ivar _feedType (FeedType): the type's size is not known, assumed to be 8 bytes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\noutput:\n%s", want, out)
		}
	}

	code, out, errs = objcleak(t, "inspect", "class", "--format", "json", "FeedAPIClient", demoApp)
	var doc struct {
		Name         string `json:"name"`
		StrongLayout struct {
			Bytes string `json:"bytes"`
			Slots []int  `json:"slots"`
		} `json:"strongLayout"`
		OwningReferences []struct{ Ivar, Target string } `json:"owningReferences"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("json: exit %d, stderr %s\n%s", code, errs, out)
	}
	if doc.Name != "FeedAPIClient" || doc.StrongLayout.Bytes != `\x01\x12` || len(doc.StrongLayout.Slots) != 3 || len(doc.OwningReferences) != 3 {
		t.Errorf("json document: %+v", doc)
	}
}

func TestInspectErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"inspect", "class", "FeedApiClient", demoApp}, `no class named "FeedApiClient" in the 22 files read; did you mean FeedAPIClient?`},
		{[]string{"inspect", "class", "feedapiclient", demoApp}, "did you mean FeedAPIClient?"},
		{[]string{"inspect", "class", "NoSuchThing", demoApp}, `no class named "NoSuchThing" in the 22 files read` + "\n"},
		{[]string{"inspect", "class", "FeedAPIClient", demoApp + "/missing"}, "missing: no such file or directory"},
		{[]string{"inspect", "class", "--format", "sarif", "FeedAPIClient", demoApp}, `unknown format "sarif" (formats: text, json)`},
		{[]string{"inspect", "class", "X"}, `no class named "X" in the 0 files read`}, // the default path "." holds no Objective-C
		{[]string{"inspect", "class"}, "inspect class needs a class name"},
		{[]string{"inspect"}, "inspect needs a sub-command"},
		{[]string{"inspect", "klass", "X"}, `unknown inspect sub-command "klass"`},
	} {
		code, out, errs := objcleak(t, tc.args...)
		if code != exitError || !strings.Contains(errs, tc.err) || out != "" {
			t.Errorf("objcleak %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, out, errs, exitError, tc.err)
		}
	}
}
