// Owners that live as long as the process, and stop paths that the
// "invalidate before re-create" check must not mistake for restarts.
#import <UIKit/UIKit.h>

@interface AppDelegate : UIResponder <UIApplicationDelegate>
@end

// A frame-rate label made once, at launch, and shown on the window for the
// whole run: its display link keeps one label that lives anyway.
@interface RateLabel : UILabel
@end

@implementation RateLabel {
    CADisplayLink *_link;
}
- (instancetype)initWithFrame:(CGRect)frame {
    if ((self = [super initWithFrame:frame])) {
        _link = [CADisplayLink displayLinkWithTarget:self selector:@selector(tick:)];
        [_link addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
    }
    return self;
}
- (void)tick:(CADisplayLink *)link {
}
@end

// Still flagged: a badge made for every cell.
@interface RateBadge : UILabel
@end

@implementation RateBadge {
    CADisplayLink *_link;
}
- (instancetype)initWithFrame:(CGRect)frame {
    if ((self = [super initWithFrame:frame])) {
        _link = [CADisplayLink displayLinkWithTarget:self selector:@selector(tick:)]; // want `CADisplayLink with target self`
        [_link addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
    }
    return self;
}
- (void)tick:(CADisplayLink *)link {
}
@end

@interface RateCell : UITableViewCell
@end

@implementation RateCell
- (void)layoutSubviews {
    [super layoutSubviews];
    [self.contentView addSubview:[[RateBadge alloc] initWithFrame:CGRectZero]];
}
@end

@implementation AppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)options {
    // Fine: the application delegate lives as long as the process.
    [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(heartbeat) userInfo:nil repeats:YES];
    // Fine: made once, while the application delegate is set up.
    [application.keyWindow addSubview:[[RateLabel alloc] initWithFrame:CGRectZero]];
    return YES;
}

- (void)heartbeat {
}
@end

@interface SharedClock : NSObject
+ (instancetype)sharedClock;
@end

@implementation SharedClock {
    NSTimer *_timer;
}

+ (instancetype)sharedClock {
    static SharedClock *clock;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        clock = [[self alloc] init];
    });
    return clock;
}

- (instancetype)init {
    if ((self = [super init])) {
        // Fine: a singleton lives as long as the process anyway.
        _timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES];
    }
    return self;
}

- (void)tick {
}
@end

@interface UsageSampler : NSObject {
    NSTimer *_timer;
}
@end

@implementation UsageSampler
- (void)subscribersChanged:(NSInteger)count {
    if (count == 0) {
        // Fine: this branch stops the timer; the creation is in the other branch.
        [_timer invalidate];
        _timer = nil;
    } else if (!_timer) {
        _timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(sample) userInfo:nil repeats:YES];
    }
}

- (void)sample {
}
@end

@interface CadenceSampler : NSObject {
    NSTimer *_timer;
}
@end

@implementation CadenceSampler
- (void)setEnabled:(BOOL)enabled {
    if (!enabled) {
        // Fine: the invalidation is followed by a return, not by the creation.
        [_timer invalidate];
        _timer = nil;
        return;
    }
    _timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(sample) userInfo:nil repeats:YES];
}

- (void)sample {
}
@end

#define PH_WEAKIFY(x) __weak __typeof__(x) x##_weak = (x)
#define PH_STRONGIFY(x) __strong __typeof__(x) x = x##_weak

@interface MacroTicker : NSObject
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation MacroTicker
- (void)start {
    // Fine: the project's own weakify/strongify macros re-bind self inside the block.
    PH_WEAKIFY(self);
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *t) {
        PH_STRONGIFY(self);
        [self tick];
    }];
}

- (void)startLink {
    CADisplayLink *link = [CADisplayLink displayLinkWithTarget:self selector:@selector(tick)]; // want `scheduled CADisplayLink .*kept only in the local link\) is never invalidated: the run loop retains the display link until it is invalidated and the display link retains its target, self` flow:`the display link retains its target, self`
    [link addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
}

- (void)tick {
}
@end

// A repeat button: pressing starts a one-shot delay timer whose block
// starts the repeating timer; every change of direction invalidates the
// current timer first, and releasing the button sets the direction to
// none, which stops it without starting another. Both re-creations are
// conditional (the repeating one is inside a block handed over only when
// a direction is set), so the invalidation is a real stop: not reported.
@interface RepeatButton : UIControl
@property (nonatomic) NSInteger direction;
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation RepeatButton
- (void)setDirection:(NSInteger)direction {
    _direction = direction;
    [self.timer invalidate];
    if (direction != 0) {
        self.timer = [NSTimer scheduledTimerWithTimeInterval:0.5 repeats:NO block:^(NSTimer *t) {
            self.timer = [NSTimer scheduledTimerWithTimeInterval:0.1 repeats:YES block:^(NSTimer *r) {
                [self sendActionsForControlEvents:UIControlEventValueChanged];
            }];
        }];
    }
}
- (void)endTrackingWithTouch:(UITouch *)touch withEvent:(UIEvent *)event {
    self.direction = 0;
}
@end

// Still flagged: the invalidation only precedes a re-creation that the
// block always makes once the delay fires, whatever the direction.
@interface PulseButton : UIControl
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation PulseButton
- (void)pulse {
    [self.timer invalidate];
    [self performSelector:@selector(noop) withObject:nil afterDelay:0];
    dispatch_async(dispatch_get_main_queue(), ^{
        self.timer = [NSTimer scheduledTimerWithTimeInterval:0.1 repeats:YES block:^(NSTimer *r) { // want `stored in self.timer\) is never invalidated`
            [self sendActionsForControlEvents:UIControlEventValueChanged];
        }];
    });
}
- (void)noop {
}
@end
