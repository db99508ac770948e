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
// objects is not a leak (ISSUE "Trust on real code" §2).
//
// The main storyboard of an application (Main.storyboard, the
// UIMainStoryboardFile or NSMainStoryboardFile of Xcode's templates) is
// loaded once at launch too: its initial view controller becomes the
// window's root, and so do the controllers it embeds through
// relationship segues (a navigation controller's root, a tab bar's tabs,
// a split view's panes, a window controller's content) and embed segues
// (a container view's child). Those live as
// long as the process, unless code replaces the window's root (which the
// template never does). Other nibs, other storyboards and the other
// scenes of the main one are loaded and released as their owners come
// and go, so they do not count.

// mainNibName is the file name of the main nib objcleak reads.
const mainNibName = "mainmenu.xib"

// isMainNib reports whether path names a main nib (MainMenu.xib, any case)
// or a main storyboard (isMainStoryboard).
func isMainNib(path string) bool {
	return strings.EqualFold(filepath.Base(path), mainNibName) || isMainStoryboard(path)
}

// isMainStoryboard reports whether path names an application's main
// storyboard as Xcode's templates name it: Main.storyboard,
// MainStoryboard.storyboard, Main_iPhone.storyboard, Main_iPad.storyboard
// (any case).
func isMainStoryboard(path string) bool {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	if !strings.EqualFold(ext, ".storyboard") {
		return false
	}
	name := strings.ToLower(strings.TrimSuffix(base, ext))
	switch name {
	case "main", "mainstoryboard", "main_iphone", "main_ipad", "mainstoryboard_iphone", "mainstoryboard_ipad":
		return true
	}
	return false
}

// A NibObject is a class a main nib instantiates at its top level, or a
// root controller of a main storyboard.
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

// storyboardRootClasses returns the custom classes of the view and window
// controllers a storyboard's initial controller is made of: the initial
// one and those it reaches through relationship segues (rootViewController,
// viewControllers, a split view's panes, a window's content) and embed
// segues (a container view's child), in the order they are reached.
func storyboardRootClasses(src []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	var (
		initial string
		class   = map[string]string{}   // controller id → its customClass
		edges   = map[string][]string{} // controller id → relationship destinations
		// The controllers being read (a segue belongs to the innermost)
		// and the depths they started at.
		stack  []string
		depths []int
		depth  int
		err    error
	)
	for {
		tok, terr := dec.Token()
		if errors.Is(terr, io.EOF) {
			break
		}
		if terr != nil {
			err = terr
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "document" && depth == 1:
				initial = attr(t, "initialViewController")
			case attr(t, "sceneMemberID") == "viewController" && attr(t, "id") != "":
				id := attr(t, "id")
				class[id] = attr(t, "customClass")
				stack, depths = append(stack, id), append(depths, depth)
			case t.Name.Local == "segue" && (attr(t, "kind") == "relationship" || attr(t, "kind") == "embed") && len(stack) > 0:
				from := stack[len(stack)-1]
				edges[from] = append(edges[from], attr(t, "destination"))
			}
		case xml.EndElement:
			if n := len(depths); n > 0 && depths[n-1] == depth {
				stack, depths = stack[:n-1], depths[:n-1]
			}
			depth--
		}
	}
	var out []string
	seen := map[string]bool{}
	for queue := []string{initial}; len(queue) > 0; queue = queue[1:] {
		id := queue[0]
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		if c := class[id]; c != "" {
			out = append(out, c)
		}
		queue = append(queue, edges[id]...)
	}
	return out, err
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
		read := nibTopLevelClasses
		if isMainStoryboard(s.path) {
			read = storyboardRootClasses
		}
		classes, err := read(src)
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
