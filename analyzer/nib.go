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

// The main nib and storyboard are the ones an application's Info.plist
// names (NSMainNibFile, NSMainStoryboardFile, UIMainStoryboardFile and
// their ~ipad/~iphone variants, a scene's UISceneStoryboardFile), and,
// for projects whose Info.plist is generated or not in the tree, the ones
// Xcode's templates name (MainMenu.xib, Main.storyboard and its variants).

// mainNibName is the file name of the main nib objcleak reads.
const mainNibName = "mainmenu.xib"

// isNibDocument reports whether path names an Interface Builder document
// (a .xib or a .storyboard), other than the copies a localization export
// (.xcloc) holds: a main nib when an Info.plist or the templates' naming
// says so (readMainNibs).
func isNibDocument(path string) bool {
	ext := filepath.Ext(path)
	if strings.Contains(strings.ToLower(filepath.ToSlash(path)), ".xcloc/") {
		return false // a localization export's copy: not built into the app
	}
	return strings.EqualFold(ext, ".xib") || strings.EqualFold(ext, ".storyboard")
}

// isInfoPlist reports whether path names an application's Info.plist:
// Info.plist, or <Target>-Info.plist as older templates name it.
func isInfoPlist(path string) bool {
	return strings.HasSuffix(strings.ToLower(filepath.Base(path)), "info.plist")
}

// isMainNib reports whether path names a main nib by the templates'
// naming: MainMenu.xib (any case) or a main storyboard
// (isMainStoryboard).
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

// mainNibKeys are the Info.plist keys whose string values name the nib or
// storyboard an application loads at launch.
var mainNibKeys = map[string]bool{
	"NSMainNibFile": true, "NSMainNibFile~ipad": true, "NSMainNibFile~iphone": true,
	"NSMainStoryboardFile": true,
	"UIMainStoryboardFile": true, "UIMainStoryboardFile~ipad": true, "UIMainStoryboardFile~iphone": true,
	"UISceneStoryboardFile": true,
}

// plistMainNibs returns the names (without extension) an XML Info.plist
// gives to main nibs and storyboards under mainNibKeys, at any depth (a
// scene configuration's UISceneStoryboardFile is nested). Values that are
// build-setting references ($(…)) are skipped: they name nothing the tree
// shows. A binary or unreadable plist names none.
func plistMainNibs(src []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	var (
		out     []string
		key     string // the last <key> read, until its value
		inKey   bool
		inValue bool
		text    strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			text.Reset()
			inKey = t.Name.Local == "key"
			inValue = t.Name.Local == "string" && mainNibKeys[key]
			if !inKey && !inValue {
				key = ""
			}
		case xml.CharData:
			if inKey || inValue {
				text.Write(t)
			}
		case xml.EndElement:
			switch {
			case inKey:
				key = strings.TrimSpace(text.String())
			case inValue:
				if v := strings.TrimSpace(text.String()); v != "" && !strings.Contains(v, "$(") && !strings.Contains(v, "${") {
					out = append(out, v)
				}
				key = ""
			}
			inKey, inValue = false, false
		}
	}
}

// A NibObject is a class a main nib instantiates at its top level, or a
// root controller of a main storyboard.
type NibObject struct {
	Class string
	// Nib is the nib's path, relative to the project root.
	Nib string
	// Segues are the classes of the custom segues on the way from a main
	// storyboard's initial controller to this one (a side-menu container
	// setting its root through its own segue class), in order; empty when
	// relationship and embed segues alone reach it. Whether a custom
	// segue runs once when its container loads, as those do, is the
	// rules' knowledge.
	Segues []string
}

// nibTopLevelClasses returns the custom classes of the top-level objects
// of a .xib document, in both of the formats Interface Builder has
// written: the document format of Xcode 5 and later (the direct children
// of <objects> that name a customClass, placeholders aside, and the view
// controllers a top-level container controller holds in its
// <viewControllers>: an old iOS MainWindow.xib's navigation controller
// and its root) and the archive format of Interface Builder 3 (the
// NSCustomObject entries of the IBDocument.RootObjects array, by their
// NSClassName).
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
		// Document format: the depths of the container controllers being
		// read (top-level, and nested in a container's viewControllers)
		// and of their <viewControllers> elements.
		controllers, children []int
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
				if strings.HasSuffix(t.Name.Local, "Controller") {
					controllers = append(controllers[:0], depth)
				}
			case len(controllers) > 0 && t.Name.Local == "viewControllers" && depth == controllers[len(controllers)-1]+1:
				children = append(children, depth)
			case len(children) > 0 && depth == children[len(children)-1]+1 && strings.HasSuffix(t.Name.Local, "Controller"):
				// A container's child controller: made with the nib
				// and kept by its container.
				if c := attr(t, "customClass"); c != "" {
					out = append(out, c)
				}
				controllers = append(controllers, depth)
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
			if n := len(controllers); n > 0 && controllers[n-1] == depth {
				controllers = controllers[:n-1]
			}
			if n := len(children); n > 0 && children[n-1] == depth {
				children = children[:n-1]
			}
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

