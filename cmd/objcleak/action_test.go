package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The GitHub Action (action.yml) and the code scanning workflow that uses
// it. The module has no YAML parser; parseYAML reads the subset these files
// use.
var (
	actionPath   = filepath.Join("..", "..", "action.yml")
	scanningPath = filepath.Join("..", "..", ".github", "workflows", "code-scanning.yml")
)

// parseYAML parses block-style YAML: mappings, sequences (of scalars or
// mappings), plain and quoted scalars, literal block scalars (|) and
// comments. Flow collections ([a, b]) stay strings. It reports tabs,
// bad indentation and duplicate keys.
func parseYAML(text string) (any, error) {
	type line struct {
		n      int
		indent int
		text   string
	}
	var lines []line
	raw := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range raw {
		if strings.HasPrefix(strings.TrimLeft(l, " "), "\t") {
			return nil, fmt.Errorf("line %d: tab in indentation", i+1)
		}
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			lines = append(lines, line{n: i + 1, indent: -1, text: l})
			continue
		}
		lines = append(lines, line{n: i + 1, indent: len(l) - len(strings.TrimLeft(l, " ")), text: strings.TrimLeft(l, " ")})
	}
	pos := 0
	skip := func() {
		for pos < len(lines) && lines[pos].indent < 0 {
			pos++
		}
	}
	var node func(indent int) (any, error)
	// value parses what follows "key:" or "- " on line l.
	value := func(rest string, l line, child int) (any, error) {
		rest = stripComment(rest)
		switch {
		case rest == "|" || rest == "|-" || rest == "|+":
			var b strings.Builder
			blockIndent := -1
			for pos < len(lines) {
				bl := lines[pos]
				if bl.indent >= 0 && bl.indent <= l.indent {
					break
				}
				if bl.indent < 0 && strings.TrimSpace(bl.text) == "" {
					b.WriteString("\n")
					pos++
					continue
				}
				full := raw[bl.n-1]
				ind := len(full) - len(strings.TrimLeft(full, " "))
				if blockIndent < 0 {
					blockIndent = ind
				}
				if ind < blockIndent {
					break
				}
				b.WriteString(full[blockIndent:] + "\n")
				pos++
			}
			return b.String(), nil
		case rest != "":
			return unquote(rest), nil
		}
		skip()
		if pos < len(lines) && lines[pos].indent > l.indent-child {
			return node(lines[pos].indent)
		}
		return "", nil
	}
	node = func(indent int) (any, error) {
		skip()
		if pos >= len(lines) {
			return nil, nil
		}
		if strings.HasPrefix(lines[pos].text, "- ") || lines[pos].text == "-" {
			var seq []any
			for skip(); pos < len(lines) && lines[pos].indent == indent && (strings.HasPrefix(lines[pos].text, "- ") || lines[pos].text == "-"); skip() {
				l := lines[pos]
				item := strings.TrimPrefix(strings.TrimPrefix(l.text, "-"), " ")
				if k, _, ok := splitKey(item); ok && k != "" {
					// "- key: value" starts a mapping indented at the key.
					lines[pos] = line{n: l.n, indent: indent + 2, text: item}
					m, err := node(indent + 2)
					if err != nil {
						return nil, err
					}
					seq = append(seq, m)
					continue
				}
				pos++
				v, err := value(item, line{n: l.n, indent: indent}, 0)
				if err != nil {
					return nil, err
				}
				seq = append(seq, v)
			}
			return seq, nil
		}
		m := map[string]any{}
		for skip(); pos < len(lines) && lines[pos].indent == indent; skip() {
			l := lines[pos]
			if strings.HasPrefix(l.text, "- ") {
				return nil, fmt.Errorf("line %d: sequence item inside a mapping", l.n)
			}
			k, rest, ok := splitKey(l.text)
			if !ok {
				return nil, fmt.Errorf("line %d: want key: value, got %q", l.n, l.text)
			}
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", l.n, k)
			}
			pos++
			v, err := value(rest, l, 0)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		if skip(); pos < len(lines) && lines[pos].indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indentation", lines[pos].n)
		}
		return m, nil
	}
	v, err := node(0)
	if err != nil {
		return nil, err
	}
	if skip(); pos < len(lines) {
		return nil, fmt.Errorf("line %d: unexpected indentation", lines[pos].n)
	}
	return v, nil
}

