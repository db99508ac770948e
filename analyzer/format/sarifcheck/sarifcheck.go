// Package sarifcheck validates SARIF documents in tests: against the
// official SARIF 2.1.0 JSON schema (testdata/sarif-schema-2.1.0.json, a
// draft-04 schema), and for objcleak's own rule that no value is null.
//
// It is a separate package so that only tests import the JSON-schema
// validator; the objcleak binary does not link it. Validation never touches
// the network: the schema's "id" URL is registered as a resource backed by
// the local file, and every other URL fails to load.
package sarifcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the schema's path relative to the module root.
const SchemaFile = "testdata/sarif-schema-2.1.0.json"

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// ValidateSARIF validates the SARIF document data against the JSON schema
// in the file schemaPath (see DefaultSchemaPath). Compiled schemas are
// cached by path, so calling it from many tests is cheap. The error lists
// every violation with its JSON pointer.
func ValidateSARIF(data []byte, schemaPath string) error {
	sch, err := schema(schemaPath)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("parsing sarif: %w", err)
	}
	if err := sch.Validate(doc); err != nil {
		return fmt.Errorf("sarif does not match %s: %w", filepath.Base(schemaPath), err)
	}
	return nil
}

// NoNulls returns an error naming the JSON pointer of every null value in
// the JSON document data, or nil when there is none. objcleak's SARIF must
// not contain null: several consumers reject it even where the schema
// allows it.
func NoNulls(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("parsing json: %w", err)
	}
	var nulls []string
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch v := v.(type) {
		case nil:
			nulls = append(nulls, ptr)
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k], ptr+"/"+escapePointer(k))
			}
		case []any:
			for i, e := range v {
				walk(e, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "")
	if len(nulls) > 0 {
		return fmt.Errorf("null at %s", strings.Join(nulls, ", "))
	}
	return nil
}

// DefaultSchemaPath returns the path of SchemaFile in the module that
// contains the working directory (go test runs tests in the package
// directory), found by walking up to the directory holding go.mod.
func DefaultSchemaPath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(SchemaFile)), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding module root: no go.mod above the working directory")
		}
		dir = parent
	}
}

func schema(path string) (*jsonschema.Schema, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("loading schema %s: %w", path, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if sch, ok := compiled[abs]; ok {
		return sch, nil
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, fmt.Errorf("loading schema: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("parsing schema %s: %w", path, err)
	}
	obj, _ := doc.(map[string]any)
	id, _ := obj["id"].(string) // draft-04
	if id == "" {
		id, _ = obj["$id"].(string) // later drafts
	}
	if id == "" {
		id = abs // no id: refer to it by its file path
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(offline{})
	if err := c.AddResource(id, doc); err != nil {
		return nil, fmt.Errorf("registering schema %s as %s: %w", path, id, err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compiling schema %s: %w", path, err)
	}
	compiled[abs] = sch
	return sch, nil
}

// offline is a URL loader that loads nothing, so that a reference the
// schema does not resolve locally fails instead of reaching the network or
// the file system. The draft-04 meta-schema is built into the validator.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("loading %s: refusing to load schemas from outside (only the local SARIF schema is available)", url)
}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
