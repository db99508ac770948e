package analyzer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"go/token"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// The main nib of a macOS application (MainMenu.xib, the NSMainNibFile of
// Xcode's templates) is loaded once at launch; the application keeps its
// top-level objects for the whole run. A class the main nib instantiates
// at its top level (the application delegate, controllers wired to menus
// and windows) therefore lives as long as the process: a cycle among such
// objects is not a leak (ISSUE "Trust on real code" §2). Other nibs and
// storyboards are loaded and released as their owners come and go, so
// only the main nib counts.

// mainNibName is the file name of the main nib objcleak reads.
const mainNibName = "mainmenu.xib"

// isMainNib reports whether path names a main nib (MainMenu.xib, any case).
func isMainNib(path string) bool {
	return strings.EqualFold(filepath.Base(path), mainNibName)
}

// A NibObject is a class a main nib instantiates at its top level.
type NibObject struct {
	Class string
	// Nib is the nib's path, relative to the project root.
	Nib string
}

// nibTopLevelClasses returns the custom classes of the top-level objects
// of a .xib document, in both of the formats Interface Builder has
// written: the document format of Xcode 5 and later (the direct children
// of <objects> that name a customClass, placeholders aside) and the
// archive format of Interface Builder 3 (the NSCustomObject entries of
// the IBDocument.RootObjects array, by their NSClassName).
func nibTopLevelClasses(src []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	var (
		out   []string
		depth int
		// Document format: the depth of <objects> under <document>.
		objectsDepth = -1
		// Archive format: the depth of the RootObjects array, of the
		// current top-level NSCustomObject, and whether its class name is
		// being read.
		rootDepth, customDepth = -1, -1
		inClassName            bool
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "objects" && depth == 2 && objectsDepth < 0:
				objectsDepth = depth
			case objectsDepth > 0 && depth == objectsDepth+1:
				if c, id := attr(t, "customClass"), attr(t, "id"); c != "" && !strings.HasPrefix(id, "-") {
					out = append(out, c)
				}
			case attr(t, "key") == "IBDocument.RootObjects" && rootDepth < 0:
				rootDepth = depth
			case rootDepth > 0 && depth == rootDepth+1 && t.Name.Local == "object" && attr(t, "class") == "NSCustomObject":
				customDepth = depth
			case customDepth > 0 && depth == customDepth+1 && t.Name.Local == "string" && attr(t, "key") == "NSClassName":
				inClassName = true
			}
		case xml.CharData:
			if inClassName {
				if c := strings.TrimSpace(string(t)); c != "" && c != "NSApplication" && c != "FirstResponder" && c != "NSObject" {
					out = append(out, c)
				}
			}
		case xml.EndElement:
			inClassName = false
			switch depth {
			case objectsDepth:
				objectsDepth = -2 // one <objects> only
			case rootDepth:
				rootDepth = -2
			case customDepth:
				customDepth = -1
			}
			depth--
		}
	}
	return out, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// readMainNibs returns the top-level classes of the main nibs among the
// sources, sorted by class, and a parse-rule problem for each nib it
// cannot read.
func readMainNibs(fset *token.FileSet, sources []source, root string, maxSize int64, overlay map[string][]byte) (objs []NibObject, problems []Diagnostic) {
	problem := func(s source, msg string) {
		problems = append(problems, Diagnostic{Pos: fset.AddFile(s.path, -1, 0).Pos(0), Rule: ParseRuleName,
			Message: relTo(root, s.path) + ": " + msg + "; the objects it makes are taken as made by code"})
	}
	for _, s := range sources {
		if !s.nib {
			continue
		}
		src, err := readSource(s, maxSize, overlay)
		if err != nil {
			problem(s, "cannot read the main nib: "+err.Error())
			continue
		}
		classes, err := nibTopLevelClasses(src)
		if err != nil {
			problem(s, "cannot read the main nib ("+err.Error()+")")
		}
		for _, c := range classes {
			objs = append(objs, NibObject{Class: c, Nib: relTo(root, s.path)})
		}
	}
	sort.Slice(objs, func(i, j int) bool {
		if objs[i].Class != objs[j].Class {
			return objs[i].Class < objs[j].Class
		}
		return objs[i].Nib < objs[j].Nib
	})
	return objs, problems
}
