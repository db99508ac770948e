// Positive and negative cases for mixedselfweakself (SEMANTICS §2).
#import <UIKit/UIKit.h>

@interface RefreshController : UIViewController
@property (nonatomic, copy) void (^onRefresh)(void);
@property (nonatomic, strong) NSDate *lastRefresh;
@property (nonatomic, strong) UITableView *tableView;
@property (nonatomic, strong) RefreshController *child;
@end

@implementation RefreshController
- (void)mixed {
    __weak typeof(self) weakSelf = self;
    self.onRefresh = ^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date]; // want `this block uses both weakSelf and self: self is captured strongly anyway` related:"weakSelf used here"
    };
}

- (void)mixedWithMacro {
    @weakify(self);
    [[NSNotificationCenter defaultCenter] addObserverForName:@"x" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self_weak_ description];
        [self description]; // want `uses both self_weak_ and self`
    }];
}

- (void)mixedInNestedBlock {
    __weak typeof(self) weakSelf = self;
    self.onRefresh = ^{
        [weakSelf.tableView reloadData];
        dispatch_async(dispatch_get_main_queue(), ^{
            [weakSelf.tableView setNeedsLayout];
            [self.view setNeedsLayout]; // want `uses both weakSelf and self`
        });
    };
}

// Fine: the block is kept by a screen this method makes and presents;
// self does not keep that screen, which goes when it is dismissed.
- (void)presentEditor {
    __weak typeof(self) weakSelf = self;
    RefreshController *editor = [[RefreshController alloc] init];
    editor.onRefresh = ^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    };
    UINavigationController *nav = [[UINavigationController alloc] initWithRootViewController:editor];
    [self presentViewController:nav animated:YES completion:nil];
}

// Fine: the same through a view of that screen.
- (void)presentEditorHeader {
    __weak typeof(self) weakSelf = self;
    RefreshController *editor = [[RefreshController alloc] init];
    editor.child.onRefresh = ^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    };
    [self presentViewController:editor animated:YES completion:nil];
}

// Still flagged: the screen it makes is kept by self.
- (void)keepEditor {
    __weak typeof(self) weakSelf = self;
    RefreshController *editor = [[RefreshController alloc] init];
    editor.onRefresh = ^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date]; // want `uses both weakSelf and self`
    };
    self.child = editor;
}

// Fine: the weak/strong dance, self never mentioned.
- (void)correct {
    __weak typeof(self) weakSelf = self;
    self.onRefresh = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [strongSelf.tableView reloadData];
        strongSelf.lastRefresh = [NSDate date];
    };
}

// Fine: after @strongify(self), self is the block's strong local.
- (void)correctMacros {
    @weakify(self);
    self.onRefresh = ^{
        @strongify(self);
        [self.tableView reloadData];
    };
}

// Fine: only self; whether that is a cycle is retaincycle's business.
- (void)onlySelf {
    [UIView animateWithDuration:0.2 animations:^{
        self.view.alpha = 1;
    }];
}

// Fine: weakSelf in one block, self in another.
- (void)separateBlocks {
    __weak typeof(self) weakSelf = self;
    self.onRefresh = ^{
        [weakSelf.tableView reloadData];
    };
    [UIView animateWithDuration:0.2 animations:^{
        self.view.alpha = 1;
    }];
}
@end

@implementation RefreshController (Operations)
// Fine: @weakify(operation) weakens operation, not self; using self in the
// block is retaincycle's business, not a weak/strong slip.
- (void)runOperation:(NSOperation *)operation {
    @weakify(operation);
    operation.completionBlock = ^{
        [operation_weak_ description];
        [self description];
    };
}
@end

@implementation RefreshController (RunOnce)
// Fine: the block runs once and is let go (dispatch_async keeps it only
// until it has run), so self is held only until then: a slip of style,
// not a leak.
- (void)mixedButRunOnce {
    __weak typeof(self) weakSelf = self;
    dispatch_async(dispatch_get_main_queue(), ^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    });
}
@end

