package model

import "testing"

func TestSetupOnce(t *testing.T) {
	for sel, want := range map[string]bool{
		"init":           true,
		"initWithFrame:": true,
		"initWithCoder:": true,
		"initialize":     false, // a class method, and not this object's set-up
		"initials":       false,
		"_init":          true, // the init family, after leading underscores
		"_initWithURL:":  true,
		"initDone":       true,
		"initializer":    false,
		"viewDidLoad":    true,
		"awakeFromNib":   true,
		"application:didFinishLaunchingWithOptions:": true,
		"viewWillAppear:":         false,
		"prepareForSegue:sender:": false,
		"showSearch:":             false,
		"":                        false,
	} {
		if got := SetupOnce(sel); got != want {
			t.Errorf("SetupOnce(%q) = %v, want %v", sel, got, want)
		}
	}
}
