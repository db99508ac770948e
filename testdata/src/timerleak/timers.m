// timerleak fixtures: repeating scheduled timers and display links whose
// target or block keeps self alive (SEMANTICS §4).
#import <UIKit/UIKit.h>
#import <QuartzCore/QuartzCore.h>

@interface ClockView : UIView
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) CADisplayLink *link;
@property (nonatomic) NSInteger ticks;
@end

@implementation ClockView {
    NSTimer *_pollTimer;
    NSInteger _count;
}

// Not stored anywhere: the run loop alone keeps the timer, and the timer keeps self.
- (void)startUnstored {
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // want `repeating scheduled NSTimer with target self .*-startUnstored, not stored anywhere\) is never invalidated: the run loop retains the timer` flow:`run loop retains the timer` flow:`retains its target, self`
}

// Stored in an ivar, invalidated nowhere.
- (void)startPolling {
    _pollTimer = [NSTimer scheduledTimerWithTimeInterval:5 target:self selector:@selector(poll:) userInfo:nil repeats:YES]; // want `stored in the ivar _pollTimer\) is never invalidated`
}

// timerWithTimeInterval: is scheduled by addTimer:forMode: on the local.
- (void)startWithRunLoop {
    NSTimer *t = [NSTimer timerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // want `kept only in the local t\) is never invalidated.*keep the timer in a property` related:`added to the run loop here`
    [[NSRunLoop mainRunLoop] addTimer:t forMode:NSRunLoopCommonModes];
}

// Scheduled and dropped in one statement.
- (void)startInline {
    [[NSRunLoop currentRunLoop] addTimer:[NSTimer timerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES] forMode:NSDefaultRunLoopMode]; // want `not stored anywhere\) is never invalidated`
}

// Block timer whose block uses an ivar: captures self.
- (void)startBlockTimer {
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *t) { // want `with a block that captures self \(through the ivar _count\)` flow:`retains its block, which captures self`
        _count += 1;
    }];
}

// A display link repeats by nature.
- (void)startDisplayLink {
    self.link = [CADisplayLink displayLinkWithTarget:self selector:@selector(step:)]; // want `scheduled CADisplayLink with target self .*stored in self.link\) is never invalidated` related:`added to the run loop here`
    [self.link addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
}

// repeats: is a parameter: treated as repeating.
- (void)startRepeating:(BOOL)repeats {
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:repeats]; // want `possibly repeating \(repeats:repeats\) scheduled NSTimer`
}

// [[NSTimer alloc] initWithFireDate:...] added to the run loop later, in another method.
- (void)prepareTimer {
    self.timer = [[NSTimer alloc] initWithFireDate:[NSDate date] interval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // want `stored in self.timer\) is never invalidated`
}

- (void)scheduleTimer {
    [[NSRunLoop mainRunLoop] addTimer:self.timer forMode:NSRunLoopCommonModes];
}

// Invalidating before re-creating stops only the previous timer.
- (void)restart {
    [self.timer invalidate];
    self.timer = [NSTimer scheduledTimerWithTimeInterval:2 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // want `stored in self.timer\) is never invalidated` related:`stops the previous timer`
}

// A userInfo block is retained by the timer too.
- (void)startWithUserInfoBlock {
    [NSTimer scheduledTimerWithTimeInterval:1 target:[NSTimer class] selector:@selector(runBlock:) userInfo:^{ [self tick]; } repeats:YES]; // want `a userInfo block that captures self`
}

// A block timer created with a category method (YYKit-style) is a block timer.
- (void)startCategoryTimer {
    [NSTimer scheduledTimerWithTimeInterval:1 block:^(NSTimer *t) { [self tick]; } repeats:YES]; // want `repeating scheduled NSTimer with a block that captures self`
}

- (void)tick {
    self.ticks += 1;
}

- (void)poll:(NSTimer *)timer {
    self.ticks += 2;
}

- (void)step:(CADisplayLink *)link {
    [self setNeedsDisplay];
}
@end

@interface Heartbeat : NSObject {
    NSInteger _remaining;
}
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) id worker;
@property (nonatomic) BOOL done;
@end

@implementation Heartbeat
- (void)start {
    // Fine: invalidated in -stop, which the owner can call.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(beat) userInfo:nil repeats:YES];
}

- (void)stop {
    [self.timer invalidate];
    self.timer = nil;
}

- (void)startOnce {
    // Fine: a one-shot timer invalidates itself after firing.
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(beat) userInfo:nil repeats:NO];
}

- (void)startCountdown {
    // Fine: the timer method stops the timer through its parameter.
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(countDown:) userInfo:nil repeats:YES];
}

- (void)countDown:(NSTimer *)timer {
    if (--_remaining <= 0) {
        [timer invalidate];
    }
}

- (void)startPolling {
    // Fine: the timer method hands its timer to a method that stops it
    // once the condition holds.
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(poll:) userInfo:nil repeats:YES];
}

- (void)poll:(NSTimer *)timer {
    [self check:_remaining timer:timer];
}

- (void)check:(NSInteger)left timer:(NSTimer *)timer {
    if (left <= 0) {
        [timer invalidate];
    }
}

- (void)startRelaying {
    // Still flagged: the timer is handed on, but nothing stops it.
    [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(relay:) userInfo:nil repeats:YES]; // want `repeating scheduled NSTimer with target self`
}

- (void)relay:(NSTimer *)timer {
    [self log:timer];
}

- (void)log:(NSTimer *)timer {
    NSLog(@"%@", timer);
}

- (void)startBlockStoppingItself {
    // Fine: the block invalidates its own timer.
    [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *t) {
        [self beat];
        if (self.done) {
            [t invalidate];
        }
    }];
}

- (void)startWeakBlock {
    // Fine: the block captures only a weak reference to self.
    __weak typeof(self) weakSelf = self;
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *t) {
        [weakSelf beat];
    }];
}

- (void)startUnscheduled {
    // Fine for this rule: never added to a run loop, so the run loop does not keep it.
    NSTimer *t = [NSTimer timerWithTimeInterval:1 target:self selector:@selector(beat) userInfo:nil repeats:YES];
    [t fire];
}

- (void)startOtherTarget {
    // Fine: the target is another object, not self.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self.worker selector:@selector(work) userInfo:nil repeats:YES];
}

- (void)delayed {
    // Fine: performSelector:afterDelay: retains self only until it fires.
    [self performSelector:@selector(beat) withObject:nil afterDelay:5];
    // Fine: a thread retains its target only until it exits.
    NSThread *thread = [[NSThread alloc] initWithTarget:self selector:@selector(beat) object:nil];
    [thread start];
}

- (void)localInvalidated {
    // Fine: the local timer is invalidated in the completion block.
    NSTimer *t = [NSTimer scheduledTimerWithTimeInterval:0.1 target:self selector:@selector(beat) userInfo:nil repeats:YES];
    [self.worker runWithCompletion:^{
        [t invalidate];
    }];
}

+ (void)startGlobal {
    // Fine: in a class method self is the class, which lives forever anyway.
    [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(purge) userInfo:nil repeats:YES];
}

- (void)beat {
}
@end
