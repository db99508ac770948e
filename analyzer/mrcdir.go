package analyzer

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/objcleak/objcleak/objcparse"
)

// mrcByDirectoryPrefix starts the MRCReason of files whose memory model
// inferMRCByDirectory decided.
const mrcByDirectoryPrefix = "most implementation files in its directory"

// inferMRCByDirectory decides the memory model of the implementation
// files that show none: ARC is a build setting, so a file without `[super
// dealloc]` or an ARC `#error` guard may still be compiled without ARC,
// as most of an old target is. When more than half of a directory's
// implementation files (and at least two) show that they are compiled
// without ARC, the others of that directory are taken to be too: their
// plain ivar stores do not retain. The configuration's `arc:` settings
// (configured) win. The decision is made anew on every load, from the
// files' own evidence, so that it follows edits.
func inferMRCByDirectory(files []*objcparse.File, configured func(*objcparse.File) bool) {
	type dir struct{ impl, mrc int }
	dirs := map[string]*dir{}
	key := func(f *objcparse.File) string { return filepath.Dir(f.Path) }
	for _, f := range files {
		if f == nil || f.Lang == objcparse.LangHeader {
			continue
		}
		if strings.HasPrefix(f.MRCReason, mrcByDirectoryPrefix) {
			f.MRC, f.MRCReason = false, "" // decided by an earlier load: decide again
		}
		d := dirs[key(f)]
		if d == nil {
			d = &dir{}
			dirs[key(f)] = d
		}
		d.impl++
		if f.MRC {
			d.mrc++
		}
	}
	for _, f := range files {
		if f == nil || f.Lang == objcparse.LangHeader || f.MRC || configured(f) {
			continue
		}
		if d := dirs[key(f)]; d.mrc >= 2 && 2*d.mrc > d.impl {
			f.MRC = true
			f.MRCReason = fmt.Sprintf("%s (%d of %d) show that they are compiled without ARC", mrcByDirectoryPrefix, d.mrc, d.impl)
		}
	}
}
