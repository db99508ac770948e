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

// Objects the application delegate keeps for the whole process: the
// window's root view controller it makes at launch, a view controller a
// storyboard makes that it keeps in a property set only at launch, and one
// a factory of another object returns to it at launch.
@interface RootController : UIViewController
@property (nonatomic, copy) Done onTick;
@end

@implementation RootController
// Fine: the only instance is the window's root view controller.
- (void)viewDidLoad {
    [super viewDidLoad];
    self.onTick = ^{
        [self.view setNeedsLayout];
    };
}
@end

@interface TabsController : UITabBarController
@property (nonatomic, copy) Done onSwitch;
@end

@implementation TabsController
// Fine: a storyboard makes it (no allocation in the project), and only the
// application delegate keeps it, in a property set at launch.
- (void)viewDidLoad {
    [super viewDidLoad];
    self.onSwitch = ^{
        [self setSelectedIndex:0];
    };
}
@end

@interface InboxController : UIViewController
@property (nonatomic, copy) Done onRefresh;
@end

@implementation InboxController
// Fine: made by the theme's factory, whose only caller keeps it in the
// application delegate at launch.
- (void)viewDidLoad {
    [super viewDidLoad];
    self.onRefresh = ^{
        [self.view setNeedsLayout];
    };
}
@end

@interface Theme : NSObject
- (InboxController *)makeInbox;
@end

@implementation Theme
- (InboxController *)makeInbox {
    return [[InboxController alloc] init];
}
@end

@interface SearchController : UIViewController
@property (nonatomic, copy) Done onQuery;
@end

@implementation SearchController
// Flagged: a storyboard makes it on every segue and TabsHost (which lives
// as long as the process) keeps only the latest: every earlier one leaks.
- (void)viewDidLoad {
    [super viewDidLoad];
    self.onQuery = ^{ // want `retain cycle: SearchController → onQuery \(copy property\) → block → self`
        [self.view setNeedsLayout];
    };
}
@end

@interface LaunchDelegate : UIResponder <UIApplicationDelegate>
@property (nonatomic, strong) UIWindow *window;
@property (nonatomic, strong) TabsController *tabs;
@property (nonatomic, strong) InboxController *inbox;
@property (nonatomic, strong) SearchController *search;
@end

@implementation LaunchDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)options {
    self.window.rootViewController = [[RootController alloc] init];
    self.tabs = (TabsController *)self.window.rootViewController;
    self.inbox = [[[Theme alloc] init] makeInbox];
    return YES;
}

- (void)prepareForSegue:(UIStoryboardSegue *)segue sender:(id)sender {
    self.search = segue.destinationViewController;
}
@end

// Broken by design: the block clears the reference that keeps it when it
// runs (here, in a nested block it runs synchronously), which happens
// after the store below, whatever the order in the text.
@interface ImageLoader : NSObject
@property (nonatomic, strong) NSData *data;
@end

@implementation ImageLoader {
    Done _queued;
}
- (void)loadOn:(dispatch_queue_t)queue {
    Done block = ^{
        NSData *d = self.data;
        dispatch_sync(dispatch_get_main_queue(), ^{
            self->_queued = nil;
            self.data = d;
        });
    };
    _queued = [block copy];
    dispatch_async(queue, _queued);
}
@end

// Fine: a set… selector keeps what it sets (its first argument); its
// success: and failure: callbacks run once.
@interface Session : NSObject
- (void)setStore:(id)store success:(Done)success failure:(Done)failure;
- (void)start;
@end

@interface Opener : NSObject
@end

@implementation Opener
- (void)open {
    Session *session = [[Session alloc] init];
    [session setStore:[NSObject new] success:^{
        [session start];
    } failure:^{
        [session start];
    }];
}
@end

// Broken by design through a project method: -pushController: keeps its
// argument in an ivar that -releasePushed (which runs when the screen
// comes back) clears; -presentPicker: keeps it in one nothing clears.
@interface PickerController : UIViewController
@property (nonatomic, strong) id pickerDelegate;
@end

@implementation PickerController
@end

@interface MembersController : UIViewController
- (void)pushController:(UIViewController *)controller;
- (void)presentPicker:(UIViewController *)controller;
@end

