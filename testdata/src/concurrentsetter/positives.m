// Positive cases for concurrentsetter: each write marked with a want
// comment stores a heap (or unknown) value into a nonatomic object property
// or a strong ivar from blocks that run at the same time (SEMANTICS §6).
#import <Foundation/Foundation.h>

@interface Item : NSObject
@end
@implementation Item
@end

@interface TrackUploader : NSObject {
    dispatch_queue_t _workQueue;
    NSString *_lastPath;
}
@property (nonatomic, copy) NSString *status;
@property (nonatomic, strong) Item *current;
@property (nonatomic, strong) NSNumber *ratio;
@property (nonatomic, strong) dispatch_queue_t attrQueue;
@property (nonatomic, copy) NSString *label;
@end

@implementation TrackUploader

- (instancetype)init {
    if ((self = [super init])) {
        _workQueue = dispatch_queue_create("com.example.uploader.work", DISPATCH_QUEUE_CONCURRENT);
        dispatch_queue_attr_t attr = dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_CONCURRENT, QOS_CLASS_UTILITY, 0);
        self.attrQueue = dispatch_queue_create("com.example.uploader.attr", attr);
    }
    return self;
}

- (NSString *)describeChunk:(int)i {
    return [NSString stringWithFormat:@"%d", i];
}

// The global queue, a loop, and a non-ASCII format: a heap string.
- (void)uploadChunks {
    for (int i = 0; i < 64; i++) {
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_UTILITY, 0), ^{
            self.status = [NSString stringWithFormat:@"上传第%d块", i]; // want `nonatomic property status of TrackUploader is written from blocks that run at the same time: dispatch_async on the global concurrent queue inside a loop; the value is a heap object \(contains non-ASCII character '上'\): two threads can release the same old value, an over-release crash.*declare status atomic` related:"status declared nonatomic here"
        });
    }
}

// A value whose kind objcleak cannot decide counts as a heap object.
- (void)describeChunks {
    for (int i = 0; i < 64; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.status = [self describeChunk:i]; // want `the value is of unknown kind \(objcleak does not classify the result of describeChunk:\), so it may be a heap object`
        });
    }
}

// The concurrent queue is created in -init and kept in an ivar.
- (void)replayWork {
    for (NSUInteger i = 0; i < 8; i++) {
        dispatch_async(_workQueue, ^{
            self.current = [[Item alloc] init]; // want `dispatch_async on the concurrent queue _workQueue \(DISPATCH_QUEUE_CONCURRENT, created in -init\) inside a loop; the value is a heap object \(a new Item is a heap object\)` related:"queue _workQueue created here" related:"current declared nonatomic here"
        });
    }
}

// dispatch_queue_attr_make_with_qos_class(DISPATCH_QUEUE_CONCURRENT, ...)
// through a local attribute, the queue kept in a property.
- (void)replayAttr {
    while (self.label == nil) {
        dispatch_async(self.attrQueue, ^{
            self.label = [NSString stringWithFormat:@"attribute queue label number %d", 7]; // want `the concurrent queue self.attrQueue \(dispatch_queue_attr_make_with_qos_class\(DISPATCH_QUEUE_CONCURRENT, …\), created in -init\) inside a loop; the value is a heap object \(longer than 11 characters`
        });
    }
}

// dispatch_apply runs its iterations concurrently.
- (void)measure {
    dispatch_apply(16, dispatch_get_global_queue(0, 0), ^(size_t i) {
        self.ratio = @(i / 16.0); // want `dispatch_apply on the global concurrent queue \(its iterations run concurrently\)`
    });
    dispatch_apply(16, DISPATCH_APPLY_AUTO, ^(size_t i) {
        self.ratio = [NSNumber numberWithDouble:i * 0.5]; // want `DISPATCH_APPLY_AUTO.*floating-point NSNumber`
    });
}

// A direct store to a strong ivar has the same race (objc_storeStrong).
- (void)rememberPaths:(NSArray<NSString *> *)paths {
    for (NSString *path in paths) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            _lastPath = [path copy]; // want `instance variable _lastPath of TrackUploader is written.*store it through the setter of an atomic property` related:"_lastPath declared here"
            self->_lastPath = [path stringByAppendingString:@".bak"]; // want `instance variable _lastPath of TrackUploader`
        });
    }
}

// The setter sent as a message, and through weakSelf/strongSelf.
- (void)relabel {
    __weak typeof(self) weakSelf = self;
    for (int i = 0; i < 3; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            [self setLabel:[NSString stringWithFormat:@"第%d次", i]]; // want `nonatomic property label of TrackUploader`
            weakSelf.label = [[NSString alloc] initWithFormat:@"%@ and a long suffix", @"x"]; // want `nonatomic property label of TrackUploader.*longer than 11 characters`
            __strong typeof(weakSelf) strongSelf = weakSelf;
            strongSelf->_lastPath = [[NSString alloc] initWithFormat:@"/var/tmp/%d", i]; // want `instance variable _lastPath`
        });
    }
}
@end

