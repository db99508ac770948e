// Positive and negative cases for mixedselfweakself (SEMANTICS §2).
#import <UIKit/UIKit.h>

@interface RefreshController : UIViewController
@property (nonatomic, copy) void (^onRefresh)(void);
@property (nonatomic, strong) NSDate *lastRefresh;
@property (nonatomic, strong) UITableView *tableView;
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
