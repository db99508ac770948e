package analyzer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"howett.net/plist"

	"github.com/objcleak/objcleak/objcparse"
)

// ARC is a build setting, not something a file says (ISSUE "A project
// model that matches the compiler's view"): an Xcode project compiles a
// target with or without it (CLANG_ENABLE_OBJC_ARC, per build
// configuration, on the target or the project) and can switch it per file
// (COMPILER_FLAGS -fno-objc-arc or -fobjc-arc on the file's entry in the
// target's Sources phase). Under MRC a plain ivar store and a __block
// capture do not retain, so the project's word on a file decides findings.
// objcleak reads every project.pbxproj it finds (an OpenStep property
// list) and, for each implementation file a target compiles, takes the
// memory model the project gives it; a file two targets compile
// differently, or one whose target says nothing, is left to the file's own
// evidence, and so is a file the project says is ARC while it calls
// retain/release or [super dealloc] (illegal under ARC: a stale target).
// A file the project decides is not inferred from its directory.

// arcDecision is the memory model an Xcode project gives one source file.
type arcDecision struct {
	mrc    bool
	reason string
}

// pbxObject is one entry of a project's objects table.
type pbxObject map[string]any

func (o pbxObject) str(key string) string {
	s, _ := o[key].(string)
	return s
}

