package analyzer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objcleak/objcleak/analyzer"
)

func TestIsTestPath(t *testing.T) {
	for path, want := range map[string]bool{
		"Tests/Cycles.m":                                true,
		"AppTests/LoginViewControllerTests.m":           true,
		"App/UnitTests/Helpers/Mock.m":                  true,
		"iTerm2XCTests/PTYTextViewTest.m":               true,
		"Specs/ParserSpec.m":                            true,
		"App/unit-tests/a.m":                            true,
		"App/LoginTests.m":                              true,
		"features/fixtures/ios/Scenarios/OOMScenario.m": true,
		"Fixtures/Stub.m":                               true,
		"App/FixturesViewController.m":                  false,
		"App/Settings/Cycles.m":                         false,
		"App/Latest/Feed.m":                             false,
		"App/Contest.m":                                 false,
		"App/Manifest.m":                                false,
		"Sources/Inspector.m":                           false,
	} {
		if got := analyzer.IsTestPath(path); got != want {
			t.Errorf("IsTestPath(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestTestCodeDropped: findings in test code (by path, or in a file that
// implements an XCTestCase subclass) are dropped unless Config.Tests.
func TestTestCodeDropped(t *testing.T) {
	testCase := "@interface XCTestCase : NSObject\n@end\n@interface LoginCase : XCTestCase\n@end\n@implementation LoginCase\n- (void)run { [self leak]; }\n@end\n"
	dir := writeTree(t, map[string]string{
		"App/A.m":         fmt.Sprintf(impl, "A"),
		"AppTests/T.m":    fmt.Sprintf(impl, "T"),
		"App/LoginCase.m": testCase,
	})
	run := func(tests bool) string {
		t.Helper()
		return findingFiles(t, &analyzer.Config{Paths: []string{dir}, Root: dir, Tests: tests})
	}
	if got := run(false); got != "App/A.m" {
		t.Errorf("without Tests: %q, want only App/A.m", got)
	}
	if got := run(true); got != "App/A.m,App/LoginCase.m,AppTests/T.m" {
		t.Errorf("with Tests: %q", got)
	}
}

// TestSampleCodeDropped: findings in sample code (a directory named like
// an example or demo app, relative to the root) are dropped unless
// Config.Samples; linting the example itself as the root keeps them.
func TestSampleCodeDropped(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Sources/A.m":             fmt.Sprintf(impl, "A"),
		"Examples/Demo/D.m":       fmt.Sprintf(impl, "D"),
		"HudDemo/Controllers/H.m": fmt.Sprintf(impl, "H"),
	})
	run := func(root string, samples bool) string {
		t.Helper()
		return findingFiles(t, &analyzer.Config{Paths: []string{root}, Root: root, Samples: samples})
	}
	if got := run(dir, false); got != "Sources/A.m" {
		t.Errorf("without Samples: %q, want only Sources/A.m", got)
	}
	if got := run(dir, true); got != "Examples/Demo/D.m,HudDemo/Controllers/H.m,Sources/A.m" {
		t.Errorf("with Samples: %q", got)
	}
	if got := run(filepath.Join(dir, "HudDemo"), false); got != "Controllers/H.m" {
		t.Errorf("the demo as the root: %q, want Controllers/H.m", got)
	}
}

// findingFiles lints with cfg and the sends rule and returns the files of
// the findings, relative to the root, comma-separated.
func findingFiles(t *testing.T, cfg *analyzer.Config) string {
	t.Helper()
	cfg.Analyzers = []*analyzer.Analyzer{sends}
	res, err := analyzer.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, res.RelPath(res.Fset.Position(d.Pos).Filename))
	}
	return strings.Join(out, ",")
}

func TestIsSamplePath(t *testing.T) {
	for path, want := range map[string]bool{
		"examples/ASDKgram/Sample/UserModel.m":               true,
		"examples_extra/Multiplex/Sample/ScreenNode.m":       true,
		"Example/FLEXample/App/CommitListViewController.m":   true,
		"Examples/Chameleon Demo/Chameleon/UIKit/UIWindow.h": true,
		"MyAppDemo/ViewController.m":                         true,
		"Sources/Controllers/SampleRateController.m":         false, // a file name, not a directory
		"Sources/Resampler/Filter.m":                         false,
		"Classes/Networking/Client.m":                        false,
		"Demo.m":                                             false,
	} {
		if got := analyzer.IsSamplePath(path); got != want {
			t.Errorf("IsSamplePath(%q) = %v, want %v", path, got, want)
		}
	}
}
