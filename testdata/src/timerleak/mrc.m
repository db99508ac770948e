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
