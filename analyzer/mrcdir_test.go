package analyzer

import (
	"testing"

	"github.com/objcleak/objcleak/objcparse"
)

func TestInferMRCByDirectory(t *testing.T) {
	file := func(path string, lang objcparse.Lang, mrc bool) *objcparse.File {
		f := &objcparse.File{Path: path, Lang: lang, MRC: mrc}
		if mrc {
			f.MRCReason = "[super dealloc] at line 9"
		}
		return f
	}
	legacy := []*objcparse.File{
		file("Legacy/A.m", objcparse.LangObjC, true),
		file("Legacy/B.m", objcparse.LangObjC, true),
		file("Legacy/E.m", objcparse.LangObjC, true),
		file("Legacy/C.m", objcparse.LangObjC, false), // no sign either way: MRC like most of its directory
		file("Legacy/C.h", objcparse.LangHeader, false),
		file("Legacy/D.m", objcparse.LangObjC, false), // configured arc: true
	}
	mixed := []*objcparse.File{
		file("Mixed/A.m", objcparse.LangObjC, true),
		file("Mixed/B.m", objcparse.LangObjC, false),
		file("Mixed/C.m", objcparse.LangObjC, false), // one MRC file of three: stays ARC
	}
	alone := []*objcparse.File{
		file("Alone/A.m", objcparse.LangObjC, true),
		file("Alone/B.m", objcparse.LangObjC, false), // one of two, not a majority of at least two
	}
	all := append(append(append([]*objcparse.File(nil), legacy...), mixed...), alone...)
	configured := func(f *objcparse.File) bool { return f.Path == "Legacy/D.m" }
	inferMRCByDirectory(all, configured)
	want := map[string]bool{"Legacy/C.m": true, "Legacy/C.h": false, "Legacy/D.m": false, "Mixed/B.m": false, "Mixed/C.m": false, "Alone/B.m": false}
	for _, f := range all {
		if w, ok := want[f.Path]; ok && f.MRC != w {
			t.Errorf("%s: MRC %v (%q), want %v", f.Path, f.MRC, f.MRCReason, w)
		}
	}
	if got := legacy[3].MRCReason; got != "most implementation files in its directory (3 of 5) show that they are compiled without ARC" {
		t.Errorf("reason: %q", got)
	}
	// Decided anew: when the evidence goes away, so does the inference.
	legacy[0].MRC, legacy[0].MRCReason = false, ""
	legacy[1].MRC, legacy[1].MRCReason = false, ""
	inferMRCByDirectory(all, configured)
	if legacy[3].MRC {
		t.Errorf("Legacy/C.m stays MRC without the evidence: %q", legacy[3].MRCReason)
	}
}
