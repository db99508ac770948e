// Owners that live as long as the process, and project weakify/strongify
// macros, which the parser sees as calls.
#import <UIKit/UIKit.h>

@interface AppDelegate : UIResponder <UIApplicationDelegate>
@end

@implementation AppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)options {
    // Fine: the application delegate lives as long as the process.
    [[NSNotificationCenter defaultCenter] addObserverForName:UIApplicationDidReceiveMemoryWarningNotification object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self purgeCaches];
    }];
    return YES;
}

- (void)purgeCaches {
}
@end

@interface ImageCache : NSObject
+ (instancetype)sharedCache;
@end

@implementation ImageCache
+ (instancetype)sharedCache {
    static ImageCache *cache = nil;
    if (cache == nil) {
        cache = [[ImageCache alloc] init];
    }
    return cache;
}

- (instancetype)init {
    if ((self = [super init])) {
        // Fine: a singleton (kept in a static) lives as long as the process.
        [[NSNotificationCenter defaultCenter] addObserverForName:UIApplicationDidReceiveMemoryWarningNotification object:nil queue:nil usingBlock:^(NSNotification *note) {
            [self purge];
        }];
    }
    return self;
}

- (void)purge {
}
@end

#define PH_WEAKIFY(x) __weak __typeof__(x) x##_weak = (x)
#define PH_STRONGIFY(x) __strong __typeof__(x) x = x##_weak

@interface InstallationWatcher : NSObject
@property (nonatomic, strong) id token;
@end

@implementation InstallationWatcher
- (void)watch {
    // Fine: the project's own macros re-bind self weakly in the block.
    PH_WEAKIFY(self);
    self.token = [NSNotificationCenter.defaultCenter addObserverForName:@"InstallationChanged" object:nil queue:nil usingBlock:^(NSNotification *note) {
        PH_STRONGIFY(self);
        [self refresh];
    }];
}

- (void)watchCarelessly {
    PH_WEAKIFY(self);
    [NSNotificationCenter.defaultCenter addObserverForName:@"Other" object:nil queue:nil usingBlock:^(NSNotification *note) { // want `captures self and its token is dropped`
        [self refresh];
        PH_STRONGIFY(self);
    }];
}

- (void)refresh {
}
@end

// Fine: the observer removes itself when it fires, through the strong
// alias of a weak self (the token is self's property either way), and so
// does its sibling failure observer.
@interface RuleWaiter : NSObject
@property (nonatomic, strong) id doneObserver;
@property (nonatomic, strong) id failObserver;
- (BOOL)ruleAdded;
@end

@implementation RuleWaiter
- (void)waitWithCompletion:(void (^)(void))completion {
    __weak typeof(self) weakSelf = self;
    self.doneObserver = [[NSNotificationCenter defaultCenter] addObserverForName:@"RulesUpdated" object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
        if ([self ruleAdded]) {
            __strong typeof(weakSelf) strongSelf = weakSelf;
            [[NSNotificationCenter defaultCenter] removeObserver:strongSelf.doneObserver];
            strongSelf.doneObserver = nil;
            completion();
        }
    }];
    self.failObserver = [[NSNotificationCenter defaultCenter] addObserverForName:@"RulesFailed" object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        [[NSNotificationCenter defaultCenter] removeObserver:strongSelf.doneObserver];
        [[NSNotificationCenter defaultCenter] removeObserver:strongSelf.failObserver];
        completion();
    }];
}

- (BOOL)ruleAdded {
    return YES;
}
@end

// Fine: a storyboard makes it and only the application delegate keeps it
// (set at launch): it lives as long as the process.
@interface HomeTabsController : UITabBarController
@end

@implementation HomeTabsController
- (void)viewDidLoad {
    [super viewDidLoad];
    [[NSNotificationCenter defaultCenter] addObserverForName:@"BadgeChanged" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self setSelectedIndex:0];
    }];
}
@end

@interface HomeAppDelegate : UIResponder <UIApplicationDelegate>
@property (nonatomic, strong) UIWindow *window;
@property (nonatomic, strong) HomeTabsController *tabs;
@end

@implementation HomeAppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)options {
    self.tabs = (HomeTabsController *)self.window.rootViewController;
    return YES;
}
@end