@implementation MembersController {
    UIViewController *_pushed;
    UIViewController *_presented;
}
- (void)pushController:(UIViewController *)controller {
    _pushed = controller;
}
- (void)presentPicker:(UIViewController *)controller {
    _presented = controller;
}
- (void)releasePushed {
    _pushed = nil;
}
- (void)viewWillAppear:(BOOL)animated {
    [super viewWillAppear:animated];
    [self releasePushed];
}
- (void)addMembers {
    PickerController *picker = [[PickerController alloc] init];
    picker.pickerDelegate = self;
    [self pushController:picker];
}
- (void)pickMembers {
    PickerController *picker = [[PickerController alloc] init];
    picker.pickerDelegate = self;
    [self presentPicker:picker]; // want `retain cycle: MembersController → passed to -\[MembersController presentPicker:\] \(stored argument\) → picker → pickerDelegate \(strong property\) → MembersController`
}
@end

// A completion: keyword does not decide: the method's body does.
@interface Fetcher : NSObject
@property (nonatomic, copy) Done onDone;
@property (nonatomic, copy) Done pending;
- (void)fetchWithCompletion:(Done)completion;
- (void)loadWithCompletion:(Done)completion;
- (void)finish;
@end

@implementation Fetcher
// Keeps the block for good: nothing clears onDone.
- (void)fetchWithCompletion:(Done)completion {
    self.onDone = completion;
}
// Keeps it until -finish runs it and clears it.
- (void)loadWithCompletion:(Done)completion {
    self.pending = completion;
}
- (void)finish {
    Done p = self.pending;
    self.pending = nil;
    p();
}
@end

@interface FeedScreen : UIViewController
@property (nonatomic, strong) Fetcher *fetcher;
@end

@implementation FeedScreen
- (void)viewDidLoad {
    [super viewDidLoad];
    self.fetcher = [[Fetcher alloc] init];
    [self.fetcher fetchWithCompletion:^{ // want `retain cycle: FeedScreen → fetcher \(strong property\) → passed to -\[Fetcher fetchWithCompletion:\] \(stored argument\) → block → self`
        [self.view setNeedsLayout];
    }];
    // Fine: kept only until it has run.
    [self.fetcher loadWithCompletion:^{
        [self.view setNeedsLayout];
    }];
}
@end

// Broken by design through a registry: -registerItem: keeps its argument
// in a collection of the registry, and -unregisterItem:, which the
// project calls, removes it. A registry without a way out leaks.
@class Item;

@interface Registry : NSObject
- (void)registerItem:(Item *)item;
- (void)unregisterItem:(Item *)item;
@end

@implementation Registry {
    NSMutableArray *_items;
}
- (void)registerItem:(Item *)item {
    [_items addObject:item];
}
- (void)unregisterItem:(Item *)item {
    [_items removeObject:item];
}
@end

@interface Ledger : NSObject
- (void)recordItem:(Item *)item;
@end

@implementation Ledger {
    NSMutableArray *_records;
}
- (void)recordItem:(Item *)item {
    [_records addObject:item];
}
@end

@interface Item : NSObject
@property (nonatomic, strong) Registry *registry;
@property (nonatomic, strong) Ledger *ledger;
@end

@implementation Item
- (void)attachTo:(Registry *)r ledger:(Ledger *)l {
    self.registry = r;
    [self.registry registerItem:self];
    self.ledger = l;
    [self.ledger recordItem:self]; // want `retain cycle: Item → ledger \(strong property\) → passed to -\[Ledger recordItem:\] \(stored argument\) → Item`
}
- (void)close {
    [self.registry unregisterItem:self];
}
@end

// Still flagged: in a tree of one class, removing a child from its
// parent's children leaves the cycles below it (each child's strong parent
// and the child's own children).
@interface TreeNode : NSObject
@property (nonatomic, strong) TreeNode *parentNode;
- (void)addChild:(TreeNode *)child;
- (void)removeChild:(TreeNode *)child;
@end

