// MRC variant: the timer retains its target under manual reference
// counting exactly as under ARC, and releasing the stored timer in
// -dealloc is no invalidation either.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface LegacyPoller : NSObject {
    NSTimer *_timer;
}
@end

@implementation LegacyPoller
- (id)init {
    if ((self = [super init])) {
        _timer = [[NSTimer scheduledTimerWithTimeInterval:30 target:self selector:@selector(poll:) userInfo:nil repeats:YES] retain]; // want `stored in the ivar _timer\) is invalidated only in -dealloc` related:`invalidated only here, in -dealloc`
    }
    return self;
}

- (void)poll:(NSTimer *)timer {
}

- (void)dealloc {
    [_timer invalidate];
    [_timer release];
    [super dealloc];
}
@end

@interface LegacyBlinker : NSObject {
    NSTimer *_timer;
}
- (void)stop;
@end

@implementation LegacyBlinker
- (void)start {
    // Fine: -stop invalidates it.
    _timer = [[NSTimer scheduledTimerWithTimeInterval:0.5 target:self selector:@selector(blink) userInfo:nil repeats:YES] retain];
}

- (void)stop {
    [_timer invalidate];
    [_timer release];
    _timer = nil;
}

- (void)blink {
}

- (void)dealloc {
    [super dealloc];
}
@end

// The classic MRC singleton: +allocWithZone: keeps the one instance in a
// static and hands it out, so whoever allocates the class gets that
// object, which lives as long as the process: its timer keeps nothing
// alive that would be freed.
static NoticePoller *sharedPoller = nil;

@interface NoticePoller : NSObject
+ (NoticePoller *)Instance;
- (void)startNotice;
@end

@implementation NoticePoller
+ (NoticePoller *)Instance {
    @synchronized(self) {
        if (sharedPoller == nil) {
            [self new];
        }
    }
    return sharedPoller;
}

+ (id)allocWithZone:(NSZone *)zone {
    @synchronized(self) {
        if (sharedPoller == nil) {
            sharedPoller = [super allocWithZone:zone];
            return sharedPoller;
        }
    }
    return nil;
}

- (void)startNotice {
    [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(poll:) userInfo:nil repeats:YES]; // fine: a singleton
}

- (void)poll:(NSTimer *)timer {
}
@end

// The same timer in a class whose +allocWithZone: does not keep what it
// makes: every allocation is a new poller, which the timer never lets go.
@interface FeedPoller : NSObject
- (void)start;
@end

@implementation FeedPoller
+ (id)allocWithZone:(NSZone *)zone {
    return [super allocWithZone:zone];
}

- (void)start {
    [NSTimer scheduledTimerWithTimeInterval:60 target:self selector:@selector(poll:) userInfo:nil repeats:YES]; // want `created in -start, not stored anywhere\) is never invalidated`
}

- (void)poll:(NSTimer *)timer {
}
@end
