// Where an invalidation counts: any instance method but -dealloc.
#import <UIKit/UIKit.h>

@interface SlideshowViewController : UIViewController
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation SlideshowViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    self.timer = [NSTimer scheduledTimerWithTimeInterval:3 target:self selector:@selector(next) userInfo:nil repeats:YES]; // want `stored in self.timer\) is invalidated only in -dealloc: .*-dealloc never runs` related:`invalidated only here, in -dealloc`
}

- (void)dealloc {
    [self.timer invalidate];
}

- (void)next {
}
@end

@interface FeedController : UIViewController
@property (nonatomic, strong) NSTimer *refresh;
@end

@implementation FeedController
- (void)viewWillAppear:(BOOL)animated {
    [super viewWillAppear:animated];
    // Fine: invalidated in viewWillDisappear:.
    self.refresh = [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(reload) userInfo:nil repeats:YES];
}

- (void)viewWillDisappear:(BOOL)animated {
    [super viewWillDisappear:animated];
    [self.refresh invalidate];
    self.refresh = nil;
}

- (void)reload {
}
@end

@interface TickerView : UIView {
    CADisplayLink *_link;
}
@end

@implementation TickerView
- (void)didMoveToSuperview {
    [super didMoveToSuperview];
    // Fine: removed from the run loop in willMoveToWindow: (nil window).
    _link = [CADisplayLink displayLinkWithTarget:self selector:@selector(frame:)];
    [_link addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
}

- (void)willMoveToWindow:(UIWindow *)window {
    if (window == nil) {
        [_link removeFromRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
    }
}

- (void)frame:(CADisplayLink *)link {
}
@end

@interface PollingClient : NSObject
@property (nonatomic, strong) NSTimer *pollTimer;
@end

@implementation PollingClient
- (void)startPolling {
    // Fine: invalidated through a local copy of the property in -cancel.
    self.pollTimer = [NSTimer scheduledTimerWithTimeInterval:10 target:self selector:@selector(poll) userInfo:nil repeats:YES];
}

- (void)cancel {
    NSTimer *t = self.pollTimer;
    [t invalidate];
}

- (void)poll {
}
@end

// A project's own NSTimer helpers: one that invalidates the timer it is
// sent to counts as an invalidation; one that only pauses it does not.
@interface NSTimer (Helpers)
- (id)stopTimer;
- (void)pauseTimer;
@end

@implementation NSTimer (Helpers)
- (id)stopTimer {
    if ([self isValid]) {
        [self invalidate];
    }
    return nil;
}
- (void)pauseTimer {
    self.fireDate = [NSDate distantFuture];
}
@end

@interface TransferScreen : UIViewController
@property (nonatomic, strong) NSTimer *pollTimer;
@property (nonatomic, strong) NSTimer *spinTimer;
@end

@implementation TransferScreen
- (void)viewDidAppear:(BOOL)animated {
    [super viewDidAppear:animated];
    // Fine: -stopTimer invalidates it in viewWillDisappear:.
    self.pollTimer = [NSTimer scheduledTimerWithTimeInterval:2 target:self selector:@selector(poll) userInfo:nil repeats:YES];
    // Still flagged: -pauseTimer only moves its fire date.
    self.spinTimer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(poll) userInfo:nil repeats:YES]; // want `repeating scheduled NSTimer with target self`
}

- (void)viewWillDisappear:(BOOL)animated {
    [super viewWillDisappear:animated];
    self.pollTimer = [self.pollTimer stopTimer];
    [self.spinTimer pauseTimer];
}

- (void)poll {
}
@end

// A scan screen whose path timer is invalidated when the scanner reports
// the end, on the main queue, through the weak/strong dance:
// strongSelf->_pathTimer is self's ivar. Its progress timer is never
// invalidated (invalidating another, local timer does not count).
@interface ScanScreen : UIViewController {
    NSTimer *_pathTimer;
    NSTimer *_progressTimer;
}
@end

@implementation ScanScreen
- (void)startScan {
    _pathTimer = [NSTimer scheduledTimerWithTimeInterval:0.2 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // fine: invalidated in -scanDidEnd
    _progressTimer = [NSTimer scheduledTimerWithTimeInterval:0.2 target:self selector:@selector(tick) userInfo:nil repeats:YES]; // want `stored in the ivar _progressTimer\) is never invalidated`
}

- (void)scanDidEnd {
    __weak typeof(self) weakSelf = self;
    dispatch_async(dispatch_get_main_queue(), ^{
        __strong typeof(self) strongSelf = weakSelf;
        if (strongSelf) {
            [strongSelf->_pathTimer invalidate];
            strongSelf->_pathTimer = nil;
            NSTimer *other = [NSTimer timerWithTimeInterval:1 target:strongSelf selector:@selector(tick) userInfo:nil repeats:NO];
            [other invalidate];
        }
    });
}

- (void)tick {
}
@end