// NSOperationQueue created with alloc/init: concurrent, because nobody sets
// maxConcurrentOperationCount to 1.
@interface FeedIndexer : NSObject
@property (nonatomic, strong) NSOperationQueue *indexQueue;
@property (nonatomic, strong) NSMutableArray *pending;
@property (nonatomic, copy) NSString *phase;
@end

@implementation FeedIndexer
- (instancetype)init {
    if ((self = [super init])) {
        _indexQueue = [[NSOperationQueue alloc] init];
        _indexQueue.maxConcurrentOperationCount = 4;
    }
    return self;
}

- (void)indexAll:(NSArray *)feeds {
    for (id feed in feeds) {
        [self.indexQueue addOperationWithBlock:^{
            self.pending = [[NSMutableArray alloc] initWithObjects:feed, nil]; // want `addOperationWithBlock: on the concurrent operation queue self.indexQueue \(maxConcurrentOperationCount is not 1, created in -init\) inside a loop`
        }];
        NSBlockOperation *op = [NSBlockOperation blockOperationWithBlock:^{
            self.pending = [NSMutableArray new]; // want `blockOperationWithBlock: on the concurrent operation queue self.indexQueue.*inside a loop`
        }];
        [self.indexQueue addOperation:op];
    }
}

// The execution blocks of one NSBlockOperation run concurrently with each other.
- (void)twoPhases {
    NSBlockOperation *op = [NSBlockOperation blockOperationWithBlock:^{
        self.phase = [NSString stringWithFormat:@"phase one of %@", self]; // want `blockOperationWithBlock: adds it to an NSBlockOperation that runs all its blocks concurrently, and its addExecutionBlock: block writes it too`
    }];
    [op addExecutionBlock:^{
        self.phase = [NSString stringWithFormat:@"phase two of %@", self]; // want `addExecutionBlock: adds it to an NSBlockOperation.*its blockOperationWithBlock: block writes it too` related:"the other write"
    }];
    [op start];
}

// NSEnumerationConcurrent runs the enumeration block on several threads.
- (void)scan:(NSArray *)feeds {
    [feeds enumerateObjectsWithOptions:NSEnumerationConcurrent usingBlock:^(id feed, NSUInteger idx, BOOL *stop) {
        self.pending = [NSMutableArray arrayWithObject:feed]; // want `an enumeration with NSEnumerationConcurrent \(its iterations run concurrently\)`
    }];
}
@end

// Two different serial queues run at the same time, and so do a serial
// queue and the main queue.
@interface PhotoImporter : NSObject
@property (nonatomic, strong) dispatch_queue_t ioQueue;
@property (nonatomic, strong) dispatch_queue_t parseQueue;
@property (nonatomic, strong) NSData *buffer;
@property (nonatomic, strong) NSDictionary *metadata;
@end

@implementation PhotoImporter
- (instancetype)init {
    if ((self = [super init])) {
        _ioQueue = dispatch_queue_create("com.example.import.io", DISPATCH_QUEUE_SERIAL);
        _parseQueue = dispatch_queue_create("com.example.import.parse", NULL);
    }
    return self;
}

- (void)read:(NSURL *)url {
    dispatch_async(self.ioQueue, ^{
        self.buffer = [NSData dataWithContentsOfURL:url]; // want `dispatch_async on the serial queue self.ioQueue .*concurrently with another write in -parse \(dispatch_async on the serial queue self.parseQueue.*two different serial queues run at the same time`
    });
}

- (void)parse {
    dispatch_async(self.parseQueue, ^{
        self.buffer = [[NSData alloc] init]; // want `concurrently with another write in -read:`
        self.metadata = @{@"parsed": @YES}; // want `concurrently with another write in -publish \(dispatch_async on the main queue\)`
    });
}

- (void)publish {
    dispatch_async(dispatch_get_main_queue(), ^{
        self.metadata = @{@"published": @YES}; // want `dispatch_async on the main queue, concurrently with another write in -parse`
    });
}
@end

// Nested and indirect sources.
static dispatch_queue_t SharedRenderQueue(void) {
    static dispatch_queue_t queue;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        queue = dispatch_queue_create("com.example.render", DISPATCH_QUEUE_CONCURRENT);
    });
    return queue;
}

@interface Renderer : NSObject
@property (nonatomic, strong) id frame;
@property (nonatomic, copy) NSString *caption;
+ (dispatch_queue_t)captionQueue;
@end

@implementation Renderer
+ (dispatch_queue_t)captionQueue {
    return dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0);
}

