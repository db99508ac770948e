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
