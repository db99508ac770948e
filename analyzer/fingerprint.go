package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"go/token"
	"strconv"
	"strings"
)

// FingerprintKey is the key under which Fingerprint values appear in SARIF
// result.partialFingerprints. The version suffix changes whenever the
// fingerprint computation changes, so that consumers (GitHub code scanning,
// a baseline file) never compare fingerprints of different schemes.
const FingerprintKey = "objcleak/v1"

// Fingerprint returns a stable identity for a finding that survives line
// shifts caused by unrelated edits: the first 128 bits, in lower-case hex
// (32 characters), of the SHA-256 of
//
//	FingerprintKey, rule, relPath, NormalizeLine(lineText), occurrence
//
// separated by NUL bytes. rule is the rule id, relPath the slash-separated
// path relative to the project root (Result.RelPath), lineText the source
// line the finding starts on, and occurrence counts earlier findings of the
// same rule in the same file whose lines normalize to the same text
// (0 for the first), so that identical lines still get distinct
// fingerprints.
//
// The fingerprint changes when the finding's own line is edited (other than
// in whitespace), when the file is renamed, or when an identical finding is
// inserted before it in the same file. Result.Fingerprints computes it for
// every diagnostic of a run; the SARIF output and the baseline use it.
func Fingerprint(rule, relPath, lineText string, occurrence int) string {
	h := sha256.New()
	for _, part := range []string{FingerprintKey, rule, relPath, NormalizeLine(lineText), strconv.Itoa(occurrence)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// NormalizeLine returns s with leading and trailing white space removed
// and every inner run of white space replaced by one space, so that
// re-indentation does not change a Fingerprint.
func NormalizeLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Fingerprints returns the Fingerprint of each of r.Diagnostics, in the
// same order. Source lines are read with r.ReadFile (each file once); when
// ReadFile is nil or fails, or a diagnostic has no position, the line text
// is empty and the fingerprint rests on rule, path and occurrence alone.
// Occurrences are counted in the order of r.Diagnostics, which the driver
// sorts by position.
func (r *Result) Fingerprints() []string {
	if r == nil {
		return nil
	}
	lines := newLineReader(r)
	seen := map[[3]string]int{}
	out := make([]string, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		path, text := "", ""
		if r.Fset != nil {
			if p := r.Fset.PositionFor(d.Pos, false); p.IsValid() {
				path = r.RelPath(p.Filename)
				text = lines.line(d.Pos)
			}
		}
		key := [3]string{d.Rule, path, NormalizeLine(text)}
		out[i] = Fingerprint(d.Rule, path, text, seen[key])
		seen[key]++
	}
	return out
}

// lineReader returns the text of source lines, reading each file once.
type lineReader struct {
	r     *Result
	files map[string][]byte // nil value: file could not be read
}

func newLineReader(r *Result) *lineReader {
	return &lineReader{r: r, files: map[string][]byte{}}
}

// line returns the text of the line containing pos without its line
// terminator, or "" when it cannot be read.
func (lr *lineReader) line(pos token.Pos) string {
	tf := lr.r.Fset.File(pos)
	if tf == nil {
		return ""
	}
	content, ok := lr.files[tf.Name()]
	if !ok {
		if lr.r.ReadFile != nil {
			if b, err := lr.r.ReadFile(tf.Name()); err == nil {
				content = b
			}
		}
		lr.files[tf.Name()] = content
	}
	line := tf.Line(pos)
	start := tf.Offset(tf.LineStart(line))
	end := tf.Size()
	if line < tf.LineCount() {
		end = tf.Offset(tf.LineStart(line + 1))
	}
	if start > len(content) {
		return ""
	}
	end = min(end, len(content))
	return strings.TrimRight(string(content[start:end]), "\r\n")
}
