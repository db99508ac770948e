// retaincycle negatives: APIs that run a block and drop it, or keep it only
// until it has run once (SEMANTICS §2, §7). None of these is a cycle, even
// though every block uses self and self owns the receiver.
#import <UIKit/UIKit.h>
#import <Masonry/Masonry.h>

@interface Gallery : UIViewController
@property (nonatomic, strong) NSArray *photos;
@property (nonatomic, strong) UICollectionView *grid;
@property (nonatomic, strong) UIView *banner;
@property (nonatomic, strong) NSURLSession *session;
@property (nonatomic, strong) NSManagedObjectContext *context;
@property (nonatomic, strong) dispatch_queue_t work;
@property (nonatomic, strong) id loader;
- (void)refresh;
@end

@implementation Gallery

// Fine: libdispatch runs these blocks and releases them.
- (void)dispatching {
    dispatch_async(dispatch_get_main_queue(), ^{
        [self refresh];
    });
    dispatch_after(dispatch_time(DISPATCH_TIME_NOW, NSEC_PER_SEC), self.work, ^{
        [self refresh];
    });
    dispatch_sync(self.work, ^{
        [self refresh];
    });
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        [self refresh];
    });
    dispatch_apply(4, self.work, ^(size_t i) {
        [self refresh];
    });
    dispatch_group_t group = dispatch_group_create();
    dispatch_group_async(group, self.work, ^{
        [self refresh];
    });
}

// Fine: enumeration, sorting and filtering run the block before returning.
- (void)collections {
    [self.photos enumerateObjectsUsingBlock:^(id photo, NSUInteger idx, BOOL *stop) {
        [self refresh];
    }];
    NSArray *sorted = [self.photos sortedArrayUsingComparator:^NSComparisonResult(id a, id b) {
        [self refresh];
        return NSOrderedSame;
    }];
    NSIndexSet *picked = [self.photos indexesOfObjectsPassingTest:^BOOL(id obj, NSUInteger idx, BOOL *stop) {
        return obj == self.banner;
    }];
    NSLog(@"%@ %@", sorted, picked);
}

// Fine: UIKit animations and batch updates; Masonry constraint makers.
- (void)layout {
    [UIView animateWithDuration:0.3 animations:^{
        self.banner.alpha = 0;
    } completion:^(BOOL finished) {
        [self refresh];
    }];
    [self.grid performBatchUpdates:^{
        [self.grid reloadData];
    } completion:nil];
    [self.banner mas_makeConstraints:^(MASConstraintMaker *make) {
        make.top.equalTo(self.view);
    }];
    [self.banner mas_updateConstraints:^(MASConstraintMaker *make) {
        make.height.equalTo(self.view);
    }];
    [self.banner mas_remakeConstraints:^(MASConstraintMaker *make) {
        make.edges.equalTo(self.view);
    }];
}

// Fine: one-shot completion handlers are released when the work is done.
- (void)networking {
    NSURLSessionDataTask *task = [self.session dataTaskWithURL:[NSURL URLWithString:@"https://example.com"] completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        [self refresh];
    }];
    [task resume];
    [self.loader fetchPage:2 success:^(id page) {
        [self refresh];
    } failure:^(NSError *error) {
        [self refresh];
    }];
    [self.context performBlock:^{
        [self refresh];
    }];
    [self.context performBlockAndWait:^{
        [self refresh];
    }];
}

// Fine: a block passed to a method nothing is known about.
- (void)unknownMethod {
    [self.loader frobnicate:^{
        [self refresh];
    }];
}

- (void)refresh {
}

// Fine: self in a class method is the class object.
+ (void)warmUp {
    static void (^cached)(void);
    cached = ^{
        [self description];
    };
    cached();
}

@end

// Fine: a property declared only in a category has no ivar; its getter
// returns what another object holds, so the body does not own the world
// through it, and the block the world keeps is no cycle with the body.
@interface World : NSObject
- (void)addCallback:(void (^)(void))block;
@end

@interface Engine : NSObject
@property (nonatomic, strong) NSObject *body;
@end

@interface Body : NSObject
@end

@interface Body (World)
@property (nonatomic, strong) World *world;
@end

@implementation Body {
    Engine *_engine;
}
- (World *)world {
    return (World *)_engine.body;
}
- (void)wake {
    [self.world addCallback:^{
        [self description];
    }];
}
@end

// Still flagged: a category property backed by a strong ivar of the class.
@interface Probe : NSObject {
    World *_world;
}
@end

@interface Probe (World)
@property (nonatomic, strong) World *world;
@end

@implementation Probe
- (World *)world {
    return _world;
}
- (void)wake {
    _world = [World new];
    [self.world addCallback:^{ // want `retain cycle: Probe → `
        [self description];
    }];
}
@end

// Fine: Core Data relationships. The managed object context owns the
// graph of managed objects and breaks its cycles (faults, -reset).
@class Album;

@interface Photo : NSManagedObject
@property (nonatomic, strong) Album *album;
@end

@interface Album : NSManagedObject
@property (nonatomic, strong) Photo *cover;
@end

@implementation Photo
@dynamic album;
- (void)makeCover {
    self.album.cover = self;
}
@end

@implementation Album
@dynamic cover;
@end

// Still flagged: the same shape in plain objects.
@class Shelf;

@interface Book : NSObject
@property (nonatomic, strong) Shelf *shelf;
@end

@interface Shelf : NSObject
@property (nonatomic, strong) Book *featured;
@end

@implementation Book
- (void)feature {
    self.shelf.featured = self; // want `retain cycle: Book → shelf \(strong property\) → featured \(strong property\) → Book`
}
@end

@implementation Shelf
@end

// Fine: AFNetworking 2 request operations keep their success and failure
// blocks in their completion block, which they (and NSOperation) let go
// once it has run. The progress block stays until the operation goes.
@class AFHTTPRequestOperation;

@interface Fetcher : NSObject
@property (nonatomic, strong) AFHTTPRequestOperation *operation;
- (void)finished:(id)response;
@end

@implementation Fetcher
- (void)fetch:(NSURLRequest *)request {
    AFHTTPRequestOperation *op = [[AFHTTPRequestOperation alloc] initWithRequest:request];
    [op setCompletionBlockWithSuccess:^(AFHTTPRequestOperation *operation, id response) {
        [self finished:response];
    } failure:^(AFHTTPRequestOperation *operation, NSError *error) {
        [self finished:nil];
    }];
    [op setDownloadProgressBlock:^(NSUInteger bytes, long long total, long long expected) { // want `retain cycle: Fetcher → operation \(strong property\) → op → passed to -setDownloadProgressBlock: \(stored argument\) → block → self \(captured\)`
        [self finished:nil];
    }];
    self.operation = op;
}
- (void)finished:(id)response {
}
@end
