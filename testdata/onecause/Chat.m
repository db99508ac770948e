// One cause, one finding: every rule runs on this file (rules_test.go,
// TestOneFindingPerCause). Each cause below is reported by exactly one
// rule, once.
#import <UIKit/UIKit.h>

@class ChatController;

@interface Composer : NSObject
// A strong back-pointer on a cycle: retaincycle reports the cycle, and
// strongdelegate does not report the property again.
@property (nonatomic, strong) ChatController *delegate;
@end

@implementation Composer
@end

@interface ChatController : UIViewController
@property (nonatomic, strong) Composer *composer;
@property (nonatomic, copy) void (^onSend)(void);
@property (nonatomic, strong) UITableView *tableView;
@end

@implementation ChatController
- (void)viewDidLoad {
    [super viewDidLoad];
    self.composer = [[Composer alloc] init];
    self.composer.delegate = self;
}

// weakSelf is used but self slipped in: retaincycle reports the cycle and
// says so; mixedselfweakself does not report the same block again.
- (void)installSend {
    __weak typeof(self) weakSelf = self;
    self.onSend = ^{
        [weakSelf.tableView reloadData];
        [self.view setNeedsLayout];
    };
}

// The same reference keeps a second block that captures self: the same
// cause, a related site of the finding above.
- (void)installOtherSend {
    self.onSend = ^{
        [self.tableView reloadData];
    };
}
@end
