package sarifcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const minimal = `{
  "version": "2.1.0",
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [{
    "tool": {"driver": {"name": "objcleak", "rules": []}},
    "results": [{
      "ruleId": "x",
      "message": {"text": "m"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.m"}, "region": {"startLine": 1}}}]
    }]
  }]
}`

func schemaFile(t *testing.T) string {
	t.Helper()
	p, err := DefaultSchemaPath()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("schema not found: %v", err)
	}
	return p
}

func TestValidateSARIF(t *testing.T) {
	p := schemaFile(t)
	if err := ValidateSARIF([]byte(minimal), p); err != nil {
		t.Fatalf("minimal SARIF rejected: %v", err)
	}
	for name, doc := range map[string]string{
		// errata01: a region needs startLine, charOffset or byteOffset.
		"empty region": strings.Replace(minimal, `{"startLine": 1}`, `{"startColumn": 1}`, 1),
		"no driver":    strings.Replace(minimal, `{"driver": {"name": "objcleak", "rules": []}}`, `{}`, 1),
		"bad level":    strings.Replace(minimal, `"ruleId": "x",`, `"ruleId": "x", "level": "fatal",`, 1),
		"null results": strings.Replace(minimal, `"results": [{`, `"results": null, "x": [{`, 1),
	} {
		if err := ValidateSARIF([]byte(doc), p); err == nil {
			t.Errorf("%s: invalid SARIF accepted", name)
		}
	}
	if err := ValidateSARIF([]byte("{"), p); err == nil {
		t.Error("malformed JSON accepted")
	}
	if err := ValidateSARIF([]byte(minimal), filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing schema file accepted")
	}
}

// TestOffline checks that references outside the schema file are not
// fetched.
func TestOffline(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.json")
	schema := `{"$schema": "http://json-schema.org/draft-04/schema#", "id": "https://example.invalid/s.json",
		"properties": {"a": {"$ref": "https://example.invalid/other.json"}}}`
	if err := os.WriteFile(p, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	err := ValidateSARIF([]byte(`{"a": 1}`), p)
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("remote reference: err = %v, want a refusal to load", err)
	}
}

func TestNoNulls(t *testing.T) {
	if err := NoNulls([]byte(minimal)); err != nil {
		t.Errorf("NoNulls(minimal) = %v", err)
	}
	err := NoNulls([]byte(`{"a": [1, null], "b/c": {"d": null}, "e": 0}`))
	if err == nil || err.Error() != "null at /a/1, /b~1c/d" {
		t.Errorf("NoNulls = %v, want null at /a/1, /b~1c/d", err)
	}
	if err := NoNulls([]byte(`{`)); err == nil {
		t.Error("malformed JSON accepted")
	}
}
