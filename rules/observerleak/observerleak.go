// Package observerleak defines the observerleak rule: a block registered
// with a notification center or a self-owned KVO controller that captures
// self strongly, whose registration is never removed where that can run
// (SEMANTICS §2, §7).
package observerleak

import (
	_ "embed"
	"fmt"
	"go/token"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/objcleak/objcleak/model"
	"github.com/objcleak/objcleak/objcparse"
	"github.com/objcleak/objcleak/rules/passes/captures"
	"github.com/objcleak/objcleak/rules/passes/storage"
)

//go:embed doc.md
var doc string

// Analyzer is the observerleak rule.
var Analyzer = &analyzer.Analyzer{
	Name:     "observerleak",
	Doc:      doc,
	URL:      "https://github.com/objcleak/objcleak/blob/main/rules/observerleak/doc.md",
	Severity: analyzer.SeverityWarning,
	Tags:     []string{"memory", "leak", "notifications", "blocks"},
	Since:    "0.1.0",
	Requires: []*analyzer.Analyzer{captures.Analyzer},
	Run:      run,
}

func run(pass *analyzer.Pass) (any, error) {
	res := pass.ResultOf[captures.Analyzer].(*captures.Result)
	lifetime := map[string]bool{}
	for _, body := range res.Bodies {
		// One body at a time: a panic is reported at that body and the
		// others go on.
		pass.Guard(body.Body.Pos, func() {
			if !body.SelfIsObject() {
				return // self is the class or absent: nothing per instance to leak
			}
			forever, ok := lifetime[body.Class]
			if !ok {
				_, forever = res.Storage.ProcessLifetime(pass.Index, body.Class)
				lifetime[body.Class] = forever
			}
			if forever {
				return // the application delegate or a singleton outlives nothing
			}
			for _, s := range body.Body.Sends {
				reg, ok := model.ObserverRegistered(s.Expr)
				if !ok {
					continue
				}
				blk := body.BlockOf(reg.Block)
				if blk == nil {
					continue
				}
				cp, ok := blk.SelfStrong()
				if !ok {
					continue
				}
				var d analyzer.Diagnostic
				switch reg.Kind {
				case model.NotificationObserver, model.EventMonitor:
					d, ok = notification(pass.Index, body, s, reg, cp)
				case model.KVOControllerObserver:
					d, ok = kvoController(pass.Index, body, reg, cp)
				}
				if ok {
					d.Pos, d.End = reg.Expr.Pos, reg.Expr.End()
					pass.Report(d)
				}
			}
		})
	}
	return nil, nil
}

// captured describes how the block holds self, for messages.
func captured(cp captures.Capture) string {
	switch {
	case cp.Kind == captures.CaptureIvar:
		return "self (through the ivar " + cp.Name + ")"
	case cp.Alias != nil:
		return "self (through " + cp.Name + ", a strong alias)"
	}
	return "self"
}

// centerName names the receiver when it is a notification center.
func centerName(ix *analyzer.Index, body *captures.Body, recv *objcparse.Expr) (string, bool) {
	recv = recv.Unparen()
	if recv == nil {
		return "", false
	}
	if name, ok := model.NotificationCenterExpr(recv); ok {
		return name, true
	}
	isCenterType := func(t objcparse.Type) bool {
		for _, c := range model.NotificationCenterClasses {
			if t.Name == c {
				return true
			}
		}
		return false
	}
	switch recv.Kind {
	case objcparse.ExprIdent:
		if recv.Name == "self" {
			if _, ok := ix.IsKindOfAny(body.Class, model.NotificationCenterClasses); ok {
				return "self", true
			}
			return "", false
		}
		for _, v := range body.Body.Locals {
			if v.Name == recv.Name && v.Pos < recv.Pos {
				if name, ok := model.NotificationCenterExpr(v.Init); ok || isCenterType(v.Type) {
					if !ok {
						name = recv.Name
					}
					return name, true
				}
			}
		}
		for _, p := range body.Method.Params {
			if p.Name == recv.Name && isCenterType(p.Type) {
				return recv.Name, true
			}
		}
	}
	if key, ok := body.Storage.SelfKey(recv); ok {
		for _, p := range ix.Properties(body.Class, key) {
			if isCenterType(p.Type) {
				return "self." + key, true
			}
		}
		if iv := ix.Ivar(body.Class, key); iv != nil && isCenterType(iv.Type) {
			return key, true
		}
	}
	// A receiver the analysis cannot type: trust a name that says "center".
	switch recv.Kind {
	case objcparse.ExprIdent, objcparse.ExprMember:
		if model.CenterLikeName(recv.Name) {
			return exprText(recv), true
		}
	case objcparse.ExprMessage:
		if recv.NumArgs() == 0 && model.CenterLikeName(recv.Name) {
			return exprText(recv), true
		}
	}
	return "", false
}

