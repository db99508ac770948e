// retaincycle: cycles that are broken by design, and cycles among objects
// that live as long as the process (REALCODE.md, "Why findings are false").
#import <UIKit/UIKit.h>

typedef void (^Done)(void);

@interface Loader : NSObject
@property (nonatomic, copy) Done completion;
@property (nonatomic, copy) Done onCancel;
@property (nonatomic, copy) Done onDealloc;
@property (nonatomic, copy) Done onOrphan;
@property (nonatomic, copy) Done onLocal;
- (void)finish;
@end

@implementation Loader
// Fine: -finish (declared in the interface, so callers can reach it) sets
// the property to nil after the block has run: broken by design.
- (void)start {
    self.completion = ^{
        [self finish];
    };
}

- (void)finish {
    if (self.completion) {
        self.completion();
    }
    self.completion = nil;
}

// Fine: nilled later in the same body, after the store.
- (void)runNow {
    self.onLocal = ^{
        [self finish];
    };
    self.onLocal();
    self.onLocal = nil;
}

// Flagged: set to nil only in -dealloc, which the cycle keeps from running.
- (void)watchDealloc {
    self.onDealloc = ^{ // want `retain cycle: Loader → onDealloc \(copy property\) → block → self`
        [self finish];
    };
}

- (void)dealloc {
    self.onDealloc = nil;
}

// Flagged: the only release is in a private method nothing calls.
- (void)watchOrphan {
    self.onOrphan = ^{ // want `retain cycle: Loader → onOrphan \(copy property\) → block → self`
        [self finish];
    };
}

- (void)neverCalled {
    self.onOrphan = nil;
}

// Flagged: released, then stored again in the same method: re-created.
- (void)watchCancel {
    self.onCancel = ^{ // want `retain cycle: Loader → onCancel \(copy property\) → block → self`
        [self finish];
    };
}

- (void)viewWillDisappear:(BOOL)animated {
    self.onCancel = nil;
    self.onCancel = ^{
        [self finish];
    };
}
@end

// Fine: a singleton of the app; it lives as long as the process, so a
// cycle through it frees nothing that would otherwise be freed.
@interface SessionStore : NSObject
@property (nonatomic, copy) Done onChange;
+ (instancetype)sharedStore;
@end

@implementation SessionStore
+ (instancetype)sharedStore {
    static SessionStore *store;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        store = [[self alloc] init];
    });
    return store;
}

- (void)observe {
    self.onChange = ^{
        [self description];
    };
}
@end

// Flagged: a shared instance that other code also creates is no singleton:
// every other instance leaks.
@interface Cache : NSObject
@property (nonatomic, copy) Done onEvict;
+ (instancetype)sharedCache;
@end

@implementation Cache
+ (instancetype)sharedCache {
    static Cache *cache;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        cache = [[self alloc] init];
    });
    return cache;
}

- (void)watch {
    self.onEvict = ^{ // want `retain cycle: Cache → onEvict \(copy property\) → block → self`
        [self description];
    };
}
@end

@interface Thumbnailer : NSObject
@end

@implementation Thumbnailer
- (void)warm {
    Cache *mine = [[Cache alloc] init];
    [mine watch];
}
@end

// A note, not an error: the application delegate lives as long as the
// process, so its own cycle leaks once.
@interface AppDelegate : UIResponder <UIApplicationDelegate>
@property (nonatomic, copy) Done onWake;
@end

@implementation AppDelegate
- (void)installWake {
    self.onWake = ^{ // want `retain cycle: AppDelegate → onWake .*; it lives as long as the application delegate anyway, so this leaks once`
        [self description];
    };
}
@end
