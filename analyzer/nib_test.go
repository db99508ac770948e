package analyzer

import (
	"reflect"
	"testing"
)

func TestNibTopLevelClasses(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		err       bool
	}{
		{"document format", `<?xml version="1.0" encoding="UTF-8"?>
<document type="com.apple.InterfaceBuilder3.Cocoa.XIB" version="3.0">
    <objects>
        <customObject id="-2" userLabel="File's Owner" customClass="NSApplication">
            <connections><outlet property="delegate" destination="7" id="9"/></connections>
        </customObject>
        <customObject id="-1" userLabel="First Responder" customClass="FirstResponder"/>
        <customObject id="-3" userLabel="Application" customClass="NSObject"/>
        <customObject id="7" customClass="AppController"/>
        <window id="21" customClass="MainWindow">
            <view key="contentView" id="2" customClass="PlaylistView"/>
        </window>
        <menu id="29"/>
        <customObject id="40" customClass="PlayerController"/>
    </objects>
</document>`, []string{"AppController", "MainWindow", "PlayerController"}, false},
		{"archive format", `<?xml version="1.0" encoding="UTF-8"?>
<archive type="com.apple.InterfaceBuilder3.Cocoa.XIB" version="7.10">
	<data>
		<object class="NSMutableArray" key="IBDocument.RootObjects" id="1048">
			<object class="NSCustomObject" id="1021">
				<string key="NSClassName">NSApplication</string>
			</object>
			<object class="NSCustomObject" id="1014">
				<string key="NSClassName">FirstResponder</string>
			</object>
			<object class="NSCustomObject" id="450">
				<string key="NSClassName">MainController</string>
			</object>
			<object class="NSWindowTemplate" id="972">
				<object class="NSCustomObject" id="5">
					<string key="NSClassName">NestedHelper</string>
				</object>
			</object>
		</object>
		<object class="NSCustomObject" id="9">
			<string key="NSClassName">NotTopLevel</string>
		</object>
	</data>
</archive>`, []string{"MainController"}, false},
		{"iOS main window", `<?xml version="1.0" encoding="UTF-8"?>
<document type="com.apple.InterfaceBuilder3.CocoaTouch.XIB" version="3.0">
    <objects>
        <placeholder placeholderIdentifier="IBFilesOwner" id="-1" customClass="UIApplication"/>
        <customObject id="4" customClass="AppDelegate"/>
        <window id="2" customClass="AppWindow">
            <view key="rootView" id="3" customClass="BackdropView"/>
        </window>
        <tabBarController id="5">
            <viewControllers>
                <navigationController id="6" customClass="FeedNavigationController">
                    <viewControllers>
                        <viewController id="7" customClass="FeedViewController">
                            <navigationItem key="navigationItem" id="8"/>
                        </viewController>
                    </viewControllers>
                </navigationController>
                <tableViewController id="9" customClass="SettingsViewController"/>
            </viewControllers>
        </tabBarController>
        <viewController id="10" customClass="LooseViewController">
            <viewController key="detail" id="11" customClass="NotAChild"/>
        </viewController>
    </objects>
</document>`, []string{"AppDelegate", "AppWindow", "FeedNavigationController", "FeedViewController", "SettingsViewController", "LooseViewController"}, false},
		{"truncated", `<document><objects><customObject id="7" customClass="AppController"/><customObject`, []string{"AppController"}, true},
	} {
		got, err := nibTopLevelClasses([]byte(tc.src))
		if (err != nil) != tc.err {
			t.Errorf("%s: err = %v, want error %t", tc.name, err, tc.err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestStoryboardRootClasses(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<document type="com.apple.InterfaceBuilder3.CocoaTouch.Storyboard.XIB" version="3.0" initialViewController="tab">
    <scenes>
        <scene sceneID="s1">
            <objects>
                <tabBarController id="tab" customClass="RootTabController" sceneMemberID="viewController">
                    <connections>
                        <segue destination="nav" kind="relationship" relationship="viewControllers" id="r1"/>
                        <segue destination="settings" kind="relationship" relationship="viewControllers" id="r2"/>
                    </connections>
                </tabBarController>
            </objects>
        </scene>
        <scene sceneID="s2">
            <objects>
                <navigationController id="nav" sceneMemberID="viewController">
                    <connections>
                        <segue destination="feed" kind="relationship" relationship="rootViewController" id="r3"/>
                    </connections>
                </navigationController>
            </objects>
        </scene>
        <scene sceneID="s3">
            <objects>
                <viewController id="feed" customClass="FeedViewController" sceneMemberID="viewController">
                    <view key="view" id="v1" customClass="FeedView"/>
                    <connections>
                        <segue destination="detail" kind="show" id="p1"/>
                    </connections>
                </viewController>
            </objects>
        </scene>
        <scene sceneID="s4">
            <objects>
                <tableViewController id="settings" customClass="SettingsViewController" sceneMemberID="viewController">
                    <view key="view" id="v2">
                        <subviews>
                            <containerView id="c1">
                                <connections>
                                    <segue destination="embedded" kind="embed" id="e1"/>
                                </connections>
                            </containerView>
                        </subviews>
                    </view>
                </tableViewController>
            </objects>
        </scene>
        <scene sceneID="s6">
            <objects>
                <viewController id="embedded" customClass="AccountPane" sceneMemberID="viewController"/>
            </objects>
        </scene>
        <scene sceneID="s5">
            <objects>
                <viewController id="detail" customClass="DetailViewController" sceneMemberID="viewController"/>
            </objects>
        </scene>
    </scenes>
</document>`
	roots, err := storyboardRoots([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range roots {
		if len(r.Segues) > 0 {
			t.Errorf("%s: reached through custom segues %q, want none", r.Class, r.Segues)
		}
		got = append(got, r.Class)
	}
	// The detail screen is pushed by a segue: made and released per use.
	want := []string{"RootTabController", "SettingsViewController", "FeedViewController", "AccountPane"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for path, want := range map[string]bool{
		"App/Base.lproj/Main.storyboard": true, "Main_iPad.storyboard": true, "MAIN.STORYBOARD": true,
		"LaunchScreen.storyboard": false, "Settings.storyboard": false, "Main.xib": false, "MainMenu.xib": true,
	} {
		if got := isMainNib(path); got != want {
			t.Errorf("isMainNib(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestStoryboardRootsThroughCustomSegues(t *testing.T) {
	// A side-menu container sets its root and its menu through its own
	// custom segues; the root's navigation controller embeds the main
	// screen by a relationship segue. The main screen pushes a detail
	// screen through another custom segue. A controller reached both ways
	// is reported as reached without one.
	src := `<?xml version="1.0" encoding="UTF-8"?>
<document type="com.apple.InterfaceBuilder3.CocoaTouch.Storyboard.XIB" version="3.0" initialViewController="side">
    <scenes>
        <scene sceneID="s1"><objects>
            <viewController id="side" customClass="LGSideMenuController" sceneMemberID="viewController">
                <connections>
                    <segue destination="nav" kind="custom" identifier="root" customClass="LGSideMenuSegue" id="a"/>
                    <segue destination="menu" kind="custom" identifier="left" customClass="LGSideMenuSegue" id="b"/>
                    <segue destination="shared" kind="embed" id="c"/>
                </connections>
            </viewController>
        </objects></scene>
        <scene sceneID="s2"><objects>
            <navigationController id="nav" customClass="AppNavigationController" sceneMemberID="viewController">
                <connections>
                    <segue destination="main" kind="relationship" relationship="rootViewController" id="d"/>
                </connections>
            </navigationController>
        </objects></scene>
        <scene sceneID="s3"><objects>
            <viewController id="main" customClass="MainViewController" sceneMemberID="viewController">
                <connections>
                    <segue destination="detail" kind="custom" customClass="FadeSegue" id="e"/>
                    <segue destination="shared" kind="custom" customClass="FadeSegue" id="f"/>
                </connections>
            </viewController>
        </objects></scene>
        <scene sceneID="s4"><objects>
            <tableViewController id="menu" customClass="MenuViewController" sceneMemberID="viewController"/>
        </objects></scene>
        <scene sceneID="s5"><objects>
            <viewController id="detail" customClass="DetailViewController" sceneMemberID="viewController"/>
        </objects></scene>
        <scene sceneID="s6"><objects>
            <viewController id="shared" customClass="StatusViewController" sceneMemberID="viewController"/>
        </objects></scene>
        <scene sceneID="s7"><objects>
            <viewController id="other" customClass="UnreachedViewController" sceneMemberID="viewController"/>
        </objects></scene>
    </scenes>
</document>`
	got, err := storyboardRoots([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []NibObject{
		{Class: "LGSideMenuController"},
		{Class: "StatusViewController"},
		{Class: "AppNavigationController", Segues: []string{"LGSideMenuSegue"}},
		{Class: "MenuViewController", Segues: []string{"LGSideMenuSegue"}},
		{Class: "MainViewController", Segues: []string{"LGSideMenuSegue"}},
		{Class: "DetailViewController", Segues: []string{"LGSideMenuSegue", "FadeSegue"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestPlistMainNibs(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleName</key>
	<string>Main</string>
	<key>UIMainStoryboardFile</key>
	<string>iPhone</string>
	<key>UIMainStoryboardFile~ipad</key>
	<string> iPad </string>
	<key>NSMainNibFile</key>
	<string>$(MAIN_NIB)</string>
	<key>UILaunchStoryboardName</key>
	<string>LaunchScreen</string>
	<key>UIApplicationSceneManifest</key>
	<dict>
		<key>UISceneConfigurations</key>
		<dict>
			<key>UIWindowSceneSessionRoleApplication</key>
			<array>
				<dict>
					<key>UISceneConfigurationName</key>
					<string>Default</string>
					<key>UISceneStoryboardFile</key>
					<string>Scenes</string>
				</dict>
			</array>
		</dict>
	</dict>
</dict>
</plist>`
	got := plistMainNibs([]byte(src))
	want := []string{"iPhone", "iPad", "Scenes"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := plistMainNibs([]byte("bplist00\x00\x01")); len(got) != 0 {
		t.Errorf("binary plist: got %q, want none", got)
	}
	for path, want := range map[string]bool{
		"App/Info.plist": true, "App/Limelight-Info.plist": true, "App/SEB-info.plist": true,
		"App/Settings.plist": false, "App/Info.plist.bak": false,
	} {
		if got := isInfoPlist(path); got != want {
			t.Errorf("isInfoPlist(%q) = %v, want %v", path, got, want)
		}
	}
	for path, want := range map[string]bool{
		"a/Views.xib": true, "a/Main.STORYBOARD": true, "a/Main.nib": false, "a/x.m": false,
		"Export/de.xcloc/Source Contents/Base.lproj/Main.storyboard": false,
	} {
		if got := isNibDocument(path); got != want {
			t.Errorf("isNibDocument(%q) = %v, want %v", path, got, want)
		}
	}
}
