package format

import "testing"

func TestTextGolden(t *testing.T) {
	const want = "" +
		"App/Net Client.h:2:23: warning: delegate property of NetClient is strong: id<NetDelegate> keeps its owner alive [strongdelegate]\n" +
		"App/Net Client.m:3:27: note: assigned in -[NetClient start]\n" +
		"App/Net Client.m:3:42: error: NSURLSession with delegate self is never invalidated. [sessionleak]\n" +
		"App/Net Client.h:1:1: note: NetClient declared here\n" +
		"App/Net Client.m:3:27: note: related location 2\n" +
		"App/Views/Cell.m:3:5: error: retain cycle: self -> block -> self [retaincycle]\n" +
		"App/Views/Cell.m:3:5: note: step 1: self retains the block through handler\n" +
		"App/Views/Cell.m:3:24: note: step 2: the block captures self strongly\n" +
		"App/Ünï code/Bad.m:1:19: note: could not parse 1 byte [parse]\n" +
		"objcleak: warning: first line second line: 100% sure, really [experimental]\n"
	if got := write(t, "text", fullFixture(t).r); got != want {
		t.Errorf("text output:\n%s\nwant:\n%s", got, want)
	}
}

// TestTextByteColumns checks that text columns count bytes, like clang's,
// whether or not the source can be read: "越" before the finding counts 3.
func TestTextByteColumns(t *testing.T) {
	r := scenarios(t)["no-source"]
	if got := write(t, "text", r); got != write(t, "text", fullFixture(t).r) {
		t.Errorf("text output depends on ReadFile:\n%s", got)
	}
}

func TestTextEmpty(t *testing.T) {
	if got := write(t, "text", emptyFixture(t).r); got != "" {
		t.Errorf("text output without findings = %q, want nothing (summaries go to stderr)", got)
	}
}

func TestTextOutsideRoot(t *testing.T) {
	const want = "/elsewhere/Shared Kit/Lib.h:2:23: warning: strong delegate [strongdelegate]\n"
	if got := write(t, "text", scenarios(t)["outside"]); got != want {
		t.Errorf("text output = %q, want %q", got, want)
	}
}