// Blocks handed to project methods: what the method's body does with the
// block decides (its summary), not the selector's name.
@interface Hub : NSObject
@property (nonatomic, copy) void (^listener)(void);
@property (nonatomic, copy) void (^pending)(void);
+ (instancetype)sharedHub;
- (void)listen:(void (^)(void))block;
- (void)perform:(void (^)(void))block;
- (void)loadWithCompletion:(void (^)(void))completion;
- (void)storeWithCompletion:(void (^)(void))completion;
- (void)finish;
@end

@implementation Hub
+ (instancetype)sharedHub {
    static Hub *hub;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        hub = [[Hub alloc] init];
    });
    return hub;
}
- (void)listen:(void (^)(void))block {
    self.listener = block;
}
- (void)perform:(void (^)(void))block {
    block();
}
- (void)loadWithCompletion:(void (^)(void))completion {
    self.pending = completion;
}
- (void)storeWithCompletion:(void (^)(void))completion {
    self.listener = completion;
}
- (void)finish {
    void (^p)(void) = self.pending;
    self.pending = nil;
    p();
}
@end

@implementation RefreshController (Summaries)
// The shared hub keeps the block for the life of the process (-listen:
// stores it), so the slipped self never goes away.
- (void)listenMixed {
    __weak typeof(self) weakSelf = self;
    [[Hub sharedHub] listen:^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date]; // want `uses both weakSelf and self`
    }];
}

// A completion: keyword, but the body stores it and nothing clears it:
// evidence from the body wins over the name.
- (void)storedCompletion {
    __weak typeof(self) weakSelf = self;
    [[Hub sharedHub] storeWithCompletion:^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date]; // want `uses both weakSelf and self`
    }];
}

// Fine: -perform: calls the block before returning.
- (void)performMixed {
    __weak typeof(self) weakSelf = self;
    [[Hub sharedHub] perform:^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    }];
}

// Fine: -loadWithCompletion: keeps the block only until -finish runs it
// and clears it.
- (void)pendingMixed {
    __weak typeof(self) weakSelf = self;
    [[Hub sharedHub] loadWithCompletion:^{
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    }];
}

// Fine: an API nothing is known about: no evidence the block lives long,
// so the rule stays silent rather than guess.
- (void)unknownAPI:(id)client {
    __weak typeof(self) weakSelf = self;
    [client fetchItems:^(NSArray *items) {
        [weakSelf.tableView reloadData];
        self.lastRefresh = [NSDate date];
    }];
}
@end

// Fine: the only instance lives as long as the process (a singleton), so
// keeping it alive longer leaks nothing.
@interface SettingsPane : NSObject
@property (nonatomic, copy) void (^onChange)(void);
@property (nonatomic) NSInteger revision;
+ (instancetype)sharedPane;
@end

@implementation SettingsPane
+ (instancetype)sharedPane {
    static SettingsPane *pane;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        pane = [[SettingsPane alloc] init];
    });
    return pane;
}
- (void)watch {
    __weak typeof(self) weakSelf = self;
    self.onChange = ^{
        weakSelf.revision += 1;
        NSLog(@"%@", self);
    };
}
@end

// Fine: the observer removes itself (through weakSelf's property) when it
// fires: the center keeps the block only until then.
@interface RulesWaiter : NSObject
@property (nonatomic, strong) id token;
- (BOOL)ready;
@end

@implementation RulesWaiter
- (void)waitThen:(void (^)(void))done {
    __weak typeof(self) weakSelf = self;
    self.token = [[NSNotificationCenter defaultCenter] addObserverForName:@"RulesChanged" object:nil queue:nil usingBlock:^(NSNotification *note) {
        if ([self ready]) {
            [[NSNotificationCenter defaultCenter] removeObserver:weakSelf.token];
            weakSelf.token = nil;
            done();
        }
    }];
}
- (BOOL)ready {
    return YES;
}
@end

// Flagged: the same observer, never removed.
@interface RulesWatcher : NSObject
@property (nonatomic, strong) id token;
- (BOOL)ready;
@end

@implementation RulesWatcher
- (void)watch {
    __weak typeof(self) weakSelf = self;
    self.token = [[NSNotificationCenter defaultCenter] addObserverForName:@"RulesChanged" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [weakSelf description];
        [self ready]; // want `uses both weakSelf and self`
    }];
}
- (BOOL)ready {
    return YES;
}
@end
