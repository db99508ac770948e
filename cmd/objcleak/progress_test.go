package main

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock advances by step on every reading.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	c.t = c.t.Add(c.step)
	return c.t
}

func TestProgressDrawsInPlace(t *testing.T) {
	var buf bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0), step: 10 * time.Millisecond}
	p := newProgressTo(&buf, 0, true, clock.now)
	for i := 1; i <= 1000; i++ {
		p.Update(i, 1000)
	}
	out := buf.String()
	// 1000 updates 10ms apart span 10s: at most one draw per 100ms, plus
	// the final one.
	draws := strings.Count(out, "\r")
	if draws < 50 || draws > 102 {
		t.Errorf("%d draws for 10s of updates, want about 100:\n%q", draws, out)
	}
	if !strings.HasPrefix(out, "\robjcleak: 1/1000 files (0.0s)") {
		t.Errorf("first draw: %q", out[:min(len(out), 40)])
	}
	if !strings.HasSuffix(out, "\robjcleak: 1000/1000 files (10.0s)") {
		t.Errorf("last draw: %q", out[max(0, len(out)-40):])
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the progress line must not print newlines: %q", out)
	}
	buf.Reset()
	p.Done()
	width := len("objcleak: 1000/1000 files (10.0s)")
	if want := "\r" + strings.Repeat(" ", width) + "\r"; buf.String() != want {
		t.Errorf("Done wrote %q, want %q", buf.String(), want)
	}
	buf.Reset()
	p.Done()
	p.Step()
	p.Update(2, 1000)
	if buf.Len() != 0 {
		t.Errorf("calls after Done wrote %q", buf.String())
	}
}

func TestProgressStepAndPadding(t *testing.T) {
	var buf bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0), step: time.Second}
	p := newProgressTo(&buf, 5000, true, clock.now)
	p.Step()
	p.Step()
	if want := "\robjcleak: 1/5000 files (1.0s)\robjcleak: 2/5000 files (2.0s)"; buf.String() != want {
		t.Errorf("Step drew %q, want %q", buf.String(), want)
	}
	// A shorter line covers the end of the longer one.
	buf.Reset()
	p.Update(9999, 10000)
	p.Update(5, 300)
	got := buf.String()
	if !strings.HasSuffix(got, "\robjcleak: 5/300 files (4.0s)"+strings.Repeat(" ", len("9999/10000")-len("5/300"))) {
		t.Errorf("shorter line not padded: %q", got)
	}
}

func TestProgressSilent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		total int
		on    bool
	}{
		{"small project", progressMinFiles, true},
		{"not a terminal or quiet", 5000, false},
		{"total unknown", 0, true},
	} {
		var buf bytes.Buffer
		clock := &fakeClock{t: time.Unix(0, 0), step: time.Second}
		p := newProgressTo(&buf, tc.total, tc.on, clock.now)
		for i := 0; i < 300; i++ {
			p.Step()
		}
		p.Done()
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %q", tc.name, buf.String())
		}
	}
	// --quiet, and a writer that is not a file.
	var buf bytes.Buffer
	p := newProgress(&buf, 5000, true)
	p.Update(10, 5000)
	p = newProgress(&buf, 5000, false)
	p.Update(10, 5000)
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("newProgress on a buffer wrote %q", buf.String())
	}
}

func TestIsTerminal(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	interactive := env(map[string]string{"TERM": "xterm-256color"})
	if isTerminal(&bytes.Buffer{}, interactive) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f, interactive) {
		t.Error("a regular file is a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer dev.Close()
	if fi, err := dev.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	// A character device stands in for a terminal.
	if !isTerminal(dev, interactive) {
		t.Errorf("a character device with TERM=xterm is not a terminal")
	}
	for _, vars := range []map[string]string{
		{"TERM": "dumb"},
		{"TERM": "xterm", "CI": "true"},
		{"TERM": "xterm", "GITHUB_ACTIONS": "true"},
	} {
		if isTerminal(dev, env(vars)) {
			t.Errorf("isTerminal with %v = true, want false", vars)
		}
	}
}

// TestProgressConcurrent calls Step from several goroutines (go test
// -race checks the locking).
func TestProgressConcurrent(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressTo(&buf, 4000, true, time.Now)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				p.Step()
			}
		}()
	}
	wg.Wait()
	p.Done()
	if !strings.Contains(buf.String(), "objcleak: 4000/4000 files") {
		t.Errorf("the last draw is missing: %q", buf.String()[max(0, buf.Len()-80):])
	}
}