// storyboardRoots returns the view and window controllers (their custom
// classes) a storyboard's initial controller is made of: the initial one
// and those it reaches through relationship segues (rootViewController,
// viewControllers, a split view's panes, a window's content) and embed
// segues (a container view's child), in the order they are reached; then
// those it reaches only through custom segues too (with their Segues).
// Nib is left for the caller to fill in.
func storyboardRoots(src []byte) ([]NibObject, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	type edge struct{ to, segue string }
	var (
		initial string
		class   = map[string]string{} // controller id → its customClass
		edges   = map[string][]edge{} // controller id → the segues it starts
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
			case t.Name.Local == "segue" && len(stack) > 0:
				from := stack[len(stack)-1]
				switch kind := attr(t, "kind"); {
				case kind == "relationship" || kind == "embed":
					edges[from] = append(edges[from], edge{attr(t, "destination"), ""})
				case kind == "custom" && attr(t, "customClass") != "":
					edges[from] = append(edges[from], edge{attr(t, "destination"), attr(t, "customClass")})
				}
			}
		case xml.EndElement:
			if n := len(depths); n > 0 && depths[n-1] == depth {
				stack, depths = stack[:n-1], depths[:n-1]
			}
			depth--
		}
	}
	// Two walks: relationship and embed segues alone, then every segue,
	// for what the first did not reach.
	var out []NibObject
	plain := map[string]bool{}
	type step struct {
		id     string
		segues []string
	}
	for _, all := range []bool{false, true} {
		seen := map[string]bool{}
		for queue := []step{{id: initial}}; len(queue) > 0; queue = queue[1:] {
			st := queue[0]
			if st.id == "" || seen[st.id] {
				continue
			}
			seen[st.id] = true
			if plain[st.id] {
				st.segues = nil
			} else if !all {
				plain[st.id] = true
			}
			if c := class[st.id]; c != "" && (!all || !plain[st.id]) {
				out = append(out, NibObject{Class: c, Segues: st.segues})
			}
			for _, e := range edges[st.id] {
				if e.segue != "" && !all {
					continue
				}
				next := st.segues
				if e.segue != "" {
					next = append(append([]string(nil), st.segues...), e.segue)
				}
				queue = append(queue, step{e.to, next})
			}
		}
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
// sources (those the Info.plists name, and those named as the templates
// name them), sorted by class, and a parse-rule problem for each nib it
// cannot read.
func readMainNibs(fset *token.FileSet, sources []source, root string, maxSize int64, overlay map[string][]byte) (objs []NibObject, problems []Diagnostic) {
	problem := func(s source, msg string) {
		problems = append(problems, Diagnostic{Pos: fset.AddFile(s.path, -1, 0).Pos(0), Rule: ParseRuleName,
			Message: relTo(root, s.path) + ": " + msg + "; the objects it makes are taken as made by code"})
	}
	named := map[string]bool{} // lower-case names the Info.plists give
	for _, s := range sources {
		if !s.plist {
			continue
		}
		if src, err := readSource(s, maxSize, overlay); err == nil {
			for _, n := range plistMainNibs(src) {
				named[strings.ToLower(n)] = true
			}
		}
	}
	for _, s := range sources {
		if !s.nib {
			continue
		}
		base := filepath.Base(s.path)
		if !isMainNib(s.path) && !named[strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base)))] {
			continue
		}
		src, err := readSource(s, maxSize, overlay)
		if err != nil {
			problem(s, "cannot read the main nib: "+err.Error())
			continue
		}
		var found []NibObject
		if strings.EqualFold(filepath.Ext(base), ".storyboard") {
			found, err = storyboardRoots(src)
		} else {
			var classes []string
			classes, err = nibTopLevelClasses(src)
			for _, c := range classes {
				found = append(found, NibObject{Class: c})
			}
		}
		if err != nil {
			problem(s, "cannot read the main nib ("+err.Error()+")")
		}
		for _, o := range found {
			o.Nib = relTo(root, s.path)
			objs = append(objs, o)
		}
	}
	sort.SliceStable(objs, func(i, j int) bool {
		if objs[i].Class != objs[j].Class {
			return objs[i].Class < objs[j].Class
		}
		return objs[i].Nib < objs[j].Nib
	})
	return objs, problems
}