func (o pbxObject) list(key string) []string {
	raw, _ := o[key].([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (o pbxObject) dict(key string) pbxObject {
	d, _ := o[key].(map[string]any)
	return d
}

// pbxProject is a parsed project.pbxproj.
type pbxProject struct {
	objects map[string]pbxObject
	root    pbxObject
	// dir is the directory holding the .xcodeproj (SOURCE_ROOT).
	dir string
	// name is the .xcodeproj's base name, for reasons.
	name string
}

// errNoProject is parsePBXProj's error for a property list that names no
// PBXProject root object (a fragment, not a project Xcode wrote): it has
// nothing to say about the files, and is no problem to report either.
var errNoProject = errors.New("no PBXProject root object")

// parsePBXProj parses the project.pbxproj at path from src.
func parsePBXProj(path string, src []byte) (*pbxProject, error) {
	var top map[string]any
	if _, err := plist.Unmarshal(src, &top); err != nil {
		return nil, err
	}
	raw, _ := top["objects"].(map[string]any)
	rootID, _ := top["rootObject"].(string)
	p := &pbxProject{objects: make(map[string]pbxObject, len(raw))}
	for id, v := range raw {
		if d, ok := v.(map[string]any); ok {
			p.objects[id] = d
		}
	}
	p.root = p.objects[rootID]
	if p.root == nil || p.root.str("isa") != "PBXProject" {
		return nil, errNoProject
	}
	xcodeproj := filepath.Dir(path)
	p.dir = filepath.Dir(xcodeproj)
	if pd := p.root.str("projectDirPath"); pd != "" && !filepath.IsAbs(pd) {
		p.dir = filepath.Join(p.dir, filepath.FromSlash(pd))
	}
	p.name = filepath.Base(xcodeproj)
	return p, nil
}

// filePaths resolves the path of every file reference the project's
// groups reach, by object id: a group's path is relative to its parent
// group ("<group>"), to the project directory (SOURCE_ROOT) or absolute;
// references relative to build products or SDKs are not in the tree.
func (p *pbxProject) filePaths() map[string]string {
	out := map[string]string{}
	var walk func(id, parent string, depth int)
	walk = func(id, parent string, depth int) {
		o := p.objects[id]
		if o == nil || depth > 64 {
			return
		}
		var base string
		switch o.str("sourceTree") {
		case "<group>":
			base = parent
		case "SOURCE_ROOT":
			base = p.dir
		case "<absolute>":
			base = ""
		default:
			return
		}
		here := base
		if rel := o.str("path"); rel != "" {
			if filepath.IsAbs(rel) {
				here = filepath.Clean(rel)
			} else if base != "" || o.str("sourceTree") == "<absolute>" {
				here = filepath.Join(base, filepath.FromSlash(rel))
			}
		}
		switch o.str("isa") {
		case "PBXFileReference":
			if here != "" {
				out[id] = here
			}
		case "PBXGroup", "PBXVariantGroup", "XCVersionGroup":
			for _, c := range o.list("children") {
				walk(c, here, depth+1)
			}
		}
	}
	walk(p.root.str("mainGroup"), p.dir, 0)
	return out
}

// settingAcross returns the value every build configuration of a
// configuration list gives key ("" when one says nothing, or they differ).
func (p *pbxProject) settingAcross(listID, key string) string {
	list := p.objects[listID]
	value := ""
	for i, id := range list.list("buildConfigurations") {
		v, _ := p.objects[id].dict("buildSettings")[key].(string)
		if v == "" || i > 0 && v != value {
			return ""
		}
		value = v
	}
	return value
}

// arcDecisions returns the memory model the project gives each
// implementation file its targets compile, by path.
func (p *pbxProject) arcDecisions() map[string]arcDecision {
	paths := p.filePaths()
	projectARC := p.settingAcross(p.root.str("buildConfigurationList"), "CLANG_ENABLE_OBJC_ARC")
	var table arcTable
	decide := table.decide
	for _, tid := range p.root.list("targets") {
		t := p.objects[tid]
		if t == nil {
			continue
		}
		targetARC := p.settingAcross(t.str("buildConfigurationList"), "CLANG_ENABLE_OBJC_ARC")
		setting := "its build settings"
		if targetARC == "" {
			targetARC, setting = projectARC, "the project's build settings"
		}
		for _, phase := range t.list("buildPhases") {
			if p.objects[phase].str("isa") != "PBXSourcesBuildPhase" {
				continue
			}
			for _, bf := range p.objects[phase].list("files") {
				b := p.objects[bf]
				path := paths[b.str("fileRef")]
				if lang := objcparse.LangOf(path); path == "" || lang != objcparse.LangObjC && lang != objcparse.LangObjCpp {
					continue
				}
				flags, _ := b.dict("settings")["COMPILER_FLAGS"].(string)
				switch {
				case hasFlag(flags, "-fno-objc-arc"):
					decide(path, arcDecision{true, fmt.Sprintf("%s compiles it with -fno-objc-arc (target %s)", p.name, t.str("name"))})
				case hasFlag(flags, "-fobjc-arc"):
					decide(path, arcDecision{false, fmt.Sprintf("%s compiles it with -fobjc-arc (target %s)", p.name, t.str("name"))})
				case targetARC == "NO":
					decide(path, arcDecision{true, fmt.Sprintf("%s builds target %s without ARC (CLANG_ENABLE_OBJC_ARC = NO in %s)", p.name, t.str("name"), setting)})
				case targetARC == "YES":
					decide(path, arcDecision{false, fmt.Sprintf("%s builds target %s with ARC (CLANG_ENABLE_OBJC_ARC = YES in %s)", p.name, t.str("name"), setting)})
				}
			}
		}
	}
	return table.by
}

// arcTable collects the memory model targets give files, by path: the
// first decision holds, and a file two of them decide differently is left
// undecided (its own evidence decides).
type arcTable struct {
	by       map[string]arcDecision
	conflict map[string]bool
}

func (t *arcTable) decide(path string, d arcDecision) {
	if t.by == nil {
		t.by, t.conflict = map[string]arcDecision{}, map[string]bool{}
	}
	if t.conflict[path] {
		return
	}
	if prev, ok := t.by[path]; ok {
		if prev.mrc != d.mrc {
			delete(t.by, path)
			t.conflict[path] = true
		}
		return
	}
	t.by[path] = d
}

func hasFlag(flags, flag string) bool {
	for _, f := range strings.Fields(flags) {
		if f == flag {
			return true
		}
	}
	return false
}

// readXcodeProjects returns the memory model the Xcode projects among the
// sources give the files they compile, by cleaned path, and a parse-rule
// problem for each project file that cannot be read. Projects are taken in
// path order; a file two projects decide differently is left undecided.
func readXcodeProjects(sources []source, maxSize int64, overlay map[string][]byte) (map[string]arcDecision, []string) {
	var projects []source
	for _, s := range sources {
		if s.settings && filepath.Base(s.path) == "project.pbxproj" {
			projects = append(projects, s)
		}
	}
	if len(projects) == 0 {
		return nil, nil
	}
	sort.Slice(projects, func(i, j int) bool { return projects[i].path < projects[j].path })
	var table arcTable
	var problems []string
	for _, s := range projects {
		path := s.path
		src, err := readSource(s, maxSize, overlay)
		if err != nil {
			problems = append(problems, path+": "+err.Error())
			continue
		}
		p, err := parsePBXProj(path, src)
		if err != nil {
			if !errors.Is(err, errNoProject) {
				problems = append(problems, path+": "+err.Error())
			}
			continue
		}
		for f, d := range p.arcDecisions() {
			table.decide(filepath.Clean(f), d)
		}
	}
	return table.by, problems
}

// withProjects adds to the sources of a single-file run the Xcode
// projects (their project.pbxproj) in the directories from each named
// file's up to the root, as a whole-tree run would find them: the same
// build settings decide the file's memory model and macros either way.
func withProjects(sources []source, root string) []source {
	seen := map[string]bool{}
	for _, s := range sources {
		seen[filepath.Clean(s.path)] = true
	}
	var links *linkPolicy
	if len(sources) > 0 {
		links = sources[0].links
	}
	out := sources
	visited := map[string]bool{}
	for _, s := range sources {
		if !s.explicit {
			continue
		}
		for dir := filepath.Dir(s.path); inRoot(root, dir) && !visited[dir]; dir = filepath.Dir(dir) {
			visited[dir] = true
			entries, err := os.ReadDir(dir)
			if err == nil {
				for _, e := range entries {
					if !e.IsDir() || !strings.HasSuffix(e.Name(), ".xcodeproj") {
						continue
					}
					p := filepath.Join(dir, e.Name(), "project.pbxproj")
					if !seen[p] && fileExists(p) {
						seen[p] = true
						out = append(out, source{path: p, macrosOnly: true, settings: true, links: links})
					}
				}
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return out
}