var keyRE = regexp.MustCompile(`^([A-Za-z0-9_.-]+|"[^"]*"|'[^']*'):(\s+(.*))?$`)

// splitKey splits "key: rest".
func splitKey(s string) (key, rest string, ok bool) {
	m := keyRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return unquote(m[1]), m[3], true
}

// stripComment removes a " # comment" outside quotes.
func stripComment(s string) string {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(s)
}

func unquote(s string) string {
	s = stripComment(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return s
}

func TestParseYAML(t *testing.T) {
	v, err := parseYAML("a: 1 # c\nb:\n  c: \"x # y\"\n  d:\n    - e\n    - f: g\n      h: |\n        run\n          more\n\n        end\n    - 'i'\nj: [k, l]\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "map[a:1 b:map[c:x # y d:[e map[f:g h:run\n  more\n\nend\n] i]] j:[k, l]]"
	if got := fmt.Sprint(v); got != want {
		t.Errorf("parseYAML = %q, want %q", got, want)
	}
	for _, bad := range []string{"a: 1\na: 2\n", "a:\n\tb: 1\n", "a: 1\n  b: 2\n", "- a\nb: c\n", "a\n"} {
		if _, err := parseYAML(bad); err == nil {
			t.Errorf("parseYAML(%q) succeeded", bad)
		}
	}
}

// path walks a parsed document: keys of mappings, "#i" or "key=value"
// (first mapping whose key has that value) in sequences.
func path(t *testing.T, doc any, steps ...string) any {
	t.Helper()
	cur := doc
	for _, s := range steps {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[s]
			if !ok {
				t.Fatalf("no key %q (path %v)", s, steps)
			}
			cur = v
		case []any:
			found := false
			if k, v, ok := strings.Cut(s, "="); ok {
				for _, item := range c {
					if m, ok := item.(map[string]any); ok && m[k] == v {
						cur, found = item, true
						break
					}
				}
			}
			if !found {
				t.Fatalf("no item %q (path %v)", s, steps)
			}
		default:
			t.Fatalf("%q: not a mapping or sequence (path %v)", s, steps)
		}
	}
	return cur
}

func str(t *testing.T, doc any, steps ...string) string {
	t.Helper()
	s, ok := path(t, doc, steps...).(string)
	if !ok {
		t.Fatalf("%v is not a string", steps)
	}
	return s
}

func loadYAML(t *testing.T, p string) map[string]any {
	t.Helper()
	v, err := parseYAML(readText(t, p))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is not a mapping", p)
	}
	return m
}

// TestActionMetadata checks action.yml: the inputs, their defaults, a
// composite action that installs with setup-go and go install at the
// action's ref, and no expression pasted into a script.
func TestActionMetadata(t *testing.T) {
	a := loadYAML(t, actionPath)
	for _, k := range []string{"name", "description"} {
		if str(t, a, k) == "" {
			t.Errorf("action.yml: %s is empty", k)
		}
	}
	inputs := path(t, a, "inputs").(map[string]any)
	for name, def := range map[string]string{"paths": ".", "args": "", "fail-on": "error", "sarif": "objcleak.sarif", "format": "github", "cache": "true"} {
		if _, ok := inputs[name]; !ok {
			t.Errorf("action.yml: no input %q", name)
			continue
		}
		if got := str(t, a, "inputs", name, "default"); got != def {
			t.Errorf("input %s: default %q, want %q", name, got, def)
		}
		if str(t, a, "inputs", name, "description") == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for _, out := range []string{"sarif", "exit-code"} {
		if !strings.Contains(str(t, a, "outputs", out, "value"), "steps.lint.outputs."+out) {
			t.Errorf("output %s does not come from the lint step", out)
		}
	}
	if str(t, a, "runs", "using") != "composite" {
		t.Fatalf("runs.using is not composite")
	}
	steps := path(t, a, "runs", "steps").([]any)
	if !strings.HasPrefix(str(t, steps[0], "uses"), "actions/setup-go@") {
		t.Errorf("the first step is not actions/setup-go")
	}
	install := path(t, steps, "id=install")
	if !strings.Contains(str(t, install, "run"), `go install "github.com/objcleak/objcleak/cmd/objcleak@$ref"`) ||
		!strings.Contains(str(t, install, "run"), `ref="${ref:-latest}"`) {
		t.Errorf("the install step does not go install objcleak at the ref, falling back to latest")
	}
	if str(t, install, "env", "OBJCLEAK_ACTION_REF") != "${{ github.action_ref }}" {
		t.Errorf("the install step does not read github.action_ref through env")
	}
	// The facts cache: restored by actions/cache into the directory the
	// lint step points objcleak at.
	cache := path(t, steps, "uses=actions/cache@v4")
	if dir := str(t, cache, "with", "path"); dir != str(t, path(t, steps, "id=lint"), "env", "OBJCLEAK_CACHE_DIR") || !strings.Contains(dir, "objcleak-cache") {
		t.Errorf("actions/cache restores %q, not the lint step's OBJCLEAK_CACHE_DIR", dir)
	}
	used := map[string]bool{}
	inputRE := regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}`)
	for i, s := range steps {
		m := s.(map[string]any)
		if run, ok := m["run"].(string); ok {
			if m["shell"] != "bash" {
				t.Errorf("step %d: a composite run step needs shell: bash", i)
			}
			if strings.Contains(run, "${{") {
				t.Errorf("step %d pastes an expression into its script; pass it through env", i)
			}
		}
		for _, sub := range []string{"env", "with"} {
			if vars, ok := m[sub].(map[string]any); ok {
				for _, v := range vars {
					for _, match := range inputRE.FindAllStringSubmatch(fmt.Sprint(v), -1) {
						used[match[1]] = true
					}
				}
			}
		}
	}
	for name := range inputs {
		if !used[name] {
			t.Errorf("input %s is declared but no step uses it", name)
		}
	}
	for name := range used {
		if _, ok := inputs[name]; !ok {
			t.Errorf("a step uses undeclared input %s", name)
		}
	}
}

// TestCodeScanningWorkflow checks the example workflow: it runs the action,
// may upload security events and uploads SARIF under category objcleak
// even when the objcleak step fails.
func TestCodeScanningWorkflow(t *testing.T) {
	w := loadYAML(t, scanningPath)
	if str(t, w, "permissions", "security-events") != "write" {
		t.Errorf("the workflow lacks permissions: security-events: write")
	}
	steps := path(t, w, "jobs", "objcleak", "steps").([]any)
	action := path(t, steps, "uses=./")
	if id := str(t, action, "id"); id != "objcleak" {
		t.Errorf("the action step's id is %q", id)
	}
	upload := path(t, steps, "uses=github/codeql-action/upload-sarif@v3")
	if str(t, upload, "with", "category") != "objcleak" {
		t.Errorf("upload-sarif category is not objcleak")
	}
	if got := str(t, upload, "with", "sarif_file"); got != "${{ steps.objcleak.outputs.sarif }}" {
		t.Errorf("upload-sarif sarif_file = %q", got)
	}
	if cond := str(t, upload, "if"); !strings.Contains(cond, "!cancelled()") && !strings.Contains(cond, "always()") {
		t.Errorf("upload-sarif runs only when objcleak passed (if: %q)", cond)
	}
}

// TestActionLintScript runs the action's lint step with bash, as the
// runner does (bash --noprofile --norc -eo pipefail), against a stand-in
// objcleak that records its arguments and exits with a chosen status.
func TestActionLintScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	a := loadYAML(t, actionPath)
	script := str(t, path(t, a, "runs", "steps").([]any), "id=lint", "run")
	dir := t.TempDir()
	scriptPath := filepath.Join(dir, "lint.sh")
	if err := os.WriteFile(scriptPath, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	// The stand-in: one line per run, arguments separated by "|"; writes
	// the --output file; exits with $FAKE_SARIF_STATUS for SARIF runs and
	// $FAKE_STATUS otherwise.
	fake := filepath.Join(dir, "objcleak")
	if err := os.WriteFile(fake, []byte(`#!/usr/bin/env bash
line=""; out=""; sarif=0; prev=""
for a in "$@"; do
  line="$line|$a"
  if [ "$prev" = --output ]; then out="$a"; fi
  if [ "$prev" = --format ] && [ "$a" = sarif ]; then sarif=1; fi
  prev="$a"
done
echo "${line#|}" >>"$FAKE_LOG"
if [ -n "$out" ] && [ "${FAKE_SARIF_STATUS:-0}" -lt 2 ]; then echo '{}' >"$out"; fi
if [ "$sarif" = 1 ]; then exit "${FAKE_SARIF_STATUS:-0}"; fi
exit "${FAKE_STATUS:-0}"
`), 0o755); err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{"paths": ".", "args": "", "fail-on": "error", "sarif": "objcleak.sarif", "format": "github", "cache": "true"}
	for _, tc := range []struct {
		name       string
		set        map[string]string
		sarifCode  int
		code       int
		wantExit   int
		wantRuns   []string
		wantOutput string
	}{
		{
			name: "defaults, findings", sarifCode: 1, code: 1, wantExit: 1,
			wantRuns: []string{
				"lint|--format|sarif|--output|objcleak.sarif|--fail-on|error|--quiet|--|.",
				"lint|--format|github|--fail-on|error|--|.",
			},
			wantOutput: "sarif=objcleak.sarif\nexit-code=1\n",
		},
		{
			name: "defaults, clean", wantExit: 0,
			wantRuns:   []string{"lint|--format|sarif|--output|objcleak.sarif|--fail-on|error|--quiet|--|.", "lint|--format|github|--fail-on|error|--|."},
			wantOutput: "sarif=objcleak.sarif\nexit-code=0\n",
		},
		{
			name: "fail-on none", set: map[string]string{"fail-on": "none"}, sarifCode: 1, code: 1, wantExit: 0,
			wantRuns:   []string{"lint|--format|sarif|--output|objcleak.sarif|--fail-on|error|--quiet|--|.", "lint|--format|github|--fail-on|error|--|."},
			wantOutput: "sarif=objcleak.sarif\nexit-code=1\n",
		},
		{
			name: "usage error", set: map[string]string{"fail-on": "none", "args": "--enable nosuch"}, sarifCode: 2, code: 2, wantExit: 2,
			wantRuns:   []string{"lint|--format|sarif|--output|objcleak.sarif|--fail-on|error|--quiet|--enable|nosuch|--|."},
			wantOutput: "exit-code=2\n",
		},
		{
			name: "paths and args", set: map[string]string{"paths": "App\nShared Code\n", "args": " --disable sessionperrequest  --exclude Vendor ", "sarif": "", "fail-on": "warning"},
			code: 1, wantExit: 1,
			wantRuns:   []string{"lint|--format|github|--fail-on|warning|--disable|sessionperrequest|--exclude|Vendor|--|App|Shared Code"},
			wantOutput: "exit-code=1\n",
		},
		{
			name: "no cache", set: map[string]string{"cache": "false", "format": ""}, sarifCode: 0, wantExit: 0,
			wantRuns:   []string{"lint|--format|sarif|--output|objcleak.sarif|--fail-on|error|--no-cache|--|."},
			wantOutput: "sarif=objcleak.sarif\nexit-code=0\n",
		},
		{
			name: "paths on one line, no log format", set: map[string]string{"paths": "App Tests", "format": "", "sarif": "out/o.sarif"}, sarifCode: 1, wantExit: 1,
			wantRuns:   []string{"lint|--format|sarif|--output|out/o.sarif|--fail-on|error|--|App|Tests"},
			wantOutput: "sarif=out/o.sarif\nexit-code=1\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			if err := os.MkdirAll(filepath.Join(work, "out"), 0o755); err != nil {
				t.Fatal(err)
			}
			log, output := filepath.Join(work, "runs.log"), filepath.Join(work, "github_output")
			env := append(os.Environ(), "OBJCLEAK="+fake, "FAKE_LOG="+log, "GITHUB_OUTPUT="+output,
				"FAKE_SARIF_STATUS="+strconv.Itoa(tc.sarifCode), "FAKE_STATUS="+strconv.Itoa(tc.code))
			for k, v := range inputs {
				if s, ok := tc.set[k]; ok {
					v = s
				}
				env = append(env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))+"="+v)
			}
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", scriptPath)
			cmd.Dir, cmd.Env = work, env
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantExit {
				t.Errorf("exit %d, want %d\n%s", code, tc.wantExit, out)
			}
			runs, _ := os.ReadFile(log)
			if got, want := string(runs), strings.Join(tc.wantRuns, "\n")+"\n"; got != want {
				t.Errorf("objcleak runs:\n%s\nwant:\n%s", got, want)
			}
			outputs, _ := os.ReadFile(output)
			if string(outputs) != tc.wantOutput {
				t.Errorf("GITHUB_OUTPUT = %q, want %q", outputs, tc.wantOutput)
			}
		})
	}
}
