// retaincycle: the places that make a block owned (SEMANTICS §2): objects
// self owns, collections, associated objects, dispatch sources, observer
// tokens, setter-like methods and project methods that store their argument.
#import <UIKit/UIKit.h>
#import <objc/runtime.h>
#import <AVFoundation/AVFoundation.h>

static char kHandlerKey;

@class Player;

@interface Track : NSObject
@property (nonatomic, copy) void (^onEnd)(void);
@property (nonatomic, weak) Player *player;
@end

@interface Player : NSObject {
    NSMutableArray *_queue;
    dispatch_source_t _ticker;
}
@property (nonatomic, strong) Track *track;
@property (nonatomic, weak) Track *weakTrack;
@property (nonatomic, strong) NSMutableArray *handlers;
@property (nonatomic, strong) NSMutableDictionary *handlersByName;
@property (nonatomic, strong) NSHashTable *listeners;
@property (nonatomic, strong) NSMapTable *callbacks;
@property (nonatomic, strong) dispatch_source_t source;
@property (nonatomic, strong) dispatch_source_t heartbeat;
@property (nonatomic, strong) id token;
@property (nonatomic, strong) AVPlayer *avPlayer;
@property (nonatomic, strong) NSOperationQueue *queue;
@property (nonatomic, strong) id engine;
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) id store;
@property (nonatomic, strong) id changeToken;
@property (nonatomic, strong) id pausedToken;
- (void)play;
- (void)addHandler:(void (^)(void))handler;
- (void)runNow:(void (^)(void))work;
- (void)forward:(void (^)(void))handler;
- (void)runEach:(NS_NOESCAPE void (^)(Track *track))body;
@end

@implementation Player

- (instancetype)init {
    if ((self = [super init])) {
        _queue = [NSMutableArray array];
        _handlers = [NSMutableArray array];
        _listeners = [NSHashTable weakObjectsHashTable];
        _callbacks = [NSMapTable weakToStrongObjectsMapTable];
    }
    return self;
}

- (void)ownedObjectProperty {
    self.track.onEnd = ^{ // want `retain cycle: Player → track \(strong property\) → onEnd \(copy property\) → block → self \(captured\); the block captures self strongly and self keeps the block in its track.onEnd property` flow:"self → track \\(strong property\\)" flow:"self.track → onEnd \\(copy property\\) → block" flow:"block → self" related:"track declared strong here" related:"onEnd declared copy here" related:"the same reference keeps a block that captures it here too"
        [self play];
    };
}

- (void)ownedObjectThroughLocal {
    Track *t = self.track;
    t.onEnd = ^{ // one finding with the store above: the same reference keeps the block
        [self play];
    };
}

- (void)freshObjectStoredInSelf {
    Track *t = [[Track alloc] init];
    t.onEnd = ^{ // want `Player → track \(strong property\) → t → onEnd \(copy property\) → block → self` flow:"self → track \\(strong property\\) → t"
        [self play];
    };
    self.track = t;
}

- (void)collectionProperty {
    [self.handlers addObject:^{ // want `retain cycle: Player → handlers \(strong property\) → element \(collection element\) → block → self \(captured\); the block captures self strongly and self keeps the block through handlers \(strong property\) → element \(collection element\)`
        [self play];
    }];
}

- (void)collectionSubscript {
    self.handlersByName[@"end"] = ^{ // want `handlersByName \(strong property\) → element \(collection element\) → block → self` related:"the same reference keeps a block that captures it here too"
        [self play];
    };
}

- (void)collectionSetObject {
    [self.handlersByName setObject:^{ [self play]; } forKey:@"start"]; // one finding with the subscript store above
}

- (void)collectionIvar {
    [_queue addObject:^{ // want `Player → _queue \(strong ivar\) → element \(collection element\) → block → self`
        [self play];
    }];
}

- (void)strongValuesMapTable {
    [self.callbacks setObject:^{ [self play]; } forKey:self]; // want `callbacks \(strong property\) → element`
}

- (void)associated {
    objc_setAssociatedObject(self, &kHandlerKey, ^{ // want `retain cycle: Player → associated object \(OBJC_ASSOCIATION_COPY_NONATOMIC\) → block → self`
        [self play];
    }, OBJC_ASSOCIATION_COPY_NONATOMIC);
}

- (void)dispatchSourceProperty {
    self.source = dispatch_source_create(DISPATCH_SOURCE_TYPE_TIMER, 0, 0, dispatch_get_main_queue());
    dispatch_source_set_event_handler(self.source, ^{ // want `Player → source \(strong property\) → event handler \(dispatch source handler\) → block → self`
        [self play];
    });
    dispatch_resume(self.source);
}

- (void)dispatchSourceIvar {
    // Cancelled only in -dealloc, which the cycle keeps from running.
    dispatch_source_set_cancel_handler(_ticker, ^{ // want `Player → _ticker \(strong ivar\) → cancel handler \(dispatch source handler\) → block → self`
        [self play];
    });
}