- (void)renderFrames:(NSArray *)frames {
    for (id frame in frames) {
        dispatch_async(SharedRenderQueue(), ^{
            self.frame = [frame copy]; // want `the concurrent queue SharedRenderQueue\(\) \(DISPATCH_QUEUE_CONCURRENT, created in SharedRenderQueue\(\)\) inside a loop`
        });
        dispatch_async([Renderer captionQueue], ^{
            self.caption = [frame description]; // want `the concurrent queue \[Renderer captionQueue\] \(dispatch_get_global_queue, returned by \+captionQueue\) inside a loop`
        });
    }
}

// A block dispatched from a block that itself runs many times at once.
- (void)fanOut {
    dispatch_apply(4, dispatch_get_global_queue(0, 0), ^(size_t i) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.frame = [[NSObject alloc] init]; // want `from a block that itself runs many times at once`
        });
    });
}

// A queue in a local variable, a block in a local variable, groups, a new
// serial queue for every iteration, and a barrier on a global queue (which
// is a plain async there).
- (void)variants:(NSArray *)frames {
    dispatch_queue_t q = dispatch_get_global_queue(0, 0);
    dispatch_group_t group = dispatch_group_create();
    dispatch_block_t work = ^{
        self.caption = [NSString stringWithFormat:@"%@ frames in flight", @(frames.count)]; // want `dispatch_async on the concurrent queue q \(dispatch_get_global_queue, set in -variants:\) inside a loop`
    };
    for (id frame in frames) {
        dispatch_async(q, work);
        dispatch_group_async(group, q, ^{
            self.frame = frame; // want `dispatch_group_async on the concurrent queue q.*the value is of unknown kind \(the value of frame is not known\)`
        });
        dispatch_async(dispatch_queue_create("com.example.once", NULL), ^{
            self.caption = [frame description]; // want `dispatch_async on a serial queue \(NULL\) inside a loop, each time on a new queue`
        });
        dispatch_barrier_async(dispatch_get_global_queue(0, 0), ^{
            self.caption = [frame debugDescription]; // want `dispatch_barrier_async on the global concurrent queue inside a loop`
        });
    }
}
@end

// A block on a concurrent queue races with a write whose thread objcleak
// does not know: outside any block (the caller's thread, here the main
// thread of a search field), or in a completion handler.
@interface SearchController : NSObject
@property (nonatomic, strong) NSArray *matches;
@property (nonatomic, copy) NSString *query;
@property (nonatomic, copy) NSString *joined;
@end

@implementation SearchController
- (void)search:(NSString *)text {
    dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
        self.matches = [[NSArray alloc] initWithObjects:text, nil]; // want `nonatomic property matches of SearchController is written from blocks that run at the same time: dispatch_async on the global concurrent queue, concurrently with another write in -cancel \(on the thread of its caller, which objcleak does not know\)` related:"the other write"
        self.query = [text lowercaseString]; // want `concurrently with another write in -load \(in a block whose thread objcleak does not know\)`
    });
}

- (void)cancel {
    self.matches = nil;
}

// The write after the dispatch can overlap the block, and so can the one
// before it in the next iteration of the loop.
- (void)prefetch:(NSArray *)texts {
    for (NSString *text in texts) {
        self.joined = nil;
    }
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        self.joined = [texts componentsJoinedByString:@","]; // want `concurrently with another write in the same method \(on the thread of its caller`
    });
    self.joined = @"";
}

- (void)load {
    [[NSURLSession.sharedSession dataTaskWithURL:[NSURL URLWithString:@"https://example.com"] completionHandler:^(NSData *d, NSURLResponse *r, NSError *e) {
        self.query = [[NSString alloc] initWithData:d encoding:NSUTF8StringEncoding];
    }] resume];
}
@end

// A main-queue block that submits a block to a global queue: the write
// after the submission can overlap the inner block's.
@interface Refresher : NSObject
@property (nonatomic, strong) NSDate *lastDate;
@end

@implementation Refresher
- (void)refresh {
    dispatch_async(dispatch_get_main_queue(), ^{
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.lastDate = [NSDate date]; // want `dispatch_async on the global concurrent queue, concurrently with another write in the same method`
        });
        self.lastDate = [NSDate date]; // want `dispatch_async on the main queue`
    });
}
@end

// The same shape with a method the header declares: other code may call
// it on any thread, so its write can overlap the block's.
@interface Notifier : NSObject {
    NSDate *_lastPost;
}
- (void)postProgress;
@end

@implementation Notifier
- (void)run {
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        self->_lastPost = [NSDate date]; // want `concurrently with another write in -postProgress`
        [self postProgress];
    });
}

- (void)postProgress {
    _lastPost = [NSDate date];
}
@end