// notification checks a block-based notification observer: its token must
// be removed somewhere that can run before -dealloc.
func notification(ix *analyzer.Index, body *captures.Body, s *objcparse.Send, reg model.ObserverRegistration, cp captures.Capture) (analyzer.Diagnostic, bool) {
	// What keeps the block, what it is called, and how it is removed.
	center, added, keeper, remove := "", "block observer added to", "the notification center", "removeObserver:"
	if reg.Kind == model.EventMonitor {
		if !reg.Receiver.IsIdent(model.EventMonitorClass) {
			return analyzer.Diagnostic{}, false
		}
		center, added, keeper, remove = "NSEvent", "event monitor added with", "AppKit", "+[NSEvent removeMonitor:]"
	} else {
		var ok bool
		if center, ok = centerName(ix, body, reg.Receiver); !ok {
			return analyzer.Diagnostic{}, false
		}
	}
	place := body.Storage.Of(body.Storage.PassThrough(reg.Expr), s.Scope)
	if place.Kind == storage.Inline && !body.Storage.Dropped(reg.Expr) {
		return analyzer.Diagnostic{}, false // inside a literal or an operator: not followed
	}
	rm := body.Storage.ObserverRemoval(place)
	deallocOnly, removesSelf := rm.DeallocOnly, rm.RemovesSelf
	var stored, why string
	switch place.Kind {
	case storage.Inline:
		stored = "its token is dropped, so it can never be removed"
	case storage.Local:
		stored = fmt.Sprintf("its token is kept only in the local %s and never removed", place.Key)
	case storage.Instance:
		stored = fmt.Sprintf("its token, stored in %s, is never removed (no %s call with it)", holderText(ix, body.Class, place.Key), remove)
		if deallocOnly.IsValid() {
			stored = fmt.Sprintf("its token, stored in %s, is removed only in -dealloc", holderText(ix, body.Class, place.Key))
			why = "-dealloc never runs while the block retains self; "
		}
	default:
		return analyzer.Diagnostic{}, false // shared, returned or handed on: not followed
	}
	if rm.Removed {
		return analyzer.Diagnostic{}, false
	}
	retains := center + " retains the observer block"
	if reg.Kind == model.EventMonitor {
		retains = "AppKit retains the monitor's handler block"
	}
	msg := fmt.Sprintf("%s %s in %s captures %s and %s", added, center, body.Where(), captured(cp), stored)
	d := analyzer.Diagnostic{Message: msg,
		Details: why + keeper + " keeps the block, and the block keeps self, for the life of the process; " +
			"capture a __weak self in the block, and keep the token and pass it to " + remove + " when the observer is done (e.g. in -viewWillDisappear: or a -stop method)",
		Flow: []analyzer.Step{
			{Pos: reg.Expr.Pos, Message: retains},
			{Pos: cp.Pos, Message: "the block captures " + captured(cp)},
		}}
	if deallocOnly.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: deallocOnly, Message: "removed only here, in -dealloc, which cannot run while the block retains self"})
	}
	if removesSelf.IsValid() {
		d.Details += "; removeObserver:self does not remove block observers (the observer is the returned token)"
		d.Related = append(d.Related, analyzer.Related{Pos: removesSelf, Message: "removeObserver:self removes selector observers only, not this block"})
	}
	return d, true
}

// kvoController checks an FBKVOController block observation: when the
// controller is owned by self and the block captures self, the
// observation must be removed somewhere that can run before -dealloc.
func kvoController(ix *analyzer.Index, body *captures.Body, reg model.ObserverRegistration, cp captures.Capture) (analyzer.Diagnostic, bool) {
	key, ok := body.Storage.SelfKey(reg.Receiver)
	if !ok || !model.KVOControllerName(key) {
		return analyzer.Diagnostic{}, false // a local controller dies with the method
	}
	place := storage.Place{Kind: storage.Instance, Key: key}
	removed := false
	var deallocOnly token.Pos
	body.Storage.InstanceMethods(body.Class, func(mc *storage.Context) {
		teardown := mc.Method != nil && model.TeardownOnlySelectors[mc.Method.Selector]
		for _, rs := range mc.Body.Sends {
			if ctl, ok := model.KVOUnobserves(rs.Expr); ok && mc.Holds(ctl, place) {
				if teardown {
					if !deallocOnly.IsValid() {
						deallocOnly = rs.Expr.Pos
					}
					continue
				}
				removed = true
			}
		}
	})
	if removed {
		return analyzer.Diagnostic{}, false
	}
	ctl := holderText(ix, body.Class, key)
	msg := fmt.Sprintf("block passed to [%s %s] in %s captures %s", ctl, reg.Selector, body.Where(), captured(cp))
	d := analyzer.Diagnostic{Message: msg,
		Details: fmt.Sprintf("self owns %s, which keeps the block until the observation is removed, so self → %s → block → self is a retain cycle; "+
			"use the block's observer argument (or a __weak self) instead of self", ctl, key),
		Flow: []analyzer.Step{
			{Pos: reg.Receiver.Pos, Message: "self owns " + ctl},
			{Pos: reg.Expr.Pos, Message: ctl + " retains the block"},
			{Pos: cp.Pos, Message: "the block captures " + captured(cp)},
		}}
	if deallocOnly.IsValid() {
		d.Related = append(d.Related, analyzer.Related{Pos: deallocOnly, Message: "unobserved only here, in -dealloc, which cannot run while the block retains self"})
	}
	return d, true
}

// holderText names a property (self.key) or an ivar (key) of class.
func holderText(ix *analyzer.Index, class, key string) string {
	if len(ix.Properties(class, key)) == 0 && !model.KVOControllerProperties[key] {
		return key
	}
	return "self." + key
}

// exprText renders a short receiver for messages.
func exprText(e *objcparse.Expr) string {
	e = e.Unparen()
	if e == nil {
		return "?"
	}
	switch e.Kind {
	case objcparse.ExprIdent:
		return e.Name
	case objcparse.ExprMember:
		return exprText(e.X()) + "." + e.Name
	case objcparse.ExprMessage:
		if e.NumArgs() == 0 {
			return exprText(e.X()) + "." + e.Name
		}
	}
	return "a notification center"
}
