// Positive and negative cases for capturedstrongself (SEMANTICS §2).
#import <UIKit/UIKit.h>

@interface FeedController : UIViewController
@property (nonatomic, copy) void (^onReload)(void);
@property (nonatomic, copy) void (^onLoad)(void);
@property (nonatomic, strong) UIButton *button;
@property (nonatomic, strong) id box;
- (void)reload;
+ (void)setTitle:(NSString *)title succ:(void (^)(void))succ fail:(void (^)(int code))fail;
@end

@implementation FeedController
- (void)fakeWeak {
    typeof(self) weakSelf = self;
    self.onReload = ^{
        [weakSelf reload]; // want `weakSelf is not weak: it is declared without __weak` related:"declared here without __weak"
    };
    __typeof__(self) wself = self;
    self.onLoad = ^{
        [wself reload]; // want `wself is not weak`
    };
}

// Fine: the same mistake in a block that runs once and is let go (a
// one-shot completion of an SDK call, succ:/fail:) keeps self only until
// the call is done.
- (void)fakeWeakOneShot {
    __block typeof(self) wself = self;
    [self.button.layer setValue:nil forKey:@"x"];
    [FeedController setTitle:@"t" succ:^{
        [wself reload];
    } fail:^(int code) {
        [wself reload];
    }];
}

- (void)nestedStrongSelf {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [strongSelf reload];
        strongSelf.onReload = ^{
            [strongSelf reload]; // want `strongSelf is captured strongly by a nested block` related:"strong alias of self declared here"
        };
    };
}

- (void)nestedAfterStrongify {
    @weakify(self);
    self.onLoad = ^{
        @strongify(self);
        self.onReload = ^{
            [self reload]; // want `self \(made strong by @strongify\(self\) in the enclosing block\) is captured strongly by a nested block`
        };
    };
}

// Fine: the real dance; the nested block captures the weak variable again.
- (void)correct {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [strongSelf reload];
        strongSelf.onReload = ^{
            [weakSelf reload];
        };
    };
}

// Fine: @weakify/@strongify in every block.
- (void)correctMacros {
    @weakify(self);
    self.onLoad = ^{
        @strongify(self);
        [self reload];
    };
}

// Fine: a variable named weakSelf that is weak, spelled the other way.
- (void)weakAfterType {
    FeedController * __weak weakSelf = self;
    self.onReload = ^{
        [weakSelf reload];
    };
}

// Fine: a strong alias not named like a weak one is just a strong
// capture (retaincycle reports it when the block is stored).
- (void)plainAlias {
    FeedController *controller = self;
    [UIView animateWithDuration:0.3 animations:^{
        controller.view.alpha = 0;
    }];
}

// Fine: self in a class method is the class.
+ (void)classMethod {
    typeof(self) weakSelf = self;
    dispatch_async(dispatch_get_main_queue(), ^{
        [weakSelf description];
    });
}
@end

@implementation FeedController (Temporary)
// Fine: the nested block goes to dispatch_async, which keeps it (and so
// strongSelf) only until it has run.
- (void)nestedTemporary {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        dispatch_async(dispatch_get_main_queue(), ^{
            [strongSelf reload];
        });
    };
}
@end

// Nested blocks handed to project methods: the method's body decides.
@interface ResultBox : NSObject
@property (nonatomic, copy) void (^saved)(id value);
- (void)handleObject:(void (^)(id value))onObject;
- (void)keep:(void (^)(id value))onObject;
- (void)addCompletionHandler:(void (^)(id value))handler;
@end

@interface PendingTask : NSObject
@property (nonatomic, copy) void (^handler)(id value);
@end

@implementation PendingTask
@end

@implementation ResultBox
// Calls the block before returning.
- (void)handleObject:(void (^)(id value))onObject {
    onObject(self);
}
// Keeps it for as long as the box lives.
- (void)keep:(void (^)(id value))onObject {
    self.saved = onObject;
}
// Hands it to a task object the summary does not follow: the body, not
// the add…Handler: name, decides, and it does not show the block kept.
- (void)addCompletionHandler:(void (^)(id value))handler {
    PendingTask *task = [[PendingTask alloc] init];
    task.handler = handler;
}
@end

@implementation FeedController (Summaries)
- (void)nestedKept:(ResultBox *)box {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [strongSelf.box keep:^(id value) {
            [strongSelf reload]; // want `strongSelf is captured strongly by a nested block`
        }];
        [box keep:^(id value) {
            [strongSelf reload]; // fine: kept by a box the caller hands in, which self is not known to keep
        }];
    };
}

// Fine: -handleObject: runs the nested block before returning.
- (void)nestedRunNow:(ResultBox *)box {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [box handleObject:^(id value) {
            [strongSelf reload];
        }];
    };
}

// Fine: -addCompletionHandler: sounds like it keeps the block, but its
// body shows nothing of the kind.
- (void)nestedAddHandler:(ResultBox *)box {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [box addCompletionHandler:^(id value) {
            [strongSelf reload];
        }];
    };
}

// Fine: an API nothing is known about: no evidence that the nested block
// outlives its run.
- (void)nestedUnknown:(id)client {
    __weak typeof(self) weakSelf = self;
    self.onLoad = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) return;
        [client loadItems:^(id value) {
            [strongSelf reload];
        }];
    };
}
@end