@implementation TreeNode {
    NSMutableArray *_children;
}
- (void)attachTo:(TreeNode *)parent {
    self.parentNode = parent;
    [self.parentNode addChild:self]; // want `retain cycle: TreeNode → parentNode \(strong property\) → passed to -\[TreeNode addChild:\] \(stored argument\) → TreeNode`
}
- (void)addChild:(TreeNode *)child {
    [_children addObject:child];
}
- (void)removeChild:(TreeNode *)child {
    [_children removeObject:child];
}
- (void)detach {
    [self.parentNode removeChild:self];
}
@end

// Fine: NSOperation sets its completionBlock to nil once the block begins
// executing (iOS 8, macOS 10.10), so an operation whose completion block
// captures it lives until it has finished, no longer.
@interface ResizeOperation : NSOperation
@property (nonatomic, strong) UIImage *output;
@end

@implementation ResizeOperation
- (instancetype)init {
    if ((self = [super init])) {
        self.completionBlock = ^{
            NSLog(@"%@", self.output);
        };
    }
    return self;
}
@end

// Still flagged: the same property on a class that is no operation keeps
// its block until something clears it.
@interface ResizeJob : NSObject
@property (nonatomic, strong) UIImage *output;
@property (nonatomic, copy) void (^completionBlock)(void);
@end

@implementation ResizeJob
- (instancetype)init {
    if ((self = [super init])) {
        self.completionBlock = ^{ // want `retain cycle: ResizeJob → completionBlock \(copy property\) → block → self \(captured\)`
            NSLog(@"%@", self.output);
        };
    }
    return self;
}
@end

// Fine: requesters wait in a queue that is dropped once they have run
// (the pending-requesters pattern), so a requester that captures the
// room is kept only until then.
@interface Room : NSObject {
    NSMutableArray *_pending;
    NSMutableArray *_listeners;
    NSMutableArray *_retries;
}
@property (nonatomic, copy) NSString *name;
- (void)whenLoaded:(void (^)(void))done;
- (void)onChange:(void (^)(void))listener;
@end

@implementation Room
- (void)whenLoaded:(void (^)(void))done {
    if (!_pending) {
        _pending = [NSMutableArray array];
    }
    [_pending addObject:done];
}
- (void)didLoad {
    NSArray *waiting = [_pending copy];
    _pending = nil;
    for (void (^done)(void) in waiting) {
        done();
    }
}
- (void)onChange:(void (^)(void))listener {
    [_listeners addObject:listener];
}
- (void)retry:(void (^)(void))attempt {
    [_retries addObject:attempt];
}
- (void)retryAll {
    for (void (^attempt)(void) in _retries) {
        attempt();
    }
    [_retries removeAllObjects];
}
- (void)refresh {
    [self whenLoaded:^{
        NSLog(@"%@", self.name);
    }];
    // Fine too: the retries are emptied once they have run.
    [self retry:^{
        NSLog(@"%@", self.name);
    }];
    // Still flagged: listeners are never dropped.
    [self onChange:^{ // want `retain cycle: Room → passed to -\[Room onChange:\] \(stored argument\) → block → self \(captured\)`
        NSLog(@"%@", self.name);
    }];
}
@end

// Fine: an object made once and cached in a static variable lives for the
// whole process; the cycle between it and its block frees nothing.
@interface CachedSetting : NSObject
@property (nonatomic, copy) void (^onSelect)(void);
@end

@implementation CachedSetting
@end

static CachedSetting *marketSetting;

@interface SettingFactory : NSObject
@end

@implementation SettingFactory
+ (CachedSetting *)market {
    if (!marketSetting) {
        CachedSetting *setting = [[CachedSetting alloc] init];
        __block CachedSetting *sself = setting;
        setting.onSelect = ^{
            NSLog(@"%@", sself);
        };
        marketSetting = setting;
    }
    return marketSetting;
}

+ (CachedSetting *)fresh {
    // Made per call and returned: its cycle leaks each one.
    CachedSetting *setting = [[CachedSetting alloc] init];
    __block CachedSetting *sself = setting;
    setting.onSelect = ^{ // want `retain cycle: setting → onSelect \(copy property\) → block → sself \(captured __block variable\)`
        NSLog(@"%@", sself);
    };
    return setting;
}
@end
