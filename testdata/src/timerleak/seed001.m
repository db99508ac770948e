// The timer story of seed 001, rewritten: a pushed screen whose repeating
// timer keeps it alive, the weakSelf attempt that does not help, and the
// fixes that do (SEMANTICS §3, §4).
#import <UIKit/UIKit.h>
#import <objc/runtime.h>

// 1. Naive: run loop → timer → self. Popping the screen does not free it.
@interface CountdownViewController : UIViewController
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation CountdownViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    self.timer = [NSTimer timerWithTimeInterval:1 target:self selector:@selector(countDown) userInfo:nil repeats:YES]; // want `repeating scheduled NSTimer with target self .*stored in self.timer\) is never invalidated` related:`added to the run loop here`
    [[NSRunLoop currentRunLoop] addTimer:self.timer forMode:NSRunLoopCommonModes];
}

- (void)countDown {
    NSLog(@"tick");
}
@end

// 2. The weakSelf attempt: the timer retains the object weakSelf points to.
@interface WeakAttemptViewController : UIViewController
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation WeakAttemptViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    __weak typeof(self) weakSelf = self;
    self.timer = [NSTimer timerWithTimeInterval:1 target:weakSelf selector:@selector(countDown) userInfo:nil repeats:YES]; // want `with target weakSelf \(a weak variable, but the timer retains self\).*the timer retains the object weakSelf points to, self, not the variable` related:`passing a weak variable hands the object itself`
    [[NSRunLoop currentRunLoop] addTimer:self.timer forMode:NSRunLoopCommonModes];
}

- (void)dealloc {
    [self.timer invalidate];
}

- (void)countDown {
}
@end

// Fix 1: invalidate when the controller is removed from its parent.
@interface ParentAwareViewController : UIViewController
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation ParentAwareViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    // Fine: invalidated in didMoveToParentViewController: when parent is nil.
    self.timer = [NSTimer timerWithTimeInterval:1 target:self selector:@selector(countDown) userInfo:nil repeats:YES];
    [[NSRunLoop currentRunLoop] addTimer:self.timer forMode:NSRunLoopCommonModes];
}

- (void)didMoveToParentViewController:(UIViewController *)parent {
    [super didMoveToParentViewController:parent];
    if (parent == nil) {
        [self.timer invalidate];
        self.timer = nil;
    }
}

- (void)countDown {
}
@end

// Fix 2: an intermediate object is the target, so the timer does not hold self;
// -dealloc runs and invalidates the timer.
static void IntermediateCountDown(id obj, SEL _cmd) {
    NSLog(@"%@", obj);
}

@interface IntermediateTargetViewController : UIViewController
@property (nonatomic, strong) id relay;
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation IntermediateTargetViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    self.relay = [[NSObject alloc] init];
    class_addMethod([NSObject class], @selector(countDown), (IMP)IntermediateCountDown, "v@:");
    // Fine: the target is self.relay, not self.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self.relay selector:@selector(countDown) userInfo:nil repeats:YES];
}

- (void)dealloc {
    [self.timer invalidate];
}
@end

// Fix 3: a wrapper owns the timer (its target is the wrapper) and holds the
// real target weakly.
@interface RelayTimer : NSObject
@property (nonatomic, weak) id target;
@property (nonatomic, assign) SEL action;
@property (nonatomic, strong) NSTimer *timer;
- (instancetype)initWithInterval:(NSTimeInterval)interval target:(id)target action:(SEL)action repeats:(BOOL)repeats;
- (void)stop;
@end

@implementation RelayTimer
- (instancetype)initWithInterval:(NSTimeInterval)interval target:(id)target action:(SEL)action repeats:(BOOL)repeats {
    if ((self = [super init])) {
        _target = target;
        _action = action;
        // Fine: the wrapper is the target and -stop invalidates the timer.
        _timer = [NSTimer scheduledTimerWithTimeInterval:interval target:self selector:@selector(relay:) userInfo:nil repeats:repeats];
    }
    return self;
}

- (void)relay:(NSTimer *)timer {
    id target = self.target;
    if (target) {
        ((void (*)(id, SEL))[target methodForSelector:self.action])(target, self.action);
    } else {
        [self stop];
    }
}

- (void)stop {
    [self.timer invalidate];
    self.timer = nil;
}
@end

@interface WrapperViewController : UIViewController
@property (nonatomic, strong) RelayTimer *relayTimer;
@end

@implementation WrapperViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    // Fine: no timer here targets self.
    self.relayTimer = [[RelayTimer alloc] initWithInterval:1 target:self action:@selector(countDown) repeats:YES];
}

- (void)dealloc {
    [self.relayTimer stop];
}

- (void)countDown {
}
@end

// Fix 4: an NSProxy subclass holds the target weakly and forwards.
@interface WeakForwarder : NSProxy
@property (nonatomic, weak) id target;
+ (instancetype)forwarderWithTarget:(id)target;
@end

@implementation WeakForwarder
+ (instancetype)forwarderWithTarget:(id)target {
    WeakForwarder *f = [WeakForwarder alloc];
    f.target = target;
    return f;
}

- (id)forwardingTargetForSelector:(SEL)selector {
    return self.target;
}
@end

@interface ProxyViewController : UIViewController
@property (nonatomic, strong) WeakForwarder *forwarder;
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) NSTimer *otherTimer;
@end

@implementation ProxyViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    self.forwarder = [WeakForwarder forwarderWithTarget:self];
    // Fine: the target is the weak proxy.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self.forwarder selector:@selector(countDown) userInfo:nil repeats:YES];
    // Fine: the same, created inline.
    self.otherTimer = [NSTimer scheduledTimerWithTimeInterval:1 target:[WeakForwarder forwarderWithTarget:self] selector:@selector(countDown) userInfo:nil repeats:YES];
}

- (void)dealloc {
    [self.timer invalidate];
    [self.otherTimer invalidate];
}

- (void)countDown {
}
@end

// Fix 5 (the seed's block variant): a block timer; the block uses only a
// weak self, so the timer keeps nothing alive but the block.
@interface BlockTimerViewController : UIViewController
@property (nonatomic, strong) NSTimer *timer;
@end

@implementation BlockTimerViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    __weak typeof(self) weakSelf = self;
    // Fine: the block captures weakSelf, not self.
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *timer) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) {
            [timer invalidate];
            return;
        }
        [strongSelf countDown];
    }];
}

- (void)dealloc {
    [self.timer invalidate];
}

- (void)countDown {
}
@end
