// Negative cases for concurrentsetter: no write here can over-release;
// each comment says why.
#import <Foundation/Foundation.h>
#import <os/lock.h>
#import <pthread.h>

@interface SyncLedger : NSObject {
    NSString *_note;
    NSString *_zeroNote;
    NSString *_opNote;
    NSString *_syncNote;
    NSString *_barrierNote;
    NSString *_lockedNote;
    __weak id _observer;
    os_unfair_lock _unfairLock;
    pthread_mutex_t _mutex;
}
@property (copy) NSString *atomicName;                 // atomic: the setter locks
@property (nonatomic, weak) id delegate;               // weak: objc_storeWeak locks
@property (nonatomic, assign) id unretained;           // assign: no release of the old value
@property (nonatomic, assign) NSInteger count;         // a scalar: nothing to release
@property (nonatomic, copy) NSString *name;
@property (nonatomic, copy) NSString *mainName;
@property (nonatomic, copy) NSString *mainOpName;
@property (nonatomic, copy) NSString *barrierName;
@property (nonatomic, copy) NSString *lockedName;
@property (nonatomic, strong) dispatch_queue_t serialQueue;
@property (nonatomic, strong) dispatch_queue_t nullQueue;
@property (nonatomic, strong) dispatch_queue_t zeroQueue;
@property (nonatomic, strong) dispatch_queue_t customConcurrent;
@property (nonatomic, strong) NSOperationQueue *oneAtATime;
@property (nonatomic, strong) NSLock *lock;
@property (nonatomic, strong) dispatch_semaphore_t semaphore;
@property (nonatomic, copy) NSString *custom;
@property (nonatomic, copy) NSString *dynamicName;
@end

@implementation SyncLedger
@dynamic dynamicName;

- (instancetype)init {
    if ((self = [super init])) {
        _serialQueue = dispatch_queue_create("com.example.ledger.serial", DISPATCH_QUEUE_SERIAL);
        self.nullQueue = dispatch_queue_create("com.example.ledger.null", NULL);
        self.zeroQueue = dispatch_queue_create("com.example.ledger.zero", 0);
        self.customConcurrent = dispatch_queue_create("com.example.ledger.rw", DISPATCH_QUEUE_CONCURRENT);
        self.oneAtATime = [[NSOperationQueue alloc] init];
        self.lock = [[NSLock alloc] init];
        self.semaphore = dispatch_semaphore_create(1);
        _unfairLock = OS_UNFAIR_LOCK_INIT;
        pthread_mutex_init(&_mutex, NULL);
    }
    return self;
}

// Fine: maxConcurrentOperationCount = 1 makes the operation queue serial
// (set in another method than the one that creates it).
- (void)configure {
    self.oneAtATime.maxConcurrentOperationCount = 1;
}

// A hand-written setter may synchronize; objcleak does not look inside.
- (void)setCustom:(NSString *)custom {
    @synchronized (self) {
        _custom = [custom copy];
    }
}

- (void)storageKinds {
    for (int i = 0; i < 100; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            // Fine: atomic (no nonatomic written), weak, assign, scalar.
            self.atomicName = [NSString stringWithFormat:@"条目%d", i];
            self.delegate = [[NSObject alloc] init];
            self.unretained = [[NSObject alloc] init];
            self.count = i;
            // Fine: a __weak ivar is stored with objc_storeWeak, which locks.
            _observer = [[NSObject alloc] init];
            // Fine: the class writes its own setter.
            self.custom = [NSString stringWithFormat:@"条目%d", i];
            // Fine: @dynamic has no synthesized setter (Core Data and friends).
            self.dynamicName = [NSString stringWithFormat:@"条目%d", i];
            // Fine: a local variable and another object's property.
            NSString *local = [NSString stringWithFormat:@"条目%d", i];
            local = [local stringByAppendingString:@"!"];
            SyncLedger *other = [[SyncLedger alloc] init];
            other.name = local;
        });
    }
}

// Fine: serial queues (DISPATCH_QUEUE_SERIAL, NULL, 0 attribute) and the
// main queue run one block at a time.
- (void)serialQueues {
    for (int i = 0; i < 100; i++) {
        dispatch_async(self.serialQueue, ^{
            self.name = [NSString stringWithFormat:@"条目%d", i];
        });
        dispatch_async(self.nullQueue, ^{
            _note = [NSString stringWithFormat:@"条目%d", i];
        });
        dispatch_async(self.zeroQueue, ^{
            self->_zeroNote = [NSString stringWithFormat:@"备注%d", i];
        });
        dispatch_async(dispatch_get_main_queue(), ^{
            [self setMainName:[NSString stringWithFormat:@"主线程%d", i]];
        });
        [[NSOperationQueue mainQueue] addOperationWithBlock:^{
            self.mainOpName = [NSString stringWithFormat:@"主线程%d", i];
        }];
        [self.oneAtATime addOperationWithBlock:^{
            _opNote = [NSString stringWithFormat:@"串行%d", i];
        }];
    }
}

