package gencorpus

import (
	"bytes"
	"strconv"
	"strings"
)

// src is a file being written: its text, its line count and the bugs
// injected into it.
type src struct {
	b     []byte
	lines int
	bugs  []bug
}

// bugMark ends a template line that carries an injected bug: "«rule»".
const bugMark = "«"

// add appends template text. A leading newline is dropped (templates are
// raw strings starting on the line after the backquote). {{key}} is
// replaced by the value of key in vars (pairs, the last binding wins); a
// line ending in «rule» (or several such marks) records a bug of that
// rule on that line, and the mark is removed.
func (s *src) add(text string, vars []string) {
	text = strings.TrimPrefix(text, "\n")
	for len(text) > 0 {
		eol := strings.IndexByte(text, '\n')
		line := text
		if eol >= 0 {
			line, text = text[:eol], text[eol+1:]
		} else {
			text = ""
		}
		start := len(s.b)
		s.expand(line, vars)
		for {
			i := strings.LastIndex(string(s.b[start:]), bugMark)
			if i < 0 {
				break
			}
			mark := string(s.b[start+i:])
			rule := strings.TrimSuffix(strings.TrimPrefix(mark, bugMark), "»")
			s.b = s.b[:start+i]
			s.bugs = append(s.bugs, bug{rule: rule, line: s.lines + 1 + bytes.Count(s.b[start:], nl)})
		}
		s.lines += bytes.Count(s.b[start:], nl) + 1
		s.b = append(s.b, '\n')
	}
}

// expand appends line with {{key}} replaced.
func (s *src) expand(line string, vars []string) {
	for {
		i := strings.Index(line, "{{")
		if i < 0 {
			s.b = append(s.b, line...)
			return
		}
		j := strings.Index(line[i:], "}}")
		if j < 0 {
			s.b = append(s.b, line...)
			return
		}
		s.b = append(s.b, line[:i]...)
		key := line[i+2 : i+j]
		s.b = append(s.b, lookup(vars, key)...)
		line = line[i+j+2:]
	}
}

func lookup(vars []string, key string) string {
	for k := len(vars) - 2; k >= 0; k -= 2 {
		if vars[k] == key {
			return vars[k+1]
		}
	}
	panic("gencorpus: template variable {{" + key + "}} not bound")
}

// line appends one literal line.
func (s *src) line(text string) {
	s.b = append(s.b, text...)
	s.b = append(s.b, '\n')
	s.lines++
}

// append appends another src, shifting its bugs.
func (s *src) append(o *src) {
	for _, b := range o.bugs {
		s.bugs = append(s.bugs, bug{rule: b.rule, line: b.line + s.lines})
	}
	s.b = append(s.b, o.b...)
	s.lines += o.lines
}

var nl = []byte{'\n'}

func itoa(n int) string { return strconv.Itoa(n) }
