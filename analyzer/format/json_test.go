package format

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestJSONGolden(t *testing.T) {
	r := fullFixture(t).r
	fps := r.Fingerprints()
	want := fmt.Sprintf(`{
  "version": 1,
  "tool": {
    "name": "objcleak",
    "version": "v1.2.3",
    "informationUri": "https://objcleak.dev"
  },
  "root": "/work/proj",
  "files": 5,
  "diagnostics": [
    {
      "rule": "strongdelegate",
      "severity": "warning",
      "message": "delegate property of NetClient is strong: id<NetDelegate> keeps its owner alive",
      "details": "",
      "path": "App/Net Client.h",
      "line": 2,
      "column": 23,
      "endLine": 2,
      "endColumn": 23,
      "fingerprint": %q,
      "related": [
        {
          "path": "App/Net Client.m",
          "line": 3,
          "column": 27,
          "message": "assigned in -[NetClient start]"
        }
      ],
      "flow": []
    },
    {
      "rule": "sessionleak",
      "severity": "error",
      "message": "NSURLSession with delegate self is never invalidated.",
      "details": "",
      "path": "App/Net Client.m",
      "line": 3,
      "column": 42,
      "endLine": 3,
      "endColumn": 115,
      "fingerprint": %q,
      "related": [
        {
          "path": "App/Net Client.h",
          "line": 1,
          "column": 1,
          "message": "NetClient declared here"
        },
        {
          "path": "App/Net Client.m",
          "line": 3,
          "column": 27,
          "message": ""
        }
      ],
      "flow": []
    },
    {
      "rule": "retaincycle",
      "severity": "error",
      "message": "retain cycle: self -> block -> self",
      "details": "",
      "path": "App/Views/Cell.m",
      "line": 3,
      "column": 5,
      "endLine": 3,
      "endColumn": 40,
      "fingerprint": %q,
      "related": [],
      "flow": [
        {
          "path": "App/Views/Cell.m",
          "line": 3,
          "column": 5,
          "message": "self retains the block through handler"
        },
        {
          "path": "App/Views/Cell.m",
          "line": 3,
          "column": 24,
          "message": "the block captures self strongly"
        }
      ]
    },
    {
      "rule": "parse",
      "severity": "note",
      "message": "could not parse 1 byte",
      "details": "",
      "path": "App/Ünï code/Bad.m",
      "line": 1,
      "column": 19,
      "endLine": 1,
      "endColumn": 19,
      "fingerprint": %q,
      "related": [],
      "flow": []
    },
    {
      "rule": "experimental",
      "severity": "warning",
      "message": "first line\nsecond line: 100%% sure, really",
      "details": "",
      "path": "",
      "line": 0,
      "column": 0,
      "endLine": 0,
      "endColumn": 0,
      "fingerprint": %q,
      "related": [],
      "flow": []
    }
  ]
}
`, fps[0], fps[1], fps[2], fps[3], fps[4])
	if got := write(t, "json", r); got != want {
		t.Errorf("json output:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONEmpty(t *testing.T) {
	const want = `{
  "version": 1,
  "tool": {
    "name": "objcleak",
    "version": "v1.2.3",
    "informationUri": "https://objcleak.dev"
  },
  "root": "/work/proj",
  "files": 1,
  "diagnostics": []
}
`
	if got := write(t, "json", emptyFixture(t).r); got != want {
		t.Errorf("json output:\n%s\nwant:\n%s", got, want)
	}
}

// TestJSONNoNulls checks every scenario: arrays are [], never null, and
// the document parses.
func TestJSONNoNulls(t *testing.T) {
	for name, r := range scenarios(t) {
		out := write(t, "json", r)
		if strings.Contains(out, "null") {
			t.Errorf("%s: json output contains null:\n%s", name, out)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s: json output does not parse: %v", name, err)
		}
	}
}
