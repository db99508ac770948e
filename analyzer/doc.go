package analyzer

import "strings"

// Doc is the parsed documentation of a rule. One Doc feeds every surface:
// `objcleak rules`, `objcleak explain`, SARIF rule metadata and the README.
type Doc struct {
	Name    string // the rule id from the first line
	Title   string // the rest of the first line
	Summary string // the first paragraph of the body, on one line
	Body    string // the Markdown body after the first line, trimmed
}

// ParseDoc parses documentation of the form
//
//	name: title
//
//	Summary paragraph.
//
//	More Markdown ...
func ParseDoc(doc string) Doc {
	doc = strings.ReplaceAll(doc, "\r\n", "\n")
	first, rest, _ := strings.Cut(doc, "\n")
	name, title, ok := strings.Cut(first, ":")
	if !ok {
		return Doc{Body: strings.TrimSpace(doc)}
	}
	d := Doc{Name: strings.TrimSpace(name), Title: strings.TrimSpace(title), Body: strings.TrimSpace(rest)}
	para, _, _ := strings.Cut(d.Body, "\n\n")
	d.Summary = strings.Join(strings.Fields(para), " ")
	return d
}