// Fine: -stop cancels the source, and cancelling releases its handlers.
- (void)cancelledSource {
    dispatch_source_set_event_handler(self.heartbeat, ^{
        [self play];
    });
}

- (void)stop {
    dispatch_source_cancel(self.heartbeat);
}

- (void)dealloc {
    dispatch_source_cancel(_ticker);
}

// Not reported here: self → token → block → self is a cycle, but the
// observerleak rule reports kept and dropped observer tokens, and knows
// where they are removed.
- (void)observerTokenKept {
    self.token = [[NSNotificationCenter defaultCenter] addObserverForName:UIApplicationDidBecomeActiveNotification object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self play];
    }];
}

- (void)periodicObserver {
    [self.avPlayer addPeriodicTimeObserverForInterval:CMTimeMake(1, 1) queue:NULL usingBlock:^(CMTime time) { // want `avPlayer \(strong property\) → passed to -addPeriodicTimeObserverForInterval:queue:usingBlock: \(observer block\) → block → self`
        [self play];
    }];
}

// Not reported here either: observerleak reports FBKVOController blocks
// that capture their owner.
- (void)kvoController {
    [self.KVOController observe:self.track keyPath:@"onEnd" options:0 block:^(id observer, id object, NSDictionary *change) {
        [self play];
    }];
}

- (void)setterLikeOnOwnedObject {
    [self.engine setCompletionBlock:^{ // want `Player → engine \(strong property\) → passed to -setCompletionBlock: \(stored argument\) → block → self`
        [self play];
    }];
}

- (void)registrationKept {
    self.changeToken = [self.store addChangeBlock:^{ // want `Player → store \(strong property\) → passed to -addChangeBlock: \(stored argument\) → block → self`
        [self play];
    }];
}

// Fine: -pause invalidates the registration's token, which releases the block.
- (void)registrationInvalidated {
    self.pausedToken = [self.store addChangeBlock:^{
        [self play];
    }];
}

- (void)pause {
    [self.pausedToken invalidate];
}

- (void)projectMethodStoresArgument {
    [self addHandler:^{ // want `Player → passed to -\[Player addHandler:\] \(stored argument\) → block → self`
        [self play];
    }];
}

- (void)projectMethodForwardsArgument {
    // -forward: hands its parameter to -addHandler:, which stores it.
    [self forward:^{ // want `passed to -\[Player forward:\] \(stored argument\) → block → self`
        [self play];
    }];
}

- (void)addHandler:(void (^)(void))handler {
    [self.handlers addObject:[handler copy]];
}

- (void)forward:(void (^)(void))handler {
    [self addHandler:handler];
}

// Fine: -runNow: calls its argument and does not store it.
- (void)projectMethodRunsArgument {
    [self runNow:^{
        [self play];
    }];
}

- (void)runNow:(void (^)(void))work {
    work();
}

// Fine: NS_NOESCAPE parameters cannot be stored.
- (void)noEscape {
    [self runEach:^(Track *track) {
        [self play];
    }];
}

// Fine: a weak property holds nothing.
- (void)weakOwnedObject {
    self.weakTrack.onEnd = ^{
        [self play];
    };
}

// Fine: a weak hash table does not own its elements.
- (void)weakCollection {
    [self.listeners addObject:^{
        [self play];
    }];
}

// Fine: OBJC_ASSOCIATION_ASSIGN does not retain.
- (void)associatedAssign {
    objc_setAssociatedObject(self, &kHandlerKey, ^{
        [self play];
    }, OBJC_ASSOCIATION_ASSIGN);
}

// Fine: the observer token is dropped; the notification center keeps the
// block, not self (observerleak reports this one).
- (void)observerTokenDropped {
    [[NSNotificationCenter defaultCenter] addObserverForName:UIApplicationDidBecomeActiveNotification object:nil queue:nil usingBlock:^(NSNotification *note) {
        [self play];
    }];
}

// Fine: the source is a local that self does not keep.
- (void)localSource {
    dispatch_source_t local = dispatch_source_create(DISPATCH_SOURCE_TYPE_TIMER, 0, 0, dispatch_get_main_queue());
    dispatch_source_set_event_handler(local, ^{
        [self play];
    });
    dispatch_resume(local);
}

// Fine: the operation queue drops the block after running it.
- (void)operationQueue {
    [self.queue addOperationWithBlock:^{
        [self play];
    }];
}

// Not reported here: self → timer → self (target) and self → timer →
// block → self are cycles, but timerleak reports timers, and knows where
// they are invalidated.
- (void)timers {
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(play) userInfo:nil repeats:YES];
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 repeats:YES block:^(NSTimer *timer) {
        [self play];
    }];
}

// Fine: a one-shot completion passed to a method of an unknown class.
- (void)oneShot {
    [self.engine loadWithCompletion:^(BOOL ok) {
        [self play];
    }];
}

// Fine: a block stored on an object self does not own.
- (void)notOwned:(Track *)other {
    other.onEnd = ^{
        [self play];
    };
}

- (void)play {
}

- (void)runEach:(NS_NOESCAPE void (^)(Track *track))body {
    body(self.track);
}
@end

@implementation Track
@end
