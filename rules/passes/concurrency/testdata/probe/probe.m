// Fixture for the concurrency pass: each want states how a block runs
// (run:) or where an assignment to `probe` executes and which lock it holds.
#import <Foundation/Foundation.h>

static dispatch_queue_t gQueue;

@interface Worker : NSObject {
    dispatch_queue_t _ivarQueue;
    NSLock *_lock;
}
@property (nonatomic, strong) dispatch_queue_t lazyQueue;
@property (nonatomic, strong) NSOperationQueue *ops;
@property (nonatomic, strong) NSOperationQueue *opsFromLocal;
@property (nonatomic, strong) dispatch_queue_t mixed;
@property (nonatomic, strong) dispatch_queue_t alias;
@end

@implementation Worker
- (instancetype)init {
    if ((self = [super init])) {
        _ivarQueue = dispatch_queue_create("w.ivar", DISPATCH_QUEUE_SERIAL);
        gQueue = dispatch_queue_create("w.global", DISPATCH_QUEUE_CONCURRENT);
        [self setOps:[NSOperationQueue new]];
        NSOperationQueue *q = [[NSOperationQueue alloc] init];
        q.maxConcurrentOperationCount = 1;
        self.opsFromLocal = q;
        self.mixed = dispatch_queue_create("w.m1", NULL);
        self.alias = self.mixed;
    }
    return self;
}

- (void)reset {
    self.mixed = dispatch_queue_create("w.m2", DISPATCH_QUEUE_CONCURRENT);
    self.mixed = nil;
}

- (dispatch_queue_t)lazyQueue {
    if (!_lazyQueue) {
        _lazyQueue = dispatch_queue_create("w.lazy", DISPATCH_QUEUE_CONCURRENT);
    }
    return _lazyQueue;
}

- (void)sources:(int)n {
    int probe;
    dispatch_async(_ivarQueue, ^{ // want `run: dispatch_async on the serial queue _ivarQueue \(DISPATCH_QUEUE_SERIAL, created in -init\); once; key true`
        probe = 1; // want `probe: dispatch_async on the serial queue _ivarQueue.*; lock none`
    });
    for (int i = 0; i < n; i++) {
        dispatch_async(gQueue, ^{ // want `run: dispatch_async on the concurrent queue gQueue \(DISPATCH_QUEUE_CONCURRENT, created in -init\); many inside a loop`
        });
        dispatch_async(self.lazyQueue, ^{ // want `run: dispatch_async on the concurrent queue self.lazyQueue \(DISPATCH_QUEUE_CONCURRENT, created in -lazyQueue\); many inside a loop`
        });
        [self.ops addOperationWithBlock:^{ // want `run: addOperationWithBlock: on the concurrent operation queue self.ops \(maxConcurrentOperationCount is not 1, set in -init\)|created in -init\); many inside a loop`
        }];
        [self.opsFromLocal addOperationWithBlock:^{ // want `run: addOperationWithBlock: on the serial operation queue self.opsFromLocal \(maxConcurrentOperationCount = 1, created in -init\); once`
        }];
        dispatch_async(self.mixed, ^{ // want `run: dispatch_async on the concurrent queue self.mixed \(DISPATCH_QUEUE_CONCURRENT, created in -reset\); many inside a loop`
        });
        dispatch_async(self.alias, ^{ // want `run: dispatch_async on the concurrent queue self.alias \(DISPATCH_QUEUE_CONCURRENT, created in -reset\); many inside a loop`
        });
        dispatch_sync(dispatch_get_global_queue(0, 0), ^{ // want `run: dispatch_sync on the global concurrent queue; once`
            probe = 2; // want `probe: dispatch_sync on the global concurrent queue; lock none`
        });
    }
}

- (void)locks {
    int probe;
    dispatch_async(dispatch_get_global_queue(0, 0), ^{ // want `run: dispatch_async on the global concurrent queue; once`
        probe = 0; // want `probe: dispatch_async on the global concurrent queue; lock none`
        [_lock lock];
        probe = 1; // want `lock self._lock`
        [self->_lock unlock];
        probe = 2; // want `lock none`
        @synchronized (self) {
            probe = 3; // want `lock @synchronized`
        }
        [_lock lock];
        [@[] enumerateObjectsUsingBlock:^(id o, NSUInteger i, BOOL *stop) {
            probe = 4; // want `probe: dispatch_async on the global concurrent queue; lock self._lock`
        }];
        dispatch_async(dispatch_get_main_queue(), ^{ // want `run: dispatch_async on the main queue; once`
            probe = 5; // want `probe: dispatch_async on the main queue; lock none`
        });
        [_lock unlock];
        [_lock lock];
        probe = 6; // want `lock none`
    });
    probe = 7; // want `probe: unknown thread; lock none`
    [@[] enumerateObjectsWithOptions:NSEnumerationConcurrent usingBlock:^(id o, NSUInteger i, BOOL *stop) { // want `run: an enumeration with NSEnumerationConcurrent; many \(its iterations run concurrently\)`
        probe = 8; // want `probe: an enumeration with NSEnumerationConcurrent; lock none`
    }];
    [_lock lock];
    dispatch_apply(2, dispatch_get_global_queue(0, 0), ^(size_t i) { // want `run: dispatch_apply on the global concurrent queue; many`
        probe = 10; // want `probe: dispatch_apply on the global concurrent queue; lock none`
    });
    dispatch_sync(dispatch_get_global_queue(0, 0), ^{ // want `run: dispatch_sync on the global concurrent queue; once`
        probe = 11; // want `probe: dispatch_sync on the global concurrent queue; lock self._lock`
    });
    [_lock unlock];
    [[NSURLSession sharedSession] dataTaskWithURL:nil completionHandler:^(NSData *d, NSURLResponse *r, NSError *e) {
        probe = 9; // want `probe: unknown thread; lock none`
    }];
}
@end
