// Fixture for the ownergraph pass tests: each statement makes (or does not
// make) one edge that the test looks for.
#import <Foundation/Foundation.h>

@class Child;

@interface Parent : NSObject {
    __weak id _weakIvar;
    id _strongIvar;
}
@property (nonatomic, strong) Child *child;
@property (nonatomic, weak) Child *weakChild;
@property (nonatomic, copy) void (^handler)(void);
@property (nonatomic, strong) NSTimer *timer;
@property (nonatomic, strong) dispatch_source_t source;
@property (nonatomic, strong) NSMutableArray *items;
@property (nonatomic, strong) NSHashTable *observers;
- (void)tick;
- (void)keep:(id)thing;
- (void)run:(void (^)(void))work;
@end

@interface Child : NSObject
@property (nonatomic, strong) Parent *owner;
@property (nonatomic, strong) Child *sibling;
@property (nonatomic, strong, readonly) Parent *computed;
@end

@implementation Parent
- (instancetype)init {
    if ((self = [super init])) {
        _observers = [NSHashTable weakObjectsHashTable];
    }
    return self;
}

- (void)statements {
    self.handler = ^{ [self tick]; };
    self.weakChild.owner = self;
    self.timer = [NSTimer scheduledTimerWithTimeInterval:1 target:self selector:@selector(tick) userInfo:nil repeats:YES];
    dispatch_source_set_event_handler(self.source, ^{ [self tick]; });
    [self.items addObject:self.child];
    [self.observers addObject:self.child];
    [self keep:self.child];
    [self run:^{ [self tick]; }];
    _weakIvar = self.child;
    _strongIvar = self.child;
}

- (void)keep:(id)thing {
    [self.items addObject:thing];
}

- (void)run:(void (^)(void))work {
    work();
}

- (void)stop {
    dispatch_source_cancel(self.source);
}

- (void)tick {
}

- (void)observe {
    _strongIvar = [[NSNotificationCenter defaultCenter] addObserverForName:@"n" object:nil queue:nil usingBlock:^(NSNotification *n) { [self tick]; }];
}
@end

@implementation Child
- (Parent *)computed {
    return self.owner;
}
@end