// Fine: a barrier on a custom concurrent queue runs alone, and so does
// dispatch_sync in a loop (each call waits for the previous one).
- (void)barriers {
    for (int i = 0; i < 100; i++) {
        dispatch_barrier_async(self.customConcurrent, ^{
            self.barrierName = [NSString stringWithFormat:@"屏障%d", i];
        });
        dispatch_sync(dispatch_get_global_queue(0, 0), ^{
            _syncNote = [NSString stringWithFormat:@"同步%d", i];
        });
        dispatch_barrier_sync(self.customConcurrent, ^{
            _barrierNote = [NSString stringWithFormat:@"屏障%d", i];
        });
    }
}

// Fine: every write holds a lock.
- (void)locked {
    for (int i = 0; i < 100; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            @synchronized (self) {
                self.lockedName = [NSString stringWithFormat:@"锁%d", i];
            }
            [self.lock lock];
            _lockedNote = [NSString stringWithFormat:@"锁%d", i];
            [self.lock unlock];
            os_unfair_lock_lock(&_unfairLock);
            self.lockedName = [NSString stringWithFormat:@"锁%d", i];
            os_unfair_lock_unlock(&_unfairLock);
            pthread_mutex_lock(&self->_mutex);
            [self setLockedName:[NSString stringWithFormat:@"锁%d", i]];
            pthread_mutex_unlock(&self->_mutex);
            dispatch_semaphore_wait(self.semaphore, DISPATCH_TIME_FOREVER);
            self->_lockedNote = [NSString stringWithFormat:@"锁%d", i];
            dispatch_semaphore_signal(self.semaphore);
            [self.lock lock];
            [@[@1, @2] enumerateObjectsUsingBlock:^(id obj, NSUInteger idx, BOOL *stop) {
                // Called in place while the lock is held.
                self.lockedName = [obj description];
            }];
            [self.lock unlock];
            @synchronized (self) {
                dispatch_sync(self.serialQueue, ^{
                    _lockedNote = [NSString stringWithFormat:@"锁%d", i];
                });
            }
        });
    }
}
@end

@interface OneShot : NSObject
@property (nonatomic, copy) NSString *title;
@property (nonatomic, copy) NSString *subtitle;
@property (nonatomic, strong) NSArray *results;
@property (nonatomic, strong) NSArray *fetched;
@property (nonatomic, strong) NSArray *items;
@property (nonatomic, strong) NSArray *applied;
@property (nonatomic, strong) NSArray *lines;
@property (nonatomic, copy) NSString *firstLine;
@property (nonatomic, copy) NSString *state;
@property (nonatomic, strong) dispatch_queue_t rw;
@property (nonatomic, strong) dispatch_queue_t workQueue;
@end

@implementation OneShot
- (instancetype)init {
    if ((self = [super init])) {
        _rw = dispatch_queue_create("com.example.oneshot.rw", DISPATCH_QUEUE_CONCURRENT);
        _workQueue = dispatch_queue_create("com.example.oneshot.work", DISPATCH_QUEUE_SERIAL);
    }
    return self;
}

// Fine: dispatched once per call, and no other block writes title.
- (void)loadTitle {
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        self.title = [NSString stringWithFormat:@"标题 %@", [NSDate date]];
    });
}

// Fine: dispatch_once runs once per process.
- (void)loadOnce {
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        self.subtitle = [NSString stringWithFormat:@"副标题 %@", [NSDate date]];
    });
}

// Fine: a completion handler's thread is not known, so it is not reported
// (it only counts as the other write of a block on a concurrent queue).
- (void)fetch:(NSArray<NSURL *> *)urls {
    for (NSURL *url in urls) {
        [[NSURLSession.sharedSession dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
            self.fetched = @[data];
        }] resume];
    }
}

// Fine: a queue passed in is of unknown kind.
- (void)runOn:(dispatch_queue_t)queue {
    for (int i = 0; i < 4; i++) {
        dispatch_async(queue, ^{
            self.items = @[@(i)];
        });
    }
}

// Fine: dispatch_apply on a serial queue runs its iterations one by one.
- (void)applySerially {
    dispatch_apply(4, self.workQueue, ^(size_t i) {
        self.applied = @[@(i)];
    });
}

// Fine: a barrier write and a plain read-side block on the same custom
// concurrent queue never overlap; the two blocks on the one serial queue
// never overlap either.
- (void)writeBarrier {
    dispatch_barrier_async(self.rw, ^{
        self.results = [[NSArray alloc] init];
    });
    dispatch_async(self.workQueue, ^{
        self.state = [NSString stringWithFormat:@"状态 %@", self];
    });
}

- (void)readSide {
    dispatch_async(self.rw, ^{
        self.results = [[NSArray alloc] initWithObjects:@1, nil];
    });
    dispatch_async(self.workQueue, ^{
        self.state = [NSString stringWithFormat:@"状态 %@", self];
    });
}

