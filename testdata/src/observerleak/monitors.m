// observerleak: NSEvent monitors (model/observers.go). AppKit keeps the
// handler of +addLocalMonitorForEventsMatchingMask:handler: and
// +addGlobalMonitorForEventsMatchingMask:handler:, with the monitor it
// returns, until +[NSEvent removeMonitor:] is sent with that monitor.
#import <Cocoa/Cocoa.h>

@interface ControlsBar : NSWindowController {
    id _keyMonitor;
    id _scrollMonitor;
    id _flagsMonitor;
    id _mouseMonitor;
}
- (void)show;
@end

@implementation ControlsBar

- (void)watchKeys {
    _keyMonitor = [NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskKeyDown handler:^NSEvent *(NSEvent *event) { // want `event monitor added with NSEvent in -watchKeys captures self and its token, stored in _keyMonitor, is removed only in -dealloc` related:"removed only here, in -dealloc"
        [self show];
        return event;
    }];
}

- (void)watchScroll {
    // A bare ivar is self->_keyMonitor: using it captures self.
    _scrollMonitor = [NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskScrollWheel handler:^NSEvent *(NSEvent *event) { // want `event monitor added with NSEvent in -watchScroll captures self \(through the ivar _keyMonitor\) and its token, stored in _scrollMonitor, is never removed \(no \+\[NSEvent removeMonitor:\] call with it\)`
        NSLog(@"%@", _keyMonitor);
        return event;
    }];
}

- (void)watchGlobal {
    [NSEvent addGlobalMonitorForEventsMatchingMask:NSEventMaskMouseMoved handler:^(NSEvent *event) { // want `event monitor added with NSEvent in -watchGlobal captures self and its token is dropped, so it can never be removed`
        [self show];
    }];
}

// Negatives.

- (void)watchFlags {
    // Removed when the window closes: not a leak.
    _flagsMonitor = [NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskFlagsChanged handler:^NSEvent *(NSEvent *event) {
        [self show];
        return event;
    }];
}

- (void)windowWillClose:(NSNotification *)note {
    [NSEvent removeMonitor:_flagsMonitor];
    _flagsMonitor = nil;
}

- (void)watchMouse {
    // The handler captures a weak self.
    __weak typeof(self) weakSelf = self;
    _mouseMonitor = [NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskMouseMoved handler:^NSEvent *(NSEvent *event) {
        [weakSelf show];
        return event;
    }];
}

- (void)show {
}

- (void)dealloc {
    [NSEvent removeMonitor:_keyMonitor];
}
@end
