// observerleak fixtures: block observers that capture self strongly
// (SEMANTICS §2, §7).
#import <UIKit/UIKit.h>
#import <AppKit/AppKit.h>
#import <KVOController/KVOController.h>

@interface KeyboardViewController : UIViewController {
    CGFloat _inset;
}
@property (nonatomic, strong) id showToken;
@property (nonatomic, strong) id hideToken;
@property (nonatomic, strong) id themeToken;
@property (nonatomic, strong) NSNotificationCenter *center;
@end

@implementation KeyboardViewController
- (void)viewDidLoad {
    [super viewDidLoad];
    // The token is dropped: the observer can never be removed.
    [[NSNotificationCenter defaultCenter] addObserverForName:UIKeyboardWillShowNotification object:nil queue:nil usingBlock:^(NSNotification *note) { // want `block observer added to NSNotificationCenter.defaultCenter in -viewDidLoad captures self and its token is dropped` flow:`retains the observer block` flow:`the block captures self`
        [self.view setNeedsLayout];
    }];

    // Stored, but removed only in -dealloc; the block uses an ivar.
    self.hideToken = [NSNotificationCenter.defaultCenter addObserverForName:UIKeyboardWillHideNotification object:nil queue:[NSOperationQueue mainQueue] usingBlock:^(NSNotification *note) { // want `captures self \(through the ivar _inset\) and its token, stored in self.hideToken, is removed only in -dealloc` related:`removed only here, in -dealloc`
        _inset = 0;
    }];

    // A center held in a local variable; the token is never removed.
    NSNotificationCenter *nc = [NSNotificationCenter defaultCenter];
    self.showToken = [nc addObserverForName:UIContentSizeCategoryDidChangeNotification object:nil queue:nil usingBlock:^(NSNotification *note) { // want `added to NSNotificationCenter.defaultCenter .*stored in self.showToken, is never removed \(no removeObserver: call with it\)`
        [self reloadFonts];
    }];

    // A property typed NSNotificationCenter.
    [self.center addObserverForName:@"ThemeChanged" object:nil queue:nil usingBlock:^(NSNotification *note) { // want `added to self.center .*token is dropped`
        [self reloadFonts];
    }];

    // A block variable is the same block.
    void (^handler)(NSNotification *) = ^(NSNotification *note) {
        [self reloadFonts];
    };
    [[NSNotificationCenter defaultCenter] addObserverForName:@"FontsChanged" object:nil queue:nil usingBlock:handler]; // want `token is dropped.*removeObserver:self does not remove block observers` related:`removeObserver:self removes selector observers only`
}

- (void)observeWorkspace {
    // NSWorkspace's center (macOS).
    [[[NSWorkspace sharedWorkspace] notificationCenter] addObserverForName:NSWorkspaceDidWakeNotification object:nil queue:nil usingBlock:^(NSNotification *note) { // want `added to NSWorkspace.sharedWorkspace.notificationCenter`
        [self reloadFonts];
    }];
    [[NSDistributedNotificationCenter defaultCenter] addObserverForName:@"AppleInterfaceThemeChangedNotification" object:nil queue:nil usingBlock:^(NSNotification *note) { // want `added to NSDistributedNotificationCenter.defaultCenter`
        [self reloadFonts];
    }];
}

- (void)reloadFonts {
}

- (void)dealloc {
    [[NSNotificationCenter defaultCenter] removeObserver:self.hideToken];
    [[NSNotificationCenter defaultCenter] removeObserver:self];
}
@end

@interface SettingsViewController : UIViewController
@property (nonatomic, strong) id localeToken;
@property (nonatomic, strong) id themeToken;
@property (nonatomic, strong) id fontToken;
@property (nonatomic, strong) NSArray *observers;
@end