// Fine: many background blocks, but the write happens on the main queue
// (and once per block on the serial queue, which runs them one by one).
- (void)fanIn:(NSArray *)urls {
    for (NSURL *url in urls) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            NSArray *lines = [[NSString stringWithContentsOfURL:url encoding:NSUTF8StringEncoding error:NULL] componentsSeparatedByString:@"\n"];
            dispatch_async(dispatch_get_main_queue(), ^{
                self.lines = lines;
            });
            dispatch_sync(self.workQueue, ^{
                self.firstLine = [lines firstObject];
            });
        });
    }
}
@end

// Writes outside blocks run on the caller's thread, which objcleak does not
// know. They count against blocks on a concurrent queue only.
@interface Indexer : NSObject
@property (nonatomic, strong) NSArray *entries;
@property (nonatomic, strong) NSArray *rows;
@property (nonatomic, strong) NSArray *cells;
@property (nonatomic, strong) dispatch_queue_t serial;
@property (nonatomic, strong) dispatch_queue_t rw;
@end

@implementation Indexer
- (instancetype)init {
    if ((self = [super init])) {
        // Fine: nobody else can see the object during its initializer.
        self.entries = @[];
        _serial = dispatch_queue_create("com.example.indexer", DISPATCH_QUEUE_SERIAL);
        _rw = dispatch_queue_create("com.example.indexer.rw", DISPATCH_QUEUE_CONCURRENT);
    }
    return self;
}

// Fine: the only other write to entries is in -init, and the write before
// the dispatch happens before the block is submitted.
- (void)rebuild {
    self.entries = nil;
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        self.entries = [[NSArray alloc] initWithObjects:@"a", nil];
    });
}

// Fine: a serial queue and a write on the caller's thread may well be the
// same queue (a method called from the queue); objcleak does not guess.
- (void)refreshRows {
    dispatch_async(self.serial, ^{
        self.rows = [[NSArray alloc] init];
    });
}

- (void)clearRows {
    self.rows = nil;
}

// Fine: a barrier on a custom concurrent queue excludes everything else
// on that queue, and a write on the caller's thread may be on it.
- (void)replaceCells {
    dispatch_barrier_async(self.rw, ^{
        self.cells = [[NSArray alloc] init];
    });
}

- (void)clearCells {
    self.cells = nil;
}

- (void)dealloc {
    // Fine: no other thread can hold the object any more.
    _entries = nil;
}
@end

// Fine: the setter is written by the superclass (and may lock), and
// -setTitle: is not the setter of a property whose setter is renamed.
@interface BaseModel : NSObject
@property (nonatomic, copy) NSString *name;
@property (nonatomic, copy, setter=updateTitle:) NSString *title;
- (void)setTitle:(NSString *)title;
@end

@implementation BaseModel
- (void)setName:(NSString *)name {
    @synchronized (self) {
        _name = [name copy];
    }
}
- (void)setTitle:(NSString *)title {
}
@end

@interface DerivedModel : BaseModel
@end

@implementation DerivedModel
- (void)rename:(NSArray *)names {
    for (NSString *n in names) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.name = [n stringByAppendingString:@"?"];
            [self setTitle:[n stringByAppendingString:@"!"]];
        });
    }
}
@end

// A main-queue block that submits another block to the main queue: the
// inner block starts only once the outer one has returned, so the write
// after the submission and the write in the inner block never overlap.
@interface Throttle : NSObject
@property (nonatomic, strong) NSDate *lastDate;
@end

@implementation Throttle
- (void)consume:(NSArray *)result {
    dispatch_async(dispatch_get_main_queue(), ^{
        if (self.lastDate && -[self.lastDate timeIntervalSinceNow] < 1) {
            dispatch_after(dispatch_time(DISPATCH_TIME_NOW, NSEC_PER_SEC), dispatch_get_main_queue(), ^{
                self.lastDate = [NSDate date]; // fine: on the main queue, after the outer block
            });
        } else {
            self.lastDate = [NSDate date]; // fine: on the main queue, before the inner block starts
        }
    });
}
@end

// A private method called only from inside one background block (directly
// or from a block a project method runs before it returns) runs on that
// block's thread, one call after another: its write and the block's own
// never overlap.
@interface FileGroup : NSObject
- (void)deleteItems:(void (^)(NSString *path))each;
@end

@implementation FileGroup
- (void)deleteItems:(void (^)(NSString *path))each {
    each(@"a");
    each(@"b");
}
@end

@interface Uninstaller : NSObject {
    NSDate *_lastPost;
}
@property (nonatomic, strong) NSArray<FileGroup *> *groups;
@end

@implementation Uninstaller
- (void)uninstall {
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        self->_lastPost = [NSDate date]; // fine: the other writes run in this block's calls
        for (FileGroup *group in self.groups) {
            [self postProgress];
            [group deleteItems:^(NSString *path) {
                [self postProgress];
            }];
        }
    });
}

- (void)postProgress {
    _lastPost = [NSDate date]; // fine: only called from the block above
}
@end
