package objcparse

import (
	"bytes"
	"strings"
)

// Macros from build settings (PARSING.md: most parse failures on real
// projects are macros defined outside the linted sources). Xcode passes
// GCC_PREPROCESSOR_DEFINITIONS (and any setting whose name starts with it,
// such as a shared GCC_PREPROCESSOR_DEFINITIONS_COMMON an .xcconfig
// composes) to the compiler as -D options: `SPU_OBJC_DIRECT=__attribute__((objc_direct))`
// defines an attribute macro every file may use after a method
// declaration. ScanBuildSettings reads them from .xcconfig files and
// project.pbxproj files, as #defines.

// buildSettingName is the setting (and prefix of settings) whose value
// lists preprocessor definitions.
const buildSettingName = "GCC_PREPROCESSOR_DEFINITIONS"

// ScanBuildSettings records the preprocessor definitions of an .xcconfig
// or project.pbxproj file, as if each `NAME=VALUE` were `#define NAME
// VALUE` (a bare NAME defines it as 1). References to other settings
// (`$(inherited)`) are skipped. It never fails; what it cannot read is
// ignored.
func (m *Macros) ScanBuildSettings(src []byte) {
	if m == nil || !bytes.Contains(src, []byte(buildSettingName)) {
		return
	}
	var defs strings.Builder
	for _, item := range buildDefinitions(src) {
		name, value, _ := strings.Cut(item, "=")
		if !IsIdentifier(name) {
			continue
		}
		if value == "" {
			value = "1"
		}
		defs.WriteString("#define " + name + " " + value + "\n")
	}
	if defs.Len() > 0 {
		m.Scan([]byte(defs.String()))
	}
}

// buildDefinitions returns the items of every GCC_PREPROCESSOR_DEFINITIONS
// setting of src, in both syntaxes: an .xcconfig line (`NAME = a b=c`,
// possibly with a [config=…] condition) and a pbxproj assignment
// (`NAME = ("a", "b=c");` or `NAME = "a b=c";`).
func buildDefinitions(src []byte) []string {
	var out []string
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(buildSettingName))
		if j < 0 {
			return out
		}
		at := i + j
		k := at + len(buildSettingName)
		i = k
		if at > 0 && (isIdentByte(src[at-1]) || src[at-1] == '(' || src[at-1] == '{') {
			continue // part of a longer name, or a $(reference) in a value
		}
		// The setting's name runs on (…_COMMON), then conditions follow
		// ([config=Debug][sdk=*]).
		for k < len(src) && isIdentByte(src[k]) {
			k++
		}
		for k < len(src) && src[k] == '[' {
			e := bytes.IndexByte(src[k:], ']')
			if e < 0 {
				break
			}
			k += e + 1
		}
		k = skipHSpace(src, k)
		if k >= len(src) || src[k] != '=' {
			continue
		}
		k = skipHSpace(src, k+1)
		if k < len(src) && src[k] == '(' {
			// pbxproj list: quoted or bare items up to ')'.
			end := bytes.IndexByte(src[k:], ')')
			for end >= 0 && insideQuotes(src[k:k+end]) {
				next := bytes.IndexByte(src[k+end+1:], ')')
				if next < 0 {
					end = -1
					break
				}
				end += next + 1
			}
			if end < 0 {
				continue
			}
			for _, it := range splitItems(src[k+1 : k+end]) {
				out = append(out, it)
			}
			i = k + end
			continue
		}
		end := bytes.IndexByte(src[k:], '\n')
		if end < 0 {
			end = len(src) - k
		}
		line := bytes.TrimSpace(src[k : k+end])
		// pbxproj scalar: `"a b";` or `a;`.
		line = bytes.TrimSuffix(line, []byte(";"))
		if len(line) >= 2 && line[0] == '"' && line[len(line)-1] == '"' {
			line = line[1 : len(line)-1]
		}
		out = append(out, splitItems(line)...)
		i = k + end
	}
}

// splitItems splits a definitions value on white space and commas outside
// quotes and parentheses, unquoting each item.
func splitItems(s []byte) []string {
	var out []string
	var cur strings.Builder
	depth, quoted := 0, false
	flush := func() {
		t := strings.TrimSpace(cur.String())
		if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
			t = t[1 : len(t)-1]
		}
		t = unescapeSetting(t)
		if t != "" && !strings.HasPrefix(t, "$(") && !strings.HasPrefix(t, "${") {
			out = append(out, t)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
			continue
		case c == '"':
			quoted = !quoted
		case c == '(' && !quoted:
			depth++
		case c == ')' && !quoted && depth > 0:
			depth--
		case (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') && !quoted && depth == 0:
			flush()
			continue
		}
		cur.WriteByte(c)
	}
	flush()
	return out
}

// insideQuotes reports whether s ends inside a "…" string.
func insideQuotes(s []byte) bool {
	q := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			q = !q
		}
	}
	return q
}

// unescapeSetting undoes the backslash escapes of a quoted build-setting item.
func unescapeSetting(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// IsIdentifier reports whether s is one C identifier (ASCII letters,
// digits and underscores, not starting with a digit).
func IsIdentifier(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}
