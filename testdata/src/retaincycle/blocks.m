// retaincycle: blocks kept by the object they capture (SEMANTICS §2).
// Every way a block captures self, and every weak idiom that avoids it.
#import <UIKit/UIKit.h>

typedef void (^Callback)(void);

@interface Uploader : NSObject {
    NSMutableArray *_pending;
    Callback _onFinish;
    Callback _onDone;
    __weak id _weakOwner;
}
@property (nonatomic, copy) Callback onProgress;
@property (nonatomic, copy) void (^onCancel)(void);
@property (nonatomic, strong) id retry;
@property (nonatomic, weak) Callback weakHandler;
@property (nonatomic, copy) NSString *name;
// One property per case below: stores of self-capturing blocks into one
// property are one finding (the same reference, the same cause).
@property (nonatomic, copy) Callback onSuper, onName, onIvar, onArrow, onWeakIvar, onNested, onInner, onFake, onAlias, onBlockSelf, onCond;
- (void)resume;
@end

@interface BaseUploader : NSObject
- (void)cleanup;
@end

@implementation Uploader

- (void)selfDirectly {
    self.onProgress = ^{ // want `retain cycle: Uploader → onProgress \(copy property\) → block → self \(captured\); the block captures self strongly and self keeps the block in its onProgress property` flow:"self → onProgress \\(copy property\\) → block" flow:"block → self \\(captured\\)" related:"onProgress declared copy here" related:"self captured here"
        [self resume];
    };
}

- (void)viaSetter {
    [self setOnCancel:^{ // want `retain cycle: Uploader → onCancel \(copy property\) → block → self`
        [self resume];
    }];
}

- (void)viaSuper {
    self.onSuper = ^{ // want `retain cycle: .*self \(captured via super\)`
        [super description];
    };
}

- (void)viaProperty {
    self.onName = ^{ // want `self \(captured\)`
        NSLog(@"%@", self.name);
    };
}

- (void)bareIvar {
    self.onIvar = ^{ // want `the block captures self through the ivar _pending \(an ivar use means self->_pending\)` flow:"block → self \\(captured via ivar _pending\\)" related:"ivar _pending used here, which captures self"
        [_pending removeAllObjects];
    };
}

- (void)arrowIvar {
    self.onArrow = ^{ // want `self \(captured via ivar _pending\)`
        [self->_pending removeAllObjects];
    };
}

- (void)ivarInsideWeakSelfBlock {
    __weak typeof(self) weakSelf = self;
    self.onWeakIvar = ^{ // want `the block captures self through the ivar _pending even though the block uses weakSelf` flow:"block → self \\(captured via ivar _pending\\)"
        [weakSelf resume];
        [_pending removeAllObjects];
    };
}

- (void)storedInIvar {
    _onFinish = ^{ // want `retain cycle: Uploader → _onFinish \(strong ivar\) → block → self` flow:"self → _onFinish \\(strong ivar\\) → block"
        [self resume];
    };
}

- (void)storedInSynthesizedIvar {
    _onCancel = ^{ // want `Uploader → _onCancel \(strong ivar\) → block` related:"onCancel declared copy here"
        [self resume];
    };
}

- (void)storedThroughArrow {
    self->_onDone = ^{ // want `_onDone \(strong ivar\)`
        [self resume];
    };
}

- (void)localBlockStoredLater {
    Callback block = ^{
        [self resume];
    };
    NSLog(@"prepared");
    self.retry = block; // want `retain cycle: Uploader → retry \(strong property\) → block → self`
}

- (void)nestedBlockUsesSelf {
    // The outer block captures self because the nested block needs it.
    self.onNested = ^{ // want `onNested \(copy property\) → block → self \(captured\)`
        dispatch_async(dispatch_get_main_queue(), ^{
            [self resume];
        });
    };
}

- (void)strongSelfInNestedStoredBlock {
    __weak typeof(self) weakSelf = self;
    self.onProgress = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        strongSelf.onInner = ^{ // want `self \(captured through strongSelf\); the block captures self through strongSelf, a strong reference made in an enclosing block`
            [strongSelf resume];
        };
    };
}

- (void)fakeWeakSelf {
    Uploader *weakSelf = self;
    self.onFake = ^{ // want `the block captures self through weakSelf, which is not declared __weak`
        [weakSelf resume];
    };
}

- (void)strongLocalAlias {
    Uploader *me = self;
    self.onAlias = ^{ // want `self \(captured through me\)`
        [me resume];
    };
}

- (void)blockSelfUnderARC {
    // __block does not weaken anything under ARC: the block retains it.
    __block Uploader *blockSelf = self;
    self.onBlockSelf = ^{ // want `self \(captured through blockSelf\)`
        [blockSelf resume];
    };
}

- (void)conditionalBlock:(BOOL)verbose {
    self.onCond = verbose ? ^{ [self resume]; } : nil; // want `onCond \(copy property\) → block → self`
}

// Fine: the weak/strong dance.
- (void)weakStrongDance {
    __weak typeof(self) weakSelf = self;
    self.onProgress = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf) {
            return;
        }
        [strongSelf resume];
        [strongSelf->_pending removeAllObjects];
    };
}

// Fine: every spelling of a weak self.
- (void)weakSpellings {
    __weak __typeof(self) ws = self;
    __weak __typeof__(self) wself = self;
    Uploader * __weak w2 = self;
    __unsafe_unretained Uploader *unretained = self;
    self.onProgress = ^{
        [ws resume];
        [wself resume];
        [w2 resume];
        [unretained resume];
    };
}

// Fine: @weakify/@strongify.
- (void)weakifyStrongify {
    @weakify(self);
    self.onCancel = ^{
        @strongify(self);
        [self resume];
        [self.retry description];
    };
}

// Fine: @unsafeify declares an __unsafe_unretained alias.
- (void)unsafeifyStrongify {
    @unsafeify(self);
    self.onCancel = ^{
        @strongify(self);
        [self resume];
    };
}

// Fine: the weak variable is also the one the nested block captures.
- (void)nestedWeak {
    __weak typeof(self) weakSelf = self;
    self.onCancel = ^{
        __strong typeof(weakSelf) strongSelf = weakSelf;
        strongSelf.onProgress = ^{
            [weakSelf resume];
        };
    };
}

// Fine: a weak property does not keep the block (it would be released at once).
- (void)weakProperty {
    self.weakHandler = ^{
        [self resume];
    };
}

// Fine: a weak ivar does not keep its object.
- (void)weakIvar {
    _weakOwner = ^{
        [self resume];
    };
}

// Fine: the block does not use self.
- (void)noSelf {
    NSString *tag = @"upload";
    self.onProgress = ^{
        NSLog(@"%@", tag);
    };
}

// Fine: a local block that is called, not stored.
- (void)localOnly {
    Callback block = ^{
        [self resume];
    };
    block();
}

- (void)resume {
}
@end

@implementation Uploader (ClassSide)
// Fine: self in a class method is the class object, which is never deallocated anyway.
+ (void)configure {
    static Callback shared;
    shared = ^{
        [self description];
    };
}
@end
