package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress display thresholds.
const (
	// progressMinFiles: smaller projects lint too fast for a counter to help.
	progressMinFiles = 200
	// progressInterval bounds redraws to about ten a second.
	progressInterval = 100 * time.Millisecond
)

// progress shows how far lint is on one line of standard error, redrawn
// in place with \r and erased when done:
//
//	objcleak: 1234/5000 files (3.2s)
//
// It draws only when standard error is a terminal (a character device,
// TERM not "dumb", neither CI nor GITHUB_ACTIONS set), --quiet is off and
// more than progressMinFiles files are linted. Its methods may be called
// from several goroutines. Wire it to the driver with
//
//	p := newProgress(stderr, 0, o.quiet)
//	cfg.Progress = p.Update // analyzer.Config.Progress
//	res, err := analyzer.Run(ctx, cfg)
//	p.Done() // before anything else is written to stderr
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	now   func() time.Time
	start time.Time
	done  int
	total int
	drawn time.Time // when the line was last drawn
	width int       // length of the line on screen, 0 when none
	ended bool
}

// newProgress returns the progress line for total files (0 when the total
// is not known yet: Update sets it). It shows nothing when quiet is set or
// stderr is not an interactive terminal.
func newProgress(stderr io.Writer, total int, quiet bool) *progress {
	return newProgressTo(stderr, total, !quiet && isTerminal(stderr, os.Getenv), time.Now)
}

// newProgressTo is newProgress with the terminal decision and the clock
// injected (tests).
func newProgressTo(w io.Writer, total int, on bool, now func() time.Time) *progress {
	return &progress{w: w, on: on, now: now, start: now(), total: total}
}

// isTerminal reports whether w is an interactive terminal that a line
// redrawn with \r suits: a character device, TERM is not "dumb", and
// neither CI nor GITHUB_ACTIONS is set (CI logs keep every \r update).
func isTerminal(w io.Writer, getenv func(string) string) bool {
	if getenv("CI") != "" || getenv("GITHUB_ACTIONS") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Step counts one more file done.
func (p *progress) Step() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.draw()
}

// Update sets the files done and the total; its signature is that of
// analyzer.Config.Progress.
func (p *progress) Update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	p.draw()
}

// Done erases the line. Later calls of any method draw nothing.
func (p *progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
	p.ended = true
}

// draw redraws the line when it is due: at most once per
// progressInterval, and once more when the last file is done.
func (p *progress) draw() {
	if !p.on || p.ended || p.total <= progressMinFiles {
		return
	}
	now := p.now()
	if !p.drawn.IsZero() && now.Sub(p.drawn) < progressInterval && p.done < p.total {
		return
	}
	p.drawn = now
	line := fmt.Sprintf("objcleak: %d/%d files (%.1fs)", p.done, p.total, now.Sub(p.start).Seconds())
	pad := ""
	if n := p.width - len(line); n > 0 {
		pad = strings.Repeat(" ", n) // cover the end of a longer previous line
	}
	fmt.Fprint(p.w, "\r"+line+pad)
	p.width = max(p.width, len(line))
}