@implementation SettingsViewController
- (void)viewWillAppear:(BOOL)animated {
    [super viewWillAppear:animated];
    // Fine: the token is removed in -viewWillDisappear:.
    self.localeToken = [[NSNotificationCenter defaultCenter] addObserverForName:NSCurrentLocaleDidChangeNotification object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self refresh];
    }];

    // Fine: the block captures only a weak self.
    __weak typeof(self) weakSelf = self;
    self.themeToken = [[NSNotificationCenter defaultCenter] addObserverForName:@"ThemeChanged" object:nil queue:nil usingBlock:^(NSNotification *note) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        [strongSelf refresh];
    }];

    // Fine: the block does not use self at all.
    [[NSNotificationCenter defaultCenter] addObserverForName:@"Ping" object:nil queue:nil usingBlock:^(NSNotification *note) {
        NSLog(@"ping %@", note.name);
    }];

    // Fine: selector-based observers are not retained by the center.
    [[NSNotificationCenter defaultCenter] addObserver:self selector:@selector(refresh) name:@"Refresh" object:nil];

    // Fine: a one-shot observer that removes itself.
    __block id once = nil;
    once = [[NSNotificationCenter defaultCenter] addObserverForName:@"FirstLaunch" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [[NSNotificationCenter defaultCenter] removeObserver:once];
        [self refresh];
    }];

    // Fine here: the token goes into a collection this rule does not follow.
    self.observers = @[[[NSNotificationCenter defaultCenter] addObserverForName:@"Other" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self refresh];
    }]];

    // Fine: removed in -stop through a local copy of the property.
    self.fontToken = [[NSNotificationCenter defaultCenter] addObserverForName:@"Fonts" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self refresh];
    }];
}

- (void)viewWillDisappear:(BOOL)animated {
    [super viewWillDisappear:animated];
    [[NSNotificationCenter defaultCenter] removeObserver:self.localeToken];
}

- (void)stop {
    id token = self.fontToken;
    [[NSNotificationCenter defaultCenter] removeObserver:token name:nil object:nil];
}

+ (void)installGlobalObserver {
    // Fine: in a class method self is the class.
    [[NSNotificationCenter defaultCenter] addObserverForName:@"Reset" object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self description];
    }];
}

- (void)refresh {
}
@end

@interface TitleView : UIView
@property (nonatomic, strong) id model;
@property (nonatomic, strong) UILabel *titleLabel;
@property (nonatomic, strong) FBKVOController *kvoController;
@end

@implementation TitleView
- (void)bind {
    [self.KVOController observe:self.model keyPath:@"title" options:NSKeyValueObservingOptionNew block:^(id observer, id object, NSDictionary *change) { // want `block passed to \[self.KVOController observe:keyPath:options:block:\] in -bind captures self: self owns self.KVOController.*retain cycle` flow:`self owns self.KVOController` flow:`retains the block` flow:`captures self`
        self.titleLabel.text = [object description];
    }];
    [self.KVOControllerNonRetaining observe:self.model keyPaths:@[@"title", @"subtitle"] options:0 block:^(id observer, id object, NSDictionary *change) { // want `KVOControllerNonRetaining observe:keyPaths:options:block:`
        [self setNeedsLayout];
    }];
}

- (void)bindOwnController {
    self.kvoController = [FBKVOController controllerWithObserver:self];
    [self.kvoController observe:self.model keyPath:@"title" options:0 block:^(id observer, id object, NSDictionary *change) { // want `block passed to \[self.kvoController observe:keyPath:options:block:\] in -bindOwnController` related:`unobserved only here, in -dealloc`
        [self setNeedsLayout];
    }];
}

- (void)bindFine {
    // Fine: the block uses its observer argument.
    [self.KVOController observe:self.model keyPath:@"subtitle" options:0 block:^(TitleView *view, id object, NSDictionary *change) {
        [view setNeedsLayout];
    }];
    // Fine: a local controller is released when the method returns.
    FBKVOController *local = [FBKVOController controllerWithObserver:self];
    [local observe:self.model keyPath:@"title" options:0 block:^(id observer, id object, NSDictionary *change) {
        [self setNeedsLayout];
    }];
}

- (void)dealloc {
    [self.kvoController unobserveAll];
}
@end

@interface BadgeView : UIView
@property (nonatomic, strong) id model;
@end

@implementation BadgeView
- (void)didMoveToWindow {
    [super didMoveToWindow];
    if (self.window) {
        // Fine: unobserveAll runs when the view leaves its window.
        [self.KVOController observe:self.model keyPath:@"count" options:0 block:^(id observer, id object, NSDictionary *change) {
            [self setNeedsDisplay];
        }];
    } else {
        [self.KVOController unobserveAll];
    }
}
@end
