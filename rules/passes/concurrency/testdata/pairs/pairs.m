// Fixture for TestConcurrent: the blocks of class Pairs, by method.
#import <Foundation/Foundation.h>

@interface Pairs : NSObject
@property (nonatomic, strong) dispatch_queue_t a;
@property (nonatomic, strong) dispatch_queue_t b;
@property (nonatomic, strong) dispatch_queue_t rw;
@end

@implementation Pairs
- (instancetype)init {
    if ((self = [super init])) {
        _a = dispatch_queue_create("a", DISPATCH_QUEUE_SERIAL);
        _b = dispatch_queue_create("b", DISPATCH_QUEUE_SERIAL);
        _rw = dispatch_queue_create("rw", DISPATCH_QUEUE_CONCURRENT);
    }
    return self;
}
- (void)serialA { dispatch_async(self.a, ^{ [self description]; }); }
- (void)serialB { dispatch_async(self.b, ^{ [self description]; }); }
- (void)sameSerial { dispatch_async(_a, ^{ [self description]; }); }
- (void)main { dispatch_async(dispatch_get_main_queue(), ^{ [self description]; }); }
- (void)mainOp { [[NSOperationQueue mainQueue] addOperationWithBlock:^{ [self description]; }]; }
- (void)barrier { dispatch_barrier_async(self.rw, ^{ [self description]; }); }
- (void)reader { dispatch_async(self.rw, ^{ [self description]; }); }
- (void)reader2 { dispatch_async(self.rw, ^{ [self description]; }); }
- (void)loop {
    for (int i = 0; i < 2; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{ [self description]; });
    }
}
- (void)nested {
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        dispatch_sync(self.a, ^{ [self description]; });
        [self description];
    });
}
- (void)asyncChild {
    dispatch_async(dispatch_get_global_queue(0, 0), ^{
        dispatch_async(dispatch_get_global_queue(0, 0), ^{ [self description]; });
        [self description];
    });
}
- (void)unknown:(dispatch_queue_t)q { dispatch_async(q, ^{ [self description]; }); }
@end
